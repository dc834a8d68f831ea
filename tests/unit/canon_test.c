/* canon: canon_path against realpath(3) over a tree of links (relative,
 * absolute, chained, dangling, looping), and canon_under's fence.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "canon.h"
#include "test.h"

static char base[] = "/tmp/canon_testXXXXXX";

static void mk(const char *rel)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", base, rel);
	mkdir(p, 0755);
}

static void ln(const char *target, const char *rel)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", base, rel);
	if (symlink(target, p))
		perror(p);
}

int main(void)
{
	/* paths relative to base; each is compared with realpath */
	static const char *const paths[] = {
		"", "a", "a/b", "a/b/c", "a/./b//c/", "a/b/../b/c", "a/../../", "l1", "l1/c", "l2",
		"l2/c", "abs", "abs/c", "chain", "chain/c", "up", "up/b", "a/b/up2", "a/b/up2/a/b/c",
		"dev", "a/b/c/..", "l1/..", "l1/../..", "file", "dotdot", "a/b/c/d/e/f/g/h",
	};
	static const char *const bad[] = { "missing", "a/missing", "dangling", "loop", "loop/x",
		"file/x", "a/b/c/missing/.." };
	char p[512], want[PATH_MAX], got[CANON_MAX], cwd[PATH_MAX], cmd[600];
	int rc;

	ok(mkdtemp(base) != NULL, "temp dir");
	mk("a");
	mk("a/b");
	mk("a/b/c");
	mk("a/b/c/d");
	mk("a/b/c/d/e");
	mk("a/b/c/d/e/f");
	mk("a/b/c/d/e/f/g");
	mk("a/b/c/d/e/f/g/h");
	ln("a/b", "l1");                    /* relative */
	ln("./l1", "l2");                   /* to a link */
	snprintf(p, sizeof p, "%s/a/b", base);
	ln(p, "abs");                       /* absolute */
	ln("l2", "chain");
	ln("a/b/c/../..", "up");            /* .. inside a target */
	ln("../..", "a/b/up2");
	ln("/dev/null", "dev");
	ln("nothing", "dangling");
	ln("loop", "loop");
	ln("..", "dotdot");
	snprintf(p, sizeof p, "%s/file", base);
	fclose(fopen(p, "w"));
	for (size_t i = 0; i < NELEM(paths); i++) {
		snprintf(p, sizeof p, "%s/%s", base, paths[i]);
		if (!realpath(p, want))
			snprintf(want, sizeof want, "(realpath failed)");
		rc = canon_path(p, got, sizeof got);
		ok(rc == 0 && !strcmp(got, want), "'%s' -> '%s' (got %d '%s')", paths[i], want, rc,
		   rc ? "" : got);
	}
	for (size_t i = 0; i < NELEM(bad); i++) {
		snprintf(p, sizeof p, "%s/%s", base, bad[i]);
		rc = canon_path(p, got, sizeof got);
		ok(rc < 0 && !realpath(p, want), "'%s' refused (%d), as realpath", bad[i], rc);
	}
	snprintf(p, sizeof p, "%s/loop", base);
	ok(canon_path(p, got, sizeof got) == -ELOOP, "link loop -> -ELOOP");
	snprintf(p, sizeof p, "%s/missing", base);
	ok(canon_path(p, got, sizeof got) == -ENOENT, "missing -> -ENOENT");
	snprintf(p, sizeof p, "%s/file/x", base);
	ok(canon_path(p, got, sizeof got) == -ENOTDIR, "through a file -> -ENOTDIR");
	ok(canon_path("", got, sizeof got) == -EINVAL, "empty -> -EINVAL");
	ok(canon_path("/", got, sizeof got) == 0 && !strcmp(got, "/"), "/");
	ok(canon_path("/..", got, sizeof got) == 0 && !strcmp(got, "/"), "/.. is /");
	snprintf(p, sizeof p, "%s/a/b/c", base);
	ok(canon_path(p, got, 5) == -ENAMETOOLONG, "small out buffer");
	/* relative to the current directory */
	ok(getcwd(cwd, sizeof cwd) && chdir(base) == 0, "chdir");
	ok(canon_path("l2/c", got, sizeof got) == 0 && realpath("l2/c", want) && !strcmp(got, want),
	   "relative path from the cwd");
	ok(canon_path(".", got, sizeof got) == 0 && realpath(".", want) && !strcmp(got, want), "'.'");
	ok(chdir(cwd) == 0, "chdir back");
	/* a link chain longer than CANON_LINKS */
	for (int i = 0; i <= CANON_LINKS; i++) {
		char t[16], n[16];
		snprintf(t, sizeof t, "n%d", i + 1);
		snprintf(n, sizeof n, "n%d", i);
		ln(i == CANON_LINKS ? "a" : t, n);
	}
	snprintf(p, sizeof p, "%s/n1", base);
	ok(canon_path(p, got, sizeof got) == 0, "%d links followed", CANON_LINKS);
	snprintf(p, sizeof p, "%s/n0", base);
	ok(canon_path(p, got, sizeof got) == -ELOOP, "%d links -> -ELOOP", CANON_LINKS + 1);
	/* a path longer than CANON_MAX */
	char *longp = malloc(CANON_MAX + 16);
	memset(longp, '/', CANON_MAX + 8);
	longp[CANON_MAX + 8] = 0;
	ok(canon_path(longp, got, sizeof got) == -ENAMETOOLONG, "input over CANON_MAX");
	free(longp);

	/* canon_under */
	char under[512];
	snprintf(under, sizeof under, "%s/a", base);
	snprintf(p, sizeof p, "%s/l1/c", base);
	ok(canon_under(p, under, got, sizeof got) == 0 && strstr(got, "/a/b/c"), "under: inside");
	ok(canon_under(under, under, got, sizeof got) == 0, "under: the base itself");
	snprintf(p, sizeof p, "%s/dev", base);
	ok(canon_under(p, under, got, sizeof got) == -EXDEV, "under: link out -> -EXDEV");
	snprintf(p, sizeof p, "%s", base);
	ok(canon_under(p, under, got, sizeof got) == -EXDEV, "under: parent -> -EXDEV");
	snprintf(p, sizeof p, "%s/ab", base);
	mkdir(p, 0755);
	ok(canon_under(p, under, got, sizeof got) == -EXDEV, "under: a sibling sharing the prefix");
	ok(canon_under("/etc", "/", got, sizeof got) == 0, "under /: anything");
	snprintf(p, sizeof p, "%s/missing", base);
	ok(canon_under(p, under, got, sizeof got) == -ENOENT, "under: missing");

	snprintf(cmd, sizeof cmd, "rm -rf %s", base);
	ok(system(cmd) == 0, "cleanup");
	return done();
}
