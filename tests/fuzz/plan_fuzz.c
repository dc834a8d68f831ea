/* Fuzz the hook plan (iscsistart --explain-sh): input = kernel command line
 * NUL iscsiroot.conf; every line out must be PLAN_<KEY>='<quoted value>'.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "conf.h"
#include "plan.h"

static struct cfg C;
static struct cmdline CL;
static char out[16384];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 2), *conf = NULL, *p, *nl;
	struct kv_buf b = { out, sizeof out, 0 };

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = s[size + 1] = 0;
	if (strlen(s) < size)
		conf = s + strlen(s) + 1;
	if (conf_text(&C, s, conf, NULL) == 0 &&
	    cmdline_parse(&CL, s, strlen(s), CMDLINE_KERNEL) == 0) {
		if (plan_kv(&C, &CL, &b))
			abort();                 /* 16 KiB holds any plan */
		/* read it back as sh would: PLAN_KEY=' ... ' with '\'' inside */
		for (p = out; *p;) {
			if (strncmp(p, "PLAN_", 5))
				abort();
			p += strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789");
			if (strncmp(p, "='", 2))
				abort();
			for (p += 2;;) {
				if (!(nl = strchr(p, '\'')))
					abort();
				p = nl + 1;
				if (strncmp(p, "\\''", 3))
					break;
				p += 3;
			}
			if (*p++ != '\n')
				abort();
		}
	}
	free(s);
	return 0;
}
