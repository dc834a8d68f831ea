/* sock: numeric addresses, whole-PDU framing with bounds and CRC32C digests
 * over a socketpair. SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "crc32c.h"
#include "pdu.h"
#include "sock.h"
#include "test.h"

int main(void)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int sv[2];
	uint8_t pdu[PDU_BHS_LEN + 8], buf[256], raw[256];
	ssize_t n;

	ok(sock_addr("192.0.2.1", 3260, &ss, &sl) == 0 && ss.ss_family == AF_INET &&
	   ((struct sockaddr_in *)&ss)->sin_port == htons(3260), "IPv4");
	ok(sock_addr("2001:db8::1", 860, &ss, &sl) == 0 && ss.ss_family == AF_INET6, "IPv6");
	ok(sock_addr("[2001:db8::1]", 860, &ss, &sl) == 0 && ss.ss_family == AF_INET6, "bracketed IPv6");
	ok(sock_addr("fe80::1%1", 860, &ss, &sl) == 0 && ((struct sockaddr_in6 *)&ss)->sin6_scope_id == 1,
	   "IPv6 with numeric scope");
	ok(sock_addr("fe80::1%lo", 860, &ss, &sl) == 0 && ((struct sockaddr_in6 *)&ss)->sin6_scope_id > 0,
	   "IPv6 with scope by name");
	ok(sock_addr("target.example.com", 3260, &ss, &sl) == -EINVAL, "host names refused");
	ok(sock_addr("1.2.3", 3260, &ss, &sl) == -EINVAL && sock_addr("", 1, &ss, &sl) == -EINVAL &&
	   sock_addr("fe80::1%nosuchif0", 1, &ss, &sl) == -EINVAL, "junk refused");
	ok(sock_connect("not-an-address", 3260, 100) == -EINVAL, "connect to a host name: -EINVAL");

	/* framing with digests */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	struct sock_conn c = { .fd = sv[0], .hdrdgst = 1, .datadgst = 1, .max_data = 64, .timeout_ms = 500 };
	memset(pdu, 0, sizeof pdu);
	pdu[0] = 0x24;
	pdu_set_dlen(pdu, 5);
	memcpy(pdu + 48, "A=1\0B", 5);
	ok(sock_send(&c, pdu, 48 + 8) == 0, "send with digests");
	n = read(sv[1], raw, sizeof raw);
	ok(n == 48 + 4 + 8 + 4, "wire size BHS + HD + data/pad + DD (%zd)", n);
	uint32_t hd = crc32c(0, raw, 48), dd = crc32c(0, raw + 52, 8);
	ok(raw[48] == (uint8_t)hd && raw[51] == (uint8_t)(hd >> 24) && raw[60] == (uint8_t)dd &&
	   raw[63] == (uint8_t)(dd >> 24), "digests little-endian over header and padded data");
	ok(sock_send(&c, pdu, 48 + 5) == -EINVAL, "unpadded length refused by send");
	/* receive what we sent */
	(void)!write(sv[1], raw, (size_t)n);
	ok(sock_recv(&c, buf, sizeof buf, 500) == 56 && !memcmp(buf + 48, "A=1\0B", 5), "recv strips digests");
	raw[49] ^= 1;
	(void)!write(sv[1], raw, (size_t)n);
	ok(sock_recv(&c, buf, sizeof buf, 500) == -EPROTO, "bad header digest: -EPROTO");
	close(sv[0]); close(sv[1]);

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	c.fd = sv[0]; c.hdrdgst = c.datadgst = 0;
	pdu_set_dlen(pdu, 65);
	(void)!write(sv[1], pdu, 48);
	ok(sock_recv(&c, buf, sizeof buf, 500) == -EMSGSIZE, "DataSegmentLength over max_data: -EMSGSIZE before reading it");
	close(sv[1]);
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	c.fd = sv[0]; c.max_data = 8192;
	(void)!write(sv[1], pdu, 48);
	ok(sock_recv(&c, buf, 100, 500) == -EMSGSIZE, "PDU larger than the caller's buffer: -EMSGSIZE");
	(void)!write(sv[1], pdu, 20);
	ok(sock_recv(&c, buf, sizeof buf, 200) == -ETIMEDOUT, "half a header then silence: -ETIMEDOUT");
	close(sv[1]);
	ok(sock_recv(&c, buf, sizeof buf, 200) == -ECONNRESET, "EOF: -ECONNRESET");
	close(sv[0]);
	return done();
}
