#!/bin/sh
# iBFT written by real firmware: the guest boots through iPXE, whose `sanhook`
# (with CHAP) attaches LUN 1 of the test's target and publishes an iBFT. The
# guest loads iscsi_ibft and prints the whole /sys/firmware/ibft tree; the
# host rebuilds it (IBFT_TREE=DIR keeps it, see tests/fixtures/ibft/README)
# and checks what iPXE was told is what the table says.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init ibft_ipxe
[ -r /usr/lib/ipxe/qemu/efi-virtio.rom ] || rig_skip "no iPXE ROM for QEMU (install ipxe-qemu)"
command -v perl >/dev/null || rig_skip "perl missing"
IQN=iqn.2026-11.org.iscsiroot:ibft
rig_root
rig_target "$IQN" "$WORK/root.img"
rig_chap ibftuser Ibft-test-secret-42
cat > "$WORK/guest.sh" <<'EOS'
rig_mark ibft
rig_ibft_dump
rig_die "dump done"
EOS
# shellcheck disable=SC2034  # read by rig_initramfs (lib.sh)
RIG_EXTRA_MODULES=$RIG_IBFT_MODULES
rig_initramfs "$WORK/initrd" "$WORK/guest.sh"
RIG_IPXE_CHAP="ibftuser Ibft-test-secret-42" rig_qemu_ipxe "$WORK/initrd" ""
rig_log "iPXE boot: ${RIG_WALL_MS} ms wall"
T=${IBFT_TREE:-$WORK/ibft}
rig_ibft_tree "$T"
I=$T/firmware/ibft
rd() { cat "$I/$1" 2>/dev/null; }
[ "$(rd target0/target-name)" = "$IQN" ] || rig_fail "target0/target-name: '$(rd target0/target-name)'"
[ "$(rd initiator/initiator-name)" = "$RIG_IQN_I" ] || rig_fail "initiator-name: '$(rd initiator/initiator-name)'"
[ "$(rd target0/chap-name)" = ibftuser ] || rig_fail "target0/chap-name: '$(rd target0/chap-name)'"
[ "$(rd target0/chap-secret)" = Ibft-test-secret-42 ] || rig_fail "target0/chap-secret differs"
[ "$(rd target0/ip-addr)" = 10.0.2.2 ] || rig_fail "target0/ip-addr: '$(rd target0/ip-addr)'"
[ "$(rd target0/port)" = 3260 ] || rig_fail "target0/port: '$(rd target0/port)'"
[ "$(rd target0/lun)" = 01000000 ] || rig_fail "target0/lun: '$(rd target0/lun)'"
[ "$(rd ethernet0/origin)" = 3 ] || rig_fail "ethernet0/origin: '$(rd ethernet0/origin)' (3 = DHCP)"
[ "$(rd ethernet0/ip-addr)" = 10.0.2.15 ] || rig_fail "ethernet0/ip-addr: '$(rd ethernet0/ip-addr)'"
rig_pass
