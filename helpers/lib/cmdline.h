/* cmdline — split a kernel command line (or a file in the same syntax) into
 * key[=value] parameters, with the kernel's own quoting rules.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Quoting follows the kernel's parser (lib/cmdline.c next_arg, read for facts):
 * a '"' toggles quoting anywhere in a token, so whitespace inside quotes does
 * not split; the value loses one leading '"' and the matching trailing '"'
 * ("key=\"a b\"" → key, "a b"); a token that starts with '"' loses that quote
 * and a trailing one ("\"key=a b\"" → key, "a b"); other quotes stay. "--"
 * ends the parameters (what follows is init's argv, not configuration).
 */
#ifndef ISCSIROOT_CMDLINE_H
#define ISCSIROOT_CMDLINE_H
#include <stddef.h>

#define CMDLINE_MAX_BYTES 8192  /* larger than any COMMAND_LINE_SIZE (x86: 2048) */
#define CMDLINE_MAX_ARGS  512

enum {
	CMDLINE_KERNEL = 0,     /* /proc/cmdline: one line, '#' is an ordinary byte */
	CMDLINE_FILE = 1,       /* conf file: '#' at a token start comments out the rest
	                         * of its line; a quote must close on its own line */
};

struct cmdline_arg {
	const char *key;        /* never NULL, never empty */
	const char *val;        /* NULL for a bare "key" (no '='), else the value */
	unsigned line;          /* 1-based line number (CMDLINE_FILE), else 1 */
};

struct cmdline {
	char buf[CMDLINE_MAX_BYTES + 1];
	unsigned n;
	struct cmdline_arg arg[CMDLINE_MAX_ARGS];
	unsigned unterminated;  /* kernel mode: a quote ran to the end of the line */
	unsigned errline;       /* file mode: line of the quote left open (-EINVAL) */
};

/* Split text[0..len) into c->arg[]. Bounds: len <= CMDLINE_MAX_BYTES, at most
 * CMDLINE_MAX_ARGS parameters; text is copied into c->buf, need not be NUL
 * terminated and may hold any byte. A NUL byte ends the text (as in the kernel).
 * Tokens without a key ("=x") are dropped. Returns 0; -E2BIG when the text or
 * the parameter count is over the bound (nothing is half-parsed: c->n = 0);
 * -EINVAL in CMDLINE_FILE mode for a quote left open at the end of a line
 * (its line number is then in c->errline, also returned by cmdline_errline). */
int cmdline_parse(struct cmdline *c, const char *text, size_t len, int mode);

/* Line of the last -EINVAL from cmdline_parse (CMDLINE_FILE mode). */
unsigned cmdline_errline(const struct cmdline *c);

/* Read path (NULL: $ISCSIROOT_CMDLINE, else /proc/cmdline) and parse it.
 * Reads at most CMDLINE_MAX_BYTES + 1 bytes: a longer file is -E2BIG.
 * 0 or -errno. */
int cmdline_read(struct cmdline *c, const char *path, int mode);

/* Value of the last parameter named key: "" for a bare key, NULL if absent. */
const char *cmdline_get(const struct cmdline *c, const char *key);

/* dracut's boolean reading (getargbool): absent → def; bare key, "1", "yes",
 * "on", "true", "y" → 1; "0", "no", "off", "false", "n" → 0; anything else
 * -EINVAL (never guessed). Returns 0 or 1, or -EINVAL. */
int cmdline_bool(const char *val, int def);

/* The index of val among the n NUL-terminated words packed in list, or -1. */
int cmdline_word(const char *val, const char *list, unsigned n);

#endif
