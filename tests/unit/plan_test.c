/* plan_kv: the PLAN_* lines of iscsistart --explain-sh for each kind of
 * configuration, and that a shell reads them back. SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "plan.h"
#include "test.h"

static struct cfg C;
static struct cmdline CL;

/* each want: lines that must be in the output, "|"-separated */
static const struct row {
	const char *cmdline, *conf, *want;
} rows[] = {
	{ "quiet", NULL, "PLAN_ISCSI='no'|PLAN_MODULES=''|PLAN_FW_MODULES=''|PLAN_NET='none'|PLAN_ROOT=''" },
	{ "root=UUID=1 ip=dhcp", NULL, "PLAN_ISCSI='no'|PLAN_NET='none'" },
	{ "ip=dhcp netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:root",
	  NULL, "PLAN_ISCSI='yes'|PLAN_MODULES='iscsi_tcp sd_mod'|PLAN_FW_MODULES=''|PLAN_NET='cmdline'|"
	  "PLAN_NETDEV=''|PLAN_ROOT='lun'|PLAN_ROOTSPEC=''|PLAN_TARGETS='1'|PLAN_FIRMWARE='no'" },
	{ "root=iscsi:192.0.2.1::::iqn.2024-01.org.example:root", NULL,
	  "PLAN_NET='dhcp'|PLAN_ROOT='lun'" },
	{ "ip= root=iscsi:192.0.2.1::::iqn.2024-01.org.example:root", NULL, "PLAN_NET='dhcp'" },
	{ "ip=192.0.2.9::192.0.2.1:24::ens3:none root=iscsi:192.0.2.1::::iqn.2024-01.org.example:root",
	  NULL, "PLAN_NET='cmdline'|PLAN_NETDEV='ens3'" },
	{ "ip=eth1:dhcp ip=off root=iscsi:192.0.2.1::::iqn.2024-01.org.example:root", NULL,
	  "PLAN_NET='none'|PLAN_NETDEV=''" },
	{ "ip=dhcp netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:root root=UUID=0a1b", NULL,
	  "PLAN_ROOT='keep'|PLAN_ROOTSPEC='UUID=0a1b'" },
	{ "root=/dev/root netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:root", NULL,
	  "PLAN_ROOT='lun'|PLAN_ROOTSPEC=''" },
	{ "ip=dhcp", "root=LABEL=r netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:root",
	  "PLAN_ROOT='keep'|PLAN_ROOTSPEC='LABEL=r'|PLAN_NET='cmdline'" },
	{ "ip=dhcp root=dhcp", NULL, "PLAN_ISCSI='yes'|PLAN_DHCP='yes'|PLAN_ROOT='lun'|PLAN_TARGETS='0'" },
	{ "rd.iscsi.firmware=1 rd.iscsi.ibft=1", NULL,
	  "PLAN_ISCSI='yes'|PLAN_FW_MODULES='iscsi_ibft'|PLAN_NET='ibft'|PLAN_FIRMWARE='yes'|PLAN_IBFT='yes'" },
	{ "rd.iscsi.firmware=1 rd.iscsi.ibft=1 ip=dhcp", NULL, "PLAN_NET='ibft'" },
	{ "rd.iscsi.firmware=1 ip=ibft", NULL, "PLAN_FW_MODULES='iscsi_ibft'|PLAN_NET='cmdline'|PLAN_IBFT='yes'" },
	{ "rd.iscsi.firmware=1 ip=dhcp", NULL, "PLAN_FW_MODULES='iscsi_ibft'|PLAN_NET='cmdline'|PLAN_IBFT='no'" },
	{ "iscsi_auto", NULL, "PLAN_FW_MODULES='iscsi_ibft'|PLAN_NET='ibft'" },
	{ "ip=dhcp netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:root rd.iscsi.bogus=1", NULL,
	  "PLAN_NWARN='1'|PLAN_WARN0='cmdline: 'rd.iscsi.bogus' is not a parameter iscsiroot knows: ignored'" },
	/* a malformed ip= is ipconfig's to name: the plan still says cmdline */
	{ "ip=1.2.3:x netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:root", NULL, "PLAN_NET='cmdline'" },
};

/* want's lines, each in got (the line itself, quoted as kv.c quotes) */
static int has_all(const char *got, const char *want)
{
	char w[512], line[600], *tok, *save;

	snprintf(w, sizeof w, "%s", want);
	for (tok = strtok_r(w, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
		char *eq = strchr(tok, '=');
		struct kv_buf b = { line, sizeof line, 0 };
		char key[64], val[512];

		if (!eq || eq[1] != '\'')
			return 0;
		snprintf(key, sizeof key, "%.*s", (int)(eq - tok), tok);
		snprintf(val, sizeof val, "%.*s", (int)strlen(eq + 2) - 1, eq + 2);
		if (kv_add(&b, key, val))
			return 0;
		if (!strstr(got, line) || (got != strstr(got, line) && strstr(got, line)[-1] != '\n'))
			return 0;
	}
	return 1;
}

int main(void)
{
	static char out[8192];
	struct kv_buf b;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		const struct row *r = &rows[i];
		int rc = conf_text(&C, r->cmdline, r->conf, NULL);

		ok(rc == 0, "row %zu: configuration read (%s)", i, C.error);
		ok(cmdline_parse(&CL, r->cmdline, strlen(r->cmdline), CMDLINE_KERNEL) == 0, "row %zu: cmdline", i);
		b = (struct kv_buf){ out, sizeof out, 0 };
		ok(plan_kv(&C, &CL, &b) == 0, "row %zu: plan built", i);
		if (!ok(has_all(out, r->want), "row %zu: %s", i, r->cmdline))
			printf("# got:\n%s", out);
		ok(!strncmp(out, "PLAN_ISCSI='", 12), "row %zu: PLAN_ISCSI first", i);
	}
	/* no command line at all: the same as an empty one */
	conf_text(&C, "", "netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:root", NULL);
	b = (struct kv_buf){ out, sizeof out, 0 };
	ok(plan_kv(&C, NULL, &b) == 0 && has_all(out, "PLAN_NET='dhcp'|PLAN_ISCSI='yes'"), "no cmdline: dhcp");
	/* too small a buffer: -ENOSPC, never an overrun */
	{
		char small[40];
		struct kv_buf s = { small, sizeof small, 0 };
		ok(plan_kv(&C, NULL, &s) == -ENOSPC && s.len < sizeof small, "small buffer: -ENOSPC");
	}
	/* the shell reads the lines back: a value with quotes stays one value */
	{
		char path[] = "/tmp/plan_testXXXXXX", cmd[256], got[256];
		const char *cl = "netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:root root=LABEL=it's";
		int fd = mkstemp(path);
		FILE *p;
		size_t n;

		conf_text(&C, cl, NULL, NULL);
		cmdline_parse(&CL, cl, strlen(cl), CMDLINE_KERNEL);
		b = (struct kv_buf){ out, sizeof out, 0 };
		plan_kv(&C, &CL, &b);
		ok(fd >= 0 && write(fd, out, b.len) == (ssize_t)b.len, "plan written");
		close(fd);
		snprintf(cmd, sizeof cmd, "sh -c 'eval \"$(cat %s)\"; printf %%s \"$PLAN_ROOT/$PLAN_ROOTSPEC\"'", path);
		p = popen(cmd, "r");
		n = p ? fread(got, 1, sizeof got - 1, p) : 0;
		got[n] = 0;
		ok(p && pclose(p) == 0 && !strcmp(got, "keep/LABEL=it's"), "sh evals it back: '%s'", got);
		unlink(path);
	}
	return done();
}
