/* shvar — see shvar.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "shvar.h"

void shvar_init(struct shvar *s, const char *text, size_t len)
{
	s->p = text;
	s->end = text + len;
	s->line = 0;
	s->nextline = 1;
}

__attribute__((format(printf, 4, 5)))
static int bad(char *why, size_t wl, unsigned line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(why, wl, "line %u: ", line);

	if (n >= 0 && (size_t)n < wl) {
		va_start(ap, fmt);
		vsnprintf(why + n, wl - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static int blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

int shvar_next(struct shvar *s, char key[SHVAR_KEY_MAX + 1], char *val, size_t vcap,
	       char *why, size_t whylen)
{
	const char *p = s->p, *e = s->end;
	unsigned line = s->nextline, cur;
	size_t kl = 0, vl = 0;

	/* skip blank and comment lines; the line counter follows every '\n' */
	for (;;) {
		while (p < e && blank(*p))
			p++;
		if (p < e && *p == '#')
			while (p < e && *p != '\n')
				p++;
		if (p < e && *p == '\n') {
			p++;
			line++;
			continue;
		}
		break;
	}
	s->line = cur = line;
	s->nextline = line;
	if (p >= e || !*p) {
		s->p = e;
		return 0;
	}
	if (e - p > 7 && !memcmp(p, "export", 6) && blank(p[6])) {
		p += 7;
		while (p < e && blank(*p))
			p++;
	}
	if (p >= e || !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '_'))
		return bad(why, whylen, line, "not a KEY=value assignment");
	while (p < e && ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			 (*p >= '0' && *p <= '9') || *p == '_')) {
		if (kl >= SHVAR_KEY_MAX)
			return bad(why, whylen, line, "variable name longer than %d bytes",
				   SHVAR_KEY_MAX);
		key[kl++] = *p++;
	}
	key[kl] = 0;
	if (p >= e || *p != '=')
		return bad(why, whylen, line, "'%s' is not followed by '=' (only plain "
			   "assignments are read, nothing is executed)", key);
	p++;
#define PUT(ch) do { if (vl + 1 >= vcap) return bad(why, whylen, s->line, \
		"value of %s is longer than %zu bytes", key, vcap - 1); val[vl++] = (ch); } while (0)
	while (p < e && *p && !blank(*p) && *p != '\n') {
		if (*p == '\'') {
			for (p++; p < e && *p != '\''; p++) {
				if (*p == '\n')
					cur++;
				PUT(*p);
			}
			if (p >= e)
				return bad(why, whylen, line, "%s: unterminated '", key);
			p++;
		} else if (*p == '"') {
			for (p++; p < e && *p != '"'; p++) {
				if (*p == '$' || *p == '`')
					return bad(why, whylen, line, "%s: '%c' inside \"...\" would be "
						   "expanded by a shell: not supported, use '...'", key, *p);
				if (*p == '\\' && p + 1 < e &&
				    (p[1] == '"' || p[1] == '\\' || p[1] == '$' || p[1] == '`' || p[1] == '\n')) {
					p++;
					if (*p == '\n') {
						cur++;
						continue;
					}
				} else if (*p == '\n') {
					cur++;
				}
				PUT(*p);
			}
			if (p >= e)
				return bad(why, whylen, line, "%s: unterminated \"", key);
			p++;
		} else if (*p == '\\') {
			if (p + 1 >= e)
				return bad(why, whylen, line, "%s: '\\' at the end", key);
			p++;
			if (*p == '\n')
				cur++;
			else
				PUT(*p);
			p++;
		} else if (strchr("$`()&|;<>", *p)) {
			return bad(why, whylen, line, "%s: unquoted '%c' would be interpreted by a "
				   "shell: not supported", key, *p);
		} else {
			PUT(*p);
			p++;
		}
	}
#undef PUT
	val[vl] = 0;
	while (p < e && blank(*p))
		p++;
	if (p < e && *p == '#')
		while (p < e && *p != '\n')
			p++;
	if (p < e && *p && *p != '\n')
		return bad(why, whylen, s->line, "unexpected text after the value of %s", key);
	if (p < e && *p == '\n') {
		p++;
		cur++;
	}
	s->nextline = cur;
	s->p = p;
	return 1;
}

