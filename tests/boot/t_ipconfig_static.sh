#!/bin/sh
# ipconfig (ours, alone): static kernel ip= long form, gateway and DNS
# fields; ipconfig with no arguments configures eth0 and writes the conf;
# open-iscsi's iscsistart logs in to QEMU's host side; the root is reached.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init ipconfig_static
rig_need_helpers ipconfig
rig_need_openiscsi
IQN=iqn.2026-11.org.iscsiroot:ipcstatic
rig_root
rig_target "$IQN" "$WORK/root.img"
cat > "$WORK/login.sh" <<EOS
rig_mark net
/sbin/ipconfig -t 30 || rig_die "ipconfig failed: \$?"
rig_mark netup
sed 's/^/CONF: /' /run/net-eth0.conf
echo "ADDR \$(ip -4 addr show dev eth0 | grep inet)"
echo "ROUTE \$(ip route show default)"
rig_login -p 3260 -d /dev/sda $IQN
rig_switch /dev/sda
EOS
rig_initramfs "$WORK/initrd" "$WORK/login.sh" "$B/ipconfig:/sbin/ipconfig" /usr/sbin/iscsistart:/sbin/iscsistart
rig_qemu "$WORK/initrd" "ip=10.0.2.77:10.0.2.2:10.0.2.2:255.255.255.0:guest77:eth0:none:10.0.2.3"
rig_expect "^CONF: PROTO='none'"
rig_expect "^CONF: IPV4ADDR='10.0.2.77'"
rig_expect "^CONF: IPV4DNS0='10.0.2.3'"
rig_expect "^CONF: HOSTNAME='guest77'"
rig_expect "ADDR .*inet 10.0.2.77/24 brd 10.0.2.255 .*eth0" "static address not installed"
rig_expect "ROUTE default via 10.0.2.2 dev eth0" "no default route"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sda" "root not reached"
echo "ipconfig: $(rig_markt net) -> $(rig_markt netup) s guest uptime"
rig_pass
