/* scan: LUN -> block device discovery over a fixture sysfs tree.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "clock.h"
#include "nl.h"
#include "scan.h"
#include "test.h"

int main(void)
{
	char tmp[] = "/tmp/scan_testXXXXXX", cmd[256], got[16] = "";
	struct scan_lun l[8];
	uint64_t t0;
	FILE *f;
	int n;

	ok(mkdtemp(tmp) != NULL, "tmp dir");
	snprintf(cmd, sizeof cmd, "cp -r tests/fixtures/sysfs-scan/. %s/", tmp);
	ok(system(cmd) == 0, "copy fixture");

	ok(scan_host(tmp, 2) == 0, "scan host2");
	snprintf(cmd, sizeof cmd, "%s/class/scsi_host/host2/scan", tmp);
	f = fopen(cmd, "r");
	if (f) {
		if (!fgets(got, sizeof got, f))
			got[0] = 0;
		fclose(f);
	}
	ok(strcmp(got, "- - -") == 0, "wrote '- - -' (got '%s')", got);
	ok(scan_host(tmp, 9) == -ENOENT, "missing host -> -ENOENT");

	n = scan_list(tmp, 1, l, 8);
	ok(n == 4, "session1: 4 SCSI devices, bogus:1 skipped (got %d)", n);
	ok(n == 4 && l[0].lun == 0 && l[0].type == 12 && l[0].dev[0] == 0, "LUN 0 controller, no block");
	ok(n == 4 && l[1].lun == 1 && l[1].type == 0 && !strcmp(l[1].dev, "sdb"), "LUN 1 -> sdb");
	ok(n == 4 && l[2].lun == 2 && !strcmp(l[2].dev, "sdc"), "LUN 2 -> sdc");
	ok(n == 4 && l[3].lun == 10 && l[3].type == 5 && !strcmp(l[3].dev, "sr0"),
	   "LUN 10 old-style block:sr0, sorted numerically after 2");
	n = scan_list(tmp, 1, l, 2);
	ok(n == 2 && l[0].lun == 0 && l[1].lun == 1, "max 2 keeps the lowest LUNs");
	ok(scan_list(tmp, 7, l, 8) == -ENOENT, "missing session -> -ENOENT");

	ok(scan_wait(tmp, 1, l, 8, 1000) == 4, "wait: session1 complete at once");
	t0 = clock_ms();
	n = scan_wait(tmp, 3, l, 8, 200);
	ok(n == -ETIMEDOUT && clock_ms() - t0 >= 200 && clock_ms() - t0 < 1000,
	   "wait: disk without block device times out after ~200 ms (%d)", n);
	snprintf(cmd, sizeof cmd,
		 "(sleep 0.3; mkdir -p %s/class/iscsi_session/session3/device/target4:0:0/4:0:0:1/block/sdd) &",
		 tmp);
	ok(system(cmd) == 0, "block device appears later");
	t0 = clock_ms();
	n = scan_wait(tmp, 3, l, 8, 3000);
	ok(n == 1 && !strcmp(l[0].dev, "sdd") && clock_ms() - t0 >= 250, "wait: found sdd when it appeared");
	n = scan_wait(tmp, 5, l, 8, 100);
	ok(n == -ETIMEDOUT, "wait: session that never appears times out");

	snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
	system(cmd);
	return done();
}
