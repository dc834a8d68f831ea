/* Fuzz the whole resolver: input = cmdline NUL iscsiroot.conf NUL iscsi.initramfs.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "conf.h"
#include "shvar.h"

static struct cfg C;
static char ex[16384];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 3), *part[3];
	size_t n = 0, i;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = s[size + 1] = s[size + 2] = 0;
	part[0] = s;
	for (i = 0; i < size && n < 2; i++)
		if (!s[i])
			part[++n] = s + i + 1;
	while (n < 2)
		part[++n] = NULL;
	if (conf_text(&C, part[0], part[1], part[2]) == 0) {
		if (C.ntargets > CFG_MAX_TARGETS || C.nparams > CFG_MAX_PARAMS || C.nwarn > CFG_MAX_WARN)
			abort();
		for (i = 0; i < C.ntargets; i++)
			if (C.target[i].nportals > CFG_MAX_PORTALS)
				abort();
		cfg_explain(&C, ex, sizeof ex);
		cfg_summary(&C, ex, sizeof ex);
		cfg_explain(&C, ex, 7);          /* truncation is safe */
		(void)conf_rootpath(&C, part[0], "eth0");
	} else if (!C.error[0]) {
		abort();                         /* every failure says why */
	}
	{       /* the shell-file reader alone on the whole input */
		struct shvar sv;
		char key[SHVAR_KEY_MAX + 1], val[128], why[200];
		shvar_init(&sv, (const char *)data, size);
		while (shvar_next(&sv, key, val, sizeof val, why, sizeof why) == 1)
			;
	}
	free(s);
	return 0;
}
