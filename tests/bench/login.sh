#!/bin/sh
# Side-by-side: network-up to block device, open-iscsi's iscsistart vs ours, in
# the same rig (same kernel, same target, same VM), N boots each, alternating.
# Prints medians and the ratio. Not a test: these machines are noisy.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/../boot/lib.sh"
rig_init bench_login
N=${BENCH_RUNS:-3}
IQN=iqn.2026-11.org.iscsiroot:bench
B=$RIG_TOP/build
rig_root
rig_target "$IQN" "$WORK/root.img"

mk() { # mk NAME BINARY
	cat > "$WORK/$1.sh" <<EOS
rig_net_static
mkdir -p /etc/iscsi /run/lock /var/lock
rig_mark login
iscsistart -i $RIG_IQN_I -t $IQN -g 1 -a 10.0.2.2 -p 3260 >/dev/null 2>&1 || rig_die "login failed"
rig_wait_dev /dev/sda 30 || rig_die "no disk"
rig_mark disk
rig_switch /dev/sda
EOS
	rig_initramfs "$WORK/$1.img" "$WORK/$1.sh" "$2:/sbin/iscsistart"
}
mk openiscsi /usr/sbin/iscsistart
sides=openiscsi
if [ -x "$B/iscsistart" ]; then mk ours "$B/iscsistart"; sides="openiscsi ours"; fi

: > "$WORK/times"
i=0
while [ $i -lt "$N" ]; do
	for s in $sides; do
		rig_qemu "$WORK/$s.img" "" > "$WORK/boot.log" 2>&1
		l=$(rig_markt login); d=$(rig_markt disk); r=$(rig_markt root)
		[ -n "$d" ] || { echo "$s: boot $i did not reach the disk"; continue; }
		echo "$s $(awk -v a="$l" -v b="$d" 'BEGIN { print b - a }') $r" >> "$WORK/times"
	done
	i=$((i + 1))
done
med() { awk -v s="$1" -v c="$2" '$1 == s { print $c }' "$WORK/times" | sort -n |
	awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "" }'; }
oi=$(med openiscsi 2); us=$(med ours 2)
echo "login -> block device, median of $N boots (guest clock):"
echo "  open-iscsi iscsistart   ${oi:-n/a} s   (kernel start -> root $(med openiscsi 3) s)"
echo "  iscsiroot iscsistart    ${us:-n/a} s   (kernel start -> root $(med ours 3) s)"
[ -n "$us" ] && [ -n "$oi" ] && awk -v a="$us" -v b="$oi" 'BEGIN { printf "  ratio ours/open-iscsi   %.2f\n", a / b }'
osz=$(stat -c %s /usr/sbin/iscsistart)
libs=$(ldd /usr/sbin/iscsistart | awk '/=>/ { print $3 }' | xargs stat -L -c %s | awk '{ s += $1 } END { print s }')
echo "size: open-iscsi iscsistart $osz bytes + $libs bytes of shared libraries"
[ -x "$B/iscsistart" ] && echo "      iscsiroot iscsistart $(stat -c %s "$B/iscsistart") bytes, static"
rig_pass
