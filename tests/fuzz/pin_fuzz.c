/* Fuzz the parsers root-pin feeds with untrusted text: mountinfo lines and
 * files, /proc/PID/cmdline images, INI sections and networkd .network
 * files, route tables (/proc/net/route, /proc/net/ipv6_route), sysfs_lines
 * over a file holding the input (line splitting, over-long lines), and
 * canon_path (link targets in sysfs are untrusted) against realpath(3).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "canon.h"
#include "ifname.h"
#include "ini.h"
#include "mountinfo.h"
#include "networkd.h"
#include "proclist.h"
#include "route.h"
#include "sysfs.h"

static int count(char *line, void *arg)
{
	if (strlen(line) > 4095)
		abort();            /* the documented line bound */
	++*(unsigned *)arg;
	return 0;
}

static void kv(const char *key, const char *val, void *arg)
{
	size_t k = strlen(key), v = strlen(val);

	if (k + v + 1 >= INI_LINE || strchr(key, '\n') || strchr(val, '\n'))
		abort();            /* one line, within the line bound */
	if (k && (key[k - 1] == ' ' || key[k - 1] == '\t'))
		abort();            /* keys are trimmed */
	if (val[0] == ' ' || val[0] == '\t')
		abort();
	++*(unsigned *)arg;
}

/* a small tree of links, once: canon_path must agree with realpath there */
static char tree[64];

static void rmtree(void)
{
	static const char *const rel[] = { "a/up", "l", "loop", "out", "f", "a/b", "a", "" };
	char p[128];

	for (unsigned i = 0; i < sizeof rel / sizeof *rel; i++) {
		snprintf(p, sizeof p, "%s/%s", tree, rel[i]);
		if (unlink(p))
			rmdir(p);
	}
}

static void mktree(void)
{
	char p[128];

	snprintf(tree, sizeof tree, "/tmp/pin_fuzz_tree.%d", (int)getpid());
	mkdir(tree, 0700);
	snprintf(p, sizeof p, "%s/a", tree);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/a/b", tree);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/l", tree);
	(void)!symlink("a/b", p);
	snprintf(p, sizeof p, "%s/a/up", tree);
	(void)!symlink("..", p);
	snprintf(p, sizeof p, "%s/loop", tree);
	(void)!symlink("loop", p);
	snprintf(p, sizeof p, "%s/out", tree);
	(void)!symlink("/dev/null", p);
	snprintf(p, sizeof p, "%s/f", tree);
	close(open(p, O_WRONLY | O_CREAT, 0600));
	atexit(rmtree);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), val[32], path[64], dir[64], dev[16];
	struct mountinfo m;
	unsigned n = 0, skipped = 0, bad;
	int k, fd;

	if (!s)
		return 0;
	if (!tree[0])
		mktree();
	memcpy(s, data, size);
	s[size] = 0;
	k = proclist_kind((const char *)data, size);
	if (k < 0 || k > 3)             /* 3: "@ipconfig", the DHCP lease daemon */
		abort();
	n = 0;
	ini_each(s, "Match", kv, &n);
	ini_each(s, "", kv, &n);
	k = networkd_match(s, "eth0", "52:54:00:12:34:56", "virtio_net");
	if (k != NETWORKD_MATCH_NO && k != NETWORKD_MATCH_YES && k != NETWORKD_MATCH_MAYBE)
		abort();
	if (networkd_keep(s, val, sizeof val) && strlen(val) >= sizeof val)
		abort();
	if (size < 256 && !memchr(data, 0, size)) {   /* the input as a path under the tree */
		char in[512], want[PATH_MAX], got[CANON_MAX];

		snprintf(in, sizeof in, "%s/%s", tree, s);
		k = canon_path(in, got, sizeof got);
		if (k == 0 && (got[0] != '/' || strstr(got, "//") || strstr(got, "/./") ||
			       strstr(got, "/../")))
			abort();
		if (realpath(in, want) && (k || strcmp(got, want)))
			abort();    /* where realpath resolves, canon_path says the same */
	}
	if (mountinfo_parse(s, &m) == 0 &&
	    (m.major >= 1u << 20 || m.minor >= 1u << 20 || strlen(m.mountpoint) >= sizeof m.mountpoint ||
	     strlen(m.source) >= sizeof m.source || strlen(m.fstype) >= sizeof m.fstype))
		abort();
	snprintf(dir, sizeof dir, "/tmp/pin_fuzz.%d", (int)getpid());
	snprintf(path, sizeof path, "%s/net", dir);
	mkdir(dir, 0700);
	mkdir(path, 0700);
	/* the input as a whole mountinfo file */
	snprintf(path, sizeof path, "%s/mountinfo", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0) {
		(void)!write(fd, data, size);
		close(fd);
		bad = 0;
		k = mountinfo_lookup(path, "/", &m, &bad);
		if (k < 0 || k > 1 || (k == 1 && strcmp(m.mountpoint, "/")))
			abort();
		unlink(path);
	}
	for (int v6 = 0; v6 < 2; v6++) {
		bad = 0;
		snprintf(path, sizeof path, "%s/net/%s", dir, v6 ? "ipv6_route" : "route");
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0)
			continue;
		(void)!write(fd, data, size);
		close(fd);
		if (!v6)
			sysfs_lines(path, count, &n, &skipped);
		if (route_lookup(dir, v6 ? "fd00::5" : "192.168.50.1", dev, sizeof dev, &bad) == 0 &&
		    !ifname_ok(dev))
			abort();    /* only safe interface names come out */
		if (size < 64)      /* the input as an address (IPv6 text parser) */
			route_lookup(dir, s, dev, sizeof dev, &bad);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/net", dir);
	rmdir(path);
	rmdir(dir);
	free(s);
	return 0;
}
