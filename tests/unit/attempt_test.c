/* attempt: the login-attempt policy with a fake clock, random source and a
 * scripted connect+login: backoff sequence, jitter bounds, redirect hop
 * limit, CHAP fallback once, deadline. SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "attempt.h"
#include "log.h"
#include "test.h"

static uint64_t fake_now, waits[64];
static unsigned nwaits;
static uint32_t fake_r;
static uint64_t fnow(void) { return fake_now; }
static void fsleep(uint64_t ms) { fake_now += ms; if (nwaits < 64) waits[nwaits++] = ms; }
static uint32_t frand(void) { return fake_r; }

/* script: one char per call: 'o' ok, 'r' refused (retryable), 'a' auth
 * failure after CHAP_A=7, 'f' auth failure, 'R' redirect; past the end: last */
static const char *plan;
static unsigned calls;
static char algs_seen[64][8], addr_seen[64][80];
static char log_[8192];

static int fn(void *ctx, const struct session_cfg *s, struct login_result *res)
{
	size_t n = strlen(plan);
	char c = plan[calls < n ? calls : n - 1];

	(void)ctx;
	if (calls < 64) {
		snprintf(algs_seen[calls], sizeof algs_seen[0], "%s", s->lp.chap_algs);
		snprintf(addr_seen[calls], sizeof addr_seen[0], "%s:%u", s->conn_address, s->conn_port);
	}
	calls++;
	fake_now += 10;
	switch (c) {
	case 'o': return 0;
	case 'r': snprintf(res->reason, sizeof res->reason, "refused"); return -ECONNREFUSED;
	case 'a': res->chap_alg = 7; snprintf(res->reason, sizeof res->reason, "auth failed");
		  return -EACCES;
	case 'f': snprintf(res->reason, sizeof res->reason, "auth failed"); return -EACCES;
	default:
		snprintf(res->redirect_host, sizeof res->redirect_host, "192.0.2.%u", calls);
		res->redirect_port = 3261;
		res->status_detail = 1;
		return LOGIN_REDIRECT;
	}
}

static void fnote(void *ctx, int level, const char *m)
{
	size_t l = strlen(log_);

	(void)ctx;
	snprintf(log_ + l, sizeof log_ - l, "%d %s\n", level, m);
}

static struct session_cfg S;
static struct attempt_policy P;

static int go(const char *p, uint64_t deadline, unsigned max, int jitter, int *to)
{
	plan = p;
	calls = nwaits = 0;
	fake_now = 1000;
	log_[0] = 0;
	memset(&S, 0, sizeof S);
	snprintf(S.address, sizeof S.address, "192.0.2.1");
	S.port = 3260;
	S.lp.target_name = "iqn.2024-01.test:t";
	S.lp.chap_algs = "7,5";
	memset(&P, 0, sizeof P);
	P.deadline_ms = deadline;
	P.max_attempts = max;
	P.chap_fallback = 1;
	P.jitter = jitter;
	P.now = fnow;
	P.sleep = fsleep;
	P.random = frand;
	P.note = fnote;
	struct login_result res;
	return attempt_run(&P, fn, NULL, &S, &res, to);
}

int main(void)
{
	static const uint64_t seq[] = { 500, 1000, 2000, 4000, 8000, 16000, 32000, 32000 };
	int rc, to;
	unsigned i;

	rc = go("o", 180000, 0, 1, &to);
	ok(rc == 0 && calls == 1 && nwaits == 0, "first attempt ok: no pause");

	/* without jitter the pauses are the backoff sequence itself */
	rc = go("rrrrrrrrro", 0, 0, 0, &to);
	ok(rc == 0 && calls == 10 && nwaits == 9, "retry until ok (%d, %u calls)", rc, calls);
	for (i = 0; i < 8; i++)
		ok(waits[i] == seq[i], "pause %u = %llu (want %llu)", i, (unsigned long long)waits[i],
		   (unsigned long long)seq[i]);

	/* jitter: r % b added to b/2: bounds [b/2, 3b/2) */
	fake_r = 0;
	go("rrrro", 0, 0, 1, &to);
	ok(waits[0] == 250 && waits[1] == 500 && waits[3] == 2000, "jitter low bound (r = 0)");
	fake_r = 0xffffffffu;
	go("rrrro", 0, 0, 1, &to);
	ok(waits[0] == 250 + 0xffffffffu % 500 && waits[0] < 750 && waits[3] < 6000,
	   "jitter high bound (%llu)", (unsigned long long)waits[0]);
	fake_r = 12345;
	go("rrrrrrrrrrro", 0, 0, 1, &to);
	for (i = 0; i < 11; i++)
		if (waits[i] < seq[i < 7 ? i : 7] / 2 || waits[i] >= seq[i < 7 ? i : 7] * 3 / 2)
			break;
	ok(i == 11, "every jittered pause in [b/2, 3b/2)");

	/* deadline: no attempt once elapsed + b/2 reaches it; the pause capped at it */
	rc = go("r", 5000, 0, 0, &to);
	ok(rc == -ECONNREFUSED && to == 1, "deadline: gave up, timed out (%d)", rc);
	ok(fake_now - 1000 <= 5000 + 10, "within the deadline (%llu ms)",
	   (unsigned long long)(fake_now - 1000));
	ok(strstr(log_, "0 fatal: unable to log in to iqn.2024-01.test:t at 192.0.2.1:3260: gave up "
		  "after ") != NULL, "fatal note names the attempts: %s", log_);
	rc = go("r", 0, 3, 0, &to);
	ok(rc == -ECONNREFUSED && calls == 3 && to == 1, "max_attempts 3");
	rc = go("r", 0, 1, 0, &to);
	ok(rc == -ECONNREFUSED && calls == 1 && to == 0 &&
	   strstr(log_, "fatal: unable to log in to iqn.2024-01.test:t at 192.0.2.1:3260: refused"),
	   "one attempt: not a time-out");
	rc = go("f", 180000, 0, 0, &to);
	ok(rc == -EACCES && calls == 1 && to == 0, "final failure: no retry");

	/* CHAP fallback: once, then MD5 only */
	rc = go("ao", 180000, 0, 0, &to);
	ok(rc == 0 && calls == 2 && !strcmp(algs_seen[0], "7,5") && !strcmp(algs_seen[1], "5"),
	   "SHA-256 failure: retried with MD5 (%s, %s)", algs_seen[0], algs_seen[1]);
	ok(strstr(log_, "1 auth failed after choosing SHA-256 CHAP; trying again with MD5") != NULL &&
	   nwaits == 0, "fallback noted, no pause");
	rc = go("aa", 180000, 0, 0, &to);
	ok(rc == -EACCES && calls == 2, "fallback only once (%u calls)", calls);

	/* redirects: followed, at most ATTEMPT_MAX_REDIRECTS, then -ELOOP */
	rc = go("RRo", 180000, 0, 0, &to);
	ok(rc == 0 && calls == 3 && !strcmp(addr_seen[1], "192.0.2.1:3261") &&
	   !strcmp(addr_seen[2], "192.0.2.2:3261"), "two redirects followed (%s %s)", addr_seen[1],
	   addr_seen[2]);
	ok(strstr(log_, "target iqn.2024-01.test:t at 192.0.2.1:3260 redirects temporarily to "
		  "192.0.2.1:3261") != NULL, "redirect noted");
	rc = go("R", 180000, 0, 0, &to);
	ok(rc == -ELOOP && calls == ATTEMPT_MAX_REDIRECTS + 1 && to == 0, "hop limit: -ELOOP after %u",
	   calls);
	ok(strstr(log_, "more than 8 login redirects (loop?), last to 192.0.2.9:3261") != NULL,
	   "hop limit reason");
	rc = go("RrRo", 180000, 0, 0, &to);
	ok(rc == 0 && !strcmp(addr_seen[2], "192.0.2.1:3260"),
	   "next attempt starts from the configured portal (%s)", addr_seen[2]);

	/* a discovery session (no target name) */
	plan = "f";
	calls = 0;
	log_[0] = 0;
	S.lp.target_name = NULL;
	{
		struct login_result res;

		attempt_run(&P, fn, NULL, &S, &res, &to);
		ok(strstr(log_, "0 fatal: unable to discover targets at 192.0.2.1:3260: auth failed") != NULL,
		   "discovery: %s", log_);
	}
	return done();
}
