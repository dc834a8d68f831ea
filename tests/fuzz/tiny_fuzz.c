/* Differential fuzz of the libc stand-ins (tiny.c as tiny_<name>) and of
 * fmt_vsnprintf against glibc on the same bytes: atoi (in int's range),
 * the string functions on two strings cut
 * from the input, and snprintf of one directive built from the input.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#define TINY_TEST
#include "../../helpers/lib/tiny.c"

#include <stdint.h>
#include <stdio.h>
#include "fmt.h"

#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-security"

static int sgn(int v) { return (v > 0) - (v < 0); }

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "differs: %s\n", #c); abort(); } } while (0)

/* one directive from the first bytes: flags, width, precision, length and
 * conversion of the subset fmt.h documents, the argument from the next */
static void directive(const uint8_t *d, size_t n)
{
	static const char *const lens[] = { "", "hh", "h", "l", "ll", "z", "j", "t" };
	static const char conv[] = "diuxXocs%";
	char f[64], a[160], b[160], *p = f;
	unsigned long long arg = 0;
	size_t i, size;
	int w, pr, na, nb;
	char c;

	if (n < 12)
		return;
	memcpy(&arg, d + 4, 8);
	c = conv[d[0] % (sizeof conv - 1)];
	size = d[3] % sizeof a;
	*p++ = 'x';
	*p++ = '%';
	if (d[1] & 1)
		*p++ = '-';
	if (d[1] & 2 && c != 's' && c != 'c')   /* '0' is undefined for s and c */
		*p++ = '0';
	w = (d[1] >> 2) % 42;                   /* 40, 41: none and '*' */
	if (w == 41)
		*p++ = '*';
	else if (w < 40)
		p += sprintf(p, "%d", w);
	pr = d[2] % 24;                         /* 21: none, 22: '*', 23: "." */
	if (pr == 22)
		p += sprintf(p, ".*");
	else if (pr == 23)
		p += sprintf(p, ".");
	else if (pr < 21)
		p += sprintf(p, ".%d", pr);
	if (c != 's' && c != 'c' && c != '%')
		p += sprintf(p, "%s", lens[(d[2] >> 5) % 8]);
	*p++ = c;
	*p++ = 'y';
	*p = 0;
	/* the arguments: [width] [precision] value, each call with the right types */
	{
		int wa = (int)(signed char)d[4], pa = (int)(signed char)d[5];
		const char *s = (const char *)d + 12;
		char str[32];

		for (i = 0; i < sizeof str - 1 && 12 + i < n && d[12 + i]; i++)
			str[i] = (char)d[12 + i];
		str[i] = 0;
		s = str;
#define BOTH(...) do { \
		na = fmt_snprintf(a, size, __VA_ARGS__); nb = snprintf(b, size, __VA_ARGS__); } while (0)
#define ARGS(v) do { \
		if (w == 41 && pr == 22) BOTH(f, wa, pa, v); \
		else if (w == 41) BOTH(f, wa, v); \
		else if (pr == 22) BOTH(f, pa, v); \
		else BOTH(f, v); } while (0)
		const char *len = lens[(d[2] >> 5) % 8];

		if (c == 's')
			ARGS(s);
		else if (c == 'c')
			ARGS((int)(unsigned char)arg | 1);  /* a NUL would end the comparison */
		else if (c == '%')
			BOTH(w == 41 || pr == 22 ? "x%%y" : f);
		else if (!strcmp(len, "ll") || !strcmp(len, "j"))
			ARGS((long long)arg);
		else if (!strcmp(len, "l") || !strcmp(len, "z") || !strcmp(len, "t"))
			ARGS((long)arg);
		else
			ARGS((int)arg);
	}
	if (na != nb || (size && strcmp(a, b))) {
		fprintf(stderr, "format [%s] size %zu: fmt [%s] %d, libc [%s] %d\n", f, size,
			size ? a : "", na, size ? b : "", nb);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *t;
	size_t cut, n;
	long l;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;

	errno = 0;
	l = strtol(s, &t, 10);
	if (!errno && l >= INT32_MIN && l <= INT32_MAX)
		CHECK(tiny_atoi(s) == (int)l);
	else
		(void)tiny_atoi(s);

	/* two strings: before and after the first '|' (or the whole input twice) */
	t = strchr(s, '|');
	if (t)
		*t++ = 0;
	else
		t = s;
	n = strlen(s);
	CHECK(tiny_strlen(s) == n);
	CHECK(tiny_strstr(s, t) == strstr(s, t));
	CHECK(tiny_strspn(s, t) == strspn(s, t));
	CHECK(tiny_strcspn(s, t) == strcspn(s, t));
	CHECK(sgn(tiny_strcasecmp(s, t)) == sgn(strcasecmp(s, t)));
	for (cut = 0; cut <= n + 1 && cut < 40; cut += 3) {
		CHECK(sgn(tiny_strncmp(s, t, cut)) == sgn(strncmp(s, t, cut)));
		CHECK(tiny_strnlen(s, cut) == strnlen(s, cut));
	}
	if (*t) {
		CHECK(tiny_strchr(s, *t) == strchr(s, *t));
		CHECK(tiny_strrchr(s, *t) == strrchr(s, *t));
		CHECK(tiny_memchr(s, *t, n) == memchr(s, *t, n));
	}
	CHECK(tiny_strchr(s, 0) == strchr(s, 0) && tiny_strrchr(s, 0) == strrchr(s, 0));

	directive(data, size);
	free(s);
	return 0;
}
