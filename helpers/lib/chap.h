/* chap — CHAP for iSCSI (RFC 1994 §4.1, RFC 7143 §12.1.3): responses, binary
 * value encodings, mutual-CHAP checks. SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Response = H(CHAP_I as one octet || secret || challenge), H = MD5
 * (CHAP_A=5) or SHA-256 (CHAP_A=7). We offer CHAP_A=7,5 and accept either.
 * Binary values (CHAP_C, CHAP_R) travel as "0x" + hex or "0b" + base64
 * (RFC 7143 §6.1 binary-value); both are decoded, and we answer in the
 * encoding the target used for its challenge.
 *
 * Reflection defence (RFC 7143 §12.1.3): every challenge we issue is
 * remembered (a process-wide ring of CHAP_RING entries, so it spans login
 * attempts and redirects); a challenge from a target that equals one of
 * ours is refused, because answering it would hand the target the response
 * it needs to impersonate us (or itself) elsewhere.
 */
#ifndef ISCSIROOT_CHAP_H
#define ISCSIROOT_CHAP_H
#include <stddef.h>
#include <stdint.h>

enum { CHAP_MD5 = 5, CHAP_SHA256 = 7 };
#define CHAP_MAX_DIGEST 32
#define CHAP_MAX_CHALLENGE 1024      /* bytes; longer challenges are refused */
#define CHAP_MAX_SECRET 255
#define CHAP_RING 16

/* Digest length of alg (16, 32) or 0 if not supported. */
size_t chap_digest_len(int alg);

/* out = H(id || secret[0..slen) || chal[0..clen)). Returns the digest length,
 * or -EINVAL for an unsupported alg. */
int chap_response(int alg, uint8_t id, const void *secret, size_t slen,
		  const uint8_t *chal, size_t clen, uint8_t out[CHAP_MAX_DIGEST]);

/* Decode a binary value "0x…" (hex, odd digit count allowed: a leading 0 is
 * implied) or "0b…" (base64 with optional '=' padding) into out[0..cap).
 * Bounds contract: reads text up to its NUL; -EINVAL for a bad prefix or
 * character, -ENOSPC if more than cap bytes, -EINVAL if empty. *n = bytes. */
int chap_decode(const char *text, uint8_t *out, size_t cap, size_t *n);

/* Encode p[0..n) as "0x" hex (b64 = 0) or "0b" base64 (b64 = 1) into out
 * (NUL-terminated). 0 or -ENOSPC. */
int chap_encode(const uint8_t *p, size_t n, int b64, char *out, size_t cap);

/* Constant-time: does resp[0..rlen) equal H(id || secret || chal)? 1 yes, 0 no. */
int chap_verify(int alg, uint8_t id, const void *secret, size_t slen,
		const uint8_t *chal, size_t clen, const uint8_t *resp, size_t rlen);

/* Remember a challenge we issued (ring of CHAP_RING; only the first
 * CHAP_MAX_DIGEST bytes are compared, plus the length). */
void chap_remember(const uint8_t *chal, size_t clen);
/* 1 if chal equals a challenge we issued in this process. */
int chap_is_ours(const uint8_t *chal, size_t clen);

#endif
