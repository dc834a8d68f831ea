/* ibft — see ibft.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "dir.h"
#include "ibft.h"
#include "num.h"
#include "sysfs.h"

/* One entry directory being read: where, and the error buffer. */
struct rd {
	char dir[200];                     /* ".../firmware/ibft/target0" */
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 4, 5)))
static int bad(struct rd *r, const char *attr, int rc, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(r->err, r->errlen, "%s/%s: ", r->dir, attr);

	if (n >= 0 && (size_t)n < r->errlen) {
		va_start(ap, fmt);
		vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return rc;
}

/* Read attribute attr into buf (cap). 1 read, 0 absent (= not set), <0 error. */
static int get(struct rd *r, const char *attr, char *buf, size_t cap)
{
	char path[256];
	int n;

	buf[0] = 0;
	if (sysfs_path(path, sizeof path, "%s/%s", r->dir, attr) < 0)
		return bad(r, attr, -ENAMETOOLONG, "path too long");
	n = sysfs_read(path, buf, cap);
	if (n == -ENOENT)
		return 0;
	if (n == -EFBIG)
		return bad(r, attr, -EINVAL, "longer than %zu bytes", cap - 1);
	if (n < 0)
		return bad(r, attr, n, "cannot read it: %s", strerror(-n));
	return n > 0;
}

/* Decimal attribute in [0, max]; absent → dflt. */
static int get_num(struct rd *r, const char *attr, unsigned max, unsigned dflt, unsigned *out)
{
	char b[24];
	uint64_t v;
	int rc = get(r, attr, b, sizeof b);

	*out = dflt;
	if (rc <= 0)
		return rc;
	if (num_u64(b, 0, max, &v))
		return bad(r, attr, -EINVAL, "'%s' is not a number in 0..%u", b, max);
	*out = (unsigned)v;
	return 0;
}

/* IPv4 or IPv6 address; absent or all zero → family 0. */
static int get_ip(struct rd *r, const char *attr, struct inaddr *a)
{
	static const uint8_t zero[16];
	char b[64];
	int rc = get(r, attr, b, sizeof b);

	memset(a, 0, sizeof *a);
	if (rc <= 0)
		return rc;
	if (inaddr_parse(b, a, INADDR_ZEROS))
		return bad(r, attr, -EINVAL, "'%s' is not an IPv4 or IPv6 address", b);
	if (!memcmp(a->a, zero, sizeof zero))
		a->family = 0;
	return 0;
}

/* Printable ASCII text (names, CHAP values); secret: never echoed. */
static int get_text(struct rd *r, const char *attr, char *out, size_t cap, int secret)
{
	int rc = get(r, attr, out, cap), i;

	if (rc <= 0)
		return rc;
	for (i = 0; out[i]; i++)
		if ((unsigned char)out[i] < 0x21 || (unsigned char)out[i] > 0x7e) {
			rc = secret ? bad(r, attr, -EINVAL, "byte %d is not printable ASCII", i)
				    : bad(r, attr, -EINVAL, "'%s': byte %d is not printable ASCII",
					  out, i);
			out[0] = 0;
			return rc;
		}
	return 0;
}

static int get_name(struct rd *r, const char *attr, char *out)
{
	char why[300];
	int rc = get_text(r, attr, out, ROOTPATH_NAME_MAX + 1, 0);

	if (rc || !*out)
		return rc;
	if (rootpath_name(out, why, sizeof why))
		return bad(r, attr, -EINVAL, "%s", why);
	return 0;
}


int ibft_lun(const char *s, uint64_t *lun)
{
	size_t n = strnlen(s, 24), p, i;
	unsigned b0, b1;

	/* Eight bytes printed "%x" each: 8 to 16 hex digits. Only single-level
	 * LUNs are taken: the last six bytes must be the six "0" digits at the
	 * end, leaving 2..4 digits p for bytes 0 and 1. */
	if (n < 8 || n > 16)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (num_hexdigit(s[i]) < 0)
			return -EINVAL;
	p = n - 6;
	if (p > 4 || strspn(s + p, "0") != 6)
		return -EINVAL;         /* a non-zero byte beyond the first level */
	if (p == 2) {                   /* both one digit */
		b0 = (unsigned)num_hexdigit(s[0]);
		b1 = (unsigned)num_hexdigit(s[1]);
	} else if (p == 4) {            /* both two digits */
		b0 = (unsigned)(num_hexdigit(s[0]) << 4 | num_hexdigit(s[1]));
		b1 = (unsigned)(num_hexdigit(s[2]) << 4 | num_hexdigit(s[3]));
	} else if (s[0] == '0') {       /* "0" then a two-digit byte 1 */
		b0 = 0;
		b1 = (unsigned)(num_hexdigit(s[1]) << 4 | num_hexdigit(s[2]));
	} else {
		return -EINVAL;         /* "x yy" or "xx y": cannot tell */
	}
	/* the first level as Linux numbers it (scsilun_to_int) */
	*lun = (uint64_t)(b0 << 8 | b1);
	return 0;
}

static int read_nic(struct rd *r, struct ibft_nic *n)
{
	char b[64];
	unsigned v;
	int rc;

	memset(n, 0, sizeof *n);
	n->prefix = -1;
	if ((rc = get_num(r, "flags", 255, 0, &n->flags)))
		return rc;
	if (!(n->flags & (IBFT_FL_VALID | IBFT_FL_BOOT)))
		return 1;               /* an unused block: its contents do not matter */
	if ((rc = get_num(r, "index", IBFT_MAX_INDEX, 0, &n->index)) ||
	    (rc = get_ip(r, "ip-addr", &n->ip)) ||
	    (rc = get_num(r, "origin", 255, 0, &n->origin)) ||
	    (rc = get_ip(r, "gateway", &n->gateway)) ||
	    (rc = get_ip(r, "primary-dns", &n->dns[0])) ||
	    (rc = get_ip(r, "secondary-dns", &n->dns[1])) ||
	    (rc = get_ip(r, "dhcp", &n->dhcp)) ||
	    (rc = get_num(r, "vlan", 65535, 0, &n->vlan)) ||
	    (rc = get_text(r, "hostname", n->hostname, sizeof n->hostname, 0)))
		return rc;
	if (n->hostname[strspn(n->hostname, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			       "0123456789-._")])
		return bad(r, "hostname", -EINVAL, "'%s' is not a host name (letters, digits, "
			   "'-', '.', '_')", n->hostname);
	/* the 802.1Q tag as firmware stores it: priority bits 13-15, id 0-11 */
	n->vlan &= 0x0fff;
	if (n->vlan == 4095)
		return bad(r, "vlan", -EINVAL, "VLAN id 4095 is reserved");
	if ((rc = get_num(r, "prefix-len", 128, 0, &v)) < 0)
		return rc;
	if (v) {
		if (n->ip.family == AF_INET && v > 32)
			return bad(r, "prefix-len", -EINVAL, "'%u' is longer than 32 for an IPv4 "
				   "address", v);
		n->prefix = (int)v;
	}
	if ((rc = get(r, "mac", b, sizeof b)) < 0)
		return rc;
	if (rc) {
		if (inaddr_mac(b, n->mac))
			return bad(r, "mac", -EINVAL, "'%s' is not a MAC address", b);
		n->has_mac = 1;
	}
	return 0;
}

static int read_tgt(struct rd *r, struct ibft_target *t)
{
	struct inaddr a;
	unsigned port, nic;
	int rc;

	memset(t, 0, sizeof *t);
	if ((rc = get_num(r, "flags", 255, 0, &t->flags)))
		return rc;
	if (!(t->flags & (IBFT_FL_VALID | IBFT_FL_BOOT)))
		return 1;               /* an unused block */
	if ((rc = get_num(r, "index", IBFT_MAX_INDEX, 0, &t->index)) ||
	    (rc = get_ip(r, "ip-addr", &a)) ||
	    (rc = get_num(r, "port", 65535, 0, &port)) ||
	    (rc = get_num(r, "chap-type", 2, 0, &t->chap_type)) ||
	    (rc = get_num(r, "nic-assoc", 255, 255, &nic)) ||
	    (rc = get_name(r, "target-name", t->name)) ||
	    (rc = get_text(r, "chap-name", t->chap_name, sizeof t->chap_name, 0)) ||
	    (rc = get_text(r, "chap-secret", t->chap_secret, sizeof t->chap_secret, 1)) ||
	    (rc = get_text(r, "rev-chap-name", t->rchap_name, sizeof t->rchap_name, 0)) ||
	    (rc = get_text(r, "rev-chap-name-secret", t->rchap_secret, sizeof t->rchap_secret, 1)))
		return rc;
	t->port = port ? (uint16_t)port : 3260;
	t->nic = nic <= IBFT_MAX_INDEX ? (int)nic : -1;
	if (a.family) {
		inaddr_format(&a, t->addr, sizeof t->addr);
		t->af = a.family == AF_INET ? ROOTPATH_AF_INET : ROOTPATH_AF_INET6;
	}
	if ((rc = get(r, "lun", t->lun_text, sizeof t->lun_text)) < 0)
		return rc;
	if (rc && ibft_lun(t->lun_text, &t->lun))
		return bad(r, "lun", -EINVAL, "'%s' is not a single-level LUN this reader can "
			   "decode (the kernel prints the 8 LUN bytes unpadded)", t->lun_text);
	/* what the boot needs of a target, and CHAP that is half there */
	if (!*t->name)
		return bad(r, "target-name", -EINVAL, "missing: a boot target needs its name");
	if (!t->af)
		return bad(r, "ip-addr", -EINVAL, "missing: a boot target needs its address");
	if (t->chap_type >= 1 && (!*t->chap_name || !*t->chap_secret))
		return bad(r, "chap-type", -EINVAL, "'%u' (CHAP) but chap-name or chap-secret "
			   "is empty", t->chap_type);
	if (t->chap_type == 2 && (!*t->rchap_name || !*t->rchap_secret))
		return bad(r, "chap-type", -EINVAL, "'2' (mutual CHAP) but rev-chap-name or "
			   "rev-chap-name-secret is empty");
	if (t->chap_type < 2)
		t->rchap_name[0] = t->rchap_secret[0] = 0;
	if (!t->chap_type)
		t->chap_name[0] = t->chap_secret[0] = 0;
	return 0;
}

static const char *sysroot(const char *sysfs)
{
	if (!sysfs && !(sysfs = getenv("ISCSIROOT_SYSFS")))
		sysfs = "/sys";
	return sysfs;
}

int ibft_read(const char *sysfs, struct ibft *fw, char *err, size_t errlen)
{
	static struct dir d;
	char top[160];
	const char *e;
	struct rd r = { .err = err, .errlen = errlen };
	unsigned idx;
	int rc = 0;

	memset(fw, 0, sizeof *fw);
	err[0] = 0;
	sysfs = sysroot(sysfs);
	if (sysfs_path(top, sizeof top, "%s/firmware/ibft", sysfs) < 0) {
		snprintf(err, errlen, "%s: path too long", sysfs);
		return -ENAMETOOLONG;
	}
	if ((rc = dir_open(&d, top)) < 0) {
		snprintf(err, errlen, "%s: %s", top, rc == -ENOENT ? "no iBFT (the firmware did "
			 "not boot from iSCSI, or module iscsi_ibft is not loaded)" : strerror(-rc));
		return rc;
	}
	while (!rc && (e = dir_next(&d))) {
		int nic = !strncmp(e, "ethernet", 8), tgt = !strncmp(e, "target", 6);
		uint64_t v;

		if (!strcmp(e, "initiator")) {
			snprintf(r.dir, sizeof r.dir, "%s/%s", top, e);
			rc = get_name(&r, "initiator-name", fw->initiator);
			continue;
		}
		if (!nic && !tgt)
			continue;               /* acpi_header, "." … */
		if (num_u64(e + (nic ? 8 : 6), 0, IBFT_MAX_INDEX, &v)) {
			snprintf(err, errlen, "%s/%s: unexpected entry (index above %d?)", top, e,
				 IBFT_MAX_INDEX);
			rc = -E2BIG;
			break;
		}
		snprintf(r.dir, sizeof r.dir, "%s/%s", top, e);
		if (nic) {
			struct ibft_nic n;
			if ((rc = read_nic(&r, &n)))
				;               /* 1: an unused block, skipped */
			else if (ibft_nic_by_index(fw, (int)n.index))
				rc = bad(&r, "index", -EINVAL, "'%u' is used by two ethernet entries",
					 n.index);
			else if (fw->nnic == IBFT_MAX_NIC)
				rc = bad(&r, "index", -E2BIG, "more than %d valid ethernet entries",
					 IBFT_MAX_NIC);
			else
				fw->nic[fw->nnic++] = n;
		} else {
			struct ibft_target t;
			unsigned i;
			if ((rc = read_tgt(&r, &t)))
				;
			else if (fw->ntgt == IBFT_MAX_TGT)
				rc = bad(&r, "index", -E2BIG, "more than %d valid target entries",
					 IBFT_MAX_TGT);
			else
				fw->tgt[fw->ntgt++] = t;
			for (i = 0; !rc && i + 1 < fw->ntgt; i++)
				if (fw->tgt[i].index == t.index)
					rc = bad(&r, "index", -EINVAL, "'%u' is used by two target "
						 "entries", t.index);
			memset(&t, 0, sizeof t);        /* secrets off the stack */
		}
		if (rc == 1)
			rc = 0;
	}
	dir_close(&d);
	if (rc) {
		memset(fw, 0, sizeof *fw);     /* no half table, no stray secret */
		return rc;
	}
	/* by index, as the firmware numbered them (directory order is not) */
	for (idx = 1; idx < fw->nnic; idx++)
		for (unsigned j = idx; j && fw->nic[j - 1].index > fw->nic[j].index; j--) {
			struct ibft_nic t = fw->nic[j];
			fw->nic[j] = fw->nic[j - 1];
			fw->nic[j - 1] = t;
		}
	for (idx = 1; idx < fw->ntgt; idx++)
		for (unsigned j = idx; j && fw->tgt[j - 1].index > fw->tgt[j].index; j--) {
			struct ibft_target t = fw->tgt[j];
			fw->tgt[j] = fw->tgt[j - 1];
			fw->tgt[j - 1] = t;
		}
	return 0;
}

const struct ibft_nic *ibft_nic_by_index(const struct ibft *fw, int index)
{
	unsigned i;

	for (i = 0; i < fw->nnic; i++)
		if ((int)fw->nic[i].index == index)
			return &fw->nic[i];
	return NULL;
}

int ibft_nic_dhcp(const struct ibft_nic *n)
{
	return n->origin == IBFT_ORIGIN_DHCP || (n->origin == IBFT_ORIGIN_OTHER && n->dhcp.family);
}

int ibft_ipspec(const struct ibft_nic *n, struct ipspec *s, const char **why)
{
	memset(s, 0, sizeof *s);
	s->prefix = -1;
	if (!n->has_mac)
		return *why = "no MAC address", -EINVAL;
	memcpy(s->mac, n->mac, 6);
	s->has_mac = 1;
	memcpy(s->hostname, n->hostname, sizeof s->hostname);
	s->dns[0] = n->dns[0];
	s->dns[1] = n->dns[1];
	if (ibft_nic_dhcp(n) && n->ip.family != AF_INET6) {
		s->proto = IPSPEC_DHCP;
		return 0;
	}
	if (!n->ip.family)
		return *why = "no address and not DHCP", -EINVAL;
	s->proto = IPSPEC_STATIC;
	s->client = n->ip;
	s->prefix = n->prefix;
	if (n->gateway.family == n->ip.family)
		s->gw = n->gateway;
	return 0;
}

int ibft_netdev(const char *sysfs, const uint8_t mac[6], char *dev, size_t cap)
{
	static struct dir d;
	char path[300], b[64];
	const char *e;
	uint8_t m[6];
	int rc, seen = 0;

	sysfs = sysroot(sysfs);
	if (sysfs_path(path, sizeof path, "%s/class/net", sysfs) < 0)
		return -ENAMETOOLONG;
	if ((rc = dir_open(&d, path)) < 0)
		return rc;
	rc = -ENODEV;
	while (rc && (e = dir_next(&d)) && seen++ < 256 + 2) {
		if (e[0] == '.' || strlen(e) >= cap ||
		    sysfs_path(path, sizeof path, "%s/class/net/%s/address", sysfs, e) < 0 ||
		    sysfs_read(path, b, sizeof b) < 0 || inaddr_mac(b, m) || memcmp(m, mac, 6))
			continue;
		snprintf(path, sizeof path, "%s/class/net/%s/addr_assign_type", sysfs, e);
		if (sysfs_read(path, b, sizeof b) > 0 && !strcmp(b, "2"))
			continue;
		strcpy(dev, e);
		rc = 0;
	}
	dir_close(&d);
	return rc;
}

int ibft_nic_used(const struct ibft *fw, const struct ibft_nic *n)
{
	unsigned i, any = 0;

	for (i = 0; i < fw->nnic; i++)
		any |= (fw->nic[i].flags & IBFT_FL_BOOT) != 0;
	for (i = 0; i < fw->ntgt; i++)
		any |= ibft_nic_by_index(fw, fw->tgt[i].nic) != NULL;
	if (!any || n->flags & IBFT_FL_BOOT)
		return 1;
	for (i = 0; i < fw->ntgt; i++)
		if (fw->tgt[i].nic == (int)n->index)
			return 1;
	return 0;
}
