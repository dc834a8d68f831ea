# Shared by t_shutdown_debian.sh and t_shutdown_daemon_killed.sh (issue 6,
# tests 3 and 4): a full Debian 12 root (systemd, systemd-networkd) on an iSCSI
# LUN, reached through a busybox initramfs that logs in with our iscsistart
# alone (build/iscsistart, which leaves the "@iscsistart" recovery daemon
# running) and runs root-pin --sysroot before switch_root. POSIX sh, sourced
# after lib.sh and `rig_init NAME debian`.
#
#   shut_image              $WORK/root.img: the Debian root plus our helpers in
#                           /usr/lib/iscsiroot, iscsiroot-pin.service enabled in
#                           sysinit.target, a systemd-shutdown hook and /rig/test.sh
#   shut_initramfs          $WORK/initrd
#   shut_boot N             boot N (1, 2, ...) of the same image; checks everything
#                           a clean boot and power-off must show; stops tgtd after
#   shut_fs_clean N         host side, tgtd down: e2fsck -fn, dumpe2fs state, and
#                           /data/boot-1..N byte for byte (md5 noted by the guest)
#
# Guest markers (serial console):
#   SHUT-BOOT N             which boot this is (counted from /data/boot-* files)
#   SHUT-EXT4 ...           the kernel's ext4 lines for the root (mount, recovery)
#   SHUT-DAEMON pid=P oom_score_adj=A VmHWM: VmRSS: RssAnon: RssFile: VmLck: (/proc/P/status)
#   SHUT-ROLLUP Rss: Pss: ... Locked:   /proc/P/smaps_rollup (status' VmRSS lags: the
#                           kernel syncs its per-task RSS counters only now and then)
#   SHUT-EXE PATH           /proc/P/exe of the daemon (re-executed from the real root?)
#   SHUT-SMAPS RANGE PERM PATH Size:.. Rss:.. Locked:..   each mapping of the daemon
#   SHUT-SENDSIGS PIDS      /run/sendsigs.omit.d/iscsiroot (root-pin's record)
#   SHUT-PINUNIT ...        iscsiroot-pin.service as systemd saw it
#   SHUT-RC check R         root-pin --check exit status (its table precedes it)
#   SHUT-KILLED pid=P gone=yes|no   (SHUT_KILL=1 only)
#   SHUT-WROTE N MD5        /data/boot-N written with conv=fsync
#   SHUT-MD5 MD5 PATH       every /data/boot-* read back (previous boots' too)
#   SHUT-HOOK poweroff uptime=U daemon=P|none session=STATE root=ro|rw
#                           from /usr/lib/systemd/system-shutdown/, i.e. after
#                           systemd's last SIGTERM/SIGKILL round and the final
#                           umount/remount-ro, right before reboot(2)
# SPDX-License-Identifier: GPL-2.0-or-later

SHUT_IQN=iqn.2026-11.org.iscsiroot:shutdown
SHUT_TIMEOUT=${SHUT_TIMEOUT:-240}      # whole boot + power-off, per boot (TCG)
SHUT_DOWN_MAX=${SHUT_DOWN_MAX:-60}     # guest seconds from `systemctl poweroff` to reboot(2)
SHUT_KILL=${SHUT_KILL:-0}
SHUT_OUTAGE=${SHUT_OUTAGE:-0}          # seconds tgtd is down during boot SHUT_OUTAGE_BOOT (0: none)
SHUT_OUTAGE_BOOT=${SHUT_OUTAGE_BOOT:-2}
SHUT_KARGS=${SHUT_KARGS:-}             # more kernel arguments for shut_boot
SHUT_GEN=${SHUT_GEN:-}                 # set: $WORK/initrd comes from a generator, not shut_initramfs
                                       # (its ISTART:/SHUT-RC initramfs markers are not expected)
SHUT_BOOT_MS=

shut_check_build() {
	rig_need_helpers iscsistart root-pin
	command -v debugfs >/dev/null && command -v e2fsck >/dev/null ||
		rig_skip "e2fsprogs (debugfs, e2fsck) missing"
}

# shut_put IMG SRC DST MODE: a host file into the ext4 image with an exact mode
shut_put() {
	rig_root_add "$1" "$2" "$3"
	debugfs -w -R "sif $3 mode 0$4" "$1" >/dev/null 2>&1 || rig_fail "cannot chmod $3 in the image"
}

shut_image() {
	img=$WORK/root.img
	rig_debian_root "$img"
	for d in /usr/lib/iscsiroot /etc/systemd/system/sysinit.target.wants \
		/usr/lib/systemd/system-shutdown; do
		debugfs -w -R "mkdir $d" "$img" >/dev/null 2>&1
	done
	# the helpers as `make install` lays them out
	for h in "$B"/*; do
		[ -f "$h" ] && [ -x "$h" ] || continue
		shut_put "$img" "$h" "/usr/lib/iscsiroot/${h##*/}" 100755
	done
	shut_put "$img" "$RIG_TOP/conf/root-pin/iscsiroot-pin.service" \
		/usr/lib/systemd/system/iscsiroot-pin.service 100644
	debugfs -w -R "symlink /etc/systemd/system/sysinit.target.wants/iscsiroot-pin.service /usr/lib/systemd/system/iscsiroot-pin.service" \
		"$img" >/dev/null 2>&1 || rig_fail "cannot enable iscsiroot-pin.service in the image"

	cat > "$WORK/hook" <<'EOS'
#!/bin/sh
# boot rig: run by systemd-shutdown after the last kill round and the final
# unmount / remount read-only, right before reboot(2): is the daemon alive?
PATH=/usr/sbin:/usr/bin:/sbin:/bin
d=
for p in /proc/[0-9]*; do
	case $({ tr '\0' ' ' < "$p/cmdline"; } 2>/dev/null) in
	@iscsistart*) d="$d ${p#/proc/}" ;;
	esac
done
d=${d# }
s=$(cat /sys/class/iscsi_session/session*/state 2>/dev/null | tr '\n' ',')
r=$(awk '$2 == "/" && $1 != "rootfs" { split($4, o, ","); m = o[1] } END { print m }' /proc/mounts)
echo "SHUT-HOOK $1 uptime=$(cut -d' ' -f1 /proc/uptime) daemon=${d:-none} session=${s%,} root=$r" > /dev/console
EOS
	shut_put "$img" "$WORK/hook" /usr/lib/systemd/system-shutdown/iscsiroot-rig 100755

	cat > "$WORK/test.sh" <<'EOS'
# sourced by /rig/run.sh (rig-test.service) in the Debian root
D=/usr/lib/iscsiroot
dpid() {
	for p in /proc/[0-9]*; do
		case $({ tr '\0' ' ' < "$p/cmdline"; } 2>/dev/null) in
		@iscsistart*) echo "${p#/proc/}" ;;
		esac
	done
}
n=$(( $(find /data -maxdepth 1 -name 'boot-*' | wc -l) + 1 ))
echo "SHUT-BOOT $n"
dmesg | grep 'EXT4-fs' | sed 's/^/SHUT-EXT4 /'
pid=$(dpid)
echo "SHUT-DAEMON pid=${pid:-none} oom_score_adj=$(cat "/proc/${pid:-0}/oom_score_adj" 2>/dev/null) $(grep -E '^(VmRSS|VmHWM|VmLck|RssAnon|RssFile):' "/proc/${pid:-0}/status" 2>/dev/null | tr -s ' \t' ' ' | tr '\n' ' ')"
echo "SHUT-ROLLUP $(grep -E '^(Rss|Pss|Pss_Anon|Pss_File|Locked):' "/proc/${pid:-0}/smaps_rollup" 2>/dev/null | tr -s ' \t' ' ' | tr '\n' ' ')"
echo "SHUT-EXE $(readlink "/proc/${pid:-0}/exe" 2>/dev/null | tr ' ' '_')"
awk '/^[0-9a-f]+-[0-9a-f]+ / { m = $1 " " $2 " " ($6 == "" ? "[anon]" : $6) }
	/^(Size|Rss|Locked):/ { m = m " " $1 $2 } /^VmFlags:/ { print "SHUT-SMAPS " m }' "/proc/${pid:-0}/smaps" 2>/dev/null
echo "SHUT-SENDSIGS $(cat /run/sendsigs.omit.d/iscsiroot 2>/dev/null | tr '\n' ' ')"
echo "SHUT-PINUNIT $(systemctl show -p ConditionResult -p Result -p ExecMainStatus -p ExecMainExitTimestampMonotonic iscsiroot-pin.service | tr '\n' ' ')"
echo "SHUT-ADDR $(ip -4 -o addr show dev eth0 | awk '{ print $4 }' | tr '\n' ' ')"
if [ "${SHUT_KILL:-0}" = 1 ] && [ -n "$pid" ]; then
	kill "$pid"   # the daemon acts on SIGTERM when its netlink poll returns: up to 10 s
	i=0
	while [ -d "/proc/$pid" ] && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
	gone=yes; [ -d "/proc/$pid" ] && gone=no
	echo "SHUT-KILLED pid=$pid gone=$gone left=$(dpid | tr '\n' ' ')"
fi
$D/root-pin --check; echo "SHUT-RC check $?"
if [ -f /rig/outage ]; then
	sync
	echo 3 > /proc/sys/vm/drop_caches
	echo "SHUT-OUTAGE-READY $(cut -d' ' -f1 /proc/uptime)"
	sleep 4
	t=$(cut -d' ' -f1 /proc/uptime)
	dd if=/dev/urandom of=/data/outage bs=64k count=1 conv=fsync 2>/dev/null
	echo "SHUT-OUTAGE-IO rc=$? start=$t end=$(cut -d' ' -f1 /proc/uptime) md5=$(md5sum < /data/outage | cut -d' ' -f1)"
	rm -f /rig/outage
fi
dd if=/dev/urandom of="/data/boot-$n" bs=64k count=1 conv=fsync 2>/dev/null || echo "SHUT-WRITE-FAILED"
echo "SHUT-WROTE $n $(md5sum < "/data/boot-$n" | cut -d' ' -f1)"
sync
echo 3 > /proc/sys/vm/drop_caches
for f in /data/boot-*; do echo "SHUT-MD5 $(md5sum < "$f" | cut -d' ' -f1) $f"; done
EOS
	[ "$SHUT_KILL" = 1 ] && sed -i '1a SHUT_KILL=1' "$WORK/test.sh"
	shut_put "$img" "$WORK/test.sh" /rig/test.sh 100644
}

shut_initramfs() {
	cat > "$WORK/login.sh" <<EOS
mount -t tmpfs -o mode=0755,nosuid,nodev run /run
rig_net_static
out=\$(rig_login -p 3260 -d /dev/sda $SHUT_IQN ${SHUT_ISTART_ARGS:-})
echo "\$out" | sed 's/^/ISTART: /'
mount -t ext4 /dev/sda /newroot || rig_die "cannot mount /dev/sda"
/sbin/root-pin --sysroot /newroot; echo "SHUT-RC initramfs \$?"
[ "${SHUT_CONTROL:-0}" = 1 ] && rm -rf /run/systemd/network && echo "SHUT-CONTROL networkd drop-in removed"
rig_mark switch
mount --move /run /newroot/run || rig_die "cannot move /run"
umount /proc /sys 2>/dev/null
exec switch_root /newroot /sbin/init
EOS
	rig_initramfs "$WORK/initrd" "$WORK/login.sh" "$B/iscsistart:/sbin/iscsistart" \
		"$B/root-pin:/sbin/root-pin"
}

# shut_val MARKER KEY: value of KEY=... on the first MARKER line of this boot
shut_val() {
	awk -v m="$1" -v k="$2" '
		$1 == m { for (i = 2; i <= NF; i++) if (index($i, k "=") == 1) { print substr($i, length(k) + 2); exit } }' "$WORK/serial.log"
}
shut_field() { # shut_field MARKER N: field N of the first MARKER line
	awk -v m="$1" -v n="$2" '$1 == m { print $n; exit }' "$WORK/serial.log"
}

# shut_boot N: one boot of $WORK/root.img with tgtd up, then tgtd down.
shut_boot() {
	sn=$1   # not n, img, i: lib.sh's functions use those (no locals in POSIX sh)
	if [ "$SHUT_OUTAGE" -gt 0 ] && [ "$sn" = "$SHUT_OUTAGE_BOOT" ]; then
		: > "$WORK/flag"
		rig_root_add "$WORK/root.img" "$WORK/flag" /rig/outage   # the guest removes it
	fi
	if [ -z "$TGT_CP" ]; then rig_target "$SHUT_IQN" "$WORK/root.img"; else rig_target_up; fi
	rig_log "boot $sn of the Debian root"
	if [ "$SHUT_OUTAGE" -gt 0 ] && [ "$sn" = "$SHUT_OUTAGE_BOOT" ]; then
		RIG_MEM=768 RIG_QEMU_ASYNC=1 rig_qemu "$WORK/initrd" "rw net.ifnames=0${SHUT_KARGS:+ $SHUT_KARGS}"
		shut_outage
		RIG_QEMU_TIMEOUT=$SHUT_TIMEOUT rig_qemu_wait
	else
		RIG_MEM=768 RIG_QEMU_TIMEOUT=$SHUT_TIMEOUT rig_qemu "$WORK/initrd" "rw net.ifnames=0${SHUT_KARGS:+ $SHUT_KARGS}"
	fi
	tr -d '\r' < "$WORK/serial.log" > "$WORK/serial-$sn.log"
	cp "$WORK/serial-$sn.log" "$WORK/serial.log"
	rig_target_down
	SHUT_BOOT_MS=$RIG_WALL_MS
	log=$WORK/serial.log

	rig_reject '^RIG-FAIL' "the guest reported a failure"
	if [ -z "$SHUT_GEN" ]; then
		rig_expect '^ISTART: /dev/sda' "boot $sn: our iscsistart did not report /dev/sda"
		rig_expect '^SHUT-RC initramfs 0' "boot $sn: root-pin --sysroot in the initramfs failed"
	fi
	rig_expect 'ISCSIROOT-ROOT-OK root=/dev/sda init=systemd' "boot $sn: systemd in the Debian root not reached"
	[ "$(shut_field SHUT-BOOT 2)" = "$sn" ] ||
		rig_fail "boot $sn: the guest counts this as boot '$(shut_field SHUT-BOOT 2)' (files of earlier boots lost?)"
	# the previous power-off left nothing to replay or repair
	grep -q '^SHUT-EXT4 .*mounted filesystem' "$log" || rig_fail "boot $sn: no ext4 mount line from the kernel"
	grep -i -e '^SHUT-EXT4 .*recovery' -e '^SHUT-EXT4 .*orphan' -e '^SHUT-EXT4 .*unchecked' \
		-e '^SHUT-EXT4 .*EXT4-fs error' "$log" && rig_fail "boot $sn: ext4 found the root not cleanly unmounted"

	dpid=$(shut_val SHUT-DAEMON pid)
	[ -n "$dpid" ] && [ "$dpid" != none ] || rig_fail "boot $sn: no @iscsistart daemon in the Debian root"
	grep '^SHUT-PINUNIT' "$log" | grep -q 'ConditionResult=yes' && grep '^SHUT-PINUNIT' "$log" |
		grep -q 'ExecMainStatus=0 ' && ! grep '^SHUT-PINUNIT' "$log" | grep -q 'ExecMainExitTimestampMonotonic=0 ' ||
		rig_fail "boot $sn: iscsiroot-pin.service did not run successfully in the real root: $(grep '^SHUT-PINUNIT' "$log")"
	grep -q '^SHUT-ADDR .*10\.0\.2\.15/24' "$log" || rig_fail "boot $sn: eth0 lost its address: $(grep '^SHUT-ADDR' "$log")"

	wrote=$(shut_field SHUT-WROTE 3)
	[ -n "$wrote" ] && [ "$(shut_field SHUT-WROTE 2)" = "$sn" ] || rig_fail "boot $sn: /data/boot-$sn not written"
	rig_reject '^SHUT-WRITE-FAILED' "boot $sn: the write with fsync failed"
	echo "$sn $wrote" >> "$WORK/md5.list"
	while read -r k sum; do
		grep -q "^SHUT-MD5 $sum /data/boot-$k\$" "$log" ||
			rig_fail "boot $sn: /data/boot-$k reads back differently in the guest (wanted $sum)"
	done < "$WORK/md5.list"

	# a clean power-off: the power-down path, not a panic (panic=-1 exits QEMU too)
	rig_expect 'RIG-MARK poweroff' "boot $sn: the test did not reach systemctl poweroff"
	rig_expect 'reboot: Power down' "boot $sn: the kernel did not power down (crash? see above)"
	rig_reject 'Kernel panic' "boot $sn: kernel panic"
	rig_reject 'I/O error' "boot $sn: I/O errors on the console"
	if [ "$SHUT_OUTAGE" -gt 0 ] && [ "$sn" = "$SHUT_OUTAGE_BOOT" ]; then
		shut_outage_check
	else
		rig_reject 'iscsistart: warning: session .* connection .* failed' "boot $sn: the iSCSI connection failed during boot or shutdown"
	fi
	rig_reject 'Failed unmounting' "boot $sn: systemd failed to unmount something"

	hook=$(grep '^SHUT-HOOK ' "$log")
	[ -n "$hook" ] || rig_fail "boot $sn: the systemd-shutdown hook did not report (shutdown not reached?)"
	[ "$(shut_val SHUT-HOOK root)" = ro ] || rig_fail "boot $sn: / not read-only at the end of the shutdown: $hook"
	case $(shut_val SHUT-HOOK session) in
	LOGGED_IN) ;;
	*) rig_fail "boot $sn: the root session was not logged in at the end of the shutdown: $hook" ;;
	esac
	t0=$(awk '$1 == "RIG-MARK" && $2 == "poweroff" { print $3; exit }' "$log")
	t1=$(shut_val SHUT-HOOK uptime)
	SHUT_DOWN_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
	awk -v d="$SHUT_DOWN_S" -v m="$SHUT_DOWN_MAX" 'BEGIN { exit !(d >= 0 && d <= m) }' ||
		rig_fail "boot $sn: shutdown took $SHUT_DOWN_S s (bound $SHUT_DOWN_MAX s): something waited for a timeout"

	shut_fs_clean "$sn"
	rig_log "boot $sn: clean ($SHUT_BOOT_MS ms wall, shutdown ${SHUT_DOWN_S} s guest time)"
}

# shut_control: one boot without root-pin's networkd drop-in (SHUT_CONTROL=1
# when the initramfs was made). Returns 0 when the system hangs: the VM still
# runs SHUT_CONTROL_WAIT s after the guest's poweroff mark, or never reaches
# it within SHUT_TIMEOUT; 1 when it powered off anyway. Prints the console.
shut_control() {
	rig_target "$SHUT_IQN" "$WORK/root.img"
	# root-pin in the real root (iscsiroot-pin.service, before networkd) would
	# write the drop-in again: keep it from running too
	RIG_MEM=768 RIG_QEMU_ASYNC=1 rig_qemu "$WORK/initrd" "rw net.ifnames=0 systemd.mask=iscsiroot-pin.service"
	w=0; SHUT_HUNG=
	until grep -q 'RIG-MARK poweroff' "$WORK/serial.log"; do
		kill -0 "$QEMU_PID" 2>/dev/null || break
		w=$((w + 1)); [ $w -gt $((SHUT_TIMEOUT * 5)) ] && { SHUT_HUNG=boot; break; }
		sleep 0.2
	done
	grep -q '^SHUT-CONTROL networkd drop-in removed' "$WORK/serial.log" ||
		rig_fail "control: the drop-in was not removed in the initramfs"
	if [ -z "$SHUT_HUNG" ]; then
		rig_log "control: poweroff begun, waiting ${SHUT_CONTROL_WAIT:-180} s"
		w=0
		while kill -0 "$QEMU_PID" 2>/dev/null && [ $w -lt $((${SHUT_CONTROL_WAIT:-180} * 5)) ]; do
			sleep 0.2; w=$((w + 1))
		done
		kill -0 "$QEMU_PID" 2>/dev/null && SHUT_HUNG=shutdown
	fi
	echo "---- console after switch_root:"
	tr -d '\r' < "$WORK/serial.log" | sed -n '/RIG-MARK switch/,$p'
	echo "----"
	[ -n "$SHUT_HUNG" ]
}

# shut_outage: with QEMU running, wait for the guest's SHUT-OUTAGE-READY (it
# has dropped its caches and writes with fsync 4 s later), stop tgtd for
# SHUT_OUTAGE s, start it again and time how long the write takes to return.
shut_outage() {
	w=0
	until grep -q '^SHUT-OUTAGE-READY' "$WORK/serial.log"; do
		kill -0 "$QEMU_PID" 2>/dev/null || { rig_qemu_wait; rig_fail "outage: the guest stopped before it was ready"; }
		w=$((w + 1)); [ $w -gt $((SHUT_TIMEOUT * 10)) ] && rig_fail "outage: the guest never got ready"
		sleep 0.1
	done
	rig_log "outage: stopping tgtd for $SHUT_OUTAGE s"
	rig_target_down
	sleep "$SHUT_OUTAGE"
	rig_target_up
	t_up=$(date +%s%N)
	w=0
	until grep -q '^SHUT-OUTAGE-IO' "$WORK/serial.log"; do
		w=$((w + 1)); [ $w -gt 6000 ] && break       # 120 s
		kill -0 "$QEMU_PID" 2>/dev/null || break
		sleep 0.02
	done
	SHUT_RESUME_MS=$(( ($(date +%s%N) - t_up) / 1000000 ))
	grep -q '^SHUT-OUTAGE-IO' "$WORK/serial.log" ||
		rig_fail "outage: the write issued during the outage never returned (${SHUT_RESUME_MS} ms after tgtd came back)"
}

shut_outage_check() {
	rig_expect '^SHUT-OUTAGE-IO rc=0 ' "outage: the write with fsync failed"
	rig_expect 'iscsistart: warning: session [0-9]* connection [0-9]* failed' "outage: the daemon did not see the connection fail"
	rig_expect 'iscsistart: session [0-9]* recovered in' "outage: the daemon did not log the recovery"
	sum=$(shut_val SHUT-OUTAGE-IO md5)
	debugfs -R "dump /data/outage $WORK/outage.out" "$WORK/root.img" >/dev/null 2>&1
	[ "$(md5sum < "$WORK/outage.out" | cut -d' ' -f1)" = "$sum" ] ||
		rig_fail "outage: /data/outage in the image differs from what the guest wrote"
	rig_log "outage: the write returned ${SHUT_RESUME_MS} ms after tgtd was back"
}

# shut_daemon_survived N: systemd never killed the daemon (the test's own kill aside)
shut_daemon_survived() {
	[ "$(shut_val SHUT-HOOK daemon)" = "$(shut_val SHUT-DAEMON pid)" ] ||
		rig_fail "boot $1: @iscsistart (pid $(shut_val SHUT-DAEMON pid)) not alive at the end of the shutdown: $(grep '^SHUT-HOOK' "$WORK/serial.log")"
	rig_reject 'recovery daemon for session .* stopped by signal' "boot $1: the daemon was signalled during shutdown"
	rig_reject 'recovery daemon for session .* exits' "boot $1: the daemon exited during boot or shutdown"
}

shut_fs_clean() { # host side, with tgtd down
	simg=$WORK/root.img
	st=$(dumpe2fs -h "$simg" 2>/dev/null | sed -n 's/^Filesystem state: *//p')
	feat=$(dumpe2fs -h "$simg" 2>/dev/null | sed -n 's/^Filesystem features: *//p')
	[ "$st" = clean ] || rig_fail "boot $1: filesystem state '$st' after power-off"
	case " $feat " in
	*" needs_recovery "*) rig_fail "boot $1: the journal needs recovery after power-off (root not remounted read-only)" ;;
	esac
	e2fsck -fn "$simg" > "$WORK/e2fsck-$1.log" 2>&1
	rc=$?
	[ $rc -eq 0 ] || { cat "$WORK/e2fsck-$1.log"; rig_fail "boot $1: e2fsck -fn found problems (exit $rc)"; }
	while read -r k sum; do
		debugfs -R "dump /data/boot-$k $WORK/boot-$k.out" "$simg" >/dev/null 2>&1
		[ "$(md5sum < "$WORK/boot-$k.out" | cut -d' ' -f1)" = "$sum" ] ||
			rig_fail "boot $1: /data/boot-$k in the image differs from what boot $k wrote"
	done < "$WORK/md5.list"
}
