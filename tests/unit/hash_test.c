/* md5, sha256, crc32c against published vectors.  SPDX-License-Identifier: GPL-2.0-or-later
 * MD5: RFC 1321 §A.5 test suite. SHA-256: FIPS 180-2 Appendix B examples
 * ("abc", the 448-bit message, one million 'a'). CRC32C: the CRC catalogue
 * check value for "123456789" and RFC 3720 §B.4 examples. */
#include <stdio.h>
#include <string.h>
#include "crc32c.h"
#include "md5.h"
#include "sha256.h"
#include "test.h"

static void hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

int main(void)
{
	static const struct { const char *in, *md5; } m[] = {
		{ "", "d41d8cd98f00b204e9800998ecf8427e" },
		{ "a", "0cc175b9c0f1b6a831c399e269772661" },
		{ "abc", "900150983cd24fb0d6963f7d28e17f72" },
		{ "message digest", "f96b697d7cb7938d525a2f31aaf161d0" },
		{ "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b" },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
		  "d174ab98d277d9f5a5611c2c9f419d9f" },
		{ "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
		  "57edf4a22be3c955ac49da2e2107b67a" },
	};
	static const struct { const char *in, *sha; } s[] = {
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	};
	uint8_t d[32], buf[48];
	char h[65];
	size_t i;

	for (i = 0; i < NELEM(m); i++) {
		md5(m[i].in, strlen(m[i].in), d);
		hex(d, 16, h);
		ok(!strcmp(h, m[i].md5), "md5 RFC 1321 vector %zu (\"%.10s\") = %s", i, m[i].in, h);
	}
	/* streaming in odd pieces gives the same digest */
	{
		struct md5_ctx c;
		const char *in = m[6].in;
		md5_init(&c);
		for (size_t k = 0, n = strlen(in); k < n; k += 7)
			md5_update(&c, in + k, n - k < 7 ? n - k : 7);
		md5_final(&c, d);
		hex(d, 16, h);
		ok(!strcmp(h, m[6].md5), "md5 streamed in 7-byte pieces");
	}
	for (i = 0; i < NELEM(s); i++) {
		sha256(s[i].in, strlen(s[i].in), d);
		hex(d, 32, h);
		ok(!strcmp(h, s[i].sha), "sha256 FIPS vector %zu = %s", i, h);
	}
	{
		struct sha256_ctx c;
		char a[1000];
		memset(a, 'a', sizeof a);
		sha256_init(&c);
		for (i = 0; i < 1000; i++)
			sha256_update(&c, a, sizeof a);
		sha256_final(&c, d);
		hex(d, 32, h);
		ok(!strcmp(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
		   "sha256 one million 'a' = %s", h);
	}
	ok(crc32c(0, "123456789", 9) == 0xe3069283, "crc32c check value 0xe3069283");
	ok(crc32c(crc32c(0, "1234", 4), "56789", 5) == 0xe3069283, "crc32c continues across calls");
	memset(buf, 0, 32);
	ok(crc32c(0, buf, 32) == 0x8a9136aa, "crc32c RFC 3720 B.4: 32 bytes of zeros = 0x%08x",
	   crc32c(0, buf, 32));
	memset(buf, 0xff, 32);
	ok(crc32c(0, buf, 32) == 0x62a8ab43, "crc32c RFC 3720 B.4: 32 bytes of 0xff = 0x%08x",
	   crc32c(0, buf, 32));
	for (i = 0; i < 32; i++)
		buf[i] = (uint8_t)i;
	ok(crc32c(0, buf, 32) == 0x46dd794e, "crc32c RFC 3720 B.4: incrementing = 0x%08x",
	   crc32c(0, buf, 32));
	for (i = 0; i < 32; i++)
		buf[i] = (uint8_t)(31 - i);
	ok(crc32c(0, buf, 32) == 0x113fdb5c, "crc32c RFC 3720 B.4: decrementing = 0x%08x",
	   crc32c(0, buf, 32));
	{
		static const uint8_t scsi_read[48] = {
			0x01, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
			0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
			0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18, 0x28, 0x00, 0x00, 0x00,
			0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		};
		ok(crc32c(0, scsi_read, 48) == 0xd9963a56,
		   "crc32c RFC 3720 B.4: iSCSI read PDU = 0x%08x", crc32c(0, scsi_read, 48));
	}
	return done();
}
