/* num: integers and durations.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdint.h>
#include "num.h"
#include "test.h"

int main(void)
{
	static const struct { const char *in; int rc; uint64_t ms; } dur[] = {
		{ "0", 0, 0 }, { "1", 0, 1000 }, { "1.5", 0, 1500 }, { ".25", 0, 250 },
		{ "2s", 0, 2000 }, { "3m", 0, 180000 }, { "1h", 0, 3600000 }, { "1d", 0, 86400000 },
		{ "0.5m", 0, 30000 }, { "0.0001", 0, 1 },      /* rounded up, never 0 */
		{ "30d", 0, 2592000000ULL }, { "31d", -ERANGE, 0 }, { "999999999999", -ERANGE, 0 },
		{ "9999999999999", -ERANGE, 0 }, { "", -EINVAL, 0 }, { ".", -EINVAL, 0 },
		{ "1x", -EINVAL, 0 }, { "1ss", -EINVAL, 0 }, { "-1", -EINVAL, 0 }, { " 1", -EINVAL, 0 },
		{ "1.", 0, 1000 }, { "1.0000000001", -EINVAL, 0 }, { "s", -EINVAL, 0 },
		{ "1e3", -EINVAL, 0 }, { "0x10", -EINVAL, 0 },
	};
	static const struct { const char *in; uint64_t lo, hi; int rc; uint64_t v; } u[] = {
		{ "0", 0, 10, 0, 0 }, { "10", 0, 10, 0, 10 }, { "11", 0, 10, -ERANGE, 0 },
		{ "18446744073709551615", 0, UINT64_MAX, 0, UINT64_MAX },
		{ "18446744073709551616", 0, UINT64_MAX, -ERANGE, 0 },
		{ "", 0, 1, -EINVAL, 0 }, { "+1", 0, 9, -EINVAL, 0 }, { "1 ", 0, 9, -EINVAL, 0 },
		{ "3260", 1, 65535, 0, 3260 }, { "0", 1, 65535, -ERANGE, 0 },
		{ "000000000000000000001", 0, 9, -EINVAL, 0 },
	};
	size_t i;

	for (i = 0; i < NELEM(dur); i++) {
		uint64_t ms = 12345;
		int rc = num_duration_ms(dur[i].in, &ms);
		ok(rc == dur[i].rc && (rc || ms == dur[i].ms),
		   "duration '%s' -> rc %d ms %llu (want %d %llu)", dur[i].in, rc,
		   (unsigned long long)ms, dur[i].rc, (unsigned long long)dur[i].ms);
	}
	for (i = 0; i < NELEM(u); i++) {
		uint64_t v = 7;
		int rc = num_u64(u[i].in, u[i].lo, u[i].hi, &v);
		ok(rc == u[i].rc && (rc || v == u[i].v), "u64 '%s' in [%llu,%llu] -> rc %d",
		   u[i].in, (unsigned long long)u[i].lo, (unsigned long long)u[i].hi, rc);
	}
	{
		int c, bad = 0;

		for (c = -128; c < 128; c++) {
			int want = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
				   c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
			bad += num_hexdigit((char)c) != want;
		}
		ok(!bad, "hexdigit of every byte (%d wrong)", bad);
	}
	return done();
}
