/* Fuzz root-path, LUN, address and name parsing (DHCP option 17 is untrusted).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "rootpath.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rootpath rp;
	char why[256], out[ROOTPATH_ADDR_MAX + 1], b[32];
	char *s = malloc(size + 1);
	uint64_t lun, back;
	int af;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	for (int mode = 0; mode < 3; mode++) {
		if (rootpath_parse(s, mode, &rp, why, sizeof why) == 0) {
			if (rootpath_name(rp.target, why, sizeof why) || !rp.port)
				abort();
			if (strlen(rp.server) > ROOTPATH_ADDR_MAX || strlen(rp.netdev) > ROOTPATH_IFNAME_MAX)
				abort();
			rootpath_lun_rfc(rp.lun, b, sizeof b);
			if (rootpath_lun(b, ROOTPATH_LUN_HEX, &back, NULL, why, sizeof why) || back != rp.lun)
				abort();        /* every LUN survives its RFC form */
		}
		if (rootpath_lun(s, mode, &lun, NULL, why, sizeof why) == 0) {
			rootpath_lun_rfc(lun, b, sizeof b);
			if (rootpath_lun(b, ROOTPATH_LUN_HEX, &back, NULL, why, sizeof why) || back != lun)
				abort();
		}
	}
	if (rootpath_addr(s, 1, out, &af, why, sizeof why) == 0 && strlen(out) > ROOTPATH_ADDR_MAX)
		abort();
	(void)rootpath_name(s, why, sizeof why);
	free(s);
	return 0;
}
