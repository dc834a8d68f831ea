#!/bin/sh
# Bytes of each generator's image with iscsiroot, for this tree and, side by
# side in the same run, for another checkout of the project (built: make):
#   BENCH_OTHER=OTHER_TREE sh tests/bench/imagesize.sh
# Each tree's own generator files and scripts build its images, from the same
# small configuration and kernel: initramfs-tools (the real mkinitramfs,
# ISCSIROOT=y, gzip), dracut (the real dracut, base + iscsiroot, gzip) and
# mkinitcpio (our build() under tests/bats/mkinitcpio-harness.bash, packed
# with cpio + gzip -9: the real mkinitcpio is not used here). Printed: the
# image file, the unpacked bytes, and /usr/lib/iscsiroot inside; with a
# second tree, the ratio this/other. Not a test: figures for the closing note.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/../boot/lib.sh"
rig_init bench_imagesize
command -v mkinitramfs > /dev/null || rig_skip "initramfs-tools not installed"
command -v dracut > /dev/null || rig_skip "dracut not installed"
OTHER=${BENCH_OTHER:-}
[ -z "$OTHER" ] || [ -x "$OTHER/build/iscsistart" ] || rig_fail "$OTHER: not a built iscsiroot tree (make)"

c=$WORK/itconf; mkdir -p "$c/conf.d" "$c/hooks" "$c/scripts" "$WORK/etc"
printf 'MODULES=list\nBUSYBOX=auto\nKEYMAP=n\nCOMPRESS=gzip\nDEVICE=\nNFSROOT=auto\nRUNSIZE=10%%\nFSTYPE=ext4\n' > "$c/initramfs.conf"
printf 'virtio_pci\nvirtio_net\next4\nsd_mod\n' > "$c/modules"

unpacked() { # unpacked IMG DIR: unpack a gzip'd cpio, print "bytes helper-bytes"
	rm -rf "$2"; mkdir -p "$2"
	(cd "$2" && zcat "$1" | cpio -id --quiet 2> /dev/null)
	echo "$(du -sb "$2" | cut -f1) $(du -sb "$2/usr/lib/iscsiroot" 2> /dev/null | cut -f1)"
	rm -rf "$2"
}

measure() { # measure LABEL TREE: one line per generator into $WORK/sizes
	t=$2; o=$WORK/$1; mkdir -p "$o"
	IT_OURS=1 IT_OPENISCSI=0 ISCSIROOT=y ISCSIROOT_HELPERS=$t/build ISCSIROOT_SYSCONFDIR=$WORK/etc \
		sh "$t/tests/mkinitramfs-private.sh" -d "$c" -o "$o/itools.img" "$RIG_KVER" > "$o/itools.log" 2>&1 ||
		{ cat "$o/itools.log"; rig_fail "$1: mkinitramfs failed"; }
	echo "$1 initramfs-tools $(stat -c %s "$o/itools.img") $(unpacked "$o/itools.img" "$o/x")" >> "$WORK/sizes"
	KVER=$RIG_KVER sh "$t/tests/boot/dracut_image.sh" "$o/dracut.img" --gzip > "$o/dracut.log" 2>&1 ||
		{ cat "$o/dracut.log"; rig_fail "$1: dracut failed"; }
	echo "$1 dracut $(stat -c %s "$o/dracut.img") $(unpacked "$o/dracut.img" "$o/x")" >> "$WORK/sizes"
	bash -c '. "$1/tests/bats/mkinitcpio-harness.bash" && KERNELVERSION=$2 MK_LOG=$3/mk.log \
		ISCSIROOT_HELPERS=$1/build ISCSIROOT_ETC=$3/etc mk_build "$1/mkinitcpio/install/iscsiroot" \
		"$1/mkinitcpio/hooks" "$3/mkroot"' sh "$t" "$RIG_KVER" "$o" > "$o/mk.out" 2>&1 ||
		{ cat "$o/mk.out"; rig_fail "$1: mkinitcpio build() failed"; }
	(cd "$o/mkroot" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -9n) > "$o/mk.img"
	echo "$1 mkinitcpio $(stat -c %s "$o/mk.img") $(unpacked "$o/mk.img" "$o/x")" >> "$WORK/sizes"
}

: > "$WORK/sizes"
measure this "$RIG_TOP"
[ -z "$OTHER" ] || measure other "$(cd "$OTHER" && pwd)"
printf '%-16s %-6s %10s %10s %10s\n' generator tree image unpacked helpers
awk '{ printf "%-16s %-6s %10s %10s %10s\n", $2, $1, $3, $4, $5 }' "$WORK/sizes"
[ -z "$OTHER" ] || awk '$1 == "this" { t[$2] = $3; h[$2] = $5 } $1 == "other" { o[$2] = $3; p[$2] = $5 }
	END { for (g in t) if (o[g]) printf "ratio this/other %-16s image %.3f  helpers %.3f\n", g, t[g] / o[g], h[g] / p[g] }' "$WORK/sizes"
rig_pass
