/* clock — see clock.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <time.h>
#include <sys/time.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "clock.h"

uint64_t clock_ms(void)
{
	struct timespec ts = { 0, 0 };

#ifdef ISCSIROOT_KLIBC
	/* klibc has neither clock_gettime nor syscall(); the wall clock is the
	 * best it offers, and nothing sets it inside an initramfs. */
	struct timeval tv;
	gettimeofday(&tv, NULL);
	ts.tv_sec = tv.tv_sec;
	ts.tv_nsec = tv.tv_usec * 1000L;
#elif defined ISCSIROOT_TINY_LIBC
	/* the plain system call: musl's vDSO lookup costs ~1 KiB per helper,
	 * and the helpers read the clock a few times a second at most */
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
#else
	clock_gettime(CLOCK_MONOTONIC, &ts);
#endif
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void clock_sleep_ms(uint64_t ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}
