/* networkd — what systemd-networkd makes of its .network files: which file
 * applies to a link and its KeepConfiguration= (systemd.network(5)).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The files are untrusted text: line and list bounds are stated per function.
 */
#ifndef ISCSIROOT_NETWORKD_H
#define ISCSIROOT_NETWORKD_H
#include <stddef.h>

/* Whether a .network text matches the link ([Match]): NETWORKD_MATCH_NO,
 * _YES, or _MAYBE when it uses keys we cannot evaluate (Path=, Property=,
 * Host=…). Name=/OriginalName= globs (with a leading '!' inverting the
 * list), MACAddress=/PermanentMACAddress= and Driver= are evaluated; any
 * other key gives MAYBE. An empty [Match] matches all. text is
 * NUL-terminated, any length; lines of 1023 bytes or more are ignored whole
 * (ini.h), value lists are cut at 1023 bytes. */
enum { NETWORKD_MATCH_NO, NETWORKD_MATCH_YES, NETWORKD_MATCH_MAYBE };
int networkd_match(const char *text, const char *ifname, const char *mac, const char *driver);

/* Last "KeepConfiguration=" value in a [Network] section of text into val
 * (cap >= 1; longer values are cut to cap-1 bytes; an empty assignment
 * resets to ""). 1 if one was seen, 0 if none. Same line bounds as above. */
int networkd_keep(const char *text, char *val, size_t cap);

/* KeepConfiguration= value that keeps everything (yes/true/1/on). */
int networkd_keep_yes(const char *val);

struct networkd_file {
	char name[256];
	char path[512];
};

/* Files ending in suffix (".network", ".conf") in dirs[0..ndirs), highest
 * priority first: one per name (the first dir holding it wins), sorted by
 * name, into out[0..max). Missing dirs are skipped. Returns the count, or
 * -E2BIG when more than max names are found. Names of 256 bytes or more and
 * paths of 512 or more are left out. Not reentrant (one static directory
 * buffer). */
int networkd_collect(const char *const *dirs, int ndirs, const char *suffix,
		     struct networkd_file *out, int max);

/* A file masked away: a symlink to /dev/null or an empty file. */
int networkd_masked(const char *path);

#endif
