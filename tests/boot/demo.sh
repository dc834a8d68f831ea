#!/bin/sh
# make demo: build, start a local target with a demo root image, boot a VM whose
# root is on iSCSI, show what happened, shut everything down.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init demo
IQN=iqn.2026-11.org.iscsiroot:demo
B=$RIG_TOP/build

echo "==> building the demo root image (ext4, busybox) and exporting it with tgtd"
rig_root
rig_target "$IQN" "$WORK/root.img"

# Our own iscsistart once it can hand a session to the kernel; until then, say so
# plainly and boot through open-iscsi's (the comparator).
if [ -x "$B/iscsistart" ] && "$B/iscsistart" --help 2>&1 | grep -q -- '--cmdline'; then
	LOGIN="iscsiroot iscsistart $(stat -c %s "$B/iscsistart") bytes, static"
	extra="$B/iscsistart:/sbin/iscsistart"
	cmd="iscsistart -i $RIG_IQN_I -t $IQN -g 1 -a 10.0.2.2 -p 3260"
else
	LOGIN="open-iscsi iscsistart (iscsiroot's own iscsistart cannot log in yet)"
	extra="/usr/sbin/iscsistart:/sbin/iscsistart"
	cmd="iscsistart -i $RIG_IQN_I -t $IQN -g 1 -a 10.0.2.2 -p 3260"
fi
NET="static 10.0.2.15/24 (busybox ip)"
netcmd=rig_net_static
if [ -x "$B/ipconfig" ] && "$B/ipconfig" --help 2>&1 | grep -q 'ip='; then
	NET="DHCP by iscsiroot ipconfig"
	netcmd="ipconfig -t 30 -d eth0:dhcp || rig_die 'ipconfig failed'"
	extra="$extra $B/ipconfig:/sbin/ipconfig"
fi
cat > "$WORK/login.sh" <<EOS
rig_mark net-start
$netcmd
rig_mark net
mkdir -p /etc/iscsi /run/lock /var/lock
rig_mark login
$cmd || rig_die "login failed: \$?"
rig_wait_dev /dev/sda 30 || rig_die "no /dev/sda after login"
rig_mark disk
rig_switch /dev/sda
EOS
# shellcheck disable=SC2086
rig_initramfs "$WORK/initrd" "$WORK/login.sh" $extra
echo "==> booting Debian's kernel $RIG_KVER in QEMU (TCG); serial console follows"
rig_qemu "$WORK/initrd" ""
rig_expect "ISCSIROOT-ROOT-OK" "the VM did not reach its iSCSI root"

d() { awk -v a="$(rig_markt "$1")" -v b="$(rig_markt "$2")" 'BEGIN { if (a == "" || b == "") print "   n/a"; else printf "%6.2f s", b - a }'; }
cat <<EOS

==================== iscsiroot demo: summary ====================
 booted     Debian kernel $RIG_KVER, initramfs $(stat -c %s "$WORK/initrd") bytes
 root       $(sed -n 's/.*ISCSIROOT-ROOT-OK root=\([^ ]*\).*/\1/p' "$WORK/serial.log") = LUN 1 of $IQN
 from       tgtd on 127.0.0.1:3260 in a private network namespace (10.0.2.2 from the VM)
 login by   $LOGIN
 network    $NET
 phases (guest clock)
   kernel start -> initramfs /init  $(awk -v a="$(rig_markt init)" 'BEGIN { printf "%6.2f s", a }')
   load modules                     $(d init modules)
   network up                       $(d net-start net)
   iSCSI login -> block device      $(d login disk)
   mount + switch_root -> root init $(d disk root)
   total kernel start -> root       $(awk -v a="$(rig_markt root)" 'BEGIN { printf "%6.2f s", a }')
 shutdown   root init synced and powered off; tgtd stopped; nothing left running
=================================================================
EOS
rig_pass
