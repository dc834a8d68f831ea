/* discovery — see discovery.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "discovery.h"
#include "inaddr.h"
#include "pdu.h"

int discovery_parse(const char *data, size_t len, struct discovery_target *out,
		    size_t max, size_t *n, char *reason, size_t rcap)
{
	struct discovery_target *cur = NULL;
	struct pdu_text kv;
	size_t pos = 0;
	int rc;

	*n = 0;
	if (len > DISCOVERY_MAX_TEXT) {
		snprintf(reason, rcap, "SendTargets answer of %zu bytes is too long", len);
		return -EPROTO;
	}
	while ((rc = pdu_text_next(data, len, &pos, &kv, reason, rcap)) > 0) {
		if (kv.klen == 10 && !memcmp(kv.key, "TargetName", 10)) {
			if (*n >= max) {
				snprintf(reason, rcap, "more than %zu targets", max);
				return -ENOSPC;
			}
			if (!kv.vlen || kv.vlen >= sizeof cur->name) {
				snprintf(reason, rcap, "TargetName of %zu bytes (want 1..223)", kv.vlen);
				return -EPROTO;
			}
			cur = &out[(*n)++];
			memset(cur, 0, sizeof *cur);
			memcpy(cur->name, kv.val, kv.vlen + 1);
		} else if (kv.klen == 13 && !memcmp(kv.key, "TargetAddress", 13)) {
			struct discovery_portal pt;
			if (!cur) {
				snprintf(reason, rcap, "TargetAddress before any TargetName");
				return -EPROTO;
			}
			if (inaddr_portal(kv.val, pt.host, sizeof pt.host, &pt.port, &pt.tpgt) < 0) {
				snprintf(reason, rcap, "bad TargetAddress=%.60s", kv.val);
				return -EPROTO;
			}
			if (cur->nportals < DISCOVERY_MAX_PORTALS)
				cur->portal[cur->nportals++] = pt;
			else
				cur->dropped++;
		}
	}
	return rc;
}

int discovery_sendtargets(const struct login_transport *t, struct login_result *res,
			  int timeout_ms, struct discovery_target *out, size_t max, size_t *n)
{
	static char text[DISCOVERY_MAX_TEXT];
	static uint8_t buf[PDU_BHS_LEN + 65536];
	uint8_t req[PDU_BHS_LEN + 16];
	const uint32_t itt = 0x53544731;      /* "STG1" */
	uint32_t ttt = 0xffffffff;
	size_t tlen = 0;
	struct pdu_in in;
	int rc, i;

	*n = 0;
	memcpy(req + PDU_BHS_LEN, "SendTargets=All\0", 16);
	pdu_text_req(req, PDU_F, itt, ttt, res->cmdsn, res->exp_statsn, 16);
	for (i = 0; i < 64 + 16; i++) {
		if (i == 0 || ttt != 0xffffffff) {
			if ((rc = t->send(t->ctx, req, i == 0 ? sizeof req : PDU_BHS_LEN)) < 0)
				goto err_io;
			res->cmdsn++;               /* Text Requests are not immediate */
			ttt = 0xffffffff;
		}
		rc = t->recv(t->ctx, buf, sizeof buf, timeout_ms);
		if (rc < 0)
			goto err_io;
		if ((rc = pdu_decode(buf, (size_t)rc, 65536, &in, res->reason, sizeof res->reason)) < 0)
			return rc;
		if (in.opcode == PDU_NOP_IN || in.opcode == PDU_ASYNC)
			continue;
		if (in.opcode == PDU_REJECT) {
			snprintf(res->reason, sizeof res->reason, "target rejected SendTargets (reason 0x%02x)", in.b2);
			return -EPROTO;
		}
		if (in.opcode != PDU_TEXT_RSP || in.itt != itt) {
			snprintf(res->reason, sizeof res->reason,
				 "unexpected opcode 0x%02x ITT 0x%08x (want Text Response 0x24)", in.opcode, in.itt);
			return -EPROTO;
		}
		res->statsn = in.statsn;
		res->exp_statsn = in.statsn + 1;
		res->exp_cmdsn = in.exp_cmdsn;
		res->max_cmdsn = in.max_cmdsn;
		if (in.dlen > sizeof text - tlen) {
			snprintf(res->reason, sizeof res->reason, "SendTargets answer longer than %u bytes",
				 DISCOVERY_MAX_TEXT);
			return -EPROTO;
		}
		memcpy(text + tlen, in.data, in.dlen);
		tlen += in.dlen;
		if ((in.flags & PDU_F) && !(in.flags & PDU_TEXT_C))
			return discovery_parse(text, tlen, out, max, n, res->reason, sizeof res->reason);
		if (in.ttt == 0xffffffff) {
			snprintf(res->reason, sizeof res->reason, "Text Response not final but without a TTT");
			return -EPROTO;
		}
		/* continue: empty Text Request with the target's TTT (RFC 7143 §11.10.4) */
		ttt = in.ttt;
		pdu_text_req(req, PDU_F, itt, ttt, res->cmdsn, res->exp_statsn, 0);
		if (i >= 63) {
			snprintf(res->reason, sizeof res->reason, "SendTargets answer spans more than 64 PDUs");
			return -EPROTO;
		}
	}
	snprintf(res->reason, sizeof res->reason, "too many unrelated PDUs during SendTargets");
	return -EPROTO;
err_io:
	snprintf(res->reason, sizeof res->reason, "SendTargets: %s", strerror(-rc));
	return rc;
}
