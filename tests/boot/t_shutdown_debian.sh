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
# again. The daemon, finding /usr/lib/iscsiroot/iscsistart in the real root,
# re-executes itself from there (releasing the initramfs). The guest prints
# root-pin --check (must exit 0) and the daemon's memory (smaps_rollup),
# writes /data/boot-N with fsync, reads every earlier boot's file back, and
# calls systemctl poweroff. Checked per boot (see shutlib.sh):
#   - the VM powers off by itself (kernel "reboot: Power down", no panic)
#     within SHUT_TIMEOUT, and the shutdown itself (poweroff mark to the
#     systemd-shutdown hook) within SHUT_DOWN_MAX guest seconds;
#   - systemd did not kill the daemon: a systemd-shutdown hook, which runs
#     after systemd's last SIGTERM/SIGKILL round and the final remount
#     read-only, still finds @iscsistart with the PID the test saw, the
#     session LOGGED_IN and / read-only; no signal or exit was logged by the
#     daemon (a re-executed copy logs no signal: the PID check is the proof);
#   - no connection failure, I/O error or failed unmount on the console;
#   - host side with tgtd down: dumpe2fs state clean without needs_recovery,
#     e2fsck -fn exits 0, every /data/boot-K equals what boot K wrote;
#   - the next boot's kernel mounts the root without journal recovery.
#
# Boot 2 also goes through a target outage (SHUT_OUTAGE=10 s, boot
# SHUT_OUTAGE_BOOT=2; SHUT_OUTAGE=0 turns it off): the guest drops its caches
# and writes with fsync while tgtd is down; the daemon re-executed from the
# real root must log the failure and the recovery, the write must return and
# be on the LUN byte for byte, and that boot must still shut down cleanly.
# Other knobs: SHUT_BOOTS (3), SHUT_TIMEOUT (240 s per boot, host),
# SHUT_DOWN_MAX (60 s, guest), SHUT_ISTART_ARGS (extra iscsistart options).
#
# Control (by hand, not in make check): SHUT_CONTROL=1 removes root-pin's
# networkd drop-in (/run/systemd/network/*.network.d/99-iscsiroot.conf) before
# switch_root and masks iscsiroot-pin.service (systemd.mask=, else root-pin in
# the real root writes the drop-in again before networkd starts: the first
# control attempt without the mask powered off cleanly for that reason). It
# passes when the system hangs. Seen here (Debian 12, systemd 252, TCG): it
# hangs before the poweroff is even reached. networkd, without
# KeepConfiguration=yes, removes the address the initramfs put on eth0 when it
# starts; from then on I/O to / blocks (recovery_tmo 86400 s) and jobs such as
# systemd-logind and e2scrub_reap wait for ever. With
# SHUT_ISTART_ARGS="-P node.conn[0].timeo.noop_out_interval=5
# -P node.conn[0].timeo.noop_out_timeout=5" the daemon logs "NOP timed out"
# about 40 s after the switch and then "Network unreachable" on every
# reconnect attempt: the address never comes back (networkd's DHCP never
# completes while / is blocked). With iscsistart's default (NOP-Out off) no
# connection error is reported at all.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init shutdown_debian debian
SHUT_OUTAGE=${SHUT_OUTAGE-10}
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
	[ "$SHUT_OUTAGE" -gt 0 ] && [ "$boot" = "$SHUT_OUTAGE_BOOT" ] &&
		echo "boot $boot: ${SHUT_OUTAGE} s target outage: the write returned ${SHUT_RESUME_MS} ms after tgtd was back; $(grep -o 'recovered in [0-9]* ms' "$WORK/serial.log" | head -n 1)"
	echo "boot $boot: ${SHUT_BOOT_MS} ms wall (boot + shutdown), shutdown ${SHUT_DOWN_S} s guest time; daemon $(shut_field SHUT-EXE 2) pid $(shut_val SHUT-DAEMON pid) smaps_rollup: ${rss#SHUT-ROLLUP }"
	times="$times ${SHUT_BOOT_MS}ms"
done
echo "${SHUT_BOOTS:-3} boots on the same image, each clean:$times"
rig_pass
