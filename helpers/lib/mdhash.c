/* mdhash — see mdhash.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "mdhash.h"

void mdhash_update(struct mdhash *c, const void *data, size_t n)
{
	const uint8_t *p = data;
	size_t used = (size_t)(c->len & 63);

	c->len += n;
	if (used) {
		size_t k = 64 - used < n ? 64 - used : n;
		memcpy(c->buf + used, p, k);
		p += k; n -= k; used += k;
		if (used < 64)
			return;
		c->block(c->h, c->buf);
	}
	for (; n >= 64; p += 64, n -= 64)
		c->block(c->h, p);
	if (n)
		memcpy(c->buf, p, n);
}

void mdhash_final(struct mdhash *c, uint8_t *out)
{
	uint64_t bits = c->len * 8;
	uint8_t pad[72] = { 0x80 };
	size_t used = (size_t)(c->len & 63), padlen = used < 56 ? 56 - used : 120 - used;
	unsigned i, be = c->big_endian;

	for (i = 0; i < 8; i++)
		pad[padlen + i] = (uint8_t)(bits >> (be ? 56 - 8 * i : 8 * i));
	mdhash_update(c, pad, padlen + 8);
	for (i = 0; i < 4u * c->words; i++)
		out[i] = (uint8_t)(c->h[i / 4] >> (be ? 24 - 8 * (i % 4) : 8 * (i % 4)));
}
