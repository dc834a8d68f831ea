/* num — see num.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <string.h>

#include "num.h"

int num_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (!s || !*s)
		return -EINVAL;
	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 20)
			return -EINVAL;
		if (v > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

#define MAX_MS (30ULL * 86400 * 1000)

int num_duration_ms(const char *s, uint64_t *ms)
{
	uint64_t whole = 0, frac = 0, scale = 1, unit = 1000, v;
	size_t i = 0, nd = 0, nf = 0;

	if (!s)
		return -EINVAL;
	for (; s[i] >= '0' && s[i] <= '9'; i++, nd++) {
		if (nd >= 12)
			return -ERANGE;
		whole = whole * 10 + (uint64_t)(s[i] - '0');
	}
	if (s[i] == '.')
		for (i++; s[i] >= '0' && s[i] <= '9'; i++, nf++) {
			if (nf >= 9)
				return -EINVAL;
			frac = frac * 10 + (uint64_t)(s[i] - '0');
			scale *= 10;
		}
	if (nd + nf == 0)
		return -EINVAL;
	switch (s[i]) {
	case 0: break;
	case 's': i++; break;
	case 'm': unit = 60000; i++; break;
	case 'h': unit = 3600000; i++; break;
	case 'd': unit = 86400000; i++; break;
	default: return -EINVAL;
	}
	if (s[i])
		return -EINVAL;
	if (whole > MAX_MS / unit)
		return -ERANGE;
	/* frac/scale of a unit, in ms, rounded up: frac < scale <= 1e9 and
	 * unit <= 8.64e7, so frac * unit < 8.64e16 fits in 64 bits. */
	v = whole * unit + (frac * unit + scale - 1) / scale;
	if (v > MAX_MS)
		return -ERANGE;
	*ms = v;
	return 0;
}

int num_hexdigit(char c)
{
	unsigned d = (unsigned)(c - '0');

	if (d < 10)
		return (int)d;
	d = (unsigned)((c | 32) - 'a');
	return d < 6 ? (int)d + 10 : -1;
}
