#!/bin/sh
# A dracut-style command line (root=iscsi: with CHAP in the root-path,
# rd.iscsi.initiator, rd.iscsi.param) read by iscsistart --cmdline: login,
# /run/iscsiroot/root.conf with ROOTDEV, root reached through it.
# The target has a decoy disk at LUN 1 and the root at LUN 2: ROOTDEV must be
# the LUN the root-path names.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/conf_lib.sh"
rig_init conf_dracut
conf_need_cmdline
IQN=iqn.2026-11.org.iscsiroot:dracut
rig_root
rig_blank "$WORK/decoy.img" 8M
rig_target "$IQN" "$WORK/decoy.img" "$WORK/root.img"
rig_chap alice s3cretpass1
conf_login_script "$WORK/login.sh" rig_net_static
rig_initramfs "$WORK/initrd" "$WORK/login.sh" "$B/iscsistart:/sbin/iscsistart"
rig_qemu "$WORK/initrd" "root=iscsi:alice:s3cretpass1@10.0.2.2::3260:2:$IQN rd.iscsi.initiator=$RIG_IQN_I rd.iscsi.param=node.session.timeo.replacement_timeout=86400"
rig_expect "ROOTCONF: TARGET='$IQN'" "root.conf lacks the target"
rig_expect "ROOTCONF: LUN='2'" "root.conf lacks LUN 2"
rig_expect "ROOTCONF: PORTAL='10.0.2.2:3260'" "root.conf lacks the portal"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sd" "root not reached through ROOTDEV"
rig_reject "s3cretpass1" "the CHAP secret reached the console"
rig_pass
