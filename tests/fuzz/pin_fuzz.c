/* Fuzz the parsers root-pin feeds with untrusted text: mountinfo lines,
 * /proc/PID/cmdline images, networkd .network files, and sysfs_lines over a
 * file holding the input (line splitting, over-long lines).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include "pin.h"
#include "sysfs.h"

static int count(char *line, void *arg)
{
	if (strlen(line) > 4095)
		abort();            /* the documented line bound */
	++*(unsigned *)arg;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), val[32], path[64];
	struct pin_mnt m;
	unsigned n = 0, skipped = 0;
	int k, fd;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	k = pin_cmdline_kind((const char *)data, size);
	if (k < 0 || k > 2)
		abort();
	k = pin_networkd_match(s, "eth0", "52:54:00:12:34:56", "virtio_net");
	if (k != PIN_MATCH_NO && k != PIN_MATCH_YES && k != PIN_MATCH_MAYBE)
		abort();
	if (pin_networkd_keep(s, val, sizeof val) && strlen(val) >= sizeof val)
		abort();
	if (pin_parse_mountinfo(s, &m) == 0 &&
	    (m.major >= 1u << 20 || m.minor >= 1u << 20 || strlen(m.mountpoint) >= sizeof m.mountpoint))
		abort();
	snprintf(path, sizeof path, "/tmp/pin_fuzz.%d", (int)getpid());
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0) {
		(void)!write(fd, data, size);
		close(fd);
		sysfs_lines(path, count, &n, &skipped);
		unlink(path);
	}
	free(s);
	return 0;
}
