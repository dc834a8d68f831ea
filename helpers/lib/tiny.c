/* tiny — smaller stand-ins for two C library functions in the static helpers.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Built only with ISCSIROOT_TINY_LIBC (the musl static builds): musl's strstr
 * (two-way, 1.3 KiB) and strerror (every errno's text, 2.2 KiB) are more than
 * helpers need that search short strings and meet a few dozen errno values.
 * The messages are the usual ones, so a console reads as it would with libc;
 * an errno not listed prints as "error N", never as an empty string.
 */
#ifdef ISCSIROOT_TINY_LIBC
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>

/* musl's getenv (with strchrnul), atoi, strcpy (over stpcpy) and fchmod (with
 * its /proc/self/fd fallback for O_PATH descriptors, which no helper uses)
 * are several times the size of what the helpers need from them. */
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

static const struct { unsigned char e; char msg[31]; } msgs[] = {
	{ EPERM, "Operation not permitted" }, { ENOENT, "No such file or directory" },
	{ ESRCH, "No such process" }, { EINTR, "Interrupted system call" },
	{ EIO, "I/O error" }, { ENXIO, "No such device or address" },
	{ E2BIG, "Argument list too long" }, { EBADF, "Bad file descriptor" },
	{ EAGAIN, "Temporarily unavailable" }, { ENOMEM, "Out of memory" },
	{ EACCES, "Permission denied" }, { EBUSY, "Resource busy" },
	{ EEXIST, "File exists" }, { EXDEV, "Cross-device link" },
	{ ENODEV, "No such device" }, { ENOTDIR, "Not a directory" },
	{ EISDIR, "Is a directory" }, { EINVAL, "Invalid argument" },
	{ EFBIG, "File too large" }, { ENOSPC, "No space left on device" },
	{ EROFS, "Read-only file system" }, { EPIPE, "Broken pipe" },
	{ ERANGE, "Result not representable" }, { ENAMETOOLONG, "Filename too long" },
	{ ENOSYS, "Function not implemented" }, { ELOOP, "Symbolic link loop" },
	{ EBADMSG, "Bad message" }, { EPROTO, "Protocol error" },
	{ EMSGSIZE, "Message too large" }, { EOPNOTSUPP, "Not supported" },
	{ EAFNOSUPPORT, "Address family not supported" }, { EADDRINUSE, "Address in use" },
	{ EADDRNOTAVAIL, "Address not available" }, { ENETDOWN, "Network is down" },
	{ ENETUNREACH, "Network unreachable" }, { ECONNABORTED, "Connection aborted" },
	{ ECONNRESET, "Connection reset by peer" }, { ENOBUFS, "No buffer space available" },
	{ ENOTCONN, "Socket not connected" }, { ESHUTDOWN, "Cannot send after shutdown" },
	{ ETIMEDOUT, "Operation timed out" }, { ECONNREFUSED, "Connection refused" },
	{ EHOSTDOWN, "Host is down" }, { EHOSTUNREACH, "Host is unreachable" },
	{ EALREADY, "Operation already in progress" }, { EINPROGRESS, "Operation in progress" },
	{ ENOTSOCK, "Not a socket" }, { ENOTSUP, "Not supported" },
};

char *strerror(int e)
{
	static char other[16];
	unsigned i, v;
	char *p;

	for (i = 0; i < sizeof msgs / sizeof *msgs; i++)
		if (msgs[i].e == e)
			return (char *)msgs[i].msg;
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
