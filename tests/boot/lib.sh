# Boot-test rig: sourced by tests/boot/t_*.sh (and demo.sh). POSIX sh.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A test is a script:
#     . "$(dirname "$0")/lib.sh"
#     rig_init mytest                  # private network namespace, work dir, cleanup trap
#     rig_need_helpers iscsistart      # skip unless build/iscsistart is built ($B = build/)
#     rig_root                         # $WORK/root.img: ext4 root that prints a marker, powers off
#     rig_target iqn.2026-11.test:t1 "$WORK/root.img"     # tgtd on 127.0.0.1:3260 (netns-private)
#     rig_initramfs "$WORK/initrd" "$WORK/login.sh" [SRC:DST ...]
#     rig_qemu "extra kernel args"     # boots; serial log in $WORK/serial.log
#     (or rig_qemu_ipxe: boots through iPXE, which writes a real iBFT; see there)
#     rig_expect 'ISCSIROOT-ROOT-OK'   # or rig_fail "why"
#     rig_pass
#
# Isolation: rig_init re-executes the test under `unshare -n`, so loopback is
# private to the test: tgtd binds 127.0.0.1 there, QEMU's user network maps the
# guest's 10.0.2.2 to it, and two tests can run at once. tgtd gets a unique
# control port. Cleanup (trap) stops tgtd with tgtadm, then kills by PID
# whatever the test started, and removes $WORK unless RIG_KEEP=1.
#
# Guest side: the initramfs /init mounts /proc /sys /dev, installs busybox
# applets, inserts the modules (dependency order computed on the host), brings
# lo up, prints "RIG-MARK init <uptime>", then sources the test's script, which
# may use these shell functions (from /lib/rig.sh):
#     rig_mark NAME            "RIG-MARK NAME <uptime>" on the console
#     rig_net_static           eth0 10.0.2.15/24, default via 10.0.2.2 (QEMU user net)
#     rig_wait_dev DEV SECS    wait for a block device
#     rig_switch DEV           mount DEV (ext4) and switch_root into its /sbin/init
#     rig_die MSG              "RIG-FAIL: MSG" and power off
#     rig_iscsistart [-a ADDR] [-p PORT] TARGET [ARGS...]
#                              /sbin/iscsistart -i $RIG_IQN_I -t TARGET -g 1
#                              -a ADDR (default 10.0.2.2) [-p PORT] ARGS...
#     rig_login [-a ADDR] [-p PORT] [-d DEV] TARGET [ARGS...]
#                              the same between marks "login" and "disk",
#                              RIG-FAIL if it fails; -d: wait 30 s for DEV
#                              (tests/boot/rig_guest.sh has the details)
#     rig_switch_listed FILE [SECS]  rig_switch to the first /dev/sdX line of FILE
#     rig_ibft_dump [-s]       every entry of /sys/firmware/ibft between the lines
#                              RIG-IBFT-BEGIN / RIG-IBFT-END: "IBFT-DIR PATH",
#                              "IBFT-FILE PATH HEX" (the bytes, in hex),
#                              "IBFT-LINK PATH TARGET", "IBFT-ERR PATH"; with -s
#                              the *secret files only as "IBFT-SECRET PATH LENGTH"
#                              (tests that check no secret reaches the console).
#                              The host rebuilds the tree with rig_ibft_tree DIR
# The root image's /sbin/init prints "ISCSIROOT-ROOT-OK root=<dev> uptime=<s>",
# runs /rig/test.sh from the root image if a test put one there
# (rig_root_add), syncs and powers off. rig_root_os_tree IMG adds /etc/os-release
# and /run, so that a systemd initramfs (dracut) accepts it for switch-root.

# shellcheck disable=SC2034  # variables here are used by the sourcing tests
RIG_TOP=$(cd "$(dirname "$0")/../.." && pwd)
RIG_CACHE=$RIG_TOP/build/boot/cache
RIG_KVER=${RIG_KVER:-$(find /boot -maxdepth 1 -name 'vmlinuz-*' 2>/dev/null | sed 's|.*/vmlinuz-||' | sort -V | tail -n 1)}
RIG_KERNEL=/boot/vmlinuz-$RIG_KVER
RIG_MODULES=${RIG_MODULES:-"virtio_pci virtio_net iscsi_tcp sd_mod ext4 crc32c_generic"}
RIG_IQN_I=iqn.2026-11.org.iscsiroot:initiator
# Modules that expose the iBFT as /sys/firmware/ibft (iscsi_ibft pulls in
# iscsi_boot_sysfs): tests that read the table set RIG_EXTRA_MODULES to this.
RIG_IBFT_MODULES="iscsi_ibft"
RIG_PIDS=
TGT_CP=
TGT_PID=

# our build: build/iscsiroot, build/<applet> links to it (RIG_BUILD: another
# tree's build/, e.g. an old commit's, to show that a test fails there)
B=${RIG_BUILD:-$RIG_TOP/build}
RIG_MULTI=$B/iscsiroot
RIG_IMG_MULTI=/usr/lib/iscsiroot/iscsiroot   # where rig_add_bin puts it in an image

rig_log() { echo "rig: $*" >&2; }

rig_skip() { echo "SKIP: $*"; exit 77; }

rig_fail() {
	echo "FAIL: $*"
	if [ -n "${WORK:-}" ] && [ -f "$WORK/serial.log" ]; then
		echo "---- serial log (last 60 lines)"; tail -n 60 "$WORK/serial.log"
	fi
	exit 1
}

rig_pass() { echo "PASS: ${RIG_NAME:-test}"; exit 0; }

# ---- what a test needs (skip, or with -f fail, when it is missing) -------------

# rig_need_helpers [-f] NAME...: build/NAME of each built (make)
rig_need_helpers() {
	_rig_v=rig_skip
	[ "${1:-}" = -f ] && { _rig_v=rig_fail; shift; }
	for _rig_h in "$@"; do
		[ -x "$B/$_rig_h" ] || $_rig_v "build/$_rig_h not built (make)"
	done
}

# rig_need_openiscsi [PROG...]: open-iscsi's /usr/sbin/PROG (default iscsistart)
rig_need_openiscsi() {
	[ $# -gt 0 ] || set -- iscsistart
	for _rig_h in "$@"; do
		[ -x "/usr/sbin/$_rig_h" ] || rig_skip "open-iscsi's $_rig_h not installed"
	done
}

# rig_need_cmds CMD...: each command on PATH
rig_need_cmds() {
	for _rig_h in "$@"; do
		command -v "$_rig_h" >/dev/null 2>&1 || rig_skip "$_rig_h not installed (run: sh ci/deps.sh)"
	done
}

# rig_need_8021q: the 8021q module (and what it needs) for the guest kernel,
# uncompressed. Sets RIG_VLAN_BINS (SRC:DST pairs for rig_initramfs, into
# /lib/vlanmods/) and RIG_VLAN_LOAD (a guest script line inserting them in order).
rig_need_8021q() {
	_rig_m=$(modprobe --show-depends -S "$RIG_KVER" 8021q 2>/dev/null | awk '$1 == "insmod" { print $2 }')
	[ -n "$_rig_m" ] || rig_skip "no 8021q module for kernel $RIG_KVER"
	RIG_VLAN_BINS='' _rig_n=''
	for _rig_h in $_rig_m; do
		case $_rig_h in *.ko) ;; *) rig_skip "compressed module $_rig_h: not handled here" ;; esac
		RIG_VLAN_BINS="$RIG_VLAN_BINS $_rig_h:/lib/vlanmods/$(basename "$_rig_h")"
		_rig_n="$_rig_n $(basename "$_rig_h")"
	done
	RIG_VLAN_LOAD="for m in$_rig_n; do insmod /lib/vlanmods/\$m || rig_die \"insmod \$m\"; done"
}

rig_init() { # rig_init NAME [debian]: "debian" builds the Debian root cache first
	RIG_NAME=$1
	if [ -z "${RIG_IN_NETNS:-}" ]; then
		[ "$(id -u)" -eq 0 ] || rig_skip "boot tests need root (network namespaces, tgtd)"
		[ -r "$RIG_KERNEL" ] || rig_skip "no kernel in /boot (install linux-image-amd64)"
		for c in qemu-system-x86_64 tgtd tgtadm unshare mke2fs busybox cpio; do
			command -v "$c" >/dev/null 2>&1 || rig_skip "missing $c (run: sh ci/deps.sh)"
		done
		# Caches that need the network are built before leaving it.
		if [ "${2:-}" = debian ]; then
			mkdir -p "$RIG_CACHE"
			( flock 9; rig_debian_build ) 9>"$RIG_CACHE/.debian.lock" || exit 1
		fi
		RIG_IN_NETNS=1 exec unshare -n -- sh "$0" "$@"
	fi
	ip link set lo up || rig_fail "cannot bring up lo in the test namespace"
	WORK=$RIG_TOP/build/boot/$RIG_NAME.$$
	rm -rf "$WORK"; mkdir -p "$WORK" "$RIG_CACHE"
	trap rig_cleanup EXIT
	trap 'exit 130' INT TERM
	rig_log "$RIG_NAME: work dir $WORK, kernel $RIG_KVER"
}

rig_bg() { # rig_bg CMD...: start in background, remembered for cleanup; $! is its PID
	"$@" &
	RIG_PIDS="$RIG_PIDS $!"
}

rig_cleanup() {
	rc=$?
	trap - EXIT
	[ -n "$TGT_PID" ] && rig_target_down
	for p in $RIG_PIDS; do kill "$p" 2>/dev/null; done
	for p in $RIG_PIDS; do
		_rig_i=0
		while kill -0 "$p" 2>/dev/null && [ $_rig_i -lt 20 ]; do sleep 0.1; _rig_i=$((_rig_i + 1)); done
		kill -9 "$p" 2>/dev/null
	done
	wait 2>/dev/null
	if [ "${RIG_KEEP:-0}" = 1 ] || { [ $rc -ne 0 ] && [ $rc -ne 77 ] && [ -n "${RIG_KEEP_FAILED:-}" ]; }; then
		rig_log "kept $WORK"
	else
		rm -rf "$WORK"
	fi
	exit $rc
}

# ---- cached host-side pieces -------------------------------------------------

# Module files in dependency order, one path per line (cached per kernel).
rig_modlist() {
	f=$RIG_CACHE/modules-$RIG_KVER-$(echo $RIG_MODULES ${RIG_EXTRA_MODULES:-} | cksum | cut -d' ' -f1).list
	if [ ! -s "$f" ]; then
		for m in $RIG_MODULES ${RIG_EXTRA_MODULES:-}; do
			modprobe --show-depends -S "$RIG_KVER" "$m" 2>/dev/null ||
				rig_fail "module $m not found for kernel $RIG_KVER"
		done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }' > "$f.$$" && mv "$f.$$" "$f"
	fi
	cat "$f"
}

# The cached root image: static busybox, an init that reports and powers off.
rig_root_build() {
	img=$RIG_CACHE/root-base.img
	[ -s "$img" ] && return 0
	d=$RIG_CACHE/rootfs.tmp
	rm -rf "$d"; mkdir -p "$d/bin" "$d/sbin" "$d/proc" "$d/sys" "$d/dev" "$d/tmp" "$d/rig" "$d/etc" "$d/data"
	cp /bin/busybox "$d/bin/busybox"
	cat > "$d/sbin/init" <<'EOF'
#!/bin/busybox sh
# Root image init for the iscsiroot boot rig.
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc 2>/dev/null
mount -t sysfs sys /sys 2>/dev/null
mount -t devtmpfs dev /dev 2>/dev/null
up() { cut -d' ' -f1 /proc/uptime; }
dev=$(awk '$2 == "/" && $1 != "rootfs" { d = $1 } END { print d }' /proc/mounts)
echo "RIG-MARK root $(up)"
echo "ISCSIROOT-ROOT-OK root=$dev uptime=$(up)"
mount -o remount,rw / 2>/dev/null
[ -f /rig/test.sh ] && . /rig/test.sh
sync
echo "RIG-MARK poweroff $(up)"
poweroff -f
EOF
	chmod 755 "$d/sbin/init"
	echo "iscsiroot test root" > "$d/etc/motd"
	rm -f "$img.tmp"
	mke2fs -q -t ext4 -L rigroot -d "$d" "$img.tmp" 32M || rig_fail "mke2fs failed"
	mv "$img.tmp" "$img"
	rm -rf "$d"
}

rig_root() { # rig_root [IMG]: a private copy of the root image (default $WORK/root.img)
	( flock 9; rig_root_build ) 9>"$RIG_CACHE/.root.lock" || exit 1
	cp --sparse=always "$RIG_CACHE/root-base.img" "${1:-$WORK/root.img}"
}

rig_root_add() { # rig_root_add IMG SRC DST: copy a host file into the ext4 image
	debugfs -w -R "rm $3" "$1" >/dev/null 2>&1
	debugfs -w -R "write $2 $3" "$1" >/dev/null 2>&1 || rig_fail "debugfs write $3 failed"
}

rig_root_os_tree() { # rig_root_os_tree IMG: /etc/os-release and /run, which systemd's switch-root wants
	printf 'ID=rigroot\nNAME="iscsiroot rig root"\n' > "$WORK/os-release.rig"
	rig_root_add "$1" "$WORK/os-release.rig" /etc/os-release
	debugfs -w -R "mkdir /run" "$1" > /dev/null 2>&1
	rm -f "$WORK/os-release.rig"
}

rig_blank() { # rig_blank IMG SIZE: a sparse blank LUN
	truncate -s "$2" "$1"
}

# ---- initramfs ---------------------------------------------------------------

# rig_add_bin ROOT PATH [DST]: copy an executable and, if dynamic, its libraries.
# PATH a link to build/iscsiroot (build/<applet>): the binary goes into the
# image once, as $RIG_IMG_MULTI, and DST becomes a link to it. PATH a link
# that is DST under some tree (a generator's build root being packed): the
# same link, as the generator made it.
rig_add_bin() {
	dst=${3:-$2}
	mkdir -p "$1/$(dirname "$dst")"
	if [ -L "$2" ] && [ "$2" != "$dst" ] && [ "${2%"$dst"}" != "$2" ]; then
		ln -sfn "$(readlink "$2")" "$1/$dst" || rig_fail "cannot link $dst"
		return 0
	fi
	if [ -L "$2" ] && [ -f "$RIG_MULTI" ] && [ "$(readlink -f "$2")" = "$(readlink -f "$RIG_MULTI")" ]; then
		if [ ! -f "$1$RIG_IMG_MULTI" ]; then
			mkdir -p "$1$(dirname "$RIG_IMG_MULTI")"
			cp "$RIG_MULTI" "$1$RIG_IMG_MULTI" || rig_fail "cannot copy $RIG_MULTI"
		fi
		ln -sfn "$RIG_IMG_MULTI" "$1/$dst" || rig_fail "cannot link $dst"
		return 0
	fi
	cp "$2" "$1/$dst"
	ldd "$2" 2>/dev/null | awk '/=>/ { print $3 } /^\t\/lib/ { print $1 }' | while read -r l; do
		[ -f "$l" ] || continue
		mkdir -p "$1/$(dirname "$l")"
		cp -L "$l" "$1/$l"
	done
}

# rig_initramfs OUT SCRIPT [SRC:DST ...]: a busybox initramfs that runs SCRIPT.
rig_initramfs() {
	out=$1; script=$2; shift 2
	r=$WORK/initramfs.d
	rm -rf "$r"; mkdir -p "$r/bin" "$r/sbin" "$r/proc" "$r/sys" "$r/dev" "$r/run" "$r/tmp" \
		"$r/newroot" "$r/lib/modules" "$r/etc"
	cp /bin/busybox "$r/bin/busybox"
	: > "$r/lib/modules/order"
	rig_modlist | while read -r m; do
		b=$(basename "$m")
		case $m in
		*.xz)  xz -dc "$m" > "$r/lib/modules/${b%.xz}"; b=${b%.xz} ;;
		*.zst) zstd -qdc "$m" > "$r/lib/modules/${b%.zst}"; b=${b%.zst} ;;
		*)     cp "$m" "$r/lib/modules/$b" ;;
		esac
		echo "$b" >> "$r/lib/modules/order"
	done
	{ cat "$RIG_TOP/tests/boot/rig_guest.sh"; echo "RIG_IQN_I=$RIG_IQN_I"; } > "$r/lib/rig.sh"
	cat > "$r/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/sbin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
. /lib/rig.sh
rig_mark init
while read -r m; do insmod "/lib/modules/$m" 2>/dev/null || case $m in
	crc32c-intel.ko|crct10dif-pclmul.ko) ;;     # CPU may lack the instructions
	*) echo "rig: insmod $m failed" ;; esac
done < /lib/modules/order
ip link set lo up
rig_mark modules
. /test.sh
rig_die "test script returned without switching root"
EOF
	chmod 755 "$r/init"
	cp "$script" "$r/test.sh"
	for pair in "$@"; do
		src=${pair%%:*}; dst=${pair#*:}
		rig_add_bin "$r" "$src" "$dst"
	done
	(cd "$r" && find . | cpio -o -H newc --quiet | gzip -1) > "$out" || rig_fail "cpio failed"
	rm -rf "$r"
}

# ---- target ------------------------------------------------------------------

# rig_target IQN IMG [IMG2 ...]: tgtd on 127.0.0.1:3260, LUN 1.. = the images.
rig_target() {
	TGT_IQN=$1; shift
	TGT_LUNS="$*"
	# tgtd's control port is a path (/var/run/tgtd/socket.N), shared by every
	# namespace: take one no other tgtd uses (tgtd accepts N up to 32767).
	TGT_CP=$(( 2000 + $$ % 28000 ))
	while [ -e "/var/run/tgtd/socket.$TGT_CP" ]; do TGT_CP=$((TGT_CP + 1)); done
	rig_target_up
}

rig_target_up() {
	tgtd -f --iscsi portal=127.0.0.1:3260 --control-port "$TGT_CP" >> "$WORK/tgtd.log" 2>&1 &
	TGT_PID=$!
	RIG_PIDS="$RIG_PIDS $TGT_PID"
	_rig_i=0
	until tgtadm -C "$TGT_CP" --mode system --op show >/dev/null 2>&1; do
		_rig_i=$((_rig_i + 1)); [ $_rig_i -gt 100 ] && rig_fail "tgtd did not start (see $WORK/tgtd.log)"
		sleep 0.1
	done
	tgtadm -C "$TGT_CP" --lld iscsi --mode target --op new --tid 1 -T "$TGT_IQN" ||
		rig_fail "tgtadm: cannot create target"
	n=1
	for img in $TGT_LUNS; do
		tgtadm -C "$TGT_CP" --lld iscsi --mode logicalunit --op new --tid 1 --lun $n -b "$img" ||
			rig_fail "tgtadm: cannot add LUN $n ($img)"
		n=$((n + 1))
	done
	tgtadm -C "$TGT_CP" --lld iscsi --mode target --op bind --tid 1 -I ALL ||
		rig_fail "tgtadm: cannot bind target"
	[ -n "${TGT_CHAP:-}" ] && rig_tgtadm_chap
	rig_log "tgtd pid $TGT_PID control port $TGT_CP: $TGT_IQN LUNs: $TGT_LUNS"
}

# rig_target_down: stop tgtd (tgtadm first, then by PID). rig_target_up restarts it
# with the same configuration.
rig_target_down() {
	[ -n "$TGT_PID" ] || return 0
	tgtadm -C "$TGT_CP" --mode system --op delete --force >/dev/null 2>&1 ||
		tgtadm -C "$TGT_CP" --mode system --op delete >/dev/null 2>&1
	_rig_i=0
	while kill -0 "$TGT_PID" 2>/dev/null && [ $_rig_i -lt 30 ]; do sleep 0.1; _rig_i=$((_rig_i + 1)); done
	kill -9 "$TGT_PID" 2>/dev/null
	wait "$TGT_PID" 2>/dev/null
	rm -f "/var/run/tgtd/socket.$TGT_CP" "/var/run/tgtd/socket.$TGT_CP.lock"
	TGT_PID=
}

# rig_chap USER PASS [IN_USER IN_PASS]: require CHAP (and mutual CHAP) on target 1.
rig_chap() {
	TGT_CHAP="$*"
	rig_tgtadm_chap
}
rig_tgtadm_chap() {
	# shellcheck disable=SC2086
	set -- $TGT_CHAP
	if ! tgtadm -C "$TGT_CP" --lld iscsi --mode account --op new --user "$1" --password "$2" ||
	   ! tgtadm -C "$TGT_CP" --lld iscsi --mode account --op bind --tid 1 --user "$1"; then
		rig_fail "tgtadm: cannot set CHAP account"
	fi
	if [ $# -ge 4 ]; then
		if ! tgtadm -C "$TGT_CP" --lld iscsi --mode account --op new --user "$3" --password "$4" ||
		   ! tgtadm -C "$TGT_CP" --lld iscsi --mode account --op bind --tid 1 --user "$3" --outgoing; then
			rig_fail "tgtadm: cannot set mutual CHAP account"
		fi
	fi
}

# ---- QEMU --------------------------------------------------------------------

# rig_qemu INITRD "KERNEL ARGS" [QEMU ARGS...]: boot and wait for power-off.
rig_qemu() {
	initrd=$1; args=$2; shift 2
	net=${RIG_NET-"-netdev user,id=n0 -device virtio-net-pci,netdev=n0"}
	_rig_qemu_start "$args" "$net" -kernel "$RIG_KERNEL" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 ${RIG_KARGS-quiet} $args" "$@"
}

# _rig_qemu_start LABEL NET [QEMU ARGS...]: start QEMU (serial log, monitor,
# PID tracking), then wait for power-off unless RIG_QEMU_ASYNC is set.
_rig_qemu_start() {
	_rig_label=$1; _rig_net=$2; shift 2
	: > "$WORK/serial.log"
	# shellcheck disable=SC2086
	qemu-system-x86_64 -accel tcg -m "${RIG_MEM:-512}" -smp 1 -nodefaults -no-user-config \
		-display none -no-reboot \
		-serial "file:$WORK/serial.log" \
		-monitor "unix:$WORK/monitor.sock,server=on,wait=off" \
		$_rig_net \
		"$@" > "$WORK/qemu.log" 2>&1 &
	QEMU_PID=$!
	RIG_PIDS="$RIG_PIDS $QEMU_PID"
	RIG_T0=$(date +%s%N)
	rig_log "qemu pid $QEMU_PID booting ($_rig_label)"
	if [ -n "${RIG_QEMU_ASYNC:-}" ]; then return 0; fi
	rig_qemu_wait
}

# rig_qemu_ipxe INITRD "KERNEL ARGS" [QEMU ARGS...]: like rig_qemu, but the
# guest boots through iPXE (the virtio-net option ROM of ipxe-qemu) so that a
# genuine iBFT is in memory when Linux starts: QEMU's BIOS network-boots
# (-boot n), iPXE gets boot.ipxe from QEMU's TFTP server ($WORK/tftp), and that
# script configures the NIC, attaches the target with `sanhook` (which makes
# iPXE publish the iBFT), then loads vmlinuz and INITRD over TFTP and boots them
# with "console=ttyS0 panic=-1 ${RIG_KARGS-quiet} KERNEL ARGS".
# The script is $WORK/tftp/boot.ipxe; it is shaped by:
#     RIG_IPXE_NET   "dhcp" (default) or "static ADDR NETMASK GATEWAY [DNS]":
#                    static sets net0/ip, net0/netmask, net0/gateway (iBFT
#                    origin 1 instead of 3 for DHCP)
#     RIG_IPXE_SAN   the sanhook URI (default iscsi:10.0.2.2:::1:$TGT_IQN,
#                    i.e. LUN 1 of rig_target's target: the first image)
#     RIG_IPXE_IQN   the initiator name (default $RIG_IQN_I)
#     RIG_IPXE_CHAP  "USER SECRET [REVERSE_USER REVERSE_SECRET]": CHAP (and
#                    mutual CHAP) credentials iPXE uses and writes to the iBFT
# RIG_NET is ignored: the NIC is always virtio-net on QEMU's user network with
# its TFTP server (10.0.2.2 still reaches the test's private tgtd).
# RIG_QEMU_TIMEOUT applies; iPXE adds a few seconds (firmware, TFTP) per boot.
rig_qemu_ipxe() {
	initrd=$1; args=$2; shift 2
	t=$WORK/tftp
	mkdir -p "$t"
	cp "$RIG_KERNEL" "$t/vmlinuz" || rig_fail "cannot copy the kernel for TFTP"
	cp "$initrd" "$t/initrd" || rig_fail "cannot copy the initramfs for TFTP"
	rig_ipxe_script "$t/boot.ipxe" "console=ttyS0 panic=-1 ${RIG_KARGS-quiet} $args"
	_rig_qemu_start "iPXE: $args" \
		"-netdev user,id=n0,tftp=$t,bootfile=boot.ipxe -device virtio-net-pci,netdev=n0" \
		-boot n "$@"
}

# rig_ipxe_script FILE "KERNEL COMMAND LINE": write the iPXE script (see above).
rig_ipxe_script() {
	{
		echo '#!ipxe'
		# shellcheck disable=SC2086
		set -- "$1" "$2" ${RIG_IPXE_NET:-dhcp}
		case $3 in
		dhcp) echo 'dhcp net0' ;;
		static)
			[ $# -ge 6 ] || rig_fail "RIG_IPXE_NET: static ADDR NETMASK GATEWAY [DNS]"
			echo 'ifopen net0'
			echo "set net0/ip $4"
			echo "set net0/netmask $5"
			echo "set net0/gateway $6"
			[ -n "${7:-}" ] && echo "set net0/dns $7" ;;
		*) rig_fail "RIG_IPXE_NET: '$3' is neither dhcp nor static" ;;
		esac
		echo "set initiator-iqn ${RIG_IPXE_IQN:-$RIG_IQN_I}"
		if [ -n "${RIG_IPXE_CHAP:-}" ]; then
			# shellcheck disable=SC2086
			set -- "$1" "$2" $RIG_IPXE_CHAP
			echo "set username $3"
			echo "set password $4"
			if [ $# -ge 6 ]; then
				echo "set reverse-username $5"
				echo "set reverse-password $6"
			fi
		fi
		echo "sanhook ${RIG_IPXE_SAN:-iscsi:10.0.2.2:::1:$TGT_IQN} || goto fail"
		echo "kernel tftp://10.0.2.2/vmlinuz $2 || goto fail"
		echo 'initrd tftp://10.0.2.2/initrd || goto fail'
		echo 'boot || goto fail'
		echo ':fail'
		echo 'echo RIG-FAIL: iPXE script failed'
		echo 'poweroff'
	} > "$1.tmp" && mv "$1.tmp" "$1"
}

rig_qemu_wait() { # wait for QEMU to exit (RIG_QEMU_TIMEOUT, default 240 s)
	_rig_i=0
	while kill -0 "$QEMU_PID" 2>/dev/null; do
		_rig_i=$((_rig_i + 1))
		if [ $_rig_i -gt $(( ${RIG_QEMU_TIMEOUT:-240} * 5 )) ]; then
			kill "$QEMU_PID" 2>/dev/null
			rig_fail "VM did not power off within ${RIG_QEMU_TIMEOUT:-240} s"
		fi
		sleep 0.2
	done
	wait "$QEMU_PID" 2>/dev/null
	RIG_WALL_MS=$(( ($(date +%s%N) - RIG_T0) / 1000000 ))
	grep -q . "$WORK/qemu.log" && { echo "---- qemu said:"; cat "$WORK/qemu.log"; }
	echo "---- serial log:"; cat "$WORK/serial.log"; echo "---- end of serial log"
}

rig_monitor() { # rig_monitor "COMMAND": send a command to the QEMU monitor
	printf '%s\n' "$1" | socat - "UNIX-CONNECT:$WORK/monitor.sock" >/dev/null 2>&1 ||
		rig_fail "cannot reach the QEMU monitor for '$1'"
}

rig_expect() { # rig_expect PATTERN [what]: serial log must match
	grep -q -- "$1" "$WORK/serial.log" || rig_fail "${2:-expected '$1' on the console}"
	grep -q '^RIG-FAIL' "$WORK/serial.log" && rig_fail "guest reported: $(grep '^RIG-FAIL' "$WORK/serial.log")"
	return 0
}

rig_reject() { # rig_reject PATTERN [what]: serial log must not match
	grep -q -- "$1" "$WORK/serial.log" && rig_fail "${2:-unexpected '$1' on the console}"
	return 0
}

# rig_ibft_tree DIR: rebuild the iBFT tree the guest printed with rig_ibft_dump
# (taken from the serial log) under DIR, as DIR/firmware/ibft/..., every file
# byte for byte as sysfs showed it. Symlinks (ethernet0/device) are not made
# but printed on stdout as "LINK firmware/ibft/... -> TARGET"; files the guest
# could not read as "UNREADABLE firmware/ibft/...", secrets left out by
# rig_ibft_dump -s as "SECRET firmware/ibft/... (N bytes, not dumped)".
rig_ibft_tree() {
	grep -q '^RIG-IBFT-END' "$WORK/serial.log" || rig_fail "no complete iBFT dump on the console"
	tr -d '\r' < "$WORK/serial.log" |
	awk '/^RIG-IBFT-BEGIN/ { on = 1; next } /^RIG-IBFT-END/ { on = 0 } on' > "$WORK/ibft.dump"
	while read -r kind path rest; do
		rel=${path#/sys/}
		case $kind:$rel in
		*:..*|*/../*) rig_fail "bad path in the iBFT dump: $path" ;;
		IBFT-DIR:firmware/ibft*) mkdir -p "$1/$rel" ;;
		IBFT-FILE:firmware/ibft/*)
			mkdir -p "$1/${rel%/*}"
			perl -e 'print pack("H*", $ARGV[0])' "$rest" > "$1/$rel" ;;
		IBFT-LINK:*) echo "LINK $rel -> $rest" ;;
		IBFT-SECRET:*) echo "SECRET $rel ($rest bytes, not dumped)" ;;
		IBFT-ERR:*) echo "UNREADABLE $rel" ;;
		IBFT-NONE:*) rig_fail "the guest has no /sys/firmware/ibft" ;;
		*) rig_fail "unexpected line in the iBFT dump: $kind $path" ;;
		esac
	done < "$WORK/ibft.dump"
}

rig_markt() { # rig_markt NAME: guest uptime (s) at mark NAME, empty if absent
	awk -v n="$1" '$1 == "RIG-MARK" && $2 == n { print $3; exit }' "$WORK/serial.log"
}

# ---- a full Debian root (systemd as init) ------------------------------------

# rig_debian_root [IMG]: a private copy of a cached Debian 12 root image
# (the test must start with `rig_init NAME debian`, which builds the cache
# while the network is still reachable)
# (debootstrap minbase + systemd, udev, systemd-networkd with DHCP on the NIC).
# Label "debroot". At boot, rig-test.service runs /rig/test.sh if a test put one
# there (rig_root_add), else prints ISCSIROOT-ROOT-OK and powers off with
# `systemctl poweroff`. Output goes to the serial console.
rig_debian_root() {
	[ -s "$RIG_CACHE/debian-root.img" ] || rig_fail "no Debian root cache: call rig_init NAME debian"
	cp --sparse=always "$RIG_CACHE/debian-root.img" "${1:-$WORK/root.img}"
}

rig_debian_build() {
	img=$RIG_CACHE/debian-root.img
	[ -s "$img" ] && return 0
	command -v debootstrap >/dev/null || rig_fail "debootstrap missing (run: sh ci/deps.sh)"
	d=$RIG_CACHE/debian.tmp
	rm -rf "$d"
	rig_log "debootstrap of a Debian 12 root into $d (about a minute)"
	mirror=${RIG_MIRROR:-$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)}
	debootstrap --variant=minbase --include=systemd-sysv,udev,dbus,kmod,iproute2,procps,e2fsprogs \
		bookworm "$d" "${mirror:-http://deb.debian.org/debian}" > "$RIG_CACHE/debootstrap.log" 2>&1 ||
		rig_fail "debootstrap failed (see $RIG_CACHE/debootstrap.log)"
	echo iscsiroot-test > "$d/etc/hostname"
	printf 'LABEL=debroot / ext4 rw,_netdev 0 1\n' > "$d/etc/fstab"
	chroot "$d" passwd -d root >/dev/null
	mkdir -p "$d/rig" "$d/etc/systemd/network" "$d/data"
	printf '[Match]\nName=eth0 en*\n\n[Network]\nDHCP=ipv4\n' > "$d/etc/systemd/network/50-rig.network"
	cat > "$d/etc/systemd/system/rig-test.service" <<'EOS'
[Unit]
Description=iscsiroot boot-rig test driver
After=multi-user.target systemd-networkd.service

[Service]
Type=oneshot
ExecStart=/bin/sh /rig/run.sh
StandardOutput=tty
StandardError=tty
TTYPath=/dev/ttyS0

[Install]
WantedBy=multi-user.target
EOS
	cat > "$d/rig/run.sh" <<'EOS'
#!/bin/sh
up() { cut -d' ' -f1 /proc/uptime; }
echo "RIG-MARK root $(up)"
echo "ISCSIROOT-ROOT-OK root=$(findmnt -n -o SOURCE /) init=$(cat /proc/1/comm) uptime=$(up)"
if [ -f /rig/test.sh ]; then . /rig/test.sh; fi
echo "RIG-MARK poweroff $(up)"
systemctl poweroff
EOS
	chroot "$d" systemctl enable rig-test.service systemd-networkd.service >/dev/null 2>&1 ||
		rig_fail "cannot enable units in the Debian root"
	chroot "$d" systemctl mask getty@tty1.service serial-getty@ttyS0.service >/dev/null 2>&1
	rm -rf "$d/var/cache/apt/archives"/*.deb "$d/var/lib/apt/lists"/*_Packages
	rm -f "$img.tmp"
	mke2fs -q -t ext4 -L debroot -d "$d" "$img.tmp" 1G || rig_fail "mke2fs of the Debian root failed"
	mv "$img.tmp" "$img"
	rm -rf "$d"
}
