#!/bin/sh
# Regenerates the iBFT fixture trees under tests/fixtures/ibft/ from tables
# that iPXE really writes (not a test: no t_ prefix, run by hand, as root):
#     sh tests/boot/mk_ibft_fixtures.sh
# Three boots through iPXE (rig_qemu_ipxe), each dumping /sys/firmware/ibft:
#   ipxe/         DHCP, CHAP (user ibftuser, test secret Ibft-test-secret-42),
#                 sanhook LUN 1
#   ipxe-mutual/  DHCP, mutual CHAP (ibftuser / Ibft-test-secret-42 to the
#                 target, ibfttarget / Ibft-target-secret-7 back), sanhook LUN 1
#   ipxe-static/  static net0/ip 10.0.2.20/24 gateway 10.0.2.2 dns 10.0.2.3,
#                 no CHAP, sanhook LUN 1
# Each tree holds the files exactly as sysfs showed them; the ethernet0/device
# symlink is not recreated (see tests/fixtures/ibft/README). The raw console
# dump of each boot is kept as <name>.dump next to the trees.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init mk_ibft_fixtures
[ -r /usr/lib/ipxe/qemu/efi-virtio.rom ] || rig_skip "no iPXE ROM for QEMU (install ipxe-qemu)"
command -v perl >/dev/null || rig_skip "perl missing"
FX=${IBFT_FIXTURES:-$RIG_TOP/tests/fixtures/ibft}
IQN=iqn.2026-11.org.iscsiroot:ibft
rig_root
rig_target "$IQN" "$WORK/root.img"
cat > "$WORK/guest.sh" <<'EOS'
rig_mark ibft
rig_ibft_dump
sync
poweroff -f
EOS
# shellcheck disable=SC2034  # read by rig_initramfs (lib.sh)
RIG_EXTRA_MODULES=$RIG_IBFT_MODULES
rig_initramfs "$WORK/initrd" "$WORK/guest.sh"

one() { # one NAME: boot (RIG_IPXE_* set by the caller), write $FX/NAME
	rig_qemu_ipxe "$WORK/initrd" "" > "$WORK/$1.out" 2>&1 || rig_fail "boot $1 failed"
	rig_log "$1: iPXE boot took ${RIG_WALL_MS} ms"
	rm -rf "${FX:?}/$1.tmp"
	rig_ibft_tree "$FX/$1.tmp" > "$WORK/$1.links"
	sed 's/^/note: /' "$WORK/$1.links"
	rm -rf "${FX:?}/$1"
	mv "$FX/$1.tmp" "$FX/$1"
	cp "$WORK/ibft.dump" "$FX/$1.dump"
	cp "$WORK/tftp/boot.ipxe" "$FX/$1.ipxe"
}

rig_chap ibftuser Ibft-test-secret-42
RIG_IPXE_CHAP="ibftuser Ibft-test-secret-42" one ipxe

rig_target_down
TGT_CHAP="ibftuser Ibft-test-secret-42 ibfttarget Ibft-target-secret-7"
rig_target_up
RIG_IPXE_CHAP=$TGT_CHAP one ipxe-mutual

rig_target_down
TGT_CHAP=
rig_target_up
RIG_IPXE_NET="static 10.0.2.20 255.255.255.0 10.0.2.2 10.0.2.3" one ipxe-static
rig_pass
