/* ibft-reader — show the iSCSI Boot Firmware Table the firmware left (iBFT,
 * as the kernel's iscsi_ibft module exposes it in /sys/firmware/ibft), the
 * first thing to look at when a firmware (iPXE sanhook, UEFI/BIOS iSCSI) boot
 * does not find its root. man/ibft-reader.8.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   ibft-reader [-s | --ip] [--sysfs DIR]
 *
 * --ip turns the table's network into ipconfig(8) words (the DESIGN's
 * "firmware table -> configuration"): ipconfig runs it for ip=ibft, so the
 * table is parsed here only and ipconfig stays small.
 *
 * Exit: 0 a table was read; 1 there is none; 100 usage; 111 the table is
 * there but unreadable or holds a bad value (the message names it).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "err.h"
#include "ibft.h"
#include "kv.h"
#include "log.h"

#define USAGE "ibft-reader [-s | --ip] [--sysfs DIR]   (see ibft-reader(8))\n" \
	"  -s    shell-safe IBFT_* assignments instead of the report (no secrets)\n" \
	"  --ip  the network as ipconfig words: ip=… and vlan=…, one per line"

static struct ibft fw;
static char text[8192];
static struct kv_buf kv = { text, sizeof text, 0 };

static const char *ip(const struct ipspec_addr *a, char *b, size_t len)
{
	return a->family ? ipspec_ntop(a, b, len) : "";
}

static const char *mac(const struct ibft_nic *n, char *b)
{
	if (!n->has_mac)
		return "";
	snprintf(b, 18, "%02x:%02x:%02x:%02x:%02x:%02x", n->mac[0], n->mac[1], n->mac[2],
		 n->mac[3], n->mac[4], n->mac[5]);
	return b;
}

/* KEY (printf-formed) = value, into kv; a full buffer is a failure, not a cut */
__attribute__((format(printf, 2, 3)))
static void put(const char *val, const char *kfmt, ...)
{
	char key[48];
	va_list ap;

	va_start(ap, kfmt);
	vsnprintf(key, sizeof key, kfmt, ap);
	va_end(ap);
	if (kv_add(&kv, key, val))
		err_fatal(EXIT_SYSTEM, -ENOSPC, "print the table");
}

static void shell(void)
{
	char b[64], n[12];
	unsigned i;

	put(fw.initiator, "IBFT_INITIATOR");
	snprintf(n, sizeof n, "%u", fw.nnic);
	put(n, "IBFT_NNIC");
	for (i = 0; i < fw.nnic; i++) {
		const struct ibft_nic *e = &fw.nic[i];

		snprintf(n, sizeof n, "%u", e->index);
		put(n, "IBFT_NIC%u_INDEX", i);
		put(e->flags & IBFT_FL_BOOT ? "1" : "0", "IBFT_NIC%u_BOOT", i);
		put(mac(e, b), "IBFT_NIC%u_MAC", i);
		put(ibft_nic_dhcp(e) ? "dhcp" : "static", "IBFT_NIC%u_PROTO", i);
		put(ip(&e->ip, b, sizeof b), "IBFT_NIC%u_IP", i);
		snprintf(n, sizeof n, "%d", e->prefix < 0 ? 0 : e->prefix);
		put(e->prefix < 0 ? "" : n, "IBFT_NIC%u_PREFIX", i);
		put(ip(&e->gateway, b, sizeof b), "IBFT_NIC%u_GATEWAY", i);
		put(ip(&e->dns[0], b, sizeof b), "IBFT_NIC%u_DNS0", i);
		put(ip(&e->dns[1], b, sizeof b), "IBFT_NIC%u_DNS1", i);
		snprintf(n, sizeof n, "%u", e->vlan);
		put(e->vlan ? n : "", "IBFT_NIC%u_VLAN", i);
		put(e->hostname, "IBFT_NIC%u_HOSTNAME", i);
	}
	snprintf(n, sizeof n, "%u", fw.ntgt);
	put(n, "IBFT_NTARGET");
	for (i = 0; i < fw.ntgt; i++) {
		const struct ibft_target *t = &fw.tgt[i];

		put(t->flags & IBFT_FL_BOOT ? "1" : "0", "IBFT_TARGET%u_BOOT", i);
		put(t->name, "IBFT_TARGET%u_NAME", i);
		put(t->addr, "IBFT_TARGET%u_ADDR", i);
		snprintf(n, sizeof n, "%u", t->port);
		put(n, "IBFT_TARGET%u_PORT", i);
		snprintf(b, sizeof b, "%llu", (unsigned long long)t->lun);
		put(b, "IBFT_TARGET%u_LUN", i);
		snprintf(n, sizeof n, "%d", t->nic);
		put(t->nic < 0 ? "" : n, "IBFT_TARGET%u_NIC", i);
		put(t->chap_type == 2 ? "mutual" : t->chap_type ? "chap" : "none", "IBFT_TARGET%u_AUTH", i);
		put(t->chap_name, "IBFT_TARGET%u_CHAP_USER", i);
		put(t->rchap_name, "IBFT_TARGET%u_CHAP_USER_IN", i);
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

/* ip=/vlan= words for the NICs a boot uses (ibft_nic_used), one per line:
 *   vlan=<dev>.<id>:<dev>          when the table has a VLAN tag
 *   ip=<dev>:dhcp                  origin DHCP
 *   ip=<client>::<gw>:<mask>:<hostname>:<dev>:none[:<dns0>[:<dns1>]]
 * <dev> is the interface with the table's MAC. Exits 111 naming the MAC when
 * no interface has it (its driver not loaded yet?). */
static void ipwords(const char *sys)
{
	char dev[IPSPEC_DEV_MAX], m[18], a[64], g[64], d0[64], d1[64], mask[64];
	unsigned i, j;

	for (i = 0; i < fw.nnic; i++) {
		const struct ibft_nic *e = &fw.nic[i];
		int v6 = e->ip.family == AF_INET6;

		if (!ibft_nic_used(&fw, e))
			continue;
		if (!e->has_mac)
			err_fatal(EXIT_SYSTEM, -EINVAL, "configure nic %u of the iBFT: it has no MAC "
				  "address", e->index);
		if (ibft_netdev(sys, e->mac, dev, sizeof dev))
			err_fatal(EXIT_SYSTEM, -ENODEV, "configure nic %u of the iBFT: no network "
				  "interface has MAC %s (is its driver loaded?)", e->index, mac(e, m));
		if (e->vlan) {
			size_t n = strlen(dev);
			add("vlan=%s.%u:%s\n", dev, e->vlan, dev);
			if (snprintf(dev + n, sizeof dev - n, ".%u", e->vlan) >= (int)(sizeof dev - n))
				err_fatal(EXIT_SYSTEM, -ENAMETOOLONG, "name the VLAN %u interface over "
					  "%.*s", e->vlan, (int)n, dev);
		}
		if (ibft_nic_dhcp(e)) {
			add("ip=%s:dhcp\n", dev);
			continue;
		}
		if (!e->ip.family)
			err_fatal(EXIT_SYSTEM, -EINVAL, "configure nic %u of the iBFT: static (origin "
				  "%u) but no address", e->index, e->origin);
		mask[0] = 0;
		if (e->prefix >= 0 && v6)
			snprintf(mask, sizeof mask, "%d", e->prefix);
		else if (e->prefix >= 0) {
			uint32_t bits = e->prefix ? ~0u << (32 - e->prefix) : 0;
			snprintf(mask, sizeof mask, "%u.%u.%u.%u", bits >> 24, bits >> 16 & 255,
				 bits >> 8 & 255, bits & 255);
		}
		ip(&e->ip, a, sizeof a);
		add(v6 ? "ip=[%s]::" : "ip=%s::", a);
		if (e->gateway.family)
			add(v6 ? "[%s]" : "%s", ip(&e->gateway, g, sizeof g));
		add(":%s:%s:%s:none", mask, e->hostname, dev);
		for (j = 0; j < 2 && e->dns[j].family; j++)
			add(e->dns[j].family == AF_INET6 ? ":[%s]" : ":%s",
			    ip(&e->dns[j], j ? d1 : d0, sizeof d0));
		add("\n");
	}
	(void)!write(1, text, kv.len);
}

int main(int argc, char **argv)
{
	const char *sys = NULL;
	char err[400];
	int i, sh = 0, ipw = 0, rc;

	log_init("ibft-reader");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-s"))
			sh = 1;
		else if (!strcmp(argv[i], "--ip"))
			ipw = 1;
		else if (!strcmp(argv[i], "--sysfs") && i + 1 < argc)
			sys = argv[++i];
		else if (!strncmp(argv[i], "--sysfs=", 8))
			sys = argv[i] + 8;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			add("usage: %s\n", USAGE);
			(void)!write(1, text, kv.len);
			return EXIT_OK;
		} else
			err_usage(USAGE, "unexpected argument '%s'", argv[i]);
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
	if (sh + ipw > 1)
		err_usage(USAGE, "-s and --ip exclude each other");
	if (ipw)
		ipwords(sys);
	else if (sh)
		shell();
	else
		report(sys ? sys : getenv("ISCSIROOT_SYSFS") ? (const char *)getenv("ISCSIROOT_SYSFS") : "/sys");
	return EXIT_OK;
}
