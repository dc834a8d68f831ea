/* proclist — see proclist.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <string.h>

#include "dir.h"
#include "num.h"
#include "proclist.h"
#include "sysfs.h"

int proclist_kind(const char *buf, size_t len)
{
	size_t n = 0;
	const char *base;
	char a0[256];

	while (n < len && buf[n])
		n++;
	if (n == 0 || n >= sizeof a0)
		return PROCLIST_OTHER;
	memcpy(a0, buf, n);
	a0[n] = 0;
	if (a0[0] == '@')
		return strncmp(a0 + 1, "iscsi", 5) == 0    ? PROCLIST_RECOVERY :
		       strcmp(a0 + 1, "ipconfig") == 0 ? PROCLIST_LEASE : PROCLIST_OTHER;
	base = strrchr(a0, '/');
	base = base ? base + 1 : a0;
	return strcmp(base, "iscsid") == 0 ? PROCLIST_ISCSID : PROCLIST_OTHER;
}

/* readdir order is arbitrary: sort for stable output */
static void sort_pids(int *pid, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && pid[j - 1] > pid[j]; j--) {
			int t = pid[j];
			pid[j] = pid[j - 1];
			pid[j - 1] = t;
		}
}

int proclist_scan(const char *proc, struct proclist *p)
{
	static struct dir d;
	char path[512], buf[512];
	const char *e;
	int rc;

	memset(p, 0, sizeof *p);
	if ((rc = dir_open(&d, proc)))
		return rc;
	while ((e = dir_next(&d))) {
		uint64_t pid;
		int n, k;

		if (num_u64(e, 1, 4194304, &pid) || sysfs_path(path, sizeof path, "%s/%s/cmdline", proc, e))
			continue;
		n = sysfs_read_head(path, buf, sizeof buf);   /* only argv[0] matters */
		if (n <= 0)
			continue;
		k = proclist_kind(buf, (size_t)n);
		if (k == PROCLIST_RECOVERY && p->npid < PROCLIST_MAX)
			p->pid[p->npid++] = (int)pid;
		else if (k == PROCLIST_ISCSID && !p->iscsid_pid)
			p->iscsid_pid = (int)pid;
		else if (k == PROCLIST_LEASE && p->nlpid < PROCLIST_MAX)
			p->lpid[p->nlpid++] = (int)pid;
	}
	dir_close(&d);
	sort_pids(p->pid, p->npid);
	sort_pids(p->lpid, p->nlpid);
	return 0;
}
