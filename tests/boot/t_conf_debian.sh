#!/bin/sh
# A Debian-style command line (iscsi_initiator, iscsi_target_name,
# iscsi_target_ip, iscsi_target_port, iscsi_target_group) plus CHAP from the
# Debian file /etc/iscsi.initramfs inside the image: no LUN is given, so
# ROOTDEV is the lowest LUN with a disk (the root image at LUN 1).
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/conf_lib.sh"
rig_init conf_debian
conf_need_cmdline
IQN=iqn.2026-11.org.iscsiroot:debian
rig_root
rig_target "$IQN" "$WORK/root.img"
rig_chap bob 0therpass22
conf_login_script "$WORK/login.sh" "rig_net_static
printf '%s\n' 'ISCSI_USERNAME=bob' \"ISCSI_PASSWORD='0therpass22'\" > /etc/iscsi.initramfs"
rig_initramfs "$WORK/initrd" "$WORK/login.sh" "$B/iscsistart:/sbin/iscsistart"
rig_qemu "$WORK/initrd" "iscsi_initiator=$RIG_IQN_I iscsi_target_name=$IQN iscsi_target_ip=10.0.2.2 iscsi_target_port=3260 iscsi_target_group=1"
rig_expect "ROOTCONF: TARGET='$IQN'" "root.conf lacks the target"
rig_expect "ROOTCONF: TPGT='1'" "root.conf lacks the portal group"
rig_expect "ROOTCONF: LUN='1'" "root.conf does not name the LUN found (the lowest with a disk)"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sd" "root not reached through ROOTDEV"
rig_reject "0therpass22" "the CHAP secret reached the console"
rig_pass
