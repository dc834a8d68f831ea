/* recovery — the resident daemon that keeps a kernel iSCSI session alive:
 * connection recovery after KEVENT_CONN_ERROR, and its re-exec from the real
 * root after the switch-root. SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Recovery (reference/kernel-abi.md §4): for each KEVENT_CONN_ERROR,
 * STOP_CONN(RECOVER), DefaultTime2Wait, reconnect with jittered backoff,
 * BIND_CONN, SET_PARAM, relogin with the same ISID and TSIH 0
 * (reinstatement), START_CONN (handoff_reconnect). Every event and attempt
 * is reported through h->note (handoff.h); nothing here prints or exits: a
 * function that returns in a child process says so, and the applet exits.
 */
#ifndef ISCSIROOT_RECOVERY_H
#define ISCSIROOT_RECOVERY_H
#include <stdint.h>
#include "handoff.h"

/* Where the daemon looks for its own copy in the real root after the
 * switch-root (the installed layout, DESIGN §2). */
#define RECOVERY_REEXEC_PATH "/usr/lib/iscsiroot/iscsistart"
/* Where root-pin lists the daemon's PID for sysvinit's killall5. */
#define RECOVERY_SENDSIGS "/run/sendsigs.omit.d/iscsiroot"

/* Fork the resident recovery daemon for h's session. In the parent: returns
 * the child's pid (> 0) or -errno. In the child: renames itself "@iscsistart"
 * (daemon_rename DAEMON_ALL: hides any secret given on the command line from
 * /proc/PID/cmdline, comm set too), detaches (daemon_detach with the
 * console), mlockall, oom_score_adj -1000, then waits for KEVENT_CONN_ERROR
 * on the session and recovers each. It ends when the session is destroyed,
 * on SIGTERM/SIGINT, when open-iscsi's iscsid is found running (it adopts
 * the session; we step aside), or when its copy re-executed from the real
 * root took over; then it returns 0 with *code set, and the caller exits
 * with *code at once (0; 127 in a child forked to re-execute whose exec
 * failed). argv/argc: main's, for the rename. */
int recovery_start(struct handoff *h, int argc, char **argv, int *code);

/* The second half of the daemon's re-exec: argv of "iscsistart
 * --resume-daemon STATE_FD OK_FD". Once PID 1 runs from another root than
 * the daemon (switch-root done) and RECOVERY_REEXEC_PATH exists there, the
 * daemon forks a child that chroots into PID 1's root and executes that
 * copy with its state in a memfd (STATE_FD; the netlink socket is
 * inherited); the new image checks the state (recovery_state_load), writes
 * "OK" to OK_FD, and the old daemon exits: nothing of the initramfs stays in
 * use. If anything fails the old daemon keeps running. Runs the daemon
 * (into handoff_current(), messages to note) and returns when it ends: 0,
 * or -errno (-EPROTO: state not ours). */
int recovery_resume(const char *state_fd, const char *ok_fd,
		    void (*note)(void *ctx, int level, const char *msg), void *ctx);

/* Recover the connection after a CONN_ERROR: loops until the session is
 * logged in again (returns 0), or returns -ESHUTDOWN when *stop becomes
 * nonzero or the session was destroyed. Each attempt's failure goes to
 * h->note (a repeated reason only every 20th time). */
int recovery_reconnect(struct handoff *h, volatile int *stop);

/* Is open-iscsi's iscsid running (its abstract socket
 * "ISCSIADM_ABSTRACT_NAMESPACE" accepts connections)? */
int recovery_iscsid_running(void);

/* ---- pieces, exposed for tests -------------------------------------------- */

/* Pacing of the reconnect attempts (issue 6: resume within ~1 s of the
 * target's return, yet a rack of machines must not hammer it). While the
 * portal refuses or does not answer TCP (!connected), fast/2 .. fast*1.5 ms
 * (0.2-0.6 s): a refused SYN costs the target a RST, not a login. Once TCP
 * connects but the login fails, slow/2 .. slow ms, slow doubling per such
 * failure up to 30 s. r: a random number. Start with RECOVERY_PACE. */
struct recovery_pace { uint64_t fast, slow; };
#define RECOVERY_PACE { 400, 500 }
static inline uint64_t recovery_delay(struct recovery_pace *p, int connected, uint32_t r)
{
	uint64_t d;

	if (!connected)
		return p->fast / 2 + r % (p->fast + 1);
	d = p->slow / 2 + r % (p->slow / 2 + 1);
	p->slow = p->slow * 2 > 30000 ? 30000 : p->slow * 2;
	return d;
}

/* Name of a KEVENT_CONN_ERROR error code (ISCSI_ERR_*, 1000..), "unknown". */
const char *recovery_conn_err_name(uint32_t e);

/* The daemon's state for its re-exec: a header (magic, sizeof *h, address
 * of h->strs) and *h, written to / read from fd. load checks the header
 * (-EPROTO: not from this build), rebases the config's string pointers
 * into h->strs (-ERANGE: one points outside) and clears the pointers that
 * do not survive an exec (lp.random, sysfs, note). 0 or -errno. */
int recovery_state_save(const struct handoff *h, int fd);
int recovery_state_load(struct handoff *h, int fd);

/* Where root-pin listed oldpid in path (one PID a line), list newpid
 * instead (written to tmp, renamed to path). Returns 1 when rewritten, 0
 * when there is nothing to follow (no file; longer than 511 bytes or lines
 * that would not fit: left alone), -errno when it cannot be written. */
int recovery_sendsigs_follow(const char *path, const char *tmp, int oldpid, int newpid);

#endif
