#!/bin/sh
# Side-by-side: dracut images built by the real dracut, same kernel, same
# target (CHAP), same VM: our iscsiroot module vs dracut's stock iscsi module
# (network-legacy/dhclient + open-iscsi's iscsid/iscsiadm), both with systemd as
# the initramfs init (dracut 059's iscsi module calls systemctl; with
# systemd-networkd as its network, netroot never ran here, dracut-ng#251). Prints the
# bytes each adds to a baseline image (base + rootfs-block + the NIC driver),
# uncompressed and zstd, and the guest uptime at which the real root runs
# (median of BENCH_RUNS boots, alternating). Not a test: these machines are noisy.
# Needs dracut-network and open-iscsi for the stock side (else only ours).
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/../boot/lib.sh"
rig_init bench_dracut
command -v dracut > /dev/null || rig_skip "dracut not installed (run: sh ci/deps.sh)"
N=${BENCH_RUNS:-1}
IQN=iqn.2026-11.org.iscsiroot:bench-dracut
PASS=b3nchS3cretPw
rig_root
rig_root_os_tree "$WORK/root.img"
rig_target "$IQN" "$WORK/root.img"
rig_chap alice "$PASS"
printf 'rd.iscsi.initiator=%s\nrd.iscsi.username=alice rd.iscsi.password=%s\n' "$RIG_IQN_I" "$PASS" \
	> "$WORK/iscsiroot.conf"

[ -x /usr/lib/systemd/systemd ] || rig_skip "systemd not installed (dracut's iscsi module needs it)"
img() { # img NAME MODULES [DRACUT ARGS]: NAME.img (uncompressed) and NAME.zst
	_n=$1 _m=$2; shift 2
	set -- -a systemd-initrd -a dracut-systemd "$@"
	DRACUT_MODULES=$_m ISCSIROOT_CONF=$WORK/iscsiroot.conf ISCSIROOT_DEBIAN_CONF=/nonexistent \
		KVER=$RIG_KVER sh "$RIG_TOP/tests/boot/dracut_image.sh" "$WORK/$_n.img" --no-compress "$@" \
		> "$WORK/$_n.log" 2>&1 || { cat "$WORK/$_n.log"; rig_fail "dracut ($_n) failed"; }
	zstd -q -15 -T0 -c "$WORK/$_n.img" > "$WORK/$_n.zst"
}
sz() { stat -c %s "$1"; }
img base "base rootfs-block" --add-drivers "virtio_net virtio_pci"
img ours "base iscsiroot"
sides=ours
if [ -d /usr/lib/dracut/modules.d/95iscsi ] && command -v iscsiadm > /dev/null; then
	img stock "base iscsi network-legacy" --add-drivers "virtio_net virtio_pci"
	sides="ours stock"
else
	rig_log "dracut-network or open-iscsi missing: stock side skipped"
fi
for s in $sides; do
	echo "$s adds $(( $(sz "$WORK/$s.img") - $(sz "$WORK/base.img") )) bytes uncompressed," \
		"$(( $(sz "$WORK/$s.zst") - $(sz "$WORK/base.zst") )) bytes zstd -15" \
		"(image $(sz "$WORK/$s.img") / $(sz "$WORK/$s.zst"))" | tee -a "$WORK/sizes"
done

: > "$WORK/times"
i=0
while [ $i -lt "$N" ]; do
	for s in $sides; do
		case $s in
		# the form of dracut's own iSCSI test: root by label, netroot=iscsi:
		ours) args="root=LABEL=rigroot netroot=iscsi:10.0.2.2::3260:1:$IQN ip=dhcp" ;;
		stock) args="root=LABEL=rigroot netroot=iscsi:alice:$PASS@10.0.2.2::3260:1:$IQN ip=dhcp rd.iscsi.initiator=$RIG_IQN_I" ;;
		esac
		# in a subshell: a boot that times out is reported, not the end of the bench
		( RIG_QEMU_TIMEOUT=200 rig_qemu "$WORK/$s.img" "$args rd.shell=0 rd.emergency=reboot rd.retry=100" ) \
			> "$WORK/boot-$s.log" 2>&1
		r=$(rig_markt root)
		[ -n "$r" ] || { echo "$s: boot $i did not reach the root"; tail -n 30 "$WORK/serial.log"; continue; }
		echo "$s $r" >> "$WORK/times"
	done
	i=$((i + 1))
done
med() { awk -v s="$1" '$1 == s { print $2 }' "$WORK/times" | sort -n |
	awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)] }'; }
o=$(med ours) t=$(med stock)
echo "time to root (guest uptime, median of $N): ours ${o:-?} s, stock ${t:-not run} s" \
	"$( [ -n "$o" ] && [ -n "$t" ] && awk -v a="$o" -v b="$t" 'BEGIN { printf "ratio %.2f", a / b }')"
rig_pass
