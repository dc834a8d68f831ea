/* md5 — MD5 message digest (RFC 1321), for CHAP_A=5 only (RFC 1994, RFC 7143 §12.1.3).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * MD5 is broken for collision resistance; CHAP still specifies it and every
 * target implements it. Small, streaming, no tables beyond the 64 constants.
 */
#ifndef ISCSIROOT_MD5_H
#define ISCSIROOT_MD5_H
#include <stddef.h>
#include <stdint.h>

#include "mdhash.h"

#define MD5_LEN 16

struct md5_ctx {
	struct mdhash m;       /* shared block framing, see mdhash.h */
};

void md5_init(struct md5_ctx *c);
/* Hash n bytes of p (any length, any alignment). */
void md5_update(struct md5_ctx *c, const void *p, size_t n);
/* Write the 16-byte digest; c must be re-initialised before reuse. */
void md5_final(struct md5_ctx *c, uint8_t out[MD5_LEN]);
/* One-shot convenience. */
void md5(const void *p, size_t n, uint8_t out[MD5_LEN]);

#endif
