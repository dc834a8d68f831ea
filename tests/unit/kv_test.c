/* kv: quoting must survive a real shell, whatever the value.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kv.h"
#include "test.h"

/* Source the file in sh and have it print the variable back; compare. */
static int roundtrip(const char *path, const char *want)
{
	char cmd[512], got[4096];
	size_t n;
	FILE *p;

	snprintf(cmd, sizeof cmd, "sh -c '. \"%s\" && printf %%s \"$V\"; echo x >/dev/null'", path);
	p = popen(cmd, "r");
	if (!p)
		return 0;
	n = fread(got, 1, sizeof got - 1, p);
	got[n] = 0;
	return pclose(p) == 0 && strcmp(got, want) == 0;
}

int main(void)
{
	static const char *const hostile[] = {
		"plain", "", "it's", "'", "''''", "'; touch /tmp/kv_pwned; '", "$(touch /tmp/kv_pwned)",
		"`touch /tmp/kv_pwned`", "a\nb", "\\'\\", "x'\"$HOME\"'y", "\t\r\001\177\377",
		"'\\''", "${V:=bad}", "end\\",
	};
	char buf[8192], small[16], path[] = "/tmp/kv_testXXXXXX";
	struct kv_buf b = { buf, sizeof buf, 0 };
	int fd = mkstemp(path);
	size_t i;

	ok(fd >= 0, "temp file");
	close(fd);
	unlink("/tmp/kv_pwned");
	for (i = 0; i < NELEM(hostile); i++) {
		b.len = 0;
		ok(kv_add(&b, "V", hostile[i]) == 0, "add value %zu", i);
		ok(kv_save(&b, path, 0600) == 0, "save value %zu", i);
		ok(roundtrip(path, hostile[i]), "value %zu survives sh unchanged", i);
	}
	ok(access("/tmp/kv_pwned", F_OK) != 0, "no hostile value ran a command");
	b.len = 0;
	buf[0] = 0;
	ok(kv_add(&b, "1BAD", "x") == -EINVAL, "key starting with a digit refused");
	ok(kv_add(&b, "A-B", "x") == -EINVAL, "key with '-' refused");
	ok(kv_add(&b, "A;B", "x") == -EINVAL, "key with ';' refused");
	ok(kv_add(&b, "", "x") == -EINVAL, "empty key refused");
	ok(kv_add(&b, "K", NULL) == -EINVAL, "NULL value refused");
	ok(b.len == 0 && buf[0] == 0, "refusals leave buffer unchanged");
	struct kv_buf s = { small, sizeof small, 0 };
	ok(kv_add(&s, "KEY", "12345678") == 0, "fits exactly: %s", small);
	ok(kv_add(&s, "K", "x") == -ENOSPC && s.len == 15, "overflow refused, buffer unchanged");
	b.len = 0;
	kv_add(&b, "DEVICE", "eth0");
	kv_add(&b, "ROOTPATH", "iscsi:10.0.0.1::3260:1:iqn.x");
	ok(strcmp(buf, "DEVICE='eth0'\nROOTPATH='iscsi:10.0.0.1::3260:1:iqn.x'\n") == 0,
	   "klibc-style lines");
	ok(kv_save(&b, "/nonexistent-dir/x", 0644) == -ENOENT, "save into missing dir -> -ENOENT");
	unlink(path);
	return done();
}
