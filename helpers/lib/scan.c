/* scan — block devices of an iSCSI session. SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "clock.h"
#include "dir.h"
#include "nl.h"
#include "num.h"
#include "scan.h"
#include "sysfs.h"

#define ROOT(s) ((s) ? (s) : "/sys")

int scan_host(const char *sysfs, uint32_t host_no)
{
	char path[256];

	if (sysfs_path(path, sizeof path, "%s/class/scsi_host/host%u/scan", ROOT(sysfs), host_no))
		return -ENAMETOOLONG;
	return sysfs_write(path, "- - -");
}

int scan_is_block_type(int type)
{
	return type == 0 || type == 5 || type == 7 || type == 14;
}

/* "<H>:<C>:<T>:<L>", all decimal; L stored. */
static int parse_hctl(const char *s, uint64_t *lun)
{
	char part[24];
	int i;

	for (i = 0; i < 4; i++) {
		const char *e = i < 3 ? strchr(s, ':') : s + strlen(s);
		size_t l;
		uint64_t v;

		if (!e)
			return -1;
		l = (size_t)(e - s);
		if (l == 0 || l >= sizeof part)
			return -1;
		memcpy(part, s, l);
		part[l] = 0;
		if (num_u64(part, 0, i < 3 ? UINT32_MAX : UINT64_MAX, &v))
			return -1;
		if (i == 3)
			*lun = v;
		s = e + 1;
	}
	return 0;
}

static int good_name(const char *s)
{
	size_t i, l = strlen(s);

	if (l == 0 || l > 31)
		return 0;
	for (i = 0; i < l; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

static int read_type(const char *dir)
{
	char path[512];
	int64_t v;

	if (sysfs_path(path, sizeof path, "%s/type", dir) || sysfs_read_s64(path, 0, 31, &v))
		return -1;
	return (int)v;
}

/* Block device name of the SCSI device in dir, into name[32]: an entry of
 * dir/block, else (old kernels) a block:<name> entry of dir. */
static void find_block(const char *dir, char name[32])
{
	char path[512];
	const char *n;
	struct dir d;
	size_t pl;

	name[0] = 0;
	if ((size_t)snprintf(path, sizeof path, "%s/block", dir) >= sizeof path)
		path[0] = 0;
	for (pl = 0; pl <= 6 && !name[0]; pl += 6) {
		if (dir_open(&d, pl ? dir : path))
			continue;
		while ((n = dir_next(&d)))
			if (!strncmp(n, "block:", pl) && good_name(n + pl)) {  /* good_name: no "." */
				strcpy(name, n + pl);
				break;
			}
		dir_close(&d);
	}
}

static void insert_sorted(struct scan_lun *out, int *n, int max, const struct scan_lun *l)
{
	int i = *n;

	if (*n == max) {
		if (max == 0 || out[max - 1].lun < l->lun)
			return;
		i = --*n;
	}
	while (i > 0 && out[i - 1].lun > l->lun) {
		out[i] = out[i - 1];
		i--;
	}
	out[i] = *l;
	++*n;
}

int scan_list(const char *sysfs, uint32_t sid, struct scan_lun *out, int max)
{
	char dev[256], tdir[512], ldir[800];
	struct dir *dp, *tp;
	struct dir dirs[2];
	const char *t, *l;
	int n = 0, rc;

	if ((size_t)snprintf(dev, sizeof dev, "%s/class/iscsi_session/session%u/device",
			     ROOT(sysfs), sid) >= sizeof dev)
		return -ENAMETOOLONG;
	dp = &dirs[0];
	tp = &dirs[1];
	rc = dir_open(dp, dev);
	if (rc)
		return rc;
	while ((t = dir_next(dp))) {
		if (strncmp(t, "target", 6) || strlen(t) > 64)
			continue;
		snprintf(tdir, sizeof tdir, "%s/%s", dev, t);
		if (dir_open(tp, tdir))
			continue;
		while ((l = dir_next(tp))) {
			struct scan_lun sl;

			if (strlen(l) > 64 || parse_hctl(l, &sl.lun))
				continue;
			snprintf(ldir, sizeof ldir, "%s/%s", tdir, l);
			sl.type = read_type(ldir);
			find_block(ldir, sl.dev);
			insert_sorted(out, &n, max, &sl);
		}
		dir_close(tp);
	}
	dir_close(dp);
	return n;
}

static int complete(const struct scan_lun *out, int n)
{
	int i;

	if (n <= 0)
		return 0;
	for (i = 0; i < n; i++)
		if ((out[i].type < 0 || scan_is_block_type(out[i].type)) && !out[i].dev[0])
			return 0;
	return 1;
}

int scan_wait(const char *sysfs, uint32_t sid, struct scan_lun *out, int max, int timeout_ms)
{
	uint64_t deadline = clock_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0);
	int n;

	for (;;) {
		n = scan_list(sysfs, sid, out, max);
		if (n < 0 && n != -ENOENT)
			return n;
		if (complete(out, n))
			return n;
		if (clock_ms() >= deadline)
			return -ETIMEDOUT;
		clock_sleep_ms(20);
	}
}
