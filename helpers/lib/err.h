/* err — fatal and usage exits with the fixed codes of DESIGN §3.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Only the helpers call these; lib functions return 0 or -errno instead.
 */
#ifndef ISCSIROOT_ERR_H
#define ISCSIROOT_ERR_H
#include <errno.h>
#include <string.h>
#include <unistd.h>

enum {
	EXIT_OK = 0,
	EXIT_NEGATIVE = 1,   /* a negative answer: nothing found, check failed */
	EXIT_TIMEOUT = 99,
	EXIT_USAGE = 100,
	EXIT_SYSTEM = 111,   /* system call or network failure */
};

/* "iscsiroot: <helper>: fatal: unable to <verb>: <strerror(-rc)>", exit(code).
 * rc is a negative errno as returned by lib functions (or 0: no reason). */
_Noreturn void err_fatal(int code, int rc, const char *verb_fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "usage: <usage>\n" on standard output (-h, --help); returns EXIT_OK. */
int err_help(const char *usage);
/* "iscsiroot: <helper>: fatal: <message>", then "usage: <usage>", exit 100. */
_Noreturn void err_usage(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
