/* plan — see plan.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ipspec.h"
#include "plan.h"

int plan_iscsi(const struct cfg *c)
{
	return c->ntargets || c->dhcp_rootpath || c->firmware;
}

static const char *plan_yn(int b)
{
	return b ? "yes" : "no";
}

int plan_kv(const struct cfg *c, const struct cmdline *cl, struct kv_buf *out)
{
	const char *last = NULL, *net, *root = "", *why;
	char k[24], dev[IPSPEC_DEV_MAX] = "";
	int iscsi = plan_iscsi(c), off = 0, rc, r;
	struct ipspec s;
	unsigned i;

	for (i = 0; cl && i < cl->n; i++) {
		if (strcmp(cl->arg[i].key, "ip"))
			continue;
		last = cl->arg[i].val ? cl->arg[i].val : "";
		if (ipspec_parse(last, IPSPEC_DHCP, &s, &why))
			continue;       /* ipconfig names the error */
		off |= s.proto == IPSPEC_OFF;
		memcpy(dev, s.dev, sizeof dev);
	}
	if (!iscsi || (last && *last && off && !(c->ibft_net && strcmp(last, "ibft"))))
		net = "none";
	else if (c->ibft_net && !(last && !strcmp(last, "ibft")))
		net = "ibft";
	else
		net = last && *last ? "cmdline" : "dhcp";
	if (*net != 'c' || !strcmp(dev, "all"))
		dev[0] = 0;             /* the iBFT's NIC is known when it is read */
	if (!dev[0] && (*net == 'c' || *net == 'd') && (r = cfg_root(c)) >= 0 && c->target[r].nportals)
		snprintf(dev, sizeof dev, "%s", c->target[r].portal[0].netdev);
	if (iscsi)
		root = !*c->rootspec || !strcmp(c->rootspec, "/dev/root") ||
		       !strcmp(c->rootspec, "block:/dev/root") ? "lun" : "keep";
	{
		static const char keys[] = "PLAN_ISCSI\0PLAN_FW_MODULES\0PLAN_MODULES\0PLAN_NET\0"
			"PLAN_NETDEV\0PLAN_ROOT\0PLAN_ROOTSPEC\0PLAN_FIRMWARE\0PLAN_IBFT\0PLAN_DHCP\0"
			"PLAN_TARGETS\0PLAN_NWARN";
		char nt[12], nw[12];
		const char *val[] = {
			plan_yn(iscsi), iscsi && (c->firmware || c->ibft_net) ? "iscsi_ibft" : "",
			iscsi ? "iscsi_tcp sd_mod" : "", net, dev, root,
			*root == 'k' ? c->rootspec : "", plan_yn(c->firmware), plan_yn(c->ibft_net),
			plan_yn(c->dhcp_rootpath), nt, nw,
		};
		const char *key = keys;

		snprintf(nt, sizeof nt, "%u", c->ntargets);
		snprintf(nw, sizeof nw, "%u", c->nwarn);
		for (i = 0; i < sizeof val / sizeof *val; i++, key += strlen(key) + 1)
			if ((rc = kv_add(out, key, val[i])))
				return rc;
	}
	for (i = 0; i < c->nwarn; i++) {
		snprintf(k, sizeof k, "PLAN_WARN%u", i);
		if ((rc = kv_add(out, k, c->warn[i])))
			return rc;
	}
	return 0;
}

int plan_load(const struct cfg *c, const char *path, struct kv_buf *out)
{
	static struct cmdline cl;

	return plan_kv(c, cmdline_read(&cl, path, CMDLINE_KERNEL) ? NULL : &cl, out);
}
