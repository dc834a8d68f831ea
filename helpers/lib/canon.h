/* canon — a path made absolute with every symlink, "." and ".." resolved
 * (what realpath(3) does, without musl's realpath and its PATH_MAX copies).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_CANON_H
#define ISCSIROOT_CANON_H
#include <stddef.h>

#define CANON_MAX 1024      /* longest path handled, NUL included */
#define CANON_LINKS 40      /* symlinks followed per call (Linux's own limit) */

/* Canonical form of path into out (cap bytes). A relative path is taken from
 * the current directory. Every component must exist, as for realpath(3).
 * Bounds: path, each link target and the result must stay below CANON_MAX;
 * at most CANON_LINKS links are followed. 0, -ENOENT/-ENOTDIR/-EACCES (a
 * component), -ELOOP, -ENAMETOOLONG (CANON_MAX or cap exceeded), -EINVAL
 * (empty path). */
int canon_path(const char *path, char *out, size_t cap);

/* canon_path(path), which must lie at or under canon_path(base): 0, -EXDEV
 * when it leads outside, or canon_path's errors. */
int canon_under(const char *path, const char *base, char *out, size_t cap);

#endif
