/* login: the state machine against a scripted fake target (no sockets):
 * stages, negotiation rules, CHAP one-way/mutual/SHA-256/base64, redirects,
 * status mapping, hostile responses; plus inaddr_portal (TargetAddress) and logout.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "chap.h"
#include "inaddr.h"
#include "login.h"
#include "pdu.h"
#include "test.h"

struct fake {
	/* behaviour */
	int chap;                 /* require CHAP */
	int alg;                  /* CHAP_A the target picks (5, 7, or anything) */
	int b64;                  /* challenge in base64 */
	const char *isecret;      /* the initiator's secret the target expects */
	const char *tsecret;      /* the target's secret for mutual CHAP */
	int reflect;              /* send back the challenge of the previous mutual login */
	int skip_mutual;          /* do not send CHAP_R for mutual */
	int auth_answer_none;     /* answer AuthMethod=None even when CHAP was offered */
	const char *op_answer;    /* op-stage answer text, keys separated by '\n' */
	int op_rounds;            /* answer op stage with T=0 this many times first */
	const char *propose;      /* keys the target proposes in its first op answer ('\n'-separated) */
	uint16_t status;          /* nonzero: answer the first request with this status */
	const char *status_text;
	int raw_at;               /* 1-based request index answered with raw[] instead */
	uint8_t raw[9000];
	size_t raw_len;
	int recv_err;             /* recv returns this */
	int never_transit;
	uint16_t tsih;
	/* observed */
	int nreq;
	char req[4][8192];        /* text of the last requests (ring of 4), '\n'-separated */
	uint8_t req_flags;
	char chap_i_seen[8];
	uint8_t last_chal[32];
	size_t last_chal_len;
	/* state */
	uint8_t rsp[9000];
	size_t rsp_len;
	uint32_t statsn;
};

static struct fake F;

static void put_text(char *dst, size_t *len, const char *lines)
{
	/* '\n'-separated → NUL-separated */
	for (const char *p = lines; p && *p; p++)
		dst[(*len)++] = *p == '\n' ? 0 : *p;
	if (lines && *lines)
		dst[(*len)++] = 0;
}

static void mk_rsp(const uint8_t *req, uint8_t flags, uint16_t status, const char *data, size_t dlen)
{
	uint8_t *b = F.rsp;

	memset(b, 0, 48);
	b[0] = 0x23;
	b[1] = flags;
	pdu_set_dlen(b, (uint32_t)dlen);
	memcpy(b + 8, req + 8, 6);
	if ((flags & 0x80) && (flags & 3) == 3)
		pdu_put16(b + 14, F.tsih ? F.tsih : 0x42);
	pdu_put32(b + 16, pdu_get32(req + 16));
	pdu_put32(b + 24, F.statsn++);
	pdu_put32(b + 28, 1);
	pdu_put32(b + 32, 16);
	pdu_put16(b + 36, status);
	memcpy(b + 48, data, dlen);
	memset(b + 48 + dlen, 0, pdu_pad4((uint32_t)dlen) - dlen);
	F.rsp_len = 48 + pdu_pad4((uint32_t)dlen);
}

static const char *get(const char *text, size_t len, const char *key)
{
	size_t k = strlen(key);
	for (size_t p = 0; p < len; p += strlen(text + p) + 1)
		if (!strncmp(text + p, key, k) && text[p + k] == '=')
			return text + p + k + 1;
	return NULL;
}

static int f_send(void *ctx, const void *pdu, size_t len)
{
	const uint8_t *q = pdu;
	uint32_t dlen = pdu_dlen(q);
	const char *t = (const char *)q + 48, *v;
	char out[4096];
	size_t ol = 0, i;
	uint8_t csg = PDU_LOGIN_CSG(q[1]), tbit = q[1] & 0x80;
	char *rq = F.req[F.nreq % 4];

	(void)ctx;
	if (len != 48 + pdu_pad4(dlen) || (q[0] & 0x3f) != 0x03)
		return -EINVAL;                    /* the initiator must frame correctly */
	F.nreq++;
	F.req_flags = q[1];
	for (i = 0; i < dlen; i++)
		rq[i] = t[i] ? t[i] : '\n';
	rq[dlen] = 0;
	if (F.raw_at == F.nreq) {
		memcpy(F.rsp, F.raw, F.raw_len);
		F.rsp_len = F.raw_len;
		return 0;
	}
	if (F.status) {
		put_text(out, &ol, F.status_text);
		mk_rsp(q, 0, F.status, out, ol);
		return 0;
	}
	if (csg == 0) {
		if ((v = get(t, dlen, "AuthMethod"))) {
			if (F.chap && !F.auth_answer_none) {
				put_text(out, &ol, "TargetPortalGroupTag=1\nAuthMethod=CHAP");
				mk_rsp(q, 0x00, 0, out, ol);
			} else {
				put_text(out, &ol, "TargetPortalGroupTag=1\nAuthMethod=None");
				mk_rsp(q, tbit ? 0x81 : 0, 0, out, ol);
			}
			return 0;
		}
		if ((v = get(t, dlen, "CHAP_A"))) {
			char line[200], enc[100];
			uint8_t c[32];
			size_t cl = F.alg == 7 ? 32 : 16;
			for (i = 0; i < cl; i++)
				c[i] = (uint8_t)(0x30 + i);
			if (F.reflect && F.last_chal_len) {
				memcpy(c, F.last_chal, F.last_chal_len);
				cl = F.last_chal_len;
			}
			chap_encode(c, cl, F.b64, enc, sizeof enc);
			snprintf(line, sizeof line, "CHAP_A=%d\nCHAP_I=77\nCHAP_C=%s", F.alg, enc);
			put_text(out, &ol, line);
			mk_rsp(q, 0, 0, out, ol);
			return 0;
		}
		if ((v = get(t, dlen, "CHAP_R"))) {
			uint8_t r[64], c[32];
			size_t rl, cl = F.alg == 7 ? 32 : 16;
			for (i = 0; i < cl; i++)
				c[i] = (uint8_t)(0x30 + i);
			if (F.reflect && F.last_chal_len) {
				memcpy(c, F.last_chal, F.last_chal_len);
				cl = F.last_chal_len;
			}
			if ((F.b64 && strncmp(v, "0b", 2)) || (!F.b64 && strncmp(v, "0x", 2)) ||
			    chap_decode(v, r, sizeof r, &rl) ||
			    !chap_verify(F.alg, 77, F.isecret, strlen(F.isecret), c, cl, r, rl)) {
				mk_rsp(q, 0, 0x0201, "", 0);
				return 0;
			}
			if ((v = get(t, dlen, "CHAP_C"))) {        /* mutual */
				const char *id = get(t, dlen, "CHAP_I");
				uint8_t mc[64], mr[32];
				size_t ml;
				char line[200], enc[100];
				snprintf(F.chap_i_seen, sizeof F.chap_i_seen, "%s", id ? id : "");
				chap_decode(v, mc, sizeof mc, &ml);
				memcpy(F.last_chal, mc, ml < 32 ? ml : 32);
				F.last_chal_len = ml;
				int n = chap_response(F.alg, (uint8_t)atoi(id), F.tsecret, strlen(F.tsecret), mc, ml, mr);
				chap_encode(mr, (size_t)n, F.b64, enc, sizeof enc);
				snprintf(line, sizeof line, "CHAP_N=tgtuser\nCHAP_R=%s", enc);
				if (!F.skip_mutual)
					put_text(out, &ol, line);
			}
			mk_rsp(q, tbit ? 0x81 : 0, 0, out, ol);
			return 0;
		}
		mk_rsp(q, tbit ? 0x81 : 0, 0, "", 0);       /* empty transit request */
		return 0;
	}
	/* operational stage */
	if (F.propose && !get(t, dlen, "HeaderDigest") && F.op_rounds < 0) {
		mk_rsp(q, tbit ? 0x87 : 0x04, 0, "", 0);
		return 0;
	}
	if (get(t, dlen, "HeaderDigest") || F.op_rounds <= 0) {
		put_text(out, &ol, get(t, dlen, "HeaderDigest") ? F.op_answer : "");
	}
	if (F.propose && get(t, dlen, "HeaderDigest"))
		put_text(out, &ol, F.propose);
	if (F.op_rounds > 0 || F.never_transit || (F.propose && get(t, dlen, "HeaderDigest"))) {
		F.op_rounds--;
		mk_rsp(q, 0x04, 0, out, ol);
		return 0;
	}
	mk_rsp(q, tbit ? 0x87 : 0x04, 0, out, ol);
	return 0;
}

static int f_recv(void *ctx, void *buf, size_t cap, int timeout_ms)
{
	(void)ctx; (void)timeout_ms;
	if (F.recv_err)
		return F.recv_err;
	if (F.rsp_len > cap)
		return -EMSGSIZE;
	memcpy(buf, F.rsp, F.rsp_len);
	return (int)F.rsp_len;
}

static int fixed_random(void *buf, size_t len)
{
	static uint8_t n = 0x90;
	memset(buf, n++, len);
	return 0;
}

static const struct login_transport T = { NULL, f_send, f_recv };
static struct login_params P;
static struct login_result R;

#define GOOD_OP "HeaderDigest=None\nDataDigest=None\nMaxRecvDataSegmentLength=65536\n" \
	"InitialR2T=Yes\nImmediateData=Yes\nMaxBurstLength=131072\nFirstBurstLength=65536\n" \
	"DefaultTime2Wait=5\nDefaultTime2Retain=0\nMaxOutstandingR2T=1\nMaxConnections=1\n" \
	"DataPDUInOrder=Yes\nDataSequenceInOrder=Yes\nErrorRecoveryLevel=0\nIFMarker=No\nOFMarker=No"

static void reset(void)
{
	memset(&F, 0, sizeof F);
	F.alg = 5;
	F.op_answer = GOOD_OP;
	F.statsn = 1000;
	memset(&P, 0, sizeof P);
	P.initiator_name = "iqn.2024-01.test:init";
	P.target_name = "iqn.2024-01.test:disk";
	memcpy(P.isid, "\x80\x01\x02\x03\x04\x05", 6);
	P.cmdsn = 1;
	P.random = fixed_random;
}

static int run(void)
{
	return login_run(&P, &T, &R);
}

/* hostile: answer request n with a raw login response built from a good one */
static void raw_login_rsp(int at, uint8_t flags, uint16_t status, const char *text, size_t tlen)
{
	uint8_t req[48] = { 0 };
	memcpy(req + 8, P.isid, 6);
	mk_rsp(req, flags, status, text, tlen);
	memcpy(F.raw, F.rsp, F.rsp_len);
	F.raw_len = F.rsp_len;
	F.raw_at = at;
}

int main(void)
{
	int rc;

	/* ---- plain login, negotiation results ---- */
	reset();
	rc = run();
	ok(rc == 0, "no auth: login succeeds (%d %s)", rc, R.reason);
	ok(F.nreq == 2, "two round trips: security (T=1 None) and operational (%d)", F.nreq);
	ok(strstr(F.req[0], "InitiatorName=iqn.2024-01.test:init\nSessionType=Normal\nTargetName=iqn.2024-01.test:disk\nAuthMethod=None") != NULL,
	   "first PDU: InitiatorName, SessionType=Normal, TargetName, AuthMethod=None");
	ok(strstr(F.req[1], "InitialR2T=No") && strstr(F.req[1], "ImmediateData=Yes") &&
	   strstr(F.req[1], "MaxRecvDataSegmentLength=262144") && strstr(F.req[1], "MaxBurstLength=16776192") &&
	   strstr(F.req[1], "FirstBurstLength=262144") && strstr(F.req[1], "DefaultTime2Wait=2") &&
	   strstr(F.req[1], "DefaultTime2Retain=0") && strstr(F.req[1], "ErrorRecoveryLevel=0") &&
	   strstr(F.req[1], "MaxConnections=1") && strstr(F.req[1], "HeaderDigest=None"),
	   "operational offers are the root-friendly ones");
	ok(F.req_flags == 0x87, "operational request: T=1 CSG=1 NSG=3 (0x%02x)", F.req_flags);
	ok(R.max_xmit_dlength == 65536 && R.max_recv_dlength == 262144, "MaxRecvDataSegmentLength declared both ways");
	ok(R.initial_r2t == 1 && R.imm_data == 1, "InitialR2T OR -> Yes, ImmediateData AND -> Yes");
	ok(R.max_burst == 131072 && R.first_burst == 65536 && R.time2wait == 5 && R.time2retain == 0,
	   "Min/Max results taken from the answers");
	ok(R.tsih == 0x42 && R.tpgt == 1 && R.statsn == 1001 && R.exp_statsn == 1002 && R.cmdsn == 1,
	   "TSIH, TPGT, StatSN/ExpStatSN, CmdSN tracked (tsih %u tpgt %d statsn %u)", R.tsih, R.tpgt, R.statsn);
	ok(R.auth == LOGIN_AUTH_NONE && R.reason[0] == 0, "no auth recorded, empty reason");

	/* discovery session */
	reset();
	P.target_name = NULL;
	F.op_answer = "HeaderDigest=None\nDataDigest=None\nMaxRecvDataSegmentLength=8192";
	rc = run();
	ok(rc == 0 && strstr(F.req[0], "SessionType=Discovery") && !strstr(F.req[0], "TargetName"),
	   "discovery: SessionType=Discovery, no TargetName (%s)", R.reason);
	ok(strstr(F.req[1], "MaxRecvDataSegmentLength=32768") && !strstr(F.req[1], "InitialR2T"),
	   "discovery offers only digests and MaxRecvDataSegmentLength=32768");

	/* ---- negotiation rule violations ---- */
	static const struct { const char *ans, *want; } viol[] = {
		{ "MaxBurstLength=16777215", "MaxBurstLength" },       /* Min: above our offer */
		{ "DefaultTime2Wait=1", "DefaultTime2Wait" },          /* Max: below our offer */
		{ "ErrorRecoveryLevel=1", "ErrorRecoveryLevel" },      /* Min above 0 */
		{ "ImmediateData=Maybe", "ImmediateData" },
		{ "MaxBurstLength=100", "MaxBurstLength" },           /* below 512 */
		{ "HeaderDigest=CRC32C", "HeaderDigest" },            /* not offered */
		{ "HeaderDigest=MD5", "HeaderDigest" },
		{ "MaxRecvDataSegmentLength=0", "MaxRecvDataSegmentLength" },
		{ "TargetPortalGroupTag=70000", "TargetPortalGroupTag" },
		{ "MaxConnections=2", "MaxConnections" },
		{ "SessionType=Discovery", "SessionType" },
	};
	for (size_t i = 0; i < NELEM(viol); i++) {
		reset();
		F.op_answer = viol[i].ans;
		rc = run();
		ok(rc == -EPROTO && strstr(R.reason, viol[i].want), "answer %s refused: %s", viol[i].ans, R.reason);
	}
	/* OR and AND going the other way are legal */
	reset();
	F.op_answer = "InitialR2T=No\nImmediateData=No\nDataPDUInOrder=Yes";
	ok(run() == 0 && R.initial_r2t == 0 && R.imm_data == 0, "InitialR2T=No, ImmediateData=No accepted");
	reset();
	F.op_answer = "ErrorRecoveryLevel=Reject\nMaxBurstLength=Irrelevant\nIFMarker=NotUnderstood";
	ok(run() == 0 && R.erl == 0 && R.max_burst == 262144, "Reject/Irrelevant/NotUnderstood keep the RFC defaults");
	reset();
	F.op_answer = "MaxBurstLength=65536\nFirstBurstLength=262144";
	ok(run() == 0 && R.max_burst == 65536 && R.first_burst == 65536, "FirstBurstLength clamped to MaxBurstLength");
	reset();
	F.op_answer = "";
	ok(run() == 0 && R.max_xmit_dlength == 8192 && R.first_burst == 65536 && R.initial_r2t == 1,
	   "unanswered keys: RFC 7143 defaults (8192, 65536, InitialR2T=Yes)");

	/* digests */
	reset();
	P.hdrdgst = LOGIN_DGST_PREFER_CRC32C;
	P.datadgst = LOGIN_DGST_CRC32C;
	F.op_answer = "HeaderDigest=CRC32C\nDataDigest=CRC32C";
	ok(run() == 0 && R.hdrdgst == 1 && R.datadgst == 1 && strstr(F.req[1], "HeaderDigest=CRC32C,None") &&
	   strstr(F.req[1], "DataDigest=CRC32C\n"), "digests CRC32C negotiated");
	reset();
	P.hdrdgst = LOGIN_DGST_CRC32C;
	F.op_answer = "HeaderDigest=Reject";
	ok(run() == -EPROTO && strstr(R.reason, "HeaderDigest"), "required CRC32C refused by the target: %s", R.reason);
	reset();
	P.hdrdgst = LOGIN_DGST_PREFER_NONE;
	F.op_answer = "HeaderDigest=None";
	ok(run() == 0 && R.hdrdgst == 0 && strstr(F.req[1], "HeaderDigest=None,CRC32C"), "None,CRC32C offer");

	/* target proposals: answered with the result function, unknown -> NotUnderstood */
	reset();
	F.propose = "X-com.example.Magic=1\nTaskReporting=ResponseFence,RFC3720";
	F.op_answer = "HeaderDigest=None";
	rc = run();
	ok(rc == 0, "target proposals then transit (%s)", R.reason);
	ok(strstr(F.req[(F.nreq - 1) % 4], "X-com.example.Magic=NotUnderstood") != NULL,
	   "unknown key answered NotUnderstood");
	ok(strstr(F.req[(F.nreq - 1) % 4], "TaskReporting=RFC3720") != NULL, "TaskReporting answered RFC3720");
	reset();
	P.target_name = NULL;
	F.propose = "MaxBurstLength=4096\nDefaultTime2Wait=7\nInitialR2T=Yes";
	F.op_answer = "HeaderDigest=None";
	rc = run();
	ok(rc == 0 && strstr(F.req[(F.nreq - 1) % 4], "MaxBurstLength=4096") &&
	   strstr(F.req[(F.nreq - 1) % 4], "DefaultTime2Wait=7") && strstr(F.req[(F.nreq - 1) % 4], "InitialR2T=Yes"),
	   "target proposals answered with Min/Max/OR results (%s)", R.reason);
	reset();
	P.target_name = NULL;
	F.op_answer = "DataDigest=MD5,CRC32C";
	ok(run() == -EPROTO && strstr(R.reason, "MD5,CRC32C"), "a list as the answer to our digest offer: %s", R.reason);

	/* ---- CHAP ---- */
	reset();
	P.chap_user = "alice"; P.chap_secret = "alicesecret123";
	F.chap = 1; F.isecret = "alicesecret123";
	rc = run();
	ok(rc == 0 && R.auth == LOGIN_AUTH_CHAP && R.chap_alg == 5, "one-way CHAP MD5 (%d %s)", rc, R.reason);
	ok(strstr(F.req[0], "AuthMethod=CHAP,None") != NULL, "one-way offers AuthMethod=CHAP,None");
	ok(strstr(F.req[1], "CHAP_A=5") != NULL, "default CHAP_A=5");
	reset();
	P.chap_user = "alice"; P.chap_secret = "wrongsecret999";
	F.chap = 1; F.isecret = "alicesecret123";
	ok(run() == -EACCES && strstr(R.reason, "0x0201"), "wrong secret: -EACCES, status 0x0201: %s", R.reason);
	ok(!strstr(R.reason, "wrongsecret"), "reason does not contain the secret");
	reset();
	P.chap_user = "alice"; P.chap_secret = "alicesecret123"; P.chap_algs = "7,5";
	F.chap = 1; F.isecret = "alicesecret123"; F.alg = 7; F.b64 = 1;
	rc = run();
	ok(rc == 0 && R.chap_alg == 7, "CHAP SHA-256 with base64 challenge, answered in base64 (%s)", R.reason);
	ok(strstr(F.req[1], "CHAP_A=7,5") != NULL, "CHAP_A=7,5 offered when asked");
	reset();
	P.chap_user = "alice"; P.chap_secret = "alicesecret123";
	F.chap = 1; F.isecret = "alicesecret123"; F.alg = 7;
	ok(run() == -EACCES && strstr(R.reason, "CHAP_A=7"), "target picks 7 when only 5 offered: %s", R.reason);
	reset();
	P.chap_user = "alice"; P.chap_secret = "alicesecret123"; P.chap_algs = "7,5";
	F.chap = 1; F.isecret = "alicesecret123"; F.alg = 6;
	ok(run() == -EACCES && strstr(R.reason, "CHAP_A=6"), "target picks SHA-1 (6): refused: %s", R.reason);
	reset();
	F.chap = 1;
	ok(run() == -EACCES && strstr(R.reason, "requires"), "no secret, target wants CHAP: %s", R.reason);

	/* mutual */
	reset();
	P.chap_user = "alice"; P.chap_secret = "alicesecret123";
	P.chap_in_user = "tgtuser"; P.chap_in_secret = "targetsecret456";
	F.chap = 1; F.isecret = "alicesecret123"; F.tsecret = "targetsecret456";
	rc = run();
	ok(rc == 0 && R.auth == LOGIN_AUTH_MUTUAL, "mutual CHAP (%d %s)", rc, R.reason);
	ok(strstr(F.req[0], "AuthMethod=CHAP\n") != NULL, "mutual offers AuthMethod=CHAP only");
	ok(strstr(F.req[2], "CHAP_I=") && strstr(F.req[2], "CHAP_C=0x"), "mutual: our CHAP_I/CHAP_C sent");
	reset();
	P.chap_user = "alice"; P.chap_secret = "alicesecret123";
	P.chap_in_user = "tgtuser"; P.chap_in_secret = "targetsecret456";
	F.chap = 1; F.isecret = "alicesecret123"; F.tsecret = "targetsecret457";
	ok(run() == -EACCES && strstr(R.reason, "failed mutual"), "target with the wrong secret: %s", R.reason);
	reset();
	P.chap_user = "alice"; P.chap_secret = "alicesecret123";
	P.chap_in_user = "tgtuser"; P.chap_in_secret = "targetsecret456";
	F.chap = 1; F.isecret = "alicesecret123"; F.tsecret = "targetsecret456"; F.skip_mutual = 1;
	ok(run() == -EACCES && strstr(R.reason, "did not prove"), "target skipping its CHAP_R: %s", R.reason);
	reset();
	P.chap_user = "alice"; P.chap_secret = "alicesecret123";
	P.chap_in_user = "tgtuser"; P.chap_in_secret = "targetsecret456";
	F.chap = 1; F.auth_answer_none = 1;
	ok(run() == -EACCES && strstr(R.reason, "AuthMethod=None"), "mutual configured, target says None: %s", R.reason);
	/* reflection: the target sends back the challenge we issued in the previous login */
	reset();
	P.chap_user = "alice"; P.chap_secret = "alicesecret123";
	P.chap_in_user = "tgtuser"; P.chap_in_secret = "targetsecret456";
	F.chap = 1; F.isecret = "alicesecret123"; F.tsecret = "targetsecret456";
	run();
	{
		uint8_t saved[32];
		size_t sl = F.last_chal_len;
		memcpy(saved, F.last_chal, sizeof saved);
		reset();
		P.chap_user = "alice"; P.chap_secret = "alicesecret123";
		P.chap_in_user = "tgtuser"; P.chap_in_secret = "targetsecret456";
		F.chap = 1; F.isecret = "alicesecret123"; F.tsecret = "targetsecret456";
		F.reflect = 1; memcpy(F.last_chal, saved, sizeof saved); F.last_chal_len = sl;
		ok(run() == -EACCES && strstr(R.reason, "reflected"), "reflected challenge refused: %s", R.reason);
	}
	reset();
	P.chap_user = "alice"; P.chap_secret = "samesecret1234";
	P.chap_in_user = "tgtuser"; P.chap_in_secret = "samesecret1234";
	ok(run() == -EINVAL && F.nreq == 0, "same secret both directions refused before sending anything");

	/* ---- status classes, redirect ---- */
	static const struct { uint16_t st; int rc; const char *txt; } sts[] = {
		{ 0x0201, -EACCES, "authentication" }, { 0x0202, -EACCES, "not authorized" },
		{ 0x0203, -ENOENT, "not found" }, { 0x0204, -ENODEV, "removed" },
		{ 0x0205, -EOPNOTSUPP, "version" }, { 0x0209, -EOPNOTSUPP, "session type" },
		{ 0x0207, -EIO, "missing parameter" }, { 0x0300, -EAGAIN, "target error" },
		{ 0x0301, -EAGAIN, "service unavailable" }, { 0x0302, -EAGAIN, "out of resources" },
		{ 0x0400, -EPROTO, "0x0400" }, { 0x0101, -EPROTO, "without a TargetAddress" },
	};
	for (size_t i = 0; i < NELEM(sts); i++) {
		reset();
		F.status = sts[i].st;
		rc = run();
		ok(rc == sts[i].rc && strstr(R.reason, sts[i].txt), "status 0x%04x -> %d: %s", sts[i].st, rc, R.reason);
	}
	ok(login_retryable(-EAGAIN) && login_retryable(-ECONNREFUSED) && login_retryable(-ETIMEDOUT) &&
	   !login_retryable(-EACCES) && !login_retryable(-ENOENT) && !login_retryable(-EPROTO),
	   "retryable: busy, refused, timeout; not auth, not found, protocol");
	reset();
	F.status = 0x0101;
	F.status_text = "TargetAddress=[2001:db8::1]:3261,2";
	ok(run() == LOGIN_REDIRECT && !strcmp(R.redirect_host, "2001:db8::1") && R.redirect_port == 3261 &&
	   R.redirect_tpgt == 2 && R.status_detail == 1, "redirect 0x0101 to [IPv6]:port,tpgt");
	reset();
	F.status = 0x0102;
	F.status_text = "TargetAddress=192.0.2.7";
	ok(run() == LOGIN_REDIRECT && !strcmp(R.redirect_host, "192.0.2.7") && R.redirect_port == 3260 &&
	   R.status_detail == 2, "redirect 0x0102 to IPv4, default port");
	reset();
	F.status = 0x0101;
	F.status_text = "TargetAddress=1.2.3.4:99999";
	ok(run() == -EPROTO && strstr(R.reason, "99999"), "redirect to a bad port: %s", R.reason);

	/* ---- hostile responses ---- */
	{
		static char flood[4096];
		size_t fl = 0;
		for (int i = 0; i < 70; i++)
			fl += (size_t)sprintf(flood + fl, "X%d=1", i) + 1;
		reset();
		raw_login_rsp(1, 0x81, 0, flood, fl);
		ok(run() == -EPROTO && strstr(R.reason, "flood"), "key flood: %s", R.reason);
	}
	reset();
	raw_login_rsp(1, 0x81, 0, "AuthMethod=None\0AuthMethod=None\0", 32);
	ok(run() == -EPROTO && strstr(R.reason, "twice"), "duplicate key: %s", R.reason);
	reset();
	raw_login_rsp(1, 0x81, 0, "TargetAlias=\xff\xfe\0", 15);
	ok(run() == -EPROTO && strstr(R.reason, "UTF-8"), "non-UTF-8 value: %s", R.reason);
	reset();
	raw_login_rsp(1, 0x81, 0, "AuthMethodNone\0", 15);
	ok(run() == -EPROTO && strstr(R.reason, "'='"), "missing '=': %s", R.reason);
	reset();
	raw_login_rsp(1, 0x81, 0, "AuthMethod=None\0", 16);
	F.raw[0] = 0x21;
	ok(run() == -EPROTO && strstr(R.reason, "0x21"), "unknown/unexpected opcode: %s", R.reason);
	reset();
	raw_login_rsp(1, 0x81, 0, "AuthMethod=None\0", 16);
	F.raw[0] = 0x3f; F.raw[2] = 0x04;
	ok(run() == -EPROTO && strstr(R.reason, "rejected"), "Reject PDU: %s", R.reason);
	reset();
	raw_login_rsp(1, 0x81, 0, "AuthMethod=None\0", 16);
	pdu_set_dlen(F.raw, 9000);
	ok(run() == -EPROTO && strstr(R.reason, "9000"), "oversized DataSegmentLength: %s", R.reason);
	reset();
	raw_login_rsp(1, 0x81, 0, "AuthMethod=None\0", 16);
	pdu_set_dlen(F.raw, 100);
	ok(run() == -EPROTO && strstr(R.reason, "100"), "DataSegmentLength beyond the PDU: %s", R.reason);
	reset();
	raw_login_rsp(1, 0x81, 0, "AuthMethod=None\0", 16);
	F.raw_len += 8;
	ok(run() == -EPROTO && strstr(R.reason, "bytes"), "trailing bytes after the data: %s", R.reason);
	reset();
	raw_login_rsp(1, 0x81, 0, "AuthMethod=None\0", 16);
	F.raw[4] = 1;
	F.raw_len += 4;
	ok(run() == -EPROTO && strstr(R.reason, "AHS"), "AHS in a login response: %s", R.reason);
	reset();
	raw_login_rsp(1, 0x81, 0, "AuthMethod=None\0", 16);
	F.raw[3] = 1;
	ok(run() == -EPROTO && strstr(R.reason, "version"), "Version-active 1: %s", R.reason);
	reset();
	raw_login_rsp(1, 0x82, 0, "AuthMethod=None\0", 16);
	ok(run() == -EPROTO && strstr(R.reason, "transition"), "transition to stage 2: %s", R.reason);
	reset();
	raw_login_rsp(1, 0x83, 0, "AuthMethod=None\0", 16);
	ok(run() == -EPROTO && strstr(R.reason, "transition"), "skipping to stage 3 when we asked for 1: %s", R.reason);
	reset();
	raw_login_rsp(1, 0x85, 0, "AuthMethod=None\0", 16);
	ok(run() == -EPROTO && strstr(R.reason, "stage 1"), "response in the wrong stage: %s", R.reason);
	reset();
	raw_login_rsp(1, 0x81, 0, "AuthMethod=None\0", 16);
	F.raw[8] ^= 1;
	ok(run() == -EPROTO && strstr(R.reason, "ISID"), "foreign ISID: %s", R.reason);
	reset();
	raw_login_rsp(2, 0x87, 0, "", 0);
	pdu_put16(F.raw + 14, 0);
	ok(run() == -EPROTO && strstr(R.reason, "TSIH 0"), "final response with TSIH 0: %s", R.reason);
	reset();
	P.chap_user = "alice"; P.chap_secret = "alicesecret123"; F.chap = 1;
	raw_login_rsp(1, 0x81, 0, "AuthMethod=CHAP\0", 16);
	ok(run() == -EPROTO && strstr(R.reason, "without our transit"), "T bit without our T: %s", R.reason);
	reset();
	P.chap_user = "alice"; P.chap_secret = "alicesecret123"; F.chap = 1; F.isecret = "alicesecret123";
	raw_login_rsp(3, 0x81, 0, "", 0);
	ok(run() == 0, "one-way CHAP: transit right after our CHAP_R (%s)", R.reason);
	reset();
	P.chap_user = "alice"; P.chap_secret = "alicesecret123"; F.chap = 1;
	raw_login_rsp(2, 0x00, 0, "CHAP_A=5\0CHAP_I=300\0CHAP_C=0x0102\0", 34);
	ok(run() == -EPROTO && strstr(R.reason, "CHAP_I=300"), "CHAP_I out of range: %s", R.reason);
	reset();
	P.chap_user = "alice"; P.chap_secret = "alicesecret123"; F.chap = 1;
	raw_login_rsp(2, 0x00, 0, "CHAP_A=5\0CHAP_I=3\0CHAP_C=0xzz\0", 30);
	ok(run() == -EPROTO && strstr(R.reason, "CHAP_C"), "bad CHAP_C: %s", R.reason);
	reset();
	P.chap_user = "alice"; P.chap_secret = "alicesecret123"; F.chap = 1;
	raw_login_rsp(2, 0x00, 0, "CHAP_A=5\0CHAP_I=3\0", 19);
	ok(run() == -EPROTO && strstr(R.reason, "incomplete"), "CHAP challenge without CHAP_C: %s", R.reason);
	reset();
	F.never_transit = 1;
	ok(run() == -EPROTO && strstr(R.reason, "round trips"), "target never finishing: %s", R.reason);
	reset();
	F.recv_err = -ETIMEDOUT;
	ok(run() == -ETIMEDOUT && strstr(R.reason, "timed out"), "transport timeout passed through: %s", R.reason);
	reset();
	P.initiator_name = NULL;
	ok(run() == -EINVAL, "missing initiator name: -EINVAL");

	/* ---- addresses ---- */
	static const struct { const char *in; int rc; const char *host; unsigned port; int tpgt; } ad[] = {
		{ "10.0.0.1", 0, "10.0.0.1", 3260, -1 }, { "10.0.0.1:3261", 0, "10.0.0.1", 3261, -1 },
		{ "10.0.0.1:3261,7", 0, "10.0.0.1", 3261, 7 }, { "10.0.0.1,1", 0, "10.0.0.1", 3260, 1 },
		{ "[fe80::1]:860,2", 0, "fe80::1", 860, 2 }, { "[::1]", 0, "::1", 3260, -1 },
		{ "2001:db8::5", 0, "2001:db8::5", 3260, -1 }, { "2001:db8::5,3", 0, "2001:db8::5", 3260, 3 },
		{ "target.example.com:3260", 0, "target.example.com", 3260, -1 },
		{ "", -EINVAL, 0, 0, 0 }, { "[]", -EINVAL, 0, 0, 0 }, { "[::1", -EINVAL, 0, 0, 0 },
		{ "1.2.3.4:", -EINVAL, 0, 0, 0 }, { "1.2.3.4:0", -EINVAL, 0, 0, 0 },
		{ "1.2.3.4:65536", -EINVAL, 0, 0, 0 }, { "1.2.3.4,x", -EINVAL, 0, 0, 0 },
		{ "1.2.3.4:80x", -EINVAL, 0, 0, 0 }, { "a b", -EINVAL, 0, 0, 0 }, { "1.2.3.4,65536", -EINVAL, 0, 0, 0 },
		{ "[::1]x", -EINVAL, 0, 0, 0 },
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", -ENAMETOOLONG, 0, 0, 0 },
	};
	for (size_t i = 0; i < NELEM(ad); i++) {
		char h[64] = "";
		uint16_t port = 0;
		int tpgt = 0;
		rc = inaddr_portal(ad[i].in, h, sizeof h, &port, &tpgt);
		ok(rc == ad[i].rc && (rc || (!strcmp(h, ad[i].host) && port == ad[i].port && tpgt == ad[i].tpgt)),
		   "address '%s' -> %d '%s' %u %d", ad[i].in, rc, h, port, tpgt);
	}
	return done();
}
