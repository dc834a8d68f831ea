/* mountinfo — lines of /proc/PID/mountinfo (proc(5)) parsed, and the mount
 * on top of a mount point looked up.  SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The file is untrusted text (mount points and sources are user-chosen):
 * every field is bounded and a line that does not fit is refused whole.
 */
#ifndef ISCSIROOT_MOUNTINFO_H
#define ISCSIROOT_MOUNTINFO_H
#include <stddef.h>

#define MOUNTINFO_PATH 512

struct mountinfo {
	unsigned major, minor;
	char mountpoint[MOUNTINFO_PATH];  /* \NNN escapes decoded */
	char fstype[32];
	char source[MOUNTINFO_PATH];      /* \NNN escapes decoded */
};

/* One line: "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL…] - FSTYPE
 * SOURCE SUPEROPTS". line (NUL-terminated) is modified. Bounds: at most 64
 * space-separated fields; major and minor below 2^20 (Linux dev_t); mount
 * point, type and source must fit their fields after decoding; a \NNN escape
 * decoding to NUL stays as written. 0 or -EINVAL. */
int mountinfo_parse(char *line, struct mountinfo *m);

/* The last mount at mount point mp in the mountinfo file at path (the one on
 * top) into *out. Bounds: lines up to 4095 bytes (longer ones skipped, as
 * sysfs_lines); malformed lines are skipped and counted in *bad (if not
 * NULL). 1 found, 0 no such mount point, -errno reading the file; *out is
 * meaningful only after 1. */
int mountinfo_lookup(const char *path, const char *mp, struct mountinfo *out, unsigned *bad);

#endif
