#!/usr/bin/env bats
# ibft-reader CLI over /sys/firmware/ibft trees.  SPDX-License-Identifier: GPL-2.0-or-later
load helpers

setup() {
	T=$(mktemp -d)
	D=$T/firmware/ibft
	mkdir -p "$D/initiator" "$D/ethernet0" "$D/target0" "$D/acpi_header"
	echo iqn.2026-11.org.iscsiroot:initiator >"$D/initiator/initiator-name"
	echo 3 >"$D/ethernet0/flags"; echo 0 >"$D/ethernet0/index"
	echo 192.168.7.20 >"$D/ethernet0/ip-addr"; echo 24 >"$D/ethernet0/prefix-len"
	printf 255.255.255.0 >"$D/ethernet0/subnet-mask"
	echo 1 >"$D/ethernet0/origin"; echo 192.168.7.1 >"$D/ethernet0/gateway"
	echo 192.168.7.53 >"$D/ethernet0/primary-dns"; echo 52:54:00:ab:cd:ef >"$D/ethernet0/mac"
	echo 10 >"$D/ethernet0/vlan"; echo node7 >"$D/ethernet0/hostname"
	echo 3 >"$D/target0/flags"; echo 0 >"$D/target0/index"
	echo 192.168.7.2 >"$D/target0/ip-addr"; echo 3260 >"$D/target0/port"
	echo 010000000 >"$D/target0/lun"; echo 2 >"$D/target0/chap-type"; echo 0 >"$D/target0/nic-assoc"
	echo iqn.2026-11.org.iscsiroot:t7 >"$D/target0/target-name"
	echo user7 >"$D/target0/chap-name"; echo Secret-Out-1234 >"$D/target0/chap-secret"
	echo tgt7 >"$D/target0/rev-chap-name"; echo Secret-In-56789 >"$D/target0/rev-chap-name-secret"
	echo iBFT >"$D/acpi_header/signature"
}

teardown() { rm -rf "$T"; }

@test "ibft-reader: report names interface, target, LUN and CHAP users, never a secret" {
	run "$B/ibft-reader" --sysfs "$T"
	[ "$status" -eq 0 ]
	[[ "$output" == *"initiator  iqn.2026-11.org.iscsiroot:initiator"* ]]
	[[ "$output" == *"nic 0 [boot]  mac 52:54:00:ab:cd:ef  static (origin manual)  address 192.168.7.20/24  gateway 192.168.7.1  dns 192.168.7.53  vlan 10  hostname node7"* ]]
	[[ "$output" == *"target 0 [boot]  iqn.2026-11.org.iscsiroot:t7  portal 192.168.7.2:3260  lun 16 (table: 010000000)  nic 0  auth mutual CHAP user user7 secret ***  target user tgt7 secret ***"* ]]
	[[ "$output" != *Secret-* ]]
}

@test "ibft-reader -s: shell-safe assignments a script can source, without secrets" {
	run "$B/ibft-reader" -s --sysfs "$T"
	[ "$status" -eq 0 ]
	[[ "$output" != *Secret-* ]]
	eval "$output"
	[ "$IBFT_NNIC" = 1 ] && [ "$IBFT_NIC0_PROTO" = static ] && [ "$IBFT_NIC0_IP" = 192.168.7.20 ]
	[ "$IBFT_NIC0_PREFIX" = 24 ] && [ "$IBFT_NIC0_VLAN" = 10 ] && [ "$IBFT_NIC0_BOOT" = 1 ]
	[ "$IBFT_NTARGET" = 1 ] && [ "$IBFT_TARGET0_LUN" = 16 ] && [ "$IBFT_TARGET0_AUTH" = mutual ]
	[ "$IBFT_TARGET0_NAME" = iqn.2026-11.org.iscsiroot:t7 ] && [ "$IBFT_TARGET0_CHAP_USER_IN" = tgt7 ]
}

@test "ibft-reader: a hostile value is refused naming file and value (111); a secret is not echoed" {
	echo 'iqn.2026-11.x:t7;rm -rf /' >"$D/target0/target-name"
	run "$B/ibft-reader" --sysfs "$T"
	[ "$status" -eq 111 ]
	[[ "$output" == *"fatal: unable to read the iBFT: $D/target0/target-name"* ]]
	echo iqn.2026-11.org.iscsiroot:t7 >"$D/target0/target-name"
	printf 'Secret\tTab-1234\n' >"$D/target0/chap-secret"
	run "$B/ibft-reader" --sysfs "$T"
	[ "$status" -eq 111 ]
	[[ "$output" == *"target0/chap-secret: byte 6 is not printable ASCII"* ]]
	[[ "$output" != *Tab-1234* ]]
}

@test "ibft-reader: an ambiguous LUN text is refused, not guessed" {
	echo 12c000000 >"$D/target0/lun"
	run "$B/ibft-reader" --sysfs "$T"
	[ "$status" -eq 111 ]
	[[ "$output" == *"target0/lun: '12c000000'"* ]]
}

@test "ibft-reader: no table is exit 1 and says to load iscsi_ibft; ISCSIROOT_SYSFS is honoured" {
	rm -rf "$T/firmware"
	ISCSIROOT_SYSFS=$T run "$B/ibft-reader"
	[ "$status" -eq 1 ]
	[[ "$output" == *"$T/firmware/ibft: no iBFT"*"iscsi_ibft is not loaded"* ]]
}

@test "ibft-reader: unknown option is a usage error" {
	run "$B/ibft-reader" -b
	[ "$status" -eq 100 ]
	[[ "$output" == *"unexpected argument '-b'"* ]]
}

@test "ibft-reader --ip: static NIC with VLAN as ipconfig words, device found by MAC" {
	mkdir -p "$T/class/net/eth0" "$T/class/net/eth1"
	echo 52:54:00:00:00:01 >"$T/class/net/eth0/address"
	echo 52:54:00:ab:cd:ef >"$T/class/net/eth1/address"
	echo fd00::53 >"$D/ethernet0/secondary-dns"
	run "$B/ibft-reader" --ip --sysfs "$T"
	[ "$status" -eq 0 ]
	[ "$output" = "vlan=eth1.10:eth1
ip=192.168.7.20::192.168.7.1:24:node7:eth1.10:none:192.168.7.53:[fd00::53]" ]
	# what ipconfig makes of them (dry run, nothing applied, files in a private dir)
	run env ISCSIROOT_RUN="$T" "$B/ipconfig" -n "ip=192.168.7.20::192.168.7.1:255.255.255.0:node7:lo:none:192.168.7.53:[fd00::53]"
	[ "$status" -eq 0 ]
	grep -qx "IPV4ADDR='192.168.7.20'" "$T/net-lo.conf"
	grep -qx "IPV4DNS0='192.168.7.53'" "$T/net-lo.conf"
	grep -qx "HOSTNAME='node7'" "$T/net-lo.conf"
}

@test "ibft-reader --ip: DHCP origin; only NICs a boot uses; no interface with the MAC is named" {
	mkdir -p "$T/class/net/eth0" "$D/ethernet1"
	echo 52:54:00:ab:cd:ef >"$T/class/net/eth0/address"
	echo 3 >"$D/ethernet0/origin"; rm "$D/ethernet0/vlan"
	echo 1 >"$D/ethernet1/flags"; echo 1 >"$D/ethernet1/index"; echo 3 >"$D/ethernet1/origin"
	echo 52:54:00:00:00:99 >"$D/ethernet1/mac"
	run "$B/ibft-reader" --ip --sysfs "$T"
	[ "$status" -eq 0 ]
	[ "$output" = "ip=::::node7:eth0:dhcp:192.168.7.53" ]   # ethernet1: not boot-selected, no target uses it
	echo 1 >"$D/target0/nic-assoc"; echo 1 >"$D/ethernet0/flags"
	run "$B/ibft-reader" --ip --sysfs "$T"
	[ "$status" -eq 111 ]
	[[ "$output" == *"nic 1 of the iBFT: no network interface has MAC 52:54:00:00:00:99 (is its driver loaded?)"* ]]
}

@test "ibft-reader: a host name that would break ip= syntax is refused" {
	echo 'node7:eth9:dhcp' >"$D/ethernet0/hostname"
	run "$B/ibft-reader" --ip --sysfs "$T"
	[ "$status" -eq 111 ]
	[[ "$output" == *"ethernet0/hostname: 'node7:eth9:dhcp' is not a host name"* ]]
}
