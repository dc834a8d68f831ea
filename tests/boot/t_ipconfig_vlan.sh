#!/bin/sh
# 802.1Q: kernel "vlan=eth0.5:eth0" and two ip= specs (eth0 static for the
# iSCSI login, eth0.5 static on VLAN 5); ipconfig (ours, no arguments)
# creates eth0.5 over rtnetlink and configures both. QEMU's user network
# drops tagged frames and this host kernel has no 8021q, so nothing answers
# on VLAN 5: the test checks the guest's VLAN table and that frames tagged
# with VID 5 leave the NIC (QEMU filter-dump pcap), then logs in over eth0.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init ipconfig_vlan
rig_need_helpers ipconfig
rig_need_openiscsi
IQN=iqn.2026-11.org.iscsiroot:ipcvlan
rig_need_8021q
rig_root
rig_target "$IQN" "$WORK/root.img"
cat > "$WORK/login.sh" <<EOS
$RIG_VLAN_LOAD
rig_mark net
/sbin/ipconfig -t 30 || rig_die "ipconfig failed: \$?"
rig_mark netup
echo "VLAN \$(grep '^eth0.5' /proc/net/vlan/config)"
echo "ADDR5 \$(ip -4 addr show dev eth0.5 | grep inet)"
ls /run/net-*.conf | sed 's/^/CONFFILE: /'
ping -c 2 -W 1 10.5.0.1 >/dev/null 2>&1
rig_login -p 3260 -d /dev/sda $IQN
rig_switch /dev/sda
EOS
# shellcheck disable=SC2086
rig_initramfs "$WORK/initrd" "$WORK/login.sh" "$B/ipconfig:/sbin/ipconfig" /usr/sbin/iscsistart:/sbin/iscsistart $RIG_VLAN_BINS
RIG_NET="-netdev user,id=n0 -device virtio-net-pci,netdev=n0 -object filter-dump,id=d0,netdev=n0,file=$WORK/net.pcap" \
	rig_qemu "$WORK/initrd" "vlan=eth0.5:eth0 ip=10.0.2.15::10.0.2.2:24::eth0:none ip=10.5.0.15:::24::eth0.5:none"
rig_expect "^VLAN eth0.5 *| 5 *| eth0" "eth0.5 is not VLAN 5 on eth0"
rig_expect "^ADDR5 .*inet 10.5.0.15/24" "no address on eth0.5"
rig_expect "^CONFFILE: /run/net-eth0.5.conf" "no conf for eth0.5"
rig_expect "^CONFFILE: /run/net-eth0.conf" "no conf for eth0"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sda" "root not reached"
# Ethernet header then TPID 0x8100, TCI with VID 5, ARP (0x0806)
od -An -tx1 -v "$WORK/net.pcap" | tr -d ' \n' | grep -q '810000050806' ||
	rig_fail "no ARP frame tagged with VLAN 5 in the NIC's pcap"
echo "tagged frames (VID 5) seen on the wire"
rig_pass
