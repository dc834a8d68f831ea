/* dhcpc — the DHCPv4 client (RFC 2131 §4.4) as a state machine: no sockets,
 * no clock of its own, no printing. The caller hands in the time (now, in
 * milliseconds on any clock that never goes backwards) and each reply it
 * receives; the machine says what to send, to whom, and when to be called
 * again. Messages are built and parsed by dhcp.h (the wire format).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * States (RFC 2131 figure 5, INIT and INIT-REBOOT folded into SELECT):
 *   SELECT   DHCPDISCOVER, broadcast, no address yet (the caller frames it
 *            itself: raw socket); an OFFER with server id and address -> REQUEST
 *   REQUEST  DHCPREQUEST for the offer, broadcast; ACK -> BOUND, NAK -> SELECT
 *            after 0.5 s, no answer to 4 -> SELECT
 *   BOUND    nothing to send until T1 (option 58, else lease / 2)
 *   RENEW    from T1: DHCPREQUEST with ciaddr, unicast to the server
 *   REBIND   from T2 (option 59, else lease * 7 / 8): the same, broadcast
 *   from RENEW / REBIND: ACK -> BOUND (renewed), NAK or expiry -> SELECT
 * Retransmission while acquiring: 1 s doubling to 16 s, plus up to 1/8 of
 * jitter (§4.1); while renewing: half the time left to T2 (rebinding: to
 * expiry), at least 60 s (less when less is left), never under 1 s (§4.4.5).
 * A lease of 0 (none given) or 0xffffffff (infinite) is never renewed.
 */
#ifndef ISCSIROOT_DHCPC_H
#define ISCSIROOT_DHCPC_H
#include <stddef.h>
#include <stdint.h>

#include "dhcp.h"
#include "note.h"

enum dhcpc_state { DHCPC_IDLE, DHCPC_SELECT, DHCPC_REQUEST, DHCPC_BOUND, DHCPC_RENEW, DHCPC_REBIND };

enum { /* what dhcpc_input reports */
	DHCPC_NOTHING = 0,
	DHCPC_GOT_LEASE,      /* REQUEST -> BOUND: a new lease to apply */
	DHCPC_RENEWED,        /* RENEW / REBIND -> BOUND: the same address, new times */
};

#define DHCPC_NEVER (~(uint64_t)0)

struct dhcpc {
	/* set by the caller before dhcpc_start */
	struct note note;             /* progress and trouble (fn NULL: silent) */
	uint8_t mac[6];
	const char *hostname;         /* option 12 ("" or NULL: none) */
	const char *vendor;           /* option 60 ("" or NULL: none) */
	uint32_t seed;                /* mixed into each xid (e.g. the pid) */

	/* the machine's own */
	int state;                    /* enum dhcpc_state */
	int tries;                    /* messages sent in this state */
	int offers, naks;             /* since dhcpc_start */
	uint32_t xid;
	uint64_t started;             /* dhcpc_start's now */
	uint64_t bound_at;            /* last ACK: T1, T2 and expiry count from here */
	uint64_t t1, t2, end;         /* ... and are then these times */
	uint64_t next_tx, interval;
	uint64_t wake;                /* when dhcpc_poll wants to be called: DHCPC_NEVER, or ms */
	struct dhcp_lease lease;      /* the offer, then the ACK */
};

/* Start over in SELECT at now (first DISCOVER due at once), counters reset. */
void dhcpc_start(struct dhcpc *c, uint64_t now);

/* Call at now (at c->wake or later, or when a message arrived): when a
 * message is due, builds it into msg[0..cap), sets dst (255.255.255.255, or
 * the server when renewing) and returns its length; 0 when nothing is due;
 * -ENOSPC / -EINVAL from dhcp_build (the attempt still counts). Sets c->wake.
 * An expired lease goes back to SELECT here (c->state says so). */
int dhcpc_poll(struct dhcpc *c, uint64_t now, uint8_t *msg, size_t cap, uint8_t dst[4]);

/* A DHCP message (UDP payload) msg[0..len) received at now (untrusted;
 * bounds as dhcp_parse). Replies not for our xid and MAC or not expected in
 * this state are dropped (malformed ones noted). Returns DHCPC_NOTHING,
 * DHCPC_GOT_LEASE or DHCPC_RENEWED; c->state and c->wake are updated. */
int dhcpc_input(struct dhcpc *c, uint64_t now, const uint8_t *msg, size_t len);

#endif
