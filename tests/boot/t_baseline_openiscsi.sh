#!/bin/sh
# Baseline: a busybox initramfs logs in with open-iscsi's iscsistart (the
# comparator every benchmark measures against) and reaches the root image.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init baseline_openiscsi
[ -x /usr/sbin/iscsistart ] || rig_skip "open-iscsi's iscsistart not installed"
IQN=iqn.2026-11.org.iscsiroot:baseline
rig_root
rig_target "$IQN" "$WORK/root.img"
cat > "$WORK/login.sh" <<EOS
rig_net_static
rig_mark net
mkdir -p /etc/iscsi /run/lock /var/lock
rig_mark login
iscsistart -i $RIG_IQN_I -t $IQN -g 1 -a 10.0.2.2 -p 3260 || rig_die "iscsistart failed: \$?"
rig_wait_dev /dev/sda 30 || rig_die "no /dev/sda after login"
rig_mark disk
rig_switch /dev/sda
EOS
rig_initramfs "$WORK/initrd" "$WORK/login.sh" /usr/sbin/iscsistart:/sbin/iscsistart
rig_qemu "$WORK/initrd" ""
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sda" "root image not reached through open-iscsi's iscsistart"
echo "login-to-disk: $(rig_markt login) -> $(rig_markt disk) s guest uptime"
rig_pass
