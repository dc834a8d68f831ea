/* discovery: SendTargets parsing and the Text Request/Response exchange with
 * continuation, over a scripted transport. SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <string.h>
#include "discovery.h"
#include "pdu.h"
#include "test.h"

static struct discovery_target tg[4];
static char reason[256];

/* scripted target: responses[i] answers request i */
static struct { const char *data; size_t len; uint8_t flags; uint32_t ttt; uint8_t op; } rs[8];
static int nrs, nreq;
static uint8_t reqs[8][64];
static uint8_t rsp[PDU_BHS_LEN + 8192];
static size_t rsp_len;

static int t_send(void *ctx, const void *pdu, size_t len)
{
	(void)ctx;
	if (nreq >= nrs || len > 64)
		return -EPIPE;
	memcpy(reqs[nreq], pdu, len);
	memset(rsp, 0, PDU_BHS_LEN);
	rsp[0] = rs[nreq].op ? rs[nreq].op : PDU_TEXT_RSP;
	rsp[1] = rs[nreq].flags;
	pdu_set_dlen(rsp, (uint32_t)rs[nreq].len);
	pdu_put32(rsp + 16, pdu_get32(reqs[nreq] + 16));
	pdu_put32(rsp + 20, rs[nreq].ttt);
	pdu_put32(rsp + 24, 500 + (uint32_t)nreq);
	memcpy(rsp + PDU_BHS_LEN, rs[nreq].data, rs[nreq].len);
	rsp_len = PDU_BHS_LEN + pdu_pad4((uint32_t)rs[nreq].len);
	nreq++;
	return 0;
}

static int t_recv(void *ctx, void *buf, size_t cap, int timeout_ms)
{
	(void)ctx; (void)timeout_ms;
	if (rsp_len > cap)
		return -EMSGSIZE;
	memcpy(buf, rsp, rsp_len);
	return (int)rsp_len;
}

int main(void)
{
	static const char two[] = "TargetName=iqn.a:one\0TargetAddress=10.0.0.1:3260,1\0"
		"TargetAddress=[fd00::1]:3261,2\0TargetName=iqn.a:two\0";
	size_t n = 99;
	int rc;

	rc = discovery_parse(two, sizeof two - 1, tg, 4, &n, reason, sizeof reason);
	ok(rc == 0 && n == 2, "two targets (%d, %zu)", rc, n);
	ok(!strcmp(tg[0].name, "iqn.a:one") && tg[0].nportals == 2 && !strcmp(tg[0].portal[1].host, "fd00::1") &&
	   tg[0].portal[1].port == 3261 && tg[0].portal[1].tpgt == 2 && tg[0].portal[0].tpgt == 1,
	   "portals with IPv6, ports and TPGTs");
	ok(!strcmp(tg[1].name, "iqn.a:two") && tg[1].nportals == 0, "target without portal");
	rc = discovery_parse("", 0, tg, 4, &n, reason, sizeof reason);
	ok(rc == 0 && n == 0, "empty answer: no targets");
	rc = discovery_parse("TargetAddress=1.2.3.4\0", 22, tg, 4, &n, reason, sizeof reason);
	ok(rc == -EPROTO && strstr(reason, "before"), "address before name: %s", reason);
	rc = discovery_parse("TargetName=x\0TargetAddress=1.2.3.4:0\0", 37, tg, 4, &n, reason, sizeof reason);
	ok(rc == -EPROTO && strstr(reason, "1.2.3.4:0"), "bad address: %s", reason);
	rc = discovery_parse("TargetName=\0", 12, tg, 4, &n, reason, sizeof reason);
	ok(rc == -EPROTO, "empty TargetName refused");
	{
		static char many[2048];
		size_t l = 0;
		for (int i = 0; i < 5; i++)
			l += (size_t)sprintf(many + l, "TargetName=iqn.t:%d", i) + 1;
		rc = discovery_parse(many, l, tg, 4, &n, reason, sizeof reason);
		ok(rc == -ENOSPC, "more targets than room: -ENOSPC");
		l = (size_t)sprintf(many, "TargetName=iqn.t:x") + 1;
		for (int i = 0; i < 10; i++)
			l += (size_t)sprintf(many + l, "TargetAddress=10.0.0.%d", i) + 1;
		rc = discovery_parse(many, l, tg, 4, &n, reason, sizeof reason);
		ok(rc == 0 && tg[0].nportals == DISCOVERY_MAX_PORTALS && tg[0].dropped == 2, "portals beyond 8 counted as dropped");
	}
	ok(discovery_parse("TargetName=a", 12, tg, 4, &n, reason, sizeof reason) == -EPROTO, "unterminated: -EPROTO");

	/* exchange with continuation: the split falls inside a key=value (C bit) */
	struct login_transport t = { NULL, t_send, t_recv };
	struct login_result res = { .cmdsn = 5, .exp_statsn = 100 };
	rs[0].data = "TargetName=iqn.a:one\0TargetAdd"; rs[0].len = 30; rs[0].flags = 0x40; rs[0].ttt = 0x77;
	rs[1].data = "ress=10.0.0.1:3260,1\0"; rs[1].len = 21; rs[1].flags = 0x80; rs[1].ttt = 0xffffffff;
	nrs = 2;
	rc = discovery_sendtargets(&t, &res, 1000, tg, 4, &n);
	ok(rc == 0 && n == 1 && tg[0].nportals == 1 && !strcmp(tg[0].portal[0].host, "10.0.0.1"),
	   "continued answer joined (%d %s)", rc, res.reason);
	ok(reqs[0][0] == 0x04 && reqs[0][1] == 0x80 && pdu_get32(reqs[0] + 20) == 0xffffffff &&
	   pdu_get32(reqs[0] + 24) == 5 && pdu_get32(reqs[0] + 28) == 100 && pdu_dlen(reqs[0]) == 16 &&
	   !memcmp(reqs[0] + 48, "SendTargets=All", 16), "first request: Text 0x04, F, TTT ffffffff, CmdSN, ExpStatSN, SendTargets=All");
	ok(pdu_get32(reqs[1] + 20) == 0x77 && pdu_dlen(reqs[1]) == 0 && pdu_get32(reqs[1] + 24) == 6 &&
	   pdu_get32(reqs[1] + 28) == 501, "continuation: empty request with the target's TTT, CmdSN+1, ExpStatSN=StatSN+1");
	ok(res.cmdsn == 7 && res.exp_statsn == 502, "sequence numbers advanced");

	nreq = 0;
	rs[0].data = ""; rs[0].len = 0; rs[0].flags = 0; rs[0].ttt = 0xffffffff; nrs = 1;
	rc = discovery_sendtargets(&t, &res, 1000, tg, 4, &n);
	ok(rc == -EPROTO && strstr(res.reason, "TTT"), "not final without TTT: %s", res.reason);
	nreq = 0;
	rs[0].op = 0x21; rs[0].flags = 0x80; nrs = 1;
	rc = discovery_sendtargets(&t, &res, 1000, tg, 4, &n);
	ok(rc == -EPROTO && strstr(res.reason, "0x21"), "wrong opcode: %s", res.reason);
	nreq = 0;
	for (int i = 0; i < 8; i++) {
		rs[i].op = 0; rs[i].data = "X=1\0"; rs[i].len = 4; rs[i].flags = 0; rs[i].ttt = 9;
	}
	nrs = 8;
	rc = discovery_sendtargets(&t, &res, 1000, tg, 4, &n);
	ok(rc == -EPIPE, "endless continuation stops when the transport does (%d)", rc);
	return done();
}
