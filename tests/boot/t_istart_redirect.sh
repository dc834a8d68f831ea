#!/bin/sh
# Login redirection: the portal the initiator is given (3260) only redirects
# (tgtd RedirectAddress/RedirectPort) to a second tgtd on 3261 that has the
# LUN; the kernel session must keep the configured portal as its persistent
# address (what by-path links and iscsid use).
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init istart_redirect
rig_need_helpers iscsistart
IQN=iqn.2026-11.org.iscsiroot:redirect
rig_root
# first tgtd (rig): same IQN, no LUN, only redirects to 10.0.2.2:3261
rig_target "$IQN"
tgtadm -C "$TGT_CP" --lld iscsi --mode target --op update --tid 1 -n RedirectAddress -v 10.0.2.2 ||
	rig_fail "cannot set RedirectAddress"
tgtadm -C "$TGT_CP" --lld iscsi --mode target --op update --tid 1 -n RedirectPort -v 3261 ||
	rig_fail "cannot set RedirectPort"
tgtadm -C "$TGT_CP" --lld iscsi --mode target --op update --tid 1 -n RedirectReason -v Temporary ||
	rig_fail "cannot set RedirectReason"
# second tgtd: the real target on port 3261
CP2=$((TGT_CP + 1))
while [ -e "/var/run/tgtd/socket.$CP2" ]; do CP2=$((CP2 + 1)); done
tgtd -f --iscsi portal=127.0.0.1:3261 --control-port "$CP2" >> "$WORK/tgtd2.log" 2>&1 &
RIG_PIDS="$RIG_PIDS $!"
i=0
until tgtadm -C "$CP2" --mode system --op show >/dev/null 2>&1; do
	i=$((i + 1)); [ $i -gt 100 ] && rig_fail "second tgtd did not start"; sleep 0.1
done
tgtadm -C "$CP2" --lld iscsi --mode target --op new --tid 1 -T "$IQN" ||
	rig_fail "second target: cannot create"
tgtadm -C "$CP2" --lld iscsi --mode logicalunit --op new --tid 1 --lun 1 -b "$WORK/root.img" ||
	rig_fail "second target: cannot add the LUN"
tgtadm -C "$CP2" --lld iscsi --mode target --op bind --tid 1 -I ALL ||
	rig_fail "second target: cannot bind"
cat > "$WORK/login.sh" <<EOS
rig_net_static
rig_login -p 3260 $IQN
echo "CONN persistent_port=\$(cat /sys/class/iscsi_connection/connection*/persistent_port)"
echo "CONN port=\$(cat /sys/class/iscsi_connection/connection*/port)"
rig_switch /dev/sda
EOS
rig_initramfs "$WORK/initrd" "$WORK/login.sh" "$B/iscsistart:/sbin/iscsistart"
rig_qemu "$WORK/initrd" ""
tgtadm -C "$CP2" --mode system --op delete --force >/dev/null 2>&1
rm -f "/var/run/tgtd/socket.$CP2" "/var/run/tgtd/socket.$CP2.lock"
rig_expect "redirect" "no redirect logged"
rig_expect "CONN persistent_port=3260" "persistent port is not the configured portal"
rig_expect "CONN port=3261" "connection is not on the redirected portal"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sda" "root not reached through the redirect"
rig_pass
