#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dracut cmdline hook of iscsiroot (sourced by dracut's init). Is the root on
# iSCSI? The plan of iscsistart --explain-sh (through the hook library) answers
# for every dialect iscsiroot.cmdline(7) reads (root=iscsi:, netroot=iscsi:,
# root=dhcp, netroot=dhcp, iscsiroot=, Debian's iscsi_*, rd.iscsi.firmware,
# /etc/iscsiroot.conf ...): exit 0 yes, 1 no, 100 a value it cannot read
# (named in its message). This hook parses nothing itself. If the answer is
# yes, the root becomes block:/dev/root, which the login job points at the
# root LUN, and the login job is queued.

type getcmdline > /dev/null 2>&1 || . /lib/dracut-lib.sh
# shellcheck disable=SC2034  # read by hooklib.sh
iscsiroot_dir=/usr/lib/iscsiroot
. "$iscsiroot_dir/hooklib.sh"

mkdir -p /run/iscsiroot
# What dracut reads (/etc/cmdline.d/*.conf, then /proc/cmdline) is what the
# helpers read: they take the file through --explain=/--cmdline=/ISCSIROOT_CMDLINE.
getcmdline > /run/iscsiroot/cmdline

iscsiroot_plan /run/iscsiroot/cmdline
iscsiroot_rc=$?
# shellcheck disable=SC2154  # iscsiroot_out is set by iscsiroot_plan
case $iscsiroot_rc in
    0)
        # the firmware's boot table (iBFT) asked for: iscsi_ibft shows it; ask
        # again with it loaded, so that no "no iBFT" warning is a false alarm
        # shellcheck disable=SC2086  # a list of module names
        [ -n "$PLAN_FW_MODULES" ] && iscsiroot_modules $PLAN_FW_MODULES &&
            iscsiroot_plan /run/iscsiroot/cmdline
        iscsiroot_warn_each warn "iscsiroot:"
        # The last root= decides (as iscsistart's ROOTSPEC): iscsi:/dhcp or none
        # is the root LUN; anything else (UUID=..., /dev/...) is left to
        # rootfs-block, and the targets are logged in all the same.
        if [ "$PLAN_ROOT" = lun ] || [ -z "${root:-}" ]; then
            root=block:/dev/root
            # shellcheck disable=SC2034  # read by dracut's init
            rootok=1
            wait_for_dev -n /dev/root
        fi
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
    *) warn "iscsiroot: iscsistart --explain-sh failed (exit $iscsiroot_rc): $iscsiroot_out" ;;
esac
iscsiroot_forget
unset iscsiroot_rc
