/* probe — REPORT LUNS over a logged-in Normal session on a plain socket
 * (SPC-4 §6.33 REPORT LUNS, opcode 0xA0; RFC 7143 §11.3 SCSI Command,
 * §11.4 SCSI Response, §11.7 SCSI Data-In). For iscsistart --probe only.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_PROBE_H
#define ISCSIROOT_PROBE_H
#include <stddef.h>
#include <stdint.h>
#include "login.h"

#define PROBE_MAX_LUNS 256

/* Issue REPORT LUNS (SELECT REPORT 0, allocation length 8 + 8*PROBE_MAX_LUNS)
 * to LUN 0, collect Data-In (bounded by the allocation length and
 * res->max_recv_dlength per PDU; offsets checked) until the status (S bit or
 * SCSI Response). NOP-In pings (TTT != 0xffffffff) are answered, Async
 * Messages skipped, at most 64 PDUs. Decodes up to max LUN numbers
 * (peripheral and flat addressing; other methods give the raw 8 bytes as a
 * number) into luns, *n = count, *total = LUNs the target listed.
 * 0, -EIO (CHECK CONDITION etc., reason in res->reason), -EPROTO, -errno. */
int probe_report_luns(const struct login_transport *t, struct login_result *res,
		      int timeout_ms, uint64_t *luns, size_t max, size_t *n, size_t *total);

/* The LUN number of an 8-byte SAM LUN (SAM-5 §4.7): peripheral (00b) and
 * flat (01b) single-level addressing decoded; anything else returned raw. */
uint64_t probe_lun_number(const uint8_t lun[8]);

#endif
