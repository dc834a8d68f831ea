/* pdu — see pdu.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pdu.h"

uint32_t pdu_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

uint16_t pdu_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

void pdu_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);  p[3] = (uint8_t)v;
}

void pdu_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v;
}

uint32_t pdu_dlen(const uint8_t *bhs)
{
	return (uint32_t)bhs[5] << 16 | (uint32_t)bhs[6] << 8 | bhs[7];
}

void pdu_set_dlen(uint8_t *bhs, uint32_t dlen)
{
	bhs[5] = (uint8_t)(dlen >> 16); bhs[6] = (uint8_t)(dlen >> 8); bhs[7] = (uint8_t)dlen;
}

uint32_t pdu_total_len(const uint8_t *bhs)
{
	return PDU_BHS_LEN + 4u * bhs[4] + pdu_pad4(pdu_dlen(bhs));
}

int pdu_decode(const uint8_t *b, size_t len, uint32_t max_dlen, struct pdu_in *in,
	       char *reason, size_t rcap)
{
	if (len < PDU_BHS_LEN) {
		snprintf(reason, rcap, "PDU of %zu bytes is shorter than its 48-byte header", len);
		return -EPROTO;
	}
	in->opcode = b[0] & PDU_OPCODE_MASK;
	in->flags = b[1];
	in->b2 = b[2];
	in->b3 = b[3];
	in->ahs_words = b[4];
	in->dlen = pdu_dlen(b);
	memcpy(in->lun, b + 8, 8);
	in->itt = pdu_get32(b + 16);
	in->ttt = pdu_get32(b + 20);
	in->statsn = pdu_get32(b + 24);
	in->exp_cmdsn = pdu_get32(b + 28);
	in->max_cmdsn = pdu_get32(b + 32);
	in->w36 = pdu_get32(b + 36);
	in->w40 = pdu_get32(b + 40);
	in->w44 = pdu_get32(b + 44);
	in->data = b + PDU_BHS_LEN + 4u * in->ahs_words;
	if (in->dlen > max_dlen) {
		snprintf(reason, rcap, "opcode 0x%02x: DataSegmentLength %u exceeds the limit %u",
			 in->opcode, in->dlen, max_dlen);
		return -EPROTO;
	}
	if ((size_t)PDU_BHS_LEN + 4u * in->ahs_words + in->dlen > len) {
		snprintf(reason, rcap, "opcode 0x%02x: TotalAHSLength %u words + DataSegmentLength %u "
			 "do not fit in the %zu bytes received", in->opcode, in->ahs_words, in->dlen, len);
		return -EPROTO;
	}
	return 0;
}

void pdu_login_req(uint8_t *b, const struct pdu_login_req *l, uint32_t dlen)
{
	memset(b, 0, PDU_BHS_LEN);
	b[0] = PDU_IMMEDIATE | PDU_LOGIN_REQ;      /* §11.12: I is always 1 */
	b[1] = l->flags;
	b[2] = 0;                                  /* Version-max */
	b[3] = 0;                                  /* Version-min */
	pdu_set_dlen(b, dlen);
	memcpy(b + 8, l->isid, 6);
	pdu_put16(b + 14, l->tsih);
	pdu_put32(b + 16, l->itt);
	pdu_put16(b + 20, l->cid);
	pdu_put32(b + 24, l->cmdsn);
	pdu_put32(b + 28, l->exp_statsn);
}

void pdu_text_req(uint8_t *b, uint8_t flags, uint32_t itt, uint32_t ttt,
		  uint32_t cmdsn, uint32_t exp_statsn, uint32_t dlen)
{
	memset(b, 0, PDU_BHS_LEN);
	b[0] = PDU_TEXT_REQ;
	b[1] = flags;
	pdu_set_dlen(b, dlen);
	pdu_put32(b + 16, itt);
	pdu_put32(b + 20, ttt);
	pdu_put32(b + 24, cmdsn);
	pdu_put32(b + 28, exp_statsn);
}

void pdu_logout_req(uint8_t *b, uint8_t reason, uint32_t itt, uint16_t cid,
		    uint32_t cmdsn, uint32_t exp_statsn)
{
	memset(b, 0, PDU_BHS_LEN);
	b[0] = PDU_IMMEDIATE | PDU_LOGOUT_REQ;
	b[1] = (uint8_t)(PDU_F | (reason & 0x7f));
	pdu_put32(b + 16, itt);
	pdu_put16(b + 20, cid);
	pdu_put32(b + 24, cmdsn);
	pdu_put32(b + 28, exp_statsn);
}

void pdu_nop_out(uint8_t *b, const uint8_t lun[8], uint32_t itt, uint32_t ttt,
		 uint32_t cmdsn, uint32_t exp_statsn)
{
	memset(b, 0, PDU_BHS_LEN);
	b[0] = PDU_IMMEDIATE | PDU_NOP_OUT;
	b[1] = PDU_F;
	memcpy(b + 8, lun, 8);
	pdu_put32(b + 16, itt);
	pdu_put32(b + 20, ttt);
	pdu_put32(b + 24, cmdsn);
	pdu_put32(b + 28, exp_statsn);
}

void pdu_scsi_cmd(uint8_t *b, uint8_t flags, const uint8_t lun[8], uint32_t itt,
		  uint32_t edtl, uint32_t cmdsn, uint32_t exp_statsn, const uint8_t cdb[16])
{
	memset(b, 0, PDU_BHS_LEN);
	b[0] = PDU_SCSI_CMD;
	b[1] = flags;
	memcpy(b + 8, lun, 8);
	pdu_put32(b + 16, itt);
	pdu_put32(b + 20, edtl);
	pdu_put32(b + 24, cmdsn);
	pdu_put32(b + 28, exp_statsn);
	memcpy(b + 32, cdb, 16);
}

/* ---- text keys ------------------------------------------------------------ */

int pdu_utf8_ok(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i], k, cp;

		if (c < 0x80) {
			if ((c < 0x20 && c != '\t') || c == 0x7f)
				return 0;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) { k = 1; cp = c & 0x1f; }
		else if (c >= 0xe0 && c <= 0xef) { k = 2; cp = c & 0x0f; }
		else if (c >= 0xf0 && c <= 0xf4) { k = 3; cp = c & 0x07; }
		else return 0;
		if (n - i <= k)
			return 0;
		for (unsigned j = 1; j <= k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + j] & 0x3f);
		}
		if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += k + 1;
	}
	return 1;
}

static int key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '-' || c == '+' || c == '@' || c == '_';
}

int pdu_text_next(const char *data, size_t len, size_t *pos, struct pdu_text *kv,
		  char *reason, size_t rcap)
{
	size_t p = *pos, end, i;
	const char *eq;

	if (p >= len)
		return 0;
	end = p;
	while (end < len && data[end])
		end++;
	if (end == p) {                         /* an empty pair: only zero padding may follow */
		for (i = p; i < len; i++)
			if (data[i]) {
				snprintf(reason, rcap, "empty key=value pair at offset %zu", p);
				return -EPROTO;
			}
		*pos = len;
		return 0;
	}
	if (end == len) {
		snprintf(reason, rcap, "text key at offset %zu is not NUL-terminated", p);
		return -EPROTO;
	}
	eq = memchr(data + p, '=', end - p);
	if (!eq) {
		snprintf(reason, rcap, "text '%.40s' has no '='", data + p);
		return -EPROTO;
	}
	kv->key = data + p;
	kv->klen = (size_t)(eq - kv->key);
	kv->val = eq + 1;
	kv->vlen = (size_t)(data + end - kv->val);
	if (!kv->klen || kv->klen > PDU_KEY_MAX) {
		snprintf(reason, rcap, "key '%.40s' is %s", kv->key, kv->klen ? "longer than 63 bytes" : "empty");
		return -EPROTO;
	}
	for (i = 0; i < kv->klen; i++)
		if (!key_char(kv->key[i])) {
			snprintf(reason, rcap, "key '%.*s' has a forbidden byte 0x%02x", (int)(i < 40 ? i : 40),
				 kv->key, (unsigned char)kv->key[i]);
			return -EPROTO;
		}
	if (kv->vlen > PDU_VALUE_MAX) {
		snprintf(reason, rcap, "value of key %.*s is %zu bytes, more than 8192", (int)kv->klen,
			 kv->key, kv->vlen);
		return -EPROTO;
	}
	if (!pdu_utf8_ok(kv->val, kv->vlen)) {
		snprintf(reason, rcap, "value of key %.*s is not valid UTF-8 text", (int)kv->klen, kv->key);
		return -EPROTO;
	}
	*pos = end + 1;
	return 1;
}

int pdu_text_add(char *buf, size_t cap, size_t *len, const char *key, const char *value)
{
	size_t k = strlen(key), v = strlen(value);

	if (*len > cap || cap - *len < k + v + 2)
		return -ENOSPC;
	memcpy(buf + *len, key, k);
	buf[*len + k] = '=';
	memcpy(buf + *len + k + 1, value, v);
	buf[*len + k + 1 + v] = 0;
	*len += k + v + 2;
	return 0;
}

/* ---- negotiation rules: RFC 7143 §13 ------------------------------------ */

#define M24 16777215u
/* The first PDU_KEY_OPS entries are the operational keys login.c offers, in
 * the order it offers them (see pdu.h). */
#define K(n, f, t, normal, l, h, d) { n, .hi = h, .fn = f, .type = t, .scope_normal = normal, .lo = l, .def = d }
const struct pdu_key pdu_keys[] = {
	/* name                     fn           type         normal, lo, hi, default */
	K("HeaderDigest",            PDU_FN_LIST, PDU_KT_TEXT, 0, 0, 0, 0),       /* §13.1 */
	K("DataDigest",              PDU_FN_LIST, PDU_KT_TEXT, 0, 0, 0, 0),       /* §13.1 */
	K("MaxRecvDataSegmentLength", PDU_FN_DECL, PDU_KT_NUM,  0, 512, M24, 8192),    /* §13.12 */
	K("InitialR2T",              PDU_FN_OR,   PDU_KT_BOOL, 1, 0, 1, 1),       /* §13.10 */
	K("ImmediateData",           PDU_FN_AND,  PDU_KT_BOOL, 1, 0, 1, 1),       /* §13.11 */
	K("MaxBurstLength",          PDU_FN_MIN,  PDU_KT_NUM,  1, 512, M24, 262144),  /* §13.13 */
	K("FirstBurstLength",        PDU_FN_MIN,  PDU_KT_NUM,  1, 512, M24, 65536),   /* §13.14 */
	K("DefaultTime2Wait",        PDU_FN_MAX,  PDU_KT_NUM,  0, 0, 3600, 2),       /* §13.15 */
	K("DefaultTime2Retain",      PDU_FN_MIN,  PDU_KT_NUM,  0, 0, 3600, 20),      /* §13.16 */
	K("MaxOutstandingR2T",       PDU_FN_MIN,  PDU_KT_NUM,  1, 1, 65535, 1),       /* §13.17 */
	K("MaxConnections",          PDU_FN_MIN,  PDU_KT_NUM,  1, 1, 65535, 1),       /* §13.2 */
	K("DataPDUInOrder",          PDU_FN_OR,   PDU_KT_BOOL, 1, 0, 1, 1),       /* §13.18 */
	K("DataSequenceInOrder",     PDU_FN_OR,   PDU_KT_BOOL, 1, 0, 1, 1),       /* §13.19 */
	K("ErrorRecoveryLevel",      PDU_FN_MIN,  PDU_KT_NUM,  0, 0, 2, 0),       /* §13.20 */
	K("IFMarker",                PDU_FN_AND,  PDU_KT_BOOL, 0, 0, 1, 0),       /* RFC 3720 §A.3.2, obsolete */
	K("OFMarker",                PDU_FN_AND,  PDU_KT_BOOL, 0, 0, 1, 0),
	/* declarative and list keys login.c does not offer */
	[PDU_K_TARGETNAME] = K("TargetName",              PDU_FN_DECL, PDU_KT_TEXT, 0, 0, 0, 0),       /* §13.4 */
	[PDU_K_INITIATORNAME] = K("InitiatorName",           PDU_FN_DECL, PDU_KT_TEXT, 0, 0, 0, 0),       /* §13.5 */
	[PDU_K_TARGETALIAS] = K("TargetAlias",             PDU_FN_DECL, PDU_KT_TEXT, 0, 0, 0, 0),       /* §13.6 */
	[PDU_K_INITIATORALIAS] = K("InitiatorAlias",          PDU_FN_DECL, PDU_KT_TEXT, 0, 0, 0, 0),       /* §13.7 */
	[PDU_K_TARGETADDRESS] = K("TargetAddress",           PDU_FN_DECL, PDU_KT_TEXT, 0, 0, 0, 0),       /* §13.8 */
	[PDU_K_TPGT] = K("TargetPortalGroupTag",    PDU_FN_DECL, PDU_KT_NUM,  0, 0, 65535, 0),       /* §13.9 */
	[PDU_K_SESSIONTYPE] = K("SessionType",             PDU_FN_DECL, PDU_KT_TEXT, 0, 0, 0, 0),       /* §13.21 */
	[PDU_K_TASKREPORTING] = K("TaskReporting",           PDU_FN_LIST, PDU_KT_TEXT, 1, 0, 0, 0),       /* §13.23 */
	[PDU_K_AUTHMETHOD] = K("AuthMethod",              PDU_FN_LIST, PDU_KT_TEXT, 0, 0, 0, 0),       /* §12.1 */
};
#undef K

const struct pdu_key *pdu_key_find(const char *key, size_t klen)
{
	for (size_t i = 0; i < sizeof pdu_keys / sizeof *pdu_keys; i++)
		if (strlen(pdu_keys[i].name) == klen && !memcmp(pdu_keys[i].name, key, klen))
			return &pdu_keys[i];
	return NULL;
}

int pdu_key_parse(const struct pdu_key *k, const char *val, uint32_t *out)
{
	uint64_t v = 0;
	size_t i = 0, n;

	if (k->type == PDU_KT_BOOL) {
		if (!strcmp(val, "Yes")) *out = 1;
		else if (!strcmp(val, "No")) *out = 0;
		else return -EINVAL;
		return 0;
	}
	if (k->type != PDU_KT_NUM)
		return -EINVAL;
	n = strlen(val);
	if (n > 2 && val[0] == '0' && (val[1] == 'x' || val[1] == 'X')) {   /* §6.2 hex */
		if (n > 2 + 8)
			return -ERANGE;
		for (i = 2; i < n; i++) {
			char c = val[i];
			unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
				   : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
				   : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16;
			if (d > 15)
				return -EINVAL;
			v = v << 4 | d;
		}
	} else {
		if (!n)
			return -EINVAL;
		if (n > 10)
			return -ERANGE;
		for (i = 0; i < n; i++) {
			if (val[i] < '0' || val[i] > '9')
				return -EINVAL;
			v = v * 10 + (uint64_t)(val[i] - '0');
		}
	}
	if (v < k->lo || v > k->hi)
		return -ERANGE;
	*out = (uint32_t)v;
	return 0;
}

uint32_t pdu_key_result(const struct pdu_key *k, uint32_t offer, uint32_t answer)
{
	switch (k->fn) {
	case PDU_FN_MIN: return offer < answer ? offer : answer;
	case PDU_FN_MAX: return offer > answer ? offer : answer;
	case PDU_FN_OR:  return offer || answer;
	case PDU_FN_AND: return offer && answer;
	default:         return answer;
	}
}

int pdu_key_answer_ok(const struct pdu_key *k, uint32_t offer, uint32_t answer)
{
	switch (k->fn) {
	case PDU_FN_MIN: return answer <= offer;
	case PDU_FN_MAX: return answer >= offer;
	case PDU_FN_OR:  return !offer || answer;
	case PDU_FN_AND: return offer || !answer;
	default:         return 1;
	}
}
