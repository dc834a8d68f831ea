/* dhcp — DHCPv4 message codec (RFC 2131, options RFC 2132, RFC 3396 long
 * options, RFC 3397 domain search, RFC 3442 classless routes) and the IPv4 +
 * UDP framing needed to talk DHCP over a packet socket before the interface
 * has an address (RFC 791, RFC 768).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * BOOTP/DHCP message layout (RFC 2131 §2, figure 1), offsets in bytes:
 *    0 op      1 = BOOTREQUEST, 2 = BOOTREPLY
 *    1 htype   1 = Ethernet          2 hlen   6          3 hops  0
 *    4 xid     transaction id (u32, chosen by the client, echoed by the server)
 *    8 secs    seconds since the client began (u16)
 *   10 flags   bit 15 = BROADCAST (u16)
 *   12 ciaddr  client address when renewing   16 yiaddr  "your" address
 *   20 siaddr  next server (TFTP/root server)  24 giaddr  relay agent
 *   28 chaddr  16 bytes, the MAC in the first 6
 *   44 sname   64 bytes, NUL-terminated; option space if option 52 says so
 *  108 file    128 bytes, boot file name; option space if option 52 says so
 *  236 magic   99.130.83.99 (RFC 2132 §2)
 *  240 options code, len, data... ; 0 = pad, 255 = end
 */
#ifndef ISCSIROOT_DHCP_H
#define ISCSIROOT_DHCP_H
#include <stddef.h>
#include <stdint.h>

enum {
	DHCP_OFF_OP = 0, DHCP_OFF_XID = 4, DHCP_OFF_SECS = 8, DHCP_OFF_FLAGS = 10,
	DHCP_OFF_CIADDR = 12, DHCP_OFF_YIADDR = 16, DHCP_OFF_SIADDR = 20,
	DHCP_OFF_GIADDR = 24, DHCP_OFF_CHADDR = 28, DHCP_OFF_SNAME = 44,
	DHCP_OFF_FILE = 108, DHCP_OFF_MAGIC = 236, DHCP_OFF_OPTIONS = 240,
	DHCP_FIXED_LEN = 240,
	DHCP_SERVER_PORT = 67, DHCP_CLIENT_PORT = 68,
	DHCP_FRAME_HDR = 28,      /* IPv4 header (20, no options) + UDP header (8) */
	DHCP_MSG_MAX = 576,       /* what we send; RFC 2131 §2 minimum reassembly */
};

enum { /* option 53 message types, RFC 2132 §9.6 */
	DHCP_DISCOVER = 1, DHCP_OFFER, DHCP_REQUEST, DHCP_DECLINE,
	DHCP_ACK, DHCP_NAK, DHCP_RELEASE, DHCP_INFORM,
};

struct dhcp_req {
	int type;                 /* DHCP_DISCOVER, DHCP_REQUEST or DHCP_RELEASE */
	uint32_t xid;
	uint16_t secs;
	uint8_t mac[6];
	uint8_t ciaddr[4];        /* our address when renewing/rebinding, else 0 */
	uint8_t reqip[4];         /* option 50 when nonzero (SELECTING / INIT-REBOOT) */
	uint8_t server_id[4];     /* option 54 when nonzero (SELECTING) */
	const char *hostname;     /* option 12, NULL = none */
	const char *vendor_class; /* option 60, NULL = none */
	const uint8_t *client_id; /* option 61, NULL = type 1 + MAC */
	size_t client_id_len;     /* 1..255 */
	uint16_t max_size;        /* option 57 when nonzero */
	int broadcast;            /* set the BROADCAST flag */
};

/* Build a client message into buf[0..cap). Parameter request list asks for
 * 1 3 6 12 15 17 26 28 40 42 51 54 58 59 119 121. Returns its length (at
 * least 300 bytes: BOOTP minimum, RFC 1542 §3.3) or -ENOSPC / -EINVAL. */
int dhcp_build(const struct dhcp_req *r, uint8_t *buf, size_t cap);

/* Prepend IPv4 + UDP headers (src:68 -> dst:67, TTL 64, header and UDP
 * checksums) to msg[0..len): pkt receives DHCP_FRAME_HDR + len bytes.
 * Returns the frame length or -ENOSPC. pkt and msg must not overlap. */
int dhcp_frame(uint8_t *pkt, size_t cap, const uint8_t src[4], const uint8_t dst[4],
	       const uint8_t *msg, size_t len);

/* Accept an IPv4 frame (as read from an AF_PACKET SOCK_DGRAM ETH_P_IP socket)
 * only if it is an unfragmented UDP datagram to port 68 whose header lengths
 * and checksums are consistent with the len bytes received. check_udp = 0
 * skips the UDP checksum (the kernel reports TP_STATUS_CSUMNOTREADY for
 * locally generated packets whose checksum is left to offload). Bounds: reads
 * pkt[0..len) only. On success sets *msg and *mlen to the UDP payload (within
 * pkt) and returns 0; -EBADMSG for anything malformed, -ENOENT for a valid
 * packet that is simply not for us (other protocol or port). */
int dhcp_unframe(const uint8_t *pkt, size_t len, int check_udp, const uint8_t **msg, size_t *mlen);

#define DHCP_MAX_ROUTES 16

struct dhcp_route {           /* option 121 entry, or option 3 as 0.0.0.0/0 */
	uint8_t dst[4];
	uint8_t plen;
	uint8_t gw[4];
};

/* What a server said. Strings are NUL-terminated, cut at the first NUL of
 * the option, and every byte outside printable ASCII is replaced by '?'. */
struct dhcp_lease {
	int type;                       /* option 53 */
	uint8_t yiaddr[4], siaddr[4];
	uint8_t server_id[4];           /* option 54 */
	uint8_t mask[4], bcast[4];      /* options 1, 28 */
	uint8_t router[4];              /* first address of option 3 */
	uint8_t dns[3][4];              /* option 6, first three */
	uint8_t ntp[2][4];              /* option 42, first two */
	int has_server_id, has_mask, has_bcast, has_router, n_dns, n_ntp;
	uint32_t lease, t1, t2;         /* options 51, 58, 59; 0 absent, ~0 infinite */
	uint16_t mtu;                   /* option 26; 0 absent */
	char hostname[256];             /* 12 */
	char domain[256];               /* 15 */
	char rootpath[256];             /* 17 */
	char nisdomain[256];            /* 40 */
	char message[256];              /* 56 (reason given with a NAK) */
	char sname[65];                 /* sname field unless overloaded */
	char bootfile[256];             /* option 67, else the file field unless overloaded */
	char search[1024];              /* 119 as "a.example. b.example." */
	struct dhcp_route routes[DHCP_MAX_ROUTES];  /* 121 */
	int n_routes;                   /* -1: option 121 absent */
};

/* Parse a server message msg[0..len) (untrusted). It must be a BOOTREPLY
 * with our xid and chaddr, the magic cookie and an option 53. Bounds: reads
 * msg[0..len) only; every option length is checked against the end of its
 * area (options, or file / sname when option 52 overloads them); repeated
 * options are concatenated (RFC 3396) up to 2048 bytes; 119 compression
 * pointers may only point backwards; 121 entries must fit exactly.
 * Returns 0; -ENOENT when the message is not an answer to us (wrong op, xid,
 * chaddr); -EBADMSG when it is malformed, with *why describing what (a
 * static buffer, valid until the next call). */
int dhcp_parse(const uint8_t *msg, size_t len, uint32_t xid, const uint8_t mac[6],
	       struct dhcp_lease *l, const char **why);

/* Internet checksum (RFC 1071) of data[0..len) added to sum; not folded. */
uint32_t dhcp_csum_add(uint32_t sum, const uint8_t *data, size_t len);
uint16_t dhcp_csum_fold(uint32_t sum);

#endif
