/* blkstack — from a mount point down through dm/md "slaves/" and partitions
 * to whole disks, and from each disk's sysfs path to its iSCSI session.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_BLKSTACK_H
#define ISCSIROOT_BLKSTACK_H

#include "pin.h"

/* Follow mount point mp (PROC/self/mountinfo; a major 0 mount by its /dev
 * source) through SYS/dev/block: append "mp on MAJ:MIN dev <- lower, …
 * (sessionN)" to c->chain, the whole disks to c->disk and their sessions
 * (targetname, address, sysfs device path) to c->sess. Bounds: devices
 * stacked at most 8 deep, PIN_MAX_DISK disks, PIN_MAX_SESS sessions, 32
 * lower devices per level; every link followed must stay inside SYS; values
 * read are used only when they fit their field and pass pin_text_ok. 0, or
 * -errno with a "root" item for mp saying why (-ENOENT not a mount point,
 * -ENODEV not on a block device, -ELOOP, -ENOSPC, -EXDEV, read errors). */
int blkstack_resolve(struct pin_ctx *c, const char *mp);

#endif
