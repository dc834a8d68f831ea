#!/bin/sh
# root=dhcp: dnsmasq hands out root-path "iscsi:10.0.3.1::3260:10:IQN" (DHCP
# option 17); the guest's DHCP client writes /run/net-eth0.conf (klibc
# format) and iscsistart --cmdline reads ROOTPATH from it. RFC 4173 LUNs are
# hex: "10" is LUN 16, where the root is; LUN 10 is a decoy that a decimal
# reading (dracut, Debian) would pick.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/conf_lib.sh"
rig_init conf_dhcp
conf_need_cmdline
IQN=iqn.2026-11.org.iscsiroot:dhcp
rig_root
rig_blank "$WORK/decoy1.img" 8M
rig_blank "$WORK/decoy10.img" 8M
rig_target "$IQN" "$WORK/decoy1.img"
tgtadm -C "$TGT_CP" --lld iscsi --mode logicalunit --op new --tid 1 --lun 10 -b "$WORK/decoy10.img" ||
	rig_fail "cannot add LUN 10"
tgtadm -C "$TGT_CP" --lld iscsi --mode logicalunit --op new --tid 1 --lun 16 -b "$WORK/root.img" ||
	rig_fail "cannot add LUN 16"
conf_dhcp_net "iscsi:10.0.3.1::3260:10:$IQN"
# shellcheck disable=SC2154  # conf_udhcpc is set in conf_lib.sh
conf_login_script "$WORK/login.sh" "$conf_udhcpc"
rig_initramfs "$WORK/initrd" "$WORK/login.sh" "$B/iscsistart:/sbin/iscsistart"
rig_qemu "$WORK/initrd" "root=dhcp rd.iscsi.initiator=$RIG_IQN_I"
rig_expect "NETCONF: ROOTPATH='iscsi:10.0.3.1::3260:10:$IQN'" "no root-path from dnsmasq"
rig_expect "ROOTCONF: LUN='16'" "the RFC 4173 LUN 10 was not read as hex (16)"
rig_expect "ROOTCONF: NETDEV='eth0'" "root.conf lacks NETDEV"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sd" "root not reached through ROOTDEV"
rig_pass
