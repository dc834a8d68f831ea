#!/bin/sh
# Mutual CHAP: a target that cannot prove the expected secret is refused
# (clear message), then the right pair logs in and the root is reached.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init istart_mutual
rig_need_helpers iscsistart
IQN=iqn.2026-11.org.iscsiroot:mutual
rig_root
rig_target "$IQN" "$WORK/root.img"
rig_chap rootuser Rootsecret-1234 tgtuser Targetsecret-5678
cat > "$WORK/login.sh" <<EOS
rig_net_static
rig_iscsistart $IQN -u rootuser -w Rootsecret-1234 -U tgtuser -W Notthetarget-000
echo "BAD-TARGET-SECRET rc=\$?"
rig_login $IQN -u rootuser -w Rootsecret-1234 -U tgtuser -W Targetsecret-5678
rig_switch /dev/sda
EOS
rig_initramfs "$WORK/initrd" "$WORK/login.sh" "$B/iscsistart:/sbin/iscsistart"
rig_qemu "$WORK/initrd" ""
rig_expect "BAD-TARGET-SECRET rc=1[[:space:]]*$" "an unproven target was accepted"
rig_reject "secret-[0-9]" "a secret was printed"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sda" "root not reached with mutual CHAP"
rig_pass
