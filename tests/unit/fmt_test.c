/* fmt: fmt_snprintf must print exactly what the C library prints for every
 * conversion the helpers use.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include "fmt.h"
#include "test.h"

#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-security"
#pragma GCC diagnostic ignored "-Wformat-overflow"

#define SAME(...) do { \
	char a[256], b[256]; \
	int na = fmt_snprintf(a, sizeof a, __VA_ARGS__); \
	int nb = snprintf(b, sizeof b, __VA_ARGS__); \
	ok(na == nb && strcmp(a, b) == 0, "%s -> [%s] %d (libc [%s] %d)", #__VA_ARGS__, a, na, b, nb); \
} while (0)

int main(void)
{
	char small[5];
	int n;

	SAME("plain");
	SAME("%s|%5s|%-5s|%.2s|%.*s|", "abc", "ab", "ab", "abc", 1, "xyz");
	SAME("%d %d %d %i", 0, -1, INT_MAX, INT_MIN);
	SAME("%u %u %x %X %o", 0u, UINT_MAX, 0xbeefu, 0xbeefu, 8u);
	SAME("%02x%02x %08x %04x", 1u, 0xabu, 0x1234u, 0xfu);
	SAME("%ld %lu %lld %llu", LONG_MIN, ULONG_MAX, LLONG_MIN, ULLONG_MAX);
	SAME("%zu %zu", (size_t)0, SIZE_MAX);
	SAME("%03llu %.0u| %.0u %.3d %5.3d %-6d| %06d|", 7ULL, 0u, 5u, 7, -7, 42, -42);
	SAME("%c%c%5c%-3c|", 'a', 0x7f, 'z', 'q');
	SAME("%hhu %hu %hhd %hd", 300, 70000, 200, 40000);
	SAME("%% %%|");
	SAME("%*d|%-*d|%*d", 5, 1, 5, 2, -4, 3);
	SAME("%.40s|%.60s|%-24s|%-9s|", "short", "a longer string here", "col", "x");
	SAME("%p", (void *)0x1234);
	SAME("%s=%s", "key", "");
	n = fmt_snprintf(small, sizeof small, "%s", "truncated");
	ok(n == 9 && strcmp(small, "trun") == 0, "truncates, returns full length");
	n = fmt_snprintf(NULL, 0, "%d", 12345);
	ok(n == 5, "size 0 writes nothing, returns length");
	char odd[64];
	const char *lit = "a%fb%nc%", *huge = "%99999999999d|";
	fmt_snprintf(odd, sizeof odd, lit);
	ok(strcmp(odd, "a%fb%nc%") == 0, "unsupported directives printed literally: %s", odd);
	fmt_snprintf(odd, sizeof odd, huge, 1);
	ok(strlen(odd) == sizeof odd - 1, "huge width clamped and truncated, no overflow");
	return done();
}
