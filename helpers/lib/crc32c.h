/* crc32c — CRC-32C (Castagnoli, polynomial 0x1EDC6F41, reflected 0x82F63B78),
 * the iSCSI header and data digest (RFC 7143 §13.1, RFC 3720 Appendix B.4).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A 16-entry nibble table: small, fast enough for --probe.
 * The digest goes on the wire little-endian (RFC 3720 B.4 lists wire bytes:
 * 32 zero bytes give "aa 36 91 8a", i.e. crc32c() == 0x8a9136aa).
 */
#ifndef ISCSIROOT_CRC32C_H
#define ISCSIROOT_CRC32C_H
#include <stddef.h>
#include <stdint.h>

/* Continue a CRC: start with crc = 0; crc32c(0, "123456789", 9) == 0xe3069283. */
uint32_t crc32c(uint32_t crc, const void *p, size_t n);

#endif
