/* sort — see sort.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <string.h>

#include "sort.h"

int sort_small(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	unsigned char tmp[SORT_MAX_SIZE], *b = base;

	if (size > sizeof tmp)
		return -EINVAL;
	for (size_t i = 1; i < n; i++) {
		size_t j = i;

		while (j > 0 && cmp(b + (j - 1) * size, b + i * size) > 0)
			j--;
		if (j == i)
			continue;
		memcpy(tmp, b + i * size, size);
		memmove(b + (j + 1) * size, b + j * size, (i - j) * size);
		memcpy(b + j * size, tmp, size);
	}
	return 0;
}
