/* tiny — smaller stand-ins for C library functions in the static helpers.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Built with ISCSIROOT_TINY_LIBC (the musl static builds), where
 * libiscsiroot.a is searched before libc.a, so these definitions win: musl's
 * strstr (two-way, 1.3 KiB) and strerror (every errno's text, 2.2 KiB) are
 * more than helpers need that search short strings and meet a few dozen
 * errno values; the others below are listed where they are defined.
 * The messages are the usual ones, so a console reads as it would with libc;
 * an errno not listed prints as "error N", never as an empty string.
 *
 * With TINY_TEST defined instead (tests/unit/tiny_test.c and
 * tests/fuzz/tiny_fuzz.c include this file under glibc), every function is
 * named tiny_<name> and calls the other stand-ins by that name, so the tests
 * compare each with the C library's on the same inputs.
 */
#if defined ISCSIROOT_TINY_LIBC || defined TINY_TEST
#ifdef TINY_TEST
#define TINY(f) tiny_##f
#else
#define TINY(f) f
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>

#include "tiny.h"

/* musl's getenv and strchr (over strchrnul), atoi, strcpy (over stpcpy),
 * strlen (word at a time), strncmp, nanosleep (over clock_nanosleep),
 * strnlen (over memchr), fchmod (with its /proc/self/fd fallback for O_PATH
 * descriptors), open and recvmsg (cancellation points; recvmsg also
 * copies the header to clear its padding) and socket (with its fallback for
 * kernels older than 2.6.27) are several times the size of what the helpers
 * need from them. */
char *TINY(getenv)(const char *name)
{
	size_t l = TINY(strlen)(name);
	char **e;

	for (e = environ; e && *e; e++)
		if (!TINY(strncmp)(*e, name, l) && (*e)[l] == '=')
			return *e + l + 1;
	return NULL;
}

/* a value out of int's range wraps (modulo 2^32) instead of overflowing */
int TINY(atoi)(const char *s)
{
	unsigned v = 0;
	int neg = 0;

	while (*s == ' ' || (unsigned)(*s - '\t') < 5)
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	while ((unsigned)(*s - '0') < 10)
		v = v * 10 + (unsigned)(*s++ - '0');
	return (int)(neg ? 0u - v : v);
}

char *TINY(strchr)(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

int TINY(strncmp)(const char *a, const char *b, size_t n)
{
	for (; n && *a && *a == *b; n--, a++, b++)
		;
	return n ? (unsigned char)*a - (unsigned char)*b : 0;
}

int TINY(strcmp)(const char *a, const char *b)
{
	for (; *a && *a == *b; a++, b++)
		;
	return (unsigned char)*a - (unsigned char)*b;
}

int TINY(memcmp)(const void *p, const void *q, size_t n)
{
	const unsigned char *a = p, *b = q;

	for (; n && *a == *b; n--, a++, b++)
		;
	return n ? *a - *b : 0;
}

size_t TINY(strlen)(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

int TINY(nanosleep)(const struct timespec *req, struct timespec *rem)
{
	return (int)syscall(SYS_nanosleep, req, rem);
}

size_t TINY(strnlen)(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int TINY(open)(const char *path, int flags, ...)
{
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(ap, int) : 0;
	va_end(ap);
	return TINY(openat)(AT_FDCWD, path, flags, mode);
}

int TINY(socket)(int domain, int type, int protocol)
{
	return (int)syscall(SYS_socket, domain, type, protocol);
}

ssize_t TINY(recvmsg)(int fd, struct msghdr *msg, int flags)
{
#if defined ISCSIROOT_TINY_LIBC && LONG_MAX > INT_MAX
	/* musl pads msg_iovlen and msg_controllen to the kernel's size_t */
	msg->__pad1 = msg->__pad2 = 0;
#endif
	return syscall(SYS_recvmsg, fd, msg, flags);
}

char *TINY(strcpy)(char *restrict d, const char *restrict s)
{
	return memcpy(d, s, TINY(strlen)(s) + 1);
}

int TINY(fchmod)(int fd, mode_t mode)
{
	return (int)syscall(SYS_fchmod, fd, mode);
}

char *TINY(strstr)(const char *h, const char *n)
{
	size_t nl = TINY(strlen)(n);

	for (; *h; h++)
		if (!TINY(strncmp)(h, n, nl))
			return (char *)h;
	return nl ? NULL : (char *)h;
}

/* getcwd into the caller's buffer only: musl's also allocates one when
 * given NULL, which pulls strdup, malloc and mmap (1.2 KiB) into the binary */
char *TINY(getcwd)(char *buf, size_t size)
{
	long r = syscall(SYS_getcwd, buf, size);

	if (r < 0)
		return NULL;
	if (r == 0 || buf[0] != '/') {
		errno = ENOENT;
		return NULL;
	}
	return buf;
}

/* fork without musl's atfork handlers and the thread, stdio and malloc
 * locks around them (2 KiB with the rwlock code they pull in): the helpers
 * run one thread, register no atfork handler and use no stdio or malloc.
 * _Fork still gives the child its own thread id. */
pid_t TINY(fork)(void)
{
	return _Fork();
}

/* the helpers only set and read descriptor and status flags (F_GETFL,
 * F_SETFL, F_SETFD); musl's fcntl also translates locks and owners */
int TINY(fcntl)(int fd, int cmd, ...)
{
	va_list ap;
	unsigned long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, unsigned long);
	va_end(ap);
	return (int)syscall(SYS_fcntl, fd, cmd, arg);
}

#if defined __x86_64__ || defined __aarch64__
/* there musl's struct stat is the kernel's, so no statx or fstat64
 * fallbacks are needed */
int TINY(fstatat)(int fd, const char *restrict path, struct stat *restrict st, int flag)
{
	return (int)syscall(SYS_newfstatat, fd, path, st, flag);
}

int TINY(stat)(const char *restrict path, struct stat *restrict st)
{
	return TINY(fstatat)(AT_FDCWD, path, st, 0);
}

int TINY(lstat)(const char *restrict path, struct stat *restrict st)
{
	return TINY(fstatat)(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}
#endif

/* byte loops instead of musl's word-at-a-time memchr, strspn, strcspn
 * (with strchrnul and a memset of a bitmap) and strrchr: the helpers scan
 * strings of a few hundred bytes */
void *TINY(memchr)(const void *p, int c, size_t n)
{
	const unsigned char *s = p;

	for (; n; n--, s++)
		if (*s == (unsigned char)c)
			return (void *)s;
	return NULL;
}

size_t TINY(strspn)(const char *s, const char *set)
{
	size_t n = 0;

	while (s[n] && TINY(strchr)(set, s[n]))
		n++;
	return n;
}

size_t TINY(strcspn)(const char *s, const char *set)
{
	size_t n = 0;

	while (s[n] && !TINY(strchr)(set, s[n]))
		n++;
	return n;
}

char *TINY(strrchr)(const char *s, int c)
{
	const char *r = NULL;

	do
		if (*s == (char)c)
			r = s;
	while (*s++);
	return (char *)r;
}

/* the interface index by name: musl's copy truncates a long name with
 * strncpy (and so brings stpncpy); this one refuses it */
unsigned TINY(if_nametoindex)(const char *name)
{
	struct ifreq ifr;
	size_t n = TINY(strlen)(name);
	int fd, r;

	if (n >= sizeof ifr.ifr_name) {
		errno = ENODEV;
		return 0;
	}
	memset(&ifr, 0, sizeof ifr);
	memcpy(ifr.ifr_name, name, n);
	fd = TINY(socket)(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	r = TINY(ioctl)(fd, SIOCGIFINDEX, &ifr);
	close(fd);
	return r < 0 ? 0 : (unsigned)ifr.ifr_ifindex;
}

#if defined __x86_64__
/* syscall(2) in 40 bytes of assembly (musl's, in C, is 134 and brings in
 * __stack_chk_fail): the number and six argument words moved to the kernel's
 * registers, errno set from a -4095..-1 result */
#ifdef TINY_TEST
#define SYSCALL_NAME "tiny_syscall"
#else
#define SYSCALL_NAME "syscall"
#endif
__asm__(".pushsection .text." SYSCALL_NAME ",\"ax\",@progbits\n"
	".globl " SYSCALL_NAME "\n.type " SYSCALL_NAME ",@function\n" SYSCALL_NAME ":\n"
	"\tmov %rdi, %rax\n\tmov %rsi, %rdi\n\tmov %rdx, %rsi\n\tmov %rcx, %rdx\n"
	"\tmov %r8, %r10\n\tmov %r9, %r8\n\tmov 8(%rsp), %r9\n\tsyscall\n"
	"\tcmp $-4095, %rax\n\tjae 1f\n\tret\n"
	"1:\tneg %rax\n\tpush %rax\n\tcall __errno_location\n\tpop %rcx\n"
	"\tmov %ecx, (%rax)\n\tor $-1, %rax\n\tret\n"
	".size " SYSCALL_NAME ", .-" SYSCALL_NAME "\n.popsection");

/* sigaction and signal as the bare system call (musl's pair is 0.8 KiB with
 * its implementation-signal and abort locking): the helpers only ignore
 * signals or set a plain handler, in one thread. The kernel returns from a
 * handler through the restorer: rt_sigreturn (15 on x86_64). */
void tiny_restore_rt(void);
__asm__(".pushsection .text.tiny_restore_rt,\"ax\",@progbits\n"
	".globl tiny_restore_rt\n.hidden tiny_restore_rt\ntiny_restore_rt:\n\tmov $15, %eax\n\tsyscall\n"
	".popsection");

#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000          /* the kernel's; glibc hides it */
#endif

struct ksigaction {                     /* the kernel's struct sigaction */
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

int TINY(sigaction)(int sig, const struct sigaction *restrict sa, struct sigaction *restrict old)
{
	struct ksigaction k, ko;
	int r;

	if (sa) {
		k.handler = sa->sa_handler;
		k.flags = (unsigned long)sa->sa_flags | SA_RESTORER;
		k.restorer = tiny_restore_rt;
		memcpy(&k.mask, &sa->sa_mask, sizeof k.mask);
	}
	r = (int)syscall(SYS_rt_sigaction, sig, sa ? &k : NULL, old ? &ko : NULL, sizeof k.mask);
	if (r == 0 && old) {
		memset(old, 0, sizeof *old);
		old->sa_handler = ko.handler;
		old->sa_flags = (int)ko.flags;
		memcpy(&old->sa_mask, &ko.mask, sizeof ko.mask);
	}
	return r;
}

void (*TINY(signal)(int sig, void (*h)(int)))(int)
{
	struct sigaction sa = { .sa_handler = h, .sa_flags = SA_RESTART }, old;

	return TINY(sigaction)(sig, &sa, &old) < 0 ? SIG_ERR : old.sa_handler;
}
#endif

/* more bare system calls: musl's versions add fallbacks for old kernels
 * (pipe2, fchdir via /proc/self/fd), time64 ioctl translation or
 * cancellation (openat) that the helpers never need */
int TINY(pipe2)(int fd[2], int flags)
{
	return (int)syscall(SYS_pipe2, fd, flags);
}

int TINY(fchdir)(int fd)
{
	return (int)syscall(SYS_fchdir, fd);
}

/* musl's readlink also turns a zero-size buffer into a one-byte one */
ssize_t TINY(readlink)(const char *restrict path, char *restrict buf, size_t size)
{
	return syscall(SYS_readlinkat, AT_FDCWD, path, buf, size);
}

/* I/O and socket calls as the bare system call: musl's go through its
 * thread-cancellation entry (__syscall_cp), twice the size, for threads the
 * helpers do not have. Each behaves as musl's otherwise (close: EINTR is
 * success, the descriptor is gone; dup2: EBUSY is retried). */
ssize_t TINY(read)(int fd, void *buf, size_t n)
{
	return syscall(SYS_read, (long)fd, buf, n);
}

ssize_t TINY(write)(int fd, const void *buf, size_t n)
{
	return syscall(SYS_write, (long)fd, buf, n);
}

int TINY(close)(int fd)
{
	int r = (int)syscall(SYS_close, (long)fd);

	return r && errno == EINTR ? 0 : r;
}

int TINY(fsync)(int fd)
{
	return (int)syscall(SYS_fsync, (long)fd);
}

pid_t TINY(waitpid)(pid_t pid, int *status, int options)
{
	return (pid_t)syscall(SYS_wait4, (long)pid, status, (long)options, 0L);
}

int TINY(kill)(pid_t pid, int sig)
{
	return (int)syscall(SYS_kill, (long)pid, (long)sig);
}

#ifdef SYS_poll
int TINY(poll)(struct pollfd *fds, nfds_t n, int timeout)
{
	return (int)syscall(SYS_poll, fds, n, (long)timeout);
}
#endif

#ifdef SYS_dup2
int TINY(dup2)(int old, int new)
{
	int r;

	while ((r = (int)syscall(SYS_dup2, (long)old, (long)new)) < 0 && errno == EBUSY)
		;
	return r;
}
#endif

int TINY(connect)(int fd, const struct sockaddr *a, socklen_t len)
{
	return (int)syscall(SYS_connect, (long)fd, a, (long)len);
}

int TINY(bind)(int fd, const struct sockaddr *a, socklen_t len)
{
	return (int)syscall(SYS_bind, (long)fd, a, (long)len);
}

int TINY(getsockname)(int fd, struct sockaddr *restrict a, socklen_t *restrict len)
{
	return (int)syscall(SYS_getsockname, (long)fd, a, len);
}

ssize_t TINY(sendto)(int fd, const void *buf, size_t n, int flags, const struct sockaddr *a, socklen_t len)
{
	return syscall(SYS_sendto, (long)fd, buf, n, (long)flags, a, (long)len);
}

ssize_t TINY(recvfrom)(int fd, void *restrict buf, size_t n, int flags, struct sockaddr *restrict a,
		       socklen_t *restrict len)
{
	return syscall(SYS_recvfrom, (long)fd, buf, n, (long)flags, a, len);
}

int TINY(setsockopt)(int fd, int level, int name, const void *v, socklen_t len)
{
	return (int)syscall(SYS_setsockopt, (long)fd, (long)level, (long)name, v, (long)len);
}

int TINY(getsockopt)(int fd, int level, int name, void *restrict v, socklen_t *restrict len)
{
	return (int)syscall(SYS_getsockopt, (long)fd, (long)level, (long)name, v, len);
}

ssize_t TINY(getrandom)(void *buf, size_t n, unsigned flags)
{
	return syscall(SYS_getrandom, buf, n, (long)flags);
}

int TINY(openat)(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(ap, int) : 0;
	va_end(ap);
	return (int)syscall(SYS_openat, dirfd, path, flags | O_LARGEFILE, mode);
}

int TINY(ioctl)(int fd, int req, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	return (int)syscall(SYS_ioctl, fd, req, arg);
}

int TINY(prctl)(int op, ...)
{
	va_list ap;
	unsigned long a[4];
	int i;

	va_start(ap, op);
	for (i = 0; i < 4; i++)
		a[i] = va_arg(ap, unsigned long);
	va_end(ap);
	return (int)syscall(SYS_prctl, op, a[0], a[1], a[2], a[3]);
}

int TINY(strcasecmp)(const char *a, const char *b)
{
	int x, y;

	do {
		x = (unsigned char)*a++;
		y = (unsigned char)*b++;
		x += (unsigned)(x - 'A') < 26 ? 32 : 0;
		y += (unsigned)(y - 'A') < 26 ? 32 : 0;
	} while (x == y && x);
	return x - y;
}

/* the errno values in codes[] name, in order, the NUL-separated texts
 * (musl's wording; ENOTSUP is EOPNOTSUPP on Linux) */
static const unsigned char codes[] = {
	EPERM, ENOENT, ESRCH, EINTR, EIO, ENXIO,
	E2BIG, EBADF, EAGAIN, ENOMEM, EACCES, EBUSY,
	EEXIST, EXDEV, ENODEV, ENOTDIR, EISDIR, EINVAL,
	EFBIG, ENOSPC, EROFS, EPIPE, ERANGE, ENAMETOOLONG,
	ENOSYS, ELOOP, EBADMSG, EPROTO, EMSGSIZE, EOPNOTSUPP,
	EAFNOSUPPORT, EADDRINUSE, EADDRNOTAVAIL, ENETDOWN, ENETUNREACH, ECONNABORTED,
	ECONNRESET, ENOBUFS, ENOTCONN, ESHUTDOWN, ETIMEDOUT, ECONNREFUSED,
	EHOSTDOWN, EHOSTUNREACH, EALREADY, EINPROGRESS, ENOTSOCK,
};
static const char texts[] =
	"Operation not permitted\0"
	"No such file or directory\0"
	"No such process\0"
	"Interrupted system call\0"
	"I/O error\0"
	"No such device or address\0"
	"Argument list too long\0"
	"Bad file descriptor\0"
	"Resource temporarily unavailable\0"
	"Out of memory\0"
	"Permission denied\0"
	"Resource busy\0"
	"File exists\0"
	"Cross-device link\0"
	"No such device\0"
	"Not a directory\0"
	"Is a directory\0"
	"Invalid argument\0"
	"File too large\0"
	"No space left on device\0"
	"Read-only file system\0"
	"Broken pipe\0"
	"Result not representable\0"
	"Filename too long\0"
	"Function not implemented\0"
	"Symbolic link loop\0"
	"Bad message\0"
	"Protocol error\0"
	"Message too large\0"
	"Not supported\0"
	"Address family not supported by protocol\0"
	"Address in use\0"
	"Address not available\0"
	"Network is down\0"
	"Network unreachable\0"
	"Connection aborted\0"
	"Connection reset by peer\0"
	"No buffer space available\0"
	"Socket not connected\0"
	"Cannot send after socket shutdown\0"
	"Operation timed out\0"
	"Connection refused\0"
	"Host is down\0"
	"Host is unreachable\0"
	"Operation already in progress\0"
	"Operation in progress\0"
	"Not a socket";

char *TINY(strerror)(int e)
{
	static char other[20];          /* "error -2147483648" */
	unsigned i, v;
	const char *t = texts;
	char *p;

	for (i = 0; i < sizeof codes; i++, t += TINY(strlen)(t) + 1)
		if (codes[i] == e)
			return (char *)t;
	p = other + sizeof other - 1;
	*p = 0;
	v = e < 0 ? 0u - (unsigned)e : (unsigned)e;
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	if (e < 0)
		*--p = '-';
	memcpy(p - 6, "error ", 6);
	return p - 6;
}
#endif
