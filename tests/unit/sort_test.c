/* sort: sort_small against qsort on small tables, stability, bounds.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "sort.h"
#include "test.h"

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

struct rec {
	int key, seq;
};

static int rec_cmp(const void *a, const void *b)
{
	return int_cmp(&((const struct rec *)a)->key, &((const struct rec *)b)->key);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

int main(void)
{
	static const int in[][8] = {
		{ 0 }, { 1, 2, 3, 4, 5, 6, 7, 8 }, { 8, 7, 6, 5, 4, 3, 2, 1 },
		{ 3, 1, 3, 1, 3, 1, 3, 1 }, { -5, 100, 0, -2147483647 - 1, 2147483647, 7, 7, -1 },
	};
	static const size_t n[] = { 0, 8, 8, 8, 8 };
	int a[8], b[8];

	for (size_t i = 0; i < NELEM(in); i++) {
		memcpy(a, in[i], sizeof a);
		memcpy(b, in[i], sizeof b);
		ok(sort_small(a, n[i], sizeof *a, int_cmp) == 0, "sort %zu", i);
		qsort(b, n[i], sizeof *b, int_cmp);
		ok(!memcmp(a, b, sizeof a), "table %zu as qsort", i);
	}
	/* pseudo-random tables of every length up to 200 */
	unsigned seed = 1;
	for (size_t len = 1; len <= 200; len++) {
		int *x = malloc(len * sizeof *x), *y = malloc(len * sizeof *y), same;

		for (size_t k = 0; k < len; k++)
			x[k] = y[k] = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 50;
		sort_small(x, len, sizeof *x, int_cmp);
		qsort(y, len, sizeof *y, int_cmp);
		same = !memcmp(x, y, len * sizeof *x);
		free(x);
		free(y);
		if (!same || len == 200)
			ok(same, "random tables up to %zu as qsort", len);
		if (!same)
			break;
	}
	struct rec r[] = { { 2, 0 }, { 1, 1 }, { 2, 2 }, { 1, 3 }, { 0, 4 }, { 2, 5 } };
	sort_small(r, NELEM(r), sizeof *r, rec_cmp);
	ok(r[0].seq == 4 && r[1].seq == 1 && r[2].seq == 3 && r[3].seq == 0 && r[4].seq == 2 &&
	   r[5].seq == 5, "stable");
	char names[4][64] = { "sdb", "sda", "dm-0", "sda1" };
	sort_small(names, 4, sizeof names[0], name_cmp);
	ok(!strcmp(names[0], "dm-0") && !strcmp(names[1], "sda") && !strcmp(names[2], "sda1") &&
	   !strcmp(names[3], "sdb"), "names of 64 bytes");
	static char huge[2][SORT_MAX_SIZE + 1] = { "b", "a" };
	ok(sort_small(huge, 2, sizeof huge[0], name_cmp) == -EINVAL && huge[0][0] == 'b',
	   "element over SORT_MAX_SIZE refused, left alone");
	return done();
}
