/* err — see err.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "log.h"

void err_fatal(int code, int rc, const char *verb_fmt, ...)
{
	char verb[512];
	va_list ap;

	va_start(ap, verb_fmt);
	vsnprintf(verb, sizeof verb, verb_fmt, ap);
	va_end(ap);
	if (rc)
		log_err("fatal: unable to %s: %s", verb, strerror(rc < 0 ? -rc : rc));
	else
		log_err("fatal: unable to %s", verb);
	exit(code);
}

static void usage_to(int fd, const char *usage)
{
	(void)!write(fd, "usage: ", 7);
	(void)!write(fd, usage, strlen(usage));
	(void)!write(fd, "\n", 1);
}

int err_help(const char *usage)
{
	usage_to(1, usage);
	return EXIT_OK;
}

void err_usage(const char *usage, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	log_err("fatal: %s", msg);
	usage_to(2, usage);
	exit(EXIT_USAGE);
}

#ifdef ISCSIROOT_TINY_LIBC
/* exit without musl's atexit, fini-array and stdio flushing: the helpers
 * register no atexit handler or destructor and use no stdio (here, with the
 * other exits, rather than in tiny.c: lib/ does not exit) */
_Noreturn void exit(int code)
{
	_exit(code);
}
#endif
