#!/bin/sh
# Build an initramfs with the real dracut and this tree's iscsiroot module,
# without touching the host's /usr/lib/dracut, /etc/dracut.conf* or /boot:
#   sh tests/boot/dracut_image.sh OUT [DRACUT ARGS...]
# The helpers and the module are installed (make install) into a private
# DESTDIR; dracut runs from a private base dir (symlinks to the host's dracut
# plus our module) with an empty private configuration, for the newest kernel
# in /boot (or $KVER), --no-hostonly, modules $DRACUT_MODULES (default
# "base iscsiroot"; rootfs-block follows) and ext4. ISCSIROOT_CONF / ISCSIROOT_DEBIAN_CONF /
# ISCSIROOT_INITIATORNAME name the files the module puts in the image.
# Exit 77 when dracut is not installed.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
[ $# -ge 1 ] || { echo "usage: $0 OUT [DRACUT ARGS...]" >&2; exit 100; }
out=$1; shift
top=$(cd "$(dirname "$0")/../.." && pwd)
command -v dracut > /dev/null && [ -d /usr/lib/dracut/modules.d ] ||
	{ echo "SKIP: dracut not installed (run: sh ci/deps.sh)"; exit 77; }
KVER=${KVER:-$(find /boot -maxdepth 1 -name 'vmlinuz-*' | sed 's|.*/vmlinuz-||' | sort -V | tail -n 1)}
[ -d "/lib/modules/$KVER" ] || { echo "SKIP: no modules for kernel '$KVER'"; exit 77; }
w=$(mktemp -d "$top/build/dracut-image.XXXXXX")
trap 'rm -rf "$w"' EXIT
make -s -C "$top" install DESTDIR="$w/inst" PREFIX=/usr > /dev/null
mkdir -p "$w/base/modules.d" "$w/conf.d" "$w/tmp"
for f in /usr/lib/dracut/*; do
	[ "${f##*/}" = modules.d ] || ln -s "$f" "$w/base/${f##*/}"
done
for m in /usr/lib/dracut/modules.d/*; do
	[ "${m##*/}" = 50iscsiroot ] || ln -s "$m" "$w/base/modules.d/${m##*/}"
done
ln -s "$w/inst/usr/lib/dracut/modules.d/50iscsiroot" "$w/base/modules.d/50iscsiroot"
: > "$w/dracut.conf"
dracutbasedir=$w/base ISCSIROOT_HELPERS=$w/inst/usr/lib/iscsiroot \
	dracut --quiet --conf "$w/dracut.conf" --confdir "$w/conf.d" --tmpdir "$w/tmp" \
	--kver "$KVER" --no-hostonly --no-hostonly-cmdline --no-early-microcode \
	-m "${DRACUT_MODULES:-base iscsiroot}" --add-drivers ext4 "$@" "$out"
