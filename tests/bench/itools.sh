#!/bin/sh
# initramfs-tools: iscsiroot's adapter vs Debian's stock open-iscsi support,
# both built by the real mkinitramfs from the same small configuration.
#   size: bytes each adds to the image (gzip'd file and unpacked contents)
#         over the same image without any iSCSI support
#   time: kernel start -> root's init (guest clock), Debian's iscsi_*=
#         command line, with a static ip= and with ip=dhcp (BENCH_IP="static
#         dhcp"), median of BENCH_RUNS boots each
# Not a test: these machines are noisy.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/../boot/lib.sh"
rig_init bench_itools
command -v mkinitramfs >/dev/null || rig_skip "initramfs-tools not installed"
[ -f /usr/share/initramfs-tools/hooks/iscsi ] || rig_skip "open-iscsi's initramfs hook not installed"
N=${BENCH_RUNS:-3}
IQN=iqn.2026-11.org.iscsiroot:bench
B=$RIG_TOP/build
[ -x "$B/iscsistart" ] || rig_fail "build the helpers first (make)"
c=$WORK/itconf; mkdir -p "$c/conf.d" "$c/hooks" "$c/scripts" "$WORK/etc"
printf 'MODULES=list\nBUSYBOX=auto\nKEYMAP=n\nCOMPRESS=gzip\nDEVICE=\nNFSROOT=auto\nRUNSIZE=10%%\nFSTYPE=ext4\n' > "$c/initramfs.conf"
printf 'virtio_pci\nvirtio_net\next4\nsd_mod\n' > "$c/modules"
mk() { # mk NAME IT_OURS IT_OPENISCSI
	IT_OURS=$2 IT_OPENISCSI=$3 ISCSIROOT=y ISCSIROOT_HELPERS=$B ISCSIROOT_SYSCONFDIR=$WORK/etc \
		sh "$RIG_TOP/tests/mkinitramfs-private.sh" -d "$c" -o "$WORK/$1.img" "$RIG_KVER" \
		> "$WORK/mk-$1.log" 2>&1 || { cat "$WORK/mk-$1.log"; rig_fail "mkinitramfs ($1) failed"; }
	mkdir "$WORK/$1.d" && (cd "$WORK/$1.d" && zcat "$WORK/$1.img" | cpio -id --quiet)
	echo "$1 $(stat -c %s "$WORK/$1.img") $(du -sb "$WORK/$1.d" | cut -f1)" >> "$WORK/sizes"
	rm -rf "$WORK/$1.d"
}
: > "$WORK/sizes"
mk none 0 0
mk openiscsi 0 1
mk ours 1 0
sz() { awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$WORK/sizes"; }
echo "image size over the same image without iSCSI support (gzip'd file / unpacked):"
for s in openiscsi ours; do
	printf '  %-22s +%s bytes / +%s bytes\n' "$s" $(( $(sz $s 2) - $(sz none 2) )) $(( $(sz $s 3) - $(sz none 3) ))
done
awk '$1 == "openiscsi" { o2 = $2 - n2; o3 = $3 - n3 } $1 == "ours" { u2 = $2 - n2; u3 = $3 - n3 }
	$1 == "none" { n2 = $2; n3 = $3 } END { printf "  ratio ours/open-iscsi  %.3f / %.3f\n", u2 / o2, u3 / o3 }' "$WORK/sizes"

rig_root
rig_target "$IQN" "$WORK/root.img"
med() { awk -v s="$1" '$1 == s { print $2 }' "$WORK/times" | sort -n |
	awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "" }'; }
for ipm in ${BENCH_IP:-static dhcp}; do
	case $ipm in
	static) ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off ;;
	dhcp) ip=dhcp ;;
	*) rig_fail "BENCH_IP: static or dhcp, not $ipm" ;;
	esac
	args="net.ifnames=0 ip=$ip iscsi_initiator=$RIG_IQN_I iscsi_target_name=$IQN iscsi_target_ip=10.0.2.2 iscsi_target_port=3260 iscsi_target_group=1 root=LABEL=rigroot rw"
	: > "$WORK/times"
	i=0
	while [ $i -lt "$N" ]; do
		for s in openiscsi ours; do
			rig_qemu "$WORK/$s.img" "$args" > "$WORK/boot.log" 2>&1
			r=$(sed -n 's/.*ISCSIROOT-ROOT-OK root=[^ ]* uptime=\([0-9.]*\).*/\1/p' "$WORK/serial.log" | head -n 1)
			[ -n "$r" ] || { echo "$s: boot $i did not reach the root"; continue; }
			echo "$s $r" >> "$WORK/times"
		done
		i=$((i + 1))
	done
	oi=$(med openiscsi); us=$(med ours)
	echo "kernel start -> root init, ip=$ipm, median of $N boots (guest clock; all: $(awk '{ printf "%s%s=%s", (NR > 1 ? " " : ""), $1, $2 }' "$WORK/times")):"
	echo "  Debian stock (open-iscsi)  ${oi:-n/a} s"
	echo "  iscsiroot adapter          ${us:-n/a} s"
	[ -n "$us" ] && [ -n "$oi" ] && awk -v a="$us" -v b="$oi" 'BEGIN { printf "  ratio ours/stock          %.2f\n", a / b }'
done
rig_pass
