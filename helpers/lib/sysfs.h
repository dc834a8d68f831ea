/* sysfs — small bounded reads and writes of sysfs/procfs attribute files.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Everything read here is untrusted: sizes are capped by the caller's buffer,
 * and numbers go through num.h with explicit ranges.
 */
#ifndef ISCSIROOT_SYSFS_H
#define ISCSIROOT_SYSFS_H
#include <stddef.h>
#include <stdint.h>

/* Read a whole file into buf (cap >= 1). Bounds: at most cap-1 bytes are
 * kept; a file with more is refused with -EFBIG (never truncated silently).
 * buf is NUL-terminated; bytes may include NULs (e.g. /proc/PID/cmdline).
 * Returns the byte count or -errno. */
int sysfs_read_raw(const char *path, char *buf, size_t cap);

/* The first cap-1 bytes of a file (or all of it if shorter), for files
 * where only the start matters (argv[0] of /proc/PID/cmdline). NUL-
 * terminated; returns the byte count or -errno. Never -EFBIG. */
int sysfs_read_head(const char *path, char *buf, size_t cap);

/* Like sysfs_read_raw, for one-value text attributes: trailing whitespace
 * (the newline sysfs appends) is trimmed and an embedded NUL is refused with
 * -EINVAL. Returns the length of the trimmed text or -errno. */
int sysfs_read(const char *path, char *buf, size_t cap);

/* Decimal integer attribute in [min, max] (an optional leading '-' for
 * signed values). Bounds: at most 31 bytes are read (-EFBIG beyond).
 * 0, -errno from reading, -EINVAL (not a number) or -ERANGE (outside the
 * range, or more than 20 digits). */
int sysfs_read_s64(const char *path, int64_t min, int64_t max, int64_t *out);

/* Write val to an attribute in one write(2), as sysfs wants it. 0 or -errno
 * (a short write is -EIO). */
int sysfs_write(const char *path, const char *val);

/* snprintf into out; -ENAMETOOLONG instead of truncating. */
int sysfs_path(char *out, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Call fn(line, arg) for each line of a text file, newline removed, in file
 * order. Bounds: lines up to 4095 bytes; a longer line is skipped whole and
 * counted. A nonzero return from fn stops the walk and is returned.
 * Returns 0 (or fn's value), or -errno. *skipped (if not NULL) gets the
 * number of over-long lines. */
int sysfs_lines(const char *path, int (*fn)(char *line, void *arg), void *arg,
		unsigned *skipped);

/* mkdir -p for path (mode 0755 for created parts). 0 or -errno. */
int sysfs_mkdirs(const char *path);

#endif
