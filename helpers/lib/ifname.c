/* ifname — see ifname.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "ifname.h"

int ifname_ok(const char *s)
{
	size_t i;

	if (!s || !*s || !strcmp(s, ".") || !strcmp(s, ".."))
		return 0;
	for (i = 0; s[i]; i++) {
		char ch = s[i];
		if (i >= 15)
			return 0;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-' || ch == '@'))
			return 0;
	}
	return 1;
}
