#!/bin/sh
# shellcheck disable=SC2034  # SHUT_* and TGT_CHAP are read by shutlib.sh and lib.sh
# The initramfs-tools adapter end to end: the real mkinitramfs builds the image
# with our conf-hook, hook and scripts installed as `make install` lays them
# out (tests/mkinitramfs-private.sh; open-iscsi's hook and scripts stay
# installed, as on a Debian system with both packages), and it boots the full
# Debian 12 root (systemd, systemd-networkd) from an iSCSI LUN of tgtd that
# requires CHAP; the CHAP secret is only in /etc/iscsiroot.conf, which the
# hook copies into the image (the image file must be 0600).
#
# Boots of the same image (GEN_STYLES, default "debian"; the dracut style is
# t_gen_initramfs_tools_dracut.sh, which runs this script with GEN_STYLES=dracut,
# so each test stays near 1 min of boot under TCG):
#   debian  Debian's command line: ip=<static> iscsi_target_name= iscsi_target_ip=
#           iscsi_target_group= root=UUID=<the root's UUID> (initramfs-tools
#           resolves the UUID itself after our local-top logged in)
#   dracut  ip=dhcp root=iscsi:10.0.2.2::3260:1:<target> (our local-top turns it
#           into ROOT=/dev/sda through /conf/param.conf)
# Each boot must reach systemd in the Debian root, keep the recovery daemon
# through `systemctl poweroff` and leave the file system clean (shutlib.sh's
# shut_boot checks), log in exactly once (open-iscsi's local-top is not in the
# image), run root-pin in init-bottom, and show no panic.
# Then (GEN_NEGATIVE=1, default) one boot against a target that has another
# CHAP secret: our local-top must stop with initramfs-tools' panic naming the
# refused login (panic=-1 reboots at once, so QEMU exits), never reach a root.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init "gen_initramfs_tools${GEN_NAME:+_$GEN_NAME}" debian
rig_need_cmds mkinitramfs
SHUT_OUTAGE=0
SHUT_GEN=1
. "$RIG_TOP/tests/boot/shutlib.sh"
shut_check_build
shut_image
USER_=iscsiroot-gen
PASS_=gen-secret-0123456789

# /etc of the machine the image is made for
e=$WORK/etc; mkdir -p "$e/iscsi"
printf '# CHAP for the root target\nrd.iscsi.initiator=%s\nrd.iscsi.username=%s rd.iscsi.password=%s\n' \
	"$RIG_IQN_I" "$USER_" "$PASS_" > "$e/iscsiroot.conf"
chmod 600 "$e/iscsiroot.conf"
# a private initramfs-tools configuration: small module list (our hook adds the iSCSI ones)
c=$WORK/itconf; mkdir -p "$c/conf.d" "$c/hooks" "$c/scripts"
printf 'MODULES=list\nBUSYBOX=auto\nKEYMAP=n\nCOMPRESS=gzip\nDEVICE=\nNFSROOT=auto\nRUNSIZE=10%%\nFSTYPE=ext4\n' > "$c/initramfs.conf"
printf 'virtio_pci\nvirtio_net\next4\n' > "$c/modules"
t0=$(date +%s%N)
ISCSIROOT_HELPERS=$B ISCSIROOT_SYSCONFDIR=$e sh "$RIG_TOP/tests/mkinitramfs-private.sh" \
	-d "$c" -o "$WORK/initrd" "$RIG_KVER" > "$WORK/mkinitramfs.log" 2>&1 ||
	{ cat "$WORK/mkinitramfs.log"; rig_fail "mkinitramfs failed"; }
rig_log "mkinitramfs: $(( ($(date +%s%N) - t0) / 1000000 )) ms, $(stat -c %s "$WORK/initrd") bytes"
[ "$(stat -c %a "$WORK/initrd")" = 600 ] || rig_fail "the image holds a CHAP secret but its mode is $(stat -c %a "$WORK/initrd")"
lsinitramfs "$WORK/initrd" > "$WORK/list"
grep -qx usr/lib/iscsiroot/iscsistart "$WORK/list" || rig_fail "our iscsistart is not in the image"
grep -qx scripts/local-top/iscsi "$WORK/list" && rig_fail "open-iscsi's local-top is still in the image"

uuid=$(blkid -s UUID -o value "$WORK/root.img")
[ -n "$uuid" ] || rig_fail "cannot read the root image's UUID"
TGT_CHAP="$USER_ $PASS_"

: > "$WORK/md5.list"
sn_=0
for style in ${GEN_STYLES:-debian}; do
	case $style in
	debian) SHUT_KARGS="ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off iscsi_target_name=$SHUT_IQN iscsi_target_ip=10.0.2.2 iscsi_target_group=1 root=UUID=$uuid" ;;
	dracut) SHUT_KARGS="ip=dhcp root=iscsi:10.0.2.2::3260:1:$SHUT_IQN" ;;
	*) rig_fail "unknown style $style" ;;
	esac
	sn_=$((sn_ + 1))
	shut_boot "$sn_"
	shut_daemon_survived "$sn_"
	rig_expect '^SHUT-RC check 0' "$style: root-pin --check in the Debian root did not exit 0"
	rig_reject 'Kernel panic\|RIG-FAIL\|Gave up waiting' "$style: the boot failed"
	n=$(grep -c 'iscsiroot: iscsistart: wrote .*root.conf' "$WORK/serial.log")
	[ "$n" = 1 ] || rig_fail "$style: $n logins logged (wanted exactly 1)"
	rig_reject 'iscsistart: .*session exists\|iscsiadm' "$style: a second login was attempted"
	rig_expect 'root-pin' "$style: root-pin did not run in init-bottom"
	if [ "$style" = dracut ]; then    # ip=dhcp: the lease daemon stays and is pinned
		rig_expect 'ipconfig: eth0: staying resident' "$style: no @ipconfig to renew the DHCP lease"
		rig_expect 'DHCP lease daemon @ipconfig runs' "$style: root-pin did not see the lease daemon"
	fi
	rig_reject "$PASS_" "$style: the CHAP secret appeared on the console"
	t_root=$(rig_markt root)
	echo "$style: ${SHUT_BOOT_MS} ms wall (boot + shutdown); Debian root reached at ${t_root} s guest uptime"
done

if [ "${GEN_NEGATIVE:-1}" = 1 ]; then
	TGT_CHAP="$USER_ another-secret-98765"
	if [ -z "$TGT_CP" ]; then rig_target "$SHUT_IQN" "$WORK/root.img"; else rig_target_up; fi
	RIG_QEMU_TIMEOUT=120 rig_qemu "$WORK/initrd" "rw net.ifnames=0 ip=dhcp root=iscsi:10.0.2.2::3260:1:$SHUT_IQN" \
		> "$WORK/negative.log" 2>&1
	rig_target_down
	tr -d '\r' < "$WORK/serial.log" > "$WORK/serial-negative.log"; cp "$WORK/serial-negative.log" "$WORK/serial.log"
	rig_expect 'iscsiroot: iscsistart: fatal: unable to log in' "wrong CHAP: iscsistart did not report the failed login"
	rig_expect '^iscsiroot: no iSCSI root: the target refused the login' "wrong CHAP: no panic naming the refused login"
	rig_expect 'Rebooting automatically due to panic' "wrong CHAP: initramfs-tools' panic was not reached"
	rig_reject 'ISCSIROOT-ROOT-OK' "wrong CHAP: a root was reached"
	rig_reject "$PASS_\|another-secret" "wrong CHAP: a CHAP secret appeared on the console"
	echo "wrong CHAP: $(grep -m1 'iscsistart: fatal' "$WORK/serial.log")"
	echo "            $(grep -m1 '^iscsiroot: no iSCSI root' "$WORK/serial.log")"
fi
rig_pass
