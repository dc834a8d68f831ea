#!/bin/sh
# Baseline: a busybox initramfs logs in with open-iscsi's iscsistart (the
# comparator every benchmark measures against) and reaches the root image.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init baseline_openiscsi
rig_need_openiscsi
IQN=iqn.2026-11.org.iscsiroot:baseline
rig_root
rig_target "$IQN" "$WORK/root.img"
cat > "$WORK/login.sh" <<EOS
rig_net_static
rig_mark net
rig_login -p 3260 -d /dev/sda $IQN
rig_switch /dev/sda
EOS
rig_initramfs "$WORK/initrd" "$WORK/login.sh" /usr/sbin/iscsistart:/sbin/iscsistart
rig_qemu "$WORK/initrd" ""
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sda" "root image not reached through open-iscsi's iscsistart"
echo "login-to-disk: $(rig_markt login) -> $(rig_markt disk) s guest uptime"
rig_pass
