#!/bin/sh
# Root from the iBFT the dracut way: kernel arguments "rd.iscsi.firmware=1
# ip=ibft" and nothing else about iSCSI. iPXE gives a static address
# (10.0.2.20, iBFT origin 1, although its table still names the DHCP server it
# used to fetch its script) and attaches LUN 2 with mutual CHAP; the target
# has a blank decoy at LUN 1. The initramfs (iscsi_ibft loaded) runs our
# `ipconfig` with no arguments (it reads ip=ibft from /proc/cmdline and must
# set the static address, not DHCP), then `iscsistart --cmdline`, whose
# /run/iscsiroot/root.conf must name the table's target and LUN 2, with
# ROOTDEV the disk that is mounted as root, with exactly one session (as
# the table's initiator). Neither secret may reach the console.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ibft_lib.sh"
. "$(dirname "$0")/conf_lib.sh"
rig_init ibft_cmdline
ibft_need_ipxe
IQN=iqn.2026-11.org.iscsiroot:ibftdracut
SECRET=Ibft-test-secret-42
RSECRET=Ibft-target-secret-7
rig_root
rig_blank "$WORK/decoy.img" 8M
rig_target "$IQN" "$WORK/decoy.img" "$WORK/root.img"
rig_chap ibftuser "$SECRET" ibfttarget "$RSECRET"
ibft_guest_start "$WORK/guest.sh"
cat >> "$WORK/guest.sh" <<'EOS'
rig_mark ipconfig
/sbin/ipconfig || rig_die "ipconfig (ip=ibft from the command line) failed: $?"
EOS
ibft_guest_net "$WORK/guest.sh"
conf_login_script "$WORK/login.sh" ""
sed '$d' "$WORK/login.sh" >> "$WORK/guest.sh"   # all but its rig_switch
ibft_guest_sessions "$WORK/guest.sh"
echo 'rig_switch "$ROOTDEV"' >> "$WORK/guest.sh"
# shellcheck disable=SC2034  # read by rig_initramfs (lib.sh)
RIG_EXTRA_MODULES=$RIG_IBFT_MODULES
# shellcheck disable=SC2086
rig_initramfs "$WORK/initrd" "$WORK/guest.sh" $IBFT_BINS
RIG_IPXE_NET="static 10.0.2.20 255.255.255.0 10.0.2.2 10.0.2.3" \
RIG_IPXE_CHAP="ibftuser $SECRET ibfttarget $RSECRET" \
RIG_IPXE_SAN="iscsi:10.0.2.2:::2:$IQN" \
	rig_qemu_ipxe "$WORK/initrd" "rd.iscsi.firmware=1 ip=ibft"
rig_log "iPXE boot to the root: ${RIG_WALL_MS} ms wall"

T=${IBFT_TREE:-$WORK/ibft}
rig_ibft_tree "$T" > /dev/null
I=$T/firmware/ibft
rd() { cat "$I/$1" 2>/dev/null; }
[ "$(rd target0/lun)" = 02000000 ] || rig_fail "table: target0/lun '$(rd target0/lun)'"
[ "$(rd target0/chap-type)" = 2 ] || rig_fail "table: target0/chap-type '$(rd target0/chap-type)'"
[ "$(rd ethernet0/origin)" = 1 ] || rig_fail "table: ethernet0/origin '$(rd ethernet0/origin)' (1 = manual)"

# static address from the table, not a DHCP lease (QEMU would give .15)
rig_expect "^ADDR: 10\.0\.2\.20/24" "eth0 does not have the table's static address"
rig_reject "^ADDR: 10\.0\.2\.15" "eth0 got a DHCP address for a static-origin NIC"
rig_reject "^NETCONF: PROTO='dhcp'" "ipconfig used DHCP for a static-origin NIC"
rig_expect "^NETCONF: IPV4ADDR='10\.0\.2\.20'" "net-eth0.conf lacks the static address"
rig_expect "^ROUTE: default via 10\.0\.2\.2" "no default route via the table's gateway"

rig_expect "^ROOTCONF: TARGET='$IQN'" "root.conf does not name the table's target"
rig_expect "^ROOTCONF: LUN='2'" "root.conf does not name LUN 2, the table's"
rig_expect "^ROOTCONF: PORTAL='10\.0\.2\.2:3260'" "root.conf lacks the table's portal"
rig_expect "^ROOTCONF: ROOTDEV='/dev/sd" "root.conf has no ROOTDEV disk"
rig_expect "^SESSIONS 1[[:space:]]*$" "not exactly one iSCSI session"
rig_expect "^SESSION: $IQN $RIG_IQN_I" "the session is not to the table's target as its initiator"
dev=$(sed -n "s/^ROOTCONF: ROOTDEV='\(.*\)'.*/\1/p" "$WORK/serial.log" | tr -d '\r' | head -n 1)
rig_expect "ISCSIROOT-ROOT-OK root=$dev " "the root mounted is not ROOTDEV ($dev)"
rig_reject "$SECRET" "the CHAP secret from the iBFT reached the console"
rig_reject "$RSECRET" "the reverse CHAP secret from the iBFT reached the console"
rig_pass
