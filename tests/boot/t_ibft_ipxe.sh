#!/bin/sh
# Root on the target a real firmware table names, the open-iscsi way: the
# guest boots through iPXE, whose `sanhook` (DHCP, CHAP) attaches LUN 1 and
# writes an iBFT. The initramfs (iscsi_ibft loaded) runs our
# `ipconfig ip=ibft` (the table's NIC has DHCP origin: it must DHCP again),
# `iscsistart -f` (the firmware records, secret masked), then `iscsistart -b`
# (log in to every firmware target, as the Arch hook's `iscsistart -b`), and
# switches to the disk -b printed. Checks: the table is the one iPXE was
# told to write; exactly one session, to the table's target, as the table's
# initiator; the root is reached; the CHAP secret never reaches the console.
# IBFT_TREE=DIR keeps the table as a tree (secrets left out).
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ibft_lib.sh"
rig_init ibft_ipxe
ibft_need_ipxe
IQN=iqn.2026-11.org.iscsiroot:ibft
SECRET=Ibft-test-secret-42
rig_root
rig_target "$IQN" "$WORK/root.img"
rig_chap ibftuser "$SECRET"
ibft_guest_start "$WORK/guest.sh"
cat >> "$WORK/guest.sh" <<'EOS'
rig_mark ipconfig
/sbin/ipconfig ip=ibft || rig_die "ipconfig ip=ibft failed: $?"
EOS
ibft_guest_net "$WORK/guest.sh"
cat >> "$WORK/guest.sh" <<'EOS'
rig_mark firmware
/sbin/iscsistart -f > /tmp/fw.out 2>&1; echo "FW-RC $?"
sed 's/^/FWREC: /' /tmp/fw.out
EOS
ibft_guest_boot "$WORK/guest.sh"
# shellcheck disable=SC2034  # read by rig_initramfs (lib.sh)
RIG_EXTRA_MODULES=$RIG_IBFT_MODULES
# shellcheck disable=SC2086
rig_initramfs "$WORK/initrd" "$WORK/guest.sh" $IBFT_BINS
RIG_IPXE_CHAP="ibftuser $SECRET" rig_qemu_ipxe "$WORK/initrd" ""
rig_log "iPXE boot to the root: ${RIG_WALL_MS} ms wall"

# the table is what iPXE was told
T=${IBFT_TREE:-$WORK/ibft}
rig_ibft_tree "$T" > /dev/null
I=$T/firmware/ibft
rd() { cat "$I/$1" 2>/dev/null; }
[ "$(rd target0/target-name)" = "$IQN" ] || rig_fail "table: target0/target-name '$(rd target0/target-name)'"
[ "$(rd target0/lun)" = 01000000 ] || rig_fail "table: target0/lun '$(rd target0/lun)'"
[ "$(rd target0/chap-type)" = 1 ] || rig_fail "table: target0/chap-type '$(rd target0/chap-type)'"
[ "$(rd ethernet0/origin)" = 3 ] || rig_fail "table: ethernet0/origin '$(rd ethernet0/origin)' (3 = DHCP)"
[ "$(rd initiator/initiator-name)" = "$RIG_IQN_I" ] || rig_fail "table: initiator-name '$(rd initiator/initiator-name)'"

# network from the table (DHCP origin: a new lease, the same address here)
rig_expect "^ADDR: 10\.0\.2\.15/24" "eth0 not configured with the table's address"
rig_expect "^NETCONF: PROTO='dhcp'" "ipconfig ip=ibft did not DHCP for a DHCP-origin NIC"
rig_expect "^NETCONF: IPV4ADDR='10\.0\.2\.15'" "net-eth0.conf lacks the address"
rig_expect "^NETCONF: IPV4GATEWAY='10\.0\.2\.2'" "net-eth0.conf lacks the gateway"
rig_expect "^ROUTE: default via 10\.0\.2\.2" "no default route via the table's gateway"

# iscsistart -f: the records, without the secret
rig_expect "^FW-RC 0" "iscsistart -f failed"
rig_expect "^FWREC: .*$IQN" "iscsistart -f does not show the target"
rig_expect "^FWREC: .*$RIG_IQN_I" "iscsistart -f does not show the initiator name"
rig_expect "^FWREC: .*ibftuser" "iscsistart -f does not show the CHAP user"

# iscsistart -b: one session to the table's target, the root reached
rig_expect "^BOUT: /dev/sd" "iscsistart -b printed no disk"
rig_expect "^SESSIONS 1[[:space:]]*$" "not exactly one iSCSI session"
rig_expect "^SESSION: $IQN $RIG_IQN_I" "the session is not to the table's target as its initiator"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sd" "root not reached"
rig_reject "$SECRET" "the CHAP secret from the iBFT reached the console"
rig_pass
