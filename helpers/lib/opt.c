/* opt — see opt.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <string.h>

#include "opt.h"

static int fail(struct opt_state *st, int why, const char *bad, char c)
{
	st->why = why;
	st->bad = bad;
	st->c = c;
	return OPT_ERR;
}

int opt_next(const struct opt *opts, size_t n, int argc, char **argv, struct opt_state *st)
{
	const char *a, *eq;
	size_t k, l;

	if (st->i >= argc)
		return OPT_END;
	a = argv[st->i];
	if (!st->ci) {
		if (a[0] != '-' || !a[1]) {
			if (!st->positional)
				return fail(st, OPT_EUNEXPECTED, a, 0);
			st->val = argv[st->i++];
			return OPT_POS;
		}
		if (!strcmp(a, "--")) {
			if (st->no_operands)
				return fail(st, OPT_EUNEXPECTED, a, 0);
			st->i++;        /* what follows is the caller's */
			return OPT_END;
		}
		if (a[1] == '-') {
			eq = strchr(a, '=');
			l = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			for (k = 0; k < n; k++)
				if (opts[k].l[0] && strlen(opts[k].l) == l && !memcmp(opts[k].l, a + 2, l))
					break;
			if (k == n)
				return fail(st, OPT_EUNKNOWN, a, 0);
			st->i++;
			st->val = eq ? eq + 1 : NULL;
			if (opts[k].arg == OPT_NOARG && eq) {
				st->name = opts[k].l;
				return fail(st, OPT_ENOVAL, a, 0);
			}
			if (opts[k].arg == OPT_ARG && !eq) {
				if (st->i >= argc)
					return fail(st, OPT_ENEED, a, 0);
				st->val = argv[st->i++];
			}
			return opts[k].id;
		}
		st->ci = 1;
	}
	for (k = 0; k < n && opts[k].id != (unsigned char)a[st->ci]; k++)
		;
	if (k == n)
		return fail(st, OPT_EUNKNOWN, a, a[st->ci]);
	if (opts[k].arg != OPT_ARG) {
		if (!a[++st->ci]) {
			st->ci = 0;
			st->i++;
		}
		return opts[k].id;
	}
	if (a[st->ci + 1])
		st->val = a + st->ci + 1;
	else if (st->i + 1 < argc)
		st->val = argv[++st->i];
	else
		return fail(st, OPT_ENEED, a, a[st->ci]);
	st->ci = 0;
	st->i++;
	return opts[k].id;
}

char *opt_why(const struct opt_state *st, char *buf, size_t len)
{
	char s[3] = { '-', st->c, 0 };
	const char *what = st->c ? s : st->bad;

	switch (st->why) {
	case OPT_EUNEXPECTED:
		snprintf(buf, len, "unexpected argument '%s'", st->bad);
		break;
	case OPT_EUNKNOWN:
		snprintf(buf, len, "unknown option '%s'", what);
		break;
	case OPT_ENOVAL:
		snprintf(buf, len, "option '--%s' takes no value", st->name);
		break;
	default:
		snprintf(buf, len, "option '%s' needs a value", what);
	}
	return buf;
}
