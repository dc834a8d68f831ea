/* ifname: which interface names may go into paths and configs.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <stddef.h>
#include "ifname.h"
#include "test.h"

static void ifnames(void)
{
	static const char *const good[] = { "eth0", "eth0.100", "enp0s3", "br-lan", "a", "wlan_0@x", "123456789012345" };
	static const char *const bad[] = { "", ".", "..", "eth0/x", "eth 0", "eth0:1", "a;b", "1234567890123456", "é", "eth0\n" };

	for (size_t i = 0; i < NELEM(good); i++)
		ok(ifname_ok(good[i]), "ifname '%s' ok", good[i]);
	for (size_t i = 0; i < NELEM(bad); i++)
		ok(!ifname_ok(bad[i]), "ifname bad %zu refused", i);
	ok(!ifname_ok(NULL), "NULL refused");
}

int main(void)
{
	ifnames();
	return done();
}
