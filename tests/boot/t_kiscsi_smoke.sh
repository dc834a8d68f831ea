#!/bin/sh
# The NETLINK_ISCSI layer (kiscsi.c) and the LUN scan (scan.c) against the
# real kernel: session/conn creation, bind, parameters, one login PDU through
# SEND_PDU/RECV_PDU, START_CONN, scan, block devices of two LUNs.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init kiscsi_smoke
IQN=iqn.2026-11.org.iscsiroot:smoke
musl-gcc -static -Os -std=gnu11 -D_GNU_SOURCE -I"$RIG_TOP/helpers/lib" -isystem "$RIG_TOP/build/kinc" \
	-o "$WORK/kiscsi_smoke" "$RIG_TOP/tests/boot/kiscsi_smoke.c" "$RIG_TOP/build/libiscsiroot.a" ||
	rig_fail "cannot build kiscsi_smoke (run make first)"
rig_root
rig_blank "$WORK/lun2.img" 8M
rig_target "$IQN" "$WORK/root.img" "$WORK/lun2.img"
cat > "$WORK/login.sh" <<EOS
rig_net_static
/sbin/kiscsi_smoke $IQN $RIG_IQN_I || rig_die "kiscsi_smoke failed"
rig_switch /dev/sda
EOS
rig_initramfs "$WORK/initrd" "$WORK/login.sh" "$WORK/kiscsi_smoke:/sbin/kiscsi_smoke"
rig_qemu "$WORK/initrd" ""
rig_expect "SMOKE-OK" "kiscsi smoke test did not complete"
rig_expect "SMOKE lun 1 type 0 dev sd" "LUN 1 has no block device"
rig_expect "SMOKE lun 2 type 0 dev sd" "LUN 2 has no block device"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sd" "root not reached"
rig_pass
