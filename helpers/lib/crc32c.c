/* crc32c — see crc32c.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include "crc32c.h"

uint32_t crc32c(uint32_t crc, const void *data, size_t n)
{
	/* nibble table: t[i] = CRC of the 4-bit value i, reflected poly 0x82f63b78 */
	static const uint32_t t[16] = {
		0x00000000, 0x105ec76f, 0x20bd8ede, 0x30e349b1,
		0x417b1dbc, 0x5125dad3, 0x61c69362, 0x7198540d,
		0x82f63b78, 0x92a8fc17, 0xa24bb5a6, 0xb21572c9,
		0xc38d26c4, 0xd3d3e1ab, 0xe330a81a, 0xf36e6f75,
	};
	const uint8_t *p = data;

	crc = ~crc;
	while (n--) {
		crc ^= *p++;
		crc = (crc >> 4) ^ t[crc & 15];
		crc = (crc >> 4) ^ t[crc & 15];
	}
	return ~crc;
}
