/* sleep — pause for a duration, or until paths exist.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Behaviour follows POSIX sleep (https://pubs.opengroup.org/onlinepubs/9799919799/utilities/sleep.html)
 * extended the way initramfs scripts need it: fractional seconds and s/m/h/d
 * suffixes in every shell (busybox has them, klibc's sleep does not), several
 * durations are summed, and -w waits for files instead of guessing a delay.
 *
 * Exit: 0 done, 99 timeout (-w), 100 usage, 111 system failure.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "err.h"
#include "log.h"
#include "opt.h"
#include "num.h"

#define USAGE "sleep DURATION...  |  sleep -w PATH... [-t TIMEOUT]\n" \
	"  DURATION: N[.F][s|m|h|d], summed; -w: wait until every PATH exists;\n" \
	"  -t: give up after TIMEOUT (exit 99); without -t, wait forever"

static uint64_t duration_arg(const char *s)
{
	uint64_t ms;
	int rc = num_duration_ms(s, &ms);

	if (rc == -ERANGE)
		err_usage(USAGE, "duration '%s' is longer than 30 days", s);
	if (rc)
		err_usage(USAGE, "invalid duration '%s' (want N[.F] with optional s, m, h or d)", s);
	return ms;
}

static int wait_paths(char **paths, int n, int have_timeout, uint64_t timeout_ms)
{
	uint64_t start = clock_ms(), step = 10;
	struct stat st;
	int i;

	for (;;) {
		for (i = 0; i < n && (!paths[i] || stat(paths[i], &st) == 0); i++)
			paths[i] = NULL;        /* seen once is enough */
		if (i == n)
			return EXIT_OK;
		if (have_timeout && clock_ms() - start >= timeout_ms) {
			for (i = 0; i < n; i++)
				if (paths[i])
					log_err("timed out after %llu ms waiting for %s",
						(unsigned long long)timeout_ms, paths[i]);
			return EXIT_TIMEOUT;
		}
		clock_sleep_ms(step);
		if (step < 100)
			step += 10;
	}
}

int sleep_main(int argc, char **argv)
{
	uint64_t total = 0, timeout = 0;
	static const struct opt opts[] = { { 'h', OPT_NOARG, "help" }, { 'w', OPT_NOARG, "" }, { 't', OPT_ARG, "" } };
	struct opt_state st = { .i = 1, .positional = 1 };
	int wait = 0, have_t = 0, n = 0, i, c;

	log_init("sleep");
	while ((c = opt_next(opts, sizeof opts / sizeof *opts, argc, argv, &st)) != OPT_END) {
		if (c == OPT_POS) {
			argv[++n] = (char *)st.val;
		} else if (c == 'h') {
			return err_help(USAGE);
		} else if (c == 'w') {
			wait = 1;
		} else if (c == 't') {
			timeout = duration_arg(st.val);
			have_t = 1;
		} else if (st.why == OPT_ENEED) {
			err_usage(USAGE, "-t needs a TIMEOUT");
		} else {
			err_usage(USAGE, "unknown option '%s'", st.bad);
		}
	}
	while (st.i < argc)             /* after "--" */
		argv[++n] = argv[st.i++];
	if (!n)
		err_usage(USAGE, wait ? "-w needs at least one PATH" : "missing DURATION");
	if (have_t && !wait)
		err_usage(USAGE, "-t only applies with -w");
	if (wait)
		return wait_paths(argv + 1, n, have_t, timeout);
	for (i = 1; i <= n; i++) {
		uint64_t d = duration_arg(argv[i]);
		if (total + d > 30ULL * 86400 * 1000)
			err_usage(USAGE, "total duration is longer than 30 days");
		total += d;
	}
	clock_sleep_ms(total);
	return EXIT_OK;
}
