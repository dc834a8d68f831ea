#!/usr/bin/env bats
# The initramfs-tools adapter (initramfs-tools/) with the real mkinitramfs:
# each test builds an image with tests/mkinitramfs-private.sh (our files
# installed as `make install` does, in a private mount namespace) from a small
# private configuration and fixture /etc (ISCSIROOT_SYSCONFDIR), then reads it
# back with lsinitramfs / cpio: what goes in, file modes, the image's mode,
# when nothing goes in, and that open-iscsi's boot script is taken out.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers

setup() {
	command -v mkinitramfs >/dev/null || skip "initramfs-tools not installed"
	[ "$(id -u)" -eq 0 ] || skip "needs root (private mount namespace)"
	[ -x "$B/iscsistart" ] || skip "helpers not built"
	T=$BATS_TEST_TMPDIR
	C=$T/conf; E=$T/etc
	mkdir -p "$C/conf.d" "$C/hooks" "$C/scripts" "$E/iscsi"
	printf 'MODULES=list\nBUSYBOX=auto\nKEYMAP=n\nCOMPRESS=gzip\nCOMPRESSLEVEL=1\nDEVICE=\nNFSROOT=auto\nRUNSIZE=10%%\nFSTYPE=ext4\n' > "$C/initramfs.conf"
	printf 'ext4\n' > "$C/modules"
	KVER=$(find /boot -maxdepth 1 -name 'vmlinuz-*' | sed 's|.*/vmlinuz-||' | sort -V | tail -n 1)
	[ -n "$KVER" ] || skip "no kernel in /boot"
	export ISCSIROOT_HELPERS=$B ISCSIROOT_SYSCONFDIR=$E
	IMG=$T/initrd.img
	unset ISCSIROOT
}

mk() { # mk [mkinitramfs options]: build $IMG, list it into $T/list
	run sh "$BATS_TEST_DIRNAME/../mkinitramfs-private.sh" -d "$C" -o "$IMG" "$@" "$KVER"
	echo "$output"
	[ "$status" -eq 0 ]
	lsinitramfs -l "$IMG" > "$T/list"
}
mode_of() { stat -c %a "$1"; }
has() { awk -v p="$1" '$NF == p { f = 1 } END { exit !f }' "$T/list"; }
hasnt() { ! has "$1"; }   # (a bare `! cmd` never fails a bats test)
lacks() { ! grep -q -- "$1" "$T/list"; }
perm() { awk -v p="$1" '$NF == p { print $1; exit }' "$T/list"; }
extract() { # extract PATH: one file of the image to stdout
	(cd "$T" && rm -rf x && mkdir x && cd x && zcat "$IMG" | cpio -id --quiet "$1" 2>/dev/null && cat "$1")
}

@test "itools: /etc/iscsiroot.conf with a CHAP secret: support added, image file 0600" {
	printf 'root=iscsi:192.0.2.1::::iqn.2026-11.org.example:r\nrd.iscsi.username=u rd.iscsi.password=long-secret-1\n' > "$E/iscsiroot.conf"
	echo 'InitiatorName=iqn.2026-11.org.example:i' > "$E/iscsi/initiatorname.iscsi"
	mk
	[ "$(mode_of "$IMG")" = 600 ]
	for h in iscsistart ipconfig root-pin; do
		has "usr/lib/iscsiroot/$h"
		cmp "$B/$h" <(extract "usr/lib/iscsiroot/$h")
	done
	[ "$(perm etc/iscsiroot.conf)" = -rw------- ]
	extract etc/iscsiroot.conf | grep -q 'rd.iscsi.password=long-secret-1'
	has etc/iscsi/initiatorname.iscsi
	has scripts/local-top/iscsiroot
	has scripts/init-bottom/iscsiroot
	grep -q '/iscsi_tcp.ko' "$T/list"
	grep -q '/libiscsi_tcp.ko' "$T/list"
	grep -q '/sd_mod.ko' "$T/list"
	grep -q '/crc32c' "$T/list"
	extract scripts/local-top/ORDER | grep -q '^/scripts/local-top/iscsiroot '
	extract scripts/init-bottom/ORDER | grep -q '^/scripts/init-bottom/iscsiroot '
}

@test "itools: /etc/iscsiroot.conf without a secret: support added, image file 0644, the file itself 0600" {
	printf 'root=iscsi:192.0.2.1::::iqn.2026-11.org.example:r\n' > "$E/iscsiroot.conf"
	mk
	[ "$(mode_of "$IMG")" = 644 ]
	has usr/lib/iscsiroot/iscsistart
	[ "$(perm etc/iscsiroot.conf)" = -rw------- ]
}

@test "itools: Debian iscsi.initramfs with ISCSI_PASSWORD (ISCSIROOT=y): image 0600, copied 0600 to /etc/iscsi.initramfs" {
	printf 'ISCSIROOT=y\n' > "$C/conf.d/iscsiroot"
	printf 'ISCSI_TARGET_NAME=iqn.2026-11.org.example:r\nISCSI_TARGET_IP=192.0.2.1\nISCSI_USERNAME=u\nISCSI_PASSWORD="long secret 2"\n' > "$E/iscsi/iscsi.initramfs"
	chmod 644 "$E/iscsi/iscsi.initramfs"
	mk
	[ "$(mode_of "$IMG")" = 600 ]
	[ "$(perm etc/iscsi.initramfs)" = -rw------- ]
	extract etc/iscsi.initramfs | grep -q 'long secret 2'
	has usr/lib/iscsiroot/iscsistart
}

@test "itools: an existing 0644 output file is made 0600 when a secret goes in" {
	printf 'rd.iscsi.in.username=t rd.iscsi.in.password=long-secret-3 rd.iscsi.username=u rd.iscsi.password=long-secret-4\n' > "$E/iscsiroot.conf"
	: > "$IMG"; chmod 644 "$IMG"
	mk
	[ "$(mode_of "$IMG")" = 600 ]
}

@test "itools: ISCSIROOT=y without any configuration: support added, image 0644" {
	printf 'ISCSIROOT=y\n' > "$C/conf.d/iscsiroot"
	mk
	[ "$(mode_of "$IMG")" = 644 ]
	has usr/lib/iscsiroot/root-pin
	hasnt etc/iscsiroot.conf
}

@test "itools: auto, no configuration, root not on iSCSI: nothing added (no helpers, no iSCSI modules, open-iscsi untouched)" {
	IT_OPENISCSI=0 mk
	[ "$(mode_of "$IMG")" = 644 ]
	lacks 'usr/lib/iscsiroot'
	lacks 'iscsi_tcp.ko'
	lacks 'sd_mod.ko'
	# the scripts are in every image (mkinitramfs copies them all) and do nothing without iscsistart
	extract scripts/local-top/iscsiroot | grep -q 'D/iscsistart ] || exit 0'
	if [ -f /usr/share/initramfs-tools/scripts/local-top/iscsi ]; then
		mk
		has scripts/local-top/iscsi
		hasnt usr/lib/iscsiroot/iscsistart
	fi
}

@test "itools: auto with the root on an iSCSI disk (root-pin over a fixture tree): support added" {
	ISCSIROOT_ROOT=$BATS_TEST_DIRNAME/../fixtures/rootpin/base mk
	has usr/lib/iscsiroot/iscsistart
	grep -q 'iscsi_tcp.ko' "$T/list"
}

@test "itools: ISCSIROOT=n wins over /etc/iscsiroot.conf" {
	printf 'ISCSIROOT=n\n' > "$C/conf.d/iscsiroot"
	printf 'root=iscsi:192.0.2.1::::iqn.2026-11.org.example:r rd.iscsi.username=u rd.iscsi.password=long-secret-5\n' > "$E/iscsiroot.conf"
	IT_OPENISCSI=0 mk
	lacks 'usr/lib/iscsiroot'
	hasnt etc/iscsiroot.conf
}

@test "itools: a bad ISCSIROOT value stops mkinitramfs with a message naming it" {
	printf 'ISCSIROOT=maybe\n' > "$C/conf.d/iscsiroot"
	run sh "$BATS_TEST_DIRNAME/../mkinitramfs-private.sh" -d "$C" -o "$IMG" "$KVER"
	[ "$status" -ne 0 ]
	[[ "$output" == *"ISCSIROOT='maybe' must be y, n or auto"* ]]
}

@test "itools: a missing helper fails the build (no image without a working login)" {
	printf 'ISCSIROOT=y\n' > "$C/conf.d/iscsiroot"
	ISCSIROOT_HELPERS=$T/nohelpers run sh "$BATS_TEST_DIRNAME/../mkinitramfs-private.sh" -d "$C" -o "$IMG" "$KVER"
	[ "$status" -ne 0 ]
	[[ "$output" == *"iscsiroot: $T/nohelpers/iscsistart is missing"* ]]
}

@test "itools: with open-iscsi's hook installed, one login only: its local-top is gone, /sbin/iscsistart is ours" {
	[ -f /usr/share/initramfs-tools/hooks/iscsi ] || skip "open-iscsi not installed"
	printf 'ISCSIROOT=y\n' > "$C/conf.d/iscsiroot"
	printf 'ISCSI_TARGET_NAME=iqn.2026-11.org.example:r\nISCSI_TARGET_IP=192.0.2.1\n' > "$E/iscsi/iscsi.initramfs"
	mk
	hasnt scripts/local-top/iscsi
	extract scripts/local-top/ORDER > "$T/order"
	grep -q 'local-top/iscsiroot ' "$T/order"
	! grep -q 'local-top/iscsi ' "$T/order" || false
	[ "$(awk '$NF == "usr/sbin/iscsistart" || $(NF-2) == "usr/sbin/iscsistart" { print $NF }' "$T/list")" = /usr/lib/iscsiroot/iscsistart ]
	[ "$(perm etc/iscsi.initramfs)" = -rw------- ]
}
