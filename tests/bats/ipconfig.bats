#!/usr/bin/env bats
# ipconfig in network namespaces of the test's own: veth pair, dnsmasq as the
# DHCP server on 10.77.x addresses inside the server namespace, klibc's
# ipconfig as the comparator. SPDX-License-Identifier: GPL-2.0-or-later
load helpers

KLIBC=/usr/lib/klibc/bin/ipconfig
MAC1=02:00:00:77:00:01

setup() {
	[ "$(id -u)" -eq 0 ] || skip "needs root for network namespaces"
	command -v dnsmasq >/dev/null || skip "dnsmasq not installed"
	S=ipcs$$_$BATS_TEST_NUMBER C=ipcc$$_$BATS_TEST_NUMBER
	ip netns add "$S" || skip "cannot create network namespaces"
	ip netns add "$C"
	ip link add v0 netns "$S" type veth peer name v1 netns "$C"
	ip -n "$C" link set v1 address $MAC1
	ip -n "$S" addr add 10.77.0.1/24 dev v0
	ip -n "$S" link set v0 up
	ip -n "$S" link set lo up
	ip -n "$C" link set lo up
	T=$BATS_TEST_TMPDIR
	mkdir -p "$T/run"
	: > "$T/cmdline"
	export ISCSIROOT_RUN="$T/run" ISCSIROOT_CMDLINE="$T/cmdline"
	DNSMASQ_PID=
}

teardown() {
	[ -n "${DNSMASQ_PID:-}" ] && kill "$DNSMASQ_PID" 2>/dev/null && wait "$DNSMASQ_PID" 2>/dev/null
	if [ -f "$T/run/iscsiroot/ipconfig-v1.pid" ]; then kill "$(cat "$T/run/iscsiroot/ipconfig-v1.pid")" 2>/dev/null; fi
	ip netns del "$S" 2>/dev/null
	ip netns del "$C" 2>/dev/null
	true
}

# dnsmasq [extra options...]: DHCP server on v0 in $S, fixed address for MAC1
dnsmasq_start() {
	ip netns exec "$S" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --bind-interfaces \
		--interface=v0 --dhcp-range=10.77.0.50,10.77.0.60,255.255.255.0,2m --no-ping \
		--dhcp-host=$MAC1,10.77.0.42 --dhcp-option=3,10.77.0.1 --dhcp-option=6,10.77.0.1,10.77.0.2 \
		--dhcp-option=12,node42 --dhcp-option=15,example.test --dhcp-option=119,a.test,b.test \
		--dhcp-option=17,iscsi:10.77.0.1::3260:1:iqn.2003-01.test:disk1 \
		--pid-file= --leasefile-ro --log-dhcp --log-facility="$T/dnsmasq.log" "$@" &
	DNSMASQ_PID=$!
	for _ in $(seq 50); do grep -q 'DHCP, sockets bound' "$T/dnsmasq.log" 2>/dev/null && return 0; sleep 0.1; done
	return 1
}

# (own UTS namespace: klibc's ipconfig and ours set the hostname they learn)
ipc() { ip netns exec "$C" unshare -u "$B/ipconfig" "$@"; }

# the conf klibc's ipconfig writes for the same arguments (its /run is a private tmpfs)
klibc_conf() {
	ip netns exec "$C" unshare -m -u sh -c 'mount -t tmpfs none /run && "$@" >&2 && cat /run/net-*.conf' \
		sh "$KLIBC" "$@"
}

@test "ipconfig: DHCP from dnsmasq: same /run/net-v1.conf as klibc ipconfig (but UPTIME)" {
	[ -x "$KLIBC" ] || skip "klibc-utils not installed"
	dnsmasq_start
	ip -n "$C" link set v1 up
	run klibc_conf -t 10 v1
	echo "$output"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -v '^UPTIME=' | grep "^[A-Za-z0-9]*='" > "$T/klibc.conf"
	ip -n "$C" addr flush dev v1
	ip -n "$C" link set v1 down
	run ipc -t 10 v1
	echo "$output"
	[ "$status" -eq 0 ]
	grep -v '^UPTIME=' "$T/run/net-v1.conf" > "$T/ours.conf"
	diff -u "$T/klibc.conf" "$T/ours.conf"
	grep -q "^ROOTPATH='iscsi:10.77.0.1::3260:1:iqn.2003-01.test:disk1'$" "$T/ours.conf"
	grep -q "^DOMAINSEARCH='a.test. b.test.'$" "$T/ours.conf"
	grep -Eq "^UPTIME='[0-9]+'$" "$T/run/net-v1.conf"
}

@test "ipconfig: same conf as klibc for -c dhcp -d v1, :::::v1:dhcp, hostname in the spec, options 121/26/42" {
	[ -x "$KLIBC" ] || skip "klibc-utils not installed"
	dnsmasq_start --dhcp-option=121,192.168.5.0/24,10.77.0.1 --dhcp-option=26,1400 --dhcp-option=42,10.77.0.9
	for args in "-c dhcp -d v1" ":::::v1:dhcp" "::::myname:v1:dhcp"; do
		ip -n "$C" link set v1 up
		# shellcheck disable=SC2086
		run klibc_conf -t 10 $args
		[ "$status" -eq 0 ]
		printf '%s\n' "$output" | grep "^[A-Za-z0-9]*='" | grep -v '^UPTIME=' > "$T/klibc.conf"
		ip -n "$C" addr flush dev v1
		ip -n "$C" link set v1 down
		rm -f "$T/run/net-v1.conf"
		# shellcheck disable=SC2086
		run ipc -t 10 $args
		echo "$args: $output"
		[ "$status" -eq 0 ]
		grep -v -e '^UPTIME=' -e '^MTU=' "$T/run/net-v1.conf" > "$T/ours.conf"
		diff -u "$T/klibc.conf" "$T/ours.conf"
		ip -n "$C" addr flush dev v1
	done
}

@test "ipconfig: DHCP installs the address with its lease lifetime and the default route" {
	dnsmasq_start
	run ipc -t 10 -d v1
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"DHCP lease 10.77.0.42/24 from 10.77.0.1"* ]]
	[[ "$output" == *"v1: host name 'node42'"* ]]
	[ "$(hostname)" != node42 ]      # set in the test's own UTS namespace only
	run ip -n "$C" -4 addr show dev v1
	echo "$output"
	[[ "$output" == *"inet 10.77.0.42/24 brd 10.77.0.255"* ]]
	[[ "$output" =~ valid_lft\ 1[0-2][0-9]sec ]]
	run ip -n "$C" route show default
	[[ "$output" == "default via 10.77.0.1 dev v1"* ]]
}

@test "ipconfig: DHCP is prompt: lease in under a second from dnsmasq" {
	dnsmasq_start
	start=$(date +%s%N)
	run ipc -t 10 v1
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	echo "$output ($ms ms)"
	[ "$status" -eq 0 ]
	[ "$ms" -lt 1000 ]
}

@test "ipconfig: option 121 routes and option 26 MTU are applied" {
	dnsmasq_start --dhcp-option=121,192.168.5.0/24,10.77.0.1,0.0.0.0/0,10.77.0.1 --dhcp-option=26,1400
	run ipc -t 10 v1
	echo "$output"
	[ "$status" -eq 0 ]
	run ip -n "$C" route
	echo "$output"
	[[ "$output" == *"192.168.5.0/24 via 10.77.0.1 dev v1"* ]]
	[[ "$output" == *"default via 10.77.0.1 dev v1"* ]]
	ip -n "$C" link show v1 | grep -q 'mtu 1400'
	grep -q "^MTU='1400'$" "$T/run/net-v1.conf"
	# klibc's keys for option 121, in place of IPV4GATEWAY
	grep -q "^IPV4ROUTE0SUBNET='192.168.5.0/24'$" "$T/run/net-v1.conf"
	grep -q "^IPV4ROUTE1SUBNET='0.0.0.0/0'$" "$T/run/net-v1.conf"
	grep -q "^IPV4ROUTE1GATEWAY='10.77.0.1'$" "$T/run/net-v1.conf"
	! grep -q "^IPV4GATEWAY=" "$T/run/net-v1.conf"
}

@test "ipconfig: a server that never answers: exit 99 after the deadline, naming what was tried" {
	start=$(date +%s%N)
	run ipc -t 2.5 v1
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	echo "$output ($ms ms)"
	[ "$status" -eq 99 ]
	[ "$ms" -ge 2400 ] && [ "$ms" -lt 4500 ]
	[[ "$output" =~ v1:\ no\ DHCP\ lease:\ [0-9]+\ DISCOVERs\ sent ]]
	[[ "$output" == *"deadline of 2500 ms passed"* ]]
	! [ -e "$T/run/net-v1.conf" ]
}

@test "ipconfig: no carrier: exit 99 saying so" {
	ip -n "$S" link set v0 down
	run ipc -t 1 v1
	echo "$output"
	[ "$status" -eq 99 ]
	[[ "$output" == *"v1: no carrier within the deadline"* ]]
}

@test "ipconfig: static spec: same conf as klibc, address and default route" {
	[ -x "$KLIBC" ] || skip "klibc-utils not installed"
	spec=10.77.0.9:10.77.0.1:10.77.0.1:255.255.255.0:box:v1:none
	run klibc_conf -t 3 "$spec"
	echo "$output"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -v '^UPTIME=' | grep "^[A-Za-z0-9]*='" > "$T/klibc.conf"
	ip -n "$C" addr flush dev v1
	ip -n "$C" route flush table main
	run ipc -t 3 "$spec"
	echo "$output"
	[ "$status" -eq 0 ]
	grep -v '^UPTIME=' "$T/run/net-v1.conf" > "$T/ours.conf"
	diff -u "$T/klibc.conf" "$T/ours.conf"
	ip -n "$C" -4 addr show dev v1 | grep -q 'inet 10.77.0.9/24 brd 10.77.0.255'
	ip -n "$C" route show default | grep -q 'default via 10.77.0.1 dev v1'
	ip -n "$C" route get 10.99.1.1 | grep -q 'via 10.77.0.1 dev v1 src 10.77.0.9'
}

@test "ipconfig: same conf as klibc for static specs without mask (class default), off, static" {
	[ -x "$KLIBC" ] || skip "klibc-utils not installed"
	for spec in "10.77.0.9::10.77.0.1:::v1:none" "192.168.3.9:::::v1:off" \
		"172.16.1.2:10.1.1.1::255.255.0.0:h:v1:static"; do
		ip -n "$C" addr flush dev v1
		ip -n "$C" route flush table main
		run klibc_conf -t 3 "$spec"
		[ "$status" -eq 0 ]
		printf '%s\n' "$output" | grep "^[A-Za-z0-9]*='" | grep -v '^UPTIME=' > "$T/klibc.conf"
		ip -n "$C" addr flush dev v1
		ip -n "$C" route flush table main
		run ipc -t 3 "$spec"
		echo "$spec: $output"
		[ "$status" -eq 0 ]
		grep -v '^UPTIME=' "$T/run/net-v1.conf" > "$T/ours.conf"
		diff -u "$T/klibc.conf" "$T/ours.conf"
	done
}

@test "ipconfig: static, server off-subnet and no gateway: host route to it" {
	run ipc -t 3 -d 10.77.0.9:10.99.0.7::255.255.255.0::v1:off
	echo "$output"
	[ "$status" -eq 0 ]
	run ip -n "$C" route show 10.99.0.7
	echo "$output"
	[[ "$output" == "10.99.0.7 dev v1 scope link"* ]]
	grep -q "^ROOTSERVER='10.99.0.7'$" "$T/run/net-v1.conf"
	grep -q "^IPV4GATEWAY='0.0.0.0'$" "$T/run/net-v1.conf"
}

@test "ipconfig: -n with a static spec changes nothing but writes the conf" {
	run ipc -n 10.77.0.9::10.77.0.1:24::v1:none
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"dry run"* ]]
	! ip -n "$C" -4 addr show dev v1 | grep -q inet
	grep -q "^IPV4ADDR='10.77.0.9'$" "$T/run/net-v1.conf"
}

@test "ipconfig: IPv6 static address and gateway" {
	ip -n "$S" addr add fd77::1/64 dev v0 nodad
	run ipc -t 3 '[fd77::9]::[fd77::1]:64:h6:v1:none:[fd77::53]'
	echo "$output"
	[ "$status" -eq 0 ]
	ip -n "$C" -6 addr show dev v1 | grep -q 'inet6 fd77::9/64 scope global'
	ip -n "$C" -6 route show default | grep -q 'default via fd77::1 dev v1'
	grep -q "^IPV6ADDR='fd77::9'$" "$T/run/net-v1.conf"
	grep -q "^IPV6DNS0='fd77::53'$" "$T/run/net-v1.conf"
	ip -n "$C" -6 route get 2001:db8::1 | grep -q 'via fd77::1 dev v1 .*src fd77::9'
}

@test "ipconfig: auto6 waits for a SLAAC address (dnsmasq router advertisements)" {
	ip -n "$S" addr add fd78::1/64 dev v0 nodad
	ip netns exec "$S" sysctl -qw net.ipv6.conf.all.forwarding=1
	dnsmasq_start --enable-ra --dhcp-range=fd78::,ra-only,64
	run ipc -t 15 v1:auto6
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"SLAAC address fd78::"* ]]
	grep -q "^IPV6ADDR='fd78::" "$T/run/net-v1.conf"
	gw=$(ip -n "$S" -6 addr show dev v0 scope link | sed -n 's/.*inet6 \(fe80::[0-9a-f:]*\)\/64.*/\1/p')
	echo "router $gw"
	grep -q "^IPV6GATEWAY='$gw'$" "$T/run/net-v1.conf"
}

@test "ipconfig: no arguments follows the kernel command line (ip=, nameserver=)" {
	dnsmasq_start
	echo "root=/dev/sda ip=:::::v1:dhcp nameserver=10.9.9.9 quiet" > "$T/cmdline"
	run ipc -t 10
	echo "$output"
	[ "$status" -eq 0 ]
	grep -q "^IPV4ADDR='10.77.0.42'$" "$T/run/net-v1.conf"
	echo "ip=10.77.0.8:::24::v1:none:: nameserver=10.9.9.9" > "$T/cmdline"
	ip -n "$C" addr flush dev v1
	run ipc
	echo "$output"
	[ "$status" -eq 0 ]
	grep -q "^IPV4DNS0='10.9.9.9'$" "$T/run/net-v1.conf"
	echo "ip=off" > "$T/cmdline"
	run ipc
	[ "$status" -eq 0 ]
	[[ "$output" == *"no network configuration"* ]]
}

@test "ipconfig: BOOTIF= picks the NIC by MAC among several (ip=dhcp on any)" {
	dnsmasq_start
	ip link add w0 netns "$S" type veth peer name w1 netns "$C"
	ip -n "$C" link set w1 address 02:00:00:77:00:02
	ip -n "$S" link set w0 up
	echo "ip=dhcp BOOTIF=01-02-00-00-77-00-01" > "$T/cmdline"
	run ipc -t 10
	echo "$output"
	[ "$status" -eq 0 ]
	[ -e "$T/run/net-v1.conf" ]
	! [ -e "$T/run/net-w1.conf" ]
	[[ "$output" != *"w1"* ]]
	echo "ip=dhcp BOOTIF=01-02-00-00-77-00-09" > "$T/cmdline"
	run ipc -t 1
	echo "$output"
	[ "$status" -eq 99 ]
	[[ "$output" == *"BOOTIF= names (02:00:00:77:00:09)"* ]]
}

@test "ipconfig: ip=dhcp on every NIC: the one with a server wins" {
	dnsmasq_start
	ip link add w0 netns "$S" type veth peer name w1 netns "$C"
	ip -n "$S" link set w0 up
	run ipc -t 10 dhcp
	echo "$output"
	[ "$status" -eq 0 ]
	[ -e "$T/run/net-v1.conf" ]
	! [ -e "$T/run/net-w1.conf" ]
}

@test "ipconfig: vlan= creates an 802.1Q link and DHCP runs over it" {
	ip -n "$S" addr flush dev v0
	ip -n "$S" link add link v0 name v0.5 type vlan id 5 || skip "no 802.1Q support in this kernel (tested in the QEMU boot test)"
	ip -n "$S" addr add 10.77.5.1/24 dev v0.5
	ip -n "$S" link set v0.5 up
	ip netns exec "$S" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --bind-interfaces \
		--interface=v0.5 --dhcp-range=10.77.5.50,10.77.5.60,2m --no-ping \
		--pid-file= --leasefile-ro --log-facility="$T/dnsmasq.log" &
	DNSMASQ_PID=$!
	sleep 0.3
	echo "vlan=v1.5:v1 ip=v1.5:dhcp" > "$T/cmdline"
	run ipc -t 10
	echo "$output"
	[ "$status" -eq 0 ]
	ip -n "$C" -d link show v1.5 | grep -q 'vlan protocol 802.1Q id 5'
	grep -q "^IPV4ADDR='10.77.5.5[0-9]'$" "$T/run/net-v1.5.conf"
}

@test "ipconfig: ifname= renames the NIC with that MAC before use" {
	echo "ifname=boot0:$MAC1 ip=10.77.0.9:::24::boot0:none" > "$T/cmdline"
	run ipc -t 3
	echo "$output"
	[ "$status" -eq 0 ]
	ip -n "$C" -4 addr show dev boot0 | grep -q 'inet 10.77.0.9/24'
	[ -e "$T/run/net-boot0.conf" ]
}

@test "ipconfig: dracut mtu and mac fields are applied" {
	run ipc -t 3 10.77.0.9:::24::v1:none:1300:02:00:00:77:00:aa
	echo "$output"
	[ "$status" -eq 0 ]
	run ip -n "$C" link show v1
	[[ "$output" == *"mtu 1300"* ]]
	[[ "$output" == *"link/ether 02:00:00:77:00:aa"* ]]
}

@test "ipconfig: resident (@ argv[0]) renews the lease twice" {
	dnsmasq_start --dhcp-option=58,2 --dhcp-option=59,3
	ln -s "$B/ipconfig" "$T/@ipconfig"
	ip netns exec "$C" unshare -u "$T/@ipconfig" -t 10 v1 2> "$T/ipc.log"
	pid=$(cat "$T/run/iscsiroot/ipconfig-v1.pid")
	kill -0 "$pid"
	for _ in $(seq 100); do
		[ "$(grep -c 'DHCPACK(v0) 10.77.0.42' "$T/dnsmasq.log")" -ge 3 ] && break
		sleep 0.1
	done
	cat "$T/dnsmasq.log"
	[ "$(grep -c 'DHCPACK(v0) 10.77.0.42' "$T/dnsmasq.log")" -ge 3 ]
	kill -0 "$pid"
	ip -n "$C" -4 addr show dev v1 | grep -q 'inet 10.77.0.42/24'
	cat "$T/ipc.log"
	grep -q 'staying resident' "$T/ipc.log"
	[ "$(grep -c 'v1: renewed 10.77.0.42 for 120 s' "$T/ipc.log")" -ge 2 ]
}

@test "ipconfig: resident: a NAK to a renewal starts DHCP over and the new lease is applied" {
	dnsmasq_start --dhcp-option=58,2 --dhcp-option=59,3
	ln -s "$B/ipconfig" "$T/@ipconfig"
	ip netns exec "$C" unshare -u "$T/@ipconfig" -t 10 v1 2> "$T/ipc.log"
	kill "$DNSMASQ_PID"; wait "$DNSMASQ_PID" 2>/dev/null
	# a different, authoritative server that does not know 10.77.0.42
	ip netns exec "$S" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --bind-interfaces \
		--interface=v0 --dhcp-range=10.77.0.70,10.77.0.80,255.255.255.0,2m --no-ping \
		--dhcp-authoritative --dhcp-option=58,2 --dhcp-option=59,3 \
		--pid-file= --leasefile-ro --log-dhcp --log-facility="$T/dnsmasq2.log" &
	DNSMASQ_PID=$!
	for _ in $(seq 100); do grep -q 'DHCP lease 10.77.0.[78]' "$T/ipc.log" && break; sleep 0.1; done
	cat "$T/ipc.log"
	grep -q 'DHCPNAK(v0) 10.77.0.42' "$T/dnsmasq2.log"
	grep -q 'v1: renewal refused (DHCPNAK)' "$T/ipc.log"
	grep -q 'v1: lease on 10.77.0.42 refused by the server; requesting a new one' "$T/ipc.log"
	grep -q 'v1: DHCP lease 10.77.0.[78][0-9]/24 from 10.77.0.1' "$T/ipc.log"
	ip -n "$C" -4 addr show dev v1 | grep -q 'inet 10.77.0.[78][0-9]/24'
	grep -q "^IPV4ADDR='10.77.0.[78][0-9]'$" "$T/run/net-v1.conf"
	kill -0 "$(cat "$T/run/iscsiroot/ipconfig-v1.pid")"
}

@test "ipconfig: unknown device: exit 111 naming it and listing what exists" {
	run ipc -t 0.3 nosuch0
	echo "$output"
	[ "$status" -eq 111 ]
	[[ "$output" == *"unable to find device 'nosuch0' (have: lo v1)"* ]]
}

@test "ipconfig: malformed specs and cmdline values: usage errors naming the value" {
	run ipc 10.77.0.300::::::none
	[ "$status" -eq 100 ]
	[[ "$output" == *"invalid spec '10.77.0.300::::::none': bad client address"* ]]
	run ipc -c rarpish v1
	[ "$status" -eq 100 ]
	[[ "$output" == *"unknown protocol 'rarpish'"* ]]
	echo "quiet vlan=v1.9999:v1" > "$T/cmdline"
	run ipc
	[ "$status" -eq 100 ]
	[[ "$output" == *"'v1.9999:v1'"* ]]
	: > "$T/cmdline"
	run ipc dhcp6
	[ "$status" -eq 100 ]
	[[ "$output" == *"DHCPv6 (dhcp6) is not supported"* ]]
	run ipc -t 5x v1
	[ "$status" -eq 100 ]
	[[ "$output" == *"invalid timeout '5x'"* ]]
}

# initramfs-tools' own configure_networking (scripts/functions), with our
# ipconfig first on PATH, in a private /run: every way it calls ipconfig
itt_net() { # itt_net IP DEVICE
	mkdir -p "$T/bin"
	ln -sf "$B/ipconfig" "$T/bin/ipconfig"
	ip netns exec "$C" unshare -m -u sh -c '
		mount -t tmpfs none /run || exit 1
		export PATH="$1:$PATH" ISCSIROOT_RUN=/run
		. /usr/share/initramfs-tools/scripts/functions
		log_begin_msg() { :; }; log_end_msg() { :; }
		IP=$2 DEVICE=$3 ROUNDTTT=
		configure_networking
		echo "SOURCED DEVICE=$DEVICE IPV4ADDR=$IPV4ADDR PROTO=$PROTO ROOTPATH=$ROOTPATH"' \
		sh "$T/bin" "$1" "$2"
}

@test "ipconfig: initramfs-tools' configure_networking works with ours for ip=dhcp, on, \"\", long form" {
	[ -r /usr/share/initramfs-tools/scripts/functions ] || skip "initramfs-tools not installed"
	dnsmasq_start
	for ipv in dhcp on "" ":::::v1:dhcp"; do
		run itt_net "$ipv" v1
		echo "IP='$ipv': $output"
		[ "$status" -eq 0 ]
		[[ "$output" == *"SOURCED DEVICE=v1 IPV4ADDR=10.77.0.42 PROTO=dhcp ROOTPATH=iscsi:10.77.0.1::3260:1:iqn.2003-01.test:disk1"* ]]
		ip -n "$C" addr flush dev v1
	done
	run itt_net "10.77.0.9::10.77.0.1:255.255.255.0::v1:none" ""
	echo "$output"
	[[ "$output" == *"SOURCED DEVICE=v1 IPV4ADDR=10.77.0.9 PROTO=none"* ]]
}

# A lying DHCP server (socat + printf): answers the first DISCOVER with an
# OFFER whose option 12 claims 200 bytes but carries 2.
@test "ipconfig: a DHCP reply lying about an option length is dropped, named, and not used" {
	command -v socat >/dev/null || skip "socat not installed"
	cat > "$T/fake.sh" <<'EOS'
d=$(socat -u UDP4-RECVFROM:67,reuseaddr - | od -An -tx1 -v | tr -d ' \n')
x=$(printf '%s' "$d" | cut -c9-16)
oct() { for h in $(printf '%s' "$1" | sed 's/../& /g'); do printf '\\%03o' "0x$h"; done; }
{
	printf '\002\001\006\000'; printf "$(oct "$x")"
	printf '\000\000\200\000\000\000\000\000'
	printf '\012\115\000\052\012\115\000\001\000\000\000\000'
	printf '\002\000\000\167\000\001'; head -c 202 /dev/zero
	printf '\143\202\123\143'
	printf '\065\001\002\066\004\012\115\000\001\014\310ab\377'
} > "$1/offer.bin"
socat -u "OPEN:$1/offer.bin" UDP4-DATAGRAM:255.255.255.255:68,broadcast,sourceport=67,so-bindtodevice=v0
EOS
	ip netns exec "$S" sh "$T/fake.sh" "$T" &
	FAKE=$!
	sleep 0.3
	run ipc -t 2 v1
	wait "$FAKE"
	echo "$output"
	od -A d -t x1 "$T/offer.bin" | head -3
	[ "$(stat -c %s "$T/offer.bin")" -eq 254 ]
	[ "$status" -eq 99 ]
	[[ "$output" == *"v1: dropped a malformed DHCP reply: option 12 length 200 runs past the end of the options (3 bytes left)"* ]]
	[[ "$output" == *"0 offer(s)"* ]]
	! ip -n "$C" -4 addr show dev v1 | grep -q 10.77.0.42
}

# A scripted server (socat + printf): a valid OFFER, then a NAK to the REQUEST.
@test "ipconfig: DHCPNAK is reported with the server's message and DHCP starts over" {
	command -v socat >/dev/null || skip "socat not installed"
	cat > "$T/fake.sh" <<'EOS'
oct() { for h in $(printf '%s' "$1" | sed 's/../& /g'); do printf '\\%03o' "0x$h"; done; }
# answer TYPE-OPTIONS (octal escapes) to the next client message
answer() {
	x=$(socat -u UDP4-RECVFROM:67,reuseaddr - | od -An -tx1 -v | tr -d ' \n' | cut -c9-16)
	{
		printf '\002\001\006\000'; printf "$(oct "$x")"
		printf '\000\000\200\000\000\000\000\000'
		printf '\012\115\000\052\012\115\000\001\000\000\000\000'
		printf '\002\000\000\167\000\001'; head -c 202 /dev/zero
		printf '\143\202\123\143'; printf "$1"; printf '\377'
	} > "$T/reply.bin"
	socat -u "OPEN:$T/reply.bin" UDP4-DATAGRAM:255.255.255.255:68,broadcast,sourceport=67,so-bindtodevice=v0
}
T=$1
answer '\065\001\002\066\004\012\115\000\001\001\004\377\377\377\000\063\004\000\000\016\020'
answer '\065\001\006\066\004\012\115\000\001\070\007go away'
EOS
	ip netns exec "$S" sh "$T/fake.sh" "$T" &
	FAKE=$!
	sleep 0.3
	run ipc -t 2.5 v1
	wait "$FAKE"
	echo "$output"
	[ "$status" -eq 99 ]
	[[ "$output" == *"v1: DHCPNAK from 10.77.0.1: go away; starting over"* ]]
	[[ "$output" =~ v1:\ no\ DHCP\ lease:\ [0-9]+\ DISCOVERs\ sent\ over\ [0-9]+\ ms,\ 1\ offer\(s\),\ 1\ NAK\(s\) ]]
	! ip -n "$C" -4 addr show dev v1 | grep -q 10.77.0.42
}

# ---- ip=ibft: the network the firmware's iBFT describes (tests/fixtures/ibft:
# tables iPXE really wrote; NIC 52:54:00:12:34:56)
FW="$BATS_TEST_DIRNAME/../fixtures/ibft"
IBFT_MAC=52:54:00:12:34:56

# fwtree NAME: $T/sys = that fixture's firmware/ibft plus the namespace's
# real class/net (ip netns exec mounts a sysfs of the namespace on /sys)
fwtree() {
	rm -rf "$T/sys"
	mkdir -p "$T/sys"
	cp -r "$FW/$1/firmware" "$T/sys/"
	ln -s /sys/class "$T/sys/class"
	export ISCSIROOT_SYSFS="$T/sys"
}

@test "ipconfig: ip=ibft, static iBFT (iPXE): same conf as the equivalent static spec, on the NIC with its MAC" {
	ip -n "$C" link set v1 address $IBFT_MAC
	run ipc -n 10.0.2.20::10.0.2.2:255.255.255.0::v1:none:10.0.2.3
	[ "$status" -eq 0 ]
	grep -v '^UPTIME=' "$T/run/net-v1.conf" > "$T/spec.conf"
	rm "$T/run/net-v1.conf"
	echo "ip=ibft" > "$T/cmdline"
	fwtree ipxe-static
	run ipc -n
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"nic of the iBFT: 10.0.2.20::10.0.2.2:24::v1:none:10.0.2.3"* ]]
	grep -v '^UPTIME=' "$T/run/net-v1.conf" > "$T/ibft.conf"
	diff -u "$T/spec.conf" "$T/ibft.conf"
	grep -q "^PROTO='none'$" "$T/ibft.conf"
	grep -q "^IPV4ADDR='10.0.2.20'$" "$T/ibft.conf"
	! ip -n "$C" -4 addr show dev v1 | grep -q inet
	# applied (not -n), given as the argument "ibft" instead of the cmdline
	: > "$T/cmdline"
	run ipc -t 3 ibft
	echo "$output"
	[ "$status" -eq 0 ]
	ip -n "$C" -4 addr show dev v1 | grep -q 'inet 10.0.2.20/24'
	ip -n "$C" route show default | grep -q 'default via 10.0.2.2 dev v1'
}

@test "ipconfig: ip=ibft, DHCP iBFT (iPXE, origin 3): DHCP on the NIC with its MAC, PROTO=dhcp" {
	ip -n "$C" link set v1 address $IBFT_MAC
	dnsmasq_start
	echo "ip=ibft" > "$T/cmdline"
	ip -n "$C" link add w9 type veth peer name w8    # Ethernet devices with other MACs: left alone
	fwtree ipxe
	run ipc -t 10
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"nic of the iBFT: :::::v1:dhcp:10.0.2.3"* ]]
	grep -q "^PROTO='dhcp'$" "$T/run/net-v1.conf"
	grep -q "^IPV4ADDR='10.77.0.5[0-9]'$" "$T/run/net-v1.conf"
	[ ! -e "$T/run/net-w9.conf" ]
}

@test "ipconfig: ip=ibft with a VLAN tag: the 802.1Q link over the NIC gets the static address" {
	ip -n "$C" link set v1 address $IBFT_MAC
	fwtree ipxe-static
	echo 24581 > "$T/sys/firmware/ibft/ethernet0/vlan"     # priority 3, id 5
	echo guest7 > "$T/sys/firmware/ibft/ethernet0/hostname"
	echo "ip=ibft nameserver=10.0.2.9" > "$T/cmdline"
	# -n does not create the VLAN link: the spec and the vlan= handed on are checked
	run ipc -n -t 0.3
	echo "$output"
	[[ "$output" == *"nic of the iBFT: 10.0.2.20::10.0.2.2:24:guest7:v1.5:none:10.0.2.3"* ]]
	grep -q "ip=ibft nameserver=10.0.2.9 vlan=v1.5:v1" "$T/run/iscsiroot/ibft.cmdline"
	ip -n "$C" link add link v1 name vt type vlan id 9 || skip "no 802.1Q support in this kernel (tested in the QEMU boot test)"
	ip -n "$C" link del vt
	run ipc -t 3
	echo "$output"
	[ "$status" -eq 0 ]
	ip -n "$C" -d link show v1.5 | grep -q 'vlan protocol 802.1Q id 5'
	ip -n "$C" -4 addr show dev v1.5 | grep -q 'inet 10.0.2.20/24'
	grep -q "^HOSTNAME='guest7'$" "$T/run/net-v1.5.conf"
	[ ! -e "$T/run/net-v1.conf" ]
	grep -q "ip=ibft nameserver=10.0.2.9 vlan=v1.5:v1" "$T/run/iscsiroot/ibft.cmdline"
}

@test "ipconfig: ip=ibft without a table: exit 1 naming /sys/firmware/ibft and iscsi_ibft; bad table: exit 111 naming the file" {
	echo "ip=ibft" > "$T/cmdline"
	mkdir -p "$T/sys"
	ISCSIROOT_SYSFS="$T/sys" run ipc -n
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"$T/sys/firmware/ibft: no iBFT"*"iscsi_ibft is not loaded"* ]]
	cp -r "$FW/ipxe-static/firmware" "$T/sys/"
	echo 10.0.2 > "$T/sys/firmware/ibft/ethernet0/ip-addr"
	ISCSIROOT_SYSFS="$T/sys" run ipc -n
	echo "$output"
	[ "$status" -eq 111 ]
	[[ "$output" == *"ethernet0/ip-addr: '10.0.2' is not"* ]]
}

@test "ipconfig: ip=ibft, no device has the iBFT NIC's MAC: exit 99 naming the MAC" {
	fwtree ipxe-static
	run ipc -n -t 1 ibft
	echo "$output"
	[ "$status" -eq 99 ]
	[[ "$output" == *"nic 0 of the iBFT: no network interface has MAC 52:54:00:12:34:56 (is its driver loaded?)"* ]]
}

@test "iscsistart -N: the network from the iBFT by ipconfig ibft (open-iscsi's option, the Arch hook's first step)" {
	ip -n "$C" link set v1 address $IBFT_MAC
	fwtree ipxe-static
	run ip netns exec "$C" unshare -u "$B/iscsistart" -n -N
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"nic of the iBFT: 10.0.2.20::10.0.2.2:24::v1:none:10.0.2.3"* ]]
	grep -q "^IPV4ADDR='10.0.2.20'$" "$T/run/net-v1.conf"
	run ip netns exec "$C" unshare -u "$B/iscsistart" -N
	[ "$status" -eq 0 ]
	ip -n "$C" -4 addr show dev v1 | grep -q 'inet 10.0.2.20/24'
}
