/* sysfs — see sysfs.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "num.h"
#include "sysfs.h"

/* Read path into buf (cap >= 1), NUL-terminated. head: keep the first cap-1
 * bytes and stop; else a file longer than cap-1 bytes is -EFBIG. */
static int read_file(const char *path, char *buf, size_t cap, int head)
{
	size_t len = 0;
	int fd, rc;

	if (!cap)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	for (;;) {
		char extra;
		ssize_t r;

		if (len < cap - 1)
			r = read(fd, buf + len, cap - 1 - len);
		else if (head)
			break;
		else
			r = read(fd, &extra, 1);  /* probe: anything more is too much */
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			goto err;
		}
		if (r == 0)
			break;
		if (len >= cap - 1) {
			rc = -EFBIG;
			goto err;
		}
		len += (size_t)r;
	}
	close(fd);
	buf[len] = 0;
	return (int)len;
err:
	close(fd);
	buf[0] = 0;
	return rc;
}

int sysfs_read_raw(const char *path, char *buf, size_t cap)
{
	return read_file(path, buf, cap, 0);
}

int sysfs_read_head(const char *path, char *buf, size_t cap)
{
	return read_file(path, buf, cap, 1);
}

int sysfs_read(const char *path, char *buf, size_t cap)
{
	int n = sysfs_read_raw(path, buf, cap);

	if (n < 0)
		return n;
	if (memchr(buf, 0, (size_t)n)) {
		buf[0] = 0;
		return -EINVAL;
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ' || buf[n - 1] == '\t' ||
			 buf[n - 1] == '\r'))
		buf[--n] = 0;
	return n;
}

int sysfs_read_s64(const char *path, int64_t min, int64_t max, int64_t *out)
{
	char b[32];
	uint64_t v;
	int n = sysfs_read(path, b, sizeof b), neg;

	if (n < 0)
		return n;
	neg = b[0] == '-';
	n = num_u64(b + neg, 0, neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX, &v);
	if (n)
		return n;
	if (neg) {
		int64_t s = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
		if (s < min || s > max)
			return -ERANGE;
		*out = s;
	} else {
		if ((int64_t)v < min || (int64_t)v > max)
			return -ERANGE;
		*out = (int64_t)v;
	}
	return 0;
}

int sysfs_write(const char *path, const char *val)
{
	size_t len = strlen(val);
	ssize_t w;
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return -errno;
	do
		w = write(fd, val, len);
	while (w < 0 && errno == EINTR);
	if (w < 0) {
		int rc = -errno;
		close(fd);
		return rc;
	}
	if (close(fd) < 0)
		return -errno;
	return (size_t)w == len ? 0 : -EIO;
}

int sysfs_path(char *out, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, cap, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= cap) {
		if (cap)
			out[0] = 0;
		return -ENAMETOOLONG;
	}
	return 0;
}

int sysfs_lines(const char *path, int (*fn)(char *line, void *arg), void *arg,
		unsigned *skipped)
{
	char buf[4096];
	size_t len = 0;
	int fd, rc = 0, drop = 0, eof = 0;
	unsigned skip = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	while (!eof || len) {
		char *nl;

		if (!eof && len < sizeof buf - 1) {
			ssize_t r = read(fd, buf + len, sizeof buf - 1 - len);
			if (r < 0) {
				if (errno == EINTR)
					continue;
				rc = -errno;
				break;
			}
			if (r == 0)
				eof = 1;
			len += (size_t)r;
		}
		buf[len] = 0;
		nl = memchr(buf, '\n', len);
		if (!nl) {
			if (len >= sizeof buf - 1) {    /* over-long: drop until newline */
				if (!drop)
					skip++;
				drop = 1;
				len = 0;
				continue;
			}
			if (!eof)
				continue;
			nl = buf + len;                  /* last line without newline */
		}
		*nl = 0;
		if (drop) {
			drop = 0;
		} else if (memchr(buf, 0, (size_t)(nl - buf)) == NULL || nl == buf) {
			rc = fn(buf, arg);
			if (rc)
				break;
		}
		if (nl == buf + len) {
			len = 0;
		} else {
			len -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, len);
		}
	}
	close(fd);
	if (skipped)
		*skipped = skip;
	return rc;
}

int sysfs_mkdirs(const char *path)
{
	char p[4096];
	size_t i, n = strlen(path);

	if (n == 0 || n >= sizeof p)
		return n ? -ENAMETOOLONG : -EINVAL;
	memcpy(p, path, n + 1);
	for (i = 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != 0)
			continue;
		char c = p[i];
		p[i] = 0;
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			return -errno;
		p[i] = c;
	}
	return 0;
}
