#!/bin/sh
# Drop-in compatibility: Debian's own initramfs-tools image, built by the real
# mkinitramfs with open-iscsi's hook and local-top script, boots with Debian's
# iscsi_*= command line when our static iscsistart stands in for open-iscsi's.
# (Debian's script calls iscsistart twice for one portal, a shipped quirk: the
# second call must fail cleanly with "session exists", as open-iscsi's does.)
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init compat_initramfs_tools
rig_need_cmds mkinitramfs
[ -f /usr/share/initramfs-tools/scripts/local-top/iscsi ] || rig_skip "open-iscsi's initramfs hook not installed"
rig_need_helpers -f iscsistart
OURS=$B/iscsistart
IQN=iqn.2026-11.org.iscsiroot:itools
rig_root
rig_target "$IQN" "$WORK/root.img"

# A private initramfs-tools configuration: small module list, and one extra
# hook that runs after open-iscsi's and puts our iscsistart where it put its own.
c=$WORK/itconf; mkdir -p "$c/conf.d" "$c/hooks" "$c/scripts"
printf 'MODULES=list\nBUSYBOX=auto\nKEYMAP=n\nCOMPRESS=gzip\nDEVICE=\nNFSROOT=auto\nRUNSIZE=10%%\nFSTYPE=ext4\n' > "$c/initramfs.conf"
printf 'virtio_pci\nvirtio_net\next4\nsd_mod\n' > "$c/modules"
cat > "$c/hooks/zz-iscsiroot-swap" <<EOS
#!/bin/sh
[ "\$1" = prereqs ] && { echo iscsi; exit 0; }
cp "$OURS" "\$DESTDIR/sbin/iscsistart"
EOS
chmod 755 "$c/hooks/zz-iscsiroot-swap"
mkinitramfs -d "$c" -o "$WORK/initrd" "$RIG_KVER" || rig_fail "mkinitramfs failed"
mkdir "$WORK/x" && (cd "$WORK/x" && zcat "$WORK/initrd" | cpio -id --quiet usr/sbin/iscsistart sbin/iscsistart)
cmp -s "$WORK/x/usr/sbin/iscsistart" "$OURS" || cmp -s "$WORK/x/sbin/iscsistart" "$OURS" || rig_fail "the image does not hold our iscsistart"

rig_qemu "$WORK/initrd" "net.ifnames=0 ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off iscsi_initiator=$RIG_IQN_I iscsi_target_name=$IQN iscsi_target_ip=10.0.2.2 iscsi_target_port=3260 iscsi_target_group=1 root=LABEL=rigroot rw"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sda" "Debian's initramfs did not reach the root with our iscsistart"
rig_expect "iscsiroot: iscsistart:" "our iscsistart did not run"
rig_pass
