/* num — bounded parsing of numbers and durations from untrusted text
 * (cmdline, config files, sysfs). SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_NUM_H
#define ISCSIROOT_NUM_H
#include <stdint.h>

/* Decimal unsigned integer in [min, max]; the whole NUL-terminated string must
 * be digits (no sign, no spaces, at most 20 digits). 0, -EINVAL (not a
 * number) or -ERANGE (outside [min, max]). */
int num_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/* The value 0..15 of one hex digit [0-9a-fA-F], or -1 for any other byte. */
int num_hexdigit(char c);

/* Duration "N[.F][s|m|h|d]" (no suffix = seconds; up to 9 fraction digits;
 * at most 30 days) to milliseconds, rounded up so a nonzero value never
 * becomes 0. 0, -EINVAL (bad text) or -ERANGE (too long). */
int num_duration_ms(const char *s, uint64_t *ms);

#endif
