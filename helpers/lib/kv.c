/* kv — see kv.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kv.h"

static int key_ok(const char *k)
{
	size_t i;

	if (!k || !((*k >= 'A' && *k <= 'Z') || (*k >= 'a' && *k <= 'z') || *k == '_'))
		return 0;
	for (i = 0; k[i]; i++)
		if (i >= 64 || !((k[i] >= 'A' && k[i] <= 'Z') || (k[i] >= 'a' && k[i] <= 'z') ||
				 (k[i] >= '0' && k[i] <= '9') || k[i] == '_'))
			return 0;
	return 1;
}

int kv_add(struct kv_buf *b, const char *key, const char *value)
{
	size_t need, i, o;

	if (!key_ok(key) || !value)
		return -EINVAL;
	need = strlen(key) + 4;              /* = ' ' \n */
	for (i = 0; value[i]; i++)
		need += value[i] == '\'' ? 4 : 1;
	if (b->len + need + 1 > b->cap)
		return -ENOSPC;
	o = b->len + strlen(key);
	memcpy(b->buf + b->len, key, o - b->len);
	memcpy(b->buf + o, "='", 2);
	o += 2;
	for (i = 0; value[i]; i++) {
		if (value[i] == '\'') {
			memcpy(b->buf + o, "'\\''", 4);
			o += 4;
		} else {
			b->buf[o++] = value[i];
		}
	}
	b->buf[o++] = '\'';
	b->buf[o++] = '\n';
	b->buf[o] = 0;
	b->len = o;
	return 0;
}

int kv_save(const struct kv_buf *b, const char *path, unsigned mode)
{
	char tmp[4096];
	int fd, rc = 0;
	size_t off = 0;

	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
	while (off < b->len) {
		ssize_t w = write(fd, b->buf + off, b->len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			goto err_close;
		}
		off += (size_t)w;
	}
	if (fchmod(fd, mode) < 0 || fsync(fd) < 0) {
		rc = -errno;
		goto err_close;
	}
	if (close(fd) < 0) {
		rc = -errno;
		goto err_unlink;
	}
	if (rename(tmp, path) < 0) {
		rc = -errno;
		goto err_unlink;
	}
	return 0;
err_close:
	close(fd);
err_unlink:
	unlink(tmp);
	return rc;
}
