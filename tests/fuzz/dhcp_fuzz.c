/* Fuzz the DHCP reply path: IPv4/UDP unframing and option parsing, with the
 * xid and chaddr taken from the input so parsing goes past the "is it ours"
 * check. SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "dhcp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dhcp_lease l;
	const uint8_t *msg;
	const char *why;
	size_t mlen;
	uint8_t *copy = malloc(size ? size : 1);   /* exact-size copy: ASan sees overreads */
	int i;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (size >= 240) {
		uint32_t xid = (uint32_t)copy[4] << 24 | copy[5] << 16 | copy[6] << 8 | copy[7];

		if (dhcp_parse(copy, size, xid, copy + 28, &l, &why) == 0) {
			if (l.n_routes > DHCP_MAX_ROUTES || l.n_dns > 3 || l.n_ntp > 2 ||
			    strlen(l.search) >= sizeof l.search || strlen(l.rootpath) >= sizeof l.rootpath)
				abort();
			for (i = 0; l.rootpath[i]; i++)
				if (l.rootpath[i] < 0x20 || l.rootpath[i] > 0x7e)
					abort();   /* documented: printable ASCII only */
		}
	}
	if (dhcp_unframe(copy, size, size & 1, &msg, &mlen) == 0 &&
	    (msg < copy || msg + mlen > copy + size))
		abort();
	free(copy);
	return 0;
}
