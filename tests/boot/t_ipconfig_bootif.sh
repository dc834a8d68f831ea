#!/bin/sh
# BOOTIF= picks the second of two NICs: kernel "ip=dhcp BOOTIF=01-<mac of
# NIC 2>", two QEMU user networks each with its own DHCP server; ipconfig
# (ours, no arguments) must configure eth1 only, and the iSCSI login goes
# through it. SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init ipconfig_bootif
rig_need_helpers ipconfig
rig_need_openiscsi
IQN=iqn.2026-11.org.iscsiroot:ipcbootif
rig_root
rig_target "$IQN" "$WORK/root.img"
cat > "$WORK/login.sh" <<EOS
rig_mark net
/sbin/ipconfig -t 30 || rig_die "ipconfig failed: \$?"
rig_mark netup
ls /run/net-*.conf | sed 's/^/CONFFILE: /'
echo "ETH0 \$(ip -4 addr show dev eth0 | grep -c inet) v4 addresses"
echo "ETH1 \$(ip -4 addr show dev eth1 | grep inet)"
echo "ROUTE \$(ip route show default)"
rig_login -p 3260 -d /dev/sda $IQN
echo "HOST netdev=\$(cat /sys/class/iscsi_host/host*/netdev)"
rig_switch /dev/sda
EOS
rig_initramfs "$WORK/initrd" "$WORK/login.sh" "$B/ipconfig:/sbin/ipconfig" /usr/sbin/iscsistart:/sbin/iscsistart
RIG_NET="-netdev user,id=n0 -device virtio-net-pci,netdev=n0,mac=52:54:00:77:00:01
 -netdev user,id=n1 -device virtio-net-pci,netdev=n1,mac=52:54:00:77:00:02" \
	rig_qemu "$WORK/initrd" "ip=dhcp BOOTIF=01-52-54-00-77-00-02"
rig_expect "^CONFFILE: /run/net-eth1.conf" "no conf for eth1 (the BOOTIF NIC)"
rig_reject "^CONFFILE: /run/net-eth0.conf" "eth0 configured although BOOTIF names eth1"
rig_expect "^ETH0 0 v4 addresses" "eth0 has an IPv4 address"
rig_expect "^ETH1 .*inet 10.0.2.15/24" "eth1 has no lease"
rig_expect "^ROUTE default via 10.0.2.2 dev eth1" "default route not on eth1"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sda" "root not reached"
rig_pass
