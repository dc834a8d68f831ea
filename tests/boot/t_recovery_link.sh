#!/bin/sh
# Issue 6, test 2: the guest's link goes down for 20 s (QEMU monitor
# set_link) after the root is mounted; fsync'd writes before, during and
# after verify byte for byte, no I/O error reaches the guest. See t_recovery.sh.
# SPDX-License-Identifier: GPL-2.0-or-later
RECOVERY_KIND="link" exec sh "$(dirname "$0")/t_recovery.sh" "$@"
