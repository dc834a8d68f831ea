# Shared by the t_ibft_*.sh boot tests (sourced after lib.sh, used after
# rig_init). POSIX sh.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# ibft_need_ipxe           skip unless QEMU's iPXE ROM and perl are there.
# ibft_guest_start FILE    start a guest script: rig_ibft_dump -s, then the
#   report of ibft-reader (if built) as "READER: " lines and "READER-RC n".
# ibft_guest_net FILE      append to a guest script: print /run/net-eth0.conf
#   as "NETCONF: " lines and eth0's IPv4 address as "ADDR: a.b.c.d/len".
# ibft_guest_sessions FILE append: "SESSIONS n", then per session
#   "SESSION: <target name> <initiator name>".
# IBFT_BINS: the SRC:DST pairs for rig_initramfs that put our helpers in
#   the guest's /sbin, together (links to the one binary; t_ibft_lone.sh
#   boots a lone copy instead).
IBFT_BINS="$B/ipconfig:/sbin/ipconfig $B/iscsistart:/sbin/iscsistart"
[ -x "$B/ibft-reader" ] && IBFT_BINS="$IBFT_BINS $B/ibft-reader:/sbin/ibft-reader"

ibft_need_ipxe() {
	[ -r /usr/lib/ipxe/qemu/efi-virtio.rom ] || rig_skip "no iPXE ROM for QEMU (install ipxe-qemu)"
	rig_need_cmds perl
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

# ibft_guest_boot FILE: append the firmware boot to a guest script: login
# with our iscsistart -b (its output as BOUT: lines), the sessions, then
# switch to the first disk -b listed.
ibft_guest_boot() {
	cat >> "$1" <<'EOS'
rig_mark login
/sbin/iscsistart -b > /tmp/b.out || rig_die "iscsistart -b failed: $?"
rig_mark disk
sed 's/^/BOUT: /' /tmp/b.out
EOS
	ibft_guest_sessions "$1"
	echo 'rig_switch_listed /tmp/b.out 10' >> "$1"
}

ibft_guest_sessions() {
	cat >> "$1" <<'EOS'
echo "SESSIONS $(ls /sys/class/iscsi_session | wc -l)"
for s in /sys/class/iscsi_session/session*; do
	[ -d "$s" ] && echo "SESSION: $(cat "$s/targetname") $(cat "$s/initiatorname" 2>/dev/null)"
done
EOS
}
