/* log — see log.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

int log_level = LOG_INFO;
const char *log_prog = "?";

static const char *secrets[8];
static int kmsg_fd = -1;

void log_init(const char *helper)
{
	const char *p = getenv("ISCSIROOT_KMSG");
	const char *d = getenv("ISCSIROOT_DEBUG");

	log_prog = helper;
	if (d && *d >= '0' && *d <= '9')
		log_level = atoi(d) > LOG_DEBUG ? LOG_DEBUG : atoi(d);
	if (!p)
		p = "/dev/kmsg";
	if (*p)
		kmsg_fd = open(p, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY);
}

void log_secret(const char *secret)
{
	if (!secret || !*secret)
		return;
	for (unsigned i = 0; i < sizeof secrets / sizeof *secrets; i++)
		if (!secrets[i] || secrets[i] == secret) {
			secrets[i] = secret;
			return;
		}
}

void log_mask(char *buf)
{
	for (unsigned i = 0; i < sizeof secrets / sizeof *secrets && secrets[i]; i++) {
		size_t sl = strlen(secrets[i]);
		char *hit;

		if (sl == 0)     /* emptied since registration (argv wiped): nothing to hide */
			continue;

		while ((hit = strstr(buf, secrets[i])) != NULL) {
			/* "***" is never longer than the secret it hides when sl >= 3;
			 * shorter secrets are hidden by as many '*' as they have bytes. */
			size_t ml = sl < 3 ? sl : 3;
			memset(hit, '*', ml);
			memmove(hit + ml, hit + sl, strlen(hit + sl) + 1);
		}
	}
}

void log_msg(int level, const char *fmt, ...)
{
	/* the kmsg level goes into line[0..3), before the message in line + 3 */
	char line[3 + 1024], *b = line + 3;
	const size_t cap = sizeof line - 3;
	int n, m;
	va_list ap;

	if (level > log_level)
		return;
	n = snprintf(b, cap, "iscsiroot: %s: %s", log_prog, level == LOG_WARN ? "warning: " : "");
	if (n < 0 || (size_t)n >= cap)
		n = 0;
	va_start(ap, fmt);
	m = vsnprintf(b + n, cap - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		m = 0;
	if ((size_t)n + (size_t)m > cap - 2)
		m = (int)(cap - 2 - (size_t)n);
	b[n + m] = 0;
	log_mask(b);
	n = (int)strlen(b);
	b[n++] = '\n';
	int saved = errno;
	(void)!write(2, b, (size_t)n);
	if (kmsg_fd >= 0) {
		memcpy(line, &"<3><4><6><7>"[3 * level], 3);
		(void)!write(kmsg_fd, line, 3 + (size_t)n);
	}
	errno = saved;
}
