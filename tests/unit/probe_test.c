/* probe: REPORT LUNS exchange over a scripted transport, LUN decoding; and
 * login_logout. SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <string.h>
#include "login.h"
#include "pdu.h"
#include "probe.h"
#include "test.h"

static uint8_t q[8][PDU_BHS_LEN + 600];
static size_t qlen[8];
static int nq, qi, nsent;
static uint8_t sent[4][PDU_BHS_LEN];

static int t_send(void *ctx, const void *pdu, size_t len)
{
	(void)ctx;
	if (nsent < 4)
		memcpy(sent[nsent], pdu, PDU_BHS_LEN);
	nsent++;
	return len >= PDU_BHS_LEN ? 0 : -EINVAL;
}

static int t_recv(void *ctx, void *buf, size_t cap, int timeout_ms)
{
	(void)ctx; (void)timeout_ms;
	if (qi >= nq)
		return -ETIMEDOUT;
	if (qlen[qi] > cap)
		return -EMSGSIZE;
	memcpy(buf, q[qi], qlen[qi]);
	return (int)qlen[qi++];
}

/* queue a target PDU */
static uint8_t *add(uint8_t op, uint8_t flags, uint32_t itt, const uint8_t *data, uint32_t dlen)
{
	uint8_t *b = q[nq];
	memset(b, 0, PDU_BHS_LEN);
	b[0] = op; b[1] = flags;
	pdu_set_dlen(b, dlen);
	pdu_put32(b + 16, itt);
	pdu_put32(b + 24, 77);
	if (dlen)
		memcpy(b + PDU_BHS_LEN, data, dlen);
	qlen[nq++] = PDU_BHS_LEN + pdu_pad4(dlen);
	return b;
}

static void reset(void) { nq = qi = nsent = 0; }

int main(void)
{
	struct login_transport t = { NULL, t_send, t_recv };
	struct login_result r = { .max_recv_dlength = 262144, .cmdsn = 10, .exp_statsn = 5 };
	uint64_t luns[8];
	size_t n, total;
	const uint32_t itt = 0x524c554e;
	uint8_t list[8 + 3 * 8] = { 0, 0, 0, 24 };
	int rc;

	list[8 + 1] = 0;                       /* LUN 0 peripheral */
	list[16 + 1] = 5;                      /* LUN 5 peripheral */
	list[24 + 0] = 0x41; list[24 + 1] = 0x2c;   /* flat space 0x12c = 300 */

	static const uint8_t per[8] = { 0, 7 }, flat[8] = { 0x40 | 1, 2 }, odd[8] = { 0xc0, 1, 0, 0, 0, 0, 0, 9 };
	ok(probe_lun_number(per) == 7 && probe_lun_number(flat) == 258 && probe_lun_number(odd) == 0xc001000000000009ULL,
	   "LUN decoding: peripheral, flat, other raw");

	reset();
	add(PDU_NOP_IN, 0x80, 0xffffffff, NULL, 0)[20] = 0x11;   /* a ping with TTT 0x11000000 */
	uint8_t *d = add(PDU_DATA_IN, 0x81, itt, list, sizeof list);
	d[3] = 0;
	rc = probe_report_luns(&t, &r, 100, luns, 8, &n, &total);
	ok(rc == 0 && n == 3 && total == 3 && luns[0] == 0 && luns[1] == 5 && luns[2] == 300,
	   "Data-In with status: 3 LUNs (%d %s)", rc, r.reason);
	ok(sent[0][0] == 0x01 && sent[0][1] == 0xc1 && sent[0][32] == 0xa0 && pdu_get32(sent[0] + 24) == 10 &&
	   pdu_get32(sent[0] + 28) == 5 && pdu_get32(sent[0] + 20) == 8 + 8 * PROBE_MAX_LUNS,
	   "SCSI Command: F|R|simple, REPORT LUNS CDB, CmdSN, ExpStatSN, EDTL = allocation length");
	ok(nsent == 2 && sent[1][0] == 0x40 && pdu_get32(sent[1] + 20) == 0x11000000 &&
	   pdu_get32(sent[1] + 16) == 0xffffffff, "NOP-In ping answered with a NOP-Out echoing the TTT");
	ok(r.cmdsn == 11 && r.exp_statsn == 78, "CmdSN advanced, ExpStatSN from the status");

	reset();
	add(PDU_DATA_IN, 0x80, itt, list, 16);
	d = add(PDU_DATA_IN, 0x00, itt, list + 16, 16);
	pdu_put32(d + 40, 16);
	add(PDU_SCSI_RSP, 0x80, itt, NULL, 0);
	rc = probe_report_luns(&t, &r, 100, luns, 2, &n, &total);
	ok(rc == 0 && n == 2 && total == 3, "two Data-In + SCSI Response, room for 2 of 3 (%d %s)", rc, r.reason);

	reset();
	add(PDU_SCSI_RSP, 0x80, itt, NULL, 0)[3] = 0x02;
	rc = probe_report_luns(&t, &r, 100, luns, 8, &n, &total);
	ok(rc == -EIO && strstr(r.reason, "0x02"), "CHECK CONDITION: -EIO: %s", r.reason);
	reset();
	d = add(PDU_DATA_IN, 0x81, itt, list, 16);
	pdu_put32(d + 40, 8 + 8 * PROBE_MAX_LUNS - 8);
	rc = probe_report_luns(&t, &r, 100, luns, 8, &n, &total);
	ok(rc == -EPROTO && strstr(r.reason, "beyond"), "Data-In beyond the allocation length: %s", r.reason);
	reset();
	add(PDU_DATA_IN, 0x81, itt + 1, list, 16);
	rc = probe_report_luns(&t, &r, 100, luns, 8, &n, &total);
	ok(rc == -EPROTO && strstr(r.reason, "ITT"), "foreign ITT: %s", r.reason);
	reset();
	add(0x3a, 0x81, itt, NULL, 0);
	rc = probe_report_luns(&t, &r, 100, luns, 8, &n, &total);
	ok(rc == -EPROTO && strstr(r.reason, "0x3a"), "unknown opcode: %s", r.reason);
	reset();
	add(PDU_DATA_IN, 0x81, itt, list, 4);
	rc = probe_report_luns(&t, &r, 100, luns, 8, &n, &total);
	ok(rc == -EPROTO && strstr(r.reason, "4 bytes"), "short answer: %s", r.reason);
	reset();
	rc = probe_report_luns(&t, &r, 100, luns, 8, &n, &total);
	ok(rc == -ETIMEDOUT, "silence: -ETIMEDOUT");

	/* logout */
	reset();
	add(PDU_ASYNC, 0x80, 0xffffffff, NULL, 0);
	add(PDU_LOGOUT_RSP, 0x80, 0, NULL, 0);
	r.cmdsn = 12; r.exp_statsn = 80;
	rc = login_logout(&t, &r, 100);
	ok(rc == 0 && sent[0][0] == 0x46 && sent[0][1] == 0x80 && pdu_get32(sent[0] + 24) == 12 &&
	   pdu_get32(sent[0] + 28) == 80, "logout: 0x46, close session, CmdSN/ExpStatSN; Async skipped");
	reset();
	add(PDU_LOGOUT_RSP, 0x80, 0, NULL, 0)[2] = 1;
	ok(login_logout(&t, &r, 100) == -EIO, "logout refused: -EIO");
	reset();
	add(PDU_DATA_IN, 0x80, 0, NULL, 0);
	ok(login_logout(&t, &r, 100) == -EPROTO, "logout answered by something else: -EPROTO");
	return done();
}
