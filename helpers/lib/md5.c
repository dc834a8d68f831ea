/* md5 — see md5.h. Written from RFC 1321 §3.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>
#include "md5.h"

/* T[i] = floor(2^32 * |sin(i + 1)|), RFC 1321 §3.4 */
static const uint32_t T[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};
/* per-round shift amounts, 4 per round */
static const uint8_t S[16] = { 7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21 };

static uint32_t rol(uint32_t x, unsigned n) { return (x << n) | (x >> (32 - n)); }

static void block(uint32_t *h, const uint8_t *p)
{
	uint32_t x[16], a = h[0], b = h[1], c = h[2], d = h[3];
	unsigned i;

	for (i = 0; i < 16; i++)      /* little-endian words */
		x[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
		       (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
	for (i = 0; i < 64; i++) {
		uint32_t f, t;
		unsigned g, r = i / 16;

		switch (r) {
		case 0: f = (b & c) | (~b & d); g = i; break;
		case 1: f = (b & d) | (c & ~d); g = (5 * i + 1) & 15; break;
		case 2: f = b ^ c ^ d; g = (3 * i + 5) & 15; break;
		default: f = c ^ (b | ~d); g = (7 * i) & 15; break;
		}
		t = d;
		d = c;
		c = b;
		b = b + rol(a + f + T[i] + x[g], S[r * 4 + (i & 3)]);
		a = t;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
}

void md5_init(struct md5_ctx *c)
{
	c->m.h[0] = 0x67452301; c->m.h[1] = 0xefcdab89;
	c->m.h[2] = 0x98badcfe; c->m.h[3] = 0x10325476;
	c->m.len = 0;
	c->m.block = block;
	c->m.big_endian = 0;
	c->m.words = 4;
}

void md5_update(struct md5_ctx *c, const void *data, size_t n)
{
	mdhash_update(&c->m, data, n);
}

void md5_final(struct md5_ctx *c, uint8_t out[MD5_LEN])
{
	mdhash_final(&c->m, out);
}

void md5(const void *p, size_t n, uint8_t out[MD5_LEN])
{
	struct md5_ctx c;

	md5_init(&c);
	md5_update(&c, p, n);
	md5_final(&c, out);
}
