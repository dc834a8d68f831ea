/* recovery — see recovery.h and reference/kernel-abi.md §4.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <poll.h>
#include <sys/mman.h>
#ifndef MCL_ONFAULT
#define MCL_ONFAULT 4
#endif
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attempt.h"
#include "clock.h"
#include "daemon.h"
#include "log.h"
#include "num.h"
#include "recovery.h"
#include "sysfs.h"

/* returned up from a child forked to re-execute whose exec failed */
#define CHILD_EXEC_FAILED 2

/* ---- reconnect ----------------------------------------------------------------
 *
 * The first reconnect waits the negotiated DefaultTime2Wait plus a random
 * 0..1 s, which spreads machines that lost the target at the same instant;
 * then recovery_delay() paces the attempts: fast while TCP is refused (cheap
 * for the target, bounds our resume delay to ~0.6 s), doubling from
 * 0.25-0.5 s up to 15-30 s, randomised, once TCP connects but the login
 * fails (target still starting, busy, out of resources, auth) — that is
 * where a target actually spends work when a rack reconnects at once. */

static uint32_t rnd_state;

static uint32_t rnd(void)
{
	if (!rnd_state)
		rnd_state = (uint32_t)clock_ms() * 2654435761u ^ (uint32_t)getpid() ^ 0x9e3779b9u;
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static int nap(uint64_t ms, volatile int *stop)
{
	while (ms > 0) {
		uint64_t step = ms > 200 ? 200 : ms;

		if (stop && *stop)
			return -ESHUTDOWN;
		clock_sleep_ms(step);
		ms -= step;
	}
	return stop && *stop ? -ESHUTDOWN : 0;
}

/* Drop stale events about our session; -ESHUTDOWN if it was destroyed. */
static int drain(struct handoff *h)
{
	struct kiscsi_event e;

	while (kiscsi_event(&h->k, &e, 0) == 0) {
		if ((e.type == KISCSI_K_DESTROY_SESSION || e.type == KISCSI_K_UNBIND_SESSION) &&
		    e.sid == h->sid)
			return -ESHUTDOWN;
	}
	return 0;
}

int recovery_reconnect(struct handoff *h, volatile int *stop)
{
	struct login_result res;
	struct recovery_pace pace = RECOVERY_PACE;
	uint64_t t0 = clock_ms();
	unsigned attempt = 0;
	char last[sizeof res.reason] = "";
	int rc, connected;

	memset(&res, 0, sizeof res);
	h->recovering = 1;
	rc = kiscsi_stop_conn(&h->k, h->sid, h->cid, KISCSI_STOP_RECOVER);
	if (rc)
		note_f(&h->note, LOG_WARN, "session %u: STOP_CONN(recover) failed: %s (continuing)",
			     h->sid, strerror(-rc));
	rc = nap((uint64_t)h->res.time2wait * 1000 + rnd() % 1000, stop);
	if (rc)
		return rc;
	for (;;) {
		attempt++;
		rc = drain(h);
		if (rc)
			return rc;
		rc = handoff_reconnect(h, &res, &connected);
		if (!rc) {
			note_f(&h->note, LOG_INFO, "session %u: reconnected to %s port %u after %llu ms "
				     "(%u attempts)", h->sid, h->cur_addr, h->cur_port,
				     (unsigned long long)(clock_ms() - t0), attempt);
			h->recovering = 0;
			return 0;
		}
		if (connected) {
			/* as iscsistart does at boot (lib/attempt.c): a target that
			 * picked SHA-256 and then failed the login gets MD5 only from
			 * now on */
			if (attempt_chap_sha256_failed(rc, &res) && !h->chap_md5_only) {
				h->chap_md5_only = 1;
				note_f(&h->note, LOG_INFO, "session %u: target failed CHAP with SHA-256, "
					     "offering MD5 only", h->sid);
			}
			/* login failed on a live connection: let the kernel drop it */
			kiscsi_stop_conn(&h->k, h->sid, h->cid, KISCSI_STOP_RECOVER);
		}
		if (strcmp(last, res.reason) || attempt % 20 == 0) {
			note_f(&h->note, LOG_WARN, "session %u: reconnect attempt %u: %s", h->sid,
				     attempt, res.reason);
			snprintf(last, sizeof last, "%s", res.reason);
		}
		rc = nap(recovery_delay(&pace, connected, rnd()), stop);
		if (rc)
			return rc;
	}
}

int recovery_iscsid_running(void)
{
	static const char name[] = "ISCSIADM_ABSTRACT_NAMESPACE";
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, ok;

	memcpy(sa.sun_path + 1, name, sizeof name - 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	ok = connect(fd, (struct sockaddr *)&sa,
		     (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + sizeof name - 1)) == 0;
	close(fd);
	return ok;
}

const char *recovery_conn_err_name(uint32_t e)
{
	/* ISCSI_ERR_* from 1000 on, one NUL-terminated name each (no pointer table) */
	static const char n[] =
		"\0DataSN\0data offset\0MaxCmdSN\0ExpCmdSN\0bad opcode\0"
		"data length\0AHS length\0protocol\0LUN\0bad ITT\0connection failed\0"
		"R2TSN\0session failed\0header digest\0data digest\0param not found\0"
		"no SCSI cmd\0invalid host\0xmit failed\0TCP connection closed\0"
		"SCSI EH session reset\0NOP timed out";
	const char *p = n;

	if (e - 1000 > 22)                  /* unsigned: below 1000 too */
		return "unknown";
	for (e -= 1000; e; e--)
		p += strlen(p) + 1;
	return p;
}

static volatile int got_term;

/* Touch (and so lock) 48 KiB of stack: deeper than login + recovery go. */
static void __attribute__((noinline)) prefault_stack(void)
{
	volatile char probe[48 * 1024];

	for (size_t i = 0; i < sizeof probe; i += 4096)
		probe[i] = 0;
}

/* ---- re-exec from the real root ------------------------------------------- */

#define STATE_MAGIC 0x3130646f6f726969ull      /* "iirood01" */
struct state_hdr {
	uint64_t magic;
	uint64_t size;        /* sizeof(struct handoff) of the writer */
	uint64_t strs;        /* address of the writer's h->strs, to rebase pointers */
};

static int proc_fd = -1;      /* /proc as mounted when the daemon started */
static uint64_t daemon_t0;
static int reexec_tried;

int recovery_state_save(const struct handoff *h, int fd)
{
	struct state_hdr sh = { STATE_MAGIC, sizeof *h, (uint64_t)(uintptr_t)h->strs };

	if (write(fd, &sh, sizeof sh) != sizeof sh || write(fd, h, sizeof *h) != (ssize_t)sizeof *h)
		return -EIO;
	return 0;
}

int recovery_state_load(struct handoff *h, int fd)
{
	struct state_hdr sh;
	unsigned i;

	if (read(fd, &sh, sizeof sh) != sizeof sh || sh.magic != STATE_MAGIC ||
	    sh.size != sizeof *h || read(fd, h, sizeof *h) != (ssize_t)sizeof *h)
		return -EPROTO;
	for (i = 0; i < HANDOFF_NSTR; i++) {
		const char **f = (const char **)(void *)((char *)h + handoff_str_field[i]);
		uint64_t p = (uint64_t)(uintptr_t)*f;

		if (!*f)
			continue;
		if (p < sh.strs || p >= sh.strs + sizeof h->strs)
			return -ERANGE;
		*f = h->strs + (p - sh.strs);
	}
	h->strs[sizeof h->strs - 1] = 0;
	h->cfg.lp.random = NULL;
	h->sysfs = NULL;
	h->note.fn = NULL;
	h->note.ctx = NULL;
	return 0;
}

/* Returns 1 when a re-executed copy took over (the daemon ends), 0 to stay,
 * CHILD_EXEC_FAILED in the child whose exec failed. */
static int maybe_reexec(struct handoff *h)
{
	char a1[16], a2[16], ok[2];
	struct stat a, b;
	struct pollfd pfd;
	int mfd, pp[2], status, pid;

	if (proc_fd < 0 || reexec_tried)
		return 0;
	if (clock_ms() - daemon_t0 > 600000) {
		reexec_tried = 1;           /* no switch-root in 10 min: stop looking */
		return 0;
	}
	if (fstatat(proc_fd, "1/root/", &a, 0) < 0 || stat("/", &b) < 0 ||
	    (a.st_dev == b.st_dev && a.st_ino == b.st_ino))
		return 0;                   /* no switch-root yet */
	reexec_tried = 1;
	if (fstatat(proc_fd, "1/root" RECOVERY_REEXEC_PATH, &a, 0) < 0 || !S_ISREG(a.st_mode)) {
		note_f(&h->note, LOG_INFO, "switch-root seen; no %s in the real root: staying in "
			     "the initramfs", RECOVERY_REEXEC_PATH);
		return 0;
	}
	mfd = (int)syscall(SYS_memfd_create, "iscsiroot-daemon", 0u);
	if (mfd < 0)
		return 0;
	if (recovery_state_save(h, mfd) || lseek(mfd, 0, SEEK_SET) != 0 || pipe2(pp, O_CLOEXEC) < 0) {
		close(mfd);
		return 0;
	}
	pid = daemon_fork();
	if (pid == 0) {
		int rfd = openat(proc_fd, "1/root", O_PATH | O_DIRECTORY | O_CLOEXEC);
		char *av[] = { (char *)"@iscsistart", (char *)"--resume-daemon", a1, a2, NULL };

		if (rfd < 0 || fchdir(rfd) < 0 || chroot(".") < 0 || chdir("/") < 0)
			return CHILD_EXEC_FAILED;
		fcntl(h->k.nl.fd, F_SETFD, 0);
		fcntl(pp[1], F_SETFD, 0);
		snprintf(a1, sizeof a1, "%d", mfd);
		snprintf(a2, sizeof a2, "%d", pp[1]);
		execve(RECOVERY_REEXEC_PATH, av, environ);
		return CHILD_EXEC_FAILED;
	}
	close(pp[1]);
	close(mfd);
	if (pid < 0) {
		close(pp[0]);
		return 0;
	}
	pfd.fd = pp[0];
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 5000) == 1 && read(pp[0], ok, 2) == 2 && !memcmp(ok, "OK", 2)) {
		close(pp[0]);
		note_f(&h->note, LOG_INFO, "re-executed from the real root's %s as pid %d: the "
			     "initramfs copy exits", RECOVERY_REEXEC_PATH, pid);
		return 1;
	}
	close(pp[0]);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	note_f(&h->note, LOG_WARN, "the real root's %s did not take over (incompatible "
		     "version?): staying", RECOVERY_REEXEC_PATH);
	return 0;
}

int recovery_sendsigs_follow(const char *path, const char *tmp, int oldpid, int newpid)
{
	char in[512], out[600], *line, *save = NULL;
	size_t o = 0;
	ssize_t n;
	int fd;

	/* no file (root-pin has not run): nothing to follow; 511 bytes or more: leave it */
	if (sysfs_read_raw(path, in, sizeof in - 1) < 0)
		return 0;
	for (line = strtok_r(in, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		uint64_t v;
		int pid = num_u64(line, 1, 4194304, &v) ? 0 : (int)v;

		if (pid == oldpid)
			o += (size_t)snprintf(out + o, sizeof out - o, "%d\n", newpid);
		else
			o += (size_t)snprintf(out + o, sizeof out - o, "%s\n", line);
		if (o >= sizeof out)
			return 0;           /* hostile file: leave it */
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	n = fd < 0 ? -1 : write(fd, out, o);
	if (fd >= 0 && close(fd) < 0)
		n = -1;
	if (n != (ssize_t)o || rename(tmp, path) < 0)
		return errno ? -errno : -EIO;
	return 1;
}

/* ---- the daemon ------------------------------------------------------------ */

static int daemon_loop(struct handoff *h)
{
	struct kiscsi_event e;
	int rc;

	/* Lock what we touch, as we touch it (MCL_ONFAULT, 4.4+): locking the
	 * whole 132 KiB initial stack and every page of the binary would triple
	 * the RSS. The text lives in the initramfs (RAM, never written back), the
	 * buffers were all touched by the login, and the stack depth recovery
	 * needs is touched below, so nothing the daemon needs can be paged out. */
	if (mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) < 0 &&
	    mlockall(MCL_CURRENT | MCL_FUTURE) < 0)
		note_f(&h->note, LOG_WARN, "mlockall: %s", strerror(errno));
	prefault_stack();
	rc = sysfs_write("/proc/self/oom_score_adj", "-1000");
	if (rc)
		note_f(&h->note, LOG_WARN, "cannot set oom_score_adj -1000: %s", strerror(-rc));
	prctl(57 /* PR_SET_IO_FLUSHER */, 1, 0, 0, 0);   /* 5.6+: no reclaim deadlock */
	if (chdir("/") < 0)
		return -errno;
	daemon_t0 = clock_ms();
	if (!reexec_tried && proc_fd < 0)
		proc_fd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	note_f(&h->note, LOG_INFO, "recovery daemon for session %u (host %u, %s) running as pid %d",
		     h->sid, h->host_no, h->cfg.lp.target_name, (int)getpid());
	for (;;) {
		if (got_term)
			return 0;
		/* every 2 s until the switch-root was seen, then every 10 s */
		rc = kiscsi_event(&h->k, &e, reexec_tried ? 10000 : 2000);
		if (rc == -ETIMEDOUT) {
			rc = maybe_reexec(h);
			if (rc)
				return rc == 1 ? 0 : rc;
			if (recovery_iscsid_running()) {
				note_f(&h->note, LOG_INFO, "iscsid is running: it adopts session %u, "
					     "recovery daemon exits", h->sid);
				return 0;
			}
			continue;
		}
		if (rc == -EINTR)
			continue;
		if (rc)
			return rc;
		if (e.sid != h->sid)
			continue;
		switch (e.type) {
		case KISCSI_K_CONN_ERROR: {
			uint64_t t = clock_ms();

			note_f(&h->note, LOG_WARN, "session %u connection %u failed: error %u (%s)",
				     e.sid, e.cid, e.error, recovery_conn_err_name(e.error));
			if (recovery_iscsid_running()) {
				note_f(&h->note, LOG_INFO, "iscsid is running: leaving the recovery to it");
				return 0;
			}
			rc = recovery_reconnect(h, &got_term);
			if (rc == -ESHUTDOWN) {
				note_f(&h->note, LOG_INFO, "session %u was removed, recovery daemon exits",
					     h->sid);
				return 0;
			}
			note_f(&h->note, LOG_INFO, "session %u recovered in %llu ms, I/O resumes", h->sid,
				     (unsigned long long)(clock_ms() - t));
			break;
		}
		case KISCSI_K_DESTROY_SESSION:
		case KISCSI_K_UNBIND_SESSION:
			note_f(&h->note, LOG_INFO, "session %u was %s, recovery daemon exits", h->sid,
				     e.type == KISCSI_K_DESTROY_SESSION ? "destroyed" : "unbound");
			return 0;
		default:
			note_f(&h->note, LOG_DEBUG, "event %u on session %u", e.type, e.sid);
		}
	}
}

/* Run the daemon loop and say on the console why it ended: a recovery
 * daemon that stops silently would leave the root unprotected unnoticed. */
static int daemon_run(struct handoff *h)
{
	int rc = daemon_loop(h);

	if (rc == CHILD_EXEC_FAILED)
		return rc;
	if (got_term)
		note_f(&h->note, LOG_INFO, "recovery daemon for session %u stopped by signal %d",
			     h->sid, got_term);
	else if (rc)
		note_f(&h->note, LOG_ERR, "recovery daemon for session %u failed: %s", h->sid,
			     strerror(-rc));
	return rc;
}

static void on_term(int sig)
{
	got_term = sig;
}

static void daemon_signals(void)
{
	struct sigaction sa = { .sa_handler = on_term };

	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

int recovery_resume(const char *state_fd, const char *ok_fd,
		    void (*note)(void *ctx, int level, const char *msg), void *ctx)
{
	struct handoff *h = handoff_current();
	uint64_t sfd, ofd;
	int so = 0, rc, oldpid, newpid;
	socklen_t sl = sizeof so;

	if (num_u64(state_fd, 0, 1023, &sfd) || num_u64(ok_fd, 0, 1023, &ofd))
		return -EINVAL;
	rc = recovery_state_load(h, (int)sfd);
	h->note.fn = note;
	h->note.ctx = ctx;
	if (rc == -EPROTO)
		note_f(&h->note, LOG_ERR, "--resume-daemon: state is not from this version of "
			     "iscsistart");
	if (rc)
		return -EPROTO;
	close((int)sfd);
	log_secret(h->cfg.lp.chap_secret);
	log_secret(h->cfg.lp.chap_in_secret);
	if (getsockopt(h->k.nl.fd, SOL_SOCKET, SO_PROTOCOL, &so, &sl) < 0 || so != NETLINK_ISCSI)
		return -EPROTO;
	fcntl(h->k.nl.fd, F_SETFD, FD_CLOEXEC);
	reexec_tried = 1;
	daemon_signals();
	/* the old daemon is our parent until it reads OK and exits: ask first */
	oldpid = (int)getppid();
	newpid = (int)getpid();
	if (write((int)ofd, "OK", 2) != 2)
		return -EIO;
	close((int)ofd);
	rc = recovery_sendsigs_follow(RECOVERY_SENDSIGS, RECOVERY_SENDSIGS ".new", oldpid, newpid);
	if (rc < 0)
		note_f(&h->note, LOG_WARN, "cannot update %s with pid %d: %s", RECOVERY_SENDSIGS,
			     newpid, strerror(-rc));
	else if (rc)
		note_f(&h->note, LOG_INFO, "%s now lists pid %d (was %d)", RECOVERY_SENDSIGS,
			     newpid, oldpid);
	rc = daemon_run(h);
	return rc == CHILD_EXEC_FAILED ? 0 : rc;
}

int recovery_start(struct handoff *h, int argc, char **argv, int *code)
{
	int pid = daemon_fork();

	if (pid != 0)
		return pid;
	daemon_rename(argc, argv, "@iscsistart", DAEMON_ALL);
	daemon_detach(1);
	daemon_signals();
	*code = daemon_run(h) == CHILD_EXEC_FAILED ? 127 : 0;
	return 0;
}
