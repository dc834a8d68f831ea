/* Fuzz the node-parameter table (-P / rd.iscsi.param values from the command
 * line): no crash, only the documented results, a refusal always explained.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "param.h"

/* -P's "NAME=VALUE" as iscsistart splits it */
static int param_nv(struct param_opts *o, const char *nv, char *msg, size_t len)
{
	const char *v = strchr(nv, '=');

	if (!v) {
		snprintf(msg, len, "-P '%s': want NAME=VALUE", nv);
		return -EINVAL;
	}
	return param_set(o, nv, (size_t)(v - nv), v + 1, msg, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct param_opts o;
	char *s = malloc(size + 1), msg[400], *eq;
	int rc;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	msg[0] = 0;
	rc = param_nv(&o, s, msg, sizeof msg);
	if (rc != PARAM_OK && rc != PARAM_NOEFFECT && rc != PARAM_UNKNOWN && rc != -EINVAL)
		abort();
	if (rc != PARAM_OK && !msg[0])
		abort();
	if (o.cfg.lp.hdrdgst > 3 || o.cfg.lp.datadgst > 3 || o.cfg.replacement_timeout < -1 ||
	    o.cfg.replacement_timeout > 30 * 86400 || o.max_recv < 0 || o.max_recv > 16777215)
		abort();
	eq = strchr(s, '=');
	if (eq && param_check(s, (size_t)(eq - s), eq + 1, msg, sizeof msg) != rc)
		abort();                 /* the config parser decides the same */
	memset(&o, 0, sizeof o);         /* the pointers into s go with it */
	free(s);
	return 0;
}
