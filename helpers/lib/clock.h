/* clock — monotonic milliseconds and sleeping, the same on musl and klibc.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef ISCSIROOT_CLOCK_H
#define ISCSIROOT_CLOCK_H
#include <stdint.h>

/* Milliseconds on a clock that never goes backwards (CLOCK_MONOTONIC; klibc
 * builds, which lack clock_gettime, use the wall clock). */
uint64_t clock_ms(void);
/* Sleep ms milliseconds, resuming after signals. */
void clock_sleep_ms(uint64_t ms);

#endif
