/* Fuzz the text-key parser and everything that reads key values:
 * pdu_text_next, pdu_key_parse, inaddr_portal, chap_decode,
 * discovery_parse. SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "chap.h"
#include "discovery.h"
#include "inaddr.h"
#include "login.h"
#include "pdu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct discovery_target tg[8];
	const char *d = (const char *)data;
	char reason[256], host[64];
	struct pdu_text kv;
	size_t pos = 0, n, last = 0;
	uint8_t bin[CHAP_MAX_CHALLENGE];
	int rc;

	while ((rc = pdu_text_next(d, size, &pos, &kv, reason, sizeof reason)) == 1) {
		const struct pdu_key *k = pdu_key_find(kv.key, kv.klen);
		uint32_t v;
		uint16_t port;
		int tpgt;

		if (pos <= last || pos > size || kv.klen > PDU_KEY_MAX || kv.vlen > PDU_VALUE_MAX ||
		    kv.val[kv.vlen] != 0 || kv.key[kv.klen] != '=')
			abort();
		last = pos;
		if (k && pdu_key_parse(k, kv.val, &v) == 0 && (v < k->lo || v > k->hi))
			abort();
		if (inaddr_portal(kv.val, host, sizeof host, &port, &tpgt) == 0 &&
		    (port == 0 || tpgt > 65535 || strlen(host) >= sizeof host))
			abort();
		if (chap_decode(kv.val, bin, sizeof bin, &n) == 0 && (n == 0 || n > sizeof bin))
			abort();
	}
	if (rc != 0 && rc != -EPROTO)
		abort();
	if (discovery_parse(d, size, tg, 8, &n, reason, sizeof reason) == 0 && n > 8)
		abort();
	return 0;
}
