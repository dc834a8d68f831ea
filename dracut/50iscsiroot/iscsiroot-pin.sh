#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dracut pre-pivot hook of iscsiroot (sourced by dracut's init): root-pin puts
# in place what keeps the root's iSCSI sessions alive in the real system
# (recovery daemon spared, boot interface kept, timeouts); see root-pin(8).

if [ -e /run/iscsiroot/root.conf ]; then
    # shellcheck disable=SC2154  # NEWROOT is dracut's
    /usr/lib/iscsiroot/root-pin --sysroot "$NEWROOT" ||
        warn "iscsiroot: root-pin exit $?: the iSCSI root may not survive network changes or shutdown; see root-pin(8)"
fi
