/* scan — find the block devices of an iSCSI session through sysfs.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Layout (Linux scsi_transport_iscsi, reference/kernel-abi.md §2.3):
 *   <sysfs>/class/scsi_host/host<H>/scan                 write "- - -" to scan
 *   <sysfs>/class/iscsi_session/session<S>/device/target<H>:<C>:<T>/
 *        <H>:<C>:<T>:<L>/type                             SCSI peripheral type
 *        <H>:<C>:<T>:<L>/block/<name>                     its block device
 *   (kernels before 2.6.26: a "block:<name>" entry instead of block/<name>)
 * The kernel never scans software iSCSI sessions by itself; the scan write is
 * synchronous for the SCSI devices, the disk driver attaches block devices
 * asynchronously afterwards, hence scan_wait().
 */
#ifndef ISCSIROOT_SCAN_H
#define ISCSIROOT_SCAN_H
#include <stdint.h>

struct scan_lun {
	uint64_t lun;
	int type;          /* SCSI peripheral device type, -1 unknown */
	char dev[32];      /* block device name ("sdb"), "" if none (yet) */
};

/* Write "- - -" to <sysfs>/class/scsi_host/host<host_no>/scan (sysfs NULL =
 * "/sys"). 0 or -errno. */
int scan_host(const char *sysfs, uint32_t host_no);

/* List the SCSI devices of session sid, sorted by LUN, into out[0..max).
 * Bounds: directory names must be exactly "<H>:<C>:<T>:<L>" in decimal
 * (others are skipped), the type file at most 15 bytes of decimal, block
 * device names at most 31 bytes of [A-Za-z0-9_-]; anything else is skipped.
 * Returns the number found (0..max), -ENOENT if the session does not exist,
 * or -errno. */
int scan_list(const char *sysfs, uint32_t sid, struct scan_lun *out, int max);

/* Does a device of this SCSI type get a block device (disk, CD, MO, RBC)? */
int scan_is_block_type(int type);

/* Wait until the session has at least one SCSI device and every device whose
 * type gets a block device has one, polling every 20 ms, at most timeout_ms.
 * Returns the count in out (as scan_list) or -ETIMEDOUT (out then holds
 * what was found). */
int scan_wait(const char *sysfs, uint32_t sid, struct scan_lun *out, int max, int timeout_ms);

#endif
