/* sha256 — see sha256.h. Written from FIPS 180-4 §4.1.2, §4.2.2, §5.3.3, §6.2.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>
#include "sha256.h"

/* K: the first 32 bits of the fractional parts of the cube roots of the
 * first 64 primes; H0 (the initial hash value, §5.3.3) the same of the square
 * roots of the first 8. Computed at the first sha256_init instead of 288
 * bytes of tables: frac(p^(1/n)) * 2^32 is the low word of the integer n-th
 * root of p * 2^(32n), found bit by bit (the root is below 2^35). */
static uint32_t K[64], H0[8];

static void consts(uint32_t *out, unsigned count, unsigned n)
{
	unsigned p, d, i = 0;

	for (p = 2; i < count; p++) {
		for (d = 2; d * d <= p && p % d; d++)
			;
		if (d * d <= p)
			continue;               /* not a prime */
		uint64_t x = 0, b;

		for (b = 1ull << 34; b; b >>= 1) {
			unsigned __int128 t = x | b, v = t * t;

			if (n == 3)
				v *= t;
			if (v <= (unsigned __int128)p << (32 * n))
				x |= b;
		}
		out[i++] = (uint32_t)x;
	}
}

static uint32_t ror(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

static void block(uint32_t *h, const uint8_t *p)
{
	uint32_t w[64], v[8];
	unsigned i;

	for (i = 0; i < 16; i++)      /* big-endian words */
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (; i < 64; i++) {
		uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(v, h, sizeof v);
	for (i = 0; i < 64; i++) {
		uint32_t S1 = ror(v[4], 6) ^ ror(v[4], 11) ^ ror(v[4], 25);
		uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
		uint32_t t1 = v[7] + S1 + ch + K[i] + w[i];
		uint32_t S0 = ror(v[0], 2) ^ ror(v[0], 13) ^ ror(v[0], 22);
		uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);

		memmove(v + 1, v, 7 * sizeof *v);
		v[4] += t1;
		v[0] = t1 + S0 + maj;
	}
	for (i = 0; i < 8; i++)
		h[i] += v[i];
}

void sha256_init(struct sha256_ctx *c)
{
	if (!K[0]) {
		consts(K, 64, 3);
		consts(H0, 8, 2);
	}
	memcpy(c->m.h, H0, sizeof H0);
	c->m.len = 0;
	c->m.block = block;
	c->m.big_endian = 1;
	c->m.words = 8;
}

void sha256_update(struct sha256_ctx *c, const void *data, size_t n)
{
	mdhash_update(&c->m, data, n);
}

void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_LEN])
{
	mdhash_final(&c->m, out);
}

void sha256(const void *p, size_t n, uint8_t out[SHA256_LEN])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, p, n);
	sha256_final(&c, out);
}
