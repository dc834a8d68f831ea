#!/bin/sh
# The mkinitcpio adapter booted for real, twice: root on an iSCSI LUN of tgtd
# (CHAP), network by ip=dhcp, through mkinitcpio/hooks/iscsiroot.
#
# mkinitcpio is not packaged in Debian and cannot run here, so the image is
# made in two steps that stand in for it: our install/iscsiroot build() runs
# under tests/bats/mkinitcpio-harness.bash (mkinitcpio's add_* contract), and
# its build root (/hooks/iscsiroot, /usr/lib/iscsiroot/*, /etc/iscsiroot.conf,
# /config) is packed by rig_initramfs with busybox and the kernel modules. The
# guest script then does what mkinitcpio's /init (v41, files init and
# init_functions) does around hooks: a tmpfs on /run, the command line parsed
# into shell variables and the getarg cache /tmp/cmdline, /config sourced,
# each hook sourced and its run_hook called in HOOKS order, "$root" resolved
# (UUID= etc. through blkid: busybox findfs here) and mounted on /new_root
# (rw: the rig's root init needs it; mkinitcpio's default is ro), late then cleanup hooks, switch_root with /run moved along (as
# util-linux switch_root does), under `env -i`.
#   A: dracut style   ip=dhcp root=iscsi:10.0.2.2::3260:2:IQN rd.iscsi.initiator=…
#      + CHAP in /etc/iscsiroot.conf: root= must become the LUN 2 device.
#   B: Arch-wiki style, initiator/target/portal/group/CHAP in
#      /etc/iscsiroot.conf (Debian dialect, no LUN: ROOTDEV is the decoy at
#      LUN 1) and ip=dhcp root=UUID=<root fs>: the UUID must win.
# Both: the real root sees @iscsistart and @ipconfig still running, root-pin's
# /run/sendsigs.omit.d entry, and the CHAP secret never reaches the console.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/conf_lib.sh"
rig_init gen_mkinitcpio
conf_need_cmdline
rig_need_helpers ipconfig root-pin
rig_need_cmds bash blkid    # bash: the build harness
IQN=iqn.2026-11.org.iscsiroot:mkinitcpio
SECRET=s3cretpass1

rig_root
debugfs -w -R "mkdir /run" "$WORK/root.img" >/dev/null 2>&1 || rig_fail "cannot add /run to the root image"
cat > "$WORK/root-test.sh" <<'EOS'
for p in /proc/[0-9]*; do
	a=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null)
	case $a in @iscsistart*|@ipconfig*) echo "MK-DAEMON ${a%% *} pid=${p#/proc/}" ;; esac
done
echo "MK-SENDSIGS $(cat /run/sendsigs.omit.d/iscsiroot 2>/dev/null || echo none)"
EOS
rig_root_add "$WORK/root.img" "$WORK/root-test.sh" /rig/test.sh
UUID=$(blkid -o value -s UUID "$WORK/root.img")
[ -n "$UUID" ] || rig_fail "no UUID on the root image"
rig_blank "$WORK/decoy.img" 8M
rig_target "$IQN" "$WORK/decoy.img" "$WORK/root.img"
rig_chap alice "$SECRET"

# The guest: mkinitcpio's /init sequence around hooks (see the header).
cat > "$WORK/guest.sh" <<'EOS'
mount -t tmpfs run /run -o nosuid,nodev,mode=0755 || rig_die "cannot mount /run"
mkdir -m 755 /run/initramfs /new_root
udevd_running=0
init=/sbin/init
getarg() { # last KEY= in the cache; a bare key reads y
	_g=$(grep "^$1=" /tmp/cmdline | tail -n 1)
	if [ -n "$_g" ]; then printf '%s' "${_g#*=}"; else printf '%s' "$2"; fi
}
msg() { [ "$(getarg quiet)" = y ] || echo "$@"; }
err() { echo "ERROR: $*"; }
launch_interactive_shell() { rig_die "mkinitcpio would give an emergency shell here"; }
# every word into /tmp/cmdline; KEY=VALUE with a shell-name KEY also into $KEY
: > /tmp/cmdline
read -r _line < /proc/cmdline
for _w in $_line; do
	case $_w in *=*) _k=${_w%%=*}; _v=${_w#*=} ;; *) _k=$_w; _v= ;; esac
	printf '%s=%s\n' "$_k" "${_v:-y}" >> /tmp/cmdline
	case $_k in
	rw|ro) rwopt=$_k ;;
	''|[0-9]*|*[!A-Za-z0-9_]*) ;;
	*) eval "$_k=\${_v:-y}" ;;
	esac
done
mk_hooks() { # FUNCTION HOOK...: source each hook, call FUNCTION if it defines it
	_fn=$1; shift
	for _h in "$@"; do
		[ -x "/hooks/$_h" ] || continue
		unset -f "$_fn"
		. "/hooks/$_h"
		type "$_fn" >/dev/null 2>&1 || continue
		echo "MK-RUN $_fn [$_h]"
		"$_fn"
	done
}
. /config
rig_mark hooks
mk_hooks run_earlyhook $EARLYHOOKS
mk_hooks run_hook $HOOKS
rig_mark hooks-done
echo "MK-ROOTVAR root=$root getarg=$(getarg root)"
sed 's/^/ROOTCONF: /' /run/iscsiroot/root.conf
case $root in
UUID=*|LABEL=*|PARTUUID=*|PARTLABEL=*) _dev=$(findfs "$root") ;;
/dev/*) rig_wait_dev "$root" 10 && _dev=$root ;;
*) _dev= ;;
esac
[ -n "$_dev" ] || rig_die "mkinitcpio could not resolve root=$root"
mount -o "${rwopt:-ro}" "$_dev" /new_root || rig_die "cannot mount $_dev (root=$root)"
echo "MK-MOUNTED $_dev"
mk_hooks run_latehook $LATEHOOKS
mk_hooks run_cleanuphook $CLEANUPHOOKS
mount --move /run /new_root/run || rig_die "cannot move /run into the new root"
umount /proc /sys 2>/dev/null
rig_mark switch
exec env -i "TERM=${TERM:-linux}" /bin/switch_root /new_root "$init"
EOS

# mk_image NAME: build() under the harness with $WORK/NAME.etc as /etc, then
# pack its build root into $WORK/NAME.initrd.
mk_image() {
	n=$1 br=$WORK/$1.root
	# shellcheck disable=SC2016
	ISCSIROOT_HELPERS=$B ISCSIROOT_ETC=$WORK/$1.etc KERNELVERSION=none MK_LOG=$WORK/$1.added \
		bash -c '. "$0"/tests/bats/mkinitcpio-harness.bash &&
			mk_build "$0"/mkinitcpio/install/iscsiroot "$0"/mkinitcpio/hooks "$1"' \
		"$RIG_TOP" "$br" > "$WORK/$1.build.log" 2>&1 ||
		{ cat "$WORK/$1.build.log" "$WORK/$1.added"; rig_fail "build() failed under the harness"; }
	[ "$(stat -c %a "$br/etc/iscsiroot.conf")" = 600 ] || rig_fail "/etc/iscsiroot.conf is not 0600 in the build root"
	set --
	for f in $(cd "$br" && find . \( -type f -o -type l \) | sed 's|^\.||'); do
		set -- "$@" "$br$f:$f"
	done
	rig_initramfs "$WORK/$n.initrd" "$WORK/guest.sh" "$@"
}

# the checks both boots share
mk_common() {
	rig_expect "MK-RUN run_hook \[iscsiroot\]" "run_hook of the iscsiroot hook did not run"
	rig_expect "MK-RUN run_cleanuphook \[iscsiroot\]" "run_cleanuphook (root-pin) did not run"
	rig_expect "ISCSIROOT-ROOT-OK root=$mounted" "the real root is not the mounted device"
	rig_expect "^MK-DAEMON @iscsistart" "@iscsistart did not survive switch_root"
	rig_expect "^MK-DAEMON @ipconfig" "@ipconfig (DHCP renewal) did not survive switch_root"
	pid=$(tr -d '\r' < "$WORK/serial.log" | awk '$1 == "MK-DAEMON" && $2 == "@iscsistart" { sub("pid=", "", $3); print $3; exit }')
	rig_expect "^MK-SENDSIGS $pid" "root-pin's sendsigs entry does not name the daemon ($pid)"
	rig_reject "$SECRET" "the CHAP secret reached the console"
	rig_reject "^ERROR:" "the hook reported an error"
	cp "$WORK/serial.log" "$WORK/serial-$1.log"
}

# ---- A: dracut-style command line ---------------------------------------------
mkdir -p "$WORK/a.etc"
printf 'rd.iscsi.username=alice rd.iscsi.password=%s\n' "$SECRET" > "$WORK/a.etc/iscsiroot.conf"
chmod 600 "$WORK/a.etc/iscsiroot.conf"
mk_image a
RIG_QEMU_TIMEOUT=${RIG_QEMU_TIMEOUT:-90} rig_qemu "$WORK/a.initrd" \
	"rw ip=dhcp root=iscsi:10.0.2.2::3260:2:$IQN rd.iscsi.initiator=$RIG_IQN_I"
rig_expect "ROOTCONF: LUN='2'" "root.conf does not name LUN 2"
rootdev=$(tr -d '\r' < "$WORK/serial.log" | sed -n "s/^ROOTCONF: ROOTDEV='\(.*\)'$/\1/p")
[ -n "$rootdev" ] || rig_fail "no ROOTDEV in root.conf"
rig_expect "MK-ROOTVAR root=$rootdev getarg=$rootdev" "root= did not become ROOTDEV ($rootdev) for mount and fsck"
mounted=$rootdev
rig_expect "MK-MOUNTED $mounted"
mk_common a
echo "A: root=iscsi: -> $rootdev, boot $RIG_WALL_MS ms"

# ---- B: Arch-wiki style: configuration file + root=UUID= ------------------------
mkdir -p "$WORK/b.etc"
cat > "$WORK/b.etc/iscsiroot.conf" <<EOC
# what the Arch wiki's hook hard-codes, here in iscsiroot's configuration file
iscsi_initiator=$RIG_IQN_I
iscsi_target_name=$IQN iscsi_target_ip=10.0.2.2 iscsi_target_group=1
iscsi_username=alice iscsi_password=$SECRET
EOC
chmod 600 "$WORK/b.etc/iscsiroot.conf"
mk_image b
RIG_QEMU_TIMEOUT=${RIG_QEMU_TIMEOUT:-90} rig_qemu "$WORK/b.initrd" "rw ip=dhcp root=UUID=$UUID"
rig_expect "ROOTCONF: ROOTSPEC='UUID=$UUID'" "root.conf lacks ROOTSPEC"
rig_expect "MK-ROOTVAR root=UUID=$UUID getarg=UUID=$UUID" "root=UUID= was changed"
decoy=$(tr -d '\r' < "$WORK/serial.log" | sed -n "s/^ROOTCONF: ROOTDEV='\(.*\)'$/\1/p")
mounted=$(tr -d '\r' < "$WORK/serial.log" | awk '$1 == "MK-MOUNTED" { print $2 }')
[ -n "$mounted" ] && [ "$mounted" != "$decoy" ] ||
	rig_fail "root=UUID= mounted '$mounted', ROOTDEV (the decoy LUN 1) is '$decoy'"
mk_common b
echo "B: root=UUID= -> $mounted (ROOTDEV $decoy), boot $RIG_WALL_MS ms"
rig_pass
