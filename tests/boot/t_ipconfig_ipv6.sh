#!/bin/sh
# IPv6 static: kernel ip=[fec0::15]::[fec0::2]:64:v6guest:eth0:none, ipconfig
# (ours, no arguments) adds the address and default route; the target is
# reached on an IPv6 address (QEMU user net's host side fec0::2, which
# QEMU maps to the test namespace's ::1, forwarded to tgtd by socat).
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init ipconfig_ipv6
rig_need_helpers ipconfig
rig_need_openiscsi
rig_need_cmds socat
IQN=iqn.2026-11.org.iscsiroot:ipcv6
rig_root
rig_target "$IQN" "$WORK/root.img"
rig_bg socat TCP6-LISTEN:3260,bind=[::1],fork,reuseaddr TCP4:127.0.0.1:3260
cat > "$WORK/login.sh" <<EOS
rig_mark net
/sbin/ipconfig -t 30 || rig_die "ipconfig failed: \$?"
rig_mark netup
sed 's/^/CONF: /' /run/net-eth0.conf
echo "ADDR \$(ip -6 addr show dev eth0 | grep "inet6 fec0")"
echo "ROUTE \$(ip -6 route show default)"
rig_login -a fec0::2 -p 3260 -d /dev/sda $IQN
echo "CONN \$(cat /sys/class/iscsi_connection/connection*/persistent_address)"
rig_switch /dev/sda
EOS
rig_initramfs "$WORK/initrd" "$WORK/login.sh" "$B/ipconfig:/sbin/ipconfig" /usr/sbin/iscsistart:/sbin/iscsistart
rig_qemu "$WORK/initrd" "ip=[fec0::15]::[fec0::2]:64:v6guest:eth0:none"
rig_expect "^CONF: IPV6ADDR='fec0::15'" "no IPv6 address in the conf"
rig_expect "^CONF: IPV6GATEWAY='fec0::2'"
rig_expect "ADDR .*inet6 fec0::15/64 " "IPv6 address not installed"
rig_expect "ROUTE default via fec0::2 dev eth0" "no IPv6 default route"
rig_expect "CONN fec0::2" "session not on the IPv6 address"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sda" "root not reached over IPv6"
rig_pass
