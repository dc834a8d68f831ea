/* tiny: each libc stand-in of tiny.c (compiled here as tiny_<name>) gives
 * what glibc gives on the same inputs; strerror gives musl's texts (the
 * library it replaces).  SPDX-License-Identifier: GPL-2.0-or-later */
#define TINY_TEST
#include "../../helpers/lib/tiny.c"

#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include "test.h"

static int sgn(int v) { return (v > 0) - (v < 0); }

/* musl 1.2's strerror for the errno values tiny.c lists */
static const struct { int e; const char *text; } musl_texts[] = {
	{ 1, "Operation not permitted" },
	{ 2, "No such file or directory" },
	{ 3, "No such process" },
	{ 4, "Interrupted system call" },
	{ 5, "I/O error" },
	{ 6, "No such device or address" },
	{ 7, "Argument list too long" },
	{ 9, "Bad file descriptor" },
	{ 11, "Resource temporarily unavailable" },
	{ 12, "Out of memory" },
	{ 13, "Permission denied" },
	{ 16, "Resource busy" },
	{ 17, "File exists" },
	{ 18, "Cross-device link" },
	{ 19, "No such device" },
	{ 20, "Not a directory" },
	{ 21, "Is a directory" },
	{ 22, "Invalid argument" },
	{ 27, "File too large" },
	{ 28, "No space left on device" },
	{ 30, "Read-only file system" },
	{ 32, "Broken pipe" },
	{ 34, "Result not representable" },
	{ 36, "Filename too long" },
	{ 38, "Function not implemented" },
	{ 40, "Symbolic link loop" },
	{ 71, "Protocol error" },
	{ 74, "Bad message" },
	{ 88, "Not a socket" },
	{ 90, "Message too large" },
	{ 95, "Not supported" },
	{ 97, "Address family not supported by protocol" },
	{ 98, "Address in use" },
	{ 99, "Address not available" },
	{ 100, "Network is down" },
	{ 101, "Network unreachable" },
	{ 103, "Connection aborted" },
	{ 104, "Connection reset by peer" },
	{ 105, "No buffer space available" },
	{ 107, "Socket not connected" },
	{ 108, "Cannot send after socket shutdown" },
	{ 110, "Operation timed out" },
	{ 111, "Connection refused" },
	{ 112, "Host is down" },
	{ 113, "Host is unreachable" },
	{ 114, "Operation already in progress" },
	{ 115, "Operation in progress" },
};

static const char *const strs[] = {
	"", "a", "abc", "abcabc", "aab", "hello world", "ABCdef", "abd", "ab",
	"\x80\xff", "\xff", "a\x80", "iqn.2001-04.com.example:disk1", "::", "1.2.3.4",
	"key=value", "  \t12", "A", "[", "@",
};

static const char *const nums[] = {
	"", "0", "42", "-42", "+7", "  \t\n12", "12abc", "2147483647", "-2147483648",
	"- 5", "0x10", "\v\f\r9", "007", "-0", "+-1", " +", "\x01" "5", "99999",
};

static volatile sig_atomic_t got;
static void on_sig(int s) { got = s; }

int main(void)
{
	size_t i, j;
	char buf[64], buf2[64];
	int fd, p[2], r1, r2;

	/* ---- string functions, every pair of strings ---------------------- */
	for (i = 0; i < NELEM(strs); i++) {
		const char *a = strs[i];
		int c, bad = 0;

		ok(tiny_strlen(a) == strlen(a), "strlen [%s]", a);
		for (j = 0; j < 6; j++)
			bad += tiny_strnlen(a, j) != strnlen(a, j);
		ok(!bad, "strnlen [%s] 0..5", a);
		for (c = -1, bad = 0; c < 300; c++) {
			int cc = c == 299 ? 0x180 + 'a' : c;   /* converted to char */

			bad += tiny_strchr(a, cc) != strchr(a, cc);
			bad += tiny_strrchr(a, cc) != strrchr(a, cc);
			bad += tiny_memchr(a, cc, strlen(a) + 1) != memchr(a, cc, strlen(a) + 1);
		}
		ok(!bad, "strchr, strrchr, memchr [%s], every c", a);
		ok(strcmp(tiny_strcpy(buf, a), a) == 0 && tiny_strcpy(buf2, a) == buf2, "strcpy [%s]", a);
		for (j = 0, bad = 0; j < NELEM(strs); j++) {
			const char *b = strs[j];
			size_t n;

			bad += tiny_strstr(a, b) != strstr(a, b);
			bad += tiny_strspn(a, b) != strspn(a, b);
			bad += tiny_strcspn(a, b) != strcspn(a, b);
			bad += sgn(tiny_strcasecmp(a, b)) != sgn(strcasecmp(a, b));
			bad += sgn(tiny_strcmp(a, b)) != sgn(strcmp(a, b));
			for (n = 0; n < 8; n++) {
				bad += sgn(tiny_strncmp(a, b, n)) != sgn(strncmp(a, b, n));
				if (n <= strlen(a) + 1 && n <= strlen(b) + 1)
					bad += sgn(tiny_memcmp(a, b, n)) != sgn(memcmp(a, b, n));
			}
			if (bad) {
				ok(0, "strstr/strspn/strcspn/strcasecmp/strcmp/strncmp/memcmp [%s] [%s]", a, b);
				break;
			}
		}
		ok(!bad, "strstr, strspn, strcspn, strcasecmp, strcmp, strncmp, memcmp [%s] with every string", a);
	}

	/* ---- atoi (in int's range, as glibc's strtol) ------------------------ */
	for (i = 0; i < NELEM(nums); i++)
		ok(tiny_atoi(nums[i]) == atoi(nums[i]), "atoi [%s] = %d (libc %d)", nums[i],
		   tiny_atoi(nums[i]), atoi(nums[i]));
	ok(tiny_atoi("4294967297") == 1 && tiny_atoi("-4294967295") == 1, "atoi wraps out of range");

	/* ---- getenv ---------------------------------------------------------- */
	setenv("TINY_A", "1", 1);
	setenv("TINY_AB", "2", 1);
	setenv("TINY_E", "", 1);
	{
		static const char *const names[] = { "TINY_A", "TINY_AB", "TINY_", "TINY_E", "TINY_ABC", "PATH", "" };

		for (i = 0; i < NELEM(names); i++)
			ok(tiny_getenv(names[i]) == getenv(names[i]), "getenv [%s]", names[i]);
	}

	/* ---- strerror ------------------------------------------------------------ */
	for (i = 0; i < NELEM(musl_texts); i++)
		ok(strcmp(tiny_strerror(musl_texts[i].e), musl_texts[i].text) == 0, "strerror %d [%s]",
		   musl_texts[i].e, tiny_strerror(musl_texts[i].e));
	ok(strcmp(tiny_strerror(EDOM), "error 33") == 0, "strerror unlisted [%s]", tiny_strerror(EDOM));
	ok(strcmp(tiny_strerror(0), "error 0") == 0, "strerror 0");
	ok(strcmp(tiny_strerror(-5), "error -5") == 0, "strerror -5");
	ok(strcmp(tiny_strerror(2147483647), "error 2147483647") == 0, "strerror INT_MAX");
	ok(strcmp(tiny_strerror(-2147483647 - 1), "error -2147483648") == 0, "strerror INT_MIN [%s]",
	   tiny_strerror(-2147483647 - 1));

	/* ---- system calls, against glibc's on the same objects ------------------ */
	{
		struct stat s1, s2;
		char path[] = "/tmp/tiny_test.XXXXXX";

		fd = mkstemp(path);
		ok(fd >= 0 && tiny_fchmod(fd, 0640) == 0 && fstat(fd, &s1) == 0 && (s1.st_mode & 0777) == 0640,
		   "fchmod");
		ok(tiny_stat(path, &s1) == 0 && stat(path, &s2) == 0 && s1.st_ino == s2.st_ino &&
		   s1.st_mode == s2.st_mode && s1.st_size == s2.st_size, "stat");
		ok(tiny_lstat("/proc/self", &s1) == 0 && lstat("/proc/self", &s2) == 0 && S_ISLNK(s1.st_mode) &&
		   s1.st_ino == s2.st_ino, "lstat does not follow");
		ok(tiny_fstatat(AT_FDCWD, "/nonexistent", &s1, 0) == -1 && errno == ENOENT, "fstatat ENOENT");
		r1 = tiny_open(path, O_RDWR | O_APPEND);
		ok(r1 >= 0 && write(r1, "xy", 2) == 2, "open");
		ok(tiny_fcntl(r1, F_GETFL) == fcntl(r1, F_GETFL) && (tiny_fcntl(r1, F_GETFL) & O_APPEND), "fcntl F_GETFL");
		ok(tiny_fcntl(r1, F_SETFD, FD_CLOEXEC) == 0 && fcntl(r1, F_GETFD) == FD_CLOEXEC, "fcntl F_SETFD");
		close(r1);
		r1 = tiny_open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
		ok(r1 == -1 && errno == EEXIST, "open O_CREAT|O_EXCL on an existing file");
		r1 = tiny_openat(AT_FDCWD, "/tmp", O_RDONLY | O_DIRECTORY);
		r2 = tiny_openat(r1, path + 5, O_RDONLY);
		ok(r2 >= 0 && read(r2, buf, 2) == 2 && !memcmp(buf, "xy", 2), "openat relative to a directory");
		close(r2);
		ok(tiny_fchdir(r1) == 0 && getcwd(buf, sizeof buf) && strcmp(buf, "/tmp") == 0, "fchdir");
		close(r1);
		{
			char c1[64];

			ok(tiny_getcwd(c1, sizeof c1) == c1 && strcmp(c1, "/tmp") == 0, "getcwd");
			errno = 0;
			ok(tiny_getcwd(c1, 4) == NULL && errno == ERANGE && getcwd(c1, 4) == NULL, "getcwd ERANGE");
		}
		close(fd);
		unlink(path);
	}
	{
		char l1[256], l2[256];
		ssize_t n1 = tiny_readlink("/proc/self/exe", l1, sizeof l1), n2 = readlink("/proc/self/exe", l2, sizeof l2);

		ok(n1 > 0 && n1 == n2 && !memcmp(l1, l2, (size_t)n1), "readlink");
		ok(tiny_readlink("/proc/self/exe", l1, 3) == 3 && !memcmp(l1, l2, 3), "readlink cut to the buffer");
		errno = 0;
		ok(tiny_readlink("/nonexistent", l1, sizeof l1) == -1 && errno == ENOENT, "readlink ENOENT");
		errno = 0;
		ok(tiny_readlink("/tmp", l1, sizeof l1) == -1 && errno == EINVAL, "readlink of a non-link: EINVAL");
	}
	/* ---- I/O and socket calls, against glibc's on the same descriptors ------- */
	{
		int q[2], sv[2], st, one = 1, opt = 0;
		socklen_t sl = sizeof opt;
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) }, b;
		struct pollfd pf;
		char path[] = "/tmp/tiny_io.XXXXXX";
		pid_t pid;

		ok(pipe(q) == 0 && tiny_write(q[1], "abc", 3) == 3 && tiny_read(q[0], buf, 8) == 3 &&
		   !memcmp(buf, "abc", 3), "write, read over a pipe");
		pf.fd = q[0];
		pf.events = POLLIN;
		ok(tiny_poll(&pf, 1, 0) == 0, "poll: nothing to read");
		ok(tiny_write(q[1], "d", 1) == 1 && tiny_poll(&pf, 1, 1000) == 1 && (pf.revents & POLLIN),
		   "poll: readable");
		ok(tiny_dup2(q[0], 100) == 100 && tiny_read(100, buf, 8) == 1 && buf[0] == 'd', "dup2");
		ok(tiny_close(100) == 0 && fcntl(100, F_GETFD) == -1, "close");
		errno = 0;
		ok(tiny_close(100) == -1 && errno == EBADF, "close twice: EBADF");
		errno = 0;
		ok(tiny_read(-1, buf, 1) == -1 && errno == EBADF, "read -1: EBADF");
		tiny_close(q[0]);
		tiny_close(q[1]);
		fd = mkstemp(path);
		ok(fd >= 0 && tiny_fsync(fd) == 0, "fsync");
		close(fd);
		unlink(path);

		memset(buf, 0, 16);
		ok(tiny_getrandom(buf, 16, 0) == 16 && memcmp(buf, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16),
		   "getrandom");
		ok(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0 && tiny_sendto(sv[0], "ping", 4, 0, NULL, 0) == 4 &&
		   tiny_recvfrom(sv[1], buf, sizeof buf, 0, NULL, NULL) == 4 && !memcmp(buf, "ping", 4),
		   "sendto, recvfrom on a socket pair");
		errno = 0;
		ok(tiny_recvfrom(sv[1], buf, sizeof buf, MSG_DONTWAIT, NULL, NULL) == -1 && errno == EAGAIN,
		   "recvfrom MSG_DONTWAIT: EAGAIN");
		close(sv[0]);
		close(sv[1]);

		fd = socket(AF_INET, SOCK_DGRAM, 0);
		ok(tiny_setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0 &&
		   tiny_getsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &opt, &sl) == 0 && opt == 1 && sl == sizeof opt,
		   "setsockopt, getsockopt");
		ok(tiny_bind(fd, (struct sockaddr *)&a, sizeof a) == 0, "bind");
		sl = sizeof b;
		ok(tiny_getsockname(fd, (struct sockaddr *)&b, &sl) == 0 && b.sin_port != 0 &&
		   b.sin_addr.s_addr == a.sin_addr.s_addr, "getsockname");
		r1 = socket(AF_INET, SOCK_DGRAM, 0);
		ok(tiny_connect(r1, (struct sockaddr *)&b, sizeof b) == 0 && send(r1, "x", 1, 0) == 1 &&
		   tiny_recvfrom(fd, buf, sizeof buf, 0, NULL, NULL) == 1, "connect");
		close(r1);
		close(fd);

		pid = fork();
		if (pid == 0) {
			pause();
			_exit(0);
		}
		ok(pid > 0 && tiny_kill(pid, 0) == 0 && tiny_waitpid(pid, &st, WNOHANG) == 0, "kill 0, waitpid WNOHANG");
		ok(tiny_kill(pid, SIGKILL) == 0 && tiny_waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) &&
		   WTERMSIG(st) == SIGKILL, "kill, waitpid");
		errno = 0;
		ok(tiny_waitpid(pid, &st, 0) == -1 && errno == ECHILD, "waitpid: ECHILD");
	}
#if defined __x86_64__
	ok(tiny_syscall(SYS_getpid) == getpid(), "syscall getpid");
	errno = 0;
	ok(tiny_syscall(SYS_close, -1L) == -1 && errno == EBADF, "syscall error: -1 and errno");
	{
		struct timespec ts = { 0, 0 };

		ok(tiny_syscall(SYS_clock_gettime, (long)CLOCK_MONOTONIC, &ts) == 0 && ts.tv_sec + ts.tv_nsec > 0,
		   "syscall with two arguments");
		ok(tiny_syscall(SYS_pread64, -1L, (long)buf, 1L, 0L) == -1 && errno == EBADF,
		   "syscall with four arguments");
	}
#endif
	ok(tiny_pipe2(p, O_CLOEXEC) == 0 && fcntl(p[0], F_GETFD) == FD_CLOEXEC && write(p[1], "z", 1) == 1 &&
	   read(p[0], buf, 1) == 1 && buf[0] == 'z', "pipe2");
	{
		struct msghdr m;
		struct iovec io = { buf, sizeof buf };
		int sv[2];

		ok(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0 && send(sv[0], "ping", 4, 0) == 4, "socketpair");
		memset(&m, 0, sizeof m);
		m.msg_iov = &io;
		m.msg_iovlen = 1;
		ok(tiny_recvmsg(sv[1], &m, 0) == 4 && !memcmp(buf, "ping", 4), "recvmsg");
		close(sv[0]);
		close(sv[1]);
	}
	fd = tiny_socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ok(fd >= 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC, "socket");
	{
		int v = 0;

		ok(tiny_ioctl(fd, FIONREAD, &v) == 0 && v == 0, "ioctl FIONREAD");
	}
	close(fd);
	ok(tiny_if_nametoindex("lo") == if_nametoindex("lo") && tiny_if_nametoindex("lo") > 0, "if_nametoindex lo");
	errno = 0;
	ok(tiny_if_nametoindex("nonexistent0") == 0 && errno == ENODEV, "if_nametoindex unknown: ENODEV");
	errno = 0;
	ok(tiny_if_nametoindex("0123456789abcdef") == 0 && errno == ENODEV, "if_nametoindex too long: ENODEV");
	{
		struct timespec ts = { 0, 1000000 };

		ok(tiny_nanosleep(&ts, NULL) == 0, "nanosleep");
	}
	ok(tiny_prctl(PR_SET_NAME, (unsigned long)"tinytest", 0ul, 0ul, 0ul) == 0 &&
	   prctl(PR_GET_NAME, (unsigned long)buf, 0ul, 0ul, 0ul) == 0 && strcmp(buf, "tinytest") == 0, "prctl");
	{
		struct sigaction sa, old;

		ok(tiny_signal(SIGUSR1, on_sig) == SIG_DFL, "signal returns the old handler");
		got = 0;
		kill(getpid(), SIGUSR1);
		ok(got == SIGUSR1, "handler ran and returned through the restorer");
		ok(tiny_sigaction(SIGUSR1, NULL, &old) == 0 && old.sa_handler == on_sig &&
		   (old.sa_flags & SA_RESTART), "sigaction reads the handler back");
		ok(sigaction(SIGUSR1, NULL, &sa) == 0 && sa.sa_handler == on_sig, "glibc sees the same handler");
		ok(tiny_signal(SIGUSR1, SIG_IGN) == on_sig && kill(getpid(), SIGUSR1) == 0, "SIG_IGN");
		ok(tiny_signal(SIGUSR1, SIG_DFL) == SIG_IGN, "back to SIG_DFL");
	}
	{
		pid_t pid = tiny_fork();
		int st;

		if (pid == 0)
			_exit(getpid() == (pid_t)syscall(SYS_gettid) ? 7 : 8);
		ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 7,
		   "fork: the child has its own pid");
	}
	return done();
}
