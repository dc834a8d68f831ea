#!/bin/sh
# root=dhcp end to end with iscsiroot's own helpers: ipconfig (ip=dhcp) gets
# the lease from dnsmasq and writes /run/net-eth0.conf with ROOTPATH (option
# 17); iscsistart --cmdline reads it (RFC 4173 hex LUN "10" = LUN 16, the
# root; LUN 10 is a decoy), logs in and writes root.conf.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/conf_lib.sh"
rig_init conf_dhcp_ipconfig
conf_need_cmdline
rig_need_helpers ipconfig
IQN=iqn.2026-11.org.iscsiroot:dhcp
rig_root
rig_blank "$WORK/decoy10.img" 8M
rig_target "$IQN" "$WORK/decoy10.img"
tgtadm -C "$TGT_CP" --lld iscsi --mode logicalunit --op new --tid 1 --lun 10 -b "$WORK/decoy10.img" ||
	rig_fail "cannot add LUN 10"
tgtadm -C "$TGT_CP" --lld iscsi --mode logicalunit --op new --tid 1 --lun 16 -b "$WORK/root.img" ||
	rig_fail "cannot add LUN 16"
conf_dhcp_net "iscsi:10.0.3.1::3260:10:$IQN"
conf_login_script "$WORK/login.sh" '/sbin/ipconfig || rig_die "ipconfig failed: $?"
sed "s/^/NETCONF: /" /run/net-eth0.conf'
rig_initramfs "$WORK/initrd" "$WORK/login.sh" "$B/iscsistart:/sbin/iscsistart" "$B/ipconfig:/sbin/ipconfig"
rig_qemu "$WORK/initrd" "ip=dhcp root=dhcp rd.iscsi.initiator=$RIG_IQN_I"
rig_expect "NETCONF: ROOTPATH='iscsi:10.0.3.1::3260:10:$IQN'" "ipconfig did not record the root-path"
rig_expect "ROOTCONF: LUN='16'" "the RFC 4173 LUN 10 was not read as hex (16)"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sd" "root not reached through ROOTDEV"
echo "dhcp+login to disk: $(rig_markt login) -> $(rig_markt disk) s guest uptime"
rig_pass
