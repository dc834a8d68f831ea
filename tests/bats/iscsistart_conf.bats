#!/usr/bin/env bats
# iscsistart --explain / --cmdline: the boot configuration from every dialect,
# without a kernel (no iscsi_tcp: ISCSIROOT_SYSFS points nowhere).
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers

setup() {
	D=$(mktemp -d)
	export ISCSIROOT_CONF="$D/iscsiroot.conf" ISCSIROOT_DEBIAN_CONF="$D/iscsi.initramfs"
	export ISCSIROOT_INITIATORNAME="$D/initiatorname.iscsi" ISCSIROOT_RUN="$D/run"
	export ISCSIROOT_SYSFS="$D/sys" ISCSIROOT_CMDLINE="$D/cmdline"
	mkdir -p "$D/run"
}
teardown() { rm -rf "$D"; }

@test "explain: dracut root-path, password masked, LUN reading shown" {
	echo "BOOT_IMAGE=/vmlinuz root=iscsi:alice:Sup3rSecret@192.0.2.1::3260:10:iqn.2024-01.org.example:root rd.iscsi.initiator=iqn.2024-01.org.example:me ro" > "$D/cmdline"
	run "$B/iscsistart" --explain
	[ "$status" -eq 0 ]
	[[ "$output" == *"target 0: iqn.2024-01.org.example:root  [root]"* ]]
	[[ "$output" == *"LUN: 10 (read as decimal; RFC 4173 form: a)"* ]]
	[[ "$output" == *"portal 0: 192.0.2.1:3260"* ]]
	[[ "$output" == *"CHAP: user 'alice', password ***"* ]]
	[[ "$output" == *"warning: a CHAP password is on the kernel command line"* ]]
	[[ "$output" != *"Sup3rSecret"* ]]
}

@test "explain=FILE: Debian file + conf file + cmdline, with their precedence" {
	printf 'ISCSI_TARGET_NAME=iqn.2010-08.net.example:s\nISCSI_TARGET_IP="10.0.0.1 10.0.0.2"\nISCSI_USERNAME=deb\nISCSI_PASSWORD=debpassword1\n' > "$D/iscsi.initramfs"
	printf 'rd.iscsi.username=conf rd.iscsi.password="conf password"\nrd.iscsiroot.deadline=2m\n' > "$D/iscsiroot.conf"
	echo "iscsi_target_ip=10.0.0.9 rd.iscsi.initiator=iqn.2024-01.org.example:me" > "$D/other"
	run "$B/iscsistart" --explain="$D/other"
	[ "$status" -eq 0 ]
	[[ "$output" == *"portal 0: 10.0.0.9:3260"* ]]
	[[ "$output" != *"10.0.0.2"* ]]
	[[ "$output" == *"CHAP: user 'conf', password ***"* ]]
	[[ "$output" == *"deadline: 120s"* ]]
	[[ "$output" != *"conf password"* && "$output" != *"debpassword1"* ]]
}

@test "explain: initiator from initiatorname.iscsi when no parameter names one" {
	echo "InitiatorName=iqn.1993-08.org.debian:01:abcdef" > "$D/initiatorname.iscsi"
	echo "netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:root" > "$D/cmdline"
	run "$B/iscsistart" --explain
	[ "$status" -eq 0 ]
	[[ "$output" == *"initiator: iqn.1993-08.org.debian:01:abcdef ($D/initiatorname.iscsi)"* ]]
}

@test "explain: an invalid value is a usage error naming it and why" {
	echo "root=iscsi:192.0.2.1::70000::iqn.2024-01.org.example:root" > "$D/cmdline"
	run "$B/iscsistart" --explain
	[ "$status" -eq 100 ]
	[[ "$output" == *"iscsiroot: iscsistart: fatal: unable to read the boot configuration: cmdline root=: 'iscsi:192.0.2.1::70000::iqn.2024-01.org.example:root': port '70000' is not a number from 1 to 65535"* ]]
}

@test "explain: an unreadable command line file is a system error" {
	run "$B/iscsistart" --explain="$D/missing"
	[ "$status" -eq 111 ]
	[[ "$output" == *"$D/missing: No such file or directory"* ]]
}

@test "explain: exit 0 for every iSCSI root dialect, 1 when none is configured" {
	for c in "root=iscsi:192.0.2.1::3260:1:iqn.2024-01.org.example:root" \
		"netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:root" "root=dhcp" "netroot=dhcp" \
		"iscsi_target_name=iqn.2024-01.org.example:root iscsi_target_ip=192.0.2.1" \
		"rd.iscsi.firmware" "iscsiroot=192.0.2.1::::iqn.2024-01.org.example:root"; do
		echo "$c" > "$D/cmdline"
		run "$B/iscsistart" --explain
		echo "$c: $status"
		[ "$status" -eq 0 ]
	done
	echo "quiet root=/dev/sda1" > "$D/cmdline"
	run "$B/iscsistart" --explain
	[ "$status" -eq 1 ]
	[[ "$output" == *"no iSCSI root configured"* ]]
	echo "netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:root" > "$D/iscsiroot.conf"
	run "$B/iscsistart" --explain
	[ "$status" -eq 0 ]
}

@test "cmdline: nothing configured is a negative answer" {
	echo "quiet root=/dev/sda1" > "$D/cmdline"
	run "$B/iscsistart" --cmdline
	[ "$status" -eq 1 ]
	[[ "$output" == *"none configured"* ]]
}

@test "cmdline: a target but no initiator name" {
	echo "netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:root" > "$D/cmdline"
	run "$B/iscsistart" --cmdline
	[ "$status" -eq 100 ]
	[[ "$output" == *"no initiator name"* ]]
}

@test "cmdline: root=dhcp waits for ROOTPATH until the deadline" {
	echo "root=dhcp rd.iscsi.initiator=iqn.2024-01.org.example:me rd.iscsiroot.deadline=0.5" > "$D/cmdline"
	run "$B/iscsistart" --cmdline
	[ "$status" -eq 99 ]
	[[ "$output" == *"get a root-path from DHCP: none in $D/run/net-*.conf"* ]]
}

@test "cmdline: root=dhcp reads ROOTPATH (hex LUN) and goes on to log in" {
	echo "root=dhcp rd.iscsi.initiator=iqn.2024-01.org.example:me" > "$D/cmdline"
	printf "DEVICE='eth0'\nROOTPATH='iscsi:192.0.2.7::3260:1f:iqn.2024-01.org.example:root'\n" > "$D/run/net-eth0.conf"
	run "$B/iscsistart" --explain
	[[ "$output" == *"from: DHCP option 17 (eth0)"* ]]
	[[ "$output" == *"LUN: 31 (read as hex"* ]]
	run "$B/iscsistart" --cmdline --no-daemon
	[ "$status" -eq 1 ]
	[[ "$output" == *"portal 192.0.2.7:3260: iscsi_tcp is not loaded"* ]]
}

@test "cmdline: a hostile DHCP root-path is refused, naming why" {
	echo "root=dhcp rd.iscsi.initiator=iqn.2024-01.org.example:me" > "$D/cmdline"
	printf "DEVICE='eth0'\nROOTPATH='iscsi:192.0.2.7:17:3260:1f:iqn.2024-01.org.example:root'\n" > "$D/run/net-eth0.conf"
	run "$B/iscsistart" --cmdline
	[ "$status" -eq 100 ]
	[[ "$output" == *"DHCP option 17 (eth0): 'iscsi:192.0.2.7:17:3260:1f:iqn.2024-01.org.example:root': protocol '17' is not supported"* ]]
}

@test "cmdline: secrets never reach the output, even on failure" {
	printf 'rd.iscsi.username=u rd.iscsi.password=Zz9secretZz9\n' > "$D/iscsiroot.conf"
	echo "netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:root rd.iscsi.initiator=iqn.2024-01.org.example:me rd.iscsiroot.debug=3" > "$D/cmdline"
	run "$B/iscsistart" --cmdline --no-daemon
	[ "$status" -ne 0 ]
	[[ "$output" != *"Zz9secretZz9"* ]]
}

# ---- firmware (iBFT) targets: tables iPXE really wrote (tests/fixtures/ibft)
FW="$BATS_TEST_DIRNAME/../fixtures/ibft"

@test "explain: rd.iscsi.firmware=1 shows the iBFT target as root, LUN, portal, CHAP user, secret masked" {
	echo "rd.iscsi.firmware=1 ip=ibft" > "$D/cmdline"
	ISCSIROOT_SYSFS="$FW/ipxe-mutual" run "$B/iscsistart" --explain
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"initiator: iqn.2026-11.org.iscsiroot:initiator (iBFT)"* ]]
	[[ "$output" == *"target 0: iqn.2026-11.org.iscsiroot:ibft  [root]"* ]]
	[[ "$output" == *"from: iBFT target0"* ]]
	[[ "$output" == *"LUN: 1 "* ]]
	[[ "$output" == *"portal 0: 10.0.2.2:3260"* ]]
	[[ "$output" == *"CHAP: user 'ibftuser', password ***"* ]]
	[[ "$output" == *"mutual CHAP: target user 'ibfttarget', password ***"* ]]
	[[ "$output" == *"firmware (iBFT) targets: yes; network from iBFT: yes"* ]]
	for f in chap-secret rev-chap-name-secret; do
		[[ "$output" != *"$(cat "$FW/ipxe-mutual/firmware/ibft/target0/$f")"* ]]
	done
}

@test "explain: iscsi_auto (Debian) and iscsi_firmware read the table too; a configured root stays root" {
	echo "iscsi_auto" > "$D/cmdline"
	ISCSIROOT_SYSFS="$FW/ipxe" run "$B/iscsistart" --explain
	[ "$status" -eq 0 ]
	[[ "$output" == *"target 0: iqn.2026-11.org.iscsiroot:ibft  [root]"* ]]
	[[ "$output" != *"Ibft-test-secret-42"* ]]
	echo "iscsi_firmware netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:root rd.iscsi.initiator=iqn.2024-01.org.example:me" > "$D/cmdline"
	ISCSIROOT_SYSFS="$FW/ipxe-static" run "$B/iscsistart" --explain
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"target 0: iqn.2024-01.org.example:root  [root]"* ]]
	[[ "$output" == *"target 1: iqn.2026-11.org.iscsiroot:ibft"$'\n'* ]]
	[[ "$output" == *"initiator: iqn.2024-01.org.example:me (cmdline"* ]]
}

@test "explain/cmdline: rd.iscsi.firmware without a table: a warning, exit 1 when nothing else is configured; -b: exit 1" {
	echo "rd.iscsi.firmware=1" > "$D/cmdline"
	run "$B/iscsistart" --explain
	echo "$output"
	[[ "$output" == *"warning: rd.iscsi.firmware: $D/sys/firmware/ibft: no iBFT"*"iscsi_ibft is not loaded"* ]]
	run "$B/iscsistart" --cmdline --no-daemon
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"rd.iscsi.firmware: $D/sys/firmware/ibft: no iBFT"* ]]
	[[ "$output" == *"find an iSCSI root: none configured"* ]]
	run "$B/iscsistart" -b
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"fatal: unable to log in to the firmware's targets: $D/sys/firmware/ibft: no iBFT"* ]]
}

@test "-b / --cmdline rd.iscsi.firmware: the iBFT target is logged in to (here: no iscsi_tcp, exit 1 as for any root target), secrets never shown" {
	mkdir -p "$D/sys"
	cp -r "$FW/ipxe/firmware" "$D/sys/"
	echo "root=/dev/sda1" > "$D/cmdline"       # -b ignores configured targets
	run "$B/iscsistart" -b --no-daemon -d 8
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"target iqn.2026-11.org.iscsiroot:ibft: portal 10.0.2.2:3260: iscsi_tcp is not loaded"* ]]
	[[ "$output" == *"unable to log in to the root target iqn.2026-11.org.iscsiroot:ibft"* ]]
	[[ "$output" != *"Ibft-test-secret-42"* ]]
	echo "rd.iscsi.firmware=1" > "$D/cmdline"
	run "$B/iscsistart" --cmdline --no-daemon
	[ "$status" -eq 1 ]
	[[ "$output" == *"target iqn.2026-11.org.iscsiroot:ibft: portal 10.0.2.2:3260: iscsi_tcp is not loaded"* ]]
	echo 10.0.2 > "$D/sys/firmware/ibft/target0/ip-addr"
	run "$B/iscsistart" -b
	echo "$output"
	[ "$status" -eq 111 ]
	[[ "$output" == *"target0/ip-addr: '10.0.2'"* ]]
}

@test "-f: open-iscsi's record per iBFT target (the keys Debian's ISCSI_AUTO reads), secrets as ***" {
	mkdir -p "$D/sys/class/net/eth0"
	cp -r "$FW/ipxe-mutual/firmware" "$D/sys/"
	echo 52:54:00:12:34:56 > "$D/sys/class/net/eth0/address"
	run "$B/iscsistart" -f
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "# BEGIN RECORD iscsiroot
iface.initiatorname = iqn.2026-11.org.iscsiroot:initiator
iface.transport_name = tcp
iface.hwaddress = 52:54:00:12:34:56
iface.bootproto = DHCP
iface.ipaddress = 10.0.2.15
iface.prefix_len = 24
iface.subnet_mask = 255.255.255.0
iface.gateway = 10.0.2.2
iface.primary_dns = 10.0.2.3
iface.net_ifacename = eth0
node.name = iqn.2026-11.org.iscsiroot:ibft
node.conn[0].address = 10.0.2.2
node.conn[0].port = 3260
node.session.auth.username = ibftuser
node.session.auth.password = ***
node.session.auth.username_in = ibfttarget
node.session.auth.password_in = ***
node.boot_lun = 01000000
# END RECORD" ]
	# what Debian's local-top does with it: KEY = VALUE lines into variables
	ip=$(printf '%s\n' "$output" | sed -n 's/^iface.ipaddress = //p')
	proto=$(printf '%s\n' "$output" | sed -n 's/^iface.bootproto = //p')
	[ "$ip" = 10.0.2.15 ] && [ "$proto" = DHCP ]
	rm -r "$D/sys/firmware"
	cp -r "$FW/ipxe-static/firmware" "$D/sys/"
	run "$B/iscsistart" -f
	[ "$status" -eq 0 ]
	[[ "$output" == *"iface.bootproto = STATIC"$'\n'"iface.ipaddress = 10.0.2.20"* ]]
	[[ "$output" != *"node.session.auth"* ]]
	rm -r "$D/sys/firmware"
	run "$B/iscsistart" -f
	[ "$status" -eq 1 ]
	[[ "$output" == *"unable to print the iBFT: $D/sys/firmware/ibft: no iBFT"* ]]
}
