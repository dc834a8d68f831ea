#!/bin/sh
# ipconfig (ours, alone) does the network from QEMU's user-net DHCP server:
# kernel ip=dhcp, ipconfig run with no arguments reads it, writes
# /run/net-eth0.conf (klibc format), and open-iscsi's iscsistart logs in to
# the ROOTSERVER that conf names; the root is reached.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init ipconfig_dhcp
rig_need_helpers ipconfig
rig_need_openiscsi
IQN=iqn.2026-11.org.iscsiroot:ipcdhcp
rig_root
rig_target "$IQN" "$WORK/root.img"
cat > "$WORK/login.sh" <<EOS
rig_mark net
/sbin/ipconfig -t 30 || rig_die "ipconfig failed: \$?"
rig_mark netup
sed 's/^/CONF: /' /run/net-eth0.conf
. /run/net-eth0.conf
echo "ADDR \$(ip -4 addr show dev eth0 | grep inet)"
echo "ROUTE \$(ip route show default)"
rig_login -a "\$IPV4GATEWAY" -p 3260 -d /dev/sda $IQN
rig_switch /dev/sda
EOS
rig_initramfs "$WORK/initrd" "$WORK/login.sh" "$B/ipconfig:/sbin/ipconfig" /usr/sbin/iscsistart:/sbin/iscsistart
rig_qemu "$WORK/initrd" "ip=dhcp"
rig_expect "^CONF: DEVICE='eth0'" "no /run/net-eth0.conf"
rig_expect "^CONF: PROTO='dhcp'"
rig_expect "^CONF: IPV4ADDR='10.0.2.15'" "QEMU's DHCP address not in the conf"
rig_expect "^CONF: IPV4GATEWAY='10.0.2.2'"
rig_expect "^CONF: IPV4DNS0='10.0.2.3'"
rig_expect "^CONF: DHCPLEASETIME='86400'"
rig_expect "ADDR .*inet 10.0.2.15/24 brd 10.0.2.255 .*dynamic eth0" "address not installed with a lifetime"
rig_expect "ROUTE default via 10.0.2.2 dev eth0" "no default route"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sda" "root not reached"
echo "ipconfig: $(rig_markt net) -> $(rig_markt netup) s guest uptime"
grep 'iscsiroot: ipconfig' "$WORK/serial.log"
rig_pass
