/* pdu — iSCSI PDU framing (RFC 7143 §11) and text keys (RFC 7143 §6, §13).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every PDU starts with a 48-byte Basic Header Segment (BHS), big-endian,
 * encoded and decoded here field by field at explicit offsets (no structs
 * on the wire). Layout common to all PDUs (RFC 7143 §11.2.1):
 *
 *   off  len  field
 *     0    1  bit 7 reserved, bit 6 I (immediate delivery), bits 5-0 opcode
 *     1    1  opcode-specific flags; bit 7 F (final) for most opcodes
 *     2    2  opcode-specific (Login: Version-max / Version-min|active)
 *     4    1  TotalAHSLength in 4-byte words
 *     5    3  DataSegmentLength in bytes, excluding padding (24 bits)
 *     8    8  LUN or opcode-specific (Login: ISID 8-13, TSIH 14-15)
 *    16    4  Initiator Task Tag (ITT)
 *    20   28  opcode-specific: for target PDUs TTT/reserved @20,
 *             StatSN @24, ExpCmdSN @28, MaxCmdSN @32
 *
 * Then AHS (TotalAHSLength*4 bytes), an optional 4-byte header digest, the
 * data segment padded with zeros to a multiple of 4 (§11.1) and an optional
 * data digest. Digests are added and checked by the transport (sock.c).
 */
#ifndef ISCSIROOT_PDU_H
#define ISCSIROOT_PDU_H
#include <stddef.h>
#include <stdint.h>

#define PDU_BHS_LEN 48
#define PDU_MAX_DLEN 0xffffffu          /* DataSegmentLength is 24 bits */

/* Opcodes (RFC 7143 §11.2.1.2). Initiator → target: */
enum {
	PDU_NOP_OUT = 0x00, PDU_SCSI_CMD = 0x01, PDU_LOGIN_REQ = 0x03,
	PDU_TEXT_REQ = 0x04, PDU_LOGOUT_REQ = 0x06,
	/* target → initiator: */
	PDU_NOP_IN = 0x20, PDU_SCSI_RSP = 0x21, PDU_LOGIN_RSP = 0x23,
	PDU_TEXT_RSP = 0x24, PDU_DATA_IN = 0x25, PDU_LOGOUT_RSP = 0x26,
	PDU_R2T = 0x31, PDU_ASYNC = 0x32, PDU_REJECT = 0x3f,
};
#define PDU_IMMEDIATE 0x40               /* byte 0 bit 6 */
#define PDU_OPCODE_MASK 0x3f
#define PDU_F 0x80                       /* byte 1 bit 7: Final */

/* Login flags, byte 1 (RFC 7143 §11.12.1-11.12.3) */
#define PDU_LOGIN_T 0x80                 /* Transit */
#define PDU_LOGIN_C 0x40                 /* Continue */
#define PDU_LOGIN_CSG(f) (((f) >> 2) & 3)
#define PDU_LOGIN_NSG(f) ((f) & 3)
#define PDU_LOGIN_FLAGS(t, csg, nsg) ((uint8_t)((t ? PDU_LOGIN_T : 0) | (csg) << 2 | (nsg)))
enum { PDU_STAGE_SECURITY = 0, PDU_STAGE_OPERATIONAL = 1, PDU_STAGE_FULL = 3 };
/* Text flags (§11.10.1): F 0x80, C 0x40 */
#define PDU_TEXT_C 0x40
/* SCSI Command flags (§11.3.1): F 0x80, R 0x40, W 0x20, ATTR bits 2-0 (1 = simple) */
#define PDU_SCSI_R 0x40
/* Data-In flags (§11.7.1): F 0x80, A 0x40, O 0x04, U 0x02, S 0x01 */
#define PDU_DATAIN_S 0x01

static inline uint32_t pdu_pad4(uint32_t n) { return (n + 3u) & ~3u; }
uint32_t pdu_get32(const uint8_t *p);
uint16_t pdu_get16(const uint8_t *p);
void pdu_put32(uint8_t *p, uint32_t v);
void pdu_put16(uint8_t *p, uint16_t v);
/* DataSegmentLength (bytes 5-7) */
uint32_t pdu_dlen(const uint8_t *bhs);
void pdu_set_dlen(uint8_t *bhs, uint32_t dlen);
/* 48 + TotalAHSLength*4 + pad4(DataSegmentLength): the PDU size without digests */
uint32_t pdu_total_len(const uint8_t *bhs);

/* ---- decoding what a target sends ----------------------------------------
 * One view for every target → initiator PDU; fields that an opcode does not
 * define are simply whatever the bytes say. */
struct pdu_in {
	uint8_t opcode;          /* byte 0 & 0x3f */
	uint8_t flags;           /* byte 1 */
	uint8_t b2, b3;          /* bytes 2, 3 (Login: Version-max, Version-active;
	                          * Logout/SCSI Response: Response @2, Status @3;
	                          * Reject: Reason @2) */
	uint8_t ahs_words;       /* byte 4 */
	uint32_t dlen;           /* bytes 5-7 */
	uint8_t lun[8];          /* bytes 8-15 (Login: ISID 8-13, TSIH 14-15) */
	uint32_t itt;            /* 16-19 */
	uint32_t ttt;            /* 20-23 Target Transfer Tag (NOP-In, Text, Data-In) */
	uint32_t statsn;         /* 24-27 */
	uint32_t exp_cmdsn;      /* 28-31 */
	uint32_t max_cmdsn;      /* 32-35 */
	uint32_t w36, w40, w44;  /* 36-47 (Login: Status-Class @36, -Detail @37;
	                          * Data-In: DataSN @36, Buffer Offset @40,
	                          * Residual Count @44; SCSI Response: ExpDataSN @36,
	                          * residuals @40 @44; Async: AsyncEvent @36) */
	const uint8_t *data;     /* data segment (after the AHS) */
};

/* Decode buf[0..len) as one PDU. Bounds contract: len is the number of bytes
 * actually received; rejected (-EPROTO, reason written) unless len >= 48,
 * DataSegmentLength <= max_dlen, and 48 + AHS + DataSegmentLength <= len
 * (the pad may be absent from len). The opcode is not judged here. */
int pdu_decode(const uint8_t *buf, size_t len, uint32_t max_dlen, struct pdu_in *in,
	       char *reason, size_t rcap);

/* ---- encoding what we send (bhs = 48 bytes, zeroed first) ----------------- */

struct pdu_login_req {       /* RFC 7143 §11.12 */
	uint8_t flags;           /* PDU_LOGIN_FLAGS(T, CSG, NSG) | C */
	uint8_t isid[6];         /* @8 */
	uint16_t tsih;           /* @14 */
	uint32_t itt;            /* @16 */
	uint16_t cid;            /* @20 */
	uint32_t cmdsn;          /* @24 */
	uint32_t exp_statsn;     /* @28 */
};
/* opcode 0x43 (I=1), Version-max 0 @2, Version-min 0 @3 */
void pdu_login_req(uint8_t *bhs, const struct pdu_login_req *l, uint32_t dlen);

/* Text Request (§11.10): opcode 0x04 (not immediate), flags @1 (F/C), LUN 0,
 * ITT @16, TTT @20, CmdSN @24, ExpStatSN @28. */
void pdu_text_req(uint8_t *bhs, uint8_t flags, uint32_t itt, uint32_t ttt,
		  uint32_t cmdsn, uint32_t exp_statsn, uint32_t dlen);

/* Logout Request (§11.14): opcode 0x46 (I=1), flags @1 = 0x80 | reason code
 * (0 close the session), ITT @16, CID @20, CmdSN @24, ExpStatSN @28. */
void pdu_logout_req(uint8_t *bhs, uint8_t reason, uint32_t itt, uint16_t cid,
		    uint32_t cmdsn, uint32_t exp_statsn);

/* NOP-Out (§11.18): opcode 0x40 (I=1), F @1, LUN @8, ITT @16 (0xffffffff when
 * answering a ping), TTT @20 (echoed from the NOP-In), CmdSN @24, ExpStatSN @28. */
void pdu_nop_out(uint8_t *bhs, const uint8_t lun[8], uint32_t itt, uint32_t ttt,
		 uint32_t cmdsn, uint32_t exp_statsn);

/* SCSI Command (§11.3): opcode 0x01, flags @1 (F|R|W|ATTR), LUN @8, ITT @16,
 * Expected Data Transfer Length @20, CmdSN @24, ExpStatSN @28, CDB @32 (16). */
void pdu_scsi_cmd(uint8_t *bhs, uint8_t flags, const uint8_t lun[8], uint32_t itt,
		  uint32_t edtl, uint32_t cmdsn, uint32_t exp_statsn, const uint8_t cdb[16]);

/* ---- text keys: "key=value\0" pairs (RFC 7143 §6.1-6.2) ------------------ */

#define PDU_KEY_MAX 63               /* §6.1: key names up to 63 bytes */
#define PDU_VALUE_MAX 8192           /* §6.1: values up to 8192 bytes (most up to 255) */

struct pdu_text {
	const char *key;             /* not NUL-terminated at klen: key[klen] == '=' */
	size_t klen;
	const char *val;             /* NUL-terminated at val[vlen] */
	size_t vlen;
};

/* Next pair of data[0..len) starting at *pos. Returns 1 (pair in *kv, *pos
 * advanced), 0 (end: nothing left but zero bytes), or -EPROTO with reason:
 * a pair not NUL-terminated within len, no '=', empty or > 63-byte key, key
 * bytes outside [A-Za-z0-9.+@_-], value > 8192 bytes, value not valid UTF-8
 * or containing control characters. Bounds contract: never reads at or
 * beyond data[len]. */
int pdu_text_next(const char *data, size_t len, size_t *pos, struct pdu_text *kv,
		  char *reason, size_t rcap);

/* Append "key=value\0" at buf[*len], cap bounded. 0 or -ENOSPC (unchanged). */
int pdu_text_add(char *buf, size_t cap, size_t *len, const char *key, const char *value);

/* True if s[0..n) is valid UTF-8 (no overlongs, surrogates or > U+10FFFF)
 * without NUL or C0 control characters other than TAB. */
int pdu_utf8_ok(const char *s, size_t n);

/* ---- negotiation rules (RFC 7143 §13) ------------------------------------ */

enum pdu_key_fn {
	PDU_FN_MIN,              /* result = min(offer, answer); answer must be <= offer */
	PDU_FN_MAX,              /* result = max; answer must be >= offer */
	PDU_FN_OR,               /* boolean OR: offer Yes forces Yes */
	PDU_FN_AND,              /* boolean AND: offer No forces No */
	PDU_FN_DECL,             /* declarative: each side states its own value */
	PDU_FN_LIST,             /* list of values, responder picks the first it supports */
};
enum pdu_key_type { PDU_KT_NUM, PDU_KT_BOOL, PDU_KT_TEXT };

struct pdu_key {             /* 16 bytes: bit fields wide enough for every §13 value */
	const char *name;
	uint32_t hi : 24;        /* numeric range [lo, hi] (at most 2^24-1) */
	uint32_t fn : 3;         /* enum pdu_key_fn */
	uint32_t type : 2;       /* enum pdu_key_type */
	uint32_t scope_normal : 1; /* 1 = only meaningful in a Normal session (LO / session keys) */
	uint32_t lo : 12;        /* at most 512 */
	uint32_t def : 20;       /* RFC default (bool: 1 Yes, 0 No), at most 262144 */
};

/* The §13 key table. Its first PDU_KEY_OPS entries are the operational keys
 * an initiator offers, in this order: HeaderDigest, DataDigest,
 * MaxRecvDataSegmentLength, InitialR2T, ImmediateData, MaxBurstLength,
 * FirstBurstLength, DefaultTime2Wait, DefaultTime2Retain, MaxOutstandingR2T,
 * MaxConnections, DataPDUInOrder, DataSequenceInOrder, ErrorRecoveryLevel,
 * IFMarker, OFMarker (login.c's OP_* indexes); then the declarative and list
 * keys (TargetName, InitiatorName, TargetAlias, InitiatorAlias,
 * TargetAddress, TargetPortalGroupTag, SessionType, TaskReporting,
 * AuthMethod). */
#define PDU_KEY_OPS 16
enum {                       /* pdu_keys[] indexes of the keys after the operational ones */
	PDU_K_TARGETNAME = PDU_KEY_OPS, PDU_K_INITIATORNAME, PDU_K_TARGETALIAS, PDU_K_INITIATORALIAS,
	PDU_K_TARGETADDRESS, PDU_K_TPGT, PDU_K_SESSIONTYPE, PDU_K_TASKREPORTING, PDU_K_AUTHMETHOD,
};
extern const struct pdu_key pdu_keys[];

/* The §13 key table entry for key[0..klen), or NULL (answer NotUnderstood). */
const struct pdu_key *pdu_key_find(const char *key, size_t klen);

/* Parse a value for k: numbers decimal or 0x-hex (§6.2, at most 8 hex /
 * 10 decimal digits) within [lo, hi]; booleans "Yes"/"No". 0 or -EINVAL
 * (not a value of this type) / -ERANGE. */
int pdu_key_parse(const struct pdu_key *k, const char *val, uint32_t *out);

/* Result of negotiating offer (ours) against answer (theirs) with k's
 * function: Min, Max, OR, AND. DECL/LIST: returns answer. */
uint32_t pdu_key_result(const struct pdu_key *k, uint32_t offer, uint32_t answer);

/* Is answer a legal response to our offer under k's function (Min: answer <=
 * offer; Max: >=; OR with offer Yes: answer Yes; AND with offer No: answer No)? */
int pdu_key_answer_ok(const struct pdu_key *k, uint32_t offer, uint32_t answer);

#endif
