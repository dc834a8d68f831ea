/* chap: responses (MD5, SHA-256) against vectors computed independently with
 * Python's hashlib, binary encodings, reflection ring.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "chap.h"
#include "test.h"

static void hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

int main(void)
{
	uint8_t c16[16], c32[32], r[CHAP_MAX_DIGEST], b[64];
	char h[80], e[128];
	size_t n, i;
	int k;

	for (i = 0; i < 32; i++)
		c32[i] = (uint8_t)i;
	memcpy(c16, c32, 16);
	k = chap_response(CHAP_MD5, 1, "alicesecret123", 14, c16, 16, r);
	hex(r, 16, h);
	ok(k == 16 && !strcmp(h, "4b72725ad71b5c4cdcd0c700c1a0d4af"), "MD5 response H(1||secret||0..15) = %s", h);
	k = chap_response(CHAP_SHA256, 0xab, "alicesecret123", 14, c32, 32, r);
	hex(r, 32, h);
	ok(k == 32 && !strcmp(h, "c2a9b2df5b0b07d9a8e286ff3f289f86e4b712571e0511316d2a8a0f46426202"),
	   "SHA-256 response H(0xab||secret||0..31) = %s", h);
	k = chap_response(CHAP_MD5, 0x2a, "password", 8, (const uint8_t *)"challenge", 9, r);
	hex(r, 16, h);
	ok(!strcmp(h, "6fda01c9cc9d69c85a28caf3472ebd5b"), "MD5 response, text challenge = %s", h);
	ok(chap_response(6, 1, "x", 1, c16, 16, r) == -EINVAL, "SHA-1 (6) is not supported");
	ok(chap_digest_len(CHAP_MD5) == 16 && chap_digest_len(CHAP_SHA256) == 32 && chap_digest_len(8) == 0,
	   "digest lengths");

	ok(chap_verify(CHAP_MD5, 0x2a, "password", 8, (const uint8_t *)"challenge", 9, r, 16), "verify accepts");
	r[15] ^= 1;
	ok(!chap_verify(CHAP_MD5, 0x2a, "password", 8, (const uint8_t *)"challenge", 9, r, 16),
	   "verify refuses one flipped bit");
	ok(!chap_verify(CHAP_MD5, 0x2a, "password", 8, (const uint8_t *)"challenge", 9, r, 15),
	   "verify refuses a short response");

	/* encodings */
	ok(!chap_encode(c16, 10, 1, e, sizeof e) && !strcmp(e, "0bAAECAwQFBgcICQ=="), "base64 encode: %s", e);
	ok(!chap_decode("0bAAECAwQFBgcICQ==", b, sizeof b, &n) && n == 10 && !memcmp(b, c16, 10),
	   "base64 decode with padding");
	ok(!chap_decode("0BAAECAwQFBgcICQ", b, sizeof b, &n) && n == 10, "base64 decode without padding, 0B");
	ok(!chap_encode(c16, 4, 0, e, sizeof e) && !strcmp(e, "0x00010203"), "hex encode: %s", e);
	ok(!chap_decode("0x00010203", b, sizeof b, &n) && n == 4 && b[3] == 3, "hex decode");
	ok(!chap_decode("0XaBc", b, sizeof b, &n) && n == 2 && b[0] == 0x0a && b[1] == 0xbc,
	   "odd hex digits: implied leading zero");
	static const char *const bad[] = { "", "0", "0x", "0b", "0xg0", "12", "0z00", "0bA", "0b!!!!",
					   "0bAA===", "abc" };
	for (i = 0; i < NELEM(bad); i++)
		ok(chap_decode(bad[i], b, sizeof b, &n) == -EINVAL, "decode refuses '%s'", bad[i]);
	ok(chap_decode("0x0001020304", b, 4, &n) == -ENOSPC, "hex longer than the buffer: -ENOSPC");
	ok(chap_decode("0bAAECAwQFBgcICQ==", b, 9, &n) == -ENOSPC, "base64 longer than the buffer: -ENOSPC");
	ok(chap_encode(c16, 16, 0, e, 34) == -ENOSPC && chap_encode(c16, 16, 0, e, 35) == 0,
	   "encode respects the buffer size (16 bytes need 35)");
	/* round trips of every length */
	for (k = 1; k <= 33; k++) {
		int good = 1;
		for (int mode = 0; mode < 2; mode++) {
			chap_encode(c32, (size_t)(k < 32 ? k : 32), mode, e, sizeof e);
			if (chap_decode(e, b, sizeof b, &n) || n != (size_t)(k < 32 ? k : 32) || memcmp(b, c32, n))
				good = 0;
		}
		ok(good, "hex and base64 round trip, %d bytes", k < 32 ? k : 32);
	}

	/* reflection ring */
	ok(!chap_is_ours(c16, 16), "unknown challenge is not ours");
	chap_remember(c16, 16);
	ok(chap_is_ours(c16, 16), "remembered challenge is recognised");
	ok(!chap_is_ours(c16, 15), "same prefix, other length: not ours");
	for (i = 0; i < CHAP_RING; i++) {
		c32[0] = (uint8_t)(100 + i);
		chap_remember(c32, 32);
	}
	ok(!chap_is_ours(c16, 16), "ring forgets after %d newer challenges", CHAP_RING);
	return done();
}
