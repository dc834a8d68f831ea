/* note — see note.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdarg.h>
#include <stdio.h>

#include "note.h"

void note_f(const struct note *n, int level, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (!n->fn)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	n->fn(n->ctx, level, line);
}
