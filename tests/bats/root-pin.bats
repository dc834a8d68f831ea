#!/usr/bin/env bats
# root-pin over fixture trees (tests/fixtures/rootpin/base: / on dm-0 over
# sda1 (session1) + sdb (session2); session3/sdc not under /; eth0 routes
# the targets; daemon "@iscsistart" is PID 321, "@ipconfig" 322).
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers

setup() {
	R="$BATS_TEST_TMPDIR/t"
	rm -rf "$R"
	cp -a "$BATS_TEST_DIRNAME/../fixtures/rootpin/base" "$R"
	RP="$B/root-pin"
}

row() { # row PROTECTION OBJECT: the table line for it
	printf '%s\n' "$output" | awk -v w="$1" -v o="$2" '$1 == w && ($2 " " $3) ~ "^" o { print; exit }'
}

state_of() { row "$1" "$2" | awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^(ok|n\/a|MISSING|fixed|would-fix|FAILED)$/) { print $i; exit } }'; }

tree_sum() { (cd "$R" && find . \( -type f -o -type l \) -printf '%p %l\n' | sort && find . -type f -exec cat {} + | md5sum); }

@test "root-pin --check: fresh system reports every missing protection, exit 1" {
	run "$RP" --check --root "$R"
	[ "$status" -eq 1 ]
	[[ "$output" == *"/ on 253:0 dm-0 <- sda1 <- sda (session1), sdb (session2)"* ]]
	[ "$(state_of root /)" = ok ]
	[ "$(state_of daemon 'pid 321')" = ok ]
	[ "$(state_of sendsigs 'pid 321')" = MISSING ]
	[ "$(state_of daemon 'pid 322')" = ok ]
	[[ "$(row daemon 'pid 322')" == *"DHCP lease daemon @ipconfig"* ]]
	[ "$(state_of sendsigs 'pid 322')" = MISSING ]
	[ "$(state_of recovery_tmo session1)" = MISSING ]
	[ "$(state_of recovery_tmo session2)" = MISSING ]
	[[ "$(row recovery_tmo session1)" == *"120 s < wanted 86400 s"* ]]
	[ "$(state_of disk-timeout sda)" = MISSING ]
	[ "$(state_of disk-timeout sdb)" = MISSING ]
	[ "$(state_of keep-session session1)" = MISSING ]
	[ "$(state_of no-logout iscsi-shutdown.service)" = MISSING ]
	[ "$(state_of networkd eth0)" = MISSING ]
	[ "$(state_of NetworkManager eth0)" = MISSING ]
	[ "$(state_of ifupdown eth0)" = MISSING ]
	[[ "$(row ifupdown eth0)" == *"'ifdown -a' (networking stop) would deconfigure it"* ]]
	[[ "$output" == *"iscsiroot: root-pin: check failed"* ]]
}

@test "root-pin --check: sessions and disks not under / are left out" {
	run "$RP" --check --root "$R"
	[[ "$output" != *session3* ]]
	[[ "$output" != *sdc* ]]
	[[ "$output" != *eth1* ]]
	[[ "$output" != *"pid 400"* ]]
}

@test "root-pin -n: prints the plan, writes nothing" {
	before=$(tree_sum)
	run "$RP" -n --root "$R"
	[ "$status" -eq 0 ]
	[ "$(tree_sum)" = "$before" ]
	[ "$(state_of recovery_tmo session1)" = would-fix ]
	[[ "$output" == *"would do:"* ]]
	[[ "$output" == *"write $R/run/sendsigs.omit.d/iscsiroot:"* ]]
	[[ "$output" == *"write $R/sys/class/iscsi_session/session1/recovery_tmo: 86400"* ]]
	[[ "$output" == *"write $R/sys/block/sda/device/timeout: 180"* ]]
	[[ "$output" == *"write $R/run/systemd/network/10-eth0.network.d/99-iscsiroot.conf:"* ]]
	[[ "$output" == *"symlink $R/run/systemd/system/iscsi-shutdown.service -> /dev/null"* ]]
	[[ "$output" == *"rewrite $R/run/network/ifstate without 'eth0=':"* ]]
}

@test "root-pin: applies every protection and writes exactly these files" {
	run "$RP" --root "$R"
	[ "$status" -eq 0 ]
	[[ "$output" != *MISSING* ]]
	[[ "$output" != *FAILED* ]]
	[ "$(cat "$R/run/sendsigs.omit.d/iscsiroot")" = "321
322" ]
	[ "$(cat "$R/sys/class/iscsi_session/session1/recovery_tmo")" = 86400 ]
	[ "$(cat "$R/sys/class/iscsi_session/session2/recovery_tmo")" = 86400 ]
	[ "$(cat "$R/sys/class/iscsi_session/session3/recovery_tmo")" = 120 ]
	[ "$(cat "$R/sys/block/sda/device/timeout")" = 180 ]
	[ "$(cat "$R/sys/block/sdb/device/timeout")" = 180 ]
	[ "$(cat "$R/sys/block/sdc/device/timeout")" = 30 ]
	[ "$(cat "$R/run/open-iscsi/shutdown-keep-sessions")" = "/sys/devices/platform/host2/session1
/sys/devices/platform/host3/session2" ]
	[ "$(readlink "$R/run/systemd/system/iscsi-shutdown.service")" = /dev/null ]
	grep -qx 'KeepConfiguration=yes' "$R/run/systemd/network/10-eth0.network.d/99-iscsiroot.conf"
	grep -qx '\[Network\]' "$R/run/systemd/network/10-eth0.network.d/99-iscsiroot.conf"
	[ ! -e "$R/run/systemd/network/05-other.network.d" ]
	[ ! -e "$R/run/systemd/network/99-default.network.d" ]
	nm="$R/run/NetworkManager/conf.d/90-iscsiroot-eth0.conf"
	grep -qx 'unmanaged-devices+=interface-name:eth0' "$nm"
	grep -qx '\[device-iscsiroot-eth0\]' "$nm"
	grep -qx 'match-device=interface-name:eth0' "$nm"
	grep -qx 'managed=0' "$nm"
	[ "$(cat "$R/run/network/ifstate.eth0")" = eth0 ]
	[ "$(cat "$R/run/network/ifstate")" = "lo=lo" ]
	# nothing else appeared under run/
	[ "$(cd "$R/run" && find . \( -type f -o -type l \) | sort | tr '\n' ' ')" = \
	  "./NetworkManager/conf.d/90-iscsiroot-eth0.conf ./network/ifstate ./network/ifstate.eth0 ./open-iscsi/shutdown-keep-sessions ./sendsigs.omit.d/iscsiroot ./systemd/network/10-eth0.network.d/99-iscsiroot.conf ./systemd/system/iscsi-shutdown.service " ]
}

@test "root-pin: after applying, --check passes; a second run changes nothing" {
	run "$RP" --root "$R"
	[ "$status" -eq 0 ]
	run "$RP" --check --root "$R"
	[ "$status" -eq 0 ]
	[[ "$output" != *MISSING* ]]
	before=$(tree_sum)
	run "$RP" --root "$R"
	[ "$status" -eq 0 ]
	[[ "$output" != *fixed* ]]
	[ "$(tree_sum)" = "$before" ]
}

@test "root-pin --check: daemon killed -> exit 1 naming it" {
	"$RP" -q --root "$R"
	rm -rf "$R/proc/321"
	run "$RP" --check --root "$R"
	[ "$status" -eq 1 ]
	[ "$(state_of daemon @iscsistart)" = MISSING ]
	[[ "$(row daemon @iscsistart)" == *"no recovery daemon"* ]]
	[[ "$output" != *"pid 321"* ]]
}

@test "root-pin: a daemon with a command line longer than the read buffer is still found" {
	rm -rf "$R/proc/321"
	mkdir -p "$R/proc/4000"
	{ printf '@iscsistart\0'; head -c 3000 /dev/zero | tr '\0' a; printf '\0'; } > "$R/proc/4000/cmdline"
	run "$RP" --check --root "$R"
	[ "$(state_of daemon 'pid 4000')" = ok ]
}

@test "root-pin: a scoped IPv6 target names its interface" {
	echo 'fe80::1%eth1' > "$R/sys/class/iscsi_connection/connection1:0/address"
	run "$RP" --check --root "$R"
	[[ "$(row nic session1)" == *"eth1 (scope to target fe80::1%eth1)"* ]]
	echo 'fe80::1%bad/name' > "$R/sys/class/iscsi_connection/connection1:0/address"
	run "$RP" --check --root "$R"
	[ "$(state_of nic session1)" = MISSING ]
	[[ "$(row nic session1)" == *"target address 'fe80::1%bad/name' is not an IP address: pass -i IFACE"* ]]
}

@test "root-pin --check: open-iscsi's iscsid counts as the recovery daemon" {
	"$RP" -q --root "$R"
	rm -rf "$R/proc/321"
	mkdir -p "$R/proc/555"
	printf '/usr/sbin/iscsid\0-f\0' > "$R/proc/555/cmdline"
	run "$RP" --check --root "$R"
	[ "$status" -eq 0 ]
	[[ "$(row daemon iscsid)" == *"iscsid pid 555"* ]]
}

@test "root-pin --check: one protection undone -> exit 1 naming exactly it" {
	"$RP" -q --root "$R"
	echo 120 > "$R/sys/class/iscsi_session/session2/recovery_tmo"
	run "$RP" --check --root "$R"
	[ "$status" -eq 1 ]
	[ "$(state_of recovery_tmo session2)" = MISSING ]
	[ "$(printf '%s\n' "$output" | grep -c MISSING)" -eq 1 ]
}

@test "root-pin --check: eth0 listed again in /run/network/ifstate is caught" {
	"$RP" -q --root "$R"
	echo 'eth0=eth0' >> "$R/run/network/ifstate"
	run "$RP" --check --root "$R"
	[ "$status" -eq 1 ]
	[ "$(state_of ifupdown eth0)" = MISSING ]
}

@test "root-pin: keeps what others listed in the keep-list and sendsigs dir" {
	mkdir -p "$R/run/open-iscsi" "$R/run/sendsigs.omit.d"
	echo /sys/devices/platform/host9/session9 > "$R/run/open-iscsi/shutdown-keep-sessions"
	echo 77 > "$R/run/sendsigs.omit.d/other"
	run "$RP" --root "$R"
	[ "$status" -eq 0 ]
	grep -qx /sys/devices/platform/host9/session9 "$R/run/open-iscsi/shutdown-keep-sessions"
	grep -qx /sys/devices/platform/host2/session1 "$R/run/open-iscsi/shutdown-keep-sessions"
	[ "$(cat "$R/run/sendsigs.omit.d/other")" = 77 ]
}

@test "root-pin: PID already in /run/sendsigs.omit is accepted" {
	echo "12 321 99" > "$R/run/sendsigs.omit"
	run "$RP" --check --root "$R"
	[ "$(state_of sendsigs 'pid 321')" = ok ]
	[[ "$(row sendsigs 'pid 321')" == *"listed in $R/run/sendsigs.omit"* ]]
}

@test "root-pin: a later admin drop-in turning KeepConfiguration off makes it FAIL, naming the file" {
	mkdir -p "$R/etc/systemd/network/10-eth0.network.d"
	printf '[Network]\nKeepConfiguration=no\n' > "$R/etc/systemd/network/10-eth0.network.d/zz-admin.conf"
	run "$RP" --root "$R"
	[ "$status" -eq 111 ]
	[ "$(state_of networkd eth0)" = FAILED ]
	[[ "$(row networkd eth0)" == *"KeepConfiguration=no from 10-eth0.network.d/zz-admin.conf"* ]]
}

@test "root-pin: admin's KeepConfiguration=yes already in the unit is accepted as is" {
	printf '[Match]\nName=eth0\n[Network]\nDHCP=ipv4\nKeepConfiguration=yes\n' > "$R/etc/systemd/network/10-eth0.network"
	run "$RP" --root "$R"
	[ "$status" -eq 0 ]
	[ "$(state_of networkd eth0)" = ok ]
	[ ! -e "$R/run/systemd/network/10-eth0.network.d" ]
}

@test "root-pin: a .network with keys it cannot evaluate gets the drop-in too, the first sure match ends the walk" {
	printf '[Match]\nPath=pci-0000:00:03.0\n[Network]\nDHCP=yes\n' > "$R/etc/systemd/network/01-path.network"
	run "$RP" --root "$R"
	[ "$status" -eq 0 ]
	[ -f "$R/run/systemd/network/01-path.network.d/99-iscsiroot.conf" ]
	[ -f "$R/run/systemd/network/10-eth0.network.d/99-iscsiroot.conf" ]
	[ ! -e "$R/run/systemd/network/99-default.network.d" ]
}

@test "root-pin: same-name file in /etc masks /lib; a /dev/null mask is skipped" {
	rm "$R/etc/systemd/network/10-eth0.network" "$R/etc/systemd/network/05-other.network"
	ln -s /dev/null "$R/etc/systemd/network/10-eth0.network"
	cp "$R/lib/systemd/network/99-default.network" "$R/lib/systemd/network/10-eth0.network"
	run "$RP" --root "$R"
	[ "$status" -eq 0 ]
	[ ! -e "$R/run/systemd/network/10-eth0.network.d" ]
	[ -f "$R/run/systemd/network/99-default.network.d/99-iscsiroot.conf" ]
}

@test "root-pin: no .network file matches -> networkd leaves the link alone, nothing written" {
	rm "$R/etc/systemd/network/10-eth0.network" "$R/lib/systemd/network/99-default.network"
	run "$RP" --root "$R"
	[ "$status" -eq 0 ]
	[[ "$(row networkd eth0)" == *"no .network file matches eth0"* ]]
	[ ! -e "$R/run/systemd/network" ]
}

@test "root-pin: managers not installed are n/a and get no files" {
	rm "$R/usr/sbin/NetworkManager" "$R/sbin/ifup" "$R/lib/systemd/systemd-networkd" \
	   "$R/sbin/iscsiadm" "$R/lib/systemd/system/iscsi-shutdown.service"
	run "$RP" --root "$R"
	[ "$status" -eq 0 ]
	[ "$(state_of NetworkManager eth0)" = n/a ]
	[ "$(state_of ifupdown eth0)" = n/a ]
	[ "$(state_of networkd eth0)" = n/a ]
	[ "$(state_of keep-session open-iscsi)" = n/a ]
	[ ! -e "$R/run/NetworkManager" ]
	[ ! -e "$R/run/open-iscsi" ]
	[ ! -e "$R/run/systemd" ]
	[ "$(cat "$R/run/network/ifstate")" = "lo=lo
eth0=eth0" ]
}

@test "root-pin: no route to the target -> nic MISSING asking for -i; -i fixes it" {
	printf 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n' > "$R/proc/net/route"
	run "$RP" --check --root "$R"
	[ "$status" -eq 1 ]
	[[ "$(row nic session1)" == *"cannot tell which interface reaches target '192.168.50.1'"*"pass -i IFACE"* ]]
	run "$RP" --root "$R" -i eth0
	[ "$status" -eq 0 ]
	[[ "$(row nic eth0)" == *"given with -i"* ]]
	[ "$(cat "$R/run/network/ifstate.eth0")" = eth0 ]
}

@test "root-pin: IPv6 target routed through /proc/net/ipv6_route" {
	echo fd00::5 > "$R/sys/class/iscsi_connection/connection1:0/address"
	echo 2001:db8::9 > "$R/sys/class/iscsi_connection/connection2:0/address"
	run "$RP" --check --root "$R"
	[[ "$(row nic session1)" == *"eth0 (route to target fd00::5)"* ]]
	[[ "$(row nic session2)" == *"eth1 (route to target 2001:db8::9)"* ]]
	[ "$(state_of ifupdown eth1)" = MISSING ]
}

@test "root-pin: a VLAN's lower device is pinned too" {
	v="$R/sys/devices/virtual/net/eth0.100"
	mkdir -p "$v"
	ln -s ../../../pci0000:00/0000:00:03.0/virtio0/net/eth0 "$v/lower_eth0"
	ln -s ../../devices/virtual/net/eth0.100 "$R/sys/class/net/eth0.100"
	sed -i 's/^eth0\t0032A8C0/eth0.100\t0032A8C0/' "$R/proc/net/route"
	run "$RP" --root "$R"
	[ "$status" -eq 0 ]
	[[ "$(row nic session1)" == *"eth0.100 (route to target 192.168.50.1)"* ]]
	[[ "$(row nic eth0)" == *"lower device of eth0.100"* ]]
	[ "$(cat "$R/run/network/ifstate.eth0.100")" = eth0.100 ]
	[ "$(cat "$R/run/network/ifstate.eth0")" = eth0 ]
	[ -f "$R/run/NetworkManager/conf.d/90-iscsiroot-eth0.100.conf" ]
}

@test "root-pin: root not on iSCSI -> exit 1, nothing written" {
	sed -i 's|^28 1 253:0 / / |28 1 8:48 / / |' "$R/proc/self/mountinfo"
	mkdir -p "$R/sys/devices/pci0000:00/0000:00:05.0/virtio2/block/vda"
	echo 8:48 > "$R/sys/devices/pci0000:00/0000:00:05.0/virtio2/block/vda/dev"
	ln -s ../../devices/pci0000:00/0000:00:05.0/virtio2/block/vda "$R/sys/dev/block/8:48"
	before=$(tree_sum)
	run "$RP" --root "$R"
	[ "$status" -eq 1 ]
	[[ "$output" == *"vda (not iSCSI): no iSCSI session backs it"* ]]
	[[ "$output" == *"/ is not on iSCSI"* ]]
	[ "$(tree_sum)" = "$before" ]
}

@test "root-pin: btrfs-style major 0 root is found through its /dev/mapper source" {
	sed -i 's|^28 1 253:0 / / rw,relatime shared:1 - ext4|28 1 0:33 / / rw,relatime shared:1 - btrfs|' "$R/proc/self/mountinfo"
	run "$RP" --check --root "$R"
	[[ "$output" == *"/ on 253:0 dm-0 <- sda1"* ]]
}

@test "root-pin: from the initramfs, the real root at /root is found and its configs used" {
	sed -i 's|^28 1 253:0 / / .*|1 0 0:1 / / rw - rootfs rootfs rw\n28 1 253:0 / /root rw,relatime - ext4 /dev/mapper/vg-root rw|' "$R/proc/self/mountinfo"
	mkdir "$R/root"
	mv "$R/etc" "$R/lib" "$R/sbin" "$R/usr" "$R/root/"
	run "$RP" --root "$R"
	[ "$status" -eq 0 ]
	[[ "$output" == *"the real root is at /root"* ]]
	[[ "$output" == *"/root on 253:0 dm-0"* ]]
	[ -f "$R/run/systemd/network/10-eth0.network.d/99-iscsiroot.conf" ]
	[ -f "$R/run/NetworkManager/conf.d/90-iscsiroot-eth0.conf" ]
}

@test "root-pin: a separate /usr on another session is pinned as well" {
	echo '50 28 8:32 / /usr rw,relatime - ext4 /dev/sdc rw' >> "$R/proc/self/mountinfo"
	run "$RP" --root "$R"
	[ "$status" -eq 0 ]
	[ "$(cat "$R/sys/class/iscsi_session/session3/recovery_tmo")" = 86400 ]
	[ "$(cat "$R/sys/block/sdc/device/timeout")" = 180 ]
	[ "$(state_of ifupdown eth1)" = fixed ]
}

@test "root-pin: bad sysfs values are refused by name, never used" {
	echo abc > "$R/sys/class/iscsi_session/session1/recovery_tmo"
	echo 99999999999999999999999 > "$R/sys/block/sda/device/timeout"
	head -c 100000 /dev/zero | tr '\0' 7 > "$R/sys/block/sdb/device/timeout"
	run "$RP" --check --root "$R"
	[ "$status" -eq 1 ]
	[[ "$(row recovery_tmo session1)" == *"bad value 'abc' in $R/sys/class/iscsi_session/session1/recovery_tmo (not a number)"* ]]
	[[ "$(row disk-timeout sda)" == *"bad value '99999999999999999999999'"*"out of range"* ]]
	[[ "$(row disk-timeout sdb)" == *"cannot read $R/sys/block/sdb/device/timeout: File too large"* ]]
}

@test "root-pin: hostile names in sysfs and mountinfo do not get into files or crash it" {
	printf 'iqn.x"; rm -rf /\n' > "$R/sys/class/iscsi_session/session1/targetname"
	echo 'not a mountinfo line' >> "$R/proc/self/mountinfo"
	head -c 9000 /dev/zero | tr '\0' x >> "$R/proc/self/mountinfo"
	echo >> "$R/proc/self/mountinfo"
	echo '../../x 0000 0 0001 0 0 0 00000000 0 0 0' >> "$R/proc/net/route"
	run "$RP" --check --root "$R"
	[[ "$output" == *"/ on 253:0 dm-0"* ]]
	[[ "$(row nic route)" == *"malformed line 5 in $R/proc/net/route"* ]]
}

@test "root-pin: env vars override single directories" {
	mkdir -p "$BATS_TEST_TMPDIR/otherrun"
	ISCSIROOT_RUN="$BATS_TEST_TMPDIR/otherrun" run "$RP" --root "$R"
	[ "$status" -eq 0 ]
	[ -f "$BATS_TEST_TMPDIR/otherrun/sendsigs.omit.d/iscsiroot" ]
	[ ! -e "$R/run/sendsigs.omit.d" ]
	ISCSIROOT_ROOT="$R" run "$RP" --check
	[ "$status" -eq 1 ]     # /run of $R was not touched
}

@test "root-pin: ISCSIROOT_SYSFS (the name every applet reads) overrides /sys; ISCSIROOT_SYS is gone" {
	mkdir -p "$BATS_TEST_TMPDIR/emptysys"
	ISCSIROOT_SYSFS="$BATS_TEST_TMPDIR/emptysys" run "$RP" --check --root "$R"
	[ "$status" -eq 1 ]
	[[ "$output" == *"cannot follow $BATS_TEST_TMPDIR/emptysys/dev/block/253:0"* ]]
	ISCSIROOT_SYS="$BATS_TEST_TMPDIR/emptysys" run "$RP" --check --root "$R"
	[[ "$output" == *"/ on 253:0 dm-0 <- sda1 <- sda (session1), sdb (session2)"* ]]
}

@test "root-pin: --recovery-tmo and --disk-timeout are honoured" {
	run "$RP" -n --root "$R" --recovery-tmo off --disk-timeout 60
	[[ "$output" == *"session1/recovery_tmo: off"* ]]
	[[ "$output" == *"sda/device/timeout: 60"* ]]
	run "$RP" --root "$R" --recovery-tmo 600
	[ "$(cat "$R/sys/class/iscsi_session/session1/recovery_tmo")" = 600 ]
	echo -1 > "$R/sys/class/iscsi_session/session1/recovery_tmo"
	run "$RP" --check --root "$R"
	[[ "$(row recovery_tmo session1)" == *"off (I/O queued forever)"* ]]
	[ "$(state_of recovery_tmo session1)" = ok ]
}

@test "root-pin: usage errors exit 100 naming the bad value" {
	run "$RP" --recovery-tmo 0
	[ "$status" -eq 100 ]
	[[ "$output" == *"--recovery-tmo '0'"* ]]
	run "$RP" --disk-timeout 5x
	[ "$status" -eq 100 ]
	run "$RP" -i 'eth0;rm'
	[ "$status" -eq 100 ]
	[[ "$output" == *"'eth0;rm' is not an interface name"* ]]
	run "$RP" --check -n
	[ "$status" -eq 100 ]
	run "$RP" --bogus
	[ "$status" -eq 100 ]
	run "$RP" -m relative
	[ "$status" -eq 100 ]
}

@test "root-pin: a write that fails is FAILED with exit 111" {
	chmod 0555 "$R/run"
	mkdir -p "$R/run/x" 2>/dev/null || true
	if [ "$(id -u)" -eq 0 ]; then
		# root ignores modes: make the target a directory instead
		chmod 0755 "$R/run"
		mkdir -p "$R/run/NetworkManager/conf.d/90-iscsiroot-eth0.conf"
	fi
	run "$RP" --root "$R"
	[ "$status" -eq 111 ]
	[ "$(state_of NetworkManager eth0)" = FAILED ]
	[[ "$output" == *"could not put every protection in place"* ]]
}

@test "root-pin: statically linked" {
	run file -L "$RP"
	[[ "$output" == *"statically linked"* ]]
}

@test "root-pin: files written match the reviewed templates in conf/root-pin byte for byte" {
	run "$RP" -q --root "$R"
	[ "$status" -eq 0 ]
	C="$BATS_TEST_DIRNAME/../../conf/root-pin"
	cmp "$C/networkd-99-iscsiroot.conf" "$R/run/systemd/network/10-eth0.network.d/99-iscsiroot.conf"
	cmp "$C/NetworkManager-90-iscsiroot-eth0.conf" "$R/run/NetworkManager/conf.d/90-iscsiroot-eth0.conf"
}

@test "root-pin: the fixture tree is what mkbase.sh builds" {
	T="$BATS_TEST_TMPDIR/rebuilt"
	sh "$BATS_TEST_DIRNAME/../fixtures/rootpin/mkbase.sh" "$T"
	# git keeps no empty directory: compare what a checkout can hold
	find "$T" -type d -empty -delete
	diff -r --no-dereference "$BATS_TEST_DIRNAME/../fixtures/rootpin/base" "$T"
}
