/* handoff — log in through the kernel and hand the session to iscsi_tcp,
 * then keep it alive (recovery). SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Sequence (reference/kernel-abi.md §2, what open-iscsi does): TCP connect
 * (sock.h) -> CREATE_SESSION -> CREATE_CONN -> BIND_CONN(fd) -> SET_PARAM
 * (target name, persistent address/port, recovery timeout, NOP timers,
 * initiator name, iface, CHAP names) -> login_run() through SEND_PDU /
 * KEVENT_RECV_PDU (redirects: STOP_CONN(RECOVER), connect to the new portal,
 * BIND_CONN, log in again; at most HANDOFF_MAX_HOPS) -> SET_PARAM of the
 * negotiated values -> START_CONN -> scan. The session is only created once
 * the TCP connect succeeded, and destroyed again if the login fails, so a
 * target that is down leaves nothing behind in the kernel.
 *
 * Recovery (§4): handoff_recover() is the daemon's loop body for one
 * KEVENT_CONN_ERROR: STOP_CONN(RECOVER), DefaultTime2Wait, reconnect with
 * jittered backoff, BIND_CONN, SET_PARAM, relogin with the same ISID and
 * TSIH 0 (reinstatement), START_CONN.
 */
#ifndef ISCSIROOT_HANDOFF_H
#define ISCSIROOT_HANDOFF_H
#include <stdint.h>
#include "kiscsi.h"
#include "login.h"
#include "scan.h"
#include "session.h"

#define HANDOFF_MAX_HOPS 8
#define HANDOFF_MAX_LUNS 64

struct handoff {
	struct kiscsi k;                /* open netlink channel (kept by the daemon) */
	const char *sysfs;              /* NULL = /sys */
	struct session_cfg cfg;         /* deep copy: its strings live in strs */
	char strs[2048];
	uint32_t sid, cid, host_no;
	int have_session, opened;
	int recovering;                 /* inside handoff_recover */
	int chap_md5_only;              /* target took CHAP_A=7 then failed: offer 5 */
	char cur_addr[64];              /* portal of the current connection */
	uint16_t cur_port;
	struct login_result res;        /* of the last successful login */
	struct scan_lun luns[HANDOFF_MAX_LUNS];
	int nluns;
	uint64_t t_login_ms;            /* clock_ms() when START_CONN succeeded */
};

/* Open the netlink channel (reads the iscsi_tcp handle from sysfs: needs the
 * module loaded and CAP_SYS_ADMIN). 0 or -errno (-ENOENT: iscsi_tcp not
 * loaded). */
int handoff_open(struct handoff *h, const char *sysfs);

/* Connect to cfg->conn_address:conn_port, create the session, log in,
 * start it. res gets the login result (reason filled on failure). Returns 0,
 * or -errno as login_run (never LOGIN_REDIRECT: redirects are followed here,
 * -ELOOP after HANDOFF_MAX_HOPS). On failure no session is left behind. */
int handoff_start(struct handoff *h, const struct session_cfg *cfg, struct login_result *res);

/* Scan the session's host and wait up to timeout_ms for its block devices
 * (h->luns, h->nluns). Returns the count or -ETIMEDOUT / -errno. */
int handoff_scan(struct handoff *h, int timeout_ms);

/* Recover the connection after a CONN_ERROR: loops until the session is
 * logged in again (returns 0), or returns -ESHUTDOWN when *stop becomes
 * nonzero or the session was destroyed. res->reason tells the last failure
 * (the caller logs each attempt through log_*). */
int handoff_recover(struct handoff *h, volatile int *stop);

/* The handoff used by handoff_login() (session.h), for the caller to scan,
 * print and keep as the daemon's state. */
struct handoff *handoff_current(void);

/* Become the resident recovery daemon for h's session (the caller forked
 * and set argv[0] to "@..."): mlockall, oom_score_adj -1000, then wait for
 * KEVENT_CONN_ERROR on the session and run handoff_recover for each, logging
 * every event through log_*. Returns (the caller exits) when the session is
 * destroyed, or when open-iscsi's iscsid is found running (it adopts the
 * session; we step aside). Returns 0 or -errno (netlink failure). */
int handoff_daemon(struct handoff *h);

/* Fork the resident recovery daemon. In the parent: returns the child's pid
 * (> 0) or -errno. In the child: renames itself "@iscsistart" (argv area
 * overwritten, which also hides any secret given on the command line from
 * /proc/PID/cmdline; comm set too), detaches (setsid, stdin/stdout to
 * /dev/null so a caller reading our stdout sees EOF, stderr to /dev/console),
 * runs handoff_daemon() and returns 0 when it ends: the caller then exits.
 * argv/argc: main's, for the rename. */
int handoff_daemonize(struct handoff *h, int argc, char **argv);

/* Where the daemon looks for its own copy in the real root after the
 * switch-root (the installed layout, DESIGN §2). */
#define HANDOFF_REEXEC_PATH "/usr/lib/iscsiroot/iscsistart"

/* The second half of the daemon's re-exec: argv of "iscsistart
 * --resume-daemon STATE_FD OK_FD". Once PID 1 runs from another root than
 * the daemon (switch-root done) and HANDOFF_REEXEC_PATH exists there, the
 * daemon forks a child that chroots into PID 1's root and executes that
 * copy with its state in a memfd (STATE_FD; the netlink socket is
 * inherited); the new image checks the state (magic, version, size), writes
 * "OK" to OK_FD, and the old daemon exits: nothing of the initramfs stays in
 * use. If anything fails the old daemon keeps running. Runs the daemon and
 * returns like handoff_daemon (-EPROTO: state not ours). */
int handoff_resume(const char *state_fd, const char *ok_fd);

/* Is open-iscsi's iscsid running (its abstract socket
 * "ISCSIADM_ABSTRACT_NAMESPACE" accepts connections)? */
int handoff_iscsid_running(void);

/* Tear down: STOP_CONN(TERM), DESTROY_CONN, DESTROY_SESSION (no logout PDU). */
void handoff_destroy(struct handoff *h);

#endif
