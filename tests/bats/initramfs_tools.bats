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
# has PATH: a file or a link (lsinitramfs -l prints "PATH -> TARGET")
has() { awk -v p="$1" '$NF == p || ($(NF-1) == "->" && $(NF-2) == p) { f = 1 } END { exit !f }' "$T/list"; }
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
	# the one binary, each helper a link to it (issue 11: was a copy each)
	cmp "$B/iscsiroot" <(extract usr/lib/iscsiroot/iscsiroot)
	for h in iscsistart ipconfig root-pin ibft-reader @ipconfig; do
		grep -q " usr/lib/iscsiroot/$h -> iscsiroot\$" "$T/list"
	done
	[ "$(perm etc/iscsiroot.conf)" = -rw------- ]
	extract etc/iscsiroot.conf | grep -q 'rd.iscsi.password=long-secret-1'
	has etc/iscsi/initiatorname.iscsi
	has scripts/local-top/iscsiroot
	has scripts/init-bottom/iscsiroot
	has usr/lib/iscsiroot/hooklib.sh                   # the hook library local-top sources
	grep -q '/iscsi_tcp.ko' "$T/list"
	grep -q '/libiscsi_tcp.ko' "$T/list"
	grep -q '/sd_mod.ko' "$T/list"
	grep -q '/crc32c' "$T/list"
	grep -q '/iscsi_ibft.ko' "$T/list"          # the firmware's boot table (iscsi_auto)
	grep -q '/iscsi_boot_sysfs.ko' "$T/list"
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
	[[ "$output" == *"iscsiroot: $T/nohelpers/iscsiroot is missing"* ]]
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

# ---- scripts/local-top/iscsiroot and init-bottom in a chroot with stubs ------
# A busybox chroot stands in for the booted image: /scripts/functions defines
# panic (prints, exits 3) and the log functions; /usr/lib/iscsiroot holds stub
# helpers that record their arguments and act as STUB_* say. No mkinitramfs.
chroot_setup() {
	command -v busybox >/dev/null || skip "busybox not installed"
	file -L "$(command -v busybox)" | grep -q 'statically linked' || skip "busybox is not static"
	R=$T/root
	mkdir -p "$R/bin" "$R/scripts/local-top" "$R/scripts/init-bottom" "$R/conf" "$R/run/initramfs" \
		"$R/usr/lib/iscsiroot" "$R/sbin" "$R/proc"
	cp "$(command -v busybox)" "$R/bin/busybox"
	mkdir -p "$R/dev" && mknod -m 666 "$R/dev/null" c 1 3
	for a in sh cat echo printf grep; do ln -s busybox "$R/bin/$a"; done
	cp "$BATS_TEST_DIRNAME/../../initramfs-tools/scripts/local-top/iscsiroot" "$R/scripts/local-top/"
	cp "$BATS_TEST_DIRNAME/../../initramfs-tools/scripts/init-bottom/iscsiroot" "$R/scripts/init-bottom/"
	cp "$BATS_TEST_DIRNAME/../../hooks/hooklib.sh" "$R/usr/lib/iscsiroot/"    # the hook library
	cat > "$R/scripts/functions" <<'EOS'
panic() { echo "PANIC: $*"; exit 3; }
log_begin_msg() { :; }
log_end_msg() { :; }
EOS
	cat > "$R/usr/lib/iscsiroot/iscsistart" <<'EOS'
#!/bin/sh
echo "iscsistart $*" >> /calls
case $1 in
--explain) [ -n "$STUB_NOCONF" ] && { echo "no iSCSI root configured (no root=iscsi:, ...)"; exit 1; }
	echo "firmware (iBFT) targets: ${STUB_FW:-no}; network from iBFT: ${STUB_IBFT:-no}"
	exit "${STUB_EXPLAIN_RC:-0}" ;;
--explain-sh) # the plan the real one gives for the same (IP stands for ip=)
	[ -n "$STUB_NOCONF" ] && { echo "PLAN_ISCSI='no'"; echo "PLAN_NET='none'"; exit 1; }
	[ "${STUB_EXPLAIN_RC:-0}" = 0 ] || { echo "iscsiroot: iscsistart: fatal: unable to read the boot configuration: stand-in" >&2; exit "$STUB_EXPLAIN_RC"; }
	fw=; [ "${STUB_FW:-no}" = yes ] || [ "${STUB_IBFT:-no}" = yes ] && fw=iscsi_ibft
	net=dhcp; [ -n "${IP:-}" ] && net=cmdline; [ "${STUB_IBFT:-no}" = yes ] && net=ibft
	printf "PLAN_ISCSI='yes'\nPLAN_FW_MODULES='%s'\nPLAN_MODULES='iscsi_tcp sd_mod'\nPLAN_NET='%s'\n" "$fw" "$net"
	printf "PLAN_FIRMWARE='%s'\nPLAN_IBFT='%s'\nPLAN_NWARN='0'\n" "${STUB_FW:-no}" "${STUB_IBFT:-no}" ;;
--cmdline)
	[ "${STUB_LOGIN_RC:-0}" = 0 ] || { echo "iscsiroot: iscsistart: fatal: unable to log in" >&2; exit "$STUB_LOGIN_RC"; }
	mkdir -p /run/iscsiroot
	printf "ROOTDEV='/dev/sdb'\nNETDEV=%s\nROOTSPEC='%s'\n" "${STUB_NETDEV_Q:-eth0}" "${STUB_ROOTSPEC:-}" > /run/iscsiroot/root.conf
	cat /run/iscsiroot/root.conf ;;
esac
EOS
	printf '#!/bin/sh\necho "ipconfig $*" >> /calls\nexit "${STUB_IPCONFIG_RC:-0}"\n' > "$R/usr/lib/iscsiroot/ipconfig"
	ln -s ipconfig "$R/usr/lib/iscsiroot/@ipconfig"
	printf '#!/bin/sh\necho "root-pin $*" >> /calls\nexit "${STUB_PIN_RC:-0}"\n' > "$R/usr/lib/iscsiroot/root-pin"
	printf '#!/bin/sh\necho "modprobe $*" >> /calls\n' > "$R/sbin/modprobe"
	chmod 755 "$R"/usr/lib/iscsiroot/* "$R/sbin/modprobe"
	: > "$R/calls"; : > "$R/conf/param.conf"
}
lt() { # lt [VAR=value...]: run local-top in the chroot, env as initramfs-tools' init exports it
	: > "$R/calls"
	run env -i PATH=/sbin:/bin quiet=y "$@" chroot "$R" /bin/sh /scripts/local-top/iscsiroot
	echo "$output"; echo "-- calls:"; cat "$R/calls"; echo "-- param.conf:"; cat "$R/conf/param.conf"
}

@test "local-top: no iSCSI target configured: exits 0 at once, no network, no login" {
	chroot_setup
	lt STUB_NOCONF=1 ROOT=/dev/vda1
	[ "$status" -eq 0 ]
	[ "$(cat "$R/calls")" = "iscsistart --explain-sh" ]    # the plan (issue 11: was the prose --explain)
	[ ! -s "$R/conf/param.conf" ]
}

@test "local-top: root=iscsi: with ip=: ipconfig reads the command line, ROOT= the LUN's disk, DEVICE=" {
	chroot_setup
	lt ROOT=iscsi:192.0.2.1::::iqn.2026-11.org.example:r IP=dhcp
	[ "$status" -eq 0 ]
	grep -qx 'ipconfig ' "$R/calls"
	grep -qx 'modprobe iscsi_tcp' "$R/calls"
	grep -qx 'iscsistart --cmdline' "$R/calls"
	grep -qx "export ROOT='/dev/sdb'" "$R/conf/param.conf"
	grep -qx "export DEVICE='eth0'" "$R/conf/param.conf"
	[ "$(cat "$R/run/initramfs/open-iscsi.interface")" = eth0 ]
}

@test "local-top: without ip=: DHCP on DEVICE (initramfs.conf) as initramfs-tools does" {
	chroot_setup
	lt DEVICE=eth1
	[ "$status" -eq 0 ]
	grep -qx 'ipconfig -c dhcp eth1' "$R/calls"
}

@test "local-top: root=UUID= (ROOTSPEC) is kept, an interface name with a quote stays one word" {
	chroot_setup
	lt ROOT=UUID=0a1b STUB_ROOTSPEC=UUID=0a1b "STUB_NETDEV_Q='e'\\''th0'"
	[ "$status" -eq 0 ]
	! grep -q 'ROOT=' "$R/conf/param.conf" || false
	(. "$R/conf/param.conf"; [ "$DEVICE" = "e'th0" ])
}

@test "local-top: network already configured (/run/net-*.conf): ipconfig not run" {
	chroot_setup
	echo "DEVICE='eth0'" > "$R/run/net-eth0.conf"
	lt IP=dhcp
	[ "$status" -eq 0 ]
	! grep -q '^ipconfig' "$R/calls" || false
	grep -qx 'iscsistart --cmdline' "$R/calls"
}

@test "local-top: failures end in panic naming what failed" {
	chroot_setup
	lt STUB_LOGIN_RC=1 IP=dhcp
	[ "$status" -eq 3 ]
	[[ "$output" == *"PANIC: iscsiroot: no iSCSI root: the target refused the login"* ]]
	lt STUB_LOGIN_RC=99 IP=dhcp
	[[ "$output" == *"PANIC: iscsiroot: no iSCSI root: the target stayed unreachable until the deadline"* ]]
	lt STUB_EXPLAIN_RC=100
	[ "$status" -eq 3 ]
	[[ "$output" == *"PANIC: iscsiroot: the iSCSI root configuration cannot be read"* ]]
	rm -f "$R"/run/net-*.conf
	lt STUB_IPCONFIG_RC=111 IP=dhcp
	[ "$status" -eq 3 ]
	[[ "$output" == *"PANIC: iscsiroot: ipconfig could not configure the network (exit 111; ip=dhcp)"* ]]
	! grep -q 'iscsistart --cmdline' "$R/calls" || false
}

@test "local-top: iscsi_auto (network and targets from the iBFT): iscsi_ibft loaded, ipconfig ibft, then the login" {
	chroot_setup
	lt STUB_FW=yes STUB_IBFT=yes
	[ "$status" -eq 0 ]
	[ "$(grep -v '^iscsistart --explain' "$R/calls")" = "modprobe iscsi_ibft
ipconfig ibft
modprobe iscsi_tcp
modprobe sd_mod
modprobe crc32c
iscsistart --cmdline" ]
	grep -qx "export ROOT='/dev/sdb'" "$R/conf/param.conf"
	# rd.iscsi.firmware with ip=dhcp: the module, the usual network
	lt STUB_FW=yes IP=dhcp
	grep -qx 'modprobe iscsi_ibft' "$R/calls"
	grep -qx 'ipconfig ' "$R/calls"
	# no iBFT wanted: no module
	lt IP=dhcp
	! grep -q iscsi_ibft "$R/calls" || false
}

@test "init-bottom: root-pin --sysroot \$rootmnt after a login; nothing without one; a failure only warns" {
	chroot_setup
	run env -i PATH=/sbin:/bin rootmnt=/root chroot "$R" /bin/sh /scripts/init-bottom/iscsiroot
	[ "$status" -eq 0 ]
	[ ! -s "$R/calls" ]
	mkdir -p "$R/run/iscsiroot"; : > "$R/run/iscsiroot/root.conf"
	run env -i PATH=/sbin:/bin rootmnt=/root chroot "$R" /bin/sh /scripts/init-bottom/iscsiroot
	[ "$status" -eq 0 ]
	grep -qx 'root-pin --sysroot /root' "$R/calls"
	run env -i PATH=/sbin:/bin rootmnt=/root STUB_PIN_RC=1 chroot "$R" /bin/sh /scripts/init-bottom/iscsiroot
	[ "$status" -eq 0 ]
	[[ "$output" == *"iscsiroot: warning: root-pin could not protect"* ]]
}
