/* rootpath — iSCSI root-path strings: RFC 4173 (DHCP option 17) and the
 * dracut / Debian "root=iscsi:" extensions, plus the pieces they are made of
 * (LUN, portal address, iSCSI name).  SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Grammar accepted (one string, with or without the leading "iscsi:"):
 *
 *   iscsi:[AUTH@]SERVER:PROTO:PORT[:IFACE:NETDEV]:LUN:TARGET
 *   AUTH   = user:pass | user:pass:ruser:rpass | empty (dracut: lets '@' in TARGET)
 *   SERVER = IPv4 | [IPv6[%zone]] | hostname | empty (RFC 4173 §5: find the
 *            target through discovery)
 *   PROTO  = empty | 6 (TCP; RFC 4173: the only one defined)
 *   PORT   = empty (3260) | 1..65535
 *   IFACE:NETDEV  dracut's optional fields; recognised only when TARGET starts
 *            with iqn., eui. or naa. (otherwise the RFC rule applies: the target
 *            is everything after the fourth ':')
 *   LUN    = see rootpath_lun
 *   TARGET = iSCSI name, see rootpath_name
 *
 * The split is on ':' outside [...]: the user and password cannot hold ':',
 * the first '@' ends AUTH (as in dracut), TARGET keeps every ':' it has.
 */
#ifndef ISCSIROOT_ROOTPATH_H
#define ISCSIROOT_ROOTPATH_H
#include <stddef.h>
#include <stdint.h>

#define ROOTPATH_MAX       1024  /* longest root-path string accepted */
#define ROOTPATH_NAME_MAX  223   /* RFC 3720 §3.2.6.1: iSCSI names up to 223 bytes */
#define ROOTPATH_SECRET_MAX 255  /* CHAP names and secrets */
#define ROOTPATH_ADDR_MAX  63    /* address text without brackets, incl. %zone */
#define ROOTPATH_IFNAME_MAX 15   /* IFNAMSIZ - 1 */
#define ROOTPATH_IFACE_MAX 31    /* open-iscsi iface record name */

/* How a LUN text is read.
 *  HEX: RFC 4173 §5 — hexadecimal, 1 to 4 '-'-separated groups of 1 to 4 hex
 *       digits, the 8-byte SAM LUN. "10" is LUN 16.
 *  DEC: dracut / Debian — a decimal Linux LUN number. "10" is LUN 10.
 *  CMDLINE: the default for text typed on a command line: all digits → decimal
 *       (what dracut and Debian users mean); a hex letter, a '-' or a "0x"
 *       prefix → hex as RFC 4173. "10" is LUN 10, "a" and "0xa" are LUN 10.
 * In every mode "0x…" is hex; DEC refuses groups and hex letters. */
enum rootpath_lunmode { ROOTPATH_LUN_HEX, ROOTPATH_LUN_DEC, ROOTPATH_LUN_CMDLINE };

/* LUN text → Linux LUN number (the L of H:C:T:L, scsilun_to_int order: group
 * i of the RFC text is bits 16i..16i+15). Empty → 0. Bounds: s is a
 * NUL-terminated string, at most 64 bytes looked at. *hex_read tells how it
 * was read (may be NULL). 0 or -EINVAL with why[] filled. */
int rootpath_lun(const char *s, enum rootpath_lunmode mode, uint64_t *lun,
		 int *hex_read, char *why, size_t whylen);

/* Linux LUN number → RFC 4173 text ("0", "a", "1-2"), shortest form. */
void rootpath_lun_rfc(uint64_t lun, char *buf, size_t len);

enum { ROOTPATH_AF_NONE = 0, ROOTPATH_AF_INET = 4, ROOTPATH_AF_INET6 = 6,
       ROOTPATH_AF_NAME = 1 };

/* One portal address: "1.2.3.4", "[v6]" or bare v6 (when bare_v6), "[fe80::1%eth0]",
 * or a DNS hostname. Written without brackets to out (size >= ROOTPATH_ADDR_MAX+1),
 * kind in *af. Bounds: s is NUL-terminated, at most ROOTPATH_ADDR_MAX + 2 bytes.
 * 0 or -EINVAL with why[] filled. */
int rootpath_addr(const char *s, int bare_v6, char *out, int *af, char *why, size_t whylen);

/* iSCSI name check (RFC 3720 §3.2.6, RFC 3722): 1..223 bytes of printable
 * ASCII without space, '"' or '\''; iqn./eui./naa. names checked for their
 * form (eui. 16 hex digits, naa. 16 or 32). 0 or -EINVAL with why[]. */
int rootpath_name(const char *s, char *why, size_t whylen);

struct rootpath {
	int has_auth;                           /* AUTH@ was present and not empty */
	char user[ROOTPATH_SECRET_MAX + 1], pass[ROOTPATH_SECRET_MAX + 1];
	char ruser[ROOTPATH_SECRET_MAX + 1], rpass[ROOTPATH_SECRET_MAX + 1];
	char server[ROOTPATH_ADDR_MAX + 1];     /* without brackets; "" = discovery */
	int af;                                 /* ROOTPATH_AF_* of server */
	uint16_t port;                          /* 3260 when empty */
	char iface[ROOTPATH_IFACE_MAX + 1];
	char netdev[ROOTPATH_IFNAME_MAX + 1];
	uint64_t lun;                           /* Linux LUN number */
	int lun_set;                            /* LUN field not empty */
	int lun_hex;                            /* the LUN was read as hex */
	char target[ROOTPATH_NAME_MAX + 1];
};

/* Parse a root-path. Bounds: s is NUL-terminated and at most ROOTPATH_MAX
 * bytes (longer: -EINVAL "too long"). Every field is checked; nothing is
 * guessed. 0, or -EINVAL with why[] naming the field and the reason. */
int rootpath_parse(const char *s, enum rootpath_lunmode mode, struct rootpath *rp,
		   char *why, size_t whylen);

#endif
