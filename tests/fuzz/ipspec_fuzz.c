/* Fuzz ip= specs and whole command lines. SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ipspec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ipspec_cmdline c;
	struct ipspec s;
	const char *why, *bad;
	char *str = malloc(size + 1);
	int i;

	if (!str)
		return 0;
	memcpy(str, data, size);
	str[size] = 0;
	if (ipspec_parse(str, IPSPEC_DHCP, &s, &why) == 0) {
		if (strlen(s.dev) >= sizeof s.dev || strchr(s.dev, '/') || strlen(s.hostname) >= sizeof s.hostname ||
		    s.prefix > 128 || (s.mtu && (s.mtu < 68 || s.mtu > 65535)))
			abort();
		if (s.proto == IPSPEC_STATIC && !s.client.family)
			abort();    /* documented: static needs an address */
	} else if (!why || !*why) {
		abort();            /* every refusal says why */
	}
	if (ipspec_cmdline(str, &c, &why, &bad) == 0) {
		if (c.n_ip > IPSPEC_MAX_IP || c.n_vlan > IPSPEC_MAX_VLAN || c.n_ifname > IPSPEC_MAX_IFNAME)
			abort();
		for (i = 0; i < c.n_vlan; i++)
			if (c.vlan[i].id < 1 || c.vlan[i].id > 4094)
				abort();
	}
	free(str);
	return 0;
}
