/* kiscsi — the NETLINK_ISCSI control channel of the kernel's iSCSI transport
 * class (scsi_transport_iscsi), used to hand a session to iscsi_tcp.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Wire format: Linux include/uapi/scsi/iscsi_if.h (facts in
 * reference/kernel-abi.md §1): every request is nlmsghdr + struct
 * iscsi_uevent (56 bytes on 64-bit) + payload, nlmsg_type = the event code;
 * the kernel answers with nlmsg_type = request code and the same 56 bytes,
 * r.* filled in, or ev.type = KEVENT_IF_ERROR with ev.iferror = -errno.
 * Asynchronous events (multicast group 1, nlmsg_type 0) can arrive between a
 * request and its reply; they are queued and handed out by kiscsi_event().
 *
 * Functions return 0 (or a documented count) or -errno; a per-operation
 * driver failure (r.retcode) is returned as that negative errno too.
 */
#ifndef ISCSIROOT_KISCSI_H
#define ISCSIROOT_KISCSI_H
#include <stddef.h>
#include <stdint.h>
#include "nl.h"

#ifndef NETLINK_ISCSI
#define NETLINK_ISCSI 8
#endif

enum kiscsi_ev {                       /* iscsi_if.h enum iscsi_uevent_e */
	KISCSI_CREATE_SESSION = 11, KISCSI_DESTROY_SESSION = 12,
	KISCSI_CREATE_CONN = 13, KISCSI_DESTROY_CONN = 14, KISCSI_BIND_CONN = 15,
	KISCSI_SET_PARAM = 16, KISCSI_START_CONN = 17, KISCSI_STOP_CONN = 18,
	KISCSI_SEND_PDU = 19, KISCSI_SET_HOST_PARAM = 26, KISCSI_UNBIND_SESSION = 27,
	KISCSI_K_RECV_PDU = 101, KISCSI_K_CONN_ERROR = 102, KISCSI_K_IF_ERROR = 103,
	KISCSI_K_DESTROY_SESSION = 104, KISCSI_K_UNBIND_SESSION = 105,
	KISCSI_K_CREATE_SESSION = 106, KISCSI_K_CONN_LOGIN_STATE = 109,
};

enum { KISCSI_STOP_TERM = 1, KISCSI_STOP_SUSPEND = 2, KISCSI_STOP_RECOVER = 3 };

enum kiscsi_param {                    /* iscsi_if.h enum iscsi_param */
	KP_MAX_RECV_DLENGTH = 0, KP_MAX_XMIT_DLENGTH = 1, KP_HDRDGST_EN = 2,
	KP_DATADGST_EN = 3, KP_INITIAL_R2T_EN = 4, KP_MAX_R2T = 5, KP_IMM_DATA_EN = 6,
	KP_FIRST_BURST = 7, KP_MAX_BURST = 8, KP_PDU_INORDER_EN = 9,
	KP_DATASEQ_INORDER_EN = 10, KP_ERL = 11, KP_EXP_STATSN = 14,
	KP_TARGET_NAME = 15, KP_TPGT = 16, KP_PERSISTENT_ADDRESS = 17,
	KP_PERSISTENT_PORT = 18, KP_SESS_RECOVERY_TMO = 19, KP_USERNAME = 22,
	KP_USERNAME_IN = 23, KP_PASSWORD = 24, KP_PASSWORD_IN = 25,
	KP_FAST_ABORT = 26, KP_ABORT_TMO = 27, KP_LU_RESET_TMO = 28,
	KP_HOST_RESET_TMO = 29, KP_PING_TMO = 30, KP_RECV_TMO = 31,
	KP_IFACE_NAME = 32, KP_ISID = 33, KP_INITIATOR_NAME = 34,
	KP_TGT_RESET_TMO = 35, KP_TARGET_ALIAS = 36,
};
enum { KHP_HWADDRESS = 0, KHP_INITIATOR_NAME = 1, KHP_NETDEV_NAME = 2, KHP_IPADDRESS = 3 };

/* One asynchronous kernel event, decoded. */
struct kiscsi_event {
	uint32_t type;     /* KISCSI_K_* */
	uint32_t sid, cid; /* CONN_ERROR, CONN_LOGIN_STATE, *_SESSION */
	uint32_t error;    /* CONN_ERROR: enum iscsi_err (1000 + n); LOGIN_STATE: state */
	uint32_t host_no;  /* *_SESSION */
};

#define KISCSI_QLEN 16
#define KISCSI_PDU_MAX (48 + 8192)          /* login/text PDUs through the kernel */
#define KISCSI_BUF (16384)

struct kiscsi {
	struct nl_sock nl;
	uint64_t handle;                    /* transport handle from sysfs */
	struct kiscsi_event q[KISCSI_QLEN]; /* queued async events (ring) */
	unsigned qhead, qlen, qdropped;
	/* one received PDU waiting for kiscsi_recv_pdu */
	uint32_t pdu_sid, pdu_cid, pdu_len; /* pdu_len 0 = slot empty */
	uint8_t pdu[KISCSI_PDU_MAX];
	uint32_t rbuf[KISCSI_BUF / 4];      /* receive buffer (aligned) */
	uint32_t sbuf[KISCSI_BUF / 4];      /* request buffer */
};

/* Read the iscsi_tcp transport handle from <sysfs>/class/iscsi_transport/
 * <transport>/handle (sysfs NULL = "/sys"). Bounds: reads at most 63 bytes,
 * which must be a decimal u64 with an optional trailing newline. 0, -ENOENT
 * (module not loaded), -EACCES, -EINVAL (bad contents). */
int kiscsi_handle(const char *sysfs, const char *transport, uint64_t *handle);

/* Read the handle and open the netlink socket (group 1 joined). */
int kiscsi_open(struct kiscsi *k, const char *sysfs);
void kiscsi_close(struct kiscsi *k);

int kiscsi_create_session(struct kiscsi *k, uint32_t initial_cmdsn, uint16_t cmds_max,
			  uint16_t queue_depth, uint32_t *sid, uint32_t *host_no);
int kiscsi_create_conn(struct kiscsi *k, uint32_t sid, uint32_t *cid);
/* fd must be a connected TCP socket of this process; the kernel keeps its own
 * reference, the caller may close fd afterwards and must not use it. */
int kiscsi_bind_conn(struct kiscsi *k, uint32_t sid, uint32_t cid, int fd);
/* value: NUL-terminated, at most 4095 bytes. */
int kiscsi_set_param(struct kiscsi *k, uint32_t sid, uint32_t cid, int param, const char *value);
int kiscsi_set_host_param(struct kiscsi *k, uint32_t host_no, int param, const char *value);
int kiscsi_start_conn(struct kiscsi *k, uint32_t sid, uint32_t cid);
int kiscsi_stop_conn(struct kiscsi *k, uint32_t sid, uint32_t cid, int flag);
int kiscsi_destroy_conn(struct kiscsi *k, uint32_t sid, uint32_t cid);
int kiscsi_destroy_session(struct kiscsi *k, uint32_t sid);

/* Send a PDU (48-byte BHS, AHS per its TotalAHSLength, then data) through
 * the kernel connection. Bounds: len must cover the BHS, AHS and the
 * DataSegmentLength of the BHS (padding optional: the kernel pads); the data
 * length is capped at 8192. The kernel rewrites CmdSN and ITT. */
int kiscsi_send_pdu(struct kiscsi *k, uint32_t sid, uint32_t cid, const void *pdu, size_t len);

/* Wait up to timeout_ms for the next PDU the kernel passes up on sid/cid
 * (KEVENT_RECV_PDU); other events are queued. Copies the 48-byte BHS plus
 * DataSegmentLength bytes of data to buf and returns that count. Bounds: the
 * BHS's DataSegmentLength must fit in the bytes the kernel delivered
 * (-EBADMSG otherwise) and in cap (-EMSGSIZE). -ETIMEDOUT on timeout;
 * -ECONNRESET if a CONN_ERROR for sid arrives while waiting. */
int kiscsi_recv_pdu(struct kiscsi *k, uint32_t sid, uint32_t cid, void *buf, size_t cap,
		    int timeout_ms);

/* Next asynchronous event (queued first, then from the socket), waiting up
 * to timeout_ms. 0 and *ev filled, -ETIMEDOUT, -EINTR (a signal arrived:
 * the caller checks its flags and calls again), or -errno. Received PDUs are
 * kept for kiscsi_recv_pdu, not returned here. */
int kiscsi_event(struct kiscsi *k, struct kiscsi_event *ev, int timeout_ms);

/* Forget queued CONN_ERROR events of session sid (they concern a connection
 * that was stopped since) and any received PDU kept for it. */
void kiscsi_purge(struct kiscsi *k, uint32_t sid);

/* Feed one received datagram buf[0..len) to the decoder, as if read from the
 * socket (exposed for tests and fuzzing). If want_type is nonzero, the reply
 * with that nlmsg_type is copied to reply56 (56 bytes) and 1 is returned; 0
 * if none was found. Malformed messages are skipped (-EBADMSG is returned
 * only if nothing usable was found and something was malformed). */
int kiscsi_feed(struct kiscsi *k, const void *buf, size_t len, uint32_t want_type,
		uint8_t reply56[56]);

#endif
