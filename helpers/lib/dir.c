/* dir — see dir.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#ifdef ISCSIROOT_KLIBC
#include <sys/dirent.h>     /* klibc's getdents() is getdents64, its dirent the same layout */
#define getdents64(fd, buf, n) getdents((unsigned)(fd), (struct dirent *)(void *)(buf), (unsigned)(n))
#else
#include <sys/syscall.h>
#define getdents64(fd, buf, n) syscall(SYS_getdents64, fd, buf, n)
#endif

#include "dir.h"

struct dent64 {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

#define DHDR offsetof(struct dent64, name)    /* 19: linux_dirent64 header */
_Static_assert(offsetof(struct dent64, reclen) == 16 && offsetof(struct dent64, name) == 19,
	       "struct linux_dirent64 layout");

int dir_open(struct dir *d, const char *path)
{
	d->fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	d->n = d->pos = 0;
	return d->fd < 0 ? -errno : 0;
}

/* Next entry name, NULL at the end or on error. Bounds: a record is used
 * only if its reclen lies within what getdents64 returned. */
const char *dir_next(struct dir *d)
{
	for (;;) {
		struct dent64 *e;

		if (d->pos >= d->n) {
			d->n = getdents64(d->fd, d->buf, sizeof d->buf);
			d->pos = 0;
			if (d->n <= 0)
				return NULL;
		}
		e = (struct dent64 *)(d->buf + d->pos);
		if (d->n - d->pos < (long)DHDR || e->reclen <= DHDR ||
		    e->reclen > d->n - d->pos) {
			d->n = 0;
			return NULL;
		}
		d->pos += e->reclen;
		if (memchr(e->name, 0, e->reclen - DHDR))
			return e->name;
	}
}

void dir_close(struct dir *d)
{
	close(d->fd);
}
