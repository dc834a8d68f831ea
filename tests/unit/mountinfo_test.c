/* mountinfo: the line parser against good and hostile lines, and the lookup
 * of the mount on top of a mount point.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mountinfo.h"
#include "test.h"

static void mountinfo(void)
{
	static const struct { const char *line; int rc; unsigned maj, min; const char *mp, *fs, *src; } t[] = {
		{ "28 1 253:0 / / rw,relatime shared:1 - ext4 /dev/mapper/vg-root rw", 0, 253, 0, "/", "ext4", "/dev/mapper/vg-root" },
		{ "28 1 8:1 / /root rw - ext4 /dev/sda1 rw", 0, 8, 1, "/root", "ext4", "/dev/sda1" },
		{ "28 1 8:1 / /root rw master:1 propagate_from:2 unbindable - xfs /dev/sda1 rw", 0, 8, 1, "/root", "xfs", "/dev/sda1" },
		{ "41 28 0:40 / /mnt/a\\040b rw - tmpfs my\\011src rw", 0, 0, 40, "/mnt/a b", "tmpfs", "my\tsrc" },
		{ "41 28 0:40 / /x\\000y rw - tmpfs none rw", 0, 0, 40, "/x\\000y", "tmpfs", "none" },
		{ "41 28 0:40 / /x\\9 rw - tmpfs none rw", 0, 0, 40, "/x\\9", "tmpfs", "none" },
		{ "28 1 1048576:0 / / rw - ext4 /dev/x rw", -EINVAL, 0, 0, 0, 0, 0 },
		{ "28 1 8:1048576 / / rw - ext4 /dev/x rw", -EINVAL, 0, 0, 0, 0, 0 },
		{ "28 1 8-1 / / rw - ext4 /dev/x rw", -EINVAL, 0, 0, 0, 0, 0 },
		{ "28 1 :1 / / rw - ext4 /dev/x rw", -EINVAL, 0, 0, 0, 0, 0 },
		{ "28 1 8:1 / / rw ext4 /dev/x rw", -EINVAL, 0, 0, 0, 0, 0 },
		{ "28 1 8:1 / / rw - ext4", -EINVAL, 0, 0, 0, 0, 0 },
		{ "28 1 8:1 / /", -EINVAL, 0, 0, 0, 0, 0 },
		{ "", -EINVAL, 0, 0, 0, 0, 0 },
		{ "- - - - - - - - -", -EINVAL, 0, 0, 0, 0, 0 },
		{ "28 1 8:1 / / rw - ext4567890123456789012345678901234 /dev/x rw", -EINVAL, 0, 0, 0, 0, 0 },
	};
	struct mountinfo m;
	char line[1200];

	for (size_t i = 0; i < NELEM(t); i++) {
		int rc;
		snprintf(line, sizeof line, "%s", t[i].line);
		rc = mountinfo_parse(line, &m);
		ok(rc == t[i].rc && (rc || (m.major == t[i].maj && m.minor == t[i].min &&
				      !strcmp(m.mountpoint, t[i].mp) && !strcmp(m.fstype, t[i].fs) &&
				      !strcmp(m.source, t[i].src))),
		   "mountinfo %zu -> %d (got %d)", i, t[i].rc, rc);
	}
	/* a mount point longer than the field */
	char *p = line;
	p += sprintf(p, "1 1 8:1 / /");
	memset(p, 'a', 600);
	strcpy(p + 600, " rw - ext4 /dev/x rw");
	ok(mountinfo_parse(line, &m) == -EINVAL, "mount point longer than MOUNTINFO_PATH refused");
	/* more than 64 fields */
	p = line;
	p += sprintf(p, "1 1 8:1 / / rw");
	for (int i = 0; i < 70; i++)
		p += sprintf(p, " o%d", i);
	strcpy(p, " - ext4 /dev/x rw");
	ok(mountinfo_parse(line, &m) == -EINVAL, "more than 64 fields refused");
}

static void lookup(void)
{
	char path[] = "/tmp/mountinfo_testXXXXXX";
	struct mountinfo m;
	unsigned bad = 99;
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	fputs("22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
	      "not a mountinfo line\n"
	      "23 22 0:5 / /proc rw - proc proc rw\n"
	      "30 22 253:0 / / rw - ext4 /dev/mapper/root rw\n"
	      "31 22 8:2 / /usr rw - xfs /dev/sda2 rw\n", f);
	fclose(f);
	ok(mountinfo_lookup(path, "/", &m, &bad) == 1 && m.major == 253 && m.minor == 0 &&
	   !strcmp(m.source, "/dev/mapper/root") && bad == 1, "the last mount on / is on top, 1 bad line");
	ok(mountinfo_lookup(path, "/usr", &m, NULL) == 1 && !strcmp(m.fstype, "xfs"), "/usr found");
	ok(mountinfo_lookup(path, "/home", &m, &bad) == 0, "not a mount point -> 0");
	ok(mountinfo_lookup(path, "/us", &m, &bad) == 0, "no prefix match");
	unlink(path);
	ok(mountinfo_lookup(path, "/", &m, &bad) == -ENOENT, "missing file -> -ENOENT");
}

int main(void)
{
	mountinfo();
	lookup();
	return done();
}
