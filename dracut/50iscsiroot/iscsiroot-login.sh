#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dracut initqueue job of iscsiroot (queued once by iscsiroot-cmdline.sh, run
# when udev has settled): the network by ipconfig, the logins by iscsistart
# --cmdline (which leaves its recovery daemon, argv[0] "@iscsistart", running
# across switch_root), then /dev/root -> the root LUN it found (ROOTDEV of
# /run/iscsiroot/root.conf, see iscsiroot.cmdline(7)).

type getarg > /dev/null 2>&1 || . /lib/dracut-lib.sh

H=/usr/lib/iscsiroot
ISCSIROOT_CMDLINE=/run/iscsiroot/cmdline
export ISCSIROOT_CMDLINE

modprobe -q iscsi_tcp || warn "iscsiroot: cannot load iscsi_tcp"
modprobe -q sd_mod

# The firmware's boot table (iBFT): rd.iscsi.firmware / iscsi_firmware (its
# targets, read by iscsistart) and rd.iscsi.ibft / ip=ibft (its network, read
# for ipconfig by ibft-reader) need iscsi_ibft to show it in /sys/firmware/ibft.
explain=$("$H/iscsistart" --explain="$ISCSIROOT_CMDLINE" 2>/dev/null)
case $explain in
    *"firmware (iBFT) targets: yes"* | *"network from iBFT: yes"*)
        modprobe -q iscsi_ibft || warn "iscsiroot: cannot load iscsi_ibft (the firmware's boot table)" ;;
esac

# ipconfig follows ip=, BOOTIF=, vlan=, ifname= itself; without ip= the
# network root still needs a network: DHCP on every Ethernet interface.
# Started as @ipconfig it stays resident to renew a DHCP lease, which would
# otherwise run out under the root (ipconfig(8), "Lease renewal").
case $explain in
    *"network from iBFT: yes"*) ibft=y ;;
    *) ibft= ;;
esac
if [ -n "$ibft" ] && [ "$(getarg ip=)" != ibft ]; then
    info "iscsiroot: rd.iscsi.ibft: the network from the firmware's table"
    "$H/@ipconfig" ibft
elif [ -n "$(getarg ip=)" ]; then
    "$H/@ipconfig"
else
    info "iscsiroot: no ip= on the command line: DHCP on every interface"
    "$H/@ipconfig" dhcp
fi
rc=$?
if [ $rc -ne 0 ]; then
    warn "iscsiroot: ipconfig failed (exit $rc): no network for the iSCSI root"
    exit 1
fi

"$H/iscsistart" --cmdline="$ISCSIROOT_CMDLINE" > /run/iscsiroot/login.out
rc=$?
if [ $rc -ne 0 ]; then
    warn "iscsiroot: iscsistart --cmdline failed (exit $rc), see iscsistart(8)"
    exit 1
fi

ROOTDEV=
# shellcheck disable=SC1091  # written by iscsistart
. /run/iscsiroot/root.conf
# shellcheck disable=SC2154  # root is exported by dracut's init
if [ "$root" = block:/dev/root ]; then
    if [ -z "$ROOTDEV" ]; then
        warn "iscsiroot: iscsistart found no root LUN (ROOTDEV empty in /run/iscsiroot/root.conf)"
        exit 1
    fi
    # A udev rule, so that udev (and systemd's dev-root.device) own the link;
    # a plain link when udev does not make it.
    mkdir -p /etc/udev/rules.d
    printf 'KERNEL=="%s", SYMLINK+="root"\n' "${ROOTDEV#/dev/}" > /etc/udev/rules.d/99-iscsiroot.rules
    udevadm control --reload > /dev/null 2>&1
    udevadm trigger --action=change --sysname-match="${ROOTDEV#/dev/}" > /dev/null 2>&1
    udevadm settle --timeout=5 > /dev/null 2>&1
    [ -e /dev/root ] || ln -sf "$ROOTDEV" /dev/root
    info "iscsiroot: root is $ROOTDEV (target $TARGET LUN $LUN)"
fi
exit 0
