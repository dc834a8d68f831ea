#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dracut initqueue job of iscsiroot (queued once by iscsiroot-cmdline.sh, run
# when udev has settled), through the hook library: the modules and the
# network the plan (iscsistart --explain-sh) names, by ipconfig, the logins by
# iscsistart --cmdline (which leaves its recovery daemon, argv[0]
# "@iscsistart", running across switch_root), then /dev/root -> the root LUN
# it found (ROOTDEV of /run/iscsiroot/root.conf, see iscsiroot.cmdline(7)).

type getarg > /dev/null 2>&1 || . /lib/dracut-lib.sh

H=/usr/lib/iscsiroot
ISCSIROOT_CMDLINE=/run/iscsiroot/cmdline
export ISCSIROOT_CMDLINE

# shellcheck disable=SC2034  # read by hooklib.sh
iscsiroot_dir=$H
. "$H/hooklib.sh"

# The plan (the cmdline hook found an iSCSI root in it); iscsistart does not
# load modules. The firmware's boot table (iBFT): rd.iscsi.firmware /
# iscsi_firmware (its targets, read by iscsistart) and rd.iscsi.ibft / ip=ibft
# (its network, read for ipconfig by ibft-reader) need iscsi_ibft to show it
# in /sys/firmware/ibft.
iscsiroot_plan "$ISCSIROOT_CMDLINE"
# shellcheck disable=SC2086,SC2154  # lists of module names; iscsiroot_failed is the library's
iscsiroot_modules $PLAN_MODULES || warn "iscsiroot: cannot load $iscsiroot_failed"
# shellcheck disable=SC2086
iscsiroot_modules $PLAN_FW_MODULES || warn "iscsiroot: cannot load $iscsiroot_failed (the firmware's boot table)"

# ipconfig follows ip=, BOOTIF=, vlan=, ifname= itself; without ip= the
# network root still needs a network: DHCP on every Ethernet interface.
# Started as @ipconfig it stays resident to renew a DHCP lease, which would
# otherwise run out under the root (ipconfig(8), "Lease renewal").
case $PLAN_NET in
    ibft) info "iscsiroot: rd.iscsi.ibft: the network from the firmware's table" ;;
    dhcp) info "iscsiroot: no ip= on the command line: DHCP on every interface" ;;
esac
iscsiroot_net dhcp
rc=$?
if [ $rc -ne 0 ]; then
    warn "$(iscsiroot_error "network setup (ipconfig)" $rc): no network for the iSCSI root"
    exit 1
fi

iscsiroot_login "$ISCSIROOT_CMDLINE" > /run/iscsiroot/login.out
rc=$?
if [ $rc -ne 0 ]; then
    warn "$(iscsiroot_error "iSCSI login (iscsistart --cmdline)" $rc), see iscsistart(8)"
    exit 1
fi

iscsiroot_rootconf
# shellcheck disable=SC2154  # root is exported by dracut's init
if [ "$root" = block:/dev/root ]; then
    if [ -z "$iscsiroot_rootdev" ]; then
        warn "iscsiroot: iscsistart found no root LUN (ROOTDEV empty in /run/iscsiroot/root.conf)"
        exit 1
    fi
    # A udev rule, so that udev (and systemd's dev-root.device) own the link;
    # a plain link when udev does not make it.
    mkdir -p /etc/udev/rules.d
    printf 'KERNEL=="%s", SYMLINK+="root"\n' "${iscsiroot_rootdev#/dev/}" > /etc/udev/rules.d/99-iscsiroot.rules
    udevadm control --reload > /dev/null 2>&1
    udevadm trigger --action=change --sysname-match="${iscsiroot_rootdev#/dev/}" > /dev/null 2>&1
    udevadm settle --timeout=5 > /dev/null 2>&1
    [ -e /dev/root ] || ln -sf "$iscsiroot_rootdev" /dev/root
    info "iscsiroot: root is $iscsiroot_rootdev (target $iscsiroot_target LUN $iscsiroot_lun)"
fi
exit 0
