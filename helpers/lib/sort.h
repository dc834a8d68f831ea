/* sort — a small in-place insertion sort for the few dozen entries the
 * helpers order (directory listings), instead of musl's qsort.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_SORT_H
#define ISCSIROOT_SORT_H
#include <stddef.h>

/* Sort n elements of size bytes at base by cmp (as qsort(3)); stable. O(n^2)
 * compares and element moves: meant for n up to a few hundred. Bounds:
 * size at most SORT_MAX_SIZE (larger elements are left unsorted, -EINVAL). */
#define SORT_MAX_SIZE 1024
int sort_small(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

#endif
