/* pin_timeout — the sessions' recovery_tmo and their disks' SCSI command
 * timeout at least what is wanted.  SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_PIN_TIMEOUT_H
#define ISCSIROOT_PIN_TIMEOUT_H
#include "pin.h"

/* "recovery_tmo" per session (c->recovery_tmo), "disk-timeout" per iSCSI
 * disk (c->disk_timeout). */
extern const struct pin_prot pin_recovery_tmo, pin_disk_timeout;

#endif
