#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dracut mount hook of iscsiroot, installed when the image runs systemd
# (sourced by dracut-mount.service): systemd's and dracut's root generators
# ran before the cmdline hook set root=block:/dev/root, so nothing else mounts
# it. /dev/root is the udev link the login job made to the root LUN.

type ismounted > /dev/null 2>&1 || . /lib/dracut-lib.sh

# shellcheck disable=SC2154  # root, fstype, rflags, NEWROOT are dracut's
if [ "$root" = block:/dev/root ] && ! ismounted "$NEWROOT"; then
    if [ "${fstype:-auto}" = auto ]; then
        mount -o "${rflags:-ro}" /dev/root "$NEWROOT"
    else
        mount -t "$fstype" -o "${rflags:-ro}" /dev/root "$NEWROOT"
    fi || warn "iscsiroot: cannot mount /dev/root ($(readlink /dev/root)) on $NEWROOT"
fi
