/* canon — see canon.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "canon.h"

/* rest = head + "/" + rest (head: a link target of hl bytes) */
static int prepend(char *rest, const char *head, size_t hl)
{
	size_t rl = strlen(rest);

	if (hl + 1 + rl >= CANON_MAX)
		return -ENAMETOOLONG;
	memmove(rest + hl + 1, rest, rl + 1);
	memcpy(rest, head, hl);
	rest[hl] = '/';
	return 0;
}

int canon_path(const char *path, char *out, size_t cap)
{
	char res[CANON_MAX], rest[CANON_MAX], link[CANON_MAX];
	size_t rl, pos = 0;
	int links = 0;

	if (!path || !*path)
		return -EINVAL;
	if (strlen(path) >= sizeof rest)
		return -ENAMETOOLONG;
	strcpy(rest, path);
	if (path[0] == '/') {
		strcpy(res, "/");
	} else if (!getcwd(res, sizeof res)) {
		return errno == ERANGE ? -ENAMETOOLONG : -errno;
	}
	rl = strlen(res);
	/* rest[pos..] is what is left to walk; res has no trailing '/' but "/" */
	while (rest[pos]) {
		const char *c = rest + pos;
		size_t n = strcspn(c, "/");
		size_t next = pos + n + (c[n] == '/');
		ssize_t k;

		if (n == 0 || (n == 1 && c[0] == '.')) {
			pos = next;
			continue;
		}
		if (n == 2 && c[0] == '.' && c[1] == '.') {
			while (rl > 1 && res[rl - 1] != '/')
				rl--;
			if (rl > 1)
				rl--;
			res[rl] = 0;
			pos = next;
			continue;
		}
		if (rl + (rl > 1) + n >= sizeof res)
			return -ENAMETOOLONG;
		size_t back = rl;
		if (rl > 1)
			res[rl++] = '/';
		memcpy(res + rl, c, n);
		rl += n;
		res[rl] = 0;
		pos = next;
		k = readlink(res, link, sizeof link);
		if (k < 0) {
			if (errno == EINVAL)
				continue;      /* exists, not a link */
			return -errno;
		}
		if ((size_t)k >= sizeof link)
			return -ENAMETOOLONG;
		if (++links > CANON_LINKS)
			return -ELOOP;
		/* walk the target, then what was left */
		memmove(rest, rest + pos, strlen(rest + pos) + 1);
		pos = 0;
		if (prepend(rest, link, (size_t)k))
			return -ENAMETOOLONG;
		if (link[0] == '/') {
			rl = 1;
		} else {
			rl = back;
		}
		res[rl] = 0;
	}
	if (rl >= cap)
		return -ENAMETOOLONG;
	memcpy(out, res, rl + 1);
	return 0;
}

int canon_under(const char *path, const char *base, char *out, size_t cap)
{
	char rb[CANON_MAX], rp[CANON_MAX];
	size_t bl;
	int rc;

	if ((rc = canon_path(base, rb, sizeof rb)) || (rc = canon_path(path, rp, sizeof rp)))
		return rc;
	bl = strlen(rb);
	if (strcmp(rb, "/") && (strncmp(rp, rb, bl) || (rp[bl] != '/' && rp[bl])))
		return -EXDEV;
	if (strlen(rp) >= cap)
		return -ENAMETOOLONG;
	strcpy(out, rp);
	return 0;
}
