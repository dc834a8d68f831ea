/* cmdline — see cmdline.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmdline.h"
#include "sysfs.h"

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

unsigned cmdline_errline(const struct cmdline *c)
{
	return c->errline;
}

int cmdline_parse(struct cmdline *c, const char *text, size_t len, int mode)
{
	char *p, *end;
	unsigned line = 1;

	c->n = 0;
	c->unterminated = 0;
	c->errline = 0;
	if (len > CMDLINE_MAX_BYTES)
		return -E2BIG;
	memcpy(c->buf, text, len);
	c->buf[len] = 0;
	end = c->buf + strlen(c->buf);          /* a NUL byte ends the text */
	p = c->buf;
	for (;;) {
		char *tok, *eq = NULL, *val, *q;
		int inq = 0, quoted = 0;
		unsigned tokline;

		while (p < end && is_space(*p)) {
			if (*p == '\n')
				line++;
			p++;
		}
		if (p >= end)
			break;
		if (mode == CMDLINE_FILE && *p == '#') {
			while (p < end && *p != '\n')
				p++;
			continue;
		}
		tokline = line;
		if (*p == '"') {
			p++;
			inq = quoted = 1;
		}
		tok = p;
		for (q = p; q < end; q++) {
			if (*q == '\n' && mode == CMDLINE_FILE && inq) {
				c->errline = line;
				c->n = 0;
				return -EINVAL;
			}
			if (is_space(*q) && !inq)
				break;
			if (!eq && *q == '=')
				eq = q;
			if (*q == '"')
				inq = !inq;
		}
		if (inq) {
			if (mode == CMDLINE_FILE) {
				c->errline = line;
				c->n = 0;
				return -EINVAL;
			}
			c->unterminated = 1;
		}
		p = q;
		if (p < end) {
			if (*p == '\n')
				line++;
			*p++ = 0;               /* the separator becomes the terminator */
		}
		/* q is one past the token's last byte; value first, as the kernel */
		if (eq) {
			*eq = 0;
			val = eq + 1;
			if (*val == '"') {
				val++;
				if (q > val && q[-1] == '"')
					q[-1] = 0;
			}
		} else {
			val = NULL;
		}
		if (quoted && q > tok && q[-1] == '"')
			q[-1] = 0;
		if (!strcmp(tok, "--") && !val && !quoted)
			break;                  /* the rest belongs to init */
		if (!*tok)
			continue;               /* "=x" or an empty quoted token */
		if (c->n >= CMDLINE_MAX_ARGS) {
			c->n = 0;
			return -E2BIG;
		}
		c->arg[c->n].key = tok;
		c->arg[c->n].val = val;
		c->arg[c->n].line = tokline;
		c->n++;
	}
	return 0;
}

int cmdline_read(struct cmdline *c, const char *path, int mode)
{
	/* one spare byte for the NUL sysfs_read_raw adds: a longer file is -EFBIG */
	static char raw[CMDLINE_MAX_BYTES + 1];
	int n;

	if (!path)
		path = getenv("ISCSIROOT_CMDLINE");
	if (!path || !*path)
		path = "/proc/cmdline";
	n = sysfs_read_raw(path, raw, sizeof raw);
	if (n == -EFBIG)
		return -E2BIG;
	if (n < 0)
		return n;
	return cmdline_parse(c, raw, (size_t)n, mode);
}

const char *cmdline_get(const struct cmdline *c, const char *key)
{
	const char *v = NULL;
	unsigned i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->arg[i].key, key))
			v = c->arg[i].val ? c->arg[i].val : "";
	return v;
}

int cmdline_word(const char *val, const char *list, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++, list += strlen(list) + 1)
		if (!strcmp(val, list))
			return (int)i;
	return -1;
}

int cmdline_bool(const char *val, int def)
{
	int i;

	if (!val)
		return def;
	/* the first six mean yes, the other five no */
	i = cmdline_word(val, "\0" "1\0" "yes\0" "on\0" "true\0" "y\0"
			 "0\0" "no\0" "off\0" "false\0" "n", 11);
	if (i < 0)
		return -EINVAL;
	return i < 6;
}
