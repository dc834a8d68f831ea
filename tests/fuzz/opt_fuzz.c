/* Fuzz opt_next with argv cut from the input at NUL bytes: it ends, never
 * reads past argv, and every value it returns lies inside argv.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "opt.h"

static const struct opt opts[] = {
	{ 'n', OPT_NOARG, "dry-run" }, { 'v', OPT_NOARG, "" }, { 'a', OPT_ARG, "address" },
	{ 300, OPT_ARG, "deadline" }, { 301, OPT_OPTARG, "cmdline" },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *argv[34], why[64];
	int argc = 1, c, steps = 0;
	size_t i, start = 0;
	struct opt_state st = { .i = 1, .positional = size && data[0] & 1 };

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = 0;
	argv[0] = (char *)"prog";
	for (i = 0; i <= size && argc < 33; i++)
		if (!buf[i]) {
			argv[argc++] = buf + start;
			start = i + 1;
		}
	argv[argc] = NULL;
	while ((c = opt_next(opts, sizeof opts / sizeof *opts, argc, argv, &st)) != OPT_END) {
		if (st.i > argc || ++steps > 4 * 1024 * 34)
			abort();
		if (c == OPT_ERR) {
			opt_why(&st, why, sizeof why);
			break;
		}
		if (st.val && !(st.val >= buf && st.val <= buf + size))
			abort();
	}
	if (st.i > argc)
		abort();
	free(buf);
	return 0;
}
