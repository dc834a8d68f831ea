/* ini — see ini.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "ini.h"

void ini_each(const char *text, const char *sect,
	      void (*fn)(const char *key, const char *val, void *arg), void *arg)
{
	char line[INI_LINE];
	size_t sl = strlen(sect);
	int in = 0;

	while (*text) {
		size_t n = strcspn(text, "\n");
		size_t k = n < sizeof line - 1 ? n : sizeof line - 1;
		char *s = line, *e, *eq;

		memcpy(line, text, k);
		line[k] = 0;
		text += n + (text[n] == '\n');
		if (n >= sizeof line - 1)
			continue;   /* over-long line: ignored, never half-read */
		while (*s == ' ' || *s == '\t')
			s++;
		e = s + strlen(s);
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			*--e = 0;
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			in = e > s && e[-1] == ']' && (size_t)(e - s - 2) == sl &&
			     !strncmp(s + 1, sect, sl);
			continue;
		}
		if (!in || !(eq = strchr(s, '=')))
			continue;
		e = eq;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		*e = 0;
		eq++;
		while (*eq == ' ' || *eq == '\t')
			eq++;
		fn(s, eq, arg);
	}
}
