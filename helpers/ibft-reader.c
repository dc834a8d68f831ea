/* ibft-reader — show the iSCSI Boot Firmware Table the firmware left (iBFT,
 * as the kernel's iscsi_ibft module exposes it in /sys/firmware/ibft), the
 * first thing to look at when a firmware (iPXE sanhook, UEFI/BIOS iSCSI) boot
 * does not find its root. man/ibft-reader.8.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   ibft-reader [-s | --ip] [--sysfs DIR]
 *   ibft-reader --ipconfig [IPCONFIG ARGS...]
 *
 * --ip turns the table's network into ipconfig(8) words (the DESIGN's
 * "firmware table -> configuration"). ipconfig execs us for ip=ibft with its
 * own argv (argv[0] "...ipconfig" means --ipconfig), and we call it back with
 * the specs, in-process: the table is parsed here only.
 *
 * Exit: 0 a table was read; 1 there is none; 100 usage; 111 the table is
 * there but unreadable or holds a bad value (the message names it);
 * --ipconfig: ipconfig's status, or 99 when no interface has the boot NIC's
 * MAC within ipconfig's -t TIMEOUT (120 s).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "applets.h"
#include "clock.h"
#include "err.h"
#include "ibft.h"
#include "kv.h"
#include "log.h"
#include "opt.h"
#include "num.h"
#include "sysfs.h"

#define USAGE "ibft-reader [-s | --ip] [--sysfs DIR] | --ipconfig [ARGS]   (see ibft-reader(8))\n" \
	"  -s    shell-safe IBFT_* assignments instead of the report (no secrets)\n" \
	"  --ip  the network as ipconfig words: ip=… and vlan=…, one per line\n" \
	"  --ipconfig [ARGS]  run ipconfig ARGS with those (what ipconfig ip=ibft does)"

static struct ibft fw;
static char text[8192];
static struct kv_buf kv = { text, sizeof text, 0 };

static const char *ip(const struct inaddr *a, char *b, size_t len)
{
	return a->family ? inaddr_format(a, b, len) : "";
}

static const char *mac(const struct ibft_nic *n, char *b)
{
	return n->has_mac ? inaddr_mac_format(n->mac, b) : "";
}

/* PRE<i>_KEY = value for each NUL-separated KEY of keys (PRE alone when i
 * is -1), into kv; a full buffer is a failure, not a cut */
static void put(const char *pre, int i, const char *keys, const char *const *vals, int n)
{
	char key[48];

	for (; n--; keys += strlen(keys) + 1) {
		if (i < 0)
			snprintf(key, sizeof key, "%s%s", pre, keys);
		else
			snprintf(key, sizeof key, "%s%d_%s", pre, i, keys);
		if (kv_add(&kv, key, *vals++))
			err_fatal(EXIT_SYSTEM, -ENOSPC, "print the table");
	}
}

static const char *dec(char *b, long long v)
{
	snprintf(b, 24, "%lld", v);
	return b;
}

static void shell(void)
{
	char b[4][64], n[3][24], m[18];
	const char *v[11];
	unsigned i;

	v[0] = fw.initiator;
	v[1] = dec(n[0], fw.nnic);
	put("IBFT_", -1, "INITIATOR\0NNIC", v, 2);
	for (i = 0; i < fw.nnic; i++) {
		const struct ibft_nic *e = &fw.nic[i];

		v[0] = dec(n[0], e->index);
		v[1] = e->flags & IBFT_FL_BOOT ? "1" : "0";
		v[2] = mac(e, m);
		v[3] = ibft_nic_dhcp(e) ? "dhcp" : "static";
		v[4] = ip(&e->ip, b[0], sizeof b[0]);
		v[5] = e->prefix < 0 ? "" : dec(n[1], e->prefix);
		v[6] = ip(&e->gateway, b[1], sizeof b[1]);
		v[7] = ip(&e->dns[0], b[2], sizeof b[2]);
		v[8] = ip(&e->dns[1], b[3], sizeof b[3]);
		v[9] = e->vlan ? dec(n[2], e->vlan) : "";
		v[10] = e->hostname;
		put("IBFT_NIC", (int)i, "INDEX\0BOOT\0MAC\0PROTO\0IP\0PREFIX\0GATEWAY\0DNS0\0DNS1\0"
		    "VLAN\0HOSTNAME", v, 11);
	}
	v[0] = dec(n[0], fw.ntgt);
	put("IBFT_", -1, "NTARGET", v, 1);
	for (i = 0; i < fw.ntgt; i++) {
		const struct ibft_target *t = &fw.tgt[i];

		v[0] = t->flags & IBFT_FL_BOOT ? "1" : "0";
		v[1] = t->name;
		v[2] = t->addr;
		v[3] = dec(n[0], t->port);
		snprintf(b[0], sizeof b[0], "%llu", (unsigned long long)t->lun);
		v[4] = b[0];
		v[5] = t->nic < 0 ? "" : dec(n[1], t->nic);
		v[6] = t->chap_type == 2 ? "mutual" : t->chap_type ? "chap" : "none";
		v[7] = t->chap_name;
		v[8] = t->rchap_name;
		put("IBFT_TARGET", (int)i, "BOOT\0NAME\0ADDR\0PORT\0LUN\0NIC\0AUTH\0CHAP_USER\0"
		    "CHAP_USER_IN", v, 9);
	}
	(void)!write(1, kv.buf, kv.len);
}

/* printf into the report buffer; cut (never overflowed) if it were full */
__attribute__((format(printf, 1, 2)))
static void add(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(text + kv.len, sizeof text - kv.len, fmt, ap);
	va_end(ap);
	if (n > 0)
		kv.len = kv.len + (size_t)n < sizeof text ? kv.len + (size_t)n : sizeof text - 1;
}

static void report(const char *src)
{
	static const char *const origin[] = { "other", "manual", "well-known", "dhcp", "router-adv" };
	char b[64], g[64], d0[64], d1[64], m[18];
	unsigned i;

	add("iBFT from %s/firmware/ibft\ninitiator  %s\n", src,
	       fw.initiator[0] ? fw.initiator : "(not set)");
	for (i = 0; i < fw.nnic; i++) {
		const struct ibft_nic *e = &fw.nic[i];

		add("nic %u%s  mac %s  %s (origin %s)  address %s", e->index,
		       e->flags & IBFT_FL_BOOT ? " [boot]" : "", e->has_mac ? mac(e, m) : "(none)",
		       ibft_nic_dhcp(e) ? "DHCP" : "static",
		       e->origin < 5 ? origin[e->origin] : "unknown",
		       e->ip.family ? ip(&e->ip, b, sizeof b) : "(none)");
		if (e->prefix >= 0)
			add("/%d", e->prefix);
		add("  gateway %s  dns %s%s%s", e->gateway.family ? ip(&e->gateway, g, sizeof g) : "-",
		    e->dns[0].family ? ip(&e->dns[0], d0, sizeof d0) : "-",
		    e->dns[1].family ? " " : "", ip(&e->dns[1], d1, sizeof d1));
		if (e->vlan)
			add("  vlan %u", e->vlan);
		if (e->hostname[0])
			add("  hostname %s", e->hostname);
		add("\n");
	}
	for (i = 0; i < fw.ntgt; i++) {
		const struct ibft_target *t = &fw.tgt[i];
		int v6 = t->af == ROOTPATH_AF_INET6;

		add("target %u%s  %s  portal %s%s%s:%u  lun %llu (table: %s)  nic %d  auth %s",
		       t->index, t->flags & IBFT_FL_BOOT ? " [boot]" : "", t->name, v6 ? "[" : "",
		       t->addr, v6 ? "]" : "", t->port, (unsigned long long)t->lun,
		       t->lun_text[0] ? t->lun_text : "-", t->nic,
		       t->chap_type == 2 ? "mutual CHAP" : t->chap_type ? "CHAP" : "none");
		if (t->chap_type)
			add(" user %s secret ***", t->chap_name);
		if (t->chap_type == 2)
			add("  target user %s secret ***", t->rchap_name);
		add("\n");
	}
	if (!fw.ntgt)
		add("no valid target entry: the firmware did not log in to a boot target\n");
	log_mask(text);              /* a secret never leaves, whatever the table held */
	(void)!write(1, text, strlen(text));
}

/* The network of the NICs a boot uses (ibft_nic_used), the boot-selected one
 * first, as ipconfig specs (ibft_ipspec, ipspec_format) on the interface with
 * the entry's MAC: spec[0..n) and, for VLAN tags, " vlan=<dev>.<id>:<dev>"
 * words in vlan[]. wait_ms: how long to wait for the first NIC's interface
 * (its driver loading); 0 = not at all, then 111 when it is missing. */
static char spec[IBFT_MAX_NIC][200], vlan[IBFT_MAX_NIC * 48];

static int specs(const char *sys, uint64_t wait_ms)
{
	uint64_t t0 = clock_ms();
	size_t vl = 0;
	int n = 0, pass, first = 1, rc;
	unsigned i;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < fw.nnic; i++) {
			const struct ibft_nic *e = &fw.nic[i];
			struct ipspec s;
			const char *why;
			char dev[IPSPEC_DEV_MAX], m[18];

			if (!!(e->flags & IBFT_FL_BOOT) == pass || !ibft_nic_used(&fw, e))
				continue;
			if (ibft_ipspec(e, &s, &why))
				err_fatal(EXIT_SYSTEM, 0, "configure nic %u of the iBFT: %s", e->index, why);
			while ((rc = ibft_netdev(sys, e->mac, dev, sizeof dev)) == -ENODEV && first &&
			       clock_ms() - t0 < wait_ms)
				clock_sleep_ms(100);
			if (rc) {
				if (!first && rc == -ENODEV) {
					log_warn("nic %u of the iBFT: no network interface has MAC %s; "
						 "left out", e->index, mac(e, m));
					continue;
				}
				err_fatal(rc == -ENODEV && wait_ms ? EXIT_TIMEOUT : EXIT_SYSTEM, rc,
					  "configure nic %u of the iBFT: no network interface has MAC %s "
					  "(is its driver loaded?)", e->index, mac(e, m));
			}
			first = 0;
			strcpy(s.dev, dev);
			if (e->vlan) {
				if (snprintf(s.dev, sizeof s.dev, "%s.%u", dev, e->vlan) >= (int)sizeof s.dev)
					snprintf(s.dev, sizeof s.dev, "vlan%u", e->vlan);
				vl += (size_t)snprintf(vlan + vl, sizeof vlan - vl, " vlan=%s:%s", s.dev, dev);
			}
			rc = ipspec_format(&s, spec[n], sizeof spec[n]);
			if (rc)
				err_fatal(EXIT_SYSTEM, rc, "configure nic %u of the iBFT", e->index);
			n++;
		}
	return n;
}

/* --ip: the words, one per line: the vlan= ones, then ip=<spec> */
static void ipwords(const char *sys)
{
	int n = specs(sys, 0), i;
	char *w = vlan;

	while ((w = strchr(w, ' ')))
		*w++ = '\n';
	add("%s", vlan[0] ? vlan + 1 : "");
	if (vlan[0])
		add("\n");
	for (i = 0; i < n; i++)
		add("ip=%s\n", spec[i]);
	(void)!write(1, text, kv.len);
}

/* --ipconfig (or called as "...ipconfig": what ipconfig does for ip=ibft):
 * run ipconfig_main, in this binary, with ia[1..na) (ipconfig's own arguments,
 * its "ibft" left out) and the specs; vlan= words go into the command line it
 * reads, a copy of $ISCSIROOT_CMDLINE or /proc/cmdline in
 * $ISCSIROOT_RUN/iscsiroot/ibft.cmdline. ia[0] is ipconfig's argv[0] (its
 * '@' form keeps the lease daemon). -t TIMEOUT is the wait for the NIC. */
static int ipconfig(int na, char **ia)
{
	extern char **environ;
	static char cl[4096 + sizeof vlan + 2], path[4200], env[4300];
	static char *envp[256];
	const char *args[na + IBFT_MAX_NIC + 2], *rundir = getenv("ISCSIROOT_RUN");
	uint64_t wait = 120000;
	int n = 0, k, i, rc;

	for (i = 1; i < na; i++) {
		if (!strcmp(ia[i], "-t") && i + 1 < na)
			num_duration_ms(ia[i + 1], &wait);
		if (!strcmp(ia[i], "-d") && i + 1 < na && !strcmp(ia[i + 1], "ibft"))
			i++;
		else if (strcmp(ia[i], "ibft") && strcmp(ia[i], "ip=ibft"))
			args[++n] = ia[i];
	}
	k = specs(NULL, wait);
	args[0] = na ? ia[0] : "ipconfig";
	for (i = 0; i < k; i++) {
		log_info("nic of the iBFT: %s", spec[i]);
		args[++n] = spec[i];
	}
	args[n + 1] = NULL;
	if (vlan[0]) {
		const char *src = getenv("ISCSIROOT_CMDLINE");
		int len = sysfs_read(src && *src ? src : "/proc/cmdline", cl, 4096);

		len = len < 0 ? 0 : len;        /* at most 4095: vlan[] and "\n" fit */
		snprintf(cl + len, sizeof cl - (size_t)len, "%s\n", vlan);
		snprintf(path, sizeof path, "%s/iscsiroot", rundir ? rundir : "/run");
		mkdir(path, 0755);
		snprintf(path, sizeof path, "%s/iscsiroot/ibft.cmdline", rundir ? rundir : "/run");
		{
			struct kv_buf f = { cl, sizeof cl, strlen(cl) };

			if ((rc = kv_save(&f, path, 0644)))
				err_fatal(EXIT_SYSTEM, rc, "write %s", path);
		}
		log_info("VLAN from the iBFT:%s (in %s)", vlan, path);
		snprintf(env, sizeof env, "ISCSIROOT_CMDLINE=%s", path);
		envp[0] = env;          /* setenv would bring malloc in */
		for (i = 0, k = 1; environ[i] && k < 255; i++)
			if (strncmp(environ[i], "ISCSIROOT_CMDLINE=", 18))
				envp[k++] = environ[i];
		environ = envp;
	}
	return ipconfig_main(n + 1, (char **)args);
}

int ibft_reader_main(int argc, char **argv)
{
	const char *sys = NULL;
	char err[400];
	enum { O_IPCONFIG = 256, O_IP, O_SYSFS };
	static const struct opt opts[] = {
		{ O_IPCONFIG, OPT_NOARG, "ipconfig" }, { 's', OPT_NOARG, "" }, { O_IP, OPT_NOARG, "ip" },
		{ O_SYSFS, OPT_ARG, "sysfs" }, { 'h', OPT_NOARG, "help" },
	};
	struct opt_state st = { .i = 1, .no_operands = 1 };
	int i, c, sh = 0, ipw = 0, ipc = 0, rc;

	log_init("ibft-reader");
	if (strstr(strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0], "ipconfig"))
		ipc = 1;                /* ipconfig ip=ibft handed us its argv */
	while (!ipc && (c = opt_next(opts, sizeof opts / sizeof *opts, argc, argv, &st)) != OPT_END) {
		if (c == O_IPCONFIG)
			ipc = st.i;
		else if (c == 's')
			sh = 1;
		else if (c == O_IP)
			ipw = 1;
		else if (c == O_SYSFS)
			sys = st.val;
		else if (c == 'h') {
			return err_help(USAGE);
		} else
			err_usage(USAGE, "unexpected argument '%s'", st.bad);
	}
	rc = ibft_read(sys, &fw, err, sizeof err);
	if (rc == -ENOENT) {
		log_err("%s", err);
		return EXIT_NEGATIVE;
	}
	if (rc < 0) {
		log_err("fatal: unable to read the iBFT: %s", err);
		return EXIT_SYSTEM;
	}
	for (i = 0; i < (int)fw.ntgt; i++) {    /* masked in anything we print */
		log_secret(fw.tgt[i].chap_secret);
		log_secret(fw.tgt[i].rchap_secret);
	}
	if (sh + ipw + !!ipc > 1)
		err_usage(USAGE, "-s, --ip and --ipconfig exclude each other");
	if (ipc == 1)
		return ipconfig(argc, argv);
	if (ipc) {
		argv[ipc - 1] = (char *)"ipconfig";
		return ipconfig(argc - ipc + 1, argv + ipc - 1);
	}
	if (ipw)
		ipwords(sys);
	else if (sh)
		shell();
	else
		report(sys ? sys : getenv("ISCSIROOT_SYSFS") ? (const char *)getenv("ISCSIROOT_SYSFS") : "/sys");
	return EXIT_OK;
}
