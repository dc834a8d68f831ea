/* crc32c — see crc32c.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include "crc32c.h"

uint32_t crc32c(uint32_t crc, const void *data, size_t n)
{
	const uint8_t *p = data;
	int k;

	/* bit by bit, reflected polynomial 0x82f63b78: no table (the digests
	 * cover login PDUs, a few KiB at most) */
	crc = ~crc;
	while (n--)
		for (crc ^= *p++, k = 0; k < 8; k++)
			crc = crc >> 1 ^ (0x82f63b78 & (0 - (crc & 1)));
	return ~crc;
}
