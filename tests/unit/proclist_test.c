/* proclist: argv[0] kinds from /proc/PID/cmdline images, and the scan of a
 * procfs-shaped tree.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "proclist.h"
#include "test.h"

static void cmdline(void)
{
	static const struct { const char *b; size_t len; int kind; } t[] = {
		{ "@iscsistart\0--daemon\0", 21, 1 },
		{ "@iscsiroot", 10, 1 },            /* no final NUL */
		{ "@iscsi", 6, 1 },
		{ "@iscs", 5, 0 },
		{ "@iscsistart", 3, 0 },            /* len cuts argv[0] */
		{ "@dm-event\0", 10, 0 },
		{ "@ipconfig\0", 10, 3 },
		{ "@ipconfigx\0", 11, 0 },
		{ "/usr/lib/iscsiroot/@ipconfig\0", 29, 0 },   /* argv[0] is rewritten to "@ipconfig" */
		{ "/usr/sbin/iscsid\0-f\0", 20, 2 },
		{ "iscsid\0", 7, 2 },
		{ "/sbin/iscsidx\0", 14, 0 },
		{ "iscsistart\0", 11, 0 },
		{ "\0@iscsistart\0", 13, 0 },
		{ "", 0, 0 },
	};
	char longa[300];

	for (size_t i = 0; i < NELEM(t); i++)
		ok(proclist_kind(t[i].b, t[i].len) == t[i].kind, "cmdline %zu -> %d", i, t[i].kind);
	memset(longa, 'x', sizeof longa);
	longa[0] = '@';
	memcpy(longa + 1, "iscsi", 5);
	ok(proclist_kind(longa, sizeof longa) == 0, "argv[0] of 300 bytes is not ours");
}

static void proc(const char *dir, const char *pid, const char *cmd, size_t len)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof p, "%s/%s", dir, pid);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/%s/cmdline", dir, pid);
	f = fopen(p, "w");
	fwrite(cmd, 1, len, f);
	fclose(f);
}

static void scan(void)
{
	char dir[] = "/tmp/proclist_testXXXXXX", cmd[128];
	struct proclist p;

	ok(mkdtemp(dir) != NULL, "temp dir");
	proc(dir, "900", "@iscsistart\0--daemon\0", 21);
	proc(dir, "12", "@iscsistart\0", 12);
	proc(dir, "322", "@ipconfig\0", 10);
	proc(dir, "40", "/usr/sbin/iscsid\0", 17);
	proc(dir, "41", "iscsid\0", 7);
	proc(dir, "7", "/sbin/init\0", 11);
	proc(dir, "self", "@iscsistart\0", 12);     /* not a PID */
	proc(dir, "0", "@iscsistart\0", 12);        /* PID out of range */
	proc(dir, "4194305", "@iscsistart\0", 12);
	for (int i = 0; i < 10; i++) {
		char pid[16];
		snprintf(pid, sizeof pid, "%d", 1000 + i);
		proc(dir, pid, "@ipconfig\0", 10);
	}
	ok(proclist_scan(dir, &p) == 0, "scan");
	ok(p.npid == 2 && p.pid[0] == 12 && p.pid[1] == 900, "recovery daemons, ascending");
	ok(p.nlpid == PROCLIST_MAX && p.lpid[0] < p.lpid[1], "lease daemons bounded by PROCLIST_MAX");
	ok(p.iscsid_pid == 40 || p.iscsid_pid == 41, "an iscsid");
	ok(proclist_scan("/nonexistent", &p) < 0 && p.npid == 0, "missing proc dir -> -errno, empty");
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ok(system(cmd) == 0, "cleanup");
}

int main(void)
{
	cmdline();
	scan();
	return done();
}
