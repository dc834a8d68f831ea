/* recovery: the pieces that need no kernel — reconnect pacing, error names,
 * the re-exec state (save, load, pointer rebase), following the pid in
 * root-pin's sendsigs list. SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "recovery.h"
#include "test.h"

static void pace_tests(void)
{
	struct recovery_pace p = RECOVERY_PACE;
	static const uint32_t r[] = { 0, 1, 199, 200, 400, 401, 0xffffffffu, 123456789u };
	/* slow/2 .. slow for each successive failed login on a live connection */
	static const uint64_t lo[] = { 250, 500, 1000, 2000, 4000, 8000, 15000, 15000 };
	static const uint64_t hi[] = { 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000 };
	uint64_t d, mn = ~0ull, mx = 0;
	size_t i;
	int good = 1;

	for (i = 0; i < NELEM(r); i++) {
		d = recovery_delay(&p, 0, r[i]);
		if (d < 200 || d > 600)
			good = 0;
		mn = d < mn ? d : mn;
		mx = d > mx ? d : mx;
	}
	ok(good && mn == 200 && mx == 600 && p.slow == 500,
	   "TCP refused: 200..600 ms, no backoff (%llu..%llu)", (unsigned long long)mn,
	   (unsigned long long)mx);
	for (i = 0; i < NELEM(lo); i++) {
		struct recovery_pace q = p;             /* the same step, lowest draw */
		uint64_t l = recovery_delay(&q, 1, 0);

		d = recovery_delay(&p, 1, (uint32_t)(p.slow / 2));   /* highest draw */
		ok(l == lo[i] && d == hi[i] && q.slow == p.slow, "login failure %zu: %llu..%llu ms",
		   i + 1, (unsigned long long)l, (unsigned long long)d);
	}
	ok(p.slow == 30000, "backoff capped at 30 s");
	d = recovery_delay(&p, 0, 0);
	ok(d == 200, "TCP refused again: fast again (%llu)", (unsigned long long)d);
}

static void err_name_tests(void)
{
	/* the table as it was (a pointer per code): the string form must match */
	static const char *const n[] = {
		"", "DataSN", "data offset", "MaxCmdSN", "ExpCmdSN", "bad opcode",
		"data length", "AHS length", "protocol", "LUN", "bad ITT", "connection failed",
		"R2TSN", "session failed", "header digest", "data digest", "param not found",
		"no SCSI cmd", "invalid host", "xmit failed", "TCP connection closed",
		"SCSI EH session reset", "NOP timed out",
	};
	static const uint32_t out[] = { 0, 1, 999, 1023, 1024, 2000, 0xffffffffu };
	int good = 1;

	for (uint32_t i = 0; i < NELEM(n); i++)
		if (strcmp(recovery_conn_err_name(1000 + i), n[i])) {
			good = 0;
			ok(0, "error %u: '%s', want '%s'", 1000 + i, recovery_conn_err_name(1000 + i), n[i]);
		}
	ok(good, "ISCSI_ERR 1000..1022 named as before");
	for (size_t i = 0; i < NELEM(out); i++)
		ok(!strcmp(recovery_conn_err_name(out[i]), "unknown"), "error %u: unknown", out[i]);
}

static int fake_random(void *buf, size_t len) { (void)buf; (void)len; return 0; }
static void fake_note(void *ctx, int level, const char *msg) { (void)ctx; (void)level; (void)msg; }

static struct handoff a, b;

static int tmpfd(void)
{
	char p[] = "/tmp/recovery_testXXXXXX";
	int fd = mkstemp(p);

	if (fd >= 0)
		unlink(p);
	return fd;
}

static int save_load(struct handoff *src, struct handoff *dst, int corrupt)
{
	int fd = tmpfd(), rc;

	if (fd < 0)
		return -errno;
	rc = recovery_state_save(src, fd);
	if (!rc && corrupt) {                   /* flip a byte of the magic */
		char c;
		pread(fd, &c, 1, 0);
		c ^= 1;
		pwrite(fd, &c, 1, 0);
	}
	if (!rc && corrupt == 2)                /* and cut it short */
		rc = ftruncate(fd, 100);
	lseek(fd, 0, SEEK_SET);
	if (!rc)
		rc = recovery_state_load(dst, fd);
	close(fd);
	return rc;
}

static void state_tests(void)
{
	static const char *const s[] = { "iqn.2026-11.org.iscsiroot:i", "iqn.2026-11.org.iscsiroot:t",
					 "user", "secret", "7,5", "default" };
	size_t off = 0, i;
	const char **f[] = { &a.cfg.lp.initiator_name, &a.cfg.lp.target_name, &a.cfg.lp.chap_user,
			     &a.cfg.lp.chap_secret, &a.cfg.lp.chap_algs, &a.cfg.iface };
	int rc;

	for (i = 0; i < NELEM(s); i++) {
		memcpy(a.strs + off, s[i], strlen(s[i]) + 1);
		*f[i] = a.strs + off;
		off += strlen(s[i]) + 1;
	}
	a.sid = 7;
	a.host_no = 3;
	a.cfg.port = 3260;
	a.sysfs = "/tmp/sys";
	a.cfg.lp.random = fake_random;
	a.note.fn = fake_note;
	rc = save_load(&a, &b, 0);
	ok(rc == 0, "state saved and loaded (%d)", rc);
	ok(b.sid == 7 && b.host_no == 3 && b.cfg.port == 3260, "session, host and port kept");
	ok(b.cfg.lp.initiator_name == b.strs && !strcmp(b.cfg.lp.initiator_name, s[0]) &&
	   b.cfg.lp.target_name > b.strs && b.cfg.lp.target_name < b.strs + sizeof b.strs &&
	   !strcmp(b.cfg.lp.target_name, s[1]) && !strcmp(b.cfg.lp.chap_secret, s[3]) &&
	   !strcmp(b.cfg.iface, s[5]), "string pointers rebased into the new strs");
	ok(!b.cfg.lp.initiator_alias && !b.cfg.lp.chap_in_user && !b.cfg.lp.chap_in_secret,
	   "NULL strings stay NULL");
	ok(!b.cfg.lp.random && !b.sysfs && !b.note.fn && !b.note.ctx,
	   "pointers that do not survive an exec cleared");
	ok(save_load(&a, &b, 1) == -EPROTO, "bad magic: -EPROTO");
	ok(save_load(&a, &b, 2) == -EPROTO, "cut short: -EPROTO");
	a.cfg.iface = "not in strs";
	ok(save_load(&a, &b, 0) == -ERANGE, "a string outside strs: -ERANGE");
}

static char dir[] = "/tmp/recovery_testXXXXXX";

static const char *put(const char *data)
{
	static char p[128];
	int fd;

	snprintf(p, sizeof p, "%s/iscsiroot", dir);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		(void)!write(fd, data, strlen(data));
		close(fd);
	}
	return p;
}

static const char *get(void)
{
	static char buf[1024];
	char p[128];
	ssize_t n;
	int fd;

	snprintf(p, sizeof p, "%s/iscsiroot", dir);
	fd = open(p, O_RDONLY);
	n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	return buf;
}

static void sendsigs_tests(void)
{
	static const struct { const char *in; int old, new, rc; const char *out; } t[] = {
		{ "42\n", 42, 99, 1, "99\n" },
		{ "1\n42\n7\n", 42, 99, 1, "1\n99\n7\n" },
		{ "1\n42", 42, 99, 1, "1\n99\n" },              /* no final newline */
		{ "1\n7\n", 42, 99, 1, "1\n7\n" },              /* not listed: rewritten the same */
		{ "abc\n42\n", 42, 99, 1, "abc\n99\n" },        /* other lines kept as they are */
		{ "420\n", 42, 99, 1, "420\n" },
	};
	char big[600], p[160], tmp[180];

	ok(mkdtemp(dir) != NULL, "temp dir");
	snprintf(p, sizeof p, "%s/iscsiroot", dir);
	snprintf(tmp, sizeof tmp, "%s/iscsiroot.new", dir);
	ok(recovery_sendsigs_follow(p, tmp, 1, 2) == 0, "no file: nothing to follow");
	for (size_t i = 0; i < NELEM(t); i++) {
		int rc = recovery_sendsigs_follow(put(t[i].in), tmp, t[i].old, t[i].new);

		ok(rc == t[i].rc && !strcmp(get(), t[i].out), "sendsigs %zu: old %d -> new %d, rc %d",
		   i, t[i].old, t[i].new, rc);
	}
	memset(big, '1', sizeof big - 1);
	big[sizeof big - 1] = 0;
	ok(recovery_sendsigs_follow(put(big), tmp, 1, 2) == 0 && strlen(get()) == sizeof big - 1,
	   "longer than 511 bytes: left alone");
	mkdir(tmp, 0755);
	ok(recovery_sendsigs_follow(put("42\n"), tmp, 42, 99) == -EISDIR && !strcmp(get(), "42\n"),
	   "cannot write the new list: -errno, the old one stays");
	rmdir(tmp);
	unlink(put(""));
	rmdir(dir);
}

int main(void)
{
	pace_tests();
	err_name_tests();
	state_tests();
	sendsigs_tests();
	return done();
}
