/* dhcpc — the DHCPv4 client state machine (RFC 2131 §4.4), clock and
 * packets handed in. SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dhcpc.h"
#include "inaddr.h"
#include "log.h"
#include "note.h"

static void restart(struct dhcpc *c, uint64_t now)
{
	c->state = DHCPC_SELECT;
	c->tries = 0;
	c->interval = 1000;
	c->next_tx = c->wake = now;
	c->xid = (uint32_t)(now * 2654435761u) ^ c->seed << 16 ^ (uint32_t)(c->mac[4] << 8 | c->mac[5]);
}

void dhcpc_start(struct dhcpc *c, uint64_t now)
{
	c->started = now;
	c->offers = c->naks = 0;
	restart(c, now);
}

static void bound(struct dhcpc *c, uint64_t now, struct dhcp_lease *l)
{
	uint64_t lease = (uint64_t)l->lease * 1000;

	c->lease = *l;
	c->state = DHCPC_BOUND;
	c->tries = 0;
	c->bound_at = now;
	c->t1 = now + (l->t1 ? (uint64_t)l->t1 * 1000 : lease / 2);
	c->t2 = now + (l->t2 ? (uint64_t)l->t2 * 1000 : lease * 7 / 8);
	c->end = now + lease;
	/* a lease of 0 (none given) or ~0 (infinite) is never renewed */
	c->next_tx = c->wake = !l->lease || l->lease == 0xffffffffu ? DHCPC_NEVER : c->t1;
}

/* the message of state into msg: DISCOVER / REQUEST while acquiring,
 * REQUEST from our address (RFC 2131 §4.3.2 RENEWING, REBINDING) when bound */
static int build(struct dhcpc *c, uint64_t now, uint8_t *msg, size_t cap)
{
	struct dhcp_req r;
	uint64_t secs = (now - c->started) / 1000;

	memset(&r, 0, sizeof r);
	r.type = c->state == DHCPC_SELECT ? DHCP_DISCOVER : DHCP_REQUEST;
	r.xid = c->xid;
	memcpy(r.mac, c->mac, 6);
	r.hostname = c->hostname;
	r.vendor_class = c->vendor;
	r.max_size = DHCP_MSG_MAX;
	if (c->state >= DHCPC_BOUND) {
		memcpy(r.ciaddr, c->lease.yiaddr, 4);
	} else {
		r.secs = (uint16_t)(secs > 65535 ? 65535 : secs);
		r.broadcast = 1;
		if (c->state == DHCPC_REQUEST) {
			memcpy(r.reqip, c->lease.yiaddr, 4);
			memcpy(r.server_id, c->lease.server_id, 4);
		}
	}
	return dhcp_build(&r, msg, cap);
}

int dhcpc_poll(struct dhcpc *c, uint64_t now, uint8_t *msg, size_t cap, uint8_t dst[4])
{
	uint64_t left, wait;
	char a[16];
	int n;

	if (c->state == DHCPC_IDLE || now < c->next_tx) {
		c->wake = c->state == DHCPC_IDLE ? DHCPC_NEVER : c->next_tx;
		return 0;
	}
	memset(dst, 0xff, 4);
	if (c->state < DHCPC_BOUND) {
		if (c->state == DHCPC_REQUEST && c->tries >= 4) {
			note_f(&c->note, LOG_WARN, "no answer to 4 DHCPREQUESTs; starting over");
			restart(c, now);
		}
		n = build(c, now, msg, cap);
		c->tries++;
		/* RFC 2131 §4.1 backoff (doubling), started at 1 s for boot, capped
		 * at 16 s, with up to 1/8 jitter */
		c->next_tx = c->wake = now + c->interval + (now ^ c->xid) % (c->interval / 8 + 1);
		if (c->interval < 16000)
			c->interval *= 2;
		return n;
	}
	if (now >= c->end) {
		note_f(&c->note, LOG_ERR, "lease on %s expired without renewal; requesting a new one",
		       inaddr_format4(c->lease.yiaddr, a));
		dhcpc_start(c, now);
		return 0;
	}
	/* RFC 2131 §4.4.5: retransmit after half the time left to T2 (or to
	 * expiry when rebinding), at least 60 s apart (shorter for short leases) */
	c->state = now >= c->t2 ? DHCPC_REBIND : DHCPC_RENEW;
	left = (c->state == DHCPC_REBIND ? c->end : c->t2) - now;
	wait = left / 2 > 60000 ? left / 2 : left < 60000 ? left : 60000;
	if (wait < 1000)
		wait = 1000;
	c->xid++;
	c->tries++;
	c->next_tx = c->wake = now + wait;
	if (c->state == DHCPC_RENEW)
		memcpy(dst, c->lease.server_id, 4);
	return build(c, now, msg, cap);
}

int dhcpc_input(struct dhcpc *c, uint64_t now, const uint8_t *msg, size_t len)
{
	struct dhcp_lease l;
	const char *why;
	char a[16], b[16];
	int rc = dhcp_parse(msg, len, c->xid, c->mac, &l, &why);

	if (rc == -EBADMSG)
		note_f(&c->note, LOG_WARN, "dropped a malformed DHCP reply: %s", why);
	if (rc)
		return DHCPC_NOTHING;
	if (l.type == DHCP_ACK && !l.has_server_id) {   /* the one we asked */
		memcpy(l.server_id, c->lease.server_id, 4);
		l.has_server_id = 1;
	}
	switch (c->state) {
	case DHCPC_SELECT:
		if (l.type != DHCP_OFFER)
			break;
		if (!l.has_server_id || !(l.yiaddr[0] | l.yiaddr[1] | l.yiaddr[2] | l.yiaddr[3])) {
			note_f(&c->note, LOG_WARN, "ignored an offer without server identifier or address");
			break;
		}
		c->offers++;
		c->lease = l;
		c->state = DHCPC_REQUEST;
		c->tries = 0;
		c->interval = 1000;
		c->next_tx = c->wake = now;
		note_f(&c->note, LOG_DEBUG, "offer %s from %s", inaddr_format4(l.yiaddr, a),
		       inaddr_format4(l.server_id, b));
		break;
	case DHCPC_REQUEST:
		if (l.type == DHCP_NAK) {
			c->naks++;
			note_f(&c->note, LOG_WARN, "DHCPNAK from %s%s%s; starting over",
			     l.has_server_id ? inaddr_format4(l.server_id, a) : "?", *l.message ? ": " : "", l.message);
			restart(c, now + 500);
			break;
		}
		if (l.type != DHCP_ACK)
			break;
		if (!(l.yiaddr[0] | l.yiaddr[1] | l.yiaddr[2] | l.yiaddr[3]))
			memcpy(l.yiaddr, c->lease.yiaddr, 4);
		bound(c, now, &l);
		return DHCPC_GOT_LEASE;
	case DHCPC_RENEW:
	case DHCPC_REBIND:
		if (l.type == DHCP_NAK) {
			note_f(&c->note, LOG_ERR, "renewal refused (DHCPNAK)%s%s", *l.message ? ": " : "", l.message);
			note_f(&c->note, LOG_ERR, "lease on %s refused by the server; requesting a new one",
			     inaddr_format4(c->lease.yiaddr, a));
			dhcpc_start(c, now);
			break;
		}
		if (l.type != DHCP_ACK)
			break;
		if (memcmp(l.yiaddr, c->lease.yiaddr, 4)) {
			note_f(&c->note, LOG_ERR, "renewal ACK moves us to %s; keeping %s", inaddr_format4(l.yiaddr, a),
			     inaddr_format4(c->lease.yiaddr, b));
			c->next_tx = c->wake = now;     /* ask again */
			break;
		}
		if (!l.has_mask) {
			memcpy(l.mask, c->lease.mask, 4);
			l.has_mask = 1;
		}
		bound(c, now, &l);
		return DHCPC_RENEWED;
	}
	return DHCPC_NOTHING;
}
