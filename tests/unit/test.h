/* Tiny TAP producer for table-driven unit tests.  SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   ok(cond, "name %d", i);   prints "ok N - name" or "not ok N - name"
 *   return done();           prints the plan, exit status 1 if anything failed
 */
#ifndef ISCSIROOT_TEST_H
#define ISCSIROOT_TEST_H
#include <stdarg.h>
#include <stdio.h>

static int t_n, t_failed;

__attribute__((format(printf, 2, 3), unused))
static int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", ++t_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		t_failed++;
	fflush(stdout);
	return cond;
}

__attribute__((unused)) static int done(void)
{
	printf("1..%d\n", t_n);
	return t_failed != 0;
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#endif
