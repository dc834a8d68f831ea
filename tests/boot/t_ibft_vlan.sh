#!/bin/sh
# ipconfig ibft with a VLAN tag in the table: iPXE here writes no VLAN, so the
# guest reads a table of its own (ISCSIROOT_SYSFS=/ibftsys: the ethernet entry
# of tests/fixtures/ibft/ipxe-static with VLAN 5 and 10.5.0.20/24, class/net
# the guest's real one). ibft-reader must hand ipconfig the spec on eth0.5 and
# vlan=eth0.5:eth0, and ipconfig create the 802.1Q link and configure it.
# QEMU's user network drops tagged frames and this host has no 8021q, so the
# check is the guest's VLAN table, the address and the conf file, plus frames
# tagged with VID 5 leaving the NIC (filter-dump pcap); the root is then
# reached over eth0 with our iscsistart.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init ibft_vlan
rig_need_helpers ipconfig ibft-reader iscsistart
IQN=iqn.2026-11.org.iscsiroot:ibftvlan
rig_need_8021q
rig_root
rig_target "$IQN" "$WORK/root.img"
cat > "$WORK/login.sh" <<EOS
$RIG_VLAN_LOAD
e=/ibftsys/firmware/ibft/ethernet0
mkdir -p \$e /ibftsys/firmware/ibft/initiator
ln -s /sys/class /ibftsys/class
echo 3 > \$e/flags; echo 0 > \$e/index; echo 1 > \$e/origin; echo 10.5.0.20 > \$e/ip-addr
echo 24 > \$e/prefix-len; echo 10.5.0.1 > \$e/gateway; echo 5 > \$e/vlan
echo 52:54:00:12:34:56 > \$e/mac; echo vlanguest > \$e/hostname
rig_mark net
ISCSIROOT_SYSFS=/ibftsys /sbin/ipconfig -t 30 ibft || rig_die "ipconfig ibft failed: \$?"
rig_mark netup
echo "VLAN \$(grep '^eth0.5' /proc/net/vlan/config)"
echo "ADDR5 \$(ip -4 addr show dev eth0.5 | grep inet)"
sed 's/^/NETCONF: /' /run/net-eth0.5.conf
sed 's/^/CMDLINE: /' /run/iscsiroot/ibft.cmdline
ping -c 2 -W 1 10.5.0.1 >/dev/null 2>&1
ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
rig_login $IQN > /tmp/login.out
rig_switch_listed /tmp/login.out
EOS
# shellcheck disable=SC2086
rig_initramfs "$WORK/initrd" "$WORK/login.sh" "$B/ipconfig:/sbin/ipconfig" \
	"$B/ibft-reader:/sbin/ibft-reader" "$B/iscsistart:/sbin/iscsistart" $RIG_VLAN_BINS
RIG_NET="-netdev user,id=n0 -device virtio-net-pci,netdev=n0 -object filter-dump,id=d0,netdev=n0,file=$WORK/net.pcap" \
	rig_qemu "$WORK/initrd" ""
rig_expect "ibft-reader: nic of the iBFT: 10.5.0.20::10.5.0.1:24:vlanguest:eth0.5:none" "ibft-reader did not name the VLAN interface"
rig_expect "^CMDLINE: .*vlan=eth0.5:eth0" "no vlan= handed to ipconfig"
rig_expect "^VLAN eth0.5 *| 5 *| eth0" "eth0.5 is not VLAN 5 on eth0"
rig_expect "^ADDR5 .*inet 10.5.0.20/24" "no address on eth0.5"
rig_expect "^NETCONF: PROTO='none'" "no static conf for eth0.5"
rig_expect "^NETCONF: HOSTNAME='vlanguest'" "the table's host name is not in the conf"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sd" "root not reached"
od -An -tx1 -v "$WORK/net.pcap" | tr -d ' \n' | grep -q '810000050806' ||
	rig_fail "no ARP frame tagged with VLAN 5 in the NIC's pcap"
echo "tagged frames (VID 5) seen on the wire"
rig_pass
