/* boot: the --cmdline orchestration without a kernel: configuration errors,
 * -b without an iBFT, no target / no initiator, the DHCP root-path wait on a
 * fake clock, a kernel that has no iscsi_tcp, rd.iscsi.param applied like -P,
 * the ISID. Every failure has its message and exit code. SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boot.h"
#include "err.h"
#include "log.h"
#include "test.h"

static uint64_t fake_now;
static uint64_t fnow(void) { return fake_now; }
static void fsleep(uint64_t ms) { fake_now += ms; }
static char notes[8192];

static void fnote(void *ctx, int level, const char *m)
{
	size_t l = strlen(notes);

	(void)ctx;
	snprintf(notes + l, sizeof notes - l, "%d %s\n", level, m);
}

static struct boot B;
static struct param_opts P;
static struct attempt_policy pol;
static char dir[] = "/tmp/boot_test.XXXXXX", cmdline[256];

static void setup(const char *text, int fwmode)
{
	FILE *f = fopen(cmdline, "w");

	fputs(text, f);
	fclose(f);
	memset(&B, 0, sizeof B);
	memset(&P, 0, sizeof P);
	memset(&pol, 0, sizeof pol);
	P.cfg.login_timeout = 15;
	P.chap_fallback = 1;
	P.cfg.lp.chap_algs = "7,5";
	pol.now = fnow;
	pol.sleep = fsleep;
	pol.note = fnote;
	B.po = &P;
	B.pol = &pol;
	B.note = fnote;
	B.fwmode = fwmode;
	B.scan_wait_ms = 100;
	B.sysfs = dir;                   /* no iscsi_tcp, no iBFT */
	B.rundir = dir;
	fake_now = 0;
	notes[0] = 0;
}

int main(void)
{
	char p[300];
	int rc;

	if (!mkdtemp(dir))
		return 1;
	snprintf(cmdline, sizeof cmdline, "%s/cmdline", dir);
	setenv("ISCSIROOT_CONF", "", 1);
	setenv("ISCSIROOT_DEBIAN_CONF", "", 1);
	setenv("ISCSIROOT_INITIATORNAME", "", 1);
	setenv("ISCSIROOT_SYSFS", dir, 1);

	setup("root=iscsi:192.0.2.1::3260:1:iqn.2024-01.test:t rd.iscsi.bogus=1 rd.iscsi.param=x y", 0);
	rc = boot_load(&B, cmdline);
	ok(rc < 0 && B.exit_code == EXIT_USAGE && !strncmp(B.error, "read the boot configuration: ", 29),
	   "bad configuration: usage error (%s)", B.error);

	setup("root=iscsi:192.0.2.1::3260:1:iqn.2024-01.test:t "
	      "rd.iscsi.param=node.session.queue_depth=0", 0);
	rc = boot_load(&B, cmdline);
	ok(rc < 0 && B.exit_code == EXIT_USAGE &&
	   strstr(B.error, "rd.iscsi.param: invalid node.session.queue_depth '0' (want an integer from 1 "
		  "to 1024)"), "bad rd.iscsi.param value: -P's message (%s)", B.error);

	setup("quiet", 'b');
	rc = boot_load(&B, cmdline);
	ok(rc < 0 && B.exit_code == EXIT_NEGATIVE &&
	   !strncmp(B.error, "log in to the firmware's targets: ", 34), "-b without an iBFT: 1 (%s)",
	   B.error);
	setup("rd.iscsi.firmware=1 rd.iscsi.initiator=iqn.2024-01.test:i", 0);
	rc = boot_load(&B, cmdline);
	ok(rc == 0 && B.cfg.nwarn && strstr(B.cfg.warn[B.cfg.nwarn - 1], "rd.iscsi.firmware: "),
	   "rd.iscsi.firmware without an iBFT: a warning");
	rc = boot_login(&B);
	ok(rc < 0 && B.exit_code == EXIT_NEGATIVE &&
	   !strncmp(B.error, "find an iSCSI root: none configured", 35), "then no target: 1 (%s)",
	   B.error);
	ok(strstr(notes, "1 rd.iscsi.firmware: ") != NULL, "the warning is noted");

	setup("root=iscsi:192.0.2.1::3260:1:iqn.2024-01.test:t", 0);
	ok(boot_load(&B, cmdline) == 0, "load");
	rc = boot_login(&B);
	ok(rc < 0 && B.exit_code == EXIT_USAGE && !strncmp(B.error, "log in: no initiator name", 25),
	   "no initiator: usage (%s)", B.error);

	setup("root=dhcp rd.iscsi.initiator=iqn.2024-01.test:i rd.iscsiroot.deadline=7", 0);
	ok(boot_load(&B, cmdline) == 0, "load root=dhcp");
	rc = boot_login(&B);
	snprintf(p, sizeof p, "get a root-path from DHCP: none in %s/net-*.conf after 7 s", dir);
	ok(rc < 0 && B.exit_code == EXIT_TIMEOUT && !strcmp(B.error, p) && fake_now >= 7000 &&
	   fake_now < 7200, "DHCP wait: timeout at the deadline (%s, %llu ms)", B.error,
	   (unsigned long long)fake_now);

	setup("root=iscsi:192.0.2.1::3260:1:iqn.2024-01.test:t rd.iscsi.initiator=iqn.2024-01.test:i "
	      "rd.iscsi.param=node.session.timeo.replacement_timeout=600 "
	      "rd.iscsi.param=node.session.auth.chap_algs=MD5 rd.iscsi.param=node.startup=manual "
	      "rd.iscsi.param=node.session.nonsense=1 rd.iscsiroot.login_timeout=4", 0);
	ok(boot_load(&B, cmdline) == 0, "load with params");
	rc = boot_login(&B);
	ok(rc < 0 && B.exit_code == EXIT_NEGATIVE &&
	   !strcmp(B.error, "log in to the root target iqn.2024-01.test:t: no portal logged in (see "
		   "above)"), "no iscsi_tcp: every portal failed finally (%s)", B.error);
	ok(strstr(notes, "iscsi_tcp is not loaded") != NULL, "why is noted");
	ok(P.cfg.replacement_timeout == 600 && !strcmp(P.cfg.lp.chap_algs, "5") &&
	   pol.chap_fallback == 0 && P.cfg.lp.timeout_ms == 4000 && P.cfg.login_timeout == 4,
	   "rd.iscsi.param and login_timeout applied like -P");
	ok(strstr(notes, "1 -P node.session.nonsense: unknown parameter name, ignored") &&
	   strstr(notes, "2 -P node.startup: accepted, has no effect here"), "param notes");

	{
		struct session_cfg a = { 0 }, b = { 0 };

		a.lp.initiator_name = b.lp.initiator_name = "iqn.2024-01.test:i";
		a.lp.target_name = "iqn.2024-01.test:t";
		b.lp.target_name = "iqn.2024-01.test:u";
		boot_isid(&a);
		boot_isid(&b);
		ok((a.lp.isid[0] & 0xc0) == 0x80 && memcmp(a.lp.isid, b.lp.isid, 6),
		   "ISID: random format, per target");
		b.lp.target_name = a.lp.target_name;
		boot_isid(&b);
		ok(!memcmp(a.lp.isid, b.lp.isid, 6), "ISID: the same names give the same ISID");
	}
	unlink(cmdline);
	rmdir(dir);
	return done();
}
