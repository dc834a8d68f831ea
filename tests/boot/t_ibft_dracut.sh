#!/bin/sh
# The iBFT through a real generator: the real dracut builds the image with our
# module (tests/boot/dracut_image.sh; no iSCSI configuration in it at all), the
# guest boots through iPXE, whose sanhook (DHCP, CHAP) writes the iBFT, with
# only "rd.iscsi.firmware=1 rd.iscsi.ibft=1" on the kernel command line. The
# module's cmdline hook must load iscsi_ibft and claim the root, its login job
# run "ipconfig ibft" (DHCP on the table's NIC) and iscsistart --cmdline (the
# table's target, CHAP and initiator name), and the real root be reached with
# the recovery daemon alive; the CHAP secret never reaches the console.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ibft_lib.sh"
rig_init ibft_dracut
rig_need_cmds dracut
ibft_need_ipxe
rig_need_helpers ibft-reader
IQN=iqn.2026-11.org.iscsiroot:ibft-dracut
SECRET=Ibft-dracut-secret-77

rig_root
cat > "$WORK/rt.sh" <<'EOS'
for p in /proc/[0-9]*; do
	c=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null)
	case $c in @iscsistart*) echo "DAEMON-ALIVE pid=${p#/proc/} argv=$c" ;; esac
done
EOS
rig_root_add "$WORK/root.img" "$WORK/rt.sh" /rig/test.sh
rig_root_os_tree "$WORK/root.img"
rig_target "$IQN" "$WORK/root.img"
rig_chap ibftuser "$SECRET"

ISCSIROOT_CONF=/nonexistent ISCSIROOT_DEBIAN_CONF=/nonexistent ISCSIROOT_INITIATORNAME=/nonexistent \
	KVER=$RIG_KVER sh "$RIG_TOP/tests/boot/dracut_image.sh" "$WORK/initrd" --no-compress \
	> "$WORK/dracut.log" 2>&1 || { cat "$WORK/dracut.log"; rig_fail "dracut failed"; }
lsinitrd "$WORK/initrd" > "$WORK/list" 2> /dev/null
grep -q 'usr/lib/iscsiroot/ibft-reader' "$WORK/list" || rig_fail "no ibft-reader in the image"
grep -q 'iscsi_ibft.ko' "$WORK/list" || rig_fail "no iscsi_ibft in the image"

RIG_QEMU_TIMEOUT=${RIG_QEMU_TIMEOUT:-120}
export RIG_QEMU_TIMEOUT
RIG_IPXE_CHAP="ibftuser $SECRET" RIG_IPXE_SAN="iscsi:10.0.2.2:::1:$IQN" \
	rig_qemu_ipxe "$WORK/initrd" "rd.iscsi.firmware=1 rd.iscsi.ibft=1 rd.shell=0 rd.emergency=reboot rd.retry=60"
rig_log "iPXE + dracut boot to the root: ${RIG_WALL_MS} ms wall"

rig_expect "ibft-reader: nic of the iBFT: :::::eth0:dhcp" "ipconfig ibft did not take the NIC from the table"
rig_expect "ipconfig: eth0: DHCP lease" "no DHCP on the table's DHCP-origin NIC"
rig_expect "logged in through 10.0.2.2:3260" "no login to the table's target"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/" "the real root was not reached"
rig_expect "DAEMON-ALIVE pid=" "no @iscsistart recovery daemon in the real root"
rig_reject "no iBFT" "a 'no iBFT' warning although the firmware left one"
rig_reject "$SECRET" "the CHAP secret from the iBFT reached the console"
rig_pass
