#!/bin/sh
# Issue 6, test 4: the Debian root of t_shutdown_debian.sh, one boot, with the
# "@iscsistart" recovery daemon killed on purpose in the running system.
# root-pin --check must then exit 1 and name the missing daemon on the
# console; the system must still power off cleanly (nothing else depends on
# the daemon while the connection is healthy): kernel power-down, file
# system clean on the host, the file written with fsync intact.
# The systemd-shutdown hook must find no daemon, which shows that its positive
# report in t_shutdown_debian.sh is not a false one.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init shutdown_daemon_killed debian
. "$RIG_TOP/tests/boot/shutlib.sh"
shut_check_build
SHUT_KILL=1
shut_image
shut_initramfs
: > "$WORK/md5.list"
shut_boot 1
dpid=$(shut_val SHUT-DAEMON pid)
[ "$(shut_val SHUT-KILLED pid)" = "$dpid" ] && [ "$(shut_val SHUT-KILLED gone)" = yes ] ||
	rig_fail "the daemon (pid $dpid) was not killed: $(grep '^SHUT-KILLED' "$WORK/serial.log")"
# the daemon's own word on the signal, also from a copy re-executed from the
# real root (--resume-daemon)
grep -q 'recovery daemon for session [0-9]* stopped by signal 15' "$WORK/serial.log" ||
	rig_fail "the killed daemon did not say why it stopped (exe $(shut_field SHUT-EXE 2))"
rig_expect '^SHUT-RC check 1' "root-pin --check did not exit 1 with the daemon gone"
rig_expect '^daemon  *@iscsistart  *MISSING' "root-pin --check did not name the missing @iscsistart daemon"
[ "$(shut_val SHUT-HOOK daemon)" = none ] ||
	rig_fail "the shutdown hook still saw a daemon: $(grep '^SHUT-HOOK' "$WORK/serial.log")"
grep -e '^daemon ' -e '^SHUT-KILLED' -e '^SHUT-RC check' "$WORK/serial.log"
echo "boot: ${SHUT_BOOT_MS} ms wall, shutdown ${SHUT_DOWN_S} s guest time"
rig_pass
