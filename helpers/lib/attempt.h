/* attempt — the login-attempt policy: deadline, backoff with jitter, login
 * redirects, the SHA-256 -> MD5 CHAP fallback. SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Driven by a clock, a sleep and a random source passed in (NULL = the real
 * ones) and by a callback that connects and logs in once, so it is tested
 * with a fake clock. Progress goes to note (level as log.h, never a secret).
 * Users: iscsistart's single-target login (attempt_run), cfg_login_all's
 * rounds (attempt_pause without jitter) and the --cmdline logins' CHAP
 * fallback (lib/boot.c). The recovery daemon (lib/recovery.c) paces its
 * reconnects its own way (fast while TCP is refused) and asks
 * attempt_chap_sha256_failed the same CHAP question.
 *
 * Backoff: the pause after failed attempt n is 500 ms doubled per attempt
 * (while under 30 s: 500, 1000, ... 16000, 32000), with jitter a random
 * value in [b/2, 3b/2) so machines booting together spread out; never past
 * the deadline. Another attempt is made only while elapsed + b/2 is before
 * the deadline and fewer than max_attempts were made.
 */
#ifndef ISCSIROOT_ATTEMPT_H
#define ISCSIROOT_ATTEMPT_H
#include <stddef.h>
#include <stdint.h>
#include "login.h"
#include "session.h"

#define ATTEMPT_MAX_REDIRECTS 8
#define ATTEMPT_BACKOFF_FIRST 500
#define ATTEMPT_BACKOFF_CAP   30000    /* doubling stops once at or past this */

struct attempt_policy {
	uint64_t deadline_ms;          /* total time for all attempts, 0 = none */
	unsigned max_attempts;         /* 0 = until the deadline */
	int chap_fallback;             /* 1: one retry with CHAP_A=5 allowed (cleared when used) */
	int jitter;                    /* 1: pauses randomised as above, 0: exactly b */
	uint64_t (*now)(void);         /* NULL = clock_ms */
	void (*sleep)(uint64_t ms);    /* NULL = clock_sleep_ms */
	uint32_t (*random)(void);      /* NULL = getrandom(2), else clock-derived */
	void (*note)(void *ctx, int level, const char *msg);   /* NULL = silent */
	void *ctx;
	/* state: set by attempt_start */
	uint64_t start, backoff;
	unsigned n;                    /* attempts made */
};

/* One connect + login to s->conn_address:conn_port. Returns like login_run:
 * 0, LOGIN_REDIRECT (res->redirect_*) or -errno with res->reason filled. */
typedef int (*attempt_fn)(void *ctx, const struct session_cfg *s, struct login_result *res);

/* The policy's clock: p->now(), or clock_ms when p->now is NULL. */
uint64_t attempt_now(const struct attempt_policy *p);

/* Begin: clock started, backoff reset, no attempt made. */
void attempt_start(struct attempt_policy *p);

/* Did the login fail right after the target picked SHA-256 CHAP (tgt 1.0.85
 * picks CHAP_A=7 and then fails with status 0x0200)? Then offering MD5 only
 * may succeed; no downgrade risk beyond what CHAP_A=7,5 already allows. */
int attempt_chap_sha256_failed(int rc, const struct login_result *res);

/* As attempt_chap_sha256_failed, once per policy (p->chap_fallback is
 * cleared): notes "<reason> after choosing SHA-256 CHAP; trying again with
 * MD5" and returns 1; the caller offers "5" from then on. Else 0. */
int attempt_chap_fallback(struct attempt_policy *p, int rc, const struct login_result *res);

/* After a failed attempt (p->n counts it): may another follow? 1 with *wait
 * the pause (already capped at the deadline), 0 when the attempts or the
 * deadline are spent. Advances the backoff. */
int attempt_pause(struct attempt_policy *p, uint64_t *wait);

/* Attempts until success, a failure login_retryable() calls final, the
 * deadline or max_attempts, with the backoff between them (each noted:
 * "attempt N failed: ...; retrying in M ms"). Each attempt starts from the
 * configured portal (s->address/port) and follows at most
 * ATTEMPT_MAX_REDIRECTS redirects (then -ELOOP, reason "more than 8 login
 * redirects (loop?), ..."); the CHAP fallback retries at once with
 * s->lp.chap_algs = "5". The final failure is noted at LOG_ERR ("fatal:
 * unable to log in to TARGET at PORTAL: ...", or "discover targets at
 * PORTAL" without a target name, for the last portal tried). 0, or the last
 * -errno with res->reason filled; *timed_out = 1 when retryable failures used
 * up the budget (more than one attempt). */
int attempt_run(struct attempt_policy *p, attempt_fn fn, void *ctx, struct session_cfg *s,
		struct login_result *res, int *timed_out);

/* Format one line and hand it to fn(ctx, level, line) (NULL fn: nothing). */
void attempt_note(void (*fn)(void *ctx, int level, const char *msg), void *ctx, int level,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Sleep ms through p->sleep (NULL = clock_sleep_ms). */
void attempt_sleep(const struct attempt_policy *p, uint64_t ms);

#endif
