#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dracut cmdline hook of iscsiroot (sourced by dracut's init). Is the root on
# iSCSI? iscsistart --explain answers for every dialect iscsiroot.cmdline(7)
# reads (root=iscsi:, netroot=iscsi:, root=dhcp, netroot=dhcp, iscsiroot=,
# Debian's iscsi_*, rd.iscsi.firmware, /etc/iscsiroot.conf ...): exit 0 yes,
# 1 no, 100 a value it cannot read (named in its message). This hook parses
# nothing itself. If the answer is yes, the root becomes block:/dev/root,
# which the login job points at the root LUN, and the login job is queued.

type getcmdline > /dev/null 2>&1 || . /lib/dracut-lib.sh

mkdir -p /run/iscsiroot
# What dracut reads (/etc/cmdline.d/*.conf, then /proc/cmdline) is what the
# helpers read: they take the file through --explain=/--cmdline=/ISCSIROOT_CMDLINE.
getcmdline > /run/iscsiroot/cmdline

iscsiroot_out=$(/usr/lib/iscsiroot/iscsistart --explain=/run/iscsiroot/cmdline 2>&1)
iscsiroot_rc=$?
case $iscsiroot_rc in
    0)
        # the firmware's boot table (iBFT) asked for: iscsi_ibft shows it; ask
        # again with it loaded, so that no "no iBFT" warning is a false alarm
        case $iscsiroot_out in
            *"firmware (iBFT) targets: yes"* | *"network from iBFT: yes"*)
                modprobe -q iscsi_ibft &&
                    iscsiroot_out=$(/usr/lib/iscsiroot/iscsistart --explain=/run/iscsiroot/cmdline 2>&1) ;;
        esac
        printf '%s\n' "$iscsiroot_out" | while read -r iscsiroot_l; do
            case $iscsiroot_l in
                warning:*) warn "iscsiroot: ${iscsiroot_l#warning: }" ;;
            esac
        done
        # The last root= decides (as iscsistart's ROOTSPEC): iscsi:/dhcp or none
        # is the root LUN; anything else (UUID=..., /dev/...) is left to
        # rootfs-block, and the targets are logged in all the same.
        case ${root:-} in
            iscsi:* | dhcp | "" | /dev/root | block:/dev/root)
                root=block:/dev/root
                # shellcheck disable=SC2034  # read by dracut's init
                rootok=1
                wait_for_dev -n /dev/root
                ;;
        esac
        /sbin/initqueue --settled --onetime --unique --name iscsiroot /usr/lib/iscsiroot/dracut-login
        # shellcheck disable=SC2154  # hookdir is dracut's
        echo '[ -e /run/iscsiroot/root.conf ] || warn "iscsiroot: no iSCSI root: see the iscsiroot messages above; /usr/lib/iscsiroot/iscsistart --explain=/run/iscsiroot/cmdline shows the configuration"' \
            > "$hookdir/emergency/50-iscsiroot.sh"
        ;;
    1) ;; # no iSCSI root configured: not for this module
    100)
        # die() writes its message into a double-quoted line of a hook script:
        # no quote, backslash, backquote or dollar of the bad value may reach it
        # shellcheck disable=SC1003
        die "$(printf '%s' "$iscsiroot_out" | tr -d '"`$\\')"
        ;;
    *) warn "iscsiroot: iscsistart --explain failed (exit $iscsiroot_rc): $iscsiroot_out" ;;
esac
unset iscsiroot_out iscsiroot_rc iscsiroot_l
