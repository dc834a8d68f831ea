#!/bin/sh
# CHAP: a wrong secret fails with a clear message on the console and the
# documented exit code (and leaves no session in the kernel), then the right
# secret logs in and the root is reached. The secret never appears on the console.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init istart_chap
rig_need_helpers iscsistart
IQN=iqn.2026-11.org.iscsiroot:chap
rig_root
rig_target "$IQN" "$WORK/root.img"
rig_chap rootuser Rootsecret-1234
cat > "$WORK/login.sh" <<EOS
rig_net_static
rig_iscsistart $IQN -u rootuser -w Wrongsecret-999
echo "WRONG-SECRET rc=\$?"
echo "SESSIONS-AFTER-FAILURE \$(ls /sys/class/iscsi_session | wc -l)"
rig_login $IQN -u rootuser -w Rootsecret-1234
rig_switch /dev/sda
EOS
rig_initramfs "$WORK/initrd" "$WORK/login.sh" "$B/iscsistart:/sbin/iscsistart"
rig_qemu "$WORK/initrd" ""
rig_expect "WRONG-SECRET rc=1[[:space:]]*$" "wrong secret did not exit 1"
rig_expect "iscsiroot: iscsistart: .*auth" "no clear authentication failure message"
rig_expect "SESSIONS-AFTER-FAILURE 0" "failed login left a session in the kernel"
rig_reject "Wrongsecret-999" "the wrong secret was printed"
rig_reject "Rootsecret-1234" "the secret was printed"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sda" "root not reached with CHAP"
rig_pass
