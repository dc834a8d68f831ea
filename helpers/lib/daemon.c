/* daemon — see daemon.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "daemon.h"
#include "kv.h"
#include "sysfs.h"

int daemon_fork(void)
{
	pid_t pid;

#if !defined ISCSIROOT_TINY_LIBC
	pid = fork();
#elif defined SYS_fork
	pid = (pid_t)syscall(SYS_fork);
#else
	pid = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
#endif
	return pid < 0 ? -errno : (int)pid;
}

void daemon_detach(int console)
{
	int fd;

	setsid();
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	dup2(fd, 0);                    /* fd < 0: EBADF, nothing changes */
	dup2(fd, 1);
	if (console) {
		int c = open("/dev/console", O_WRONLY | O_NOCTTY | O_CLOEXEC);
		dup2(c < 0 ? fd : c, 2);
		close(c);
	}
	close(fd);
}

/* arg_start/arg_end of /proc/self/stat (fields 48, 49; Linux 3.5+), used if
 * they contain [*start, *end). Bounds: reads at most 1 KiB; fields parsed
 * after the last ')' (the comm field may contain anything). */
static void arg_area(char **start, char **end)
{
	char b[1024], *p;
	unsigned long long v[2] = { 0, 0 };
	int f;

	if (sysfs_read_head("/proc/self/stat", b, sizeof b) <= 0)
		return;
	p = strrchr(b, ')');
	for (f = 2; p && f < 49; f++) {      /* p at the space before field f+1 */
		p = strchr(p + 1, ' ');
		if (p && f + 1 >= 48) {
			const char *q = p + 1;
			unsigned long long x = 0;

			while (*q >= '0' && *q <= '9' && x < (1ull << 60))
				x = x * 10 + (unsigned long long)(*q++ - '0');
			v[f + 1 - 48] = x;
		}
	}
	if (v[0] && v[1] > v[0] && (char *)(uintptr_t)v[0] <= *start &&
	    (char *)(uintptr_t)v[1] >= *end && v[1] - v[0] < 1 << 20) {
		*start = (char *)(uintptr_t)v[0];
		*end = (char *)(uintptr_t)v[1] - 1;   /* keep the final NUL */
	}
}

void daemon_rename(int argc, char **argv, const char *name, int how)
{
	size_t nl = strlen(name);
	char *start, *end;
	int i;

	if (how == DAEMON_ARGV0) {
		size_t ol = strlen(argv[0]);

		if (nl > ol)
			nl = ol;
		memmove(argv[0], name, nl);
		memset(argv[0] + nl, 0, ol - nl);
		return;
	}
	/* the argv strings are one contiguous area: take its bounds from the
	 * kernel, else from the pointers */
	start = end = argv[0];
	for (i = 0; i < argc; i++) {
		if (argv[i] < start)
			start = argv[i];
		if (argv[i] + strlen(argv[i]) > end)
			end = argv[i] + strlen(argv[i]);
	}
	arg_area(&start, &end);
	if ((size_t)(end - start) >= nl) {
		memset(start, 0, (size_t)(end - start));
		memcpy(start, name, nl);
	} else {
		for (i = 0; i < argc; i++)
			memset(argv[i], 0, strlen(argv[i]));
		argv[0][0] = '@';
	}
	prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
}

int daemon_pidfile(const char *path, int pid)
{
	const char *slash = strrchr(path, '/');
	char b[256];
	struct kv_buf f = { b, sizeof b, 0 };

	if (slash && slash != path && (size_t)(slash - path) < sizeof b) {
		memcpy(b, path, (size_t)(slash - path));
		b[slash - path] = 0;
		mkdir(b, 0755);             /* EEXIST; other errors show at the open */
	}
	f.len = (size_t)snprintf(b, sizeof b, "%d\n", pid);
	return kv_save(&f, path, 0644);
}
