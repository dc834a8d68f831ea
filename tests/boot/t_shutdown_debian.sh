#!/bin/sh
# Issue 6, test 3: a full Debian 12 root (systemd as init, systemd-networkd
# with DHCP on eth0) on an iSCSI LUN shuts down with `systemctl poweroff` and
# boots again, three times on the same image, without hanging and with the
# file system clean each time.
#
# Each boot: a busybox initramfs logs in with our iscsistart alone (it leaves
# the "@iscsistart" recovery daemon running), runs root-pin --sysroot /newroot
# and hands /run to the real root; there iscsiroot-pin.service (installed with
# the helpers in /usr/lib/iscsiroot, enabled in sysinit.target) runs root-pin
# again. The guest prints root-pin --check (must exit 0) and the daemon's
# VmRSS, writes /data/boot-N with fsync, reads every earlier boot's file back,
# and calls systemctl poweroff. Checked per boot (see shutlib.sh):
#   - the VM powers off by itself (kernel "reboot: Power down", no panic)
#     within SHUT_TIMEOUT, and the shutdown itself (poweroff mark to the
#     systemd-shutdown hook) within SHUT_DOWN_MAX guest seconds;
#   - systemd did not kill the daemon: a systemd-shutdown hook, which runs
#     after systemd's last SIGTERM/SIGKILL round and the final remount
#     read-only, still finds @iscsistart with the same PID, the session
#     LOGGED_IN and / read-only; the daemon never logged a signal or an exit;
#   - no connection failure, I/O error or failed unmount on the console;
#   - host side with tgtd down: dumpe2fs state clean without needs_recovery,
#     e2fsck -fn exits 0, every /data/boot-K equals what boot K wrote;
#   - the next boot's kernel mounts the root without journal recovery.
#
# Control (by hand, not in make check): SHUT_CONTROL=1 removes root-pin's
# networkd drop-in (/run/systemd/network/*.network.d/99-iscsiroot.conf) before
# switch_root; see the result noted at the end of this header.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init shutdown_debian debian
. "$RIG_TOP/tests/boot/shutlib.sh"
shut_check_build
shut_image
shut_initramfs
: > "$WORK/md5.list"
if [ "${SHUT_CONTROL:-0}" = 1 ]; then
	shut_control || rig_fail "control: the VM powered off without the drop-in"
	echo "control: without the networkd drop-in the system hangs during $SHUT_HUNG"
	rig_pass
fi
times=
for boot in $(seq 1 "${SHUT_BOOTS:-3}"); do
	shut_boot "$boot"
	shut_daemon_survived "$boot"
	rig_expect '^SHUT-RC check 0' "boot $boot: root-pin --check in the Debian root did not exit 0"
	rig_reject '^SHUT-RC check [^0]' "boot $boot: root-pin --check failed"
	rss=$(grep '^SHUT-ROLLUP' "$WORK/serial.log")
	echo "boot $boot: ${SHUT_BOOT_MS} ms wall (boot + shutdown), shutdown ${SHUT_DOWN_S} s guest time; daemon $(shut_field SHUT-EXE 2) pid $(shut_val SHUT-DAEMON pid) smaps_rollup: ${rss#SHUT-ROLLUP }"
	times="$times ${SHUT_BOOT_MS}ms"
done
echo "${SHUT_BOOTS:-3} boots on the same image, each clean:$times"
rig_pass
