/* login — the iSCSI login phase (RFC 7143 §6, §11.12-11.13, §13), transport-agnostic.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * login_run() drives one connection's login from the first Login Request to
 * Full Feature Phase: security stage (AuthMethod None or CHAP, one-way or
 * mutual, see chap.h), operational stage (the offers below, RFC 7143 §13
 * result functions), and hands back the negotiated values. It never touches a
 * socket: PDUs go out and come in through struct login_transport, so the same
 * code runs over a plain TCP socket (sock.h: --probe, --discover) and through
 * the kernel's NETLINK_ISCSI SEND_PDU / KEVENT_RECV_PDU (kiscsi.c).
 *
 * Operational offers for a Normal session (root-disk friendly):
 *   HeaderDigest, DataDigest    from login_params.hdrdgst/datadgst
 *   InitialR2T=No  ImmediateData=Yes  MaxRecvDataSegmentLength=<max_recv_dlength>
 *   MaxBurstLength=16776192  FirstBurstLength=262144  DefaultTime2Wait=2
 *   DefaultTime2Retain=0  MaxOutstandingR2T=1  MaxConnections=1
 *   DataPDUInOrder=Yes  DataSequenceInOrder=Yes  ErrorRecoveryLevel=0
 *   IFMarker=No  OFMarker=No
 * Discovery session: HeaderDigest, DataDigest, MaxRecvDataSegmentLength only.
 * A target answer outside what the result function allows (e.g. Min key above
 * our offer, a digest we did not offer, ErrorRecoveryLevel != 0) fails the
 * login with -EPROTO and a reason naming key and value. Keys the target
 * proposes on its own are answered by the same rules; unknown keys get
 * NotUnderstood.
 */
#ifndef ISCSIROOT_LOGIN_H
#define ISCSIROOT_LOGIN_H
#include <stddef.h>
#include <stdint.h>

/* ---- transport ------------------------------------------------------------
 * send: transmit one whole PDU: 48-byte BHS, (no AHS), data segment, zero pad
 *       to a multiple of 4; len includes the pad. No digests: a transport that
 *       negotiated digests adds them itself (login PDUs never carry digests,
 *       RFC 7143 §11.12.1: digests start after the final Login Response).
 *       Returns 0 or -errno.
 * recv: receive one whole PDU into buf (capacity cap) within timeout_ms
 *       (<= 0: the transport's own default). Returns the PDU length (BHS + AHS +
 *       padded data, digests stripped) or -errno: -ETIMEDOUT, -ECONNRESET,
 *       -EMSGSIZE when the PDU does not fit in cap (the transport must have
 *       checked the BHS lengths before reading the rest), -EPROTO for a bad
 *       digest or framing.
 * login_run calls them alternately (one request, one response) and never
 * concurrently; ctx is passed through untouched. */
struct login_transport {
	void *ctx;
	int (*send)(void *ctx, const void *pdu, size_t len);
	int (*recv)(void *ctx, void *buf, size_t cap, int timeout_ms);
};

enum login_digest {              /* login_params.hdrdgst / datadgst */
	LOGIN_DGST_NONE = 0,         /* offer "None" (default) */
	LOGIN_DGST_CRC32C = 1,       /* offer "CRC32C": fail if the target refuses */
	LOGIN_DGST_PREFER_CRC32C = 2,/* offer "CRC32C,None" */
	LOGIN_DGST_PREFER_NONE = 3,  /* offer "None,CRC32C" */
};

/* Login data is bounded to this many bytes per PDU in both directions during
 * the login phase (RFC 7143 §13.12 default MaxRecvDataSegmentLength, and the
 * kernel's 8 KiB login buffer). */
#define LOGIN_MAX_DATA 8192u
/* Room a caller's receive buffer needs for one login-phase PDU. */
#define LOGIN_PDU_MAX (48u + LOGIN_MAX_DATA)

struct login_params {
	const char *initiator_name;  /* required, iqn./eui./naa. (not validated beyond length <= 223) */
	const char *initiator_alias; /* optional, NULL = none */
	const char *target_name;     /* NULL = Discovery session, else Normal session to this target */
	uint8_t isid[6];             /* caller-chosen, identical across relogins (RFC 7143 §11.12.5) */
	uint16_t tsih;               /* 0 = new session (also for reinstatement) */
	uint16_t cid;                /* connection ID, normally 0 */
	uint32_t cmdsn;              /* CmdSN of the login requests (kernel path: overwritten anyway) */
	uint32_t exp_statsn;         /* ExpStatSN for the first request: 0 fresh, or last StatSN+1 */
	/* CHAP (chap.h). chap_user/chap_secret NULL = no CHAP: AuthMethod=None.
	 * chap_user+chap_secret: AuthMethod=CHAP,None (target may choose None).
	 * plus chap_in_user+chap_in_secret: mutual CHAP, AuthMethod=CHAP only, the
	 * target must prove the _in secret. Secrets are NUL-terminated, 1..255 bytes. */
	const char *chap_user, *chap_secret;
	const char *chap_in_user, *chap_in_secret;
	/* CHAP_A list to offer, most preferred first: "5" (MD5), "7" (SHA-256),
	 * "7,5" or "5,7"; NULL = "5". iscsistart offers "7,5" and, when a login
	 * fails right after the target picked 7 (res->chap_alg == 7 with -EACCES
	 * or -EIO), tries once more with "5": tgt 1.0.85 picks 7 and then fails
	 * the login with status 0x0200 (it cannot take a 32-byte response). */
	const char *chap_algs;
	uint8_t hdrdgst, datadgst;   /* enum login_digest */
	uint32_t max_recv_dlength;   /* our MaxRecvDataSegmentLength: 0 = 262144 (normal) / 32768 (discovery); 512..16777215 */
	int timeout_ms;              /* per response; <= 0 = 15000 */
	/* 1 = the transport is the kernel (SEND_PDU/RECV_PDU): it rewrites ITT and
	 * CmdSN of what we send, so the response ITT is not checked. */
	int kernel_path;
	/* Fill buf with len unpredictable bytes (mutual-CHAP challenge, CHAP_I).
	 * NULL = getrandom(2). Returns 0 or -errno. Tests pass a fixed source. */
	int (*random)(void *buf, size_t len);
};

enum login_auth { LOGIN_AUTH_NONE = 0, LOGIN_AUTH_CHAP = 1, LOGIN_AUTH_MUTUAL = 2 };

struct login_result {
	/* negotiated (valid after a 0 return; RFC 7143 defaults where not negotiated) */
	uint32_t max_recv_dlength;   /* what we declared: the target sends us at most this */
	uint32_t max_xmit_dlength;   /* the target's MaxRecvDataSegmentLength (default 8192) */
	uint8_t hdrdgst, datadgst;   /* 1 = CRC32C, 0 = None */
	uint8_t initial_r2t, imm_data, pdu_inorder, dataseq_inorder; /* 0/1 */
	uint8_t erl;                 /* ErrorRecoveryLevel, always 0 on success */
	uint8_t auth;                /* enum login_auth: what actually happened */
	uint8_t chap_alg;            /* 5 MD5, 7 SHA-256, 0 no CHAP */
	uint32_t first_burst, max_burst, max_r2t, max_conns;
	uint32_t time2wait, time2retain;
	int tpgt;                    /* TargetPortalGroupTag from the target, -1 = not sent */
	uint16_t tsih;               /* from the final Login Response */
	/* sequence numbers after login: the next command uses cmdsn; exp_statsn is
	 * the last StatSN + 1; exp_cmdsn/max_cmdsn are the target's window */
	uint32_t cmdsn, exp_statsn, statsn, exp_cmdsn, max_cmdsn;
	char target_alias[64];       /* TargetAlias if sent (printable ASCII only), else "" */
	/* status of the last Login Response (class 0 = success) */
	uint8_t status_class, status_detail;
	/* valid when login_run returned LOGIN_REDIRECT: TargetAddress parsed by
	 * inaddr_portal (IPv6 without brackets), port default 3260 */
	char redirect_host[64];
	uint16_t redirect_port;
	int redirect_tpgt;           /* -1 = not given */
	/* one line, why it failed (or "" on success); never contains a secret */
	char reason[256];
};

/* Returned by login_run (positive): status 0x0101/0x0102, reconnect to
 * result.redirect_host:redirect_port and call login_run again with the same
 * params. The caller bounds the number of hops (iscsistart: 8). */
#define LOGIN_REDIRECT 1

/* Run the login. params and transport are read-only; res is fully written
 * (zeroed first). Returns:
 *   0               Full Feature Phase reached; res has the negotiated values.
 *   LOGIN_REDIRECT  target moved (res->status_detail 1 temporarily, 2 permanently).
 *   -EACCES         authentication failed: status 0x0201/0x0202, the target
 *                   refused our CHAP, or it failed to prove itself (mutual),
 *                   reflected our challenge, or offered only what we refuse.
 *   -ENOENT         target not found (0x0203)
 *   -ENODEV         target removed (0x0204)
 *   -EAGAIN         target-side error: 0x0300 target error, 0x0301 service
 *                   unavailable, 0x0302 out of resources: retry later.
 *   -EOPNOTSUPP     0x0205 unsupported version, 0x0209 session type unsupported
 *   -EIO            any other initiator error status (0x02xx)
 *   -EPROTO         hostile or malformed response: bad opcode, lengths,
 *                   oversized data, key flood, duplicate key, non-UTF-8, bad
 *                   stage transition, out-of-range answer, Reject PDU.
 *   -EINVAL         bad params (missing initiator name, secret too long, same
 *                   secret both directions for mutual CHAP, ...).
 *   other -errno    from the transport (-ETIMEDOUT, -ECONNRESET, ...).
 * In every failure res->reason says why in one line naming the bad value.
 *
 * Bounds contract: each response is received into a LOGIN_PDU_MAX buffer;
 * a response is rejected unless 48 <= len, TotalAHSLength == 0,
 * DataSegmentLength <= 8192 and 48 + pad4(DataSegmentLength) == len (or len
 * >= 48 + DataSegmentLength for transports that drop the pad); at most 63
 * keys per response, 64 login round trips (a target answering T=0 forever).
 * Login Responses with the C (continue) bit are refused (-EPROTO).
 * Not reentrant: the PDU buffers (~11 KiB) are static, off the stack. */
int login_run(const struct login_params *p, const struct login_transport *t,
	      struct login_result *res);

/* True for failures worth another attempt (the target may come back):
 * -EAGAIN, -ETIMEDOUT, connection errors (-ECONNREFUSED, -ECONNRESET,
 * -EHOSTUNREACH, -ENETUNREACH, -EPIPE, -ECONNABORTED, -ENETDOWN), -ENODEV
 * (target removed: may be re-added). Not for auth failures, not found,
 * protocol errors or bad parameters. */
int login_retryable(int rc);

/* Send a Logout Request (reason 0: close the session, RFC 7143 §11.14) with
 * res->cmdsn / res->exp_statsn, wait for the Logout Response (ignoring
 * NOP-In and Async Messages in between, at most 16 of them). Updates res's
 * sequence numbers. Bounds: responses are received into an 8240-byte buffer
 * and decoded with DataSegmentLength <= 8192. 0, -EPROTO (bad response,
 * reason in res->reason), -EIO (logout refused) or a transport -errno. */
int login_logout(const struct login_transport *t, struct login_result *res,
		 int timeout_ms);

#endif
