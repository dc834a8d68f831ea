#!/bin/sh
# The iBFT through initramfs-tools the Debian way: the real mkinitramfs builds
# the image with our hook (ISCSIROOT=y, no iSCSI configuration at all; open-
# iscsi's hook stays installed when it is), the guest boots through iPXE,
# whose sanhook (DHCP, CHAP) writes the iBFT, with only "iscsi_auto" on the
# kernel command line. Our local-top must load iscsi_ibft, run "ipconfig
# ibft" (DHCP on the table's NIC) and iscsistart --cmdline (the table's
# target, CHAP and initiator name), and initramfs-tools mount the LUN it
# names as the root; the CHAP secret never reaches the console.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ibft_lib.sh"
rig_init ibft_initramfs_tools
rig_need_cmds mkinitramfs
ibft_need_ipxe
rig_need_helpers ibft-reader
IQN=iqn.2026-11.org.iscsiroot:ibft-itools
SECRET=Ibft-itools-secret-55

rig_root
rig_target "$IQN" "$WORK/root.img"
rig_chap ibftuser "$SECRET"

e=$WORK/etc; mkdir -p "$e/iscsi"
c=$WORK/itconf; mkdir -p "$c/conf.d" "$c/hooks" "$c/scripts"
printf 'MODULES=list\nBUSYBOX=auto\nKEYMAP=n\nCOMPRESS=gzip\nDEVICE=\nNFSROOT=auto\nRUNSIZE=10%%\nFSTYPE=ext4\n' > "$c/initramfs.conf"
printf 'virtio_pci\nvirtio_net\next4\n' > "$c/modules"
printf 'ISCSIROOT=y\n' > "$c/conf.d/iscsiroot"
ISCSIROOT_HELPERS=$B ISCSIROOT_SYSCONFDIR=$e sh "$RIG_TOP/tests/mkinitramfs-private.sh" \
	-d "$c" -o "$WORK/initrd" "$RIG_KVER" > "$WORK/mkinitramfs.log" 2>&1 ||
	{ cat "$WORK/mkinitramfs.log"; rig_fail "mkinitramfs failed"; }
lsinitramfs "$WORK/initrd" > "$WORK/list"
grep -qx usr/lib/iscsiroot/ibft-reader "$WORK/list" || rig_fail "no ibft-reader in the image"
grep -q '/iscsi_ibft.ko' "$WORK/list" || rig_fail "no iscsi_ibft in the image"

RIG_QEMU_TIMEOUT=${RIG_QEMU_TIMEOUT:-120}
export RIG_QEMU_TIMEOUT
RIG_KARGS="" RIG_IPXE_CHAP="ibftuser $SECRET" RIG_IPXE_SAN="iscsi:10.0.2.2:::1:$IQN" \
	rig_qemu_ipxe "$WORK/initrd" "iscsi_auto"
rig_log "iPXE + initramfs-tools boot to the root: ${RIG_WALL_MS} ms wall"

rig_expect "ibft-reader: nic of the iBFT: :::::[a-z0-9]*:dhcp" "ipconfig ibft did not take the NIC from the table"
rig_expect "ipconfig: [a-z0-9]*: DHCP lease" "no DHCP on the table's DHCP-origin NIC"
rig_expect "logged in through 10.0.2.2:3260" "no login to the table's target"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/" "the real root was not reached"
rig_reject "no iBFT" "a 'no iBFT' message although the firmware left one"
rig_reject "$SECRET" "the CHAP secret from the iBFT reached the console"
rig_pass
