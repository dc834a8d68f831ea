/* attempt — see attempt.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#ifndef ISCSIROOT_KLIBC
#include <sys/random.h>
#endif

#include "attempt.h"
#include "clock.h"
#include "inaddr.h"
#include "log.h"

void attempt_note(void (*fn)(void *ctx, int level, const char *msg), void *ctx, int level,
		  const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (!fn)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fn(ctx, level, line);
}

#define note(p, ...) attempt_note((p)->note, (p)->ctx, __VA_ARGS__)

uint64_t attempt_now(const struct attempt_policy *p)
{
	return p->now ? p->now() : clock_ms();
}

void attempt_sleep(const struct attempt_policy *p, uint64_t ms)
{
	if (p->sleep)
		p->sleep(ms);
	else
		clock_sleep_ms(ms);
}

void attempt_start(struct attempt_policy *p)
{
	p->start = attempt_now(p);
	p->backoff = ATTEMPT_BACKOFF_FIRST;
	p->n = 0;
}

int attempt_chap_sha256_failed(int rc, const struct login_result *res)
{
	return (rc == -EACCES || rc == -EIO) && res->chap_alg == 7;
}

int attempt_chap_fallback(struct attempt_policy *p, int rc, const struct login_result *res)
{
	if (!p->chap_fallback || !attempt_chap_sha256_failed(rc, res))
		return 0;
	p->chap_fallback = 0;
	note(p, LOG_WARN, "%s after choosing SHA-256 CHAP; trying again with MD5", res->reason);
	return 1;
}

int attempt_pause(struct attempt_policy *p, uint64_t *wait)
{
	uint64_t el = attempt_now(p) - p->start, b = p->backoff, w = b;

	if ((p->max_attempts && p->n >= p->max_attempts) ||
	    (p->deadline_ms && el + b / 2 >= p->deadline_ms))
		return 0;
	if (p->jitter) {
		uint32_t r = 0;

		if (p->random)
			r = p->random();
#ifndef ISCSIROOT_KLIBC                 /* klibc has no getrandom */
		else if (getrandom(&r, sizeof r, GRND_NONBLOCK) != sizeof r)
#else
		else
#endif
			r = (uint32_t)clock_ms() * 2654435761u;
		w = b / 2 + (uint64_t)r % (b ? b : 1);
	}
	if (p->deadline_ms && el + w > p->deadline_ms)
		w = p->deadline_ms - el;
	if (p->backoff < ATTEMPT_BACKOFF_CAP)
		p->backoff *= 2;
	*wait = w;
	return 1;
}

_Static_assert(sizeof ((struct login_result *)0)->redirect_host ==
	       sizeof ((struct session_cfg *)0)->conn_address, "a redirect fits conn_address");

int attempt_run(struct attempt_policy *p, attempt_fn fn, void *ctx, struct session_cfg *s,
		struct login_result *res, int *timed_out)
{
	const char *tn = s->lp.target_name ? s->lp.target_name : "";
	char what[320], pb[80], pb2[80];
	unsigned hops;
	uint64_t wait;
	int rc, retry;

	attempt_start(p);
	for (;;) {
		/* one attempt from the configured portal, following redirects */
		p->n++;
		hops = 0;
		memcpy(s->conn_address, s->address, sizeof s->conn_address);
		s->conn_port = s->port;
		for (;;) {
			/* "log in to TARGET at PORTAL" or "discover targets at PORTAL" */
			snprintf(what, sizeof what, "%s%s at %s", s->lp.target_name ? "log in to " :
				 "discover targets", tn,
				 inaddr_portal_format(s->conn_address, s->conn_port, pb, sizeof pb));
			note(p, LOG_DEBUG, "attempt %u: %s", p->n, what);
			memset(res, 0, sizeof *res);
			rc = fn(ctx, s, res);
			if (attempt_chap_fallback(p, rc, res)) {
				s->lp.chap_algs = "5";
				continue;
			}
			if (rc != LOGIN_REDIRECT)
				break;
			if (++hops > ATTEMPT_MAX_REDIRECTS) {
				snprintf(res->reason, sizeof res->reason,
					 "more than %d login redirects (loop?), last to %s:%u",
					 ATTEMPT_MAX_REDIRECTS, res->redirect_host, res->redirect_port);
				rc = -ELOOP;
				break;
			}
			note(p, LOG_INFO, "target %s at %s redirects %s to %s", tn, pb,
			     res->status_detail == 2 ? "permanently" : "temporarily",
			     inaddr_portal_format(res->redirect_host, res->redirect_port, pb2, sizeof pb2));
			memcpy(s->conn_address, res->redirect_host, sizeof s->conn_address);
			s->conn_port = res->redirect_port;
		}
		*timed_out = 0;
		if (!rc)
			return 0;
		if (!res->reason[0])
			snprintf(res->reason, sizeof res->reason, "%s", strerror(-rc));
		retry = login_retryable(rc);
		if (!retry || !attempt_pause(p, &wait)) {
			*timed_out = retry && p->n > 1;
			if (*timed_out)
				note(p, LOG_ERR, "fatal: unable to %s: gave up after %u attempts in %llu s: %s",
				     what, p->n, (unsigned long long)((attempt_now(p) - p->start) / 1000),
				     res->reason);
			else
				note(p, LOG_ERR, "fatal: unable to %s: %s", what, res->reason);
			return rc;
		}
		note(p, LOG_WARN, "attempt %u failed: %s; retrying in %llu ms", p->n, res->reason,
		     (unsigned long long)wait);
		attempt_sleep(p, wait);
	}
}
