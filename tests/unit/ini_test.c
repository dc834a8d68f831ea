/* ini: the section walk over good and hostile INI text (what reaches the
 * callback, in order).  SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdlib.h>
#include <string.h>
#include "ini.h"
#include "test.h"

/* "key=val;" for each assignment seen */
static void collect(const char *key, const char *val, void *arg)
{
	char *out = arg;
	size_t l = strlen(out);

	snprintf(out + l, 4096 - l, "%s=%s;", key, val);
}

static void table(void)
{
	static const struct { const char *text, *sect, *want; } t[] = {
		{ "[A]\nx=1\ny=2\n", "A", "x=1;y=2;" },
		{ "[A]\nx=1\n[B]\ny=2\n[A]\nz=3\n", "A", "x=1;z=3;" },
		{ "[A]\nx=1\n[B]\ny=2\n", "B", "y=2;" },
		{ "x=0\n[A]\nx=1\n", "A", "x=1;" },                 /* before any section: none */
		{ "[a]\nx=1\n", "A", "" },                          /* case-sensitive */
		{ "[A ]\nx=1\n", "A", "" },
		{ "[AB]\nx=1\n", "A", "" },
		{ "[A\nx=1\n", "A", "" },
		{ "  [A]  \n  x  =  1  \n\tkey\t=\tv w\t\r\n", "A", "x=1;key=v w;" },
		{ "[A]\n# x=1\n; y=2\n\n   \nz=3", "A", "z=3;" },  /* no final newline */
		{ "[A]\nnoequals\n=v\nk=\nk==\n", "A", "=v;k=;k==;" },
		{ "[A]\r\nx=1\r\n", "A", "x=1;" },
		{ "[]\nx=1\n", "", "x=1;" },
		{ "", "A", "" },
		{ "[A]\nx=a=b\n", "A", "x=a=b;" },
	};
	char out[4096];

	for (size_t i = 0; i < NELEM(t); i++) {
		out[0] = 0;
		ini_each(t[i].text, t[i].sect, collect, out);
		ok(!strcmp(out, t[i].want), "ini %zu -> '%s' (got '%s')", i, t[i].want, out);
	}
}

static void bounds(void)
{
	char out[4096], *big = malloc(3 * INI_LINE);

	/* INI_LINE-2 bytes: kept; INI_LINE-1 and longer: skipped whole */
	for (int len = INI_LINE - 3; len <= INI_LINE + 1; len++) {
		size_t o;

		strcpy(big, "[A]\nk=");
		o = strlen(big);
		memset(big + o, 'v', (size_t)len - 2);
		strcpy(big + o + len - 2, "\nz=1\n");
		out[0] = 0;
		ini_each(big, "A", collect, out);
		ok(len < INI_LINE - 1 ? !strncmp(out, "k=vvv", 5) && strstr(out, ";z=1;") != NULL
				      : !strcmp(out, "z=1;"),
		   "line of %d bytes %s", len, len < INI_LINE - 1 ? "kept" : "skipped whole");
	}
	/* an over-long section header does not switch sections */
	strcpy(big, "[A]\n[");
	memset(big + 5, 'B', 2 * INI_LINE);
	strcpy(big + 5 + 2 * INI_LINE, "]\nx=1\n");
	out[0] = 0;
	ini_each(big, "A", collect, out);
	ok(!strcmp(out, "x=1;"), "over-long header ignored");
	free(big);
}

int main(void)
{
	table();
	bounds();
	return done();
}
