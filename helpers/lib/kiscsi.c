/* kiscsi — NETLINK_ISCSI control channel. SPDX-License-Identifier: GPL-2.0-or-later
 * See kiscsi.h and reference/kernel-abi.md §1–2. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "kiscsi.h"
#include "num.h"
#include "sysfs.h"

/* struct iscsi_uevent (Linux include/uapi/scsi/iscsi_if.h), x86_64 / any
 * 64-bit ABI with 8-byte aligned u64: 56 bytes. Only the members we use. */
struct uev {
	uint32_t type;              /* @0  enum iscsi_uevent_e */
	uint32_t iferror;           /* @4  -errno when type = KEVENT_IF_ERROR */
	uint64_t transport_handle;  /* @8 */
	union {                     /* @16, 24 bytes: requests */
		struct { uint32_t initial_cmdsn; uint16_t cmds_max, queue_depth; } c_session;
		struct { uint32_t sid; } d_session;
		struct { uint32_t sid, cid; } c_conn;  /* also d_conn, start_conn */
		struct { uint32_t sid, cid; uint64_t transport_eph; uint32_t is_leading; } b_conn;
		struct { uint32_t sid, cid, param, len; } set_param;
		struct { uint32_t sid, cid; uint64_t conn_handle; uint32_t flag; } stop_conn;
		struct { uint32_t sid, cid, hdr_size, data_size; } send_pdu;
		struct { uint32_t host_no, param, len; } set_host_param;
	} u;
	union {                     /* @40, 16 bytes: replies and events */
		int32_t retcode;
		struct { uint32_t sid, host_no; } c_session_ret;
		struct { uint32_t sid, cid; } c_conn_ret;
		struct { uint32_t sid, cid, error; } connerror;
		struct { uint32_t sid, cid; uint64_t recv_handle; } recv_req;
		struct { uint32_t host_no, sid; } d_session;       /* note the order */
		struct { uint32_t sid, host_no; } unbind_session;
		struct { uint32_t sid, cid, state; } conn_login;
	} r;
};
#define UEV ((size_t)sizeof(struct uev))
#define NLH ((size_t)sizeof(struct nlmsghdr))
#define BHS 48
_Static_assert(sizeof(struct uev) == 56, "iscsi_uevent is 56 bytes");
_Static_assert(offsetof(struct uev, transport_handle) == 8, "transport_handle @8");
_Static_assert(offsetof(struct uev, u) == 16, "u @16");
_Static_assert(offsetof(struct uev, u.c_session.cmds_max) == 20, "cmds_max @20");
_Static_assert(offsetof(struct uev, u.c_session.queue_depth) == 22, "queue_depth @22");
_Static_assert(offsetof(struct uev, u.b_conn.transport_eph) == 24, "transport_eph @24");
_Static_assert(offsetof(struct uev, u.b_conn.is_leading) == 32, "is_leading @32");
_Static_assert(offsetof(struct uev, u.set_param.len) == 28, "set_param.len @28");
_Static_assert(offsetof(struct uev, u.stop_conn.flag) == 32, "stop flag @32");
_Static_assert(offsetof(struct uev, u.send_pdu.data_size) == 28, "data_size @28");
_Static_assert(offsetof(struct uev, u.set_host_param.len) == 24, "host len @24");
_Static_assert(offsetof(struct uev, r) == 40, "r @40");
_Static_assert(offsetof(struct uev, r.connerror.error) == 48, "connerror.error @48");
_Static_assert(offsetof(struct uev, r.recv_req.recv_handle) == 48, "recv_handle @48");
_Static_assert(offsetof(struct uev, r.d_session.sid) == 44, "d_session.sid @44");
_Static_assert(offsetof(struct uev, r.conn_login.state) == offsetof(struct uev, r.connerror.error),
	       "conn_login as connerror");

#define REPLY_MS 10000   /* the kernel answers synchronously; this is a safety net */

int kiscsi_handle(const char *sysfs, const char *transport, uint64_t *handle)
{
	char path[256], txt[64];
	int rc;

	if ((rc = sysfs_path(path, sizeof path, "%s/class/iscsi_transport/%s/handle",
			     sysfs ? sysfs : "/sys", transport)))
		return rc;
	if ((rc = sysfs_read(path, txt, sizeof txt)) < 0)
		return rc == -EFBIG ? -EINVAL : rc;
	return num_u64(txt, 1, UINT64_MAX, handle) ? -EINVAL : 0;
}

int kiscsi_open(struct kiscsi *k, const char *sysfs)
{
	int rc;

	k->qhead = k->qlen = k->qdropped = 0;
	k->pdu_len = 0;
	k->nl.fd = -1;
	rc = kiscsi_handle(sysfs, "tcp", &k->handle);
	if (rc)
		return rc;
	return nl_open(&k->nl, NETLINK_ISCSI, 1);
}

void kiscsi_close(struct kiscsi *k)
{
	nl_close(&k->nl);
}

static void enqueue(struct kiscsi *k, const struct kiscsi_event *e)
{
	if (k->qlen == KISCSI_QLEN) {      /* drop the oldest, count it */
		k->qhead = (k->qhead + 1) % KISCSI_QLEN;
		k->qlen--;
		k->qdropped++;
	}
	k->q[(k->qhead + k->qlen) % KISCSI_QLEN] = *e;
	k->qlen++;
}

static uint32_t be24(const uint8_t *p)
{
	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

/* One async event message (payload p, plen >= UEV). */
static void take_event(struct kiscsi *k, const uint8_t *p, size_t plen)
{
	struct uev ev;
	struct kiscsi_event e = { 0 };

	memcpy(&ev, p, UEV);
	e.type = ev.type;
	switch (ev.type) {
	case KISCSI_K_RECV_PDU: {
		size_t avail = plen - UEV;
		uint32_t dlen;

		if (avail < BHS)
			return;             /* malformed: ignore */
		dlen = be24(p + UEV + 5);
		if (dlen > avail - BHS || BHS + dlen > sizeof k->pdu)
			return;             /* lies about its length: ignore */
		if (k->pdu_len)
			k->qdropped++;      /* only one login task is ever outstanding */
		memcpy(k->pdu, p + UEV, BHS + dlen);
		k->pdu_len = BHS + dlen;
		k->pdu_sid = ev.r.recv_req.sid;
		k->pdu_cid = ev.r.recv_req.cid;
		return;
	}
	case KISCSI_K_CONN_ERROR:
	case KISCSI_K_CONN_LOGIN_STATE:     /* conn_login: sid, cid, state at the same places */
		e.sid = ev.r.connerror.sid;
		e.cid = ev.r.connerror.cid;
		e.error = ev.r.connerror.error;
		break;
	case KISCSI_K_DESTROY_SESSION:
		e.sid = ev.r.d_session.sid;
		e.host_no = ev.r.d_session.host_no;
		break;
	case KISCSI_K_CREATE_SESSION:
	case KISCSI_K_UNBIND_SESSION:
		e.sid = ev.r.unbind_session.sid;
		e.host_no = ev.r.unbind_session.host_no;
		break;
	default:
		break;                      /* other events: type only */
	}
	enqueue(k, &e);
}

int kiscsi_feed(struct kiscsi *k, const void *buf, size_t len, uint32_t want_type,
		uint8_t reply56[56])
{
	const struct nlmsghdr *h;
	size_t off = 0, plen;
	int r, found = 0, bad = 0;

	while ((r = nl_next(buf, len, &off, &h)) > 0) {
		const uint8_t *p = nl_data(h, &plen);
		uint32_t type;

		if (h->nlmsg_type == NLMSG_ERROR || plen < UEV) {
			bad = 1;            /* the iSCSI family never sends these */
			continue;
		}
		memcpy(&type, p, 4);
		if (want_type && h->nlmsg_type == want_type && !found) {
			memcpy(reply56, p, UEV);
			found = 1;
		} else if (h->nlmsg_type == 0 && type > 100 && type < 200) {
			take_event(k, p, plen);
		} else {
			bad = 1;
		}
	}
	if (r < 0)
		bad = 1;
	return found ? 1 : bad ? -EBADMSG : 0;
}

/* Send the request in k->sbuf (uev + plen payload bytes) and wait for its
 * reply; returns -errno from IF_ERROR, or 0 with *rep filled. */
static int call(struct kiscsi *k, size_t plen, struct uev *rep)
{
	struct nlmsghdr *h = (struct nlmsghdr *)k->sbuf;
	struct uev *ev = (struct uev *)(h + 1);
	uint32_t want = ev->type;
	uint64_t deadline;
	int rc;

	ev->transport_handle = k->handle;
	h->nlmsg_len = (uint32_t)(NLH + UEV + plen);
	h->nlmsg_type = (uint16_t)want;
	h->nlmsg_flags = 0;
	h->nlmsg_seq = 0;
	h->nlmsg_pid = k->nl.portid;
	rc = nl_send(&k->nl, k->sbuf, h->nlmsg_len);
	if (rc)
		return rc;
	deadline = clock_ms() + REPLY_MS;
	for (;;) {
		uint64_t now = clock_ms();
		uint8_t r56[56];

		if (now >= deadline)
			return -ETIMEDOUT;
		rc = nl_recv(&k->nl, k->rbuf, sizeof k->rbuf, (int)(deadline - now));
		if (rc == -ENOBUFS) {      /* lost multicast events; the reply is unicast */
			k->qdropped++;
			continue;
		}
		if (rc == -EINTR)          /* a request is finished, not abandoned */
			continue;
		if (rc < 0)
			return rc;
		if (kiscsi_feed(k, k->rbuf, (size_t)rc, want, r56) == 1) {
			memcpy(rep, r56, UEV);
			break;
		}
	}
	if (rep->type == KISCSI_K_IF_ERROR) {
		int32_t e = (int32_t)rep->iferror;

		return e < 0 && e > -4096 ? e : -EIO;
	}
	if (rep->type != want)
		return -EBADMSG;
	return 0;
}

static struct uev *req(struct kiscsi *k, uint32_t type)
{
	struct uev *ev = (struct uev *)((struct nlmsghdr *)k->sbuf + 1);

	memset(ev, 0, UEV);
	ev->type = type;
	return ev;
}

static int retcode(const struct uev *rep)
{
	int32_t r = rep->r.retcode;

	if (r == 0)
		return 0;
	return r < 0 && r > -4096 ? r : -EIO;
}

int kiscsi_create_session(struct kiscsi *k, uint32_t initial_cmdsn, uint16_t cmds_max,
			  uint16_t queue_depth, uint32_t *sid, uint32_t *host_no)
{
	struct uev *ev = req(k, KISCSI_CREATE_SESSION), rep;
	int rc;

	ev->u.c_session.initial_cmdsn = initial_cmdsn;
	ev->u.c_session.cmds_max = cmds_max;
	ev->u.c_session.queue_depth = queue_depth;
	rc = call(k, 0, &rep);
	if (rc)
		return rc;
	*sid = rep.r.c_session_ret.sid;
	*host_no = rep.r.c_session_ret.host_no;
	return 0;
}

int kiscsi_create_conn(struct kiscsi *k, uint32_t sid, uint32_t *cid)
{
	struct uev *ev = req(k, KISCSI_CREATE_CONN), rep;
	int rc;

	ev->u.c_conn.sid = sid;
	ev->u.c_conn.cid = 0;
	rc = call(k, 0, &rep);
	if (rc)
		return rc;
	if (rep.r.c_conn_ret.sid != sid)
		return -EBADMSG;
	*cid = rep.r.c_conn_ret.cid;
	return 0;
}

int kiscsi_bind_conn(struct kiscsi *k, uint32_t sid, uint32_t cid, int fd)
{
	struct uev *ev = req(k, KISCSI_BIND_CONN), rep;
	int rc;

	ev->u.b_conn.sid = sid;
	ev->u.b_conn.cid = cid;
	ev->u.b_conn.transport_eph = (uint64_t)fd;
	ev->u.b_conn.is_leading = 1;
	rc = call(k, 0, &rep);
	return rc ? rc : retcode(&rep);
}

static int set_param(struct kiscsi *k, uint32_t type, uint32_t a, uint32_t b, int param,
		     const char *value)
{
	struct uev *ev = req(k, type), rep;
	size_t vl = strlen(value) + 1;

	if (vl > 4096)
		return -E2BIG;
	if (type == KISCSI_SET_PARAM) {
		ev->u.set_param.sid = a;
		ev->u.set_param.cid = b;
		ev->u.set_param.param = (uint32_t)param;
		ev->u.set_param.len = (uint32_t)vl;
	} else {
		ev->u.set_host_param.host_no = a;
		ev->u.set_host_param.param = (uint32_t)param;
		ev->u.set_host_param.len = (uint32_t)vl;
	}
	memcpy((char *)(ev + 1), value, vl);
	return call(k, vl, &rep);
}

int kiscsi_set_param(struct kiscsi *k, uint32_t sid, uint32_t cid, int param, const char *value)
{
	return set_param(k, KISCSI_SET_PARAM, sid, cid, param, value);
}

int kiscsi_set_host_param(struct kiscsi *k, uint32_t host_no, int param, const char *value)
{
	return set_param(k, KISCSI_SET_HOST_PARAM, host_no, 0, param, value);
}

static int conn_op(struct kiscsi *k, uint32_t type, uint32_t sid, uint32_t cid, int flag)
{
	struct uev *ev = req(k, type), rep;
	int rc;

	ev->u.stop_conn.sid = sid;
	ev->u.stop_conn.cid = cid;
	if (type == KISCSI_STOP_CONN)
		ev->u.stop_conn.flag = (uint32_t)flag;
	rc = call(k, 0, &rep);
	if (rc || type != KISCSI_START_CONN)
		return rc;
	return retcode(&rep);
}

int kiscsi_start_conn(struct kiscsi *k, uint32_t sid, uint32_t cid)
{
	return conn_op(k, KISCSI_START_CONN, sid, cid, 0);
}

int kiscsi_stop_conn(struct kiscsi *k, uint32_t sid, uint32_t cid, int flag)
{
	return conn_op(k, KISCSI_STOP_CONN, sid, cid, flag);
}

int kiscsi_destroy_conn(struct kiscsi *k, uint32_t sid, uint32_t cid)
{
	return conn_op(k, KISCSI_DESTROY_CONN, sid, cid, 0);
}

int kiscsi_destroy_session(struct kiscsi *k, uint32_t sid)
{
	struct uev *ev = req(k, KISCSI_DESTROY_SESSION), rep;

	ev->u.d_session.sid = sid;
	return call(k, 0, &rep);
}

int kiscsi_send_pdu(struct kiscsi *k, uint32_t sid, uint32_t cid, const void *pdu, size_t len)
{
	const uint8_t *p = pdu;
	struct uev *ev, rep;
	size_t hdr, dlen;
	int rc;

	if (len < BHS)
		return -EINVAL;
	hdr = BHS + (size_t)p[4] * 4;
	dlen = be24(p + 5);
	if (dlen > 8192 || hdr + dlen > len || NLH + UEV + hdr + dlen > sizeof k->sbuf)
		return -EMSGSIZE;
	ev = req(k, KISCSI_SEND_PDU);
	ev->u.send_pdu.sid = sid;
	ev->u.send_pdu.cid = cid;
	ev->u.send_pdu.hdr_size = (uint32_t)hdr;
	ev->u.send_pdu.data_size = (uint32_t)dlen;
	memcpy(ev + 1, p, hdr + dlen);
	rc = call(k, hdr + dlen, &rep);
	return rc ? rc : retcode(&rep);
}

void kiscsi_purge(struct kiscsi *k, uint32_t sid)
{
	unsigned i, n = 0;

	for (i = 0; i < k->qlen; i++) {
		const struct kiscsi_event *e = &k->q[(k->qhead + i) % KISCSI_QLEN];

		if (!(e->type == KISCSI_K_CONN_ERROR && e->sid == sid))
			k->q[(k->qhead + n++) % KISCSI_QLEN] = *e;
	}
	k->qlen = n;
	if (k->pdu_len && k->pdu_sid == sid)
		k->pdu_len = 0;
}

static int pop_event(struct kiscsi *k, struct kiscsi_event *ev)
{
	if (!k->qlen)
		return 0;
	*ev = k->q[k->qhead];
	k->qhead = (k->qhead + 1) % KISCSI_QLEN;
	k->qlen--;
	return 1;
}

/* Read one datagram into the decoder, waiting until deadline. */
static int pump(struct kiscsi *k, uint64_t deadline, int forever)
{
	uint64_t now = clock_ms();
	int rc;

	/* past the deadline: one non-blocking look at the socket */
	rc = nl_recv(&k->nl, k->rbuf, sizeof k->rbuf,
		     forever ? -1 : now >= deadline ? 0 : (int)(deadline - now));
	if (rc == -ENOBUFS) {
		k->qdropped++;
		return 0;
	}
	if (rc < 0)
		return rc;
	kiscsi_feed(k, k->rbuf, (size_t)rc, 0, NULL);
	return 0;
}

int kiscsi_recv_pdu(struct kiscsi *k, uint32_t sid, uint32_t cid, void *buf, size_t cap,
		    int timeout_ms)
{
	uint64_t deadline = clock_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0);
	int rc;

	for (;;) {
		unsigned i;

		if (k->pdu_len) {
			uint32_t n = k->pdu_len;

			k->pdu_len = 0;
			if (k->pdu_sid == sid && k->pdu_cid == cid) {
				if (n > cap)
					return -EMSGSIZE;
				memcpy(buf, k->pdu, n);
				return (int)n;
			}
		}
		for (i = 0; i < k->qlen; i++) {
			const struct kiscsi_event *e = &k->q[(k->qhead + i) % KISCSI_QLEN];

			if (e->type == KISCSI_K_CONN_ERROR && e->sid == sid)
				return -ECONNRESET;   /* left queued for the caller to see */
		}
		rc = pump(k, deadline, timeout_ms < 0);
		if (rc && rc != -EINTR)
			return rc;
	}
}

int kiscsi_event(struct kiscsi *k, struct kiscsi_event *ev, int timeout_ms)
{
	uint64_t deadline = clock_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0);
	int rc;

	for (;;) {
		if (pop_event(k, ev))
			return 0;
		rc = pump(k, deadline, timeout_ms < 0);
		if (rc)
			return rc;
	}
}
