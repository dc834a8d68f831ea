/* Fuzz num_duration_ms / num_u64 with arbitrary bytes (cmdline values).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "num.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	uint64_t v;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	if (num_duration_ms(s, &v) == 0 && v > 30ULL * 86400 * 1000)
		abort();                 /* the documented bound */
	if (num_u64(s, 5, 1000, &v) == 0 && (v < 5 || v > 1000))
		abort();
	free(s);
	return 0;
}
