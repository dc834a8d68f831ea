/* sha256 — SHA-256 (FIPS 180-4 §6.2), for CHAP_A=7 (RFC 7143 §12.1.3, IANA
 * PPP authentication algorithm 7). SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_SHA256_H
#define ISCSIROOT_SHA256_H
#include <stddef.h>
#include <stdint.h>

#include "mdhash.h"

#define SHA256_LEN 32

struct sha256_ctx {
	struct mdhash m;       /* shared block framing, see mdhash.h */
};

void sha256_init(struct sha256_ctx *c);
/* Hash n bytes of p (any length, any alignment). */
void sha256_update(struct sha256_ctx *c, const void *p, size_t n);
/* Write the 32-byte digest; c must be re-initialised before reuse. */
void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_LEN]);
void sha256(const void *p, size_t n, uint8_t out[SHA256_LEN]);

#endif
