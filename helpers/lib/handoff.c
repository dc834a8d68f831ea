/* handoff — kernel hand-off and connection recovery for iscsi_tcp.
 * SPDX-License-Identifier: GPL-2.0-or-later
 * See handoff.h and reference/kernel-abi.md §2 and §4. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdarg.h>
#include <signal.h>
#include <stdlib.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#ifndef MCL_ONFAULT
#define MCL_ONFAULT 4
#endif
#include <sys/prctl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/un.h>
#include <unistd.h>

#include "clock.h"
#include "handoff.h"
#include "log.h"
#include "num.h"
#include "sock.h"

static struct handoff the_handoff;   /* iscsistart's one session */

/* ---- login_transport over NETLINK_ISCSI ---------------------------------- */

struct ktrans {
	struct kiscsi *k;
	uint32_t sid, cid;
	int timeout_ms;
};

static int kt_send(void *ctx, const void *pdu, size_t len)
{
	struct ktrans *t = ctx;

	return kiscsi_send_pdu(t->k, t->sid, t->cid, pdu, len);
}

static int kt_recv(void *ctx, void *buf, size_t cap, int timeout_ms)
{
	struct ktrans *t = ctx;

	return kiscsi_recv_pdu(t->k, t->sid, t->cid, buf, cap,
			       timeout_ms > 0 ? timeout_ms : t->timeout_ms);
}

/* ---- helpers --------------------------------------------------------------- */

static void reason(struct login_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void reason(struct login_result *res, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(res->reason, sizeof res->reason, fmt, ap);
	va_end(ap);
}

static const char *pname(int p)
{
	switch (p) {
	case KP_TARGET_NAME: return "TargetName";
	case KP_PERSISTENT_ADDRESS: return "persistent address";
	case KP_PERSISTENT_PORT: return "persistent port";
	case KP_SESS_RECOVERY_TMO: return "recovery timeout";
	case KP_INITIATOR_NAME: return "InitiatorName";
	case KP_IFACE_NAME: return "iface";
	case KP_TPGT: return "TPGT";
	case KP_EXP_STATSN: return "ExpStatSN";
	default: return "parameter";
	}
}

/* A kernel refusal is a system failure for the caller (exit 111), never one
 * of the errnos login_run uses for the target's answers (-EACCES auth
 * failed, -ENOENT not found, -ENODEV removed, -EOPNOTSUPP, -EIO). */
static int kerr(int rc)
{
	switch (rc) {
	case -EACCES: case -ENOENT: case -ENODEV: case -EOPNOTSUPP: case -EIO:
		return -EPROTO;
	default:
		return rc;
	}
}

/* SET_PARAM; empty values skipped, -ENOSYS (not supported by iscsi_tcp) ignored. */
static int setp(struct handoff *h, struct login_result *res, int param, const char *v)
{
	int rc;

	if (!v || !*v)
		return 0;
	rc = kiscsi_set_param(&h->k, h->sid, h->cid, param, v);
	if (rc == -ENOSYS)
		return 0;
	if (rc)
		reason(res, "kernel refused %s (param %d): %s", pname(param), param, strerror(-rc));
	return kerr(rc);
}

static int setn(struct handoff *h, struct login_result *res, int param, long v)
{
	char b[24];

	snprintf(b, sizeof b, "%ld", v);
	return setp(h, res, param, b);
}

/* Name of the interface holding local address ss, into name[IF_NAMESIZE].
 * IPv4 from SIOCGIFCONF, IPv6 from /proc/net/if_inet6 (lines "<32 hex>
 * <ifindex> <plen> <scope> <flags> <name>"). No allocation (musl's
 * getifaddrs pulls in malloc). Bounds: at most 32 interfaces / 4 KiB. */
static int local_ifname(const struct sockaddr_storage *ss, int fd, char name[IF_NAMESIZE])
{
	if (ss->ss_family == AF_INET) {
		struct ifreq r[32];
		struct ifconf ic = { .ifc_len = sizeof r, .ifc_req = r };
		int i;

		if (ioctl(fd, SIOCGIFCONF, &ic) < 0)
			return -errno;
		for (i = 0; i < ic.ifc_len / (int)sizeof *r && i < 32; i++)
			if (((struct sockaddr_in *)&r[i].ifr_addr)->sin_addr.s_addr ==
			    ((const struct sockaddr_in *)ss)->sin_addr.s_addr) {
				memcpy(name, r[i].ifr_name, IF_NAMESIZE);
				name[IF_NAMESIZE - 1] = 0;
				return 0;
			}
	} else if (ss->ss_family == AF_INET6) {
		const uint8_t *a = ((const struct sockaddr_in6 *)ss)->sin6_addr.s6_addr;
		char b[4096], want[33], *l, *e;
		int pf = open("/proc/net/if_inet6", O_RDONLY | O_CLOEXEC), i;
		ssize_t n;

		if (pf < 0)
			return -errno;
		n = read(pf, b, sizeof b - 1);
		close(pf);
		if (n <= 0)
			return -ENOENT;
		b[n] = 0;
		for (i = 0; i < 16; i++)
			snprintf(want + 2 * i, 3, "%02x", a[i]);
		for (l = b; *l; l = e + 1) {
			char *nm;

			e = strchr(l, '\n');
			if (!e)
				break;
			*e = 0;
			nm = strrchr(l, ' ');
			if (!strncmp(l, want, 32) && nm && strlen(nm + 1) < IF_NAMESIZE) {
				strcpy(name, nm + 1);
				return 0;
			}
		}
	}
	return -ENOENT;
}

/* Netdev and MAC of the local address of socket fd, for SET_HOST_PARAM
 * (what iscsid and `iscsiadm -m session -P3` read back). Best effort. */
static void host_params(struct handoff *h, int fd)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	char ifname[IF_NAMESIZE] = "", mac[3 * 8] = "";
	struct ifreq r;
	int n;

	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0 &&
	    local_ifname(&ss, fd, ifname) == 0) {
		memset(&r, 0, sizeof r);
		memcpy(r.ifr_name, ifname, IF_NAMESIZE);
		if (ioctl(fd, SIOCGIFHWADDR, &r) == 0)
			for (n = 0; n < 6; n++)
				snprintf(mac + (n ? 3 * n - 1 : 0), 4, "%s%02x", n ? ":" : "",
					 (uint8_t)r.ifr_hwaddr.sa_data[n]);
		kiscsi_set_host_param(&h->k, h->host_no, KHP_NETDEV_NAME, ifname);
		if (mac[0])
			kiscsi_set_host_param(&h->k, h->host_no, KHP_HWADDRESS, mac);
	}
	kiscsi_set_host_param(&h->k, h->host_no, KHP_INITIATOR_NAME, h->cfg.lp.initiator_name);
}

/* Parameters set on a bound connection before login (open-iscsi
 * iscsi_session_set_params order). */
static int pre_login_params(struct handoff *h, struct login_result *res)
{
	const struct session_cfg *c = &h->cfg;
	const char *iface = c->iface && *c->iface ? c->iface : "default";

	if (setp(h, res, KP_TARGET_NAME, c->lp.target_name) ||
	    setp(h, res, KP_PERSISTENT_ADDRESS, c->address) ||
	    setn(h, res, KP_PERSISTENT_PORT, c->port) ||
	    setn(h, res, KP_SESS_RECOVERY_TMO, c->replacement_timeout) ||
	    setp(h, res, KP_USERNAME, c->lp.chap_user) ||
	    setp(h, res, KP_USERNAME_IN, c->lp.chap_in_user) ||
	    setp(h, res, KP_PASSWORD, c->lp.chap_secret) ||
	    setp(h, res, KP_PASSWORD_IN, c->lp.chap_in_secret) ||
	    setn(h, res, KP_FAST_ABORT, 1) ||
	    setn(h, res, KP_ABORT_TMO, 15) ||
	    setn(h, res, KP_LU_RESET_TMO, 30) ||
	    setn(h, res, KP_TGT_RESET_TMO, 30) ||
	    setn(h, res, KP_PING_TMO, c->noop_out_timeout) ||
	    setn(h, res, KP_RECV_TMO, c->noop_out_interval) ||
	    setp(h, res, KP_IFACE_NAME, iface) ||
	    setp(h, res, KP_INITIATOR_NAME, c->lp.initiator_name))
		return -EPROTO;
	return 0;
}

/* Negotiated values (open-iscsi iscsi_session_set_neg_params). */
static int post_login_params(struct handoff *h, const struct login_result *r,
			     struct login_result *res)
{
	int tpgt = r->tpgt >= 0 ? r->tpgt : h->cfg.tpgt;

	if (setn(h, res, KP_MAX_RECV_DLENGTH, (long)r->max_recv_dlength) ||
	    setn(h, res, KP_MAX_XMIT_DLENGTH, (long)r->max_xmit_dlength) ||
	    setn(h, res, KP_HDRDGST_EN, r->hdrdgst) ||
	    setn(h, res, KP_DATADGST_EN, r->datadgst) ||
	    setn(h, res, KP_INITIAL_R2T_EN, r->initial_r2t) ||
	    setn(h, res, KP_MAX_R2T, (long)r->max_r2t) ||
	    setn(h, res, KP_IMM_DATA_EN, r->imm_data) ||
	    setn(h, res, KP_FIRST_BURST, (long)r->first_burst) ||
	    setn(h, res, KP_MAX_BURST, (long)r->max_burst) ||
	    setn(h, res, KP_PDU_INORDER_EN, r->pdu_inorder) ||
	    setn(h, res, KP_DATASEQ_INORDER_EN, r->dataseq_inorder) ||
	    setn(h, res, KP_ERL, 0) ||
	    setn(h, res, KP_EXP_STATSN, (long)r->exp_statsn) ||
	    (tpgt >= 0 && setn(h, res, KP_TPGT, tpgt)))
		return -EPROTO;
	return 0;
}

/* Connect to h->cur_addr:cur_port. fd or -errno, reason filled. During
 * recovery a SYN that gets no answer is given up after 3 s at most, so a
 * portal reachable again is tried again soon. */
static int do_connect(struct handoff *h, struct login_result *res)
{
	int ms = h->cfg.connect_timeout_ms > 0 ? h->cfg.connect_timeout_ms : 5000;
	int fd;

	if (h->recovering && ms > 3000)
		ms = 3000;
	fd = sock_connect(h->cur_addr, h->cur_port, ms);

	if (fd < 0)
		reason(res, "cannot connect to %s port %u: %s", h->cur_addr, h->cur_port,
		       strerror(-fd));
	return fd;
}

static int do_bind(struct handoff *h, int fd, struct login_result *res)
{
	int rc = kiscsi_bind_conn(&h->k, h->sid, h->cid, fd);

	close(fd);   /* the kernel holds its own reference */
	if (rc)
		reason(res, "kernel refused to bind the connection (session %u): %s", h->sid,
		       strerror(-rc));
	return kerr(rc);
}

/* Bound connection -> logged in and started, following redirects. */
static int login_started(struct handoff *h, struct login_result *res)
{
	struct ktrans kt = { &h->k, h->sid, h->cid, 15000 };
	struct login_transport t = { &kt, kt_send, kt_recv };
	struct login_params lp = h->cfg.lp;
	int hops = 0, rc, fd;

	lp.kernel_path = 1;
	lp.tsih = 0;
	if (h->chap_md5_only)
		lp.chap_algs = "5";
	lp.cid = (uint16_t)h->cid;
	if (lp.timeout_ms > 0)
		kt.timeout_ms = lp.timeout_ms;
	for (;;) {
		/* errors and PDUs of a connection stopped before this bind are stale */
		kiscsi_purge(&h->k, h->sid);
		rc = pre_login_params(h, res);
		if (rc)
			return rc;
		rc = login_run(&lp, &t, res);
		if (rc != LOGIN_REDIRECT)
			break;
		if (++hops > HANDOFF_MAX_HOPS) {
			reason(res, "more than %d login redirects (last to %s port %u)",
			       HANDOFF_MAX_HOPS, res->redirect_host, res->redirect_port);
			return -ELOOP;
		}
		log_info("target %s redirects to %s port %u", lp.target_name,
			 res->redirect_host, res->redirect_port);
		rc = kiscsi_stop_conn(&h->k, h->sid, h->cid, KISCSI_STOP_RECOVER);
		if (rc) {
			reason(res, "kernel refused to stop the connection for a redirect: %s",
			       strerror(-rc));
			return kerr(rc);
		}
		snprintf(h->cur_addr, sizeof h->cur_addr, "%s", res->redirect_host);
		h->cur_port = res->redirect_port;
		fd = do_connect(h, res);
		if (fd < 0)
			return fd;
		rc = do_bind(h, fd, res);
		if (rc)
			return rc;
	}
	if (rc)
		return rc;
	h->res = *res;
	rc = post_login_params(h, res, res);
	if (rc)
		return rc;
	rc = kiscsi_start_conn(&h->k, h->sid, h->cid);
	if (rc) {
		reason(res, "kernel refused to start the connection: %s", strerror(-rc));
		return kerr(rc);
	}
	h->t_login_ms = clock_ms();
	return 0;
}

/* ---- public ----------------------------------------------------------------- */

int handoff_open(struct handoff *h, const char *sysfs)
{
	int rc;

	h->sysfs = sysfs;
	h->have_session = 0;
	rc = kiscsi_open(&h->k, sysfs);
	h->opened = rc == 0;
	return rc;
}

void handoff_destroy(struct handoff *h)
{
	if (!h->have_session)
		return;
	kiscsi_stop_conn(&h->k, h->sid, h->cid, KISCSI_STOP_TERM);
	kiscsi_destroy_conn(&h->k, h->sid, h->cid);
	kiscsi_destroy_session(&h->k, h->sid);
	h->have_session = 0;
}

/* Copy *src into h->strs, point *dst at the copy. */
static int own(struct handoff *h, size_t *used, const char **dst, int secret)
{
	size_t l;

	if (!*dst)
		return 0;
	l = strlen(*dst) + 1;
	if (l > sizeof h->strs - *used)
		return -ENAMETOOLONG;
	memcpy(h->strs + *used, *dst, l);
	*dst = h->strs + *used;
	*used += l;
	if (secret)
		log_secret(*dst);
	return 0;
}

int handoff_start(struct handoff *h, const struct session_cfg *cfg, struct login_result *res)
{
	size_t used = 0;
	int fd, rc;

	memset(res, 0, sizeof *res);
	/* the daemon outlives argv (handoff_daemonize wipes it): own every string */
	h->cfg = *cfg;
	h->chap_md5_only = 0;
	h->recovering = 0;
	if (own(h, &used, &h->cfg.lp.initiator_name, 0) ||
	    own(h, &used, &h->cfg.lp.initiator_alias, 0) ||
	    own(h, &used, &h->cfg.lp.target_name, 0) ||
	    own(h, &used, &h->cfg.lp.chap_user, 0) ||
	    own(h, &used, &h->cfg.lp.chap_secret, 1) ||
	    own(h, &used, &h->cfg.lp.chap_in_user, 0) ||
	    own(h, &used, &h->cfg.lp.chap_in_secret, 1) ||
	    own(h, &used, &h->cfg.lp.chap_algs, 0) ||
	    own(h, &used, &h->cfg.iface, 0)) {
		reason(res, "configuration strings longer than %zu bytes in total", sizeof h->strs);
		return -ENAMETOOLONG;
	}
	snprintf(h->cur_addr, sizeof h->cur_addr, "%s",
		 cfg->conn_address[0] ? cfg->conn_address : cfg->address);
	h->cur_port = cfg->conn_port ? cfg->conn_port : cfg->port;
	fd = do_connect(h, res);
	if (fd < 0)
		return fd;
	rc = kiscsi_create_session(&h->k, 0, cfg->cmds_max ? cfg->cmds_max : 128,
				   cfg->queue_depth ? cfg->queue_depth : 32, &h->sid, &h->host_no);
	if (rc) {
		close(fd);
		reason(res, "kernel refused to create a session: %s", strerror(-rc));
		return kerr(rc);
	}
	h->have_session = 1;
	h->cid = 0;
	rc = kiscsi_create_conn(&h->k, h->sid, &h->cid);
	if (rc) {
		close(fd);
		kiscsi_destroy_session(&h->k, h->sid);
		h->have_session = 0;
		reason(res, "kernel refused to create a connection: %s", strerror(-rc));
		return kerr(rc);
	}
	host_params(h, fd);
	rc = do_bind(h, fd, res);
	if (!rc)
		rc = login_started(h, res);
	if (rc) {
		handoff_destroy(h);
		return rc == LOGIN_REDIRECT ? -ELOOP : rc;
	}
	return 0;
}

int handoff_scan(struct handoff *h, int timeout_ms)
{
	int rc;

	if (h->cfg.scan == 0)
		return 0;
	rc = scan_host(h->sysfs, h->host_no);
	if (rc)
		return rc;
	rc = scan_wait(h->sysfs, h->sid, h->luns, HANDOFF_MAX_LUNS, timeout_ms);
	h->nluns = rc > 0 ? rc : 0;
	return rc;
}

/* The daemon's wrapper for handoff_login() from session.h (iscsistart keeps
 * one session): the_handoff, defined above. */

struct handoff *handoff_current(void)
{
	return &the_handoff;
}

int handoff_login(const struct session_cfg *cfg, struct login_result *res)
{
	struct handoff *h = &the_handoff;
	int rc;

	if (!h->opened) {
		rc = handoff_open(h, getenv("ISCSIROOT_SYSFS"));
		if (rc) {
			memset(res, 0, sizeof *res);
			if (rc == -ENOENT)
				reason(res, "iscsi_tcp is not loaded (no /sys/class/iscsi_transport/"
				       "tcp; the initramfs hook must load it)");
			else
				reason(res, "cannot open the kernel's iSCSI control channel: %s%s",
				       strerror(-rc), rc == -EACCES || rc == -EPERM ?
				       " (needs CAP_SYS_ADMIN)" : "");
			return rc == -ENOENT ? -EPROTONOSUPPORT : kerr(rc);
		}
	}
	return handoff_start(h, cfg, res);
}

/* ---- recovery ---------------------------------------------------------------
 *
 * Pacing (issue 6: resume within ~1 s of the target's return, yet a rack of
 * machines must not hammer it): the first reconnect waits the negotiated
 * DefaultTime2Wait plus a random 0..1 s, which spreads machines that lost
 * the target at the same instant. While the portal refuses or does not
 * answer TCP, attempts repeat every 0.2-0.6 s (random): a refused SYN
 * costs the target a RST, not a login, so this is cheap for it and bounds
 * our resume delay to ~0.6 s. Once TCP connects but the login fails
 * (target still starting, busy, out of resources, auth), the delay doubles
 * per failure from 0.25-0.5 s up to 15-30 s, randomised — that is where a
 * target actually spends work when a rack reconnects at once. */

static uint32_t rnd_state;

static uint32_t rnd(void)
{
	if (!rnd_state)
		rnd_state = (uint32_t)clock_ms() * 2654435761u ^ (uint32_t)getpid() ^ 0x9e3779b9u;
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static int nap(uint64_t ms, volatile int *stop)
{
	while (ms > 0) {
		uint64_t step = ms > 200 ? 200 : ms;

		if (stop && *stop)
			return -ESHUTDOWN;
		clock_sleep_ms(step);
		ms -= step;
	}
	return stop && *stop ? -ESHUTDOWN : 0;
}

/* Drop stale events about our session; -ESHUTDOWN if it was destroyed. */
static int drain(struct handoff *h)
{
	struct kiscsi_event e;

	while (kiscsi_event(&h->k, &e, 0) == 0) {
		if ((e.type == KISCSI_K_DESTROY_SESSION || e.type == KISCSI_K_UNBIND_SESSION) &&
		    e.sid == h->sid)
			return -ESHUTDOWN;
	}
	return 0;
}

int handoff_recover(struct handoff *h, volatile int *stop)
{
	struct login_result res;
	uint64_t t0 = clock_ms(), fast = 400, slow = 500;
	unsigned attempt = 0;
	char last[sizeof res.reason] = "";
	int rc, fd;

	memset(&res, 0, sizeof res);
	h->recovering = 1;
	rc = kiscsi_stop_conn(&h->k, h->sid, h->cid, KISCSI_STOP_RECOVER);
	if (rc)
		log_warn("session %u: STOP_CONN(recover) failed: %s (continuing)", h->sid,
			 strerror(-rc));
	rc = nap((uint64_t)h->res.time2wait * 1000 + rnd() % 1000, stop);
	if (rc)
		return rc;
	for (;;) {
		uint64_t delay;

		attempt++;
		rc = drain(h);
		if (rc)
			return rc;
		/* a redirect target may be gone: always start from the configured portal */
		snprintf(h->cur_addr, sizeof h->cur_addr, "%s", h->cfg.address);
		h->cur_port = h->cfg.port;
		fd = do_connect(h, &res);
		if (fd >= 0) {
			rc = do_bind(h, fd, &res);
			if (!rc)
				rc = login_started(h, &res);
			if (!rc) {
				log_info("session %u: reconnected to %s port %u after %llu ms "
					 "(%u attempts)", h->sid, h->cur_addr, h->cur_port,
					 (unsigned long long)(clock_ms() - t0), attempt);
				h->recovering = 0;
				return 0;
			}
			/* as iscsistart does at boot: a target that picked SHA-256 and
			 * then failed the login gets MD5 only from now on */
			if ((rc == -EACCES || rc == -EIO) && res.chap_alg == 7 && !h->chap_md5_only) {
				h->chap_md5_only = 1;
				log_info("session %u: target failed CHAP with SHA-256, offering MD5 "
					 "only", h->sid);
			}
			/* login failed on a live connection: let the kernel drop it */
			kiscsi_stop_conn(&h->k, h->sid, h->cid, KISCSI_STOP_RECOVER);
			delay = slow / 2 + rnd() % (slow / 2 + 1);
			slow = slow * 2 > 30000 ? 30000 : slow * 2;
		} else {
			delay = fast / 2 + rnd() % (fast + 1);
		}
		if (strcmp(last, res.reason) || attempt % 20 == 0) {
			log_warn("session %u: reconnect attempt %u: %s", h->sid, attempt, res.reason);
			snprintf(last, sizeof last, "%s", res.reason);
		}
		rc = nap(delay, stop);
		if (rc)
			return rc;
	}
}

int handoff_iscsid_running(void)
{
	static const char name[] = "ISCSIADM_ABSTRACT_NAMESPACE";
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, ok;

	memcpy(sa.sun_path + 1, name, sizeof name - 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	ok = connect(fd, (struct sockaddr *)&sa,
		     (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + sizeof name - 1)) == 0;
	close(fd);
	return ok;
}

static const char *conn_err_name(uint32_t e)
{
	static const char *const n[] = {
		"", "DataSN", "data offset", "MaxCmdSN", "ExpCmdSN", "bad opcode",
		"data length", "AHS length", "protocol", "LUN", "bad ITT", "connection failed",
		"R2TSN", "session failed", "header digest", "data digest", "param not found",
		"no SCSI cmd", "invalid host", "xmit failed", "TCP connection closed",
		"SCSI EH session reset", "NOP timed out",
	};

	return e >= 1000 && e - 1000 < sizeof n / sizeof *n ? n[e - 1000] : "unknown";
}

static volatile int got_term;

/* Touch (and so lock) 48 KiB of stack: deeper than login + recovery go. */
static void __attribute__((noinline)) prefault_stack(void)
{
	volatile char probe[48 * 1024];

	for (size_t i = 0; i < sizeof probe; i += 4096)
		probe[i] = 0;
}

/* ---- re-exec from the real root ------------------------------------------- */

#define STATE_MAGIC 0x3130646f6f726969ull      /* "iirood01" */
struct state_hdr {
	uint64_t magic;
	uint64_t size;        /* sizeof(struct handoff) of the writer */
	uint64_t strs;        /* address of the writer's h->strs, to rebase pointers */
};

static int proc_fd = -1;      /* /proc as mounted when the daemon started */
static uint64_t daemon_t0;
static int reexec_tried;

/* Pointer fields of the config that point into h->strs. */
static const char **str_field(struct handoff *h, int i)
{
	const char **f[] = {
		&h->cfg.lp.initiator_name, &h->cfg.lp.initiator_alias, &h->cfg.lp.target_name,
		&h->cfg.lp.chap_user, &h->cfg.lp.chap_secret, &h->cfg.lp.chap_in_user,
		&h->cfg.lp.chap_in_secret, &h->cfg.lp.chap_algs, &h->cfg.iface,
	};

	return i < (int)(sizeof f / sizeof *f) ? f[i] : NULL;
}

/* Returns 1 when a re-executed copy took over (the caller exits), else 0. */
static int maybe_reexec(struct handoff *h)
{
	struct state_hdr sh = { STATE_MAGIC, sizeof *h, (uint64_t)(uintptr_t)h->strs };
	char a1[16], a2[16], ok[2];
	struct stat a, b;
	struct pollfd pfd;
	int mfd, pp[2], status;
	pid_t pid;

	if (proc_fd < 0 || reexec_tried)
		return 0;
	if (clock_ms() - daemon_t0 > 600000) {
		reexec_tried = 1;           /* no switch-root in 10 min: stop looking */
		return 0;
	}
	if (fstatat(proc_fd, "1/root/", &a, 0) < 0 || stat("/", &b) < 0 ||
	    (a.st_dev == b.st_dev && a.st_ino == b.st_ino))
		return 0;                   /* no switch-root yet */
	reexec_tried = 1;
	if (fstatat(proc_fd, "1/root" HANDOFF_REEXEC_PATH, &a, 0) < 0 || !S_ISREG(a.st_mode)) {
		log_info("switch-root seen; no %s in the real root: staying in the initramfs",
			 HANDOFF_REEXEC_PATH);
		return 0;
	}
	mfd = (int)syscall(SYS_memfd_create, "iscsiroot-daemon", 0u);
	if (mfd < 0)
		return 0;
	if (write(mfd, &sh, sizeof sh) != sizeof sh || write(mfd, h, sizeof *h) != (ssize_t)sizeof *h ||
	    lseek(mfd, 0, SEEK_SET) != 0 || pipe2(pp, O_CLOEXEC) < 0) {
		close(mfd);
		return 0;
	}
	pid = fork();
	if (pid == 0) {
		int rfd = openat(proc_fd, "1/root", O_PATH | O_DIRECTORY | O_CLOEXEC);
		char *av[] = { (char *)"@iscsistart", (char *)"--resume-daemon", a1, a2, NULL };

		if (rfd < 0 || fchdir(rfd) < 0 || chroot(".") < 0 || chdir("/") < 0)
			_exit(127);
		fcntl(h->k.nl.fd, F_SETFD, 0);
		fcntl(pp[1], F_SETFD, 0);
		snprintf(a1, sizeof a1, "%d", mfd);
		snprintf(a2, sizeof a2, "%d", pp[1]);
		execve(HANDOFF_REEXEC_PATH, av, environ);
		_exit(127);
	}
	close(pp[1]);
	close(mfd);
	if (pid < 0) {
		close(pp[0]);
		return 0;
	}
	pfd.fd = pp[0];
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 5000) == 1 && read(pp[0], ok, 2) == 2 && !memcmp(ok, "OK", 2)) {
		close(pp[0]);
		log_info("re-executed from the real root's %s as pid %d: the initramfs copy exits",
			 HANDOFF_REEXEC_PATH, (int)pid);
		return 1;
	}
	close(pp[0]);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	log_warn("the real root's %s did not take over (incompatible version?): staying",
		 HANDOFF_REEXEC_PATH);
	return 0;
}

static void daemon_signals(void);

/* Run the daemon loop and say on the console why it ended: a recovery
 * daemon that stops silently would leave the root unprotected unnoticed. */
static int daemon_run(struct handoff *h)
{
	int rc = handoff_daemon(h);

	if (got_term)
		log_info("recovery daemon for session %u stopped by signal %d", h->sid, got_term);
	else if (rc)
		log_err("recovery daemon for session %u failed: %s", h->sid, strerror(-rc));
	return rc;
}

/* The re-executed daemon has a new PID: where root-pin listed the old one
 * for sysvinit's killall5 (/run/sendsigs.omit.d/iscsiroot, one PID a line),
 * list the new one instead, so a shutdown cannot kill it for a stale entry.
 * Bounds: the file is read whole into 512 bytes; longer or unreadable files
 * are left alone (root-pin --check then reports the daemon unprotected). */
static void sendsigs_follow(int oldpid, int newpid)
{
	static const char path[] = "/run/sendsigs.omit.d/iscsiroot";
	char in[512], out[600], *line, *save = NULL;
	size_t o = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;                     /* root-pin has not run: nothing to follow */
	n = read(fd, in, sizeof in - 1);
	close(fd);
	if (n < 0 || n == (ssize_t)sizeof in - 1)
		return;
	in[n] = 0;
	for (line = strtok_r(in, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		uint64_t v;
		int pid = num_u64(line, 1, 4194304, &v) ? 0 : (int)v;

		if (pid == oldpid)
			o += (size_t)snprintf(out + o, sizeof out - o, "%d\n", newpid);
		else
			o += (size_t)snprintf(out + o, sizeof out - o, "%s\n", line);
		if (o >= sizeof out)
			return;             /* hostile file: leave it */
	}
	fd = open("/run/sendsigs.omit.d/iscsiroot.new", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	n = fd < 0 ? -1 : write(fd, out, o);
	if (fd >= 0 && close(fd) < 0)
		n = -1;
	if (n != (ssize_t)o || rename("/run/sendsigs.omit.d/iscsiroot.new", path) < 0)
		log_warn("cannot update %s with pid %d: %s", path, newpid, strerror(errno));
	else
		log_info("%s now lists pid %d (was %d)", path, newpid, oldpid);
}

int handoff_resume(const char *state_fd, const char *ok_fd)
{
	struct handoff *h = &the_handoff;
	struct state_hdr sh;
	uint64_t sfd, ofd;
	int i, so = 0;
	socklen_t sl = sizeof so;

	if (num_u64(state_fd, 0, 1023, &sfd) || num_u64(ok_fd, 0, 1023, &ofd))
		return -EINVAL;
	if (read((int)sfd, &sh, sizeof sh) != sizeof sh || sh.magic != STATE_MAGIC ||
	    sh.size != sizeof *h || read((int)sfd, h, sizeof *h) != (ssize_t)sizeof *h) {
		log_err("--resume-daemon: state is not from this version of iscsistart");
		return -EPROTO;
	}
	close((int)sfd);
	for (i = 0; str_field(h, i); i++) {
		const char **f = str_field(h, i);
		uint64_t p = (uint64_t)(uintptr_t)*f;

		if (!*f)
			continue;
		if (p < sh.strs || p >= sh.strs + sizeof h->strs)
			return -EPROTO;
		*f = h->strs + (p - sh.strs);
	}
	h->strs[sizeof h->strs - 1] = 0;
	h->cfg.lp.random = NULL;
	h->sysfs = NULL;
	log_secret(h->cfg.lp.chap_secret);
	log_secret(h->cfg.lp.chap_in_secret);
	if (getsockopt(h->k.nl.fd, SOL_SOCKET, SO_PROTOCOL, &so, &sl) < 0 || so != NETLINK_ISCSI)
		return -EPROTO;
	fcntl(h->k.nl.fd, F_SETFD, FD_CLOEXEC);
	reexec_tried = 1;
	daemon_signals();
	if (write((int)ofd, "OK", 2) != 2)
		return -EIO;
	close((int)ofd);
	sendsigs_follow((int)getppid(), (int)getpid());
	return daemon_run(h);
}

int handoff_daemon(struct handoff *h)
{
	struct kiscsi_event e;
	int fd, rc;

	/* Lock what we touch, as we touch it (MCL_ONFAULT, 4.4+): locking the
	 * whole 132 KiB initial stack and every page of the binary would triple
	 * the RSS. The text lives in the initramfs (RAM, never written back), the
	 * buffers were all touched by the login, and the stack depth recovery
	 * needs is touched below, so nothing the daemon needs can be paged out. */
	if (mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) < 0 &&
	    mlockall(MCL_CURRENT | MCL_FUTURE) < 0)
		log_warn("mlockall: %s", strerror(errno));
	prefault_stack();
	fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "-1000", 5) != 5)
		log_warn("cannot set oom_score_adj -1000: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
	prctl(57 /* PR_SET_IO_FLUSHER */, 1, 0, 0, 0);   /* 5.6+: no reclaim deadlock */
	if (chdir("/") < 0)
		return -errno;
	daemon_t0 = clock_ms();
	if (!reexec_tried && proc_fd < 0)
		proc_fd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	log_info("recovery daemon for session %u (host %u, %s) running as pid %d",
		 h->sid, h->host_no, h->cfg.lp.target_name, (int)getpid());
	for (;;) {
		if (got_term)
			return 0;
		/* every 2 s until the switch-root was seen, then every 10 s */
		rc = kiscsi_event(&h->k, &e, reexec_tried ? 10000 : 2000);
		if (rc == -ETIMEDOUT) {
			if (maybe_reexec(h))
				return 0;
			if (handoff_iscsid_running()) {
				log_info("iscsid is running: it adopts session %u, recovery daemon "
					 "exits", h->sid);
				return 0;
			}
			continue;
		}
		if (rc == -EINTR)
			continue;
		if (rc)
			return rc;
		if (e.sid != h->sid)
			continue;
		switch (e.type) {
		case KISCSI_K_CONN_ERROR: {
			uint64_t t = clock_ms();

			log_warn("session %u connection %u failed: error %u (%s)", e.sid, e.cid,
				 e.error, conn_err_name(e.error));
			if (handoff_iscsid_running()) {
				log_info("iscsid is running: leaving the recovery to it");
				return 0;
			}
			rc = handoff_recover(h, &got_term);
			if (rc == -ESHUTDOWN) {
				log_info("session %u was removed, recovery daemon exits", h->sid);
				return 0;
			}
			log_info("session %u recovered in %llu ms, I/O resumes", h->sid,
				 (unsigned long long)(clock_ms() - t));
			break;
		}
		case KISCSI_K_DESTROY_SESSION:
		case KISCSI_K_UNBIND_SESSION:
			log_info("session %u was %s, recovery daemon exits", h->sid,
				 e.type == KISCSI_K_DESTROY_SESSION ? "destroyed" : "unbound");
			return 0;
		default:
			log_debug("event %u on session %u", e.type, e.sid);
		}
	}
}

static void on_term(int sig)
{
	got_term = sig;
}

/* arg_start/arg_end of /proc/self/stat (fields 48, 49; Linux 3.5+), used if
 * they contain [*start, *end). Bounds: reads at most 1 KiB; fields parsed
 * after the last ')' (the comm field may contain anything). */
static void arg_area(char **start, char **end)
{
	char b[1024], *p;
	unsigned long long v[2] = { 0, 0 };
	int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC), f;
	ssize_t n;

	if (fd < 0)
		return;
	n = read(fd, b, sizeof b - 1);
	close(fd);
	if (n <= 0)
		return;
	b[n] = 0;
	p = strrchr(b, ')');
	for (f = 2; p && f < 49; f++) {      /* p at the space before field f+1 */
		p = strchr(p + 1, ' ');
		if (p && f + 1 >= 48) {
			const char *q = p + 1;
			unsigned long long x = 0;

			while (*q >= '0' && *q <= '9' && x < (1ull << 60))
				x = x * 10 + (unsigned long long)(*q++ - '0');
			v[f + 1 - 48] = x;
		}
	}
	if (v[0] && v[1] > v[0] && (char *)(uintptr_t)v[0] <= *start &&
	    (char *)(uintptr_t)v[1] >= *end && v[1] - v[0] < 1 << 20) {
		*start = (char *)(uintptr_t)v[0];
		*end = (char *)(uintptr_t)v[1] - 1;   /* keep the final NUL */
	}
}

static void daemon_signals(void)
{
	struct sigaction sa = { .sa_handler = on_term };

	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

int handoff_daemonize(struct handoff *h, int argc, char **argv)
{
	static const char name[] = "@iscsistart";
	char *start, *end;
	pid_t pid;
	int i;

	pid = fork();
	if (pid != 0)
		return pid < 0 ? -errno : (int)pid;
	/* child: the argv strings are one contiguous area (getopt may have
	 * permuted the pointers, option parsing may have cut strings at '='),
	 * so take its bounds from the kernel, else from the pointers. */
	start = end = argv[0];
	for (i = 0; i < argc; i++) {
		if (argv[i] < start)
			start = argv[i];
		if (argv[i] + strlen(argv[i]) > end)
			end = argv[i] + strlen(argv[i]);
	}
	arg_area(&start, &end);
	if ((size_t)(end - start) >= sizeof name - 1) {
		memset(start, 0, (size_t)(end - start));
		memcpy(start, name, sizeof name - 1);
	} else {
		for (i = 0; i < argc; i++)
			memset(argv[i], 0, strlen(argv[i]));
		argv[0][0] = '@';
	}
	prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
	log_detach(1);
	daemon_signals();
	daemon_run(h);
	return 0;
}
