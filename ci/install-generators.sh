#!/bin/sh
# Install the generator integration files: ci/install-generators.sh DESTDIR PREFIX
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
D=$1; P=$2
cd "$(dirname "$0")/.."
inst() { # inst MODE SRC DST
	[ -f "$2" ] || return 0
	install -D -m "$1" "$2" "$D$3"
}
# the hook library every generator's hook sources, next to the helpers
inst 0644 hooks/hooklib.sh "$P/lib/iscsiroot/hooklib.sh"
for f in dracut/50iscsiroot/*; do inst 0755 "$f" "$P/lib/dracut/modules.d/50iscsiroot/${f##*/}"; done
for f in initramfs-tools/hooks/* initramfs-tools/scripts/*/*; do
	[ -f "$f" ] && inst 0755 "$f" "$P/share/initramfs-tools/${f#initramfs-tools/}"
done
# sourced by mkinitramfs, not run
for f in initramfs-tools/conf-hooks.d/*; do
	[ -f "$f" ] && inst 0644 "$f" "$P/share/initramfs-tools/${f#initramfs-tools/}"
done
for f in mkinitcpio/install/* mkinitcpio/hooks/*; do
	[ -f "$f" ] && inst 0644 "$f" "$P/lib/initcpio/${f#mkinitcpio/}"
done
for f in mkinitcpio/post/*; do
	[ -f "$f" ] && inst 0755 "$f" "$P/lib/initcpio/${f#mkinitcpio/}"
done
inst 0600 conf/iscsiroot.conf /etc/iscsiroot.conf.example
inst 0644 conf/root-pin/iscsiroot-pin.service "$P/lib/systemd/system/iscsiroot-pin.service"
exit 0
