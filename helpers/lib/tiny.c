/* tiny — smaller stand-ins for C library functions in the static helpers.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Built only with ISCSIROOT_TINY_LIBC (the musl static builds), where
 * libiscsiroot.a is searched before libc.a, so these definitions win: musl's
 * strstr (two-way, 1.3 KiB) and strerror (every errno's text, 2.2 KiB) are
 * more than helpers need that search short strings and meet a few dozen
 * errno values; the others below are listed where they are defined.
 * The messages are the usual ones, so a console reads as it would with libc;
 * an errno not listed prints as "error N", never as an empty string.
 */
#ifdef ISCSIROOT_TINY_LIBC
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>

/* musl's getenv and strchr (over strchrnul), atoi, strcpy (over stpcpy),
 * strlen (word at a time), strncmp, nanosleep (over clock_nanosleep),
 * strnlen (over memchr), fchmod (with its /proc/self/fd fallback for O_PATH
 * descriptors), open and recvmsg (cancellation points; recvmsg also
 * copies the header to clear its padding) and socket (with its fallback for
 * kernels older than 2.6.27) are several times the size of what the helpers
 * need from them. */
char *getenv(const char *name)
{
	size_t l = strlen(name);
	char **e;

	for (e = environ; e && *e; e++)
		if (!strncmp(*e, name, l) && (*e)[l] == '=')
			return *e + l + 1;
	return NULL;
}

int atoi(const char *s)
{
	int v = 0, neg = 0;

	while (*s == ' ' || (unsigned)(*s - '\t') < 5)
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	while ((unsigned)(*s - '0') < 10)
		v = v * 10 - (*s++ - '0');     /* negative: INT_MIN fits */
	return neg ? v : -v;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n && *a && *a == *b; n--, a++, b++)
		;
	return n ? (unsigned char)*a - (unsigned char)*b : 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	return (int)syscall(SYS_nanosleep, req, rem);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(ap, int) : 0;
	va_end(ap);
	return (int)syscall(SYS_openat, AT_FDCWD, path, flags | O_LARGEFILE, mode);
}

int socket(int domain, int type, int protocol)
{
	return (int)syscall(SYS_socket, domain, type, protocol);
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
#if LONG_MAX > INT_MAX
	/* musl pads msg_iovlen and msg_controllen to the kernel's size_t */
	msg->__pad1 = msg->__pad2 = 0;
#endif
	return syscall(SYS_recvmsg, fd, msg, flags);
}

char *strcpy(char *restrict d, const char *restrict s)
{
	return memcpy(d, s, strlen(s) + 1);
}

int fchmod(int fd, mode_t mode)
{
	return (int)syscall(SYS_fchmod, fd, mode);
}

char *strstr(const char *h, const char *n)
{
	size_t nl = strlen(n);

	for (; *h; h++)
		if (!strncmp(h, n, nl))
			return (char *)h;
	return nl ? NULL : (char *)h;
}

/* the errno values in codes[] name, in order, the NUL-separated texts */
static const unsigned char codes[] = {
	EPERM, ENOENT, ESRCH, EINTR, EIO, ENXIO,
	E2BIG, EBADF, EAGAIN, ENOMEM, EACCES, EBUSY,
	EEXIST, EXDEV, ENODEV, ENOTDIR, EISDIR, EINVAL,
	EFBIG, ENOSPC, EROFS, EPIPE, ERANGE, ENAMETOOLONG,
	ENOSYS, ELOOP, EBADMSG, EPROTO, EMSGSIZE, EOPNOTSUPP,
	EAFNOSUPPORT, EADDRINUSE, EADDRNOTAVAIL, ENETDOWN, ENETUNREACH, ECONNABORTED,
	ECONNRESET, ENOBUFS, ENOTCONN, ESHUTDOWN, ETIMEDOUT, ECONNREFUSED,
	EHOSTDOWN, EHOSTUNREACH, EALREADY, EINPROGRESS, ENOTSOCK, ENOTSUP,
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
	"Temporarily unavailable\0"
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
	"Address family not supported\0"
	"Address in use\0"
	"Address not available\0"
	"Network is down\0"
	"Network unreachable\0"
	"Connection aborted\0"
	"Connection reset by peer\0"
	"No buffer space available\0"
	"Socket not connected\0"
	"Cannot send after shutdown\0"
	"Operation timed out\0"
	"Connection refused\0"
	"Host is down\0"
	"Host is unreachable\0"
	"Operation already in progress\0"
	"Operation in progress\0"
	"Not a socket\0"
	"Not supported\0";

char *strerror(int e)
{
	static char other[16];
	unsigned i, v;
	const char *t = texts;
	char *p;

	for (i = 0; i < sizeof codes; i++, t += strlen(t) + 1)
		if (codes[i] == e)
			return (char *)t;
	p = other + sizeof other - 1;
	*p = 0;
	v = e < 0 ? 0u - (unsigned)e : (unsigned)e;
	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) && p > other + 7);
	if (e < 0)
		*--p = '-';
	memcpy(p - 6, "error ", 6);
	return p - 6;
}
#endif
