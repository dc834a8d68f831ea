/* login — see login.h.  SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One loop, one request and one response per round:
 *   build request (first-PDU keys, stage keys, answers to target proposals)
 *   → send → receive → check header (opcode, version, ISID/TSIH, stage
 *   transition) → status → keys (bounded, no duplicates) → stage logic.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "chap.h"
#include "inaddr.h"
#include "login.h"
#include "pdu.h"

#define MAX_KEYS 64
#define MAX_ROUNDS 64

enum { AUTH_OFFER, AUTH_CHAP_A, AUTH_CHAP_RSP, AUTH_DONE };

/* Operational keys we offer in a Normal session, in this order: the first
 * PDU_KEY_OPS entries of pdu_keys[] (pdu.h). */
enum { OP_HDRDGST, OP_DATADGST, OP_MRDSL, OP_INITR2T, OP_IMMDATA, OP_MAXBURST, OP_FIRSTBURST,
       OP_T2W, OP_T2R, OP_MAXR2T, OP_MAXCONN, OP_PDUORDER, OP_SEQORDER, OP_ERL, OP_IFMARK,
       OP_OFMARK, OP_N };
_Static_assert(OP_N == PDU_KEY_OPS, "login's OP_* follow pdu_keys[]");
#define op_name(i) (pdu_keys[i].name)

struct st {
	const struct login_params *p;
	const struct login_transport *t;
	struct login_result *r;
	int discovery;
	int csg, auth, first;
	uint32_t offer[OP_N];          /* our numeric offers */
	uint8_t offered[OP_N];         /* 1 = sent, waiting for the answer; 2 = settled */
	int op_sent;
	/* CHAP */
	int alg, b64;
	uint8_t my_id, my_chal[CHAP_MAX_DIGEST];
	size_t my_chal_len;
	/* pending answers to keys the target proposed */
	char ans[1024];
	size_t ans_len;
	int ans_full;
	uint8_t out[PDU_BHS_LEN + 2048];
	uint8_t in[LOGIN_PDU_MAX];
};

/* r->reason = the formatted text; returns rc. A function, not a macro
 * around snprintf: one call with the arguments already in place is smaller
 * at each of the ~80 failure sites. */
__attribute__((format(printf, 3, 4)))
static int fail(struct st *s, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->r->reason, sizeof s->r->reason, fmt, ap);
	va_end(ap);
	return rc;
}
#define FAIL_R(res, rc) (snprintf((res)->reason, sizeof (res)->reason, "%s", strerror(-(rc))), (rc))

static int rnd(const struct login_params *p, void *buf, size_t len)
{
	if (p->random)
		return p->random(buf, len);
	if (getrandom(buf, len, 0) != (ssize_t)len)
		return -EIO;
	return 0;
}

static int strval(const struct pdu_text *kv, const char *s)
{
	return !strcmp(kv->val, s);
}

static int keyis(const struct pdu_text *kv, const char *name)
{
	return strlen(name) == kv->klen && !memcmp(kv->key, name, kv->klen);
}

/* Is word w[0..n) one element of the comma list l? */
static int in_list(const char *l, const char *w)
{
	size_t n = strlen(w);

	for (;;) {
		const char *c = strchr(l, ',');
		size_t k = c ? (size_t)(c - l) : strlen(l);
		if (k == n && !memcmp(l, w, n))
			return 1;
		if (!c)
			return 0;
		l = c + 1;
	}
}

static const char *dgst_offer(uint8_t pref)
{
	switch (pref) {
	case LOGIN_DGST_CRC32C: return "CRC32C";
	case LOGIN_DGST_PREFER_CRC32C: return "CRC32C,None";
	case LOGIN_DGST_PREFER_NONE: return "None,CRC32C";
	default: return "None";
	}
}

static void add_answer(struct st *s, const struct pdu_text *kv, const char *v)
{
	char key[PDU_KEY_MAX + 1];

	memcpy(key, kv->key, kv->klen);
	key[kv->klen] = 0;
	if (pdu_text_add(s->ans, sizeof s->ans, &s->ans_len, key, v) < 0)
		s->ans_full = 1;
}

/* Store an operational value in the result. */
static void put(struct login_result *r, int op, uint32_t v)
{
	switch (op) {
	case OP_HDRDGST: r->hdrdgst = (uint8_t)v; break;
	case OP_DATADGST: r->datadgst = (uint8_t)v; break;
	case OP_INITR2T: r->initial_r2t = (uint8_t)v; break;
	case OP_IMMDATA: r->imm_data = (uint8_t)v; break;
	case OP_MAXBURST: r->max_burst = v; break;
	case OP_FIRSTBURST: r->first_burst = v; break;
	case OP_T2W: r->time2wait = v; break;
	case OP_T2R: r->time2retain = v; break;
	case OP_MAXR2T: r->max_r2t = v; break;
	case OP_MAXCONN: r->max_conns = v; break;
	case OP_PDUORDER: r->pdu_inorder = (uint8_t)v; break;
	case OP_SEQORDER: r->dataseq_inorder = (uint8_t)v; break;
	case OP_ERL: r->erl = (uint8_t)v; break;
	default: break;
	}
}

/* Store a settled operational value in the result. */
static void settle(struct st *s, int op, uint32_t v)
{
	put(s->r, op, v);
	s->offered[op] = 2;
}

static void init_result(struct st *s)
{
	struct login_result *r = s->r;

	memset(r, 0, sizeof *r);
	for (int i = 0; i < OP_N; i++)              /* the RFC 7143 §13 defaults */
		put(r, i, pdu_keys[i].def);
	r->max_recv_dlength = s->offer[OP_MRDSL];
	r->max_xmit_dlength = 8192;                 /* §13.12 default */
	r->tpgt = -1;
	r->redirect_tpgt = -1;
	r->exp_statsn = s->p->exp_statsn;
	r->cmdsn = s->p->cmdsn;
}

/* A digest key: answer (to our offer) or proposal (we answer). */
static int digest_key(struct st *s, int op, const struct pdu_text *kv, int answer)
{
	uint8_t pref = op == OP_HDRDGST ? s->p->hdrdgst : s->p->datadgst;
	const char *ours = dgst_offer(pref);
	int none_ok = pref != LOGIN_DGST_CRC32C, crc_ok = pref != LOGIN_DGST_NONE; /* in ours */
	if (answer) {
		if (strval(kv, "Reject") || strval(kv, "NotUnderstood") || strval(kv, "Irrelevant")) {
			if (!none_ok)
				return fail(s, -EPROTO, "target refused %s=%s (answered %s)", op_name(op), ours, kv->val);
			settle(s, op, 0);
			return 0;
		}
		int crc = strval(kv, "CRC32C");
		if (crc ? !crc_ok : !strval(kv, "None") || !none_ok)
			return fail(s, -EPROTO, "target answered %s=%.40s, not one of %s", op_name(op), kv->val, ours);
		settle(s, op, crc);
		return 0;
	}
	/* the target proposes a list: pick the first we accept */
	const char *l = kv->val;
	for (;;) {
		const char *c = strchr(l, ',');
		size_t k = c ? (size_t)(c - l) : strlen(l);
		if ((k == 6 && !memcmp(l, "CRC32C", 6) && crc_ok) ||
		    (k == 4 && !memcmp(l, "None", 4) && none_ok)) {
			add_answer(s, kv, k == 6 ? "CRC32C" : "None");
			settle(s, op, k == 6);
			return 0;
		}
		if (!c)
			break;
		l = c + 1;
	}
	add_answer(s, kv, "Reject");
	if (!none_ok)
		return fail(s, -EPROTO, "target offers only %s=%.40s, we require %s", op_name(op), kv->val, ours);
	settle(s, op, 0);
	return 0;
}

/* Operational (and declarative) keys in any stage. */
static int op_key(struct st *s, const struct pdu_text *kv)
{
	const struct pdu_key *k = pdu_key_find(kv->key, kv->klen);
	int op = k ? (int)(k - pdu_keys) : -1;
	uint32_t v;
	int rc;

	switch (op) {
	case PDU_K_TPGT:
		if (pdu_key_parse(k, kv->val, &v) < 0)
			return fail(s, -EPROTO, "bad TargetPortalGroupTag=%.40s", kv->val);
		s->r->tpgt = (int)v;
		return 0;
	case PDU_K_TARGETALIAS: {
		size_t i, n = 0;
		for (i = 0; i < kv->vlen && n < sizeof s->r->target_alias - 1; i++)
			if (kv->val[i] >= 0x20 && kv->val[i] < 0x7f)
				s->r->target_alias[n++] = kv->val[i];
		s->r->target_alias[n] = 0;
		return 0;
	}
	case PDU_K_TARGETADDRESS:
		return 0;                              /* only meaningful with a redirect */
	case OP_MRDSL:                                 /* declarative: the target's receive limit */
		if ((rc = pdu_key_parse(k, kv->val, &v)) < 0)
			return fail(s, -EPROTO, "bad MaxRecvDataSegmentLength=%.40s (want 512..16777215)", kv->val);
		s->r->max_xmit_dlength = v;           /* we declare ours with our offers regardless */
		return 0;
	case OP_HDRDGST: case OP_DATADGST:
		return digest_key(s, op, kv, s->offered[op] == 1);
	case PDU_K_TASKREPORTING:
		add_answer(s, kv, in_list(kv->val, "RFC3720") ? "RFC3720" : "Reject");
		return 0;
	case -1:
		add_answer(s, kv, "NotUnderstood");
		return 0;
	}
	/* the other declarative keys (names, SessionType, AuthMethod): pdu_keys[]
	 * has no negotiated key past the operational ones */
	if (op >= OP_N)
		return fail(s, -EPROTO, "target sent %.*s=%.40s out of place", (int)kv->klen, kv->key, kv->val);
	if (s->offered[op] == 1) {                    /* the answer to our offer */
		if (strval(kv, "Irrelevant") || strval(kv, "NotUnderstood") || strval(kv, "Reject")) {
			s->offered[op] = 2;                   /* keep the RFC default */
			return 0;
		}
		if ((rc = pdu_key_parse(k, kv->val, &v)) < 0)
			return fail(s, -EPROTO, "bad answer %s=%.40s (want %s)", op_name(op), kv->val,
				    k->type == PDU_KT_BOOL ? "Yes or No" : "a number in range");
		if (!pdu_key_answer_ok(k, s->offer[op], v))
			return fail(s, -EPROTO, "target answered %s=%.40s to our %u: not allowed by the %s rule",
				    op_name(op), kv->val, s->offer[op],
				    k->fn == PDU_FN_MIN ? "Min" : k->fn == PDU_FN_MAX ? "Max" :
				    k->fn == PDU_FN_OR ? "OR" : "AND");
		settle(s, op, v);
		return 0;
	}
	/* the target proposes: answer with the result function over our preference */
	if ((rc = pdu_key_parse(k, kv->val, &v)) < 0) {
		add_answer(s, kv, "Reject");
		return 0;
	}
	v = pdu_key_result(k, s->offer[op], v);
	if (k->type == PDU_KT_BOOL) {
		add_answer(s, kv, v ? "Yes" : "No");
	} else {
		char num[16];
		snprintf(num, sizeof num, "%u", v);
		add_answer(s, kv, num);
	}
	settle(s, op, v);
	return 0;
}

/* ---- security stage --------------------------------------------------------- */

static int chap_challenge(struct st *s, const struct pdu_text *kv, int *have_a, uint32_t *id,
			  int *have_i, uint8_t *chal, size_t *clen)
{
	int rc;

	if (keyis(kv, "CHAP_A")) {
		const char *offer = s->p->chap_algs ? s->p->chap_algs : "5";
		if (!in_list(offer, kv->val))
			return fail(s, -EACCES, "target picked CHAP_A=%.40s, we offered %s (5 MD5, 7 SHA-256)",
				    kv->val, offer);
		s->alg = strval(kv, "5") ? CHAP_MD5 : CHAP_SHA256;
		*have_a = 1;
	} else if (keyis(kv, "CHAP_I")) {
		static const struct pdu_key idk = { "CHAP_I", .fn = PDU_FN_DECL, .type = PDU_KT_NUM, .hi = 255 };
		if (pdu_key_parse(&idk, kv->val, id) < 0)
			return fail(s, -EPROTO, "bad CHAP_I=%.40s (want 0..255)", kv->val);
		*have_i = 1;
	} else if (keyis(kv, "CHAP_C")) {
		rc = chap_decode(kv->val, chal, CHAP_MAX_CHALLENGE, clen);
		if (rc < 0)
			return fail(s, -EPROTO, "bad CHAP_C=%.40s (%s)", kv->val,
				    rc == -ENOSPC ? "longer than 1024 bytes" : "want 0x-hex or 0b-base64");
		s->b64 = kv->val[1] == 'b' || kv->val[1] == 'B';
	} else {
		return 1;                       /* not a challenge key */
	}
	return 0;
}

/* Build our CHAP_N/CHAP_R (and mutual CHAP_I/CHAP_C) into data. */
static int chap_answer(struct st *s, uint32_t id, const uint8_t *chal, size_t clen,
		       char *data, size_t cap, size_t *len)
{
	const struct login_params *p = s->p;
	uint8_t rsp[CHAP_MAX_DIGEST];
	char enc[2 + 2 * CHAP_MAX_DIGEST + 8], idtxt[8];
	int n, rc;

	if (clen == 0)
		return fail(s, -EPROTO, "target sent no CHAP_C challenge");
	if (chap_is_ours(chal, clen))
		return fail(s, -EACCES, "target's CHAP challenge is one we issued ourselves: "
			    "refusing to answer a reflected challenge");
	n = chap_response(s->alg, (uint8_t)id, p->chap_secret, strlen(p->chap_secret), chal, clen, rsp);
	if (n < 0)
		return fail(s, -EPROTO, "no CHAP algorithm agreed");
	chap_encode(rsp, (size_t)n, s->b64, enc, sizeof enc);
	if ((rc = pdu_text_add(data, cap, len, "CHAP_N", p->chap_user)) < 0 ||
	    (rc = pdu_text_add(data, cap, len, "CHAP_R", enc)) < 0)
		return fail(s, rc, "CHAP answer does not fit in a login PDU");
	s->r->auth = LOGIN_AUTH_CHAP;
	s->r->chap_alg = (uint8_t)s->alg;
	if (!p->chap_in_secret)
		return 0;
	/* mutual: our own challenge, as long as the digest, never equal to theirs */
	s->my_chal_len = chap_digest_len(s->alg);
	do {
		if ((rc = rnd(p, &s->my_id, 1)) < 0 || (rc = rnd(p, s->my_chal, s->my_chal_len)) < 0)
			return fail(s, rc, "no random bytes for the CHAP challenge");
	} while (clen == s->my_chal_len && !memcmp(chal, s->my_chal, clen));
	chap_remember(s->my_chal, s->my_chal_len);
	snprintf(idtxt, sizeof idtxt, "%u", s->my_id);
	chap_encode(s->my_chal, s->my_chal_len, s->b64, enc, sizeof enc);
	if ((rc = pdu_text_add(data, cap, len, "CHAP_I", idtxt)) < 0 ||
	    (rc = pdu_text_add(data, cap, len, "CHAP_C", enc)) < 0)
		return fail(s, rc, "CHAP challenge does not fit in a login PDU");
	return 0;
}

/* ---- the loop ---------------------------------------------------------------- */

static int status_rc(struct st *s, const struct pdu_in *in, struct pdu_text *kv, size_t nkv)
{
	struct login_result *r = s->r;
	uint8_t c = r->status_class = (uint8_t)(in->w36 >> 24), d = r->status_detail = (uint8_t)(in->w36 >> 16);
	const char *tn = s->p->target_name ? s->p->target_name : "(discovery)";
	size_t i;

	if (c == 1 && (d == 1 || d == 2)) {
		for (i = 0; i < nkv; i++)
			if (keyis(&kv[i], "TargetAddress")) {
				if (inaddr_portal(kv[i].val, r->redirect_host, sizeof r->redirect_host,
							&r->redirect_port, &r->redirect_tpgt) < 0)
					return fail(s, -EPROTO, "redirect to a bad TargetAddress=%.60s", kv[i].val);
				char pb[80];

				snprintf(r->reason, sizeof r->reason, "target moved %s to %s",
					 d == 1 ? "temporarily" : "permanently",
					 inaddr_portal_format(r->redirect_host, r->redirect_port, pb, sizeof pb));
				return LOGIN_REDIRECT;
			}
		return fail(s, -EPROTO, "redirect (status 0x%02x%02x) without a TargetAddress", c, d);
	}
	if (c == 2) {
		switch (d) {
		case 1: return fail(s, -EACCES, s->p->chap_secret ? "authentication failed (status 0x0201): "
				    "wrong CHAP user or secret?" : "authentication failed (status 0x0201): the "
				    "target requires CHAP, give -u USER -w PASS");
		case 2: return fail(s, -EACCES, "initiator %s is not authorized for %s (status 0x0202)",
				    s->p->initiator_name, tn);
		case 3: return fail(s, -ENOENT, "target %s not found (status 0x0203)", tn);
		case 4: return fail(s, -ENODEV, "target %s removed (status 0x0204)", tn);
		}
		if (d >= 5 && d <= 11) {        /* RFC 7143 11.13.5, details 0x0205..0x020b */
			static const char m[] = "unsupported iSCSI version\0too many connections\0"
				"missing parameter\0cannot include in session\0"
				"session type not supported\0session does not exist\0"
				"invalid request during login";
			const char *t = m;
			for (i = 5; i < d; i++)
				t += strlen(t) + 1;
			return fail(s, d == 5 || d == 9 ? -EOPNOTSUPP : -EIO, "%s (status 0x02%02x)", t, d);
		}
		return fail(s, -EIO, "initiator error, status 0x02%02x", d);
	}
	if (c == 3) {
		static const char m[] = "target error\0service unavailable\0out of resources";
		const char *t = m;
		for (i = 0; i < d && d < 3; i++)
			t += strlen(t) + 1;
		return fail(s, -EAGAIN, "%s (status 0x03%02x): will retry", t, d);
	}
	return fail(s, -EPROTO, "unknown login status 0x%02x%02x", c, d);
}

static int check_header(struct st *s, const struct pdu_in *in, uint8_t sent_flags, size_t len)
{
	const uint8_t *b = s->in;

	if (in->opcode == PDU_REJECT)
		return fail(s, -EPROTO, "target rejected our login PDU (Reject reason 0x%02x)", in->b2);
	if (in->opcode != PDU_LOGIN_RSP)
		return fail(s, -EPROTO, "unexpected opcode 0x%02x during login (want Login Response 0x23)",
			    in->opcode);
	if (in->ahs_words)
		return fail(s, -EPROTO, "Login Response with TotalAHSLength %u (must be 0)", in->ahs_words);
	if (len > PDU_BHS_LEN + pdu_pad4(in->dlen))
		return fail(s, -EPROTO, "Login Response of %zu bytes but DataSegmentLength %u", len, in->dlen);
	if (in->b3 != 0)
		return fail(s, -EPROTO, "target speaks iSCSI version %u (Version-active), we speak 0", in->b3);
	if (!s->p->kernel_path && in->itt != 0)
		return fail(s, -EPROTO, "Login Response ITT 0x%08x is not ours (0)", in->itt);
	if (in->w36 >> 16)           /* status checked by the caller; error responses may not echo ISID */
		return 0;
	if (memcmp(b + 8, s->p->isid, 6))
		return fail(s, -EPROTO, "Login Response carries ISID %02x%02x%02x%02x%02x%02x, not ours",
			    b[8], b[9], b[10], b[11], b[12], b[13]);
	if (s->p->tsih && pdu_get16(b + 14) != s->p->tsih)
		return fail(s, -EPROTO, "Login Response TSIH %u, we asked for %u", pdu_get16(b + 14), s->p->tsih);
	if (PDU_LOGIN_CSG(in->flags) != s->csg)
		return fail(s, -EPROTO, "Login Response in stage %u, we are in stage %d",
			    PDU_LOGIN_CSG(in->flags), s->csg);
	if (in->flags & PDU_LOGIN_C)
		return fail(s, -EPROTO, "Login Response with the C bit: continued login text is not supported");
	if (in->flags & PDU_LOGIN_T) {
		unsigned nsg = PDU_LOGIN_NSG(in->flags);
		if (!(sent_flags & PDU_LOGIN_T))
			return fail(s, -EPROTO, "target moved to stage %u without our transit request", nsg);
		if (nsg <= (unsigned)s->csg || nsg == 2 || nsg > PDU_LOGIN_NSG(sent_flags))
			return fail(s, -EPROTO, "bad stage transition %d -> %u (we asked for %u)", s->csg, nsg,
				    PDU_LOGIN_NSG(sent_flags));
	}
	return 0;
}

static int build(struct st *s, uint8_t *flags, uint32_t *dlen)
{
	const struct login_params *p = s->p;
	char *d = (char *)s->out + PDU_BHS_LEN;
	size_t cap = sizeof s->out - PDU_BHS_LEN, len = 0;
	int rc = 0, t = 0, nsg = 0;
	char num[16];

	if (s->first) {
		rc |= pdu_text_add(d, cap, &len, "InitiatorName", p->initiator_name);
		if (p->initiator_alias)
			rc |= pdu_text_add(d, cap, &len, "InitiatorAlias", p->initiator_alias);
		rc |= pdu_text_add(d, cap, &len, "SessionType", s->discovery ? "Discovery" : "Normal");
		if (!s->discovery)
			rc |= pdu_text_add(d, cap, &len, "TargetName", p->target_name);
	}
	if (s->csg == PDU_STAGE_SECURITY) {
		nsg = PDU_STAGE_OPERATIONAL;
		if (s->auth == AUTH_OFFER) {
			if (!p->chap_secret) {
				rc |= pdu_text_add(d, cap, &len, "AuthMethod", "None");
				t = 1;
			} else {
				rc |= pdu_text_add(d, cap, &len, "AuthMethod",
						   p->chap_in_secret ? "CHAP" : "CHAP,None");
			}
		} else if (s->auth == AUTH_CHAP_A) {
			rc |= pdu_text_add(d, cap, &len, "CHAP_A", p->chap_algs ? p->chap_algs : "5");
		} else {
			t = 1;     /* AUTH_CHAP_RSP: CHAP_N/R added by the caller; AUTH_DONE: transit */
		}
	} else {
		nsg = PDU_STAGE_FULL;
		t = 1;
		if (!s->op_sent) {
			for (int i = 0; i < OP_N; i++) {
				const char *v;
				if (s->discovery && i != OP_HDRDGST && i != OP_DATADGST && i != OP_MRDSL)
					continue;
				if (s->offered[i] == 2 && i != OP_MRDSL)
					continue;             /* already settled by a target proposal */
				if (i == OP_HDRDGST || i == OP_DATADGST)
					v = dgst_offer(i == OP_HDRDGST ? p->hdrdgst : p->datadgst);
				else if (i == OP_INITR2T || i == OP_IMMDATA || i == OP_PDUORDER ||
					 i == OP_SEQORDER || i == OP_IFMARK || i == OP_OFMARK)
					v = s->offer[i] ? "Yes" : "No";
				else {
					snprintf(num, sizeof num, "%u", s->offer[i]);
					v = num;
				}
				rc |= pdu_text_add(d, cap, &len, op_name(i), v);
				if (i != OP_MRDSL)
					s->offered[i] = 1;
			}
			s->op_sent = 1;
		}
	}
	if (s->ans_full)
		return fail(s, -EPROTO, "target proposed more keys than fit in one answer (key flood)");
	if (s->ans_len) {
		if (len + s->ans_len > cap)
			return fail(s, -EPROTO, "answers to the target's keys do not fit in a login PDU");
		memcpy(d + len, s->ans, s->ans_len);
		len += s->ans_len;
		s->ans_len = 0;
	}
	if (rc)
		return fail(s, -EINVAL, "login keys do not fit in a login PDU (names too long?)");
	*flags = PDU_LOGIN_FLAGS(t, s->csg, nsg);
	*dlen = (uint32_t)len;
	return 0;
}

int login_run(const struct login_params *p, const struct login_transport *t,
	      struct login_result *res)
{
	static struct st st;            /* ~11 KiB: not on an initramfs stack */
	struct st *s = &st;
	struct pdu_text kv[MAX_KEYS];
	uint8_t chal[CHAP_MAX_CHALLENGE];
	int rc, round;

	memset(s, 0, offsetof(struct st, out));
	s->p = p; s->t = t; s->r = res;
	s->discovery = !p->target_name;
	s->first = 1;
	s->offer[OP_INITR2T] = 0;
	s->offer[OP_IMMDATA] = 1;
	s->offer[OP_MAXBURST] = 16776192;
	s->offer[OP_FIRSTBURST] = 262144;
	s->offer[OP_T2W] = 2;
	s->offer[OP_T2R] = 0;
	s->offer[OP_MAXR2T] = 1;
	s->offer[OP_MAXCONN] = 1;
	s->offer[OP_PDUORDER] = 1;
	s->offer[OP_SEQORDER] = 1;
	s->offer[OP_ERL] = 0;
	s->offer[OP_MRDSL] = p->max_recv_dlength ? p->max_recv_dlength : s->discovery ? 32768 : 262144;
	init_result(s);

	if (!p->initiator_name || !*p->initiator_name || strlen(p->initiator_name) > 223 ||
	    (p->target_name && (!*p->target_name || strlen(p->target_name) > 223)))
		return fail(s, -EINVAL, "initiator and target names must be 1..223 bytes");
	if (s->offer[OP_MRDSL] < 512 || s->offer[OP_MRDSL] > 16777215)
		return fail(s, -EINVAL, "MaxRecvDataSegmentLength %u outside 512..16777215", s->offer[OP_MRDSL]);
	if (p->chap_secret && (!p->chap_user || !*p->chap_user || !*p->chap_secret ||
			       strlen(p->chap_secret) > CHAP_MAX_SECRET || strlen(p->chap_user) > 255))
		return fail(s, -EINVAL, "CHAP needs a user name and a 1..255-byte secret");
	if (p->chap_in_secret && (!p->chap_secret || !p->chap_in_user || !*p->chap_in_secret ||
				  strlen(p->chap_in_secret) > CHAP_MAX_SECRET))
		return fail(s, -EINVAL, "mutual CHAP needs one-way CHAP, an incoming user and a 1..255-byte secret");
	if (p->chap_in_secret && !strcmp(p->chap_in_secret, p->chap_secret))
		return fail(s, -EINVAL, "mutual CHAP with the same secret in both directions is refused "
			    "(RFC 7143 §12.1.3)");
	if (p->chap_algs && strcmp(p->chap_algs, "5") && strcmp(p->chap_algs, "7") &&
	    strcmp(p->chap_algs, "7,5") && strcmp(p->chap_algs, "5,7"))
		return fail(s, -EINVAL, "CHAP algorithms '%.20s': want 5, 7, 7,5 or 5,7", p->chap_algs);
	if (p->hdrdgst > 3 || p->datadgst > 3)
		return fail(s, -EINVAL, "bad digest preference");

	for (round = 0; round < MAX_ROUNDS; round++) {
		uint8_t flags;
		uint32_t dlen, id = 0;
		size_t nkv = 0, pos = 0, clen = 0, i, j, got;
		struct pdu_in in;
		int have_a = 0, have_i = 0, got_chap_r = 0, auth_method = 0;
		const char *data;

		if ((rc = build(s, &flags, &dlen)) < 0)
			return rc;
		{
			struct pdu_login_req lr = { .flags = flags, .tsih = p->tsih, .itt = 0,
						    .cid = p->cid, .cmdsn = p->cmdsn,
						    .exp_statsn = res->exp_statsn };
			memcpy(lr.isid, p->isid, 6);
			pdu_login_req(s->out, &lr, dlen);
			memset(s->out + PDU_BHS_LEN + dlen, 0, pdu_pad4(dlen) - dlen);
		}
		s->first = 0;
		if ((rc = t->send(t->ctx, s->out, PDU_BHS_LEN + pdu_pad4(dlen))) < 0)
			return fail(s, rc, "sending Login Request: %s", strerror(-rc));
		rc = t->recv(t->ctx, s->in, sizeof s->in, p->timeout_ms > 0 ? p->timeout_ms : 15000);
		got = (size_t)rc;
		if (rc < 0) {
			if (rc == -EMSGSIZE)
				return fail(s, -EPROTO, "Login Response larger than %u bytes", LOGIN_MAX_DATA);
			if (rc == -EPROTO)
				return fail(s, -EPROTO, "malformed PDU from the target (bad digest or framing)");
			return fail(s, rc, "waiting for the Login Response: %s", strerror(-rc));
		}
		if ((rc = pdu_decode(s->in, got, LOGIN_MAX_DATA, &in, res->reason, sizeof res->reason)) < 0)
			return rc;
		if ((rc = check_header(s, &in, flags, got)) < 0)
			return rc;
		res->statsn = in.statsn;
		res->exp_statsn = in.statsn + 1;
		res->exp_cmdsn = in.exp_cmdsn;
		res->max_cmdsn = in.max_cmdsn;
		/* keys: bounded count, no duplicates */
		data = (const char *)in.data;
		for (;;) {
			rc = pdu_text_next(data, in.dlen, &pos, &kv[nkv], res->reason, sizeof res->reason);
			if (rc < 0)
				return rc;
			if (rc == 0)
				break;
			if (nkv + 1 >= MAX_KEYS)
				return fail(s, -EPROTO, "more than %d keys in one Login Response (key flood)", MAX_KEYS - 1);
			for (j = 0; j < nkv; j++)
				if (kv[j].klen == kv[nkv].klen && !memcmp(kv[j].key, kv[nkv].key, kv[j].klen))
					return fail(s, -EPROTO, "key %.*s sent twice in one Login Response",
						    (int)kv[j].klen, kv[j].key);
			nkv++;
		}
		if (in.w36 >> 16)
			return status_rc(s, &in, kv, nkv);

		for (i = 0; i < nkv; i++) {
			struct pdu_text *k = &kv[i];

			if (s->csg == PDU_STAGE_SECURITY && keyis(k, "AuthMethod")) {
				if (s->auth != AUTH_OFFER)
					return fail(s, -EPROTO, "AuthMethod=%.40s answered twice", k->val);
				if (strval(k, "CHAP") && p->chap_secret) {
					s->auth = AUTH_CHAP_A;
				} else if (strval(k, "None") && !p->chap_in_secret) {
					s->auth = AUTH_DONE;
				} else if (!p->chap_secret) {
					return fail(s, -EACCES, "target requires authentication (answered AuthMethod=%.40s "
						    "to our None): give -u USER -w PASS", k->val);
				} else {
					return fail(s, -EACCES, "target answered AuthMethod=%.40s to our %s", k->val,
						    p->chap_in_secret ? "CHAP (mutual CHAP is configured, so None "
						    "is not acceptable)" : "CHAP,None");
				}
				auth_method = 1;
				continue;
			}
			if (s->csg == PDU_STAGE_SECURITY && k->klen > 5 && !memcmp(k->key, "CHAP_", 5)) {
				if (s->auth == AUTH_CHAP_A) {
					rc = chap_challenge(s, k, &have_a, &id, &have_i, chal, &clen);
					if (rc < 0)
						return rc;
					if (rc == 0)
						continue;
				} else if (s->auth == AUTH_CHAP_RSP && p->chap_in_secret &&
					   (keyis(k, "CHAP_N") || keyis(k, "CHAP_R"))) {
					if (keyis(k, "CHAP_N")) {
						if (strcmp(k->val, p->chap_in_user))
							return fail(s, -EACCES, "target authenticated as '%.60s', "
								    "expected '%.60s'", k->val, p->chap_in_user);
						got_chap_r |= 1;
					} else {
						uint8_t r[CHAP_MAX_DIGEST + 1];
						size_t rl;
						if (chap_decode(k->val, r, sizeof r, &rl) < 0)
							return fail(s, -EACCES, "bad CHAP_R from the target");
						if (!chap_verify(s->alg, s->my_id, p->chap_in_secret,
								 strlen(p->chap_in_secret), s->my_chal,
								 s->my_chal_len, r, rl))
							return fail(s, -EACCES, "the target failed mutual CHAP "
								    "(wrong incoming secret -W on one side?)");
						got_chap_r |= 2;
					}
					continue;
				}
				return fail(s, -EPROTO, "unexpected %.*s=%.40s", (int)k->klen, k->key, k->val);
			}
			if (s->csg == PDU_STAGE_SECURITY && (keyis(k, "TargetPortalGroupTag") ||
							     keyis(k, "TargetAlias"))) {
				if ((rc = op_key(s, k)) < 0)
					return rc;
				continue;
			}
			if ((rc = op_key(s, k)) < 0)
				return rc;
		}

		/* stage logic */
		if (s->csg == PDU_STAGE_SECURITY) {
			if (s->auth == AUTH_OFFER && !auth_method)
				return fail(s, -EPROTO, "target did not answer AuthMethod");
			if (s->auth == AUTH_CHAP_A && (have_a || have_i || clen)) {
				if (!have_a || !have_i || !clen)
					return fail(s, -EPROTO, "incomplete CHAP challenge (need CHAP_A, CHAP_I, CHAP_C)");
				/* next request carries CHAP_N/CHAP_R: build it now via ans */
				char *d = s->ans;
				size_t l = s->ans_len;
				rc = chap_answer(s, id, chal, clen, d, sizeof s->ans, &l);
				if (rc < 0)
					return rc;
				s->ans_len = l;
				s->auth = AUTH_CHAP_RSP;
			} else if (s->auth == AUTH_CHAP_RSP && (in.flags & PDU_LOGIN_T)) {
				if (p->chap_in_secret && got_chap_r != 3)
					return fail(s, -EACCES, "target did not prove itself (no CHAP_N/CHAP_R for "
						    "mutual CHAP)");
				if (p->chap_in_secret)
					res->auth = LOGIN_AUTH_MUTUAL;
				s->auth = AUTH_DONE;
			} else if (s->auth == AUTH_CHAP_RSP && !(in.flags & PDU_LOGIN_T) && got_chap_r) {
				if (p->chap_in_secret && got_chap_r == 3)
					res->auth = LOGIN_AUTH_MUTUAL;
				s->auth = AUTH_DONE;
			}
			if ((in.flags & PDU_LOGIN_T) && s->auth != AUTH_DONE)
				return fail(s, -EACCES, "target skipped authentication (left the security stage)");
		}
		if (in.flags & PDU_LOGIN_T) {
			s->csg = PDU_LOGIN_NSG(in.flags);
			if (s->csg == PDU_STAGE_FULL) {
				res->tsih = pdu_get16(s->in + 14);
				if (!res->tsih)
					return fail(s, -EPROTO, "final Login Response with TSIH 0");
				if (s->ans_len)
					return fail(s, -EPROTO, "target ended the login with keys still to answer");
				if (res->erl != 0 || res->max_conns != 1)
					return fail(s, -EPROTO, "negotiated ErrorRecoveryLevel=%u MaxConnections=%u, "
						    "we support 0 and 1", res->erl, res->max_conns);
				/* §13.14: FirstBurstLength must not exceed MaxBurstLength; a
				 * target that lets it (each value legal alone) gets the smaller */
				if (res->first_burst > res->max_burst)
					res->first_burst = res->max_burst;
				res->cmdsn = p->cmdsn;
				res->max_recv_dlength = s->offer[OP_MRDSL];
				res->reason[0] = 0;
				return 0;
			}
		}
	}
	return fail(s, -EPROTO, "login not finished after %d round trips", MAX_ROUNDS);
}

int login_retryable(int rc)
{
	switch (rc) {
	case -EAGAIN: case -ETIMEDOUT: case -ECONNREFUSED: case -ECONNRESET: case -EHOSTUNREACH:
	case -ENETUNREACH: case -EPIPE: case -ECONNABORTED: case -ENETDOWN: case -ENODEV:
	case -EHOSTDOWN:
		return 1;
	default:
		return 0;
	}
}

int login_logout(const struct login_transport *t, struct login_result *res, int timeout_ms)
{
	uint8_t b[PDU_BHS_LEN], in_buf[PDU_BHS_LEN + 8192];
	struct pdu_in in;
	int rc, i;

	pdu_logout_req(b, 0, 0x4c4f4754 /* "LOGT" */, 0, res->cmdsn, res->exp_statsn);
	if ((rc = t->send(t->ctx, b, sizeof b)) < 0)
		return FAIL_R(res, rc);
	for (i = 0; i < 16; i++) {
		rc = t->recv(t->ctx, in_buf, sizeof in_buf, timeout_ms);
		if (rc < 0)
			return FAIL_R(res, rc);
		if ((rc = pdu_decode(in_buf, (size_t)rc, 8192, &in, res->reason, sizeof res->reason)) < 0)
			return rc;
		if (in.opcode == PDU_NOP_IN || in.opcode == PDU_ASYNC)
			continue;
		if (in.opcode != PDU_LOGOUT_RSP) {
			snprintf(res->reason, sizeof res->reason, "unexpected opcode 0x%02x after Logout", in.opcode);
			return -EPROTO;
		}
		res->statsn = in.statsn;
		res->exp_statsn = in.statsn + 1;
		if (in.b2) {
			snprintf(res->reason, sizeof res->reason, "logout refused (response %u)", in.b2);
			return -EIO;
		}
		return 0;
	}
	snprintf(res->reason, sizeof res->reason, "no Logout Response");
	return -EPROTO;
}
