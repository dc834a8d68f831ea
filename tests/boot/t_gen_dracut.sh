#!/bin/sh
# The real dracut builds the image (tests/boot/dracut_image.sh: private module
# dir and configuration, base + iscsiroot), with the initiator name and the
# CHAP credentials in /etc/iscsiroot.conf; the image file must have mode 0600.
# It boots with a dracut command line (DRACUT_ROOT, default
# root=iscsi:...:1:IQN, + ip=dhcp) from QEMU's DHCP server to the root LUN of a
# CHAP-protected tgtd target; the real root reports itself and the recovery
# daemon (@iscsistart) still running there after switch_root. Then
# netroot=iscsi: alone (no root=, no ip=) with systemd as the initramfs init
# when it is installed, and a bad value the cmdline hook must name.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init gen_dracut
rig_need_cmds dracut
IQN=iqn.2026-11.org.iscsiroot:dracut-gen
PASS=dr4cutS3cret99
root_arg=${DRACUT_ROOT:-root=iscsi:10.0.2.2::3260:1:$IQN}
root_arg=$(printf '%s' "$root_arg" | sed "s/IQN/$IQN/")

rig_root
cat > "$WORK/rt.sh" <<'EOS'
for p in /proc/[0-9]*; do
	c=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null)
	case $c in @iscsistart*) echo "DAEMON-ALIVE pid=${p#/proc/} argv=$c" ;; esac
done
EOS
rig_root_add "$WORK/root.img" "$WORK/rt.sh" /rig/test.sh
rig_root_os_tree "$WORK/root.img"          # for systemd's switch-root
rig_target "$IQN" "$WORK/root.img"
rig_chap alice "$PASS"

printf '# test configuration\nrd.iscsi.initiator=%s\nrd.iscsi.username=alice rd.iscsi.password=%s\n' \
	"$RIG_IQN_I" "$PASS" > "$WORK/iscsiroot.conf"
chmod 0644 "$WORK/iscsiroot.conf"      # the image must be 0600 all the same
build() { # build OUT [DRACUT ARGS]: the image, checked to be 0600
	_out=$1; shift
	t0=$(date +%s%N)
	ISCSIROOT_CONF=$WORK/iscsiroot.conf ISCSIROOT_DEBIAN_CONF=/nonexistent \
		ISCSIROOT_INITIATORNAME=/nonexistent KVER=$RIG_KVER \
		sh "$RIG_TOP/tests/boot/dracut_image.sh" "$_out" --no-compress "$@" > "$WORK/dracut.log" 2>&1 ||
		{ cat "$WORK/dracut.log"; rig_fail "dracut failed"; }
	rig_log "dracut built $_out in $(( ($(date +%s%N) - t0) / 1000000 )) ms, $(stat -c %s "$_out") bytes"
	mode=$(stat -c %a "$_out")
	[ "$mode" = 600 ] || rig_fail "the image holding /etc/iscsiroot.conf has mode $mode, not 600"
}
# DRACUT_ARGS: more words for dracut, e.g. "-a systemd-initrd -a dracut-systemd"
# shellcheck disable=SC2086
build "$WORK/initrd" ${DRACUT_ARGS:-}

# 1. dracut's root=iscsi: form
RIG_QEMU_TIMEOUT=${RIG_QEMU_TIMEOUT:-100}
export RIG_QEMU_TIMEOUT
rig_qemu "$WORK/initrd" "$root_arg ip=dhcp rd.shell=0 rd.emergency=reboot rd.retry=60"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/" "root=iscsi: did not reach the real root"
rig_expect "DAEMON-ALIVE pid=" "no @iscsistart recovery daemon in the real root"
rig_expect "root-pin: root session(s) pinned" "root-pin did not run in pre-pivot"
rig_reject "$PASS" "the CHAP secret reached the console"
t1=$(rig_markt root) w1=$RIG_WALL_MS
[ -n "${DRACUT_ROOT:-}" ] && { rig_log "time to root: $t1 s"; rig_pass; }

# 2. netroot=iscsi: with no root= and no ip= (DHCP by default), with systemd
# as the initramfs init (dracut's default where systemd is installed), whose
# switch-root kills every process but those whose argv[0] starts with '@';
# without systemd, the same boot with dracut's shell init.
if [ -x /usr/lib/systemd/systemd ] && [ -d /usr/lib/dracut/modules.d/98dracut-systemd ]; then
	build "$WORK/initrd2" -a systemd-initrd -a dracut-systemd
	init2=systemd
else
	cp "$WORK/initrd" "$WORK/initrd2"
	init2=shell
fi
RIG_QEMU_TIMEOUT=150 rig_qemu "$WORK/initrd2" "netroot=iscsi:10.0.2.2::::$IQN rd.shell=0 rd.emergency=reboot rd.retry=60"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/" "netroot=iscsi: ($init2 init) did not reach the real root"
rig_expect "ipconfig: eth0: DHCP lease" "no DHCP by default without ip="
rig_expect "DAEMON-ALIVE pid=" "no @iscsistart recovery daemon in the real root ($init2 init)"
rig_expect "root-pin: root session(s) pinned" "root-pin did not run in pre-pivot ($init2 init)"
rig_reject "$PASS" "the CHAP secret reached the console"
t2=$(rig_markt root)

# 3. a value that cannot be read stops the boot with a message naming it
rig_qemu "$WORK/initrd" "root=iscsi:10.0.2.2::99999:1:$IQN ip=dhcp rd.shell=0 rd.emergency=reboot"
rig_expect "FATAL: iscsiroot: iscsistart: fatal: unable to read the boot configuration: cmdline root=.*port '99999'" \
	"a bad root=iscsi: port was not named by the cmdline hook"
rig_reject "ISCSIROOT-ROOT-OK" "a bad root=iscsi: still booted"

rig_log "time to root (guest uptime): root=iscsi: (shell init) $t1 s (wall $w1 ms), netroot=iscsi: ($init2 init) $t2 s"
rig_pass
