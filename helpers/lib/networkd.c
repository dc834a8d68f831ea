/* networkd — see networkd.h.  SPDX-License-Identifier: GPL-2.0-or-later
 * Facts: systemd.network(5) — files sorted by name across /etc, /run,
 * /usr/local/lib, /usr/lib (/lib) with same-name override; the first
 * matching file wins; "NAME.network.d/" drop-ins (*.conf) are parsed after
 * it, later ones winning; [Match] globs as fnmatch(3) without flags.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dir.h"
#include "ini.h"
#include "networkd.h"
#include "sort.h"
#include "sysfs.h"

struct match_st {
	const char *ifname, *mac, *driver;
	int any;              /* a [Match] key was seen */
	int unknown;          /* a key we cannot evaluate */
	/* per key: -1 not set, else the list verdict 0/1 */
	int name, mac_ok, drv;
};

static int mac_norm(const char *in, char *out, size_t cap)
{
	size_t o = 0;

	for (; *in; in++) {
		char ch = *in;
		if (ch == ':' || ch == '-' || ch == '.')
			continue;
		if (ch >= 'A' && ch <= 'F')
			ch = (char)(ch - 'A' + 'a');
		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')) || o + 1 >= cap)
			return -EINVAL;
		out[o++] = ch;
	}
	out[o] = 0;
	return o == 12 ? 0 : -EINVAL;
}

/* Shell glob as systemd's [Match] uses it (fnmatch(3) without flags): '*',
 * '?', '[...]' with ranges and '!'/'^' negation, '\\' escapes. Bounds: the
 * recursion depth is the number of '*' in pat, which is capped by the 1 KiB
 * line it comes from; a malformed class matches nothing. */
static int glob(const char *pat, const char *s)
{
	for (; *pat; pat++, s++) {
		if (*pat == '*') {
			while (pat[1] == '*')
				pat++;
			for (const char *t = s;; t++) {
				if (glob(pat + 1, t))
					return 1;
				if (!*t)
					return 0;
			}
		}
		if (!*s)
			return 0;
		if (*pat == '?')
			continue;
		if (*pat == '[') {
			const char *p = pat + 1;
			int neg = *p == '!' || *p == '^', hit = 0;

			if (neg)
				p++;
			do {
				unsigned char lo = (unsigned char)*p, hi;
				if (!*p)
					return 0;
				if (p[1] == '-' && p[2] && p[2] != ']') {
					hi = (unsigned char)p[2];
					p += 3;
				} else {
					hi = lo;
					p++;
				}
				if ((unsigned char)*s >= lo && (unsigned char)*s <= hi)
					hit = 1;
			} while (*p != ']');
			if (hit == neg)
				return 0;
			pat = p;
			continue;
		}
		if (*pat == '\\' && pat[1])
			pat++;
		if (*pat != *s)
			return 0;
	}
	return !*s;
}

/* whether one word of the space-separated list val matches s (match(word, s)) */
static int list_hit(const char *val, int (*match)(const char *, const char *), const char *s)
{
	char buf[1024], *save = NULL, *t;
	int hit = 0;

	snprintf(buf, sizeof buf, "%s", val);
	for (t = strtok_r(buf, " \t", &save); t; t = strtok_r(NULL, " \t", &save))
		if (match(t, s))
			hit = 1;
	return hit;
}

static int glob_word(const char *pat, const char *s)
{
	return s && *s && glob(pat, s);
}

/* space-separated glob list against s; a leading '!' inverts the whole list */
static int glob_list(const char *val, const char *s)
{
	int inv = *val == '!';

	return list_hit(val + inv, glob_word, s) != inv;
}

static int mac_word(const char *word, const char *mac)
{
	char want[16], got[16];

	return mac && !mac_norm(word, want, sizeof want) && !mac_norm(mac, got, sizeof got) &&
	       !strcmp(want, got);
}

static void match_kv(const char *key, const char *val, void *arg)
{
	struct match_st *m = arg;

	m->any = 1;
	if (!strcmp(key, "Name") || !strcmp(key, "OriginalName")) {
		if (!*val)
			m->name = -1;     /* empty assignment resets */
		else
			m->name = (m->name == -1 ? 1 : m->name) & glob_list(val, m->ifname);
	} else if (!strcmp(key, "MACAddress") || !strcmp(key, "PermanentMACAddress")) {
		if (!*val)
			m->mac_ok = -1;
		else
			m->mac_ok = (m->mac_ok == -1 ? 1 : m->mac_ok) & list_hit(val, mac_word, m->mac);
	} else if (!strcmp(key, "Driver")) {
		if (!*val)
			m->drv = -1;
		else if (!m->driver || !*m->driver)
			m->unknown = 1;
		else
			m->drv = (m->drv == -1 ? 1 : m->drv) & glob_list(val, m->driver);
	} else {
		m->unknown = 1;
	}
}

int networkd_match(const char *text, const char *ifname, const char *mac, const char *driver)
{
	struct match_st m = { ifname, mac, driver, 0, 0, -1, -1, -1 };

	ini_each(text, "Match", match_kv, &m);
	if (m.name == 0 || m.mac_ok == 0 || m.drv == 0)
		return NETWORKD_MATCH_NO;
	if (m.unknown)
		return NETWORKD_MATCH_MAYBE;
	return NETWORKD_MATCH_YES;
}

struct keep_st {
	char *val;
	size_t cap;
	int seen;
};

static void keep_kv(const char *key, const char *val, void *arg)
{
	struct keep_st *k = arg;

	if (strcmp(key, "KeepConfiguration"))
		return;
	snprintf(k->val, k->cap, "%s", val);
	k->seen = 1;
}

int networkd_keep(const char *text, char *val, size_t cap)
{
	struct keep_st k = { val, cap, 0 };

	if (cap)
		val[0] = 0;
	ini_each(text, "Network", keep_kv, &k);
	return k.seen;
}

int networkd_keep_yes(const char *v)
{
	return !strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "on");
}

static int file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct networkd_file *)a)->name, ((const struct networkd_file *)b)->name);
}

int networkd_collect(const char *const *dirs, int ndirs, const char *suffix,
		     struct networkd_file *out, int max)
{
	static struct dir d;
	int n = 0;
	size_t sl = strlen(suffix);

	for (int i = 0; i < ndirs; i++) {
		const char *e;

		if (dir_open(&d, dirs[i]))
			continue;
		while ((e = dir_next(&d))) {
			size_t l = strlen(e);
			int dup = 0;

			if (l <= sl || strcmp(e + l - sl, suffix) || l >= sizeof out[0].name)
				continue;
			for (int j = 0; j < n; j++)
				if (!strcmp(out[j].name, e))
					dup = 1;
			if (dup)
				continue;
			if (n >= max) {
				dir_close(&d);
				return -E2BIG;
			}
			strcpy(out[n].name, e);
			if (sysfs_path(out[n].path, sizeof out[n].path, "%s/%s", dirs[i], e))
				continue;
			n++;
		}
		dir_close(&d);
	}
	sort_small(out, (size_t)n, sizeof *out, file_cmp);
	return n;
}

int networkd_masked(const char *path)
{
	char l[32];
	struct stat st;
	ssize_t n = readlink(path, l, sizeof l - 1);

	if (n > 0) {
		l[n] = 0;
		if (!strcmp(l, "/dev/null"))
			return 1;
	}
	return stat(path, &st) == 0 && st.st_size == 0;
}

