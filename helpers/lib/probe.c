/* probe — see probe.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pdu.h"
#include "probe.h"

#define ALLOC (8u + 8u * PROBE_MAX_LUNS)

uint64_t probe_lun_number(const uint8_t l[8])
{
	uint64_t raw = 0;
	int rest = 0;

	for (int i = 2; i < 8; i++)
		rest |= l[i];
	if (!rest && (l[0] >> 6) == 0)
		return l[1];                                        /* peripheral, bus 0 */
	if (!rest && (l[0] >> 6) == 1)
		return (uint64_t)(l[0] & 0x3f) << 8 | l[1];         /* flat space */
	for (int i = 0; i < 8; i++)
		raw = raw << 8 | l[i];
	return raw;
}

int probe_report_luns(const struct login_transport *t, struct login_result *res,
		      int timeout_ms, uint64_t *luns, size_t max, size_t *n, size_t *total)
{
	static uint8_t buf[PDU_BHS_LEN + 262144 + 4];
	uint8_t req[PDU_BHS_LEN], data[ALLOC], cdb[16] = { 0xa0 }, lun0[8] = { 0 };
	const uint32_t itt = 0x524c554e;       /* "RLUN" */
	uint32_t got = 0, list_len, i;
	struct pdu_in in;
	int rc, k, status = -1;

	*n = *total = 0;
	pdu_put32(cdb + 6, ALLOC);             /* ALLOCATION LENGTH @6, SPC-4 §6.33 */
	pdu_scsi_cmd(req, PDU_F | PDU_SCSI_R | 1 /* simple */, lun0, itt, ALLOC, res->cmdsn,
		     res->exp_statsn, cdb);
	if ((rc = t->send(t->ctx, req, sizeof req)) < 0)
		goto err_io;
	res->cmdsn++;
	for (k = 0; k < 64 && status < 0; k++) {
		rc = t->recv(t->ctx, buf, sizeof buf, timeout_ms);
		if (rc < 0)
			goto err_io;
		if ((rc = pdu_decode(buf, (size_t)rc, res->max_recv_dlength, &in, res->reason,
				     sizeof res->reason)) < 0)
			return rc;
		switch (in.opcode) {
		case PDU_NOP_IN:
			if (in.ttt != 0xffffffff) {    /* a ping: answer it (RFC 7143 §11.19) */
				pdu_nop_out(req, in.lun, 0xffffffff, in.ttt, res->cmdsn, in.statsn + 1);
				if ((rc = t->send(t->ctx, req, sizeof req)) < 0)
					goto err_io;
			}
			continue;
		case PDU_ASYNC:
			continue;
		case PDU_DATA_IN:
			if (in.itt != itt)
				goto bad;
			if (in.w40 > ALLOC || in.dlen > ALLOC - in.w40) {
				snprintf(res->reason, sizeof res->reason, "REPORT LUNS Data-In at offset %u + %u "
					 "beyond the %u bytes asked for", in.w40, in.dlen, ALLOC);
				return -EPROTO;
			}
			memcpy(data + in.w40, in.data, in.dlen);
			if (in.w40 + in.dlen > got)
				got = in.w40 + in.dlen;
			if (in.flags & PDU_DATAIN_S) {
				status = in.b3;
				res->statsn = in.statsn;
				res->exp_statsn = in.statsn + 1;
			}
			continue;
		case PDU_SCSI_RSP:
			if (in.itt != itt)
				goto bad;
			status = in.b2 ? 0x100 | in.b2 : in.b3;    /* Response @2, Status @3 */
			res->statsn = in.statsn;
			res->exp_statsn = in.statsn + 1;
			continue;
		case PDU_REJECT:
			snprintf(res->reason, sizeof res->reason, "target rejected REPORT LUNS (reason 0x%02x)", in.b2);
			return -EPROTO;
		default:
			goto bad;
		}
	}
	if (status < 0) {
		snprintf(res->reason, sizeof res->reason, "no status for REPORT LUNS after 64 PDUs");
		return -EPROTO;
	}
	if (status) {
		snprintf(res->reason, sizeof res->reason, "REPORT LUNS failed: %s 0x%02x",
			 status > 0xff ? "iSCSI response" : "SCSI status", status & 0xff);
		return -EIO;
	}
	if (got < 8) {
		snprintf(res->reason, sizeof res->reason, "REPORT LUNS returned %u bytes (want >= 8)", got);
		return -EPROTO;
	}
	list_len = pdu_get32(data);            /* LUN LIST LENGTH @0, bytes */
	*total = list_len / 8;
	for (i = 0; i < list_len / 8 && 8 + 8 * i + 8 <= got && *n < max; i++)
		luns[(*n)++] = probe_lun_number(data + 8 + 8 * i);
	return 0;
bad:
	snprintf(res->reason, sizeof res->reason, "unexpected opcode 0x%02x ITT 0x%08x during REPORT LUNS",
		 in.opcode, in.itt);
	return -EPROTO;
err_io:
	snprintf(res->reason, sizeof res->reason, "REPORT LUNS: %s", strerror(-rc));
	return rc;
}
