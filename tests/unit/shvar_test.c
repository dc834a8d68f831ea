/* shvar: shell assignment files read without a shell; compared with sh itself.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shvar.h"
#include "test.h"

/* what sh makes of "V=<text>" */
static int sh_value(const char *assign, char *out, size_t cap)
{
	char path[] = "/tmp/shvar_XXXXXX", cmd[128];
	int fd = mkstemp(path);
	FILE *p;
	size_t n;

	if (fd < 0)
		return -1;
	(void)!write(fd, assign, strlen(assign));
	close(fd);
	snprintf(cmd, sizeof cmd, "sh -c '. %s; printf %%s \"$V\"'", path);
	p = popen(cmd, "r");
	n = fread(out, 1, cap - 1, p);
	out[n] = 0;
	pclose(p);
	unlink(path);
	return 0;
}

int main(void)
{
	static const char *const same[] = {
		"V=plain\n", "V='single quoted'\n", "V=\"double quoted\"\n", "V=a'b c'\"d e\"f\n",
		"V=\"esc \\\" \\\\ \\$ \\` x\"\n", "V=back\\ slash\n", "export V=exported\n",
		"V=   # comment after nothing\n", "V='multi\nline'\n", "V=\"a\\\nb\"\n", "V=x # c\n",
		"V=iqn.1993-08.org.debian:01:abc\n", "  V=indented\n", "V=''\n", "V=\"it's\"\n",
	};
	static const char *const refused[] = {
		"V=$(reboot)\n", "V=`id`\n", "V=\"$HOME\"\n", "V=a;b\n", "V=a|b\n", "V=(x)\n", "V=a&\n",
		"V=a b\n", "reboot\n", "1V=x\n", "V='open\n", "V=\"open\n", "V=x\\", "V+=x\n",
		". /etc/passwd\n", "export\t\t",
	};
	struct shvar sv;
	char key[SHVAR_KEY_MAX + 1], val[64], why[200], want[256];
	size_t i;

	for (i = 0; i < NELEM(same); i++) {
		int rc;
		shvar_init(&sv, same[i], strlen(same[i]));
		rc = shvar_next(&sv, key, val, sizeof val, why, sizeof why);
		sh_value(same[i], want, sizeof want);
		if (!ok(rc == 1 && !strcmp(key, "V") && !strcmp(val, want), "same as sh: %s", same[i]))
			printf("#  rc %d (%s) got '%s' sh '%s'\n", rc, rc < 0 ? why : "", val, want);
		ok(shvar_next(&sv, key, val, sizeof val, why, sizeof why) == 0, "then the end");
	}
	for (i = 0; i < NELEM(refused); i++) {
		shvar_init(&sv, refused[i], strlen(refused[i]));
		ok(shvar_next(&sv, key, val, sizeof val, why, sizeof why) == -EINVAL &&
		   !strncmp(why, "line 1: ", 8), "refused: %s → %s", refused[i], why);
	}
	{
		const char *t = "# header\n\nA=1\n\n# x\nB='two\nlines'\nC=3\nbad line\n";
		int r1, r2, r3, r4;
		unsigned l1, l2, l3;

		shvar_init(&sv, t, strlen(t));
		r1 = shvar_next(&sv, key, val, sizeof val, why, sizeof why); l1 = sv.line;
		r2 = shvar_next(&sv, key, val, sizeof val, why, sizeof why); l2 = sv.line;
		r3 = shvar_next(&sv, key, val, sizeof val, why, sizeof why); l3 = sv.line;
		r3 = r3 == 1 && !strcmp(key, "C");
		r4 = shvar_next(&sv, key, val, sizeof val, why, sizeof why);
		ok(r1 == 1 && l1 == 3 && r2 == 1 && r3 && l2 == 6 && l3 == 8,
		   "line numbers follow the text (%u %u %u)", l1, l2, l3);
		ok(r4 == -EINVAL && !strncmp(why, "line 9:", 7), "error names line 9: %s", why);
	}
	{
		char small[4];
		shvar_init(&sv, "V=12345\n", 8);
		ok(shvar_next(&sv, key, small, sizeof small, why, sizeof why) == -EINVAL &&
		   strstr(why, "longer than 3"), "value over the buffer refused, not cut: %s", why);
	}
	return done();
}
