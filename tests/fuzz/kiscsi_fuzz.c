/* Fuzz the NETLINK_ISCSI decoder (kiscsi_feed) and the PDU hand-out
 * (kiscsi_recv_pdu) with arbitrary datagrams: replies, events, RECV_PDU
 * with lying lengths. SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "kiscsi.h"

static struct kiscsi k;
static uint32_t buf[KISCSI_BUF / 4];
static uint8_t out[KISCSI_PDU_MAX];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kiscsi_event e;
	uint8_t rep[56];
	int n;

	if (size > sizeof buf)
		return 0;
	k.nl.fd = -1;
	k.qhead = k.qlen = 0;
	k.pdu_len = 0;
	memcpy(buf, data, size);
	n = kiscsi_feed(&k, buf, size, size ? data[0] + 10 : 0, rep);
	if (n != 0 && n != 1 && n != -74 /* EBADMSG */)
		abort();
	if (k.qlen > KISCSI_QLEN || k.pdu_len > sizeof k.pdu)
		abort();
	if (k.pdu_len) {
		uint32_t sid = k.pdu_sid, cid = k.pdu_cid, l = k.pdu_len;

		n = kiscsi_recv_pdu(&k, sid, cid, out, sizeof out, 0);
		if (n != (int)l && n != -104 /* ECONNRESET: an error event queued */)
			abort();
		if (n > 0 && (uint32_t)(out[5] << 16 | out[6] << 8 | out[7]) + 48 != (uint32_t)n)
			abort();
	}
	while (kiscsi_event(&k, &e, 0) == 0)
		;
	return 0;
}
