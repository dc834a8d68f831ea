#!/usr/bin/env bats
# The dracut module 50iscsiroot: check() rules with dracut's functions stubbed,
# then images built by the real dracut (tests/boot/dracut_image.sh: private
# module dir and configuration, nothing of the host's dracut or /boot touched).
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers

M="$BATS_TEST_DIRNAME/../../dracut/50iscsiroot"

setup() {
	D=$(mktemp -d)
	mkdir -p "$D/helpers"
	for h in ipconfig iscsistart root-pin ibft-reader; do cp "$B/$h" "$D/helpers/$h"; done
}
teardown() { rm -rf "$D"; }

# check_rc HOSTONLY ON_ISCSI: check()'s exit status with dracut's functions stubbed
check_rc() {
	bash -c '
		derror() { echo "derror: $*"; }
		for_each_host_dev_and_slaves() { return "$ON_ISCSI"; }
		hostonly=$1; ON_ISCSI=$2
		. "$M/module-setup.sh"
		check; echo "check=$?"' sh "$1" "$2"
}

@test "check: host-only includes the module only when the root is on iSCSI" {
	export M ISCSIROOT_HELPERS="$D/helpers"
	run check_rc yes 0
	[[ "$output" == *"check=0"* ]]
	run check_rc yes 1
	[[ "$output" == *"check=255"* ]]     # 255: only when asked (--add iscsiroot)
	run check_rc "" 0
	[[ "$output" == *"check=255"* ]]     # a generic image: only when asked
	rm "$D/helpers/iscsistart"
	run check_rc yes 0
	[[ "$output" == *"check=1"* ]]
	[[ "$output" == *"derror: iscsiroot: $D/helpers/iscsistart is missing"* ]]
}

@test "module: depends on neither dracut's network nor its iscsi module" {
	run bash -c '. "$1/module-setup.sh"; depends' sh "$M"
	[ "$status" -eq 0 ]
	[[ " $output " == *" rootfs-block "* ]]
	[[ " $output " != *" network "* && " $output " != *" iscsi "* ]]
}

build() { # build OUT [DRACUT ARGS]
	run sh "$BATS_TEST_DIRNAME/../boot/dracut_image.sh" "$@"
	[ "$status" -ne 77 ] || skip "$output"
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "dracut image: helpers, hooks, iscsi_tcp, configuration 0600 inside, image 0600" {
	command -v lsinitrd > /dev/null || skip "dracut not installed"
	printf 'rd.iscsi.username=alice rd.iscsi.password=Bats5ecretPw\n' > "$D/iscsiroot.conf"
	printf 'ISCSI_TARGET_NAME=iqn.2024-01.org.example:root\n' > "$D/iscsi.initramfs"
	chmod 0644 "$D/iscsiroot.conf" "$D/iscsi.initramfs"
	ISCSIROOT_CONF="$D/iscsiroot.conf" ISCSIROOT_DEBIAN_CONF="$D/iscsi.initramfs" \
		ISCSIROOT_INITIATORNAME=/nonexistent build "$D/img" --no-compress
	[ "$(stat -c %a "$D/img")" = 600 ]
	lsinitrd "$D/img" > "$D/list" 2> /dev/null
	grep -q 'usr/lib/iscsiroot/iscsiroot$' "$D/list"        # the one binary (issue 11)
	for f in ipconfig iscsistart root-pin ibft-reader @ipconfig; do
		grep -q "usr/lib/iscsiroot/$f -> iscsiroot" "$D/list"
	done
	for f in usr/lib/iscsiroot/ipconfig usr/lib/iscsiroot/iscsistart usr/lib/iscsiroot/root-pin \
		usr/lib/iscsiroot/ibft-reader drivers/firmware/iscsi_ibft.ko drivers/scsi/iscsi_boot_sysfs.ko \
		usr/lib/iscsiroot/dracut-login usr/lib/iscsiroot/hooklib.sh usr/lib/dracut/hooks/cmdline/90-iscsiroot-cmdline.sh \
		usr/lib/dracut/hooks/pre-pivot/90-iscsiroot-pin.sh sbin/initqueue \
		drivers/scsi/iscsi_tcp.ko drivers/scsi/libiscsi.ko drivers/scsi/scsi_transport_iscsi.ko \
		drivers/scsi/sd_mod.ko drivers/net/virtio_net.ko; do
		grep -q "$f" "$D/list" || { echo "missing: $f"; false; }
	done
	grep -q -- '^-rw------- .* etc/iscsiroot.conf$' "$D/list"
	grep -q -- '^-rw------- .* etc/iscsi/iscsi.initramfs$' "$D/list"
	! grep -q 'etc/iscsi/initiatorname.iscsi' "$D/list"
	# dracut's own network and iscsi modules are not in it, nor open-iscsi
	sed -n '/^dracut modules:/,/^=====/p' "$D/list" > "$D/mods"
	grep -qx iscsiroot "$D/mods"
	! grep -qx -e network -e iscsi -e network-legacy "$D/mods"
	! grep -q -e 'sbin/iscsid' -e 'sbin/iscsistart' "$D/list"
	[ "$(lsinitrd -f etc/iscsiroot.conf "$D/img")" = "$(cat "$D/iscsiroot.conf")" ]
}

@test "dracut image: --force over a 0644 file still leaves it 0600 when it holds secrets" {
	command -v lsinitrd > /dev/null || skip "dracut not installed"
	printf 'rd.iscsi.password=Bats5ecretPw\n' > "$D/iscsiroot.conf"
	: > "$D/img"; chmod 0644 "$D/img"
	ISCSIROOT_CONF="$D/iscsiroot.conf" ISCSIROOT_DEBIAN_CONF=/nonexistent \
		build "$D/img" --no-compress --force
	[ "$(stat -c %a "$D/img")" = 600 ]
	lsinitrd "$D/img" 2> /dev/null | grep -q 'etc/iscsiroot.conf$'
}

# login_job CMDLINE: run the initqueue job with dracut's functions, modprobe
# and the helpers stubbed; the calls it made are in $D/calls
login_job() {
	mkdir -p "$D/stub"
	for h in iscsistart @ipconfig; do
		printf '#!/bin/sh\necho "%s $*" >> "%s/calls"\n' "$h" "$D" > "$D/stub/$h"
	done
	cp "$BATS_TEST_DIRNAME/../../hooks/hooklib.sh" "$D/stub/"    # the real hook library
	# --explain answers as the real one would for the test's command line
	printf '#!/bin/sh\necho "iscsistart $*" >> "%s/calls"\ncase "$1" in --explain*) exec "%s/iscsistart" "$@" ;; esac\n' \
		"$D" "$D/helpers" > "$D/stub/iscsistart"
	chmod +x "$D"/stub/*
	echo "$1" > "$D/cmdline"
	sed -e "s|^H=/usr/lib/iscsiroot|H=$D/stub|" -e "s|^ISCSIROOT_CMDLINE=/run/iscsiroot/cmdline|ISCSIROOT_CMDLINE=$D/cmdline|" \
		-e 's|^\. /run/iscsiroot/root.conf|:|' -e "s|/run/iscsiroot/login.out|$D/login.out|" \
		"$M/iscsiroot-login.sh" > "$D/login.sh"
	bash -c '
		getarg() { sed -n "s/.*\\<${1%=}=\\([^ ]*\\).*/\\1/p" "$D/cmdline"; }
		warn() { echo "warn: $*"; }; info() { echo "info: $*"; }
		modprobe() { echo "modprobe $*" >> "$D/calls"; }
		root=; . "$D/login.sh"' sh
}

@test "dracut login job: rd.iscsi.firmware + rd.iscsi.ibft: iscsi_ibft loaded, ipconfig ibft, then iscsistart --cmdline" {
	export D ISCSIROOT_SYSFS="$D/nosys"
	run login_job "rd.iscsi.firmware=1 rd.iscsi.ibft=1"
	echo "$output"; cat "$D/calls"
	grep -qx 'modprobe -q iscsi_ibft' "$D/calls"
	grep -qx '@ipconfig ibft' "$D/calls"
	grep -q "^iscsistart --cmdline=$D/cmdline" "$D/calls"
	[ "$(grep -n '@ipconfig ibft' "$D/calls" | cut -d: -f1)" -lt "$(grep -n 'iscsistart --cmdline' "$D/calls" | cut -d: -f1)" ]
	# ip=ibft is ipconfig's own: plain @ipconfig reads it
	: > "$D/calls"
	run login_job "rd.iscsi.firmware=1 ip=ibft"
	grep -qx 'modprobe -q iscsi_ibft' "$D/calls"
	grep -qx '@ipconfig ' "$D/calls"
	# without iBFT: no module, the usual network
	: > "$D/calls"
	run login_job "ip=dhcp netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:root"
	! grep -q iscsi_ibft "$D/calls"
	grep -qx '@ipconfig ' "$D/calls"
}

@test "dracut cmdline hook: rd.iscsi.firmware loads iscsi_ibft before it reports the configuration's warnings" {
	mkdir -p "$D/hooks/emergency" "$D/run"
	echo "rd.iscsi.firmware=1" > "$D/cmdline"
	printf '#!/bin/sh\necho "iscsistart $*" >> "%s/calls"\nexec "%s/helpers/iscsistart" "$@"\n' "$D" "$D" > "$D/iscsistart"
	printf '#!/bin/sh\necho "initqueue $*" >> "%s/calls"\n' "$D" > "$D/initqueue"
	chmod +x "$D/iscsistart" "$D/initqueue"
	cp "$BATS_TEST_DIRNAME/../../hooks/hooklib.sh" "$D/"    # the real hook library, next to the stub
	sed -e "s|/usr/lib/iscsiroot/iscsistart|$D/iscsistart|g" -e "s|/sbin/initqueue|$D/initqueue|" \
		-e "s|/run/iscsiroot|$D/run|g" -e "s|^iscsiroot_dir=/usr/lib/iscsiroot\$|iscsiroot_dir=$D|" \
		"$M/iscsiroot-cmdline.sh" > "$D/cmdline.sh"
	export D ISCSIROOT_SYSFS="$D/nosys"
	run bash -c '
		getcmdline() { cat "$D/cmdline"; }
		warn() { echo "warn: $*"; }; die() { echo "die: $*"; }; wait_for_dev() { :; }
		modprobe() { echo "modprobe $*" >> "$D/calls"; }
		hookdir=$D/hooks; root=; . "$D/cmdline.sh"; echo "root=$root"' sh
	echo "$output"; cat "$D/calls"
	[ "$(grep -c -- '--explain' "$D/calls")" -eq 2 ]
	[ "$(sed -n 2p "$D/calls")" = "modprobe -q iscsi_ibft" ]
	grep -q '^initqueue .*dracut-login' "$D/calls"
	[[ "$output" == *"root=block:/dev/root"* ]]
	[[ "$output" == *"warn: iscsiroot: rd.iscsi.firmware: $D/nosys/firmware/ibft: no iBFT"* ]]
}
