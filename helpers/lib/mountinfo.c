/* mountinfo — see mountinfo.h.  SPDX-License-Identifier: GPL-2.0-or-later
 * Field layout: proc(5) "/proc/pid/mountinfo"; octal escapes of space, tab,
 * newline and backslash as the kernel's seq_file mangle writes them.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "mountinfo.h"
#include "num.h"
#include "sysfs.h"

static void unescape(char *s)
{
	char *o = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			char ch = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			if (ch) {
				*o++ = ch;
				s += 4;
				continue;
			}
		}
		*o++ = *s++;
	}
	*o = 0;
}

static int copy_field(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (n >= cap)
		return -EINVAL;
	memcpy(dst, src, n + 1);
	return 0;
}

int mountinfo_parse(char *line, struct mountinfo *m)
{
	char *f[64], *save = NULL, *t, *colon;
	int n = 0, dash = -1;
	uint64_t v;

	for (t = strtok_r(line, " ", &save); t && n < 64; t = strtok_r(NULL, " ", &save))
		f[n++] = t;
	if (t)
		return -EINVAL;
	for (int i = 6; i < n; i++)
		if (!strcmp(f[i], "-")) {
			dash = i;
			break;
		}
	if (n < 6 || dash < 0 || dash + 2 >= n)
		return -EINVAL;
	colon = strchr(f[2], ':');
	if (!colon)
		return -EINVAL;
	*colon = 0;
	if (num_u64(f[2], 0, (1u << 20) - 1, &v))
		return -EINVAL;
	m->major = (unsigned)v;
	if (num_u64(colon + 1, 0, (1u << 20) - 1, &v))
		return -EINVAL;
	m->minor = (unsigned)v;
	unescape(f[4]);
	unescape(f[dash + 2]);
	if (copy_field(m->mountpoint, sizeof m->mountpoint, f[4]) ||
	    copy_field(m->fstype, sizeof m->fstype, f[dash + 1]) ||
	    copy_field(m->source, sizeof m->source, f[dash + 2]))
		return -EINVAL;
	return 0;
}

struct find {
	const char *want;
	struct mountinfo *found, tmp;
	int have;
	unsigned bad;
};

static int find_cb(char *line, void *arg)
{
	struct find *m = arg;

	if (mountinfo_parse(line, &m->tmp)) {
		m->bad++;
		return 0;
	}
	if (!strcmp(m->tmp.mountpoint, m->want)) {   /* the last one is on top */
		*m->found = m->tmp;
		m->have = 1;
	}
	return 0;
}

int mountinfo_lookup(const char *path, const char *mp, struct mountinfo *out, unsigned *bad)
{
	struct find m;
	int rc;

	memset(&m, 0, sizeof m);
	m.want = mp;
	m.found = out;
	rc = sysfs_lines(path, find_cb, &m, NULL);
	if (bad)
		*bad = m.bad;
	if (rc)
		return rc;
	return m.have;
}
