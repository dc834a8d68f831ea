/* daemon: argv renaming in place (both forms), pid file, fork and detach.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "daemon.h"
#include "test.h"

/* Lay out NUL-separated strings s (total len bytes) in buf as the kernel
 * does, argv pointing at each; returns argc. */
static int mkargv(char *buf, const char *s, size_t len, char **argv)
{
	int n = 0;
	size_t i;

	memcpy(buf, s, len);
	argv[n++] = buf;
	for (i = 0; i + 1 < len; i++)
		if (!buf[i])
			argv[n++] = buf + i + 1;
	argv[n] = NULL;
	return n;
}

static int all_zero(const char *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

static void rename_tests(void)
{
	static const struct {
		const char *args; size_t len;      /* NUL-separated, last NUL included */
		const char *name; int how;
		const char *want; size_t wlen;     /* the whole area afterwards */
	} t[] = {
#define S(x) x, sizeof(x)
		/* the whole area: a secret given on the command line disappears */
		{ S("/usr/lib/iscsiroot/iscsistart\0-u\0user\0-w\0secret"), "@iscsistart", DAEMON_ALL,
		  S("@iscsistart") },
		{ S("iscsistart\0--cmdline"), "@iscsistart", DAEMON_ALL, S("@iscsistart") },
		/* too short for the name: everything cleared, argv[0] becomes "@" */
		{ S("is\0-b"), "@iscsistart", DAEMON_ALL, S("@") },
		/* argv[0] only: started as /sbin/@ipconfig, the arguments stay */
		{ S("/sbin/@ipconfig\0-t\0""10\0v1"), NULL, DAEMON_ARGV0, S("@ipconfig\0\0\0\0\0\0\0-t\0""10\0v1") },
		{ S("@ipconfig\0v1"), NULL, DAEMON_ARGV0, S("@ipconfig\0v1") },
		/* a name longer than argv[0] is cut to its length */
		{ S("abc\0x"), "@longname", DAEMON_ARGV0, S("@lo\0x") },
#undef S
	};
	char buf[128], *argv[16];

	for (size_t i = 0; i < NELEM(t); i++) {
		int argc = mkargv(buf, t[i].args, t[i].len, argv);
		const char *name = t[i].name;
		size_t wl = t[i].wlen;

		if (!name)                             /* the basename, inside argv[0] */
			name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
		daemon_rename(argc, argv, name, t[i].how);
		ok(!memcmp(buf, t[i].want, wl) && all_zero(buf + wl, wl < t[i].len ? t[i].len - wl : 0),
		   "rename %zu: '%s' (%s)", i, t[i].want, t[i].how == DAEMON_ALL ? "all" : "argv0");
	}

	/* getopt permuted the pointers and option parsing cut a string at '=':
	 * the area still goes from the lowest to the highest string end */
	memcpy(buf, "prog\0--key=value\0-x", 20);
	buf[10] = 0;                                   /* "--key" "value" */
	argv[0] = buf; argv[1] = buf + 17; argv[2] = buf + 5; argv[3] = NULL;
	daemon_rename(3, argv, "@p", DAEMON_ALL);
	ok(!memcmp(buf, "@p", 3) && all_zero(buf + 2, 18), "permuted, cut at '=': all of it cleared");

	/* comm follows with DAEMON_ALL */
	{
		char comm[32] = "";
		int fd = open("/proc/self/comm", O_RDONLY);
		ssize_t n = fd >= 0 ? read(fd, comm, sizeof comm - 1) : -1;

		if (fd >= 0)
			close(fd);
		ok(n > 0 && !strncmp(comm, "@p\n", 3), "comm set: '%.*s'", n > 0 ? (int)n - 1 : 0, comm);
	}
}

/* The real argument area, from the kernel's arg_start..arg_end. */
static void real_argv_test(int argc, char **argv)
{
	char b[4096];
	ssize_t n, i;
	int fd;

	daemon_rename(argc, argv, "@daemon_test", DAEMON_ALL);
	fd = open("/proc/self/cmdline", O_RDONLY);
	n = fd >= 0 ? read(fd, b, sizeof b) : -1;
	if (fd >= 0)
		close(fd);
	ok(n >= 13 && !memcmp(b, "@daemon_test", 13), "/proc/self/cmdline starts with @daemon_test");
	for (i = 13; i < n && !b[i]; i++)
		;
	ok(n > 0 && i == n, "the rest of the kernel's argument area is cleared (%zd bytes)", n);
}

static char dir[] = "/tmp/daemon_testXXXXXX";

static void pidfile_tests(void)
{
	char p[128], b[32];
	int fd, rc;
	ssize_t n;

	ok(mkdtemp(dir) != NULL, "temp dir");
	snprintf(p, sizeof p, "%s/iscsiroot/ipconfig-v1.pid", dir);
	rc = daemon_pidfile(p, 123456);
	fd = open(p, O_RDONLY);
	n = fd >= 0 ? read(fd, b, sizeof b) : -1;
	ok(rc == 0 && n == 7 && !memcmp(b, "123456\n", 7), "pid file in a new directory: '123456\\n'");
	if (fd >= 0)
		close(fd);
	rc = daemon_pidfile(p, 7);
	fd = open(p, O_RDONLY);
	n = fd >= 0 ? read(fd, b, sizeof b) : -1;
	ok(rc == 0 && n == 2 && !memcmp(b, "7\n", 2), "rewritten and truncated: '7\\n'");
	if (fd >= 0)
		close(fd);
	unlink(p);
	snprintf(p, sizeof p, "%s/iscsiroot", dir);
	rmdir(p);
	snprintf(p, sizeof p, "%s/no/such/x.pid", dir);
	ok(daemon_pidfile(p, 1) == -ENOENT, "two levels missing: -ENOENT");
	snprintf(p, sizeof p, "%s", dir);
	ok(daemon_pidfile(p, 1) == -EISDIR, "a directory: -EISDIR");
	rmdir(dir);
}

static void fork_detach_tests(void)
{
	struct stat null, st;
	int status = -1, pp[2], pid;

	pid = daemon_fork();
	if (pid == 0)
		_exit(7);
	ok(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	   WEXITSTATUS(status) == 7, "daemon_fork: the child runs and exits 7");

	/* console 0: own session, stdin/stdout on /dev/null, stderr stays */
	stat("/dev/null", &null);
	if (pipe(pp) < 0)
		return;
	pid = daemon_fork();
	if (pid == 0) {
		int bad = 0;

		dup2(pp[1], 2);
		daemon_detach(0);
		if (getsid(0) != getpid())
			bad |= 1;
		if (fstat(0, &st) < 0 || st.st_rdev != null.st_rdev || !S_ISCHR(st.st_mode))
			bad |= 2;
		if (fstat(1, &st) < 0 || st.st_rdev != null.st_rdev || !S_ISCHR(st.st_mode))
			bad |= 4;
		if (fstat(2, &st) < 0 || !S_ISFIFO(st.st_mode))
			bad |= 8;
		daemon_detach(1);       /* stderr: /dev/console, or /dev/null without one */
		if (fstat(2, &st) < 0 || !S_ISCHR(st.st_mode))
			bad |= 16;
		_exit(bad);
	}
	close(pp[1]);
	close(pp[0]);
	status = -1;
	if (pid > 0 && waitpid(pid, &status, 0) != pid)
		status = -1;
	ok(pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "daemon_detach: session, stdin/stdout /dev/null, stderr kept, then the console "
	   "(failed checks: %d)", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int main(int argc, char **argv)
{
	rename_tests();
	pidfile_tests();
	fork_detach_tests();
	real_argv_test(argc, argv);
	return done();
}
