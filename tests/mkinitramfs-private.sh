#!/bin/sh
# Run the real mkinitramfs(8) with iscsiroot's initramfs-tools files installed
# as `make install` lays them out, without touching the host: a copy of
# /usr/share/initramfs-tools with our files added is bind-mounted over the
# real one in a private mount namespace.
#   tests/mkinitramfs-private.sh [mkinitramfs options...]
# Environment:
#   IT_OURS=1|0        add our conf-hook, hook and scripts (default 1)
#   IT_OPENISCSI=1|0   keep open-iscsi's hook and scripts if installed (default 1)
#   ISCSIROOT_HELPERS, ISCSIROOT_SYSCONFDIR, ISCSIROOT   passed through
# Needs root (unshare -m). Exit status: mkinitramfs's; 77 when it cannot run.
# SPDX-License-Identifier: GPL-2.0-or-later
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
command -v mkinitramfs >/dev/null || { echo "mkinitramfs not installed" >&2; exit 77; }
[ "$(id -u)" -eq 0 ] || { echo "needs root (private mount namespace)" >&2; exit 77; }
t=$(mktemp -d "${TMPDIR:-/tmp}/itools.XXXXXX") || exit 111
trap 'rm -rf "$t"' EXIT
cp -a /usr/share/initramfs-tools "$t/share" || exit 111
if [ "${IT_OPENISCSI:-1}" = 0 ]; then
	rm -f "$t/share/hooks/iscsi" "$t/share/scripts/local-top/iscsi" "$t/share/scripts/local-bottom/iscsi"
fi
if [ "${IT_OURS:-1}" = 1 ]; then
	sh "$top/ci/install-generators.sh" "$t/dest" /usr || exit 111
	cp -a "$t/dest/usr/share/initramfs-tools/." "$t/share/" || exit 111
fi
unshare -m sh -c 'mount --make-rprivate / && mount --bind "$1" /usr/share/initramfs-tools &&
	shift && exec mkinitramfs "$@"' sh "$t/share" "$@"
