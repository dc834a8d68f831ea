#!/bin/sh
# Side-by-side: a firmware (iBFT) boot the Arch hook's way, `iscsistart -N`
# (network from the table) then `iscsistart -b` (log in to the table's target)
# until the block device shows, open-iscsi's iscsistart vs ours, on the same
# table: iPXE sanhook (DHCP, CHAP) in the same rig, N boots each, alternating.
# Ours re-does DHCP for a DHCP-origin NIC (the lease is renewed later);
# open-iscsi's -N puts the table's address on statically. Prints medians and
# the ratio. Not a test: these machines are noisy.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/../boot/lib.sh"
. "$(dirname "$0")/../boot/ibft_lib.sh"
rig_init bench_ibft
ibft_need_ipxe
[ -x /usr/sbin/iscsistart ] || rig_skip "open-iscsi's iscsistart not installed"
N=${BENCH_RUNS:-3}
IQN=iqn.2026-11.org.iscsiroot:ibft
SECRET=Ibft-test-secret-42
rig_root
rig_target "$IQN" "$WORK/root.img"
rig_chap ibftuser "$SECRET"
cat > "$WORK/guest.sh" <<'EOS'
mkdir -p /etc/iscsi /run/lock /var/lock
rig_mark net
/sbin/iscsistart -N > /dev/null 2>&1 || rig_die "iscsistart -N failed: $?"
rig_mark login
/sbin/iscsistart -b > /dev/null 2>&1 || rig_die "iscsistart -b failed: $?"
rig_wait_dev /dev/sda 30 || rig_die "no disk"
rig_mark disk
rig_switch /dev/sda
EOS
# shellcheck disable=SC2034  # read by rig_initramfs (lib.sh)
RIG_EXTRA_MODULES=$RIG_IBFT_MODULES
rig_initramfs "$WORK/openiscsi.img" "$WORK/guest.sh" /usr/sbin/iscsistart:/sbin/iscsistart
# shellcheck disable=SC2086  # IBFT_BINS is a list of SRC:DST words
rig_initramfs "$WORK/ours.img" "$WORK/guest.sh" $IBFT_BINS

: > "$WORK/times"
i=0
while [ $i -lt "$N" ]; do
	for s in openiscsi ours; do
		RIG_IPXE_CHAP="ibftuser $SECRET" rig_qemu_ipxe "$WORK/$s.img" "" > "$WORK/boot.log" 2>&1
		n=$(rig_markt net); l=$(rig_markt login); d=$(rig_markt disk); r=$(rig_markt root)
		[ -n "$d" ] || { echo "$s: boot $i did not reach the disk"; continue; }
		awk -v s="$s" -v n="$n" -v l="$l" -v d="$d" -v r="$r" \
			'BEGIN { print s, l - n, d - l, d - n, r }' >> "$WORK/times"
	done
	i=$((i + 1))
done
med() { awk -v s="$1" -v c="$2" '$1 == s { print $c }' "$WORK/times" | sort -n |
	awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "" }'; }
echo "iBFT boot, median of $N boots (guest clock, s):   -N      -b->disk  total  (kernel start -> root)"
for s in openiscsi ours; do
	printf '  %-40s %6s  %6s  %6s  (%s)\n' "$s iscsistart" "$(med $s 2)" "$(med $s 3)" \
		"$(med $s 4)" "$(med $s 5)"
done
oi=$(med openiscsi 4); us=$(med ours 4); ob=$(med openiscsi 3); ub=$(med ours 3)
[ -n "$us" ] && [ -n "$oi" ] && awk -v a="$us" -v b="$oi" -v c="$ub" -v d="$ob" 'BEGIN {
	printf "  ratio ours/open-iscsi: -N + -b %.2f, -b -> disk %.2f\n", a / b, c / d }'
rig_pass
