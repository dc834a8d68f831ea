#!/bin/sh
# iscsistart (ours, alone) logs in through the kernel: a target with two
# LUNs, header and data digests CRC32C. Checks: both block devices printed
# (one line each plus the ISCSIROOT_DEVICES line), what iscsid/udev read back
# from sysfs (target name, persistent address/port, tpgt, initiator name,
# digests), the resident "@iscsistart" recovery daemon, root reached.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init istart_basic
rig_need_helpers iscsistart
IQN=iqn.2026-11.org.iscsiroot:basic
rig_root
rig_blank "$WORK/lun2.img" 8M
rig_target "$IQN" "$WORK/root.img" "$WORK/lun2.img"
for k in HeaderDigest DataDigest; do   # tgtd answers None unless told otherwise
	tgtadm -C "$TGT_CP" --lld iscsi --mode target --op update --tid 1 -n $k -v CRC32C,None ||
		rig_fail "cannot enable $k on the target"
done
cat > "$WORK/login.sh" <<EOS
rig_net_static
out=\$(rig_login -p 3260 $IQN \
	-P 'node.conn[0].iscsi.HeaderDigest=CRC32C' -P 'node.conn[0].iscsi.DataDigest=CRC32C')
echo "\$out" | sed 's/^/OUT: /'
eval "\$(echo "\$out" | grep '^ISCSIROOT_DEVICES=')"
echo "DEVICES: \$ISCSIROOT_DEVICES"
for f in targetname tpgt initiatorname recovery_tmo; do
	echo "SESSION \$f=\$(cat /sys/class/iscsi_session/session*/\$f)"
done
for f in persistent_address persistent_port header_digest data_digest state; do
	echo "CONN \$f=\$(cat /sys/class/iscsi_connection/connection*/\$f)"
done
echo "HOST netdev=\$(cat /sys/class/iscsi_host/host*/netdev) hwaddress=\$(cat /sys/class/iscsi_host/host*/hwaddress)"
for p in /proc/[0-9]*; do
	c=\$(tr '\0' ' ' < \$p/cmdline 2>/dev/null)
	case \$c in @*) echo "DAEMON \$c pid=\${p#/proc/} \$(grep ^Rss: \$p/smaps_rollup | tr -s ' ')";; esac
done
rig_switch /dev/sda
EOS
rig_initramfs "$WORK/initrd" "$WORK/login.sh" "$B/iscsistart:/sbin/iscsistart"
rig_qemu "$WORK/initrd" ""
rig_expect "^OUT: /dev/sda" "no /dev/sda line from iscsistart"
rig_expect "^OUT: /dev/sdb" "no /dev/sdb line (second LUN)"
rig_expect "^DEVICES: 1:/dev/sda 2:/dev/sdb" "ISCSIROOT_DEVICES line missing or wrong"
rig_expect "SESSION targetname=$IQN" "target name not set in the kernel"
rig_expect "SESSION tpgt=1" "TPGT not set"
rig_expect "SESSION initiatorname=$RIG_IQN_I" "initiator name not set"
rig_expect "CONN persistent_address=10.0.2.2" "persistent address not set"
rig_expect "CONN persistent_port=3260" "persistent port not set"
rig_expect "CONN header_digest=1" "header digest not CRC32C (kernel shows 1)"
rig_expect "CONN data_digest=1" "data digest not CRC32C (kernel shows 1)"
rig_expect "HOST netdev=eth0 hwaddress=52:54:00:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]" "host netdev/hwaddress not set"
rig_expect "^DAEMON @iscsistart *pid" "no resident @iscsistart recovery daemon (or argv not wiped)"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sda" "root not reached"
echo "login-to-disk: $(rig_markt login) -> $(rig_markt disk) s guest uptime"
grep '^DAEMON' "$WORK/serial.log"
rig_pass
