/* cfg_login_all: failover between portals, rounds, deadline, final failures,
 * with a scripted login and a fake clock. SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "log.h"
#include "test.h"

static uint64_t fake_now;
static uint64_t fnow(void) { return fake_now; }
static void fsleep(uint64_t ms) { fake_now += ms; }

/* script: per "target:portal" the result of each successive call:
 * 'o' ok, 'r' retryable failure, 'f' final failure; past the end: last char */
struct script { const char *plan[4][4]; unsigned calls[4][4]; unsigned sid; char log[4096]; };

static int fake_login(void *ctx, const struct cfg *c, unsigned t, unsigned p, struct cfg_login *l,
		      int *final, char *why, size_t wl)
{
	struct script *s = ctx;
	const char *pl = s->plan[t][p] ? s->plan[t][p] : "r";
	size_t n = strlen(pl);
	char r = pl[s->calls[t][p] < n ? s->calls[t][p] : n - 1];

	(void)c;
	s->calls[t][p]++;
	fake_now += 100;                   /* an attempt takes time */
	if (r == 'o') {
		l->sid = ++s->sid;
		l->host = (int)s->sid + 1;
		snprintf(l->netdev, sizeof l->netdev, "eth0");
		return 0;
	}
	*final = r == 'f';
	snprintf(why, wl, r == 'f' ? "authentication failed" : "connection refused");
	return r == 'f' ? -EACCES : -ECONNREFUSED;
}

static void fnote(void *ctx, int level, const char *msg)
{
	struct script *s = ctx;
	size_t l = strlen(s->log);

	snprintf(s->log + l, sizeof s->log - l, "%d %s\n", level, msg);
}

static struct cfg C;
static struct script S;
static struct cfg_login L[8];

static int run(const char *cmdline)
{
	struct cfg_run r = { fake_login, &S, fnote, fnow, fsleep };

	fake_now = 0;
	if (conf_text(&C, cmdline, NULL, NULL)) {
		printf("# conf: %s\n", C.error);
		return -9999;
	}
	return cfg_login_all(&C, &r, L, 8);
}

#define T "iqn.2024-01.org.example:"

int main(void)
{
	int rc;

	memset(&S, 0, sizeof S);
	S.plan[0][0] = "r";
	S.plan[0][1] = "o";
	rc = run("netroot=iscsi:10.0.0.1::::" T "a netroot=iscsi:10.0.0.2::::" T "a");
	ok(rc == 1 && L[0].portal == 1 && L[0].target == 0 && S.calls[0][0] == 1 && S.calls[0][1] == 1,
	   "first portal dead: the second logs in, in the first round (rc %d)", rc);
	ok(strstr(S.log, "portal 10.0.0.1:3260: connection refused; trying the next portal") != NULL,
	   "the dead portal is reported");

	memset(&S, 0, sizeof S);
	S.plan[0][0] = "f";
	S.plan[0][1] = "rro";
	rc = run("netroot=iscsi:10.0.0.1::::" T "a netroot=iscsi:10.0.0.2::::" T "a");
	ok(rc == 1 && L[0].portal == 1 && S.calls[0][0] == 1 && S.calls[0][1] == 3,
	   "a final failure is not retried; the other portal is, until it answers (rc %d, calls %u/%u)",
	   rc, S.calls[0][0], S.calls[0][1]);
	ok(fake_now >= 500 + 1000 && fake_now < 5000, "rounds paused 0.5 s then 1 s (%llu ms)",
	   (unsigned long long)fake_now);

	memset(&S, 0, sizeof S);
	rc = run("root=iscsi:10.0.0.1::::" T "a rd.iscsiroot.deadline=10");
	ok(rc == -ETIMEDOUT && fake_now <= 10000 + 200, "unreachable: -ETIMEDOUT at the deadline (%llu ms)",
	   (unsigned long long)fake_now);
	ok(strstr(S.log, "gave up after") != NULL, "giving up is reported");

	memset(&S, 0, sizeof S);
	rc = run("root=iscsi:10.0.0.1::::" T "a rd.iscsi.login_retry_max=3 rd.iscsiroot.deadline=0");
	ok(rc == -ETIMEDOUT && S.calls[0][0] == 3, "rd.iscsi.login_retry_max=3: three rounds (%u)",
	   S.calls[0][0]);

	memset(&S, 0, sizeof S);
	S.plan[0][0] = "f";
	S.plan[0][1] = "f";
	rc = run("netroot=iscsi:10.0.0.1::::" T "a netroot=iscsi:10.0.0.2::::" T "a");
	ok(rc == -EACCES && S.calls[0][0] == 1 && S.calls[0][1] == 1 && fake_now < 1000,
	   "every portal refuses: the error at once, no waiting (rc %d)", rc);

	memset(&S, 0, sizeof S);
	S.plan[0][0] = "o";
	S.plan[0][1] = "o";
	rc = run("netroot=iscsi:10.0.0.1::::" T "a netroot=iscsi:10.0.0.2::::" T "a rd.iscsiroot.portals=all");
	ok(rc == 2 && L[0].portal == 0 && L[1].portal == 1 && L[0].sid != L[1].sid,
	   "portals=all: a session through each portal (rc %d)", rc);

	memset(&S, 0, sizeof S);
	S.plan[0][0] = "r";                /* netroot target a: never up */
	S.plan[1][0] = "o";                /* root=iscsi: target b */
	rc = run("netroot=iscsi:10.0.0.1::::" T "a root=iscsi:10.0.0.3::::" T "b rd.iscsiroot.deadline=5");
	ok(rc == 1 && L[0].target == 1 && S.calls[1][0] == 1, "the root target is logged in first (rc %d)", rc);
	ok(strstr(S.log, "target " T "a: gave up") != NULL && S.calls[0][0] > 1,
	   "another target that stays down is retried to the deadline, then reported, not fatal");

	memset(&S, 0, sizeof S);
	rc = run("netroot=iscsi::::0:" T "a");
	ok(rc == -EDESTADDRREQ, "a root target without a portal cannot be logged in (rc %d)", rc);

	memset(&S, 0, sizeof S);
	rc = run("rd.iscsi.firmware");
	ok(rc == 0 && S.calls[0][0] == 0, "no target configured: nothing to do, 0 sessions");
	return done();
}
