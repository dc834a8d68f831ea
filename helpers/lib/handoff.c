/* handoff — hand a logged-in iSCSI session to the kernel's iscsi_tcp.
 * SPDX-License-Identifier: GPL-2.0-or-later
 * See handoff.h and reference/kernel-abi.md §2. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdlib.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "handoff.h"
#include "inaddr.h"
#include "log.h"
#include "sock.h"
#include "sysfs.h"

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

/* "kernel refused to <what>: <errno text>" into res; the errno for the caller. */
static int kfail(struct login_result *res, const char *what, int rc)
{
	reason(res, "kernel refused to %s: %s", what, strerror(-rc));
	return kerr(rc);
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
		int i;

		if (sysfs_read_head("/proc/net/if_inet6", b, sizeof b) <= 0)
			return -ENOENT;
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

	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0 &&
	    local_ifname(&ss, fd, ifname) == 0) {
		memset(&r, 0, sizeof r);
		memcpy(r.ifr_name, ifname, IF_NAMESIZE);
		if (ioctl(fd, SIOCGIFHWADDR, &r) == 0)
			inaddr_mac_format((const uint8_t *)r.ifr_hwaddr.sa_data, mac);
		kiscsi_set_host_param(&h->k, h->host_no, KHP_NETDEV_NAME, ifname);
		if (mac[0])
			kiscsi_set_host_param(&h->k, h->host_no, KHP_HWADDRESS, mac);
	}
	kiscsi_set_host_param(&h->k, h->host_no, KHP_INITIATOR_NAME, h->cfg.lp.initiator_name);
}

/* One SET_PARAM of a table: the value at off in a struct (kind: how to read
 * it), or off itself (K_CONST). */
enum { K_STR, K_ARR, K_IFACE, K_U8, K_U16, K_U32, K_INT, K_CONST };
struct kparam {
	uint8_t param, kind;
	uint16_t off;
};

#define CS(p, f) { p, K_STR, offsetof(struct session_cfg, f) }
#define CI(p, f) { p, K_INT, offsetof(struct session_cfg, f) }
#define RN(p, k, f) { p, k, offsetof(struct login_result, f) }

/* Parameters set on a bound connection before login (open-iscsi
 * iscsi_session_set_params order). */
static const struct kparam pre_login[] = {
	CS(KP_TARGET_NAME, lp.target_name),
	{ KP_PERSISTENT_ADDRESS, K_ARR, offsetof(struct session_cfg, address) },
	{ KP_PERSISTENT_PORT, K_U16, offsetof(struct session_cfg, port) },
	CI(KP_SESS_RECOVERY_TMO, replacement_timeout),
	CS(KP_USERNAME, lp.chap_user),
	CS(KP_USERNAME_IN, lp.chap_in_user),
	CS(KP_PASSWORD, lp.chap_secret),
	CS(KP_PASSWORD_IN, lp.chap_in_secret),
	{ KP_FAST_ABORT, K_CONST, 1 },
	{ KP_ABORT_TMO, K_CONST, 15 },
	{ KP_LU_RESET_TMO, K_CONST, 30 },
	{ KP_TGT_RESET_TMO, K_CONST, 30 },
	CI(KP_PING_TMO, noop_out_timeout),
	CI(KP_RECV_TMO, noop_out_interval),
	{ KP_IFACE_NAME, K_IFACE, offsetof(struct session_cfg, iface) },
	CS(KP_INITIATOR_NAME, lp.initiator_name),
};

/* Negotiated values (open-iscsi iscsi_session_set_neg_params); then TPGT. */
static const struct kparam post_login[] = {
	RN(KP_MAX_RECV_DLENGTH, K_U32, max_recv_dlength),
	RN(KP_MAX_XMIT_DLENGTH, K_U32, max_xmit_dlength),
	RN(KP_HDRDGST_EN, K_U8, hdrdgst),
	RN(KP_DATADGST_EN, K_U8, datadgst),
	RN(KP_INITIAL_R2T_EN, K_U8, initial_r2t),
	RN(KP_MAX_R2T, K_U32, max_r2t),
	RN(KP_IMM_DATA_EN, K_U8, imm_data),
	RN(KP_FIRST_BURST, K_U32, first_burst),
	RN(KP_MAX_BURST, K_U32, max_burst),
	RN(KP_PDU_INORDER_EN, K_U8, pdu_inorder),
	RN(KP_DATASEQ_INORDER_EN, K_U8, dataseq_inorder),
	{ KP_ERL, K_CONST, 0 },
	RN(KP_EXP_STATSN, K_U32, exp_statsn),
};

/* SET_PARAM every entry of t[0..n-1] from base; -EPROTO at the first refusal. */
static int set_table(struct handoff *h, struct login_result *res, const void *base,
		     const struct kparam *t, int n)
{
	for (; n > 0; n--, t++) {
		const char *p = (const char *)base + t->off, *s;
		long v;
		int rc;

		if (t->kind <= K_IFACE) {
			s = t->kind == K_ARR ? p : *(const char *const *)p;
			if (t->kind == K_IFACE && (!s || !*s))
				s = "default";
			rc = setp(h, res, t->param, s);
		} else {
			if (t->kind == K_CONST)
				v = t->off;
			else if (t->kind == K_U8)
				v = *(const uint8_t *)p;
			else if (t->kind == K_U16)
				v = *(const uint16_t *)p;
			else if (t->kind == K_U32)
				v = *(const uint32_t *)p;
			else
				v = *(const int *)p;
			rc = setn(h, res, t->param, v);
		}
		if (rc)
			return -EPROTO;
	}
	return 0;
}

static int pre_login_params(struct handoff *h, struct login_result *res)
{
	return set_table(h, res, &h->cfg, pre_login, sizeof pre_login / sizeof *pre_login);
}

static int post_login_params(struct handoff *h, const struct login_result *r,
			     struct login_result *res)
{
	int tpgt = r->tpgt >= 0 ? r->tpgt : h->cfg.tpgt;

	if (set_table(h, res, r, post_login, sizeof post_login / sizeof *post_login) ||
	    (tpgt >= 0 && setn(h, res, KP_TPGT, tpgt)))
		return -EPROTO;
	return 0;
}

/* Connect to addr:port (now h->cur_addr:cur_port). fd or -errno, reason filled. During
 * recovery a SYN that gets no answer is given up after 3 s at most, so a
 * portal reachable again is tried again soon. */
static int do_connect(struct handoff *h, struct login_result *res, const char *addr,
		      uint16_t port)
{
	int ms = h->cfg.connect_timeout_ms > 0 ? h->cfg.connect_timeout_ms : 5000;
	int fd;

	snprintf(h->cur_addr, sizeof h->cur_addr, "%s", addr);
	h->cur_port = port;
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

/* Connected socket fd -> bound, logged in and started, following redirects. */
static int login_started(struct handoff *h, int fd, struct login_result *res)
{
	struct ktrans kt = { &h->k, h->sid, h->cid, 15000 };
	struct login_transport t = { &kt, kt_send, kt_recv };
	struct login_params lp = h->cfg.lp;
	int hops = 0, rc;

	lp.kernel_path = 1;
	lp.tsih = 0;
	if (h->chap_md5_only)
		lp.chap_algs = "5";
	lp.cid = (uint16_t)h->cid;
	if (lp.timeout_ms > 0)
		kt.timeout_ms = lp.timeout_ms;
	for (;;) {
		rc = do_bind(h, fd, res);
		if (rc)
			return rc;
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
		note_f(&h->note, LOG_INFO, "target %s redirects to %s port %u", lp.target_name,
			     res->redirect_host, res->redirect_port);
		rc = kiscsi_stop_conn(&h->k, h->sid, h->cid, KISCSI_STOP_RECOVER);
		if (rc)
			return kfail(res, "stop the connection for a redirect", rc);
		fd = do_connect(h, res, res->redirect_host, res->redirect_port);
		if (fd < 0)
			return fd;
	}
	if (rc)
		return rc;
	h->res = *res;
	rc = post_login_params(h, res, res);
	if (rc)
		return rc;
	rc = kiscsi_start_conn(&h->k, h->sid, h->cid);
	if (rc)
		return kfail(res, "start the connection", rc);
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

const unsigned short handoff_str_field[HANDOFF_NSTR] = {
	offsetof(struct handoff, cfg.lp.initiator_name), offsetof(struct handoff, cfg.lp.initiator_alias),
	offsetof(struct handoff, cfg.lp.target_name), offsetof(struct handoff, cfg.lp.chap_user),
	offsetof(struct handoff, cfg.lp.chap_secret), offsetof(struct handoff, cfg.lp.chap_in_user),
	offsetof(struct handoff, cfg.lp.chap_in_secret), offsetof(struct handoff, cfg.lp.chap_algs),
	offsetof(struct handoff, cfg.iface),
};

int handoff_start(struct handoff *h, const struct session_cfg *cfg, struct login_result *res)
{
	size_t used = 0;
	int fd, rc, i;

	memset(res, 0, sizeof *res);
	/* the daemon outlives argv (recovery_start wipes it): own every string */
	h->cfg = *cfg;
	h->chap_md5_only = 0;
	h->recovering = 0;
	for (i = 0; i < HANDOFF_NSTR; i++)
		if (own(h, &used, (const char **)(void *)((char *)h + handoff_str_field[i]),
			i == 4 || i == 6)) {   /* chap_secret, chap_in_secret */
			reason(res, "configuration strings longer than %zu bytes in total", sizeof h->strs);
			return -ENAMETOOLONG;
		}
	fd = do_connect(h, res, cfg->conn_address[0] ? cfg->conn_address : cfg->address,
			cfg->conn_port ? cfg->conn_port : cfg->port);
	if (fd < 0)
		return fd;
	rc = kiscsi_create_session(&h->k, 0, cfg->cmds_max ? cfg->cmds_max : 128,
				   cfg->queue_depth ? cfg->queue_depth : 32, &h->sid, &h->host_no);
	if (rc) {
		close(fd);
		return kfail(res, "create a session", rc);
	}
	h->have_session = 1;
	h->cid = 0;
	rc = kiscsi_create_conn(&h->k, h->sid, &h->cid);
	if (rc) {
		close(fd);
		kiscsi_destroy_session(&h->k, h->sid);
		h->have_session = 0;
		return kfail(res, "create a connection", rc);
	}
	host_params(h, fd);
	rc = login_started(h, fd, res);
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

int handoff_reconnect(struct handoff *h, struct login_result *res, int *connected)
{
	int fd;

	/* a redirect target may be gone: always start from the configured portal */
	*connected = 0;
	fd = do_connect(h, res, h->cfg.address, h->cfg.port);
	if (fd < 0)
		return fd;
	*connected = 1;
	return login_started(h, fd, res);
}

/* iscsistart's one session (-t/-a): the_handoff, defined above. */

struct handoff *handoff_current(void)
{
	return &the_handoff;
}

int handoff_open_start(struct handoff *h, const char *sysfs, const struct session_cfg *cfg,
		       struct login_result *res)
{
	int rc;

	if (!h->opened) {
		rc = handoff_open(h, sysfs);
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
