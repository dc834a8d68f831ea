#!/bin/sh
# root-pin against a real kernel: open-iscsi's iscsistart logs in from a busybox
# initramfs, a stand-in recovery daemon (argv[0] "@iscsistart") is started,
# root-pin runs before switch_root (--sysroot) and again in the real root.
# Checks that the sysfs walk finds the session under / on a real kernel, that
# recovery_tmo and the disk timeout really change in sysfs, that --check passes
# afterwards, and that killing the daemon makes --check fail naming it.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init rootpin_check
rig_need_openiscsi
rig_need_helpers -f root-pin
RP=$B/root-pin
rig_need_cmds musl-gcc
IQN=iqn.2026-11.org.iscsiroot:rootpin

# A stand-in for the recovery daemon: re-executes itself as "@iscsistart" and
# waits (the real one comes from iscsistart; only argv[0] matters here).
cat > "$WORK/faked.c" <<'EOC'
#include <unistd.h>
int main(int c, char **v)
{
	char *a[] = { "@iscsistart", "--stand-in", 0 };
	(void)c;
	if (v[0][0] != '@')
		execv("/proc/self/exe", a);
	for (;;)
		pause();
}
EOC
musl-gcc -static -Os -o "$WORK/faked" "$WORK/faked.c" || rig_fail "cannot build the stand-in daemon"

rig_root "$WORK/root.img"
cat > "$WORK/test.sh" <<'EOS'
mkdir -p /run && mount -t tmpfs run /run
echo "PIN-STAGE root"
/rig/root-pin --check; echo "PIN-RC root-check1 $?"
/rig/root-pin; echo "PIN-RC root-apply $?"
/rig/root-pin --check; echo "PIN-RC root-check2 $?"
echo "PIN-TMO $(cat /sys/class/iscsi_session/session*/recovery_tmo) DISK $(cat /sys/block/sda/device/timeout)"
echo "PIN-SENDSIGS $(cat /run/sendsigs.omit.d/iscsiroot)"
kill "$(cat /rig-daemon.pid 2>/dev/null || pidof faked)" 2>/dev/null
for p in /proc/[0-9]*; do
	a=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null)
	case $a in @iscsistart*) kill "${p#/proc/}" ;; esac
done
sleep 0.3
/rig/root-pin --check; echo "PIN-RC root-check-killed $?"
EOS
rig_root_add "$WORK/root.img" "$RP" /rig/root-pin
rig_root_add "$WORK/root.img" "$WORK/test.sh" /rig/test.sh
debugfs -w -R "sif /rig/root-pin mode 0100755" "$WORK/root.img" >/dev/null 2>&1 ||
	rig_fail "cannot make /rig/root-pin executable"
rig_target "$IQN" "$WORK/root.img"

cat > "$WORK/login.sh" <<EOS
rig_net_static
rig_login -p 3260 -d /dev/sda $IQN
/sbin/faked &
sleep 0.3
mount -t ext4 /dev/sda /newroot || rig_die "cannot mount /dev/sda"
echo "PIN-STAGE initramfs"
/sbin/root-pin -n --sysroot /newroot; echo "PIN-RC initramfs-dry \$?"
echo "PIN-STAGE initramfs-apply"
/sbin/root-pin --sysroot /newroot; echo "PIN-RC initramfs-apply \$?"
rig_mark switch
umount /proc /sys 2>/dev/null
exec switch_root /newroot /sbin/init
EOS
rig_initramfs "$WORK/initrd" "$WORK/login.sh" /usr/sbin/iscsistart:/sbin/iscsistart \
	"$RP:/sbin/root-pin" "$WORK/faked:/sbin/faked"
rig_qemu "$WORK/initrd" ""
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sda" "root image not reached"

log=$WORK/serial.log
rc() { tr -d '\r' < "$log" | awk -v n="$1" '$1 == "PIN-RC" && $2 == n { print $3; exit }'; }
# the table line "PROTECTION OBJECT STATE" printed after a stage marker
# (column 3, or $4 when the object has two words: "pid 135")
st() { tr -d '\r' < "$log" | awk -v s="$1" -v w="$2" -v o="$3" -v c="${4:-3}" '$1 == "PIN-STAGE" { in_ = ($2 == s) } in_ && $1 == w && $2 == o { print $c; exit }'; }

[ "$(rc initramfs-dry)" = 0 ] || rig_fail "root-pin -n in the initramfs exited $(rc initramfs-dry)"
grep -q '^root  */newroot  *ok  */newroot on 8:0 sda (session1)' "$log" ||
	rig_fail "initramfs: /newroot not traced to sda (session1)"
grep -q 'would do:' "$log" || rig_fail "initramfs: no plan printed by -n"
[ "$(rc initramfs-apply)" = 0 ] || rig_fail "root-pin in the initramfs exited $(rc initramfs-apply)"
[ "$(st initramfs-apply recovery_tmo session1)" = fixed ] || rig_fail "initramfs: recovery_tmo not fixed"
[ "$(st initramfs-apply disk-timeout sda)" = fixed ] || rig_fail "initramfs: disk timeout not fixed"
[ "$(st initramfs-apply nic session1)" = ok ]
[ "$(st initramfs recovery_tmo session1)" = would-fix ] || rig_fail "initramfs: -n did not plan recovery_tmo" || rig_fail "initramfs: NIC of session1 not found"

grep -q '^root  */  *ok  */ on 8:0 sda (session1)' "$log" || rig_fail "real root: / not traced to session1"
# /run was not carried over by this rig: only sendsigs is missing in the real root
[ "$(rc root-check1)" = 1 ] || rig_fail "first --check in the real root exited $(rc root-check1), want 1"
[ "$(st root sendsigs pid 4)" = MISSING ] || rig_fail "real root: sendsigs should be missing before apply"
[ "$(st root recovery_tmo session1)" = ok ] || rig_fail "real root: recovery_tmo set in the initramfs did not stay"
[ "$(rc root-apply)" = 0 ] || rig_fail "root-pin in the real root exited $(rc root-apply)"
[ "$(rc root-check2)" = 0 ] || rig_fail "--check after applying exited $(rc root-check2)"
grep -q '^PIN-TMO 86400 DISK 180' "$log" || rig_fail "sysfs values not as written: $(grep PIN-TMO "$log")"
grep -q '^PIN-SENDSIGS [0-9]' "$log" || rig_fail "no PID in /run/sendsigs.omit.d/iscsiroot"
[ "$(rc root-check-killed)" = 1 ] || rig_fail "--check with the daemon killed exited $(rc root-check-killed), want 1"
grep -q '^daemon  *@iscsistart  *MISSING  *no recovery daemon' "$log" ||
	rig_fail "--check did not name the missing daemon"
rig_pass
