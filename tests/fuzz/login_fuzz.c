/* Fuzz login_run with arbitrary bytes as the target's Login Responses.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Input: byte 0 = mode (bit 0 one-way CHAP, bit 1 mutual CHAP, bit 2
 * discovery, bit 3 leave ISID/ITT as given, bit 4 CHAP_A=7,5), then chunks
 * [u16 big-endian length][bytes], each returned by one recv(). Unless bit 3
 * is set the ISID of each chunk is patched to ours so the fuzzer reaches the
 * later stages. Checks: no crash, a result code from the documented set, a
 * reason for every failure, and no secret in the reason. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "login.h"

static const uint8_t *in;
static size_t in_len, in_pos;
static int patch;
static const uint8_t isid[6] = { 0x80, 1, 2, 3, 4, 5 };

static int f_send(void *ctx, const void *pdu, size_t len)
{
	(void)ctx; (void)pdu;
	return len >= 48 && len % 4 == 0 ? 0 : -EINVAL;
}

static int f_recv(void *ctx, void *buf, size_t cap, int timeout_ms)
{
	size_t n;

	(void)ctx; (void)timeout_ms;
	if (in_len - in_pos < 2)
		return -ECONNRESET;
	n = (size_t)in[in_pos] << 8 | in[in_pos + 1];
	in_pos += 2;
	if (n > in_len - in_pos)
		n = in_len - in_pos;
	if (n > cap)
		return -EMSGSIZE;
	memcpy(buf, in + in_pos, n);
	in_pos += n;
	if (patch && n >= 20) {
		memcpy((uint8_t *)buf + 8, isid, 6);
		memset((uint8_t *)buf + 16, 0, 4);
	}
	return (int)n;
}

static int fixed_random(void *buf, size_t len)
{
	memset(buf, 0x5a, len);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct login_transport t = { NULL, f_send, f_recv };
	struct login_params p = { 0 };
	struct login_result r;
	int rc;

	if (size < 1)
		return 0;
	in = data + 1; in_len = size - 1; in_pos = 0;
	patch = !(data[0] & 8);
	p.initiator_name = "iqn.2024-01.test:init";
	p.target_name = data[0] & 4 ? NULL : "iqn.2024-01.test:disk";
	memcpy(p.isid, isid, 6);
	p.random = fixed_random;
	if (data[0] & 3) {
		p.chap_user = "alice";
		p.chap_secret = "alicesecret123";
	}
	if (data[0] & 2) {
		p.chap_in_user = "tgtuser";
		p.chap_in_secret = "targetsecret456";
	}
	if (data[0] & 16)
		p.chap_algs = "7,5";
	rc = login_run(&p, &t, &r);
	if (getenv("LOGIN_FUZZ_SHOW"))          /* reproducing: say what happened */
		fprintf(stderr, "login_run: %d %s\n", rc, r.reason);
	if (rc != 0 && rc != LOGIN_REDIRECT && rc != -EACCES && rc != -ENOENT && rc != -ENODEV &&
	    rc != -EAGAIN && rc != -EOPNOTSUPP && rc != -EIO && rc != -EPROTO && rc != -ECONNRESET &&
	    rc != -EINVAL)
		abort();
	if (rc && !r.reason[0])
		abort();
	/* a secret in the reason is a leak unless the target itself sent those bytes */
	if ((strstr(r.reason, "alicesecret123") && !memmem(data, size, "alicesecret123", 14)) ||
	    (strstr(r.reason, "targetsecret456") && !memmem(data, size, "targetsecret456", 15)))
		abort();
	if (rc == LOGIN_REDIRECT && (!r.redirect_host[0] || !r.redirect_port))
		abort();
	if (rc == 0 && (r.tsih == 0 || r.erl != 0 || r.max_xmit_dlength < 512))
		abort();
	return 0;
}
