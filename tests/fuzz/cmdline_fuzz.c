/* Fuzz the kernel command line splitter in both modes.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cmdline.h"

static struct cmdline C;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (int mode = 0; mode < 2; mode++) {
		int rc = cmdline_parse(&C, (const char *)data, size, mode);
		if (rc == 0 && C.n > CMDLINE_MAX_ARGS)
			abort();
		if (rc && C.n)
			abort();                /* nothing half-parsed */
		for (unsigned i = 0; i < C.n; i++) {
			const char *k = C.arg[i].key, *v = C.arg[i].val;
			if (!*k || k < C.buf || k > C.buf + CMDLINE_MAX_BYTES)
				abort();
			if (v && (v < C.buf || v > C.buf + CMDLINE_MAX_BYTES))
				abort();
			if (strlen(k) > CMDLINE_MAX_BYTES)
				abort();
		}
		if (C.n)
			(void)cmdline_get(&C, C.arg[C.n - 1].key);
		(void)cmdline_bool(C.n ? C.arg[0].val : NULL, 0);
	}
	return 0;
}
