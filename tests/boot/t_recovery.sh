#!/bin/sh
# Recovery daemon (issue 6, test 1): after the root is mounted, tgtd is
# stopped for 30 s and started again. A file is written block by block with
# fsync before, during and after the outage; every acknowledged block must be
# on the LUN byte for byte (checked in the guest after dropping caches, and on
# the host in the image after power-off), no I/O error may reach the guest.
# Reports the I/O resume time after the target is back and the daemon's RSS.
# With RECOVERY_KIND=link (t_recovery_link.sh) the outage is the guest's link
# going down for 20 s (QEMU monitor set_link) instead (issue 6, test 2).
# The session uses mutual CHAP, so the daemon's relogin authenticates too.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
KIND=${RECOVERY_KIND:-target}
if [ "$KIND" = link ]; then
	rig_init recovery_link
	rig_need_cmds socat     # the QEMU monitor
else
	rig_init recovery
fi
rig_need_helpers iscsistart
IQN=iqn.2026-11.org.iscsiroot:recovery
if [ "$KIND" = link ]; then OUTAGE=${OUTAGE:-20}; else OUTAGE=${OUTAGE:-30}; fi
rig_root
cat > "$WORK/io.sh" <<'EOS'
# runs in the real root (sourced by its /sbin/init)
up() { cut -d' ' -f1 /proc/uptime; }
blk() { yes "blk-$(printf %05d "$1")-" | tr -d '\n' | head -c 4096; }
put() { blk "$1" | dd of=/data/f bs=4096 seek="$1" count=1 conv=notrunc,fsync 2>/dev/null; }
# the daemon re-executes itself from this root's copy within ~2 s of the switch
n=0
while [ $n -lt 100 ]; do
	DPID=
	for p in /proc/[0-9]*; do
		case $(tr '\0' ' ' < "$p/cmdline" 2>/dev/null) in @*) DPID=${p#/proc/};; esac
	done
	[ -n "$DPID" ] && [ "$(readlink "/proc/$DPID/exe")" = /usr/lib/iscsiroot/iscsistart ] && break
	n=$((n + 1)); sleep 0.1
done
[ -n "$DPID" ] && echo "DAEMON pid=$DPID exe=$(readlink "/proc/$DPID/exe") root=$(readlink "/proc/$DPID/root") $(grep -e '^Rss' -e '^Pss:' "/proc/$DPID/smaps_rollup" | tr -s ' \n' ' ')"
i=0
while [ $i -lt 5 ]; do put $i || echo "IO-FAIL $i"; i=$((i + 1)); done
echo "RECOVERY-READY $(up)"
t0=$(up)
while :; do
	put $i || echo "IO-FAIL $i"
	echo "IO $i $(up)"
	i=$((i + 1))
	awk -v a="$t0" -v b="$(up)" 'BEGIN { exit !(b - a > 45) }' && [ $i -gt 20 ] && break
	sleep 0.5
done
sync
echo 3 > /proc/sys/vm/drop_caches
n=0; bad=0
while [ $n -lt $i ]; do
	[ "$(dd if=/data/f bs=4096 skip=$n count=1 2>/dev/null)" = "$(blk $n)" ] || { bad=$((bad + 1)); echo "VERIFY-BAD block $n"; }
	n=$((n + 1))
done
echo "VERIFY blocks=$i bad=$bad"
echo "IO-ERRORS $(dmesg | grep -c -i -e 'I/O error' -e 'rejecting I/O')"
# smaps_rollup walks the page tables; VmRSS in status lags (per-task counters)
[ -n "${DPID:-}" ] && echo "DAEMON-AFTER $(grep -e '^Rss' -e '^Pss:' "/proc/$DPID/smaps_rollup" | tr -s ' \n' ' ') $(grep -e VmHWM -e VmLck "/proc/$DPID/status" | tr -s ' \n\t' ' ')"
echo "BLOCKS $i"
EOS
rig_root_add "$WORK/root.img" "$WORK/io.sh" /rig/test.sh
# the installed copy the daemon re-executes from after the switch-root
for d in /usr /usr/lib /usr/lib/iscsiroot; do debugfs -w -R "mkdir $d" "$WORK/root.img" >/dev/null 2>&1; done
rig_root_add "$WORK/root.img" "$B/iscsistart" /usr/lib/iscsiroot/iscsistart
debugfs -w -R "sif /usr/lib/iscsiroot/iscsistart mode 0100755" "$WORK/root.img" >/dev/null 2>&1
rig_target "$IQN" "$WORK/root.img"
# mutual CHAP: the daemon's relogin must authenticate (and check the target) too
rig_chap rootuser Rootsecret-1234 tgtuser Targetsecret-5678
cat > "$WORK/login.sh" <<EOS
rig_net_static
rig_login $IQN -u rootuser -w Rootsecret-1234 -U tgtuser -W Targetsecret-5678
rig_switch /dev/sda
EOS
rig_initramfs "$WORK/initrd" "$WORK/login.sh" "$B/iscsistart:/sbin/iscsistart"
RIG_QEMU_ASYNC=1 rig_qemu "$WORK/initrd" ""
i=0
until grep -q "^RECOVERY-READY" "$WORK/serial.log"; do
	i=$((i + 1)); [ $i -gt 1200 ] && rig_fail "guest never got ready"; sleep 0.1
	kill -0 "$QEMU_PID" 2>/dev/null || { rig_qemu_wait; rig_fail "guest stopped early"; }
done
if [ "$KIND" = link ]; then
	rig_log "guest link down for $OUTAGE s"
	rig_monitor "set_link n0 off"
	sleep "$OUTAGE"
	rig_monitor "set_link n0 on"
else
	rig_log "stopping tgtd for $OUTAGE s"
	rig_target_down
	sleep "$OUTAGE"
	rig_target_up
fi
t_up=$(date +%s%N)
n0=$(grep -c '^IO ' "$WORK/serial.log")
i=0
while [ "$(grep -c '^IO ' "$WORK/serial.log")" -le "$n0" ]; do
	i=$((i + 1)); [ $i -gt 1200 ] && break; sleep 0.02
done
t_io=$(date +%s%N)
rig_qemu_wait
resume_ms=$(( (t_io - t_up) / 1000000 ))
blocks=$(awk '$1 == "BLOCKS" { print $2 }' "$WORK/serial.log")
rig_expect "^DAEMON pid=[0-9]* exe=/usr/lib/iscsiroot/iscsistart root=/ " \
	"the daemon did not re-execute itself from the real root"
rig_expect "^VERIFY blocks=[0-9]* bad=0" "data lost or corrupted (guest view)"
rig_expect "^IO-ERRORS 0" "I/O errors reached the guest"
rig_reject "^IO-FAIL" "a write failed"
rig_reject "secret-[0-9]" "a secret was printed"
if [ "$KIND" = target ]; then
	rig_expect "connection .* failed" "daemon did not log the connection error"
	rig_expect "recovered in" "daemon did not log the recovery"
fi
# host view: the image after power-off
debugfs -R "dump /data/f $WORK/f.out" "$WORK/root.img" >/dev/null 2>&1 || rig_fail "cannot read /data/f from the image"
n=0
while [ "$n" -lt "${blocks:-0}" ]; do
	yes "blk-$(printf %05d "$n")-" | tr -d '\n' | head -c 4096 > "$WORK/blk"
	dd if="$WORK/f.out" bs=4096 skip="$n" count=1 2>/dev/null | cmp -s - "$WORK/blk" ||
		rig_fail "block $n differs in the image"
	n=$((n + 1))
done
[ "${blocks:-0}" -gt 20 ] || rig_fail "too few blocks written ($blocks)"
echo "resume after the $KIND is back: ${resume_ms} ms (host-side, 20 ms polling)"
grep -e '^DAEMON' -e 'recovered in' -e 'reconnected' "$WORK/serial.log"
rig_pass
