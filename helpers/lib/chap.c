/* chap — see chap.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <string.h>

#include "chap.h"
#include "md5.h"
#include "num.h"
#include "sha256.h"

size_t chap_digest_len(int alg)
{
	return alg == CHAP_MD5 ? MD5_LEN : alg == CHAP_SHA256 ? SHA256_LEN : 0;
}

int chap_response(int alg, uint8_t id, const void *secret, size_t slen,
		  const uint8_t *chal, size_t clen, uint8_t out[CHAP_MAX_DIGEST])
{
	if (alg == CHAP_MD5) {
		struct md5_ctx c;
		md5_init(&c);
		md5_update(&c, &id, 1);
		md5_update(&c, secret, slen);
		md5_update(&c, chal, clen);
		md5_final(&c, out);
		return MD5_LEN;
	}
	if (alg == CHAP_SHA256) {
		struct sha256_ctx c;
		sha256_init(&c);
		sha256_update(&c, &id, 1);
		sha256_update(&c, secret, slen);
		sha256_update(&c, chal, clen);
		sha256_final(&c, out);
		return SHA256_LEN;
	}
	return -EINVAL;
}


static int b64val(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' : c >= 'a' && c <= 'z' ? c - 'a' + 26
	     : c >= '0' && c <= '9' ? c - '0' + 52 : c == '+' ? 62 : c == '/' ? 63 : -1;
}

int chap_decode(const char *t, uint8_t *out, size_t cap, size_t *n)
{
	const char *s = t + 2;
	size_t len, i, o = 0;
	uint32_t acc = 0;
	unsigned bits = 0, w;            /* w: bits per digit, 4 hex or 6 base64 */

	if (t[0] != '0' || !t[1])
		return -EINVAL;
	len = strlen(s);
	if (!len)
		return -EINVAL;
	if (t[1] == 'x' || t[1] == 'X') {
		if ((len + 1) / 2 > cap)
			return -ENOSPC;
		w = 4;
		bits = (len & 1) * 4;    /* odd: implied leading zero nibble */
	} else if (t[1] == 'b' || t[1] == 'B') {
		while (len && s[len - 1] == '=')
			len--;
		if (len % 4 == 1 || strlen(s) - len > 2)
			return -EINVAL;
		w = 6;
	} else {
		return -EINVAL;
	}
	for (i = 0; i < len; i++) {
		int v = w == 4 ? num_hexdigit(s[i]) : b64val(s[i]);
		if (v < 0)
			return -EINVAL;
		acc = acc << w | (uint32_t)v;
		bits += w;
		if (bits >= 8) {
			bits -= 8;
			if (o >= cap)
				return -ENOSPC;
			out[o++] = (uint8_t)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	if (!o)                          /* base64 of padding only; hex always has a byte */
		return -EINVAL;
	*n = o;
	return 0;
}

int chap_encode(const uint8_t *p, size_t n, int b64, char *out, size_t cap)
{
	static const char hx[] = "0123456789abcdef";
	static const char bx[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t need = b64 ? 2 + (n + 2) / 3 * 4 + 1 : 2 + 2 * n + 1, o = 2, i;
	const char *a = b64 ? bx : hx;
	unsigned w = b64 ? 6 : 4, bits = 0, m = (1u << w) - 1;   /* bits per digit */
	uint32_t acc = 0;

	if (need > cap)
		return -ENOSPC;
	out[0] = '0';
	out[1] = b64 ? 'b' : 'x';
	for (i = 0; i < n; i++) {
		acc = acc << 8 | p[i];
		for (bits += 8; bits >= w; bits -= w)
			out[o++] = a[(acc >> (bits - w)) & m];
	}
	if (bits)                        /* base64: the last byte's bits, zero-filled */
		out[o++] = a[(acc << (w - bits)) & m];
	while (o < need - 1)             /* base64 '=' padding to a multiple of 4 */
		out[o++] = '=';
	out[o] = 0;
	return 0;
}

int chap_verify(int alg, uint8_t id, const void *secret, size_t slen,
		const uint8_t *chal, size_t clen, const uint8_t *resp, size_t rlen)
{
	uint8_t want[CHAP_MAX_DIGEST];
	int n = chap_response(alg, id, secret, slen, chal, clen, want);
	uint8_t diff = 0;

	if (n < 0 || rlen != (size_t)n)
		return 0;
	for (int i = 0; i < n; i++)
		diff |= (uint8_t)(want[i] ^ resp[i]);
	return diff == 0;
}

static struct { uint8_t c[CHAP_MAX_DIGEST]; size_t len; } ring[CHAP_RING];
static unsigned ring_next;

void chap_remember(const uint8_t *chal, size_t clen)
{
	size_t k = clen < CHAP_MAX_DIGEST ? clen : CHAP_MAX_DIGEST;

	memcpy(ring[ring_next].c, chal, k);
	ring[ring_next].len = clen;
	ring_next = (ring_next + 1) % CHAP_RING;
}

int chap_is_ours(const uint8_t *chal, size_t clen)
{
	size_t k = clen < CHAP_MAX_DIGEST ? clen : CHAP_MAX_DIGEST;

	for (unsigned i = 0; i < CHAP_RING; i++)
		if (ring[i].len && ring[i].len == clen && !memcmp(ring[i].c, chal, k))
			return 1;
	return 0;
}
