/* sysfs: bounded reads never truncate silently, numbers are range-checked.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sysfs.h"
#include "test.h"

static char dir[] = "/tmp/sysfs_testXXXXXX";

static const char *put(const char *name, const char *data, size_t len)
{
	static char p[256];
	FILE *f;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	f = fopen(p, "w");
	fwrite(data, 1, len, f);
	fclose(f);
	return p;
}
#define PUT(n, s) put(n, s, sizeof(s) - 1)

struct acc { char all[512]; int n, stop_at; };
static int cb(char *line, void *arg)
{
	struct acc *a = arg;
	size_t l = strlen(a->all);
	snprintf(a->all + l, sizeof a->all - l, "[%.20s]", line);
	return ++a->n == a->stop_at ? 42 : 0;
}

int main(void)
{
	char b[8], big[5000], p[64];
	int64_t v;
	const char *f;
	struct acc a;
	unsigned skipped = 9;

	ok(mkdtemp(dir) != NULL, "temp dir");

	f = PUT("a", "42\n");
	ok(sysfs_read(f, b, sizeof b) == 2 && !strcmp(b, "42"), "newline trimmed");
	f = PUT("b", "1234567");
	ok(sysfs_read(f, b, sizeof b) == 7 && !strcmp(b, "1234567"), "exactly cap-1 bytes fit");
	f = PUT("c", "12345678");
	ok(sysfs_read(f, b, sizeof b) == -EFBIG && b[0] == 0, "one byte more is -EFBIG, never truncated");
	f = PUT("d", "a\0b\n");
	ok(sysfs_read(f, b, sizeof b) == -EINVAL, "embedded NUL refused for text");
	ok(sysfs_read_raw(f, b, sizeof b) == 4 && b[2] == 'b', "raw read keeps NULs");
	ok(sysfs_read("/nonexistent/x", b, sizeof b) == -ENOENT, "missing file -ENOENT");
	ok(sysfs_read_raw(f, b, 0) == -EINVAL, "cap 0 refused");
	f = PUT("h", "@iscsistart\0--a-long-argument");
	ok(sysfs_read_head(f, b, sizeof b) == 7 && !memcmp(b, "@iscsis", 8), "head: first cap-1 bytes");
	f = PUT("h2", "ab");
	ok(sysfs_read_head(f, b, sizeof b) == 2 && !strcmp(b, "ab"), "head: short file whole");
	ok(sysfs_read_head("/nonexistent", b, sizeof b) == -ENOENT, "head: missing file");
	f = PUT("e", "  \t\n\n");
	ok(sysfs_read(f, b, sizeof b) == 0 && b[0] == 0, "whitespace only -> empty");

	static const struct { const char *in; int64_t min, max; int rc; int64_t want; } n[] = {
		{ "86400\n", -1, INT32_MAX, 0, 86400 },
		{ "-1\n", -1, INT32_MAX, 0, -1 },
		{ "-2\n", -1, INT32_MAX, -ERANGE, 0 },
		{ "0", 1, 10, -ERANGE, 0 },
		{ "11", 1, 10, -ERANGE, 0 },
		{ "abc", 0, 10, -EINVAL, 0 },
		{ "-", -5, 10, -EINVAL, 0 },
		{ "", 0, 10, -EINVAL, 0 },
		{ "+5", 0, 10, -EINVAL, 0 },
		{ "5 ", 0, 10, 0, 5 },
		{ "1 2", 0, 10, -EINVAL, 0 },
		{ "-9223372036854775808", INT64_MIN, 0, 0, INT64_MIN },
		{ "9223372036854775808", 0, INT64_MAX, -ERANGE, 0 },
		{ "99999999999999999999999", 0, INT64_MAX, -ERANGE, 0 },
		{ "0x10", 0, 100, -EINVAL, 0 },
	};
	for (size_t i = 0; i < NELEM(n); i++) {
		int rc;
		v = 12345;
		f = put("n", n[i].in, strlen(n[i].in));
		rc = sysfs_read_s64(f, n[i].min, n[i].max, &v);
		ok(rc == n[i].rc && (rc || v == n[i].want), "s64 case %zu -> %d (got %d, %lld)", i,
		   n[i].rc, rc, (long long)v);
	}
	memset(big, '7', sizeof big);
	f = put("big", big, sizeof big);
	ok(sysfs_read_s64(f, 0, 10, &v) == -EFBIG, "over-long number -EFBIG");

	f = PUT("w", "old\n");
	ok(sysfs_write(f, "180") == 0 && sysfs_read(f, b, sizeof b) == 3 && !strcmp(b, "180"),
	   "write replaces the value");
	ok(sysfs_write("/nonexistent/x", "1") == -ENOENT, "write to missing file -ENOENT");

	ok(sysfs_path(p, sizeof p, "%s/%s", "a", "b") == 0 && !strcmp(p, "a/b"), "path joins");
	memset(big, 'x', 100);
	big[100] = 0;
	ok(sysfs_path(p, sizeof p, "%s", big) == -ENAMETOOLONG && p[0] == 0, "too long refused");

	memset(&a, 0, sizeof a);
	f = PUT("l1", "one\ntwo\n\nlast");
	ok(sysfs_lines(f, cb, &a, &skipped) == 0 && !strcmp(a.all, "[one][two][][last]") && skipped == 0,
	   "lines: %s", a.all);
	memset(&a, 0, sizeof a);
	a.stop_at = 2;
	ok(sysfs_lines(f, cb, &a, NULL) == 42 && !strcmp(a.all, "[one][two]"), "callback stops the walk");
	memset(big, 'y', sizeof big);
	memcpy(big, "head\n", 5);
	memcpy(big + sizeof big - 5, "\ntail", 5);
	f = put("l2", big, sizeof big);
	memset(&a, 0, sizeof a);
	ok(sysfs_lines(f, cb, &a, &skipped) == 0 && !strcmp(a.all, "[head][tail]") && skipped == 1,
	   "over-long line skipped whole and counted: %s %u", a.all, skipped);
	memset(big, 'z', sizeof big);
	f = put("l3", big, 4095);
	memset(&a, 0, sizeof a);
	ok(sysfs_lines(f, cb, &a, &skipped) == 0 && a.n == 0 && skipped == 1, "4095 bytes, no newline: skipped");
	f = put("l4", big, 4094);
	memset(&a, 0, sizeof a);
	ok(sysfs_lines(f, cb, &a, &skipped) == 0 && a.n == 1 && skipped == 0, "4094 bytes: one line");
	ok(sysfs_lines("/nonexistent", cb, &a, NULL) == -ENOENT, "lines of missing file -ENOENT");

	snprintf(p, sizeof p, "%s/x/y/z", dir);
	ok(sysfs_mkdirs(p) == 0 && access(p, F_OK) == 0 && sysfs_mkdirs(p) == 0, "mkdirs, twice");
	f = PUT("file", "x");
	snprintf(p, sizeof p, "%s/file/sub", dir);
	ok(sysfs_mkdirs(p) == -ENOTDIR, "mkdirs through a file -ENOTDIR");

	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ok(system(cmd) == 0, "cleanup");
	return done();
}
