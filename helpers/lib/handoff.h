/* handoff — log in through the kernel and hand the session to iscsi_tcp.
 * SPDX-License-Identifier: GPL-2.0-or-later
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
 * Keeping the session alive afterwards (the resident daemon, connection
 * recovery) is recovery.h. Nothing here prints: messages (a redirect
 * followed) go to h->note, failures to res->reason.
 */
#ifndef ISCSIROOT_HANDOFF_H
#define ISCSIROOT_HANDOFF_H
#include <stdint.h>
#include "kiscsi.h"
#include "login.h"
#include "note.h"
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
	int recovering;                 /* inside recovery_reconnect */
	int chap_md5_only;              /* target took CHAP_A=7 then failed: offer 5 */
	char cur_addr[64];              /* portal of the current connection */
	uint16_t cur_port;
	struct login_result res;        /* of the last successful login */
	struct scan_lun luns[HANDOFF_MAX_LUNS];
	int nluns;
	uint64_t t_login_ms;            /* clock_ms() when START_CONN succeeded */
	struct note note;               /* set by the applet: where messages go (note.h) */
};

/* Offsets in struct handoff of the config's string pointers, which point
 * into strs once handoff_start copied them (chap_secret is [4],
 * chap_in_secret [6]). */
#define HANDOFF_NSTR 9
extern const unsigned short handoff_str_field[HANDOFF_NSTR];

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

/* handoff_open (unless h is open) and handoff_start: a channel that does not open fails with res->reason
 * "iscsi_tcp is not loaded (...)" (-EPROTONOSUPPORT) or "cannot open the
 * kernel's iSCSI control channel: ..."; h->opened stays 0 then. */
int handoff_open_start(struct handoff *h, const char *sysfs, const struct session_cfg *cfg,
		       struct login_result *res);

/* The handoff of iscsistart's one session (-t/-a), for the caller to set
 * its note, scan, print and keep as the daemon's state. */
struct handoff *handoff_current(void);

/* For recovery: connect to the configured portal (cfg.address:port, not a
 * redirect's), BIND_CONN, log in again (redirects followed), START_CONN.
 * *connected tells whether TCP connected. 0 or -errno, res->reason filled. */
int handoff_reconnect(struct handoff *h, struct login_result *res, int *connected);

/* Tear down: STOP_CONN(TERM), DESTROY_CONN, DESTROY_SESSION (no logout PDU). */
void handoff_destroy(struct handoff *h);

#endif
