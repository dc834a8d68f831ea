/* kiscsi: transport handle parsing and the reply/event decoder with
 * interleaved, truncated and lying messages. No kernel needed.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <string.h>
#include "kiscsi.h"
#include "test.h"

static struct kiscsi k;
static uint32_t buf[4096];

/* Append nlmsghdr(type) + uevent(evtype) + extra bytes; returns new length. */
static size_t msg(size_t off, uint16_t nltype, uint32_t evtype, const uint32_t r[4],
		  const void *extra, size_t elen, int32_t lie)
{
	uint8_t *p = (uint8_t *)buf + off;
	struct nlmsghdr h = { .nlmsg_len = (uint32_t)(16 + 56 + elen + lie), .nlmsg_type = nltype };
	uint8_t ev[56] = { 0 };

	memcpy(ev, &evtype, 4);
	if (r)
		memcpy(ev + 40, r, 16);
	memcpy(p, &h, 16);
	memcpy(p + 16, ev, 56);
	if (elen)
		memcpy(p + 72, extra, elen);
	return off + NLMSG_ALIGN(16 + 56 + elen);
}

int main(void)
{
	uint8_t rep[56], pdu[600], out[600];
	struct kiscsi_event e;
	uint64_t h;
	uint32_t r[4];
	size_t len;

	k.nl.fd = -1;   /* no socket: waits time out at once */
	ok(kiscsi_handle("tests/fixtures/sysfs-scan", "tcp", &h) == 0 && h == 18446744072637906944ull,
	   "handle read as decimal u64");
	ok(kiscsi_handle("tests/fixtures/sysfs-scan", "bad", &h) == -EINVAL, "non-numeric handle rejected");
	ok(kiscsi_handle("tests/fixtures/sysfs-scan", "iser", &h) == -ENOENT, "missing transport -> -ENOENT");

	/* a CONN_ERROR event, then the reply to CREATE_SESSION, in one datagram */
	r[0] = 5; r[1] = 0; r[2] = 1020; r[3] = 0;
	len = msg(0, 0, KISCSI_K_CONN_ERROR, r, NULL, 0, 0);
	r[0] = 7; r[1] = 3;
	len = msg(len, KISCSI_CREATE_SESSION, KISCSI_CREATE_SESSION, r, NULL, 0, 0);
	ok(kiscsi_feed(&k, buf, len, KISCSI_CREATE_SESSION, rep) == 1, "reply found after event");
	memcpy(r, rep + 40, 8);
	ok(r[0] == 7 && r[1] == 3, "reply fields sid 7 host 3");
	ok(k.qlen == 1 && k.q[k.qhead].type == KISCSI_K_CONN_ERROR && k.q[k.qhead].sid == 5 &&
	   k.q[k.qhead].error == 1020, "event queued: conn error sid 5 err 1020");
	ok(kiscsi_event(&k, &e, 0) == 0 && e.type == KISCSI_K_CONN_ERROR && k.qlen == 0, "event popped");

	/* IF_ERROR reply is matched by nlmsg_type */
	len = msg(0, KISCSI_BIND_CONN, KISCSI_K_IF_ERROR, NULL, NULL, 0, 0);
	ok(kiscsi_feed(&k, buf, len, KISCSI_BIND_CONN, rep) == 1 && rep[0] == KISCSI_K_IF_ERROR,
	   "IF_ERROR reply recognised");
	ok(kiscsi_feed(&k, buf, len, KISCSI_START_CONN, rep) == -EBADMSG, "reply to another request: not ours");

	/* RECV_PDU: BHS with DataSegmentLength 5 + data */
	memset(pdu, 0, sizeof pdu);
	pdu[0] = 0x23;
	pdu[7] = 5;
	memcpy(pdu + 48, "abcde", 5);
	r[0] = 7; r[1] = 0; r[2] = 0; r[3] = 0;
	len = msg(0, 0, KISCSI_K_RECV_PDU, r, pdu, 53, 0);
	ok(kiscsi_feed(&k, buf, len, 0, NULL) == 0 && k.pdu_len == 53, "PDU kept (53 bytes)");
	ok(kiscsi_recv_pdu(&k, 7, 0, out, 52, 0) == -EMSGSIZE, "PDU larger than caller buffer");
	kiscsi_feed(&k, buf, len, 0, NULL);
	ok(kiscsi_recv_pdu(&k, 7, 0, out, sizeof out, 0) == 53 && !memcmp(out + 48, "abcde", 5),
	   "PDU handed out with its data");

	/* DataSegmentLength larger than what was delivered: ignored */
	pdu[7] = 200;
	len = msg(0, 0, KISCSI_K_RECV_PDU, r, pdu, 53, 0);
	kiscsi_feed(&k, buf, len, 0, NULL);
	ok(k.pdu_len == 0, "PDU claiming 200 data bytes with 5 delivered is dropped");
	/* shorter than a BHS */
	len = msg(0, 0, KISCSI_K_RECV_PDU, r, pdu, 20, 0);
	kiscsi_feed(&k, buf, len, 0, NULL);
	ok(k.pdu_len == 0, "RECV_PDU shorter than a BHS is dropped");

	/* nlmsg_len beyond the datagram */
	len = msg(0, KISCSI_SEND_PDU, KISCSI_SEND_PDU, NULL, NULL, 0, 64);
	ok(kiscsi_feed(&k, buf, len, KISCSI_SEND_PDU, rep) == -EBADMSG, "nlmsg_len past datagram rejected");
	/* message shorter than a uevent */
	len = msg(0, KISCSI_SEND_PDU, KISCSI_SEND_PDU, NULL, NULL, 0, -30);
	ok(kiscsi_feed(&k, buf, len - 32, KISCSI_SEND_PDU, rep) == -EBADMSG, "truncated uevent rejected");

	/* queue overflow drops the oldest and counts it */
	r[0] = 1;
	for (int i = 0; i < KISCSI_QLEN + 3; i++) {
		r[2] = 1000 + (uint32_t)i;
		len = msg(0, 0, KISCSI_K_CONN_ERROR, r, NULL, 0, 0);
		kiscsi_feed(&k, buf, len, 0, NULL);
	}
	ok(k.qlen == KISCSI_QLEN && k.qdropped >= 3, "queue bounded, drops counted");
	ok(kiscsi_event(&k, &e, 0) == 0 && e.error == 1003, "oldest surviving event first");
	/* a CONN_ERROR for the session aborts a PDU wait */
	ok(kiscsi_recv_pdu(&k, 1, 0, out, sizeof out, 0) == -ECONNRESET, "conn error during login wait");
	r[0] = 9; r[2] = 1020;
	len = msg(0, 0, KISCSI_K_CONN_ERROR, r, NULL, 0, 0);
	kiscsi_feed(&k, buf, len, 0, NULL);
	kiscsi_purge(&k, 1);
	ok(kiscsi_recv_pdu(&k, 1, 0, out, sizeof out, 0) == -ETIMEDOUT, "purged: stale conn errors gone");
	ok(kiscsi_event(&k, &e, 0) == 0 && e.sid == 9 && kiscsi_event(&k, &e, 0) == -ETIMEDOUT,
	   "purge kept the other session's event");
	ok(kiscsi_send_pdu(&k, 1, 0, pdu, 40) == -EINVAL, "send: PDU shorter than BHS");
	pdu[5] = 0x01; pdu[6] = 0; pdu[7] = 0;  /* 65536 data bytes */
	ok(kiscsi_send_pdu(&k, 1, 0, pdu, sizeof pdu) == -EMSGSIZE, "send: data length beyond buffer");
	return done();
}
