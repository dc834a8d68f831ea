/* fmt — see fmt.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <string.h>

#include "fmt.h"

struct out {
	char *buf;
	size_t size, len;    /* len counts every byte, written or not */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, long n)
{
	while (n-- > 0)
		put(o, c);
}

/* Emit pre, zeros '0's and s (n bytes) in a field of width w: left-aligned if
 * left, else padded with padc (a sign or 0x prefix goes before zero padding). */
static void field(struct out *o, const char *pre, long zeros, const char *s, size_t n, long w,
		  int left, char padc)
{
	long fill = w - (long)(n + strlen(pre)) - zeros;

	if (!left && padc == ' ')
		pad(o, ' ', fill);
	while (*pre)
		put(o, *pre++);
	if (!left && padc == '0')
		pad(o, '0', fill);
	pad(o, '0', zeros);
	while (n--)
		put(o, *s++);
	if (left)
		pad(o, ' ', fill);
}

int fmt_vsnprintf(char *buf, size_t size, const char *f, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *f; f++) {
		const char *start = f;
		int left = 0, zero = 0, lng = 0, hlf = 0, base = 10, upper = 0, sgn = 0;
		long w = 0, prec = -1;
		char tmp[24], *p, pre[3] = "";
		uintmax_t u;

		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		for (f++; *f == '-' || *f == '0' || *f == '+' || *f == ' ' || *f == '#'; f++) {
			if (*f == '-')
				left = 1;
			else if (*f == '0')
				zero = 1;
		}
		if (*f == '*') {
			w = va_arg(ap, int);
			if (w < 0) {
				left = 1;
				w = -w;
			}
			f++;
		} else {
			for (; *f >= '0' && *f <= '9'; f++)
				w = w * 10 + (*f - '0') > 4096 ? 4096 : w * 10 + (*f - '0');
		}
		if (*f == '.') {
			prec = 0;
			if (*++f == '*') {
				prec = va_arg(ap, int);
				f++;
			} else {
				for (; *f >= '0' && *f <= '9'; f++)
					prec = prec * 10 + (*f - '0') > 1 << 20 ? 1 << 20 : prec * 10 + (*f - '0');
			}
		}
		for (;; f++) {
			if (*f == 'l')
				lng++;
			else if (*f == 'h')
				hlf++;
			else if (*f == 'z' || *f == 'j' || *f == 't')
				lng = 2;
			else
				break;
		}
		switch (*f) {
		case '%':
			put(&o, '%');
			continue;
		case 'c':
			tmp[0] = (char)va_arg(ap, int);
			field(&o, "", 0, tmp, 1, w, left, ' ');
			continue;
		case 's': {
			const char *s = va_arg(ap, const char *);
			size_t n;

			if (!s)
				s = "(null)";
			n = prec < 0 ? strlen(s) : strnlen(s, (size_t)prec);
			field(&o, "", 0, s, n, w, left, ' ');
			continue;
		}
		case 'd': case 'i':
			sgn = 1;
			goto unsig;
		case 'X':
			upper = 1;
			/* fall through */
		case 'x':
			base = 16;
			goto unsig;
		case 'o':
			base = 8;
			goto unsig;
		case 'p':
			u = (uintptr_t)va_arg(ap, void *);
			base = 16;
			strcpy(pre, "0x");
			goto digits;
		case 'u':
		unsig:
			/* one fetch of the argument's bits for d, i and u, o, x, X */
			u = lng >= 2 ? va_arg(ap, unsigned long long) : lng ? va_arg(ap, unsigned long)
									     : va_arg(ap, unsigned);
			if (sgn) {
				intmax_t v = lng >= 2 ? (long long)u : lng ? (long)u : hlf == 1 ? (short)u :
					     hlf >= 2 ? (signed char)u : (int)u;

				if (v < 0) {
					pre[0] = '-';
					u = (uintmax_t)0 - (uintmax_t)v;
				} else {
					u = (uintmax_t)v;
				}
			} else if (!lng && hlf == 1) {
				u = (unsigned short)u;
			} else if (!lng && hlf >= 2) {
				u = (unsigned char)u;
			}
			break;
		default:        /* unsupported: print the directive as written */
			for (; start <= f && *start; start++)
				put(&o, *start);
			if (!*f)
				f--;
			continue;
		}
	digits:
		p = tmp + sizeof tmp;
		do {
			int d = (int)(u % (unsigned)base);
			*--p = (char)(d < 10 ? '0' + d : (upper ? 'A' : 'a') + d - 10);
			u /= (unsigned)base;
		} while (u);
		if (prec == 0 && p[0] == '0' && p + 1 == tmp + sizeof tmp)
			p++;                          /* "%.0u" of 0 prints nothing */
		{
			size_t n = (size_t)(tmp + sizeof tmp - p);

			/* precision = minimum digits; the '0' flag is ignored with one */
			field(&o, pre, prec > (long)n ? prec - (long)n : 0, p, n, w, left,
			      zero && prec < 0 ? '0' : ' ');
		}
	}
	if (o.size)
		o.buf[o.len < o.size ? o.len : o.size - 1] = 0;
	return o.len > INT32_MAX ? INT32_MAX : (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = fmt_vsnprintf(buf, size, f, ap);
	va_end(ap);
	return n;
}

#ifdef ISCSIROOT_TINY_LIBC
/* Replace the C library's engine in the static helpers (see fmt.h). */
int vsnprintf(char *restrict buf, size_t size, const char *restrict f, va_list ap)
{
	return fmt_vsnprintf(buf, size, f, ap);
}

int snprintf(char *restrict buf, size_t size, const char *restrict f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = fmt_vsnprintf(buf, size, f, ap);
	va_end(ap);
	return n;
}
#endif
