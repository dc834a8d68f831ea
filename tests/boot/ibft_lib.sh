# Shared by the t_ibft_*.sh boot tests (sourced after lib.sh, used after
# rig_init). POSIX sh.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# ibft_need_ipxe           skip unless QEMU's iPXE ROM and perl are there.
# ibft_need WHAT...        skip unless build/ has the iBFT features WHAT:
#     ipconfig   ipconfig ip=ibft           -b -f -N   iscsistart's iBFT modes
#     cmdline    iscsistart --cmdline logs in to firmware targets
#                (rd.iscsi.firmware / iscsi_auto)
#   A feature counts as missing when the binary says it is "not supported
#   yet" / "not implemented" (what the helpers print before iBFT support).
#   The probes never read the host's own firmware: -f and --explain read the
#   committed iPXE fixture (ISCSIROOT_SYSFS), the others an empty sysfs, so
#   they change nothing.
# ibft_guest_start FILE    start a guest script: rig_ibft_dump -s, then the
#   report of ibft-reader (if built) as "READER: " lines and "READER-RC n".
# ibft_guest_net FILE      append to a guest script: print /run/net-eth0.conf
#   as "NETCONF: " lines and eth0's IPv4 address as "ADDR: a.b.c.d/len".
# ibft_guest_sessions FILE append: "SESSIONS n", then per session
#   "SESSION: <target name> <initiator name>".
# IBFT_BINS: the SRC:DST pairs for rig_initramfs that put our helpers in
#   the guest's /sbin, together: ipconfig runs ibft-reader for ip=ibft and
#   iscsistart -N runs ipconfig, each from its own directory.
# IBFT_FORCE=1 runs the tests even when ibft_need finds a feature missing
#   (to see how far a boot gets while the helpers are being written).
B=$RIG_TOP/build
IBFT_FX=$RIG_TOP/tests/fixtures/ibft
IBFT_BINS="$B/ipconfig:/sbin/ipconfig $B/iscsistart:/sbin/iscsistart"
[ -x "$B/ibft-reader" ] && IBFT_BINS="$IBFT_BINS $B/ibft-reader:/sbin/ibft-reader"

ibft_need_ipxe() {
	[ -r /usr/lib/ipxe/qemu/efi-virtio.rom ] || rig_skip "no iPXE ROM for QEMU (install ipxe-qemu)"
	command -v perl >/dev/null || rig_skip "perl missing"
}

ibft_missing() { # ibft_missing CMD...: true when CMD says the feature is not there
	"$@" > "$WORK/probe.out" 2>&1
	_ibft_rc=$?
	grep -q -i -e 'not supported yet' -e 'not implemented' "$WORK/probe.out" && return 0
	[ $_ibft_rc -eq 100 ] && grep -q -i -e ibft -e firmware "$WORK/probe.out" && return 0
	return 1
}

ibft_need() {
	[ "${IBFT_FORCE:-0}" = 1 ] && rig_skip() { rig_log "IBFT_FORCE: not skipping: $*"; }
	for w in "$@"; do
		case $w in
		ipconfig)
			[ -x "$B/ipconfig" ] || rig_skip "build/ipconfig not built (make)"
			mkdir -p "$WORK/probe.run"
			if ISCSIROOT_SYSFS=$WORK/no-sysfs ISCSIROOT_RUN=$WORK/probe.run \
				ibft_missing "$B/ipconfig" -n ip=ibft; then
				rig_skip "build/ipconfig has no ip=ibft yet"
			fi ;;
		-b|-f|-N)
			[ -x "$B/iscsistart" ] || rig_skip "build/iscsistart not built (make)"
			# -f only prints: it reads the fixture; -b and -N are given no
			# table at all, so that they stop at once whatever they support
			if [ "$w" = -f ]; then _ibft_sys=$IBFT_FX/ipxe; else _ibft_sys=$WORK/no-sysfs; fi
			if ISCSIROOT_SYSFS=$_ibft_sys ibft_missing "$B/iscsistart" "$w"; then
				rig_skip "build/iscsistart has no $w (iBFT) yet"
			fi ;;
		cmdline)
			[ -x "$B/iscsistart" ] || rig_skip "build/iscsistart not built (make)"
			echo "rd.iscsi.firmware=1 ip=ibft" > "$WORK/probe.cmdline"
			ISCSIROOT_SYSFS=$IBFT_FX/ipxe "$B/iscsistart" --explain="$WORK/probe.cmdline" \
				> "$WORK/probe.out" 2>&1
			if grep -q -i -e 'not yet' -e 'not supported' "$WORK/probe.out" ||
			   ! grep -q 'iqn.2026-11.org.iscsiroot:ibft' "$WORK/probe.out"; then
				rig_skip "build/iscsistart --cmdline does not log in to iBFT targets yet"
			fi ;;
		*) rig_fail "ibft_need: unknown feature $w" ;;
		esac
	done
}

ibft_guest_start() { # FILE: start a guest script: the table (no secrets), ibft-reader's report
	cat > "$1" <<'EOS'
rig_ibft_dump -s
if [ -x /sbin/ibft-reader ]; then
	/sbin/ibft-reader > /tmp/reader.out 2>&1; echo "READER-RC $?"
	sed 's/^/READER: /' /tmp/reader.out
fi
EOS
}

ibft_guest_net() {
	cat >> "$1" <<'EOS'
[ -f /run/net-eth0.conf ] || rig_die "no /run/net-eth0.conf"
sed 's/^/NETCONF: /' /run/net-eth0.conf
ip -4 addr show dev eth0 | sed -n 's/^ *inet \([0-9.\/]*\).*/ADDR: \1/p'
ip -4 route show | sed 's/^/ROUTE: /'
EOS
}

ibft_guest_sessions() {
	cat >> "$1" <<'EOS'
echo "SESSIONS $(ls /sys/class/iscsi_session | wc -l)"
for s in /sys/class/iscsi_session/session*; do
	[ -d "$s" ] && echo "SESSION: $(cat "$s/targetname") $(cat "$s/initiatorname" 2>/dev/null)"
done
EOS
}
