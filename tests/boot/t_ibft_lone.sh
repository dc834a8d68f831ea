#!/bin/sh
# A lone copy of the one binary, named iscsistart, is the only helper in the
# initramfs (the Arch wiki's `add_binary iscsistart`; no ipconfig, no
# ibft-reader, no link): booted through iPXE sanhook (DHCP, CHAP), which writes
# a real iBFT, it runs `iscsistart -N` (the network from the table, ipconfig in
# the same process: it used to exec a sibling /sbin/ipconfig and fail with
# "unable to run") and then `iscsistart -b` (log in to the table's target), and
# the root is reached. Checks: the image holds that one file and nothing else of
# ours (host side, in the cpio, and in the guest); eth0 got the table's address
# and gateway; one session, to the table's target; the root is reached; the
# CHAP secret never reaches the console.
# RIG_BUILD=DIR runs it against another build/ (an old commit's: it must fail).
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ibft_lib.sh"
rig_init ibft_lone
ibft_need_ipxe
rig_need_helpers iscsistart
IQN=iqn.2026-11.org.iscsiroot:ibftlone
SECRET=Lone-ibft-secret-77
cp -L "$B/iscsistart" "$WORK/iscsistart" || rig_fail "cannot copy build/iscsistart"
rig_root
rig_target "$IQN" "$WORK/root.img"
rig_chap loneuser "$SECRET"
ibft_guest_start "$WORK/guest.sh"
cat >> "$WORK/guest.sh" <<'EOS'
echo "HELPERS [$(find / -xdev \( -name ipconfig -o -name ibft-reader -o -name root-pin \
	-o -name iscsiroot -o -name '@*' -o -name iscsistart \) | sort | tr '\n' ' ')]"
rig_mark net
/sbin/iscsistart -N || rig_die "iscsistart -N failed: $?"
rig_mark netup
ip -4 addr show dev eth0 | sed -n 's/^ *inet \([0-9.\/]*\).*/ADDR: \1/p'
ip -4 route show | sed 's/^/ROUTE: /'
EOS
ibft_guest_boot "$WORK/guest.sh"
# shellcheck disable=SC2034  # read by rig_initramfs (lib.sh)
RIG_EXTRA_MODULES=$RIG_IBFT_MODULES
rig_initramfs "$WORK/initrd" "$WORK/guest.sh" "$WORK/iscsistart:/sbin/iscsistart"

# the image: one copy of the binary, /sbin/iscsistart, a plain file; no other helper
mkdir -p "$WORK/img"
(cd "$WORK/img" && gzip -dc "$WORK/initrd" | cpio -id --quiet) || rig_fail "cannot unpack the initramfs"
[ -f "$WORK/img/sbin/iscsistart" ] && [ ! -L "$WORK/img/sbin/iscsistart" ] ||
	rig_fail "image: /sbin/iscsistart is not a plain file"
copies=$(find "$WORK/img" -type f -size +64k -exec cmp -s "$WORK/iscsistart" {} \; -print | sed "s|^$WORK/img||")
[ "$copies" = /sbin/iscsistart ] || rig_fail "image: copies of the binary: $copies"
links=$(find "$WORK/img" -type l -exec sh -c 'case $(readlink "$1") in *iscsi*|*ipconfig*|*ibft*|*root-pin*) echo "$1";; esac' sh {} \;)
[ -z "$links" ] || rig_fail "image: links to a helper: $links"
others=$(find "$WORK/img" \( -name ipconfig -o -name ibft-reader -o -name root-pin -o -name sleep \
	-o -name iscsiroot -o -name '@*' \) -print)
[ -z "$others" ] || rig_fail "image: other helpers: $others"
rm -rf "$WORK/img"

RIG_IPXE_CHAP="loneuser $SECRET" rig_qemu_ipxe "$WORK/initrd" ""
rig_log "iPXE boot to the root: ${RIG_WALL_MS} ms wall"

T=$WORK/ibft
rig_ibft_tree "$T" > /dev/null
[ "$(cat "$T/firmware/ibft/target0/target-name")" = "$IQN" ] || rig_fail "table: wrong target name"

rig_expect "^HELPERS \[/sbin/iscsistart \]" "the guest has another helper than /sbin/iscsistart"
rig_reject "unable to run" "iscsistart -N tried to run a sibling helper"
rig_expect "^ADDR: 10\.0\.2\.15/24" "iscsistart -N did not give eth0 the table's address"
rig_expect "^ROUTE: default via 10\.0\.2\.2" "iscsistart -N set no default route via the table's gateway"
rig_expect "^BOUT: /dev/sd" "iscsistart -b printed no disk"
rig_expect "^SESSIONS 1[[:space:]]*$" "not exactly one iSCSI session"
rig_expect "^SESSION: $IQN $RIG_IQN_I" "the session is not to the table's target as its initiator"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sd" "root not reached"
rig_reject "$SECRET" "the CHAP secret from the iBFT reached the console"
echo "iscsistart -N: $(rig_markt net) -> $(rig_markt netup) s, -b: $(rig_markt login) -> $(rig_markt disk) s guest uptime"
rig_pass
