/* mdhash — the Merkle–Damgård framing MD5 (RFC 1321 §3.1–3.2) and SHA-256
 * (FIPS 180-4 §5.1.1) share: 64-byte blocks, a 0x80 byte, zero padding to
 * 56 mod 64, then the message length in bits as 64 bits — little-endian for
 * MD5, big-endian for SHA-256 — and the state words written out the same way.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_MDHASH_H
#define ISCSIROOT_MDHASH_H
#include <stddef.h>
#include <stdint.h>

struct mdhash {
	uint32_t h[8];                 /* chaining state (MD5 uses 4 words) */
	uint64_t len;                  /* bytes hashed so far */
	uint8_t buf[64];               /* partial block */
	void (*block)(uint32_t *h, const uint8_t *p);   /* compress one 64-byte block */
	uint8_t big_endian;            /* 1: SHA-256, 0: MD5 */
	uint8_t words;                 /* state words in the digest */
};

/* Hash n bytes of p (any length, any alignment). */
void mdhash_update(struct mdhash *c, const void *p, size_t n);
/* Write the words * 4 byte digest; c must be re-initialised before reuse. */
void mdhash_final(struct mdhash *c, uint8_t *out);

#endif
