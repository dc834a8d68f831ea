/* Fuzz the parsers root-pin feeds with untrusted text: mountinfo lines,
 * /proc/PID/cmdline images, networkd .network files, route tables
 * (/proc/net/route, /proc/net/ipv6_route), and sysfs_lines over a file
 * holding the input (line splitting, over-long lines).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
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
	char *s = malloc(size + 1), val[32], path[64], dir[64], dev[16];
	struct pin_mnt m;
	unsigned n = 0, skipped = 0;
	int k, fd;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	k = pin_cmdline_kind((const char *)data, size);
	if (k < 0 || k > 3)             /* 3: "@ipconfig", the DHCP lease daemon */
		abort();
	k = pin_networkd_match(s, "eth0", "52:54:00:12:34:56", "virtio_net");
	if (k != PIN_MATCH_NO && k != PIN_MATCH_YES && k != PIN_MATCH_MAYBE)
		abort();
	if (pin_networkd_keep(s, val, sizeof val) && strlen(val) >= sizeof val)
		abort();
	if (pin_parse_mountinfo(s, &m) == 0 &&
	    (m.major >= 1u << 20 || m.minor >= 1u << 20 || strlen(m.mountpoint) >= sizeof m.mountpoint))
		abort();
	snprintf(dir, sizeof dir, "/tmp/pin_fuzz.%d", (int)getpid());
	snprintf(path, sizeof path, "%s/net", dir);
	mkdir(dir, 0700);
	mkdir(path, 0700);
	for (int v6 = 0; v6 < 2; v6++) {
		unsigned bad = 0;

		snprintf(path, sizeof path, "%s/net/%s", dir, v6 ? "ipv6_route" : "route");
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0)
			continue;
		(void)!write(fd, data, size);
		close(fd);
		if (!v6)
			sysfs_lines(path, count, &n, &skipped);
		if (pin_route_lookup(dir, v6 ? "fd00::5" : "192.168.50.1", dev, sizeof dev, &bad) == 0 &&
		    !pin_ifname_ok(dev))
			abort();    /* only safe interface names come out */
		if (size < 64)      /* the input as an address (IPv6 text parser) */
			pin_route_lookup(dir, s, dev, sizeof dev, &bad);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/net", dir);
	rmdir(path);
	rmdir(dir);
	free(s);
	return 0;
}
