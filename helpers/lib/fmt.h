/* fmt — a small vsnprintf for the static helpers.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * musl's printf engine (with its floating-point formatter) is about 9 KiB of
 * every helper; the helpers print no floats. fmt_vsnprintf implements the C99
 * conversions they use: flags '-' and '0', field width and precision (digits
 * or '*'), length modifiers hh h l ll z j t, conversions d i u x X o c s p %.
 * Anything else (e.g. %f, %n) is printed literally, never interpreted.
 *
 * In the static builds (ISCSIROOT_TINY_LIBC) this file also defines
 * snprintf and vsnprintf, so libc's engine is not linked at all; the
 * unit tests (glibc) compare fmt_snprintf with the C library's snprintf.
 *
 * Bounds: writes at most size bytes including the terminating NUL (none if
 * size is 0) and returns the length the full output would have had, as C99.
 */
#ifndef ISCSIROOT_FMT_H
#define ISCSIROOT_FMT_H
#include <stdarg.h>
#include <stddef.h>

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
