/* discovery — SendTargets discovery (RFC 7143 §11.10-11.11 Text Request/Response,
 * Appendix C "SendTargets Operation") over an already logged-in Discovery session.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_DISCOVERY_H
#define ISCSIROOT_DISCOVERY_H
#include <stddef.h>
#include <stdint.h>
#include "login.h"

#define DISCOVERY_MAX_PORTALS 8       /* per target; more are counted in .dropped */
#define DISCOVERY_MAX_TEXT   65536u   /* whole SendTargets answer, all continuations */

struct discovery_portal {
	char host[64];                /* numeric or DNS name as sent, IPv6 without brackets */
	uint16_t port;                /* default 3260 */
	int tpgt;                     /* -1 = not given */
};

struct discovery_target {
	char name[224];               /* TargetName: iSCSI names are at most 223 bytes (§6.1) */
	unsigned nportals, dropped;
	struct discovery_portal portal[DISCOVERY_MAX_PORTALS];
};

/* Parse a complete SendTargets answer: "TargetName=…\0TargetAddress=…\0…".
 * Bounds contract: data[0..len) untrusted, len <= DISCOVERY_MAX_TEXT; each
 * key=value checked as in pdu_text_next (UTF-8, '=', key <= 63, value <=
 * 8192); a TargetAddress before any TargetName, a bad address, an empty or
 * overlong TargetName, or more than max targets is an error (-EPROTO, except
 * more than max: -ENOSPC) with the reason in reason[rcap]. Unknown keys are
 * skipped. Returns 0 and *n targets. */
int discovery_parse(const char *data, size_t len, struct discovery_target *out,
		    size_t max, size_t *n, char *reason, size_t rcap);

/* Send "SendTargets=All" as a Text Request (opcode 0x04, F=1, TTT 0xffffffff,
 * CmdSN/ExpStatSN from res, which is updated), collect the Text Responses
 * (0x24): while F=0 (or C=1) answer with an empty Text Request carrying the
 * target's TTT; at most 64 responses and DISCOVERY_MAX_TEXT bytes. NOP-In and
 * Async Messages in between are skipped. Then discovery_parse. 0 or -EPROTO /
 * -ENOSPC (reason in res->reason) or a transport -errno. */
int discovery_sendtargets(const struct login_transport *t, struct login_result *res,
			  int timeout_ms, struct discovery_target *out, size_t max, size_t *n);

#endif
