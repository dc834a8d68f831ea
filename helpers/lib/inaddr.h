/* inaddr — the one parser and formatter of addresses: IPv4, IPv6 (RFC 4291
 * §2.2 in, RFC 5952 out), iSCSI portals "host[:port][,tpgt]" with IPv6 in
 * [brackets] (RFC 7143 §13.9 TargetAddress), MAC addresses.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every parser reads one NUL-terminated, untrusted string and nothing past
 * its NUL; it writes its outputs only on success (0) and returns -EINVAL
 * (or the stated -errno) otherwise. Our own code rather than inet_pton:
 * klibc's knows no "::", and the kernel's ip= takes leading zeros.
 */
#ifndef ISCSIROOT_INADDR_H
#define ISCSIROOT_INADDR_H
#include <stddef.h>
#include <stdint.h>

struct inaddr {
	uint8_t family;    /* 0 unset, AF_INET or AF_INET6 */
	uint8_t a[16];     /* network byte order; IPv4 in a[0..3] */
};

/* flags */
#define INADDR_ZEROS    1  /* IPv4 parts may have leading zeros, read as decimal
                            * (the kernel's ip=, "010.001.0.1" = 10.1.0.1);
                            * without: inet_pton's rules, no leading zero */
#define INADDR_BRACKETS 2  /* inaddr_parse: IPv6 may be written "[v6]" */

/* Dotted quad: exactly four parts of 1..3 decimal digits, each <= 255, and
 * nothing else. Writes 4 bytes. */
int inaddr_ipv4(const char *s, uint8_t out[4], int flags);

/* IPv6 text: up to eight groups of 1..4 hex digits separated by ':', at most
 * one "::" standing for one or more zero groups, optionally ending in a
 * dotted quad (flags apply to it). No brackets, no %zone. Writes 16 bytes. */
int inaddr_ipv6(const char *s, uint8_t out[16], int flags);

/* IPv4, else IPv6 (in brackets too with INADDR_BRACKETS) into *a. The
 * bracketed form is at most 63 bytes between the brackets. */
int inaddr_parse(const char *s, struct inaddr *a, int flags);

/* Text of *a into buf: dotted IPv4, IPv6 as RFC 5952 (lower case, the
 * longest run of two or more zero groups, the first of equals, as "::";
 * no brackets, no dotted tail). buf gets "" for an unset family, an IPv4 of
 * len < 16 is cut, an IPv6 needs len >= 40 (else ""). Returns buf. */
#define INADDR_STRLEN 46
char *inaddr_format(const struct inaddr *a, char *buf, size_t len);

/* inaddr_format of the IPv4 address a[0..4) into buf[16]. Returns buf. */
char *inaddr_format4(const uint8_t a[4], char buf[16]);

/* MAC "aa:bb:cc:dd:ee:ff" or with '-' separators (either case), exactly six
 * two-digit groups. Writes 6 bytes. */
int inaddr_mac(const char *s, uint8_t mac[6]);

/* "aa:bb:cc:dd:ee:ff" (lower case) into buf[18]. Returns buf. */
char *inaddr_mac_format(const uint8_t mac[6], char buf[18]);

/* iSCSI portal "host[:port][,tpgt]": host a name, IPv4 or IPv6 ([v6] with a
 * port; bare v6 (two ':' before any ',') takes no port), made of
 * [A-Za-z0-9.:%_-] only; port 1..65535 (default 3260), tpgt 0..65535
 * (default -1). host (brackets dropped) into host[hostcap]: -ENAMETOOLONG if
 * it does not fit, -EINVAL for anything malformed. */
int inaddr_portal(const char *s, char *host, size_t hostcap, uint16_t *port, int *tpgt);

/* "host:port", an IPv6 host (one with ':') in brackets, into buf[len] (cut
 * to fit). Returns buf. */
char *inaddr_portal_format(const char *host, unsigned port, char *buf, size_t len);

#endif
