/* dhcpc: the DHCP client state machine on a fake clock, with hand-built
 * server replies: retransmission backoff, SELECT -> REQUEST -> BOUND, T1
 * renewal (unicast), T2 rebinding (broadcast), NAK, lease expiry.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dhcpc.h"
#include "log.h"
#include "test.h"

static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
static const uint8_t srv[4] = { 10, 0, 0, 1 }, yip[4] = { 10, 0, 0, 7 }, bc[4] = { 255, 255, 255, 255 };
static char notes[2048];
static uint8_t msg[DHCP_MSG_MAX];
static uint8_t dst[4];

static void note(void *ctx, int level, const char *m)
{
	size_t n = strlen(notes);

	snprintf(notes + n, sizeof notes - n, "%d:%s\n", level, m);
}

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }

/* option code of a message we built (-1: absent): its first data byte, and
 * its data in *data */
static int opt(const uint8_t *m, int len, int code, const uint8_t **data)
{
	int o = DHCP_OFF_OPTIONS;

	while (o + 1 < len && m[o] != 255) {
		if (m[o] == 0) {
			o++;
			continue;
		}
		if (m[o] == code) {
			if (data)
				*data = m + o + 2;
			return m[o + 2];
		}
		o += 2 + m[o + 1];
	}
	return -1;
}

/* a server reply to xid: type, yiaddr, then option bytes */
static size_t reply(uint8_t *m, uint32_t xid, int type, const uint8_t *addr, const uint8_t *opts, size_t olen)
{
	size_t o = DHCP_OFF_OPTIONS;

	memset(m, 0, 300);
	m[0] = 2; m[1] = 1; m[2] = 6;
	m[4] = (uint8_t)(xid >> 24); m[5] = (uint8_t)(xid >> 16); m[6] = (uint8_t)(xid >> 8); m[7] = (uint8_t)xid;
	if (addr)
		memcpy(m + DHCP_OFF_YIADDR, addr, 4);
	memcpy(m + DHCP_OFF_CHADDR, mac, 6);
	m[236] = 99; m[237] = 130; m[238] = 83; m[239] = 99;
	m[o++] = 53; m[o++] = 1; m[o++] = (uint8_t)type;
	memcpy(m + o, opts, olen);
	o += olen;
	m[o++] = 255;
	return o < 300 ? 300 : o;
}

#define OPTS(...) ((const uint8_t[]){ __VA_ARGS__ }), sizeof((const uint8_t[]){ __VA_ARGS__ })
/* server id 10.0.0.1, mask /24, lease 3600 s (T1 1800, T2 3150 by default) */
#define LEASE_OPTS 54, 4, 10, 0, 0, 1, 1, 4, 255, 255, 255, 0, 51, 4, 0, 0, 0x0e, 0x10

static void setup(struct dhcpc *c, uint64_t now)
{
	memset(c, 0, sizeof *c);
	memcpy(c->mac, mac, 6);
	c->hostname = "box";
	c->vendor = "test";
	c->seed = 77;
	c->note.fn = note;
	notes[0] = 0;
	dhcpc_start(c, now);
}

/* from SELECT at now to BOUND with LEASE_OPTS; returns the time of the ACK */
static uint64_t bind(struct dhcpc *c, uint64_t now)
{
	uint8_t r[600];
	size_t n;

	setup(c, now);
	dhcpc_poll(c, now, msg, sizeof msg, dst);
	n = reply(r, c->xid, DHCP_OFFER, yip, OPTS(LEASE_OPTS));
	dhcpc_input(c, now + 10, r, n);
	dhcpc_poll(c, now + 10, msg, sizeof msg, dst);
	n = reply(r, c->xid, DHCP_ACK, yip, OPTS(LEASE_OPTS));
	dhcpc_input(c, now + 20, r, n);
	return now + 20;
}

int main(void)
{
	struct dhcpc c;
	uint8_t r[600];
	const uint8_t *d;
	uint64_t t, w;
	uint32_t xid;
	size_t n;
	int len, rc, i;

	/* --- SELECT: DISCOVERs, 1 s doubling to 16 s, jitter at most 1/8 */
	setup(&c, 5000);
	ok(c.state == DHCPC_SELECT && c.wake == 5000, "start: SELECT, due at once");
	len = dhcpc_poll(&c, 5000, msg, sizeof msg, dst);
	ok(len >= 300 && opt(msg, len, 53, NULL) == DHCP_DISCOVER, "first poll: a DISCOVER (%d bytes)", len);
	ok(!memcmp(dst, bc, 4) && msg[DHCP_OFF_FLAGS] == 0x80, "DISCOVER broadcast, BROADCAST flag");
	ok(be32(msg + DHCP_OFF_XID) == c.xid && !memcmp(msg + DHCP_OFF_CHADDR, mac, 6), "xid and chaddr");
	ok(opt(msg, len, 12, &d) == 'b' && !memcmp(d, "box", 3) && opt(msg, len, 60, &d) == 't',
	   "host name and vendor class sent");
	xid = c.xid;
	{
		static const unsigned base[] = { 1000, 2000, 4000, 8000, 16000, 16000, 16000 };

		t = 5000;
		for (i = 0; i < (int)NELEM(base); i++) {
			w = c.wake;
			ok(w - t >= base[i] && w - t <= base[i] + base[i] / 8,
			   "retransmission %d after %llu ms (%u + up to 1/8)", i + 1, (unsigned long long)(w - t), base[i]);
			ok(dhcpc_poll(&c, w - 1, msg, sizeof msg, dst) == 0 && c.wake == w, "nothing due 1 ms early");
			t = w;
			len = dhcpc_poll(&c, t, msg, sizeof msg, dst);
			ok(len > 0 && opt(msg, len, 53, NULL) == DHCP_DISCOVER && c.xid == xid,
			   "DISCOVER again, same xid");
		}
		ok(c.tries == 8, "8 DISCOVERs counted (%d)", c.tries);
		ok(be32(msg + DHCP_OFF_SECS) >> 16 == (t - 5000) / 1000, "secs since the start (%u)",
		   be32(msg + DHCP_OFF_SECS) >> 16);
	}

	/* --- an offer of another transaction, one without server id: ignored */
	n = reply(r, xid + 1, DHCP_OFFER, yip, OPTS(LEASE_OPTS));
	ok(dhcpc_input(&c, t, r, n) == DHCPC_NOTHING && c.state == DHCPC_SELECT, "other xid ignored");
	n = reply(r, xid, DHCP_OFFER, yip, OPTS(51, 4, 0, 0, 0x0e, 0x10));
	ok(dhcpc_input(&c, t, r, n) == DHCPC_NOTHING && c.state == DHCPC_SELECT &&
	   strstr(notes, "1:ignored an offer without server identifier or address"), "offer without server id noted");
	n = reply(r, xid, DHCP_OFFER, yip, OPTS(12, 200, 'a'));
	notes[0] = 0;
	ok(dhcpc_input(&c, t, r, n) == DHCPC_NOTHING && strstr(notes, "1:dropped a malformed DHCP reply: option 12"),
	   "malformed reply noted");

	/* --- OFFER -> REQUEST at once, for the offered address from its server */
	n = reply(r, xid, DHCP_OFFER, yip, OPTS(LEASE_OPTS));
	t += 30;
	ok(dhcpc_input(&c, t, r, n) == DHCPC_NOTHING && c.state == DHCPC_REQUEST && c.wake == t && c.offers == 1,
	   "OFFER: REQUEST due now");
	len = dhcpc_poll(&c, t, msg, sizeof msg, dst);
	ok(len > 0 && opt(msg, len, 53, NULL) == DHCP_REQUEST && !memcmp(dst, bc, 4), "REQUEST broadcast");
	ok(opt(msg, len, 50, &d) == 10 && !memcmp(d, yip, 4) && opt(msg, len, 54, &d) == 10 && !memcmp(d, srv, 4),
	   "REQUEST names the offer (50) and the server (54)");
	ok(be32(msg + DHCP_OFF_CIADDR) == 0 && c.xid == xid, "REQUEST: no ciaddr, same xid");
	ok(c.wake - t >= 1000 && c.wake - t <= 1125, "REQUEST retransmitted after 1 s");

	/* --- no answer to 4 REQUESTs: over with DISCOVER */
	for (i = 0; i < 3; i++) {
		t = c.wake;
		len = dhcpc_poll(&c, t, msg, sizeof msg, dst);
		ok(len > 0 && opt(msg, len, 53, NULL) == DHCP_REQUEST, "REQUEST %d", i + 2);
	}
	t = c.wake;
	notes[0] = 0;
	len = dhcpc_poll(&c, t, msg, sizeof msg, dst);
	ok(len > 0 && opt(msg, len, 53, NULL) == DHCP_DISCOVER && c.state == DHCPC_SELECT && c.tries == 1,
	   "after 4 REQUESTs: DISCOVER");
	ok(strstr(notes, "1:no answer to 4 DHCPREQUESTs; starting over") != NULL, "noted");
	ok(c.wake - t >= 1000 && c.wake - t <= 1125, "backoff restarts at 1 s");

	/* --- NAK to the REQUEST: SELECT again after 0.5 s */
	n = reply(r, c.xid, DHCP_OFFER, yip, OPTS(LEASE_OPTS));
	dhcpc_input(&c, t, r, n);
	dhcpc_poll(&c, t, msg, sizeof msg, dst);
	n = reply(r, c.xid, DHCP_NAK, NULL, OPTS(54, 4, 10, 0, 0, 1, 56, 7, 'g', 'o', ' ', 'a', 'w', 'a', 'y'));
	notes[0] = 0;
	t += 40;
	ok(dhcpc_input(&c, t, r, n) == DHCPC_NOTHING && c.state == DHCPC_SELECT && c.naks == 1 && c.wake == t + 500,
	   "NAK: SELECT, next DISCOVER in 500 ms");
	ok(strstr(notes, "1:DHCPNAK from 10.0.0.1: go away; starting over") != NULL, "NAK noted");
	ok(dhcpc_poll(&c, t + 499, msg, sizeof msg, dst) == 0, "nothing before");
	len = dhcpc_poll(&c, t + 500, msg, sizeof msg, dst);
	ok(len > 0 && opt(msg, len, 53, NULL) == DHCP_DISCOVER, "DISCOVER after the NAK");

	/* --- ACK: BOUND, T1 from the ACK */
	t = bind(&c, 100000);
	ok(c.state == DHCPC_BOUND && !memcmp(c.lease.yiaddr, yip, 4) && c.bound_at == t, "ACK: BOUND");
	ok(c.wake == t + 1800000, "wake at T1 = lease / 2 (%llu)", (unsigned long long)(c.wake - t));
	ok(dhcpc_poll(&c, t + 1799999, msg, sizeof msg, dst) == 0, "bound: nothing to send before T1");
	/* a stray ACK while bound changes nothing */
	n = reply(r, c.xid, DHCP_ACK, yip, OPTS(LEASE_OPTS));
	ok(dhcpc_input(&c, t + 5, r, n) == DHCPC_NOTHING && c.state == DHCPC_BOUND, "ACK while bound ignored");

	/* --- T1: RENEW, unicast to the server from our address; retransmissions
	 * after half the time left to T2, at least 60 s; then T2: REBIND broadcast */
	xid = c.xid;
	len = dhcpc_poll(&c, t + 1800000, msg, sizeof msg, dst);
	ok(len > 0 && c.state == DHCPC_RENEW && opt(msg, len, 53, NULL) == DHCP_REQUEST, "T1: RENEW, a REQUEST");
	ok(!memcmp(dst, srv, 4) && !memcmp(msg + DHCP_OFF_CIADDR, yip, 4) && msg[DHCP_OFF_FLAGS] == 0,
	   "renewal unicast to the server, ciaddr ours, no BROADCAST flag");
	ok(opt(msg, len, 50, NULL) < 0 && opt(msg, len, 54, NULL) < 0, "renewal: no options 50 / 54 (RFC 2131 §4.3.2)");
	ok(c.xid != xid, "renewal: a new xid");
	{
		/* T2 - T1 = 1350 s: waits 675, 337.5, 168.75, 84.375, 60, then the rest to T2 */
		static const uint64_t waits[] = { 675000, 337500, 168750, 84375, 60000 };
		uint64_t at = t + 1800000;

		for (i = 0; i < (int)NELEM(waits); i++) {
			ok(c.wake - at == waits[i], "renew retransmission %d after %llu ms (%llu)", i + 1,
			   (unsigned long long)(c.wake - at), (unsigned long long)waits[i]);
			at = c.wake;
			len = dhcpc_poll(&c, at, msg, sizeof msg, dst);
			ok(len > 0 && c.state == DHCPC_RENEW && !memcmp(dst, srv, 4), "still renewing, unicast");
		}
		ok(c.wake == t + 3150000, "last renewal wait ends at T2");
		at = c.wake;
		len = dhcpc_poll(&c, at, msg, sizeof msg, dst);
		ok(len > 0 && c.state == DHCPC_REBIND && !memcmp(dst, bc, 4) && !memcmp(msg + DHCP_OFF_CIADDR, yip, 4),
		   "T2: REBIND, broadcast, ciaddr ours");
		ok(c.wake - at == 225000, "rebind wait: half the 450 s left to expiry");
	}

	/* --- ACK to the rebinding: BOUND again, times from now; mask kept */
	n = reply(r, c.xid, DHCP_ACK, yip, OPTS(51, 4, 0, 0, 0x0e, 0x10));
	w = c.wake - 1000;
	rc = dhcpc_input(&c, w, r, n);
	ok(rc == DHCPC_RENEWED && c.state == DHCPC_BOUND && c.bound_at == w && c.wake == w + 1800000,
	   "rebinding ACK: RENEWED, T1 from now");
	ok(c.lease.has_mask && c.lease.mask[2] == 255 && c.lease.has_server_id && !memcmp(c.lease.server_id, srv, 4),
	   "mask and server id kept from the lease");

	/* --- renewal ACK for another address: kept ours, asks again at once */
	len = dhcpc_poll(&c, c.wake, msg, sizeof msg, dst);
	t = c.bound_at + 1800000;
	n = reply(r, c.xid, DHCP_ACK, (const uint8_t[]){ 10, 0, 0, 9 }, OPTS(LEASE_OPTS));
	notes[0] = 0;
	ok(dhcpc_input(&c, t + 3, r, n) == DHCPC_NOTHING && c.state == DHCPC_RENEW && c.wake == t + 3,
	   "ACK moving us: ignored, asked again");
	ok(strstr(notes, "0:renewal ACK moves us to 10.0.0.9; keeping 10.0.0.7") != NULL, "noted");

	/* --- NAK to a renewal: SELECT from scratch */
	len = dhcpc_poll(&c, t + 3, msg, sizeof msg, dst);
	ok(len > 0 && c.state == DHCPC_RENEW, "asked again");
	n = reply(r, c.xid, DHCP_NAK, NULL, OPTS(54, 4, 10, 0, 0, 1));
	notes[0] = 0;
	ok(dhcpc_input(&c, t + 9, r, n) == DHCPC_NOTHING && c.state == DHCPC_SELECT && c.started == t + 9 &&
	   c.wake == t + 9, "renewal NAK: SELECT at once");
	ok(strstr(notes, "0:renewal refused (DHCPNAK)\n0:lease on 10.0.0.7 refused by the server; requesting a new one") != NULL,
	   "noted");
	len = dhcpc_poll(&c, t + 9, msg, sizeof msg, dst);
	ok(len > 0 && opt(msg, len, 53, NULL) == DHCP_DISCOVER && msg[DHCP_OFF_FLAGS] == 0x80 &&
	   be32(msg + DHCP_OFF_CIADDR) == 0, "then a DISCOVER from 0.0.0.0");

	/* --- expiry: no answer while rebinding, SELECT at the lease's end */
	t = bind(&c, 200000);
	w = t + 3600000;
	while (c.wake < w) {
		len = dhcpc_poll(&c, c.wake, msg, sizeof msg, dst);
		if (len <= 0)
			break;
	}
	ok(c.state == DHCPC_REBIND && c.wake == w, "rebinding until the lease's end");
	notes[0] = 0;
	ok(dhcpc_poll(&c, w, msg, sizeof msg, dst) == 0 && c.state == DHCPC_SELECT && c.wake == w, "expired: SELECT");
	ok(strstr(notes, "0:lease on 10.0.0.7 expired without renewal; requesting a new one") != NULL, "noted");

	/* --- T1 / T2 given (options 58, 59); short lease: waits of at least 1 s */
	setup(&c, 0);
	dhcpc_poll(&c, 0, msg, sizeof msg, dst);
	n = reply(r, c.xid, DHCP_OFFER, yip, OPTS(LEASE_OPTS));
	dhcpc_input(&c, 1, r, n);
	dhcpc_poll(&c, 1, msg, sizeof msg, dst);
	n = reply(r, c.xid, DHCP_ACK, yip, OPTS(54, 4, 10, 0, 0, 1, 51, 4, 0, 0, 0, 120, 58, 4, 0, 0, 0, 2, 59, 4, 0, 0, 0, 3));
	ok(dhcpc_input(&c, 2, r, n) == DHCPC_GOT_LEASE && c.wake == 2002, "option 58: T1 2 s");
	len = dhcpc_poll(&c, 2002, msg, sizeof msg, dst);
	ok(len > 0 && c.state == DHCPC_RENEW && c.wake == 3002, "1 s left to T2 (option 59): wait 1 s");
	len = dhcpc_poll(&c, 3002, msg, sizeof msg, dst);
	ok(len > 0 && c.state == DHCPC_REBIND && c.wake == 3002 + 60000, "rebinding: 117 s left, wait 60 s");

	/* --- infinite lease, no lease time: never renewed */
	setup(&c, 0);
	dhcpc_poll(&c, 0, msg, sizeof msg, dst);
	n = reply(r, c.xid, DHCP_OFFER, yip, OPTS(54, 4, 10, 0, 0, 1));
	dhcpc_input(&c, 1, r, n);
	dhcpc_poll(&c, 1, msg, sizeof msg, dst);
	n = reply(r, c.xid, DHCP_ACK, yip, OPTS(54, 4, 10, 0, 0, 1, 51, 4, 255, 255, 255, 255));
	ok(dhcpc_input(&c, 2, r, n) == DHCPC_GOT_LEASE && c.wake == DHCPC_NEVER, "infinite lease: no wake");
	ok(dhcpc_poll(&c, ~0ULL / 2, msg, sizeof msg, dst) == 0 && c.state == DHCPC_BOUND, "and nothing to send, ever");
	/* an ACK without yiaddr takes the offer's, without server id the offer's */
	setup(&c, 0);
	dhcpc_poll(&c, 0, msg, sizeof msg, dst);
	n = reply(r, c.xid, DHCP_OFFER, yip, OPTS(LEASE_OPTS));
	dhcpc_input(&c, 1, r, n);
	dhcpc_poll(&c, 1, msg, sizeof msg, dst);
	n = reply(r, c.xid, DHCP_ACK, NULL, OPTS(1, 4, 255, 255, 255, 0));
	rc = dhcpc_input(&c, 2, r, n);
	ok(rc == DHCPC_GOT_LEASE && !memcmp(c.lease.yiaddr, yip, 4) &&
	   !memcmp(c.lease.server_id, srv, 4) && c.wake == DHCPC_NEVER, "bare ACK: the offer's address and server; no lease time: never renewed");

	/* --- too small a buffer: -ENOSPC, the attempt counted */
	setup(&c, 0);
	ok(dhcpc_poll(&c, 0, msg, 100, dst) == -ENOSPC && c.tries == 1 && c.wake >= 1000, "-ENOSPC counted");
	/* idle (never started): nothing */
	memset(&c, 0, sizeof c);
	ok(dhcpc_poll(&c, 5, msg, sizeof msg, dst) == 0 && c.wake == DHCPC_NEVER, "idle: nothing");
	return done();
}
