#!/bin/sh
# Two portals for one target (two netroot= with the same name), the first
# dead (nothing listens on 10.0.2.2:3261): iscsistart --cmdline fails over to
# the second and records it in root.conf.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/conf_lib.sh"
rig_init conf_failover
conf_need_cmdline
IQN=iqn.2026-11.org.iscsiroot:failover
rig_root
rig_target "$IQN" "$WORK/root.img"
conf_login_script "$WORK/login.sh" rig_net_static
rig_initramfs "$WORK/initrd" "$WORK/login.sh" "$B/iscsistart:/sbin/iscsistart"
rig_qemu "$WORK/initrd" "netroot=iscsi:10.0.2.2::3261:1:$IQN netroot=iscsi:10.0.2.2::3260:1:$IQN rd.iscsi.initiator=$RIG_IQN_I rd.iscsiroot.login_timeout=5"
rig_expect "10.0.2.2:3261" "the dead portal was not tried (or not reported)"
rig_expect "ROOTCONF: PORTAL='10.0.2.2:3260'" "root.conf does not name the live portal"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sd" "root not reached after failover"
rig_pass
