/* opt — one option parser for the applets: short options (clusters "-nv",
 * "-xVALUE", "-x VALUE"), long options ("--name=VALUE", "--name VALUE"), "--".
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A table instead of getopt_long: smaller, and argv is never permuted (the
 * resident daemons reuse the argv area). Nothing is printed: an error is
 * returned with what was wrong, and opt_why words it the usual way.
 */
#ifndef ISCSIROOT_OPT_H
#define ISCSIROOT_OPT_H
#include <stddef.h>
#include <stdint.h>

struct opt {
	uint16_t id;       /* returned; a printable id is also the short name */
	uint8_t arg;       /* OPT_NOARG, OPT_ARG (a value), OPT_OPTARG ("=VALUE", long only) */
	char l[15];        /* long name ("" none) */
};
#define OPT_NOARG  0
#define OPT_ARG    1
#define OPT_OPTARG 2

struct opt_state {
	int i, ci;          /* argv index, char index in a short cluster; start {1, 0} */
	int positional;     /* set: a non-option is returned as OPT_POS, not an error */
	int no_operands;    /* set: "--" is an error (OPT_EUNEXPECTED), not the end */
	const char *val;    /* the value of the option (or positional) just returned */
	/* after OPT_ERR: */
	int why;            /* OPT_E* */
	const char *bad;    /* the argv element at fault */
	char c;             /* the short option at fault ('\0' for a long one) */
	const char *name;   /* the long option's name (OPT_ENOVAL) */
};
#define OPT_END  0         /* no more options; argv[st->i] is the first not parsed */
#define OPT_POS  (-1)      /* a positional argument, in st->val */
#define OPT_ERR  (-2)
enum { OPT_EUNEXPECTED = 1, OPT_EUNKNOWN, OPT_ENOVAL, OPT_ENEED };

/* The next option of argv[st->i...] (argv untrusted; argc entries): its id,
 * OPT_POS, OPT_END (argv ends, or "--" which is skipped), or OPT_ERR with
 * why/bad/c/name set. */
int opt_next(const struct opt *opts, size_t n, int argc, char **argv, struct opt_state *st);

/* The usual text of the last error into buf ("unknown option '-x'",
 * "unexpected argument 'y'", "option '--z' takes no value", "option '-a'
 * needs a value"), cut to len. Returns buf. */
char *opt_why(const struct opt_state *st, char *buf, size_t len);

#endif
