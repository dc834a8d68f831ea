/* pdu: BHS encode/decode at explicit offsets, padding, text keys, §13 rules.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <string.h>
#include "pdu.h"
#include "test.h"

int main(void)
{
	uint8_t b[PDU_BHS_LEN + 64];
	char reason[256];
	struct pdu_in in;
	size_t i;

	/* Login Request, RFC 7143 §11.12 */
	struct pdu_login_req lr = { .flags = PDU_LOGIN_FLAGS(1, 1, 3), .isid = { 0x80, 1, 2, 3, 4, 5 },
				    .tsih = 0x1234, .itt = 0xa1b2c3d4, .cid = 7, .cmdsn = 0x01020304,
				    .exp_statsn = 0x05060708 };
	memset(b, 0xee, sizeof b);
	pdu_login_req(b, &lr, 0x010203);
	static const uint8_t want[48] = {
		0x43, 0x87, 0, 0, 0, 0x01, 0x02, 0x03, 0x80, 1, 2, 3, 4, 5, 0x12, 0x34,
		0xa1, 0xb2, 0xc3, 0xd4, 0, 7, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	ok(!memcmp(b, want, 48), "login request: opcode 0x43, T|CSG1|NSG3 = 0x87, dlen 24-bit @5, ISID @8, "
	   "TSIH @14, ITT @16, CID @20, CmdSN @24, ExpStatSN @28");
	ok(pdu_dlen(b) == 0x010203 && pdu_total_len(b) == 48 + 0x010204, "dlen read back, total padded");
	ok(PDU_LOGIN_CSG(0x87) == 1 && PDU_LOGIN_NSG(0x87) == 3, "CSG/NSG accessors");
	for (i = 0; i < 9; i++)
		ok(pdu_pad4((uint32_t)i) == (i + 3) / 4 * 4, "pad4(%zu) = %u", i, pdu_pad4((uint32_t)i));

	pdu_text_req(b, PDU_F, 9, 0xffffffff, 10, 11, 16);
	ok(b[0] == 0x04 && b[1] == 0x80 && pdu_get32(b + 16) == 9 && pdu_get32(b + 20) == 0xffffffff &&
	   pdu_get32(b + 24) == 10 && pdu_get32(b + 28) == 11 && pdu_dlen(b) == 16,
	   "text request: opcode 0x04 not immediate, F, ITT, TTT, CmdSN, ExpStatSN");
	pdu_logout_req(b, 0, 5, 0, 6, 7);
	ok(b[0] == 0x46 && b[1] == 0x80 && pdu_get32(b + 24) == 6 && pdu_get32(b + 28) == 7,
	   "logout request: 0x46, F|reason 0");
	uint8_t cdb[16] = { 0xa0 }, lun[8] = { 0 };
	pdu_scsi_cmd(b, 0xc1, lun, 3, 2056, 4, 5, cdb);
	ok(b[0] == 0x01 && b[1] == 0xc1 && pdu_get32(b + 20) == 2056 && b[32] == 0xa0,
	   "SCSI command: EDTL @20, CDB @32");
	pdu_nop_out(b, lun, 0xffffffff, 0x99, 1, 2);
	ok(b[0] == 0x40 && b[1] == 0x80 && pdu_get32(b + 20) == 0x99, "NOP-Out answers with the TTT");

	/* decode + bounds */
	memset(b, 0, sizeof b);
	b[0] = 0x23; b[1] = 0x87; b[3] = 0; pdu_set_dlen(b, 5);
	pdu_put32(b + 24, 100); pdu_put32(b + 28, 2); pdu_put32(b + 32, 9); b[36] = 2; b[37] = 1;
	ok(pdu_decode(b, 48 + 8, 8192, &in, reason, sizeof reason) == 0 && in.opcode == 0x23 &&
	   in.statsn == 100 && in.exp_cmdsn == 2 && in.max_cmdsn == 9 && (in.w36 >> 16) == 0x0201 &&
	   in.data == b + 48, "decode login response fields");
	ok(pdu_decode(b, 48 + 5, 8192, &in, reason, sizeof reason) == 0, "pad may be missing from len");
	ok(pdu_decode(b, 48 + 4, 8192, &in, reason, sizeof reason) == -EPROTO, "data beyond len: -EPROTO (%s)", reason);
	ok(pdu_decode(b, 47, 8192, &in, reason, sizeof reason) == -EPROTO, "short header: -EPROTO");
	pdu_set_dlen(b, 8193);
	ok(pdu_decode(b, sizeof b, 8192, &in, reason, sizeof reason) == -EPROTO && strstr(reason, "8193"),
	   "oversized data segment names the value: %s", reason);
	pdu_set_dlen(b, 0); b[4] = 5;
	ok(pdu_decode(b, 48 + 16, 8192, &in, reason, sizeof reason) == -EPROTO, "AHS beyond len: -EPROTO");

	/* text keys */
	{
		static const char d[] = "A=1\0Bb.c-d=x y\0Empty=\0\0\0";
		struct pdu_text kv;
		size_t pos = 0;
		int n = 0, rc;
		while ((rc = pdu_text_next(d, sizeof d - 1, &pos, &kv, reason, sizeof reason)) == 1)
			n++;
		ok(rc == 0 && n == 3, "three pairs, trailing NULs are padding (rc %d n %d)", rc, n);
		pos = 0;
		pdu_text_next(d, sizeof d - 1, &pos, &kv, reason, sizeof reason);
		pdu_text_next(d, sizeof d - 1, &pos, &kv, reason, sizeof reason);
		ok(kv.klen == 6 && !memcmp(kv.key, "Bb.c-d", 6) && !strcmp(kv.val, "x y") && kv.vlen == 3,
		   "key and value boundaries");
	}
	static const struct { const char *d; size_t len; const char *why; } bad[] = {
		{ "A=1", 3, "NUL-terminated" }, { "A1\0", 3, "no '='" }, { "=1\0", 3, "empty" },
		{ "A=1\0\0B=2\0", 9, "empty key=value" }, { "A\x01=1\0", 5, "forbidden byte" },
		{ "A=\xff\0", 4, "UTF-8" }, { "A=\xc0\xaf\0", 5, "UTF-8" }, { "A=\xed\xa0\x80\0", 6, "UTF-8" },
		{ "A=x\x07y\0", 6, "UTF-8" }, { "A=\xe2\x82\0", 5, "UTF-8" },
		{ "K234567890123456789012345678901234567890123456789012345678901234=1\0", 67, "longer than 63" },
	};
	for (i = 0; i < NELEM(bad); i++) {
		struct pdu_text kv;
		size_t pos = 0;
		reason[0] = 0;
		int rc;
		while ((rc = pdu_text_next(bad[i].d, bad[i].len, &pos, &kv, reason, sizeof reason)) == 1)
			;
		ok(rc == -EPROTO &&
		   strstr(reason, bad[i].why), "bad text %zu refused: %s", i, reason);
	}
	{
		static char big[8300];
		struct pdu_text kv;
		size_t pos = 0;
		memcpy(big, "K=", 2);
		memset(big + 2, 'v', 8192);
		big[8194] = 0;
		ok(pdu_text_next(big, 8195, &pos, &kv, reason, sizeof reason) == 1 && kv.vlen == 8192,
		   "value of 8192 bytes accepted");
		big[8194] = 'v'; big[8195] = 0; pos = 0;
		ok(pdu_text_next(big, 8196, &pos, &kv, reason, sizeof reason) == -EPROTO && strstr(reason, "8193"),
		   "value of 8193 bytes refused: %s", reason);
	}
	ok(pdu_utf8_ok("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14), "valid UTF-8 (2, 3, 4 bytes)");
	ok(!pdu_utf8_ok("\xf4\x90\x80\x80", 4), "above U+10FFFF refused");
	ok(!pdu_utf8_ok("\xe0\x80\xaf", 3), "overlong 3-byte refused");
	{
		char out[32];
		size_t len = 0;
		ok(!pdu_text_add(out, sizeof out, &len, "Key", "Value") && len == 10 && !memcmp(out, "Key=Value\0", 10),
		   "text add");
		ok(pdu_text_add(out, 20, &len, "Key", "Value2") == -ENOSPC && len == 10, "text add -ENOSPC keeps len");
	}

	/* §13 rules */
	const struct pdu_key *k;
	uint32_t v;
	k = pdu_key_find("MaxBurstLength", 14);
	ok(k && k->fn == PDU_FN_MIN && k->def == 262144 && k->lo == 512 && k->hi == 16777215, "MaxBurstLength: Min 512..2^24-1 default 262144");
	ok(pdu_key_parse(k, "65536", &v) == 0 && v == 65536, "decimal");
	ok(pdu_key_parse(k, "0x10000", &v) == 0 && v == 65536, "hex 0x");
	ok(pdu_key_parse(k, "511", &v) == -ERANGE, "below range");
	ok(pdu_key_parse(k, "16777216", &v) == -ERANGE, "above range");
	ok(pdu_key_parse(k, "99999999999", &v) == -ERANGE, "overflow");
	ok(pdu_key_parse(k, "12a", &v) == -EINVAL && pdu_key_parse(k, "", &v) == -EINVAL &&
	   pdu_key_parse(k, "-1", &v) == -EINVAL && pdu_key_parse(k, "0x", &v) == -EINVAL, "junk refused");
	ok(pdu_key_result(k, 16776192, 65536) == 65536 && pdu_key_answer_ok(k, 16776192, 65536) &&
	   !pdu_key_answer_ok(k, 65536, 65537), "Min: result min, answer above offer illegal");
	k = pdu_key_find("DefaultTime2Wait", 16);
	ok(k && k->fn == PDU_FN_MAX && pdu_key_result(k, 2, 5) == 5 && !pdu_key_answer_ok(k, 2, 1) &&
	   k->hi == 3600, "DefaultTime2Wait: Max 0..3600");
	k = pdu_key_find("InitialR2T", 10);
	ok(k && k->fn == PDU_FN_OR && k->def == 1 && pdu_key_result(k, 0, 1) == 1 && pdu_key_answer_ok(k, 0, 1) &&
	   !pdu_key_answer_ok(k, 1, 0), "InitialR2T: OR, default Yes");
	ok(pdu_key_parse(k, "Yes", &v) == 0 && v == 1 && pdu_key_parse(k, "No", &v) == 0 && v == 0 &&
	   pdu_key_parse(k, "yes", &v) == -EINVAL, "booleans are case-sensitive Yes/No");
	k = pdu_key_find("ImmediateData", 13);
	ok(k && k->fn == PDU_FN_AND && pdu_key_result(k, 1, 0) == 0 && pdu_key_answer_ok(k, 1, 0) &&
	   !pdu_key_answer_ok(k, 0, 1), "ImmediateData: AND, default Yes");
	k = pdu_key_find("MaxRecvDataSegmentLength", 24);
	ok(k && k->fn == PDU_FN_DECL && k->def == 8192, "MaxRecvDataSegmentLength: declarative, 8192");
	k = pdu_key_find("ErrorRecoveryLevel", 18);
	ok(k && k->fn == PDU_FN_MIN && k->hi == 2 && k->def == 0, "ErrorRecoveryLevel: Min 0..2");
	k = pdu_key_find("DefaultTime2Retain", 18);
	ok(k && k->fn == PDU_FN_MIN && k->def == 20, "DefaultTime2Retain: Min, default 20");
	k = pdu_key_find("FirstBurstLength", 16);
	ok(k && k->fn == PDU_FN_MIN && k->def == 65536, "FirstBurstLength: Min, default 65536");
	k = pdu_key_find("MaxConnections", 14);
	ok(k && k->fn == PDU_FN_MIN && k->def == 1 && k->hi == 65535, "MaxConnections: Min 1..65535");
	k = pdu_key_find("DataPDUInOrder", 14);
	ok(k && k->fn == PDU_FN_OR && k->def == 1, "DataPDUInOrder: OR, Yes");
	ok(pdu_key_find("X-com.example.Foo", 17) == NULL && pdu_key_find("MaxBurstLengthX", 15) == NULL,
	   "unknown keys not found (answered NotUnderstood)");
	return done();
}
