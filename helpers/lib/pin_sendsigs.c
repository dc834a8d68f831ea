/* pin_sendsigs — see pin_sendsigs.h.  SPDX-License-Identifier: GPL-2.0-or-later
 * Fact: sysvinit's killall5 -o spares every PID listed in /run/sendsigs.omit
 * and in the files of /run/sendsigs.omit.d/ (Debian's sendsigs).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dir.h"
#include "num.h"
#include "pin_sendsigs.h"
#include "sysfs.h"

static const char SENDSIGS_FILE[] = "/sendsigs.omit.d/iscsiroot";

struct pidfind {
	int pid, hit;
};

static int pid_line(char *line, void *arg)
{
	struct pidfind *p = arg;
	char *save = NULL, *t;
	uint64_t v;

	for (t = strtok_r(line, " \t", &save); t; t = strtok_r(NULL, " \t", &save))
		if (!num_u64(t, 1, 4194304, &v) && (int)v == p->pid)
			p->hit = 1;
	return 0;
}

/* arg: the PID */
static int check(struct pin_ctx *c, void *arg, char *where, size_t cap)
{
	static struct dir d;
	char p[PIN_PATH];
	struct pidfind f = { *(int *)arg, 0 };
	const char *e;

	if (!sysfs_path(p, sizeof p, "%s/sendsigs.omit", c->run) &&
	    !sysfs_lines(p, pid_line, &f, NULL) && f.hit) {
		snprintf(where, cap, "listed in %s", p);
		return 1;
	}
	if (sysfs_path(p, sizeof p, "%s/sendsigs.omit.d", c->run) || dir_open(&d, p)) {
		snprintf(where, cap, "not listed: no %s/sendsigs.omit.d", c->run);
		return 0;
	}
	while ((e = dir_next(&d))) {
		char f2[PIN_PATH];

		if (e[0] == '.' || sysfs_path(f2, sizeof f2, "%s/%s", p, e))
			continue;
		if (!sysfs_lines(f2, pid_line, &f, NULL) && f.hit) {
			snprintf(where, cap, "listed in %s", f2);
			break;
		}
	}
	dir_close(&d);
	if (!f.hit)
		snprintf(where, cap, "not listed in %s: killall5 would kill it at shutdown", p);
	return f.hit;
}

/* one file with every daemon's PID, whichever PID asked */
static int apply(struct pin_ctx *c, void *arg)
{
	char p[PIN_PATH], text[2 * PROCLIST_MAX * 12 + 1];
	size_t o = 0;

	(void)arg;
	text[0] = 0;
	for (int i = 0; i < c->procs.npid; i++)
		o += (size_t)snprintf(text + o, sizeof text - o, "%d\n", c->procs.pid[i]);
	for (int i = 0; i < c->procs.nlpid; i++)
		o += (size_t)snprintf(text + o, sizeof text - o, "%d\n", c->procs.lpid[i]);
	if (sysfs_path(p, sizeof p, "%s%s", c->run, SENDSIGS_FILE))
		return -ENAMETOOLONG;
	if (c->dry_run) {
		pin_plan(c, "write %s:\n", p);
		pin_plan_text(c, text);
		return 0;
	}
	return pin_put_file(p, text);
}

/* Report each daemon of pid[0..n) as running (why: what it does), then have
 * killall5 spare it. */
static void spare(struct pin_ctx *c, int apply_it, const struct pin_prot *self, int *pid, int n,
		  const char *why)
{
	char obj[40];

	for (int i = 0; i < n; i++) {
		snprintf(obj, sizeof obj, "pid %d", pid[i]);
		pin_item(c, "daemon", obj, PIN_OK, "%s", why);
	}
	for (int i = 0; i < n; i++) {
		snprintf(obj, sizeof obj, "pid %d", pid[i]);
		pin_settle(c, apply_it, self, obj, &pid[i]);
	}
}

static void each(struct pin_ctx *c, int apply_it, const struct pin_prot *self,
		 const struct pin_nic *nic)
{
	struct proclist *p = &c->procs;

	(void)nic;
	/* the DHCP lease daemon keeps the root's address (a lease that runs
	 * out takes the address, and the root, with it): spared like the
	 * recovery daemon */
	spare(c, apply_it, self, p->lpid, p->nlpid,
	      "DHCP lease daemon @ipconfig runs (renews the root's address)");
	if (!p->npid) {
		if (p->iscsid_pid)
			pin_item(c, "daemon", "iscsid", PIN_OK, "open-iscsi iscsid pid %d recovers the sessions",
				 p->iscsid_pid);
		else
			pin_item(c, "daemon", "@iscsistart", PIN_MISSING,
				 "no recovery daemon ('@iscsi…' or iscsid) runs: a dropped connection is never re-established");
		return;
	}
	spare(c, apply_it, self, p->pid, p->npid, "recovery daemon runs (argv[0] '@': spared by systemd)");
}

const struct pin_prot pin_sendsigs = { "sendsigs", 0, each, check, apply };
