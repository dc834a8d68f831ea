/* kv — shell-safe KEY='value' lines, the format of /run/net-<dev>.conf and
 * /run/iscsiroot/root.conf, sourced by POSIX shells in the hooks.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_KV_H
#define ISCSIROOT_KV_H
#include <stddef.h>

struct kv_buf {
	char *buf;      /* caller's storage */
	size_t cap;     /* its size in bytes */
	size_t len;     /* bytes used; buf[len] is kept NUL */
};

/* Append "KEY='value'\n". Bounds: key must match [A-Za-z_][A-Za-z0-9_]* and be
 * at most 64 bytes; value is any NUL-terminated string, each ' in it is written
 * as '\'' so no byte can leave the quotes. Returns 0, -EINVAL for a bad key,
 * -ENOSPC if it does not fit (buffer left unchanged). */
int kv_add(struct kv_buf *b, const char *key, const char *value);

/* Write the buffer to path atomically (path.tmp + rename), with mode. 0 or -errno. */
int kv_save(const struct kv_buf *b, const char *path, unsigned mode);

#endif
