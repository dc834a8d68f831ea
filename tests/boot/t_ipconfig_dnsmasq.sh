#!/bin/sh
# DHCP from dnsmasq in the test's own namespace over a tap: the lease carries
# the root-path (option 17) the guest logs in with, a 2-minute lease with
# T1 = 3 s and T2 = 5 s; ipconfig runs as "@ipconfig" and stays resident:
# after switch_root, with the root on iSCSI up, the lease must be renewed at
# least twice (dnsmasq logs the ACKs) and the address keep a fresh lifetime.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init ipconfig_dnsmasq
rig_need_helpers ipconfig
rig_need_openiscsi
rig_need_cmds dnsmasq socat
[ -c /dev/net/tun ] || rig_skip "no /dev/net/tun"
IQN=iqn.2026-11.org.iscsiroot:ipcdnsmasq
rig_root
rig_target "$IQN" "$WORK/root.img"
ip tuntap add tap0 mode tap || rig_fail "cannot create tap0"
ip addr add 10.78.0.1/24 dev tap0
ip link set tap0 up
# tgtd listens on 127.0.0.1 only: reach it from the tap side through socat
rig_bg socat TCP-LISTEN:3260,bind=10.78.0.1,fork,reuseaddr TCP:127.0.0.1:3260
rig_bg dnsmasq --no-daemon --conf-file=/dev/null --port=0 --bind-dynamic --interface=tap0 \
	--dhcp-range=10.78.0.50,10.78.0.60,255.255.255.0,2m --no-ping --dhcp-option=3,10.78.0.1 \
	--dhcp-option=58,3 --dhcp-option=59,5 \
	--dhcp-option=17,iscsi:10.78.0.1::3260:1:$IQN \
	--pid-file= --leasefile-ro --log-dhcp --log-facility="$WORK/dnsmasq.log"
cat > "$WORK/renew.sh" <<'EOS'
# runs from the iSCSI root (rig_root_add): let the lease be renewed twice
sleep 12
for p in /proc/[0-9]*; do
	c=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null)
	case $c in @*) echo "DAEMON $c pid=${p#/proc/}";; esac
done
echo "LIFETIME $(ip -4 addr show dev eth0 | grep valid_lft)"
EOS
rig_root_add "$WORK/root.img" "$WORK/renew.sh" /rig/test.sh
cat > "$WORK/login.sh" <<EOS
rig_mark net
ln -s ipconfig /sbin/@ipconfig
/sbin/@ipconfig -t 30 eth0 || rig_die "ipconfig failed: \$?"
rig_mark netup
sed 's/^/CONF: /' /run/net-eth0.conf
. /run/net-eth0.conf
# RFC 4173 root-path: iscsi:<server>:<proto>:<port>:<lun>:<target>
rest=\${ROOTPATH#iscsi:}; srv=\${rest%%:*}; rest=\${rest#*:*:}; port=\${rest%%:*}
tgt=\${rest#*:*:}
echo "LOGIN server=\$srv port=\$port target=\$tgt"
rig_login -a "\$srv" -p "\$port" -d /dev/sda "\$tgt"
rig_switch /dev/sda
EOS
rig_initramfs "$WORK/initrd" "$WORK/login.sh" "$B/ipconfig:/sbin/ipconfig" /usr/sbin/iscsistart:/sbin/iscsistart
RIG_NET="-netdev tap,id=n0,ifname=tap0,script=no,downscript=no -device virtio-net-pci,netdev=n0" \
	rig_qemu "$WORK/initrd" ""
cat "$WORK/dnsmasq.log"
rig_expect "^CONF: ROOTPATH='iscsi:10.78.0.1::3260:1:$IQN'" "root-path not in the conf"
rig_expect "^LOGIN server=10.78.0.1 port=3260 target=$IQN" "root-path not usable"
rig_expect "staying resident" "ipconfig did not stay resident"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sda" "root not reached"
rig_expect "^DAEMON @ipconfig" "the renewal daemon did not survive switch_root"
rig_expect "renewed 10.78.0.5[0-9] for 120 s" "no renewal logged"
acks=$(grep -c 'DHCPACK(tap0)' "$WORK/dnsmasq.log")
[ "$acks" -ge 3 ] || rig_fail "dnsmasq sent $acks ACKs: want the first lease and at least two renewals"
echo "dnsmasq ACKs: $acks (1 lease + $((acks - 1)) renewals while the root was up)"
rig_pass
