/* proclist — the processes that keep an iSCSI root alive, found by argv[0]
 * in /proc/PID/cmdline.  SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_PROCLIST_H
#define ISCSIROOT_PROCLIST_H
#include <stddef.h>

#define PROCLIST_MAX 8

enum {
	PROCLIST_OTHER,     /* not one of ours */
	PROCLIST_RECOVERY,  /* our recovery daemon, argv[0] "@iscsi…" */
	PROCLIST_ISCSID,    /* open-iscsi's iscsid (basename "iscsid") */
	PROCLIST_LEASE,     /* our DHCP lease daemon, argv[0] "@ipconfig" */
};

struct proclist {
	int pid[PROCLIST_MAX];    /* PROCLIST_RECOVERY, ascending */
	int npid;
	int lpid[PROCLIST_MAX];   /* PROCLIST_LEASE, ascending */
	int nlpid;
	int iscsid_pid;           /* the first iscsid seen, 0 if none */
};

/* Kind of the argv[0] of a /proc/PID/cmdline image of len bytes
 * (NUL-separated, may lack the final NUL): one of the PROCLIST_ values
 * (1 recovery, 2 iscsid, 3 lease, 0 other; also 0 for an argv[0] of 256
 * bytes or more). Reads at most len bytes. */
int proclist_kind(const char *buf, size_t len);

/* Walk the numeric entries of the procfs dir proc and fill *p (zeroed
 * first). Bounds: PIDs 1..4194304; only the first 511 bytes of each cmdline
 * are read; beyond PROCLIST_MAX daemons of a kind the rest are left out.
 * 0, or -errno when proc cannot be opened. Not reentrant (one static
 * directory buffer). */
int proclist_scan(const char *proc, struct proclist *p);

#endif
