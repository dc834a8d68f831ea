#!/bin/sh
# Root from the iBFT the Debian open-iscsi way (kernel argument iscsi_auto)
# with the network set up as the Arch hook does it (`iscsistart -N`): iPXE
# (DHCP, no CHAP) attaches LUN 1 and writes the iBFT; the initramfs
# (iscsi_ibft loaded) runs our `iscsistart -N` (eth0 gets the table's
# address), then `iscsistart --cmdline`, which must log in to the table's
# target only because of iscsi_auto, and write root.conf naming it and LUN 1;
# the root is reached through ROOTDEV, with exactly one session.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ibft_lib.sh"
. "$(dirname "$0")/conf_lib.sh"
rig_init ibft_auto
ibft_need_ipxe
IQN=iqn.2026-11.org.iscsiroot:ibftauto
rig_root
rig_target "$IQN" "$WORK/root.img"
ibft_guest_start "$WORK/guest.sh"
cat >> "$WORK/guest.sh" <<'EOS'
rig_mark net
/sbin/iscsistart -N || rig_die "iscsistart -N failed: $?"
ip -4 addr show dev eth0 | sed -n 's/^ *inet \([0-9.\/]*\).*/ADDR: \1/p'
ip -4 route show | sed 's/^/ROUTE: /'
EOS
conf_login_script "$WORK/login.sh" ""
sed '$d' "$WORK/login.sh" >> "$WORK/guest.sh"   # all but its rig_switch
ibft_guest_sessions "$WORK/guest.sh"
echo 'rig_switch "$ROOTDEV"' >> "$WORK/guest.sh"
# shellcheck disable=SC2034  # read by rig_initramfs (lib.sh)
RIG_EXTRA_MODULES=$RIG_IBFT_MODULES
# shellcheck disable=SC2086
rig_initramfs "$WORK/initrd" "$WORK/guest.sh" $IBFT_BINS
rig_qemu_ipxe "$WORK/initrd" "iscsi_auto"
rig_log "iPXE boot to the root: ${RIG_WALL_MS} ms wall"

T=${IBFT_TREE:-$WORK/ibft}
rig_ibft_tree "$T" > /dev/null
[ "$(cat "$T/firmware/ibft/target0/target-name")" = "$IQN" ] || rig_fail "table: wrong target name"

rig_expect "^ADDR: 10\.0\.2\.15/24" "iscsistart -N did not give eth0 the table's address"
rig_expect "^ROUTE: default via 10\.0\.2\.2" "iscsistart -N set no default route via the table's gateway"
rig_expect "^ROOTCONF: TARGET='$IQN'" "root.conf does not name the table's target"
rig_expect "^ROOTCONF: LUN='1'" "root.conf does not name LUN 1, the table's"
rig_expect "^ROOTCONF: PORTAL='10\.0\.2\.2:3260'" "root.conf lacks the table's portal"
rig_expect "^SESSIONS 1[[:space:]]*$" "not exactly one iSCSI session"
rig_expect "^SESSION: $IQN $RIG_IQN_I" "the session is not to the table's target as its initiator"
dev=$(sed -n "s/^ROOTCONF: ROOTDEV='\(.*\)'.*/\1/p" "$WORK/serial.log" | tr -d '\r' | head -n 1)
[ -n "$dev" ] || rig_fail "root.conf has no ROOTDEV"
rig_expect "ISCSIROOT-ROOT-OK root=$dev " "the root mounted is not ROOTDEV ($dev)"
rig_pass
