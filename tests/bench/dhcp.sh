#!/bin/sh
# Side-by-side: time to a DHCP lease from QEMU's user-net server, klibc's
# ipconfig vs ours, in the same rig (same kernel, same VM setup), N boots
# each, alternating. Each guest runs "ipconfig -t 60 eth0" right after the
# NIC driver is loaded and reports the guest uptime before and after.
# Prints medians and the ratio. Not a test: these machines are noisy.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/../boot/lib.sh"
# (the loop counter is not "i": the rig's functions use that name)
rig_init bench_dhcp
N=${BENCH_RUNS:-3}
B=$RIG_TOP/build
KL=/usr/lib/klibc/bin/ipconfig
[ -x "$KL" ] || rig_skip "klibc-utils not installed"
[ -x "$B/ipconfig" ] || rig_skip "build/ipconfig not built (make)"
# klibc binaries are "static" with klibc itself as their interpreter
KLSO=$(file -L "$KL" | sed -n 's|.*interpreter \(/lib/klibc-[^,]*\.so\).*|\1|p')
if [ -z "$KLSO" ] || [ ! -f "/usr$KLSO" ]; then rig_skip "cannot find klibc's shared object for $KL"; fi

mk() { # mk NAME BINARY [extra SRC:DST]
	n=$1; bin=$2; shift 2
	cat > "$WORK/$n.sh" <<EOS
rig_mark dhcp
/sbin/ipconfig -t 60 eth0 > /dev/null 2>&1 || rig_die "ipconfig failed: \$?"
rig_mark lease
[ -s /run/net-eth0.conf ] || rig_die "no /run/net-eth0.conf"
grep -q "^IPV4ADDR='10.0.2.15'" /run/net-eth0.conf || rig_die "unexpected lease"
sync; poweroff -f
EOS
	rig_initramfs "$WORK/$n.img" "$WORK/$n.sh" "$bin:/sbin/ipconfig" "$@"
}
mk klibc "$KL" "/usr$KLSO:$KLSO"
mk ours "$B/ipconfig"

: > "$WORK/times"
run=0
while [ $run -lt "$N" ]; do
	for s in klibc ours; do
		rig_qemu "$WORK/$s.img" "" > "$WORK/boot.log" 2>&1
		a=$(rig_markt dhcp); b=$(rig_markt lease)
		[ -n "$b" ] || { echo "$s: boot $run got no lease"; grep RIG-FAIL "$WORK/serial.log"; continue; }
		echo "$s $(awk -v a="$a" -v b="$b" 'BEGIN { print b - a }')" >> "$WORK/times"
	done
	run=$((run + 1))
done
med() { awk -v s="$1" '$1 == s { print $2 }' "$WORK/times" | sort -n |
	awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "" }'; }
kl=$(med klibc); us=$(med ours)
echo "ipconfig start -> lease written, median of $N boots (guest clock, 10 ms resolution):"
echo "  klibc ipconfig       ${kl:-n/a} s   (all: $(awk '$1 == "klibc" { printf "%s ", $2 }' "$WORK/times"))"
echo "  iscsiroot ipconfig   ${us:-n/a} s   (all: $(awk '$1 == "ours" { printf "%s ", $2 }' "$WORK/times"))"
[ -n "$us" ] && [ -n "$kl" ] && awk -v a="$us" -v b="$kl" 'BEGIN { if (a < 0.01) a = 0.01; printf "  ratio ours/klibc     %.3f (klibc takes %.0fx as long)\n", a / b, b / a }'
echo "size: klibc ipconfig $(stat -c %s "$KL") bytes + $(stat -c %s "/usr$KLSO") bytes of klibc.so;" \
	"ours $(stat -c %s "$B/ipconfig") bytes, static"
rig_pass
