# Shared by the t_conf_*.sh boot tests (sourced after lib.sh). POSIX sh.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# conf_need_cmdline: skip unless build/iscsistart supports --cmdline.
# conf_login_script FILE NETSETUP: guest script: NETSETUP, iscsistart --cmdline,
#   print root.conf as "ROOTCONF: " lines, switch to $ROOTDEV.
# conf_dhcp_net ROOTPATH: tap0 + dnsmasq (option 17 = ROOTPATH) + socat to
#   the netns-private tgtd; sets RIG_NET for rig_qemu. Guest side: conf_udhcpc.
# shellcheck disable=SC2034  # RIG_NET is read by rig_qemu

conf_need_cmdline() {
	rig_need_helpers iscsistart
	"$B/iscsistart" --help 2>&1 | grep -q -- '--cmdline' ||
		rig_skip "build/iscsistart has no --cmdline yet"
}

conf_login_script() { # FILE NETSETUP
	cat > "$1" <<EOS
$2
rig_mark login
/sbin/iscsistart --cmdline || rig_die "iscsistart --cmdline failed: \$?"
rig_mark disk
sed 's/^/ROOTCONF: /' /run/iscsiroot/root.conf
. /run/iscsiroot/root.conf
[ -n "\$ROOTDEV" ] || rig_die "no ROOTDEV in /run/iscsiroot/root.conf"
rig_switch "\$ROOTDEV"
EOS
}

# Guest: DHCP on eth0 with busybox udhcpc asking for option 17; the lease is
# written as klibc ipconfig does, /run/net-eth0.conf with ROOTPATH=.
conf_udhcpc='
cat > /bin/dhcp-event <<"EOD"
#!/bin/sh
case $1 in bound|renew)
	ip addr add "$ip/${mask:-24}" dev "$interface"
	printf "DEVICE='"'"'%s'"'"'\nPROTO='"'"'dhcp'"'"'\nIPV4ADDR='"'"'%s'"'"'\nROOTPATH='"'"'%s'"'"'\n" \
		"$interface" "$ip" "$rootpath" > "/run/net-$interface.conf" ;;
esac
EOD
chmod 755 /bin/dhcp-event
ip link set eth0 up || rig_die "no eth0"
udhcpc -i eth0 -n -q -t 10 -O rootpath -s /bin/dhcp-event || rig_die "no DHCP lease"
sed "s/^/NETCONF: /" /run/net-eth0.conf
'

conf_dhcp_net() { # ROOTPATH
	ip tuntap add dev tap0 mode tap 2>/dev/null || rig_skip "cannot create a tap device"
	ip addr add 10.0.3.1/24 dev tap0 || rig_fail "cannot address tap0"
	ip link set tap0 up
	command -v dnsmasq >/dev/null || rig_skip "dnsmasq not installed"
	command -v socat >/dev/null || rig_skip "socat not installed"
	rig_bg socat TCP-LISTEN:3260,bind=10.0.3.1,fork,reuseaddr TCP:127.0.0.1:3260
	rig_bg dnsmasq --keep-in-foreground --user=root --port=0 --interface=tap0 --bind-interfaces \
		--dhcp-range=10.0.3.50,10.0.3.99,255.255.255.0,1h --dhcp-option=17,"$1" \
		--dhcp-leasefile="$WORK/leases" --pid-file="$WORK/dnsmasq.pid" --log-dhcp \
		--log-facility="$WORK/dnsmasq.log"
	RIG_NET="-netdev tap,id=n0,ifname=tap0,script=no,downscript=no -device virtio-net-pci,netdev=n0"
}
