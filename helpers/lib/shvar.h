/* shvar — read shell variable files (/etc/iscsi/iscsi.initramfs,
 * /run/net-<dev>.conf) without running a shell: KEY=value, KEY='value',
 * KEY="value", optionally "export KEY=…", '#' comments, blank lines.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Anything a shell would expand or execute ($, `, unquoted ( ) ; & | < >) is
 * refused rather than guessed; so is any other kind of line.
 */
#ifndef ISCSIROOT_SHVAR_H
#define ISCSIROOT_SHVAR_H
#include <stddef.h>

#define SHVAR_KEY_MAX 63

struct shvar {
	const char *p, *end;   /* remaining text */
	unsigned line;         /* line where the assignment just returned starts (1-based) */
	unsigned nextline;     /* line the remaining text starts on */
};

void shvar_init(struct shvar *s, const char *text, size_t len);

/* Next assignment. Bounds: reads only text[0..len) given to shvar_init; key gets
 * at most SHVAR_KEY_MAX bytes + NUL, val at most vcap - 1 bytes + NUL (longer is
 * an error, never truncated). Returns 1 (key, val filled), 0 at the end, or
 * -EINVAL with why[] = "line N: reason". */
int shvar_next(struct shvar *s, char key[SHVAR_KEY_MAX + 1], char *val, size_t vcap,
	       char *why, size_t whylen);


#endif
