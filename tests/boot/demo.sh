#!/bin/sh
# make demo: build, start a local target with a demo root image, boot a VM whose
# root is on iSCSI, show what happened, shut everything down.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init demo
IQN=iqn.2026-11.org.iscsiroot:demo

echo "==> building the demo root image (ext4, busybox) and exporting it with tgtd"
rig_root

# iscsiroot's own helpers do everything: ipconfig gets a DHCP lease from QEMU,
# iscsistart logs in, hands the session to the kernel and stays resident as
# the recovery daemon, root-pin protects the session before switch_root.
rig_need_helpers -f ipconfig iscsistart root-pin
extra="$B/ipconfig:/sbin/ipconfig $B/iscsistart:/sbin/iscsistart $B/root-pin:/sbin/root-pin"
cat > "$WORK/login.sh" <<EOS
rig_mark net-start
ipconfig -t 30 eth0:dhcp > /dev/null || rig_die "ipconfig failed: \$?"
. /run/net-eth0.conf
echo "demo: eth0 \$IPV4ADDR/\$IPV4NETMASK via \$IPV4GATEWAY (DHCP lease \$DHCPLEASETIME s)"
rig_mark net
rig_mark login
out=\$(rig_iscsistart -p 3260 $IQN) || rig_die "iscsistart failed: \$?"
eval "\$(echo "\$out" | grep '^ISCSIROOT_')"
dev=\${ISCSIROOT_DEVICES#*:}; dev=\${dev%% *}
rig_wait_dev "\$dev" 30 || rig_die "no \$dev after login"
rig_mark disk
echo "demo: LUN devices \$ISCSIROOT_DEVICES, session \$ISCSIROOT_SESSION"
mount -t ext4 "\$dev" /newroot || rig_die "cannot mount \$dev"
root-pin -q --sysroot /newroot || echo "demo: root-pin reported a gap (exit \$?)"
rig_mark switch
exec switch_root /newroot /sbin/init
EOS
# What the root shows once it runs: its device, a write that reads back, the
# recovery daemon that came through switch_root.
cat > "$WORK/root-test.sh" <<'EOS'
echo "demo: / is $(awk '$2 == "/" { print $1 " (" $3 ")" }' /proc/mounts)"
dd if=/dev/urandom of=/data/demo.bin bs=64k count=16 2>/dev/null && sync
echo 3 > /proc/sys/vm/drop_caches
echo "demo: wrote 1 MiB to /data/demo.bin over iSCSI, read back md5 $(md5sum < /data/demo.bin | cut -c1-12)"
for p in /proc/[0-9]*; do
	a=$(tr -s '\0' ' ' 2>/dev/null < "$p/cmdline")
	case $a in @iscsistart*) echo "demo: recovery daemon $a pid ${p#/proc/}, $(grep Rss: "$p/smaps_rollup" | tr -s ' \t' ' ')";; esac
done
EOS
rig_root_add "$WORK/root.img" "$WORK/root-test.sh" /rig/test.sh
rig_target "$IQN" "$WORK/root.img"
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
 login by   iscsiroot iscsistart ($(stat -c %s "$B/iscsistart") bytes, static); daemon @iscsistart stays resident
 network    iscsiroot ipconfig, DHCP from QEMU ($(stat -c %s "$B/ipconfig") bytes, static)
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
