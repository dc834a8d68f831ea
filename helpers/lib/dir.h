/* dir — read a directory with getdents64 into a caller buffer: no malloc
 * (musl's opendir pulls in the allocator, ~8 KiB of a static helper).
 * SPDX-License-Identifier: GPL-2.0-or-later (moved out of scan.c for conf.c)
 */
#ifndef ISCSIROOT_DIR_H
#define ISCSIROOT_DIR_H

struct dir {
	int fd;
	long n, pos;
	char buf[2048] __attribute__((aligned(8)));
};

/* Open path as a directory. 0 or -errno. */
int dir_open(struct dir *d, const char *path);

/* Next entry name (including "." and ".."), NULL at the end or on error.
 * Bounds: a record is used only if its reclen lies within what getdents64
 * returned and its name is NUL-terminated inside the record. */
const char *dir_next(struct dir *d);

void dir_close(struct dir *d);

#endif
