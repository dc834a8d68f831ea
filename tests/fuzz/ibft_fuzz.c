/* Fuzz the iBFT reader: the input is split at '\n' into the values of a fixed
 * list of attribute files (flags first, so both valid and unused blocks are
 * reached), written as a /sys/firmware/ibft tree, then read back; every line
 * goes through the LUN decoder; each NIC's ipconfig spec (ibft_ipspec,
 * ipspec_format) must parse back to the same job. Checks the documented
 * bounds of what comes out. SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ibft.h"

static const char *const attrs[] = {
	"target0/flags", "target0/ip-addr", "target0/port", "target0/lun", "target0/chap-type",
	"target0/target-name", "target0/chap-name", "target0/chap-secret",
	"target0/rev-chap-name", "target0/rev-chap-name-secret", "target0/nic-assoc",
	"target0/index", "ethernet0/flags", "ethernet0/ip-addr", "ethernet0/prefix-len",
	"ethernet0/origin", "ethernet0/gateway", "ethernet0/mac", "ethernet0/vlan",
	"ethernet0/hostname", "ethernet0/index", "ethernet0/dhcp", "initiator/initiator-name",
	"target1/flags", "target1/index", "ethernet1/flags", "ethernet1/index",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char top[64], path[160], err[400];
	static struct ibft fw;
	size_t off = 0, i;
	uint64_t lun;

	snprintf(top, sizeof top, "/tmp/ibft_fuzz.%d", (int)getpid());
	for (i = 0; i < sizeof attrs / sizeof *attrs; i++) {
		const uint8_t *v = data + off;
		size_t n = 0;
		int fd;

		while (off + n < size && v[n] != '\n')
			n++;
		snprintf(path, sizeof path, "%s/firmware/ibft/%.*s", top,
			 (int)(strchr(attrs[i], '/') - attrs[i]), attrs[i]);
		mkdir(top, 0700);
		snprintf(err, sizeof err, "%s/firmware", top);
		mkdir(err, 0700);
		snprintf(err, sizeof err, "%s/firmware/ibft", top);
		mkdir(err, 0700);
		mkdir(path, 0700);
		snprintf(path, sizeof path, "%s/firmware/ibft/%s", top, attrs[i]);
		if (off < size) {
			fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
			if (fd >= 0) {
				(void)!write(fd, v, n);
				close(fd);
			}
			if (n < 40) {
				char l[40];
				memcpy(l, v, n);
				l[n] = 0;
				if (ibft_lun(l, &lun) == 0 && lun > 0xffff)
					abort();   /* single level only */
			}
		} else {
			unlink(path);
		}
		off += n + (off + n < size);
	}
	if (ibft_read(top, &fw, err, sizeof err) == 0) {
		if (fw.nnic > IBFT_MAX_NIC || fw.ntgt > IBFT_MAX_TGT)
			abort();
		for (i = 0; i < fw.ntgt; i++)
			if (!fw.tgt[i].name[0] || !fw.tgt[i].af || !fw.tgt[i].port ||
			    fw.tgt[i].chap_type > 2 || fw.tgt[i].lun > 0xffff ||
			    (fw.tgt[i].chap_type && !fw.tgt[i].chap_secret[0]))
				abort();
		for (i = 0; i < fw.nnic; i++) {
			struct ipspec sp, back;
			const char *why;
			char txt[200];

			if (fw.nic[i].vlan > 4094 || fw.nic[i].prefix > 128)
				abort();
			/* what ibft-reader hands ipconfig must read back as the same job */
			if (ibft_ipspec(&fw.nic[i], &sp, &why))
				continue;
			strcpy(sp.dev, "eth0");
			if (ipspec_format(&sp, txt, sizeof txt))
				continue;
			if (ipspec_parse(txt, IPSPEC_DHCP, &back, &why) || back.proto != sp.proto ||
			    memcmp(&back.client, &sp.client, sizeof sp.client) ||
			    memcmp(&back.gw, &sp.gw, sizeof sp.gw) || strcmp(back.hostname, sp.hostname) ||
			    strcmp(back.dev, sp.dev))
				abort();
		}
	} else if (strlen(err) >= sizeof err) {
		abort();
	}
	for (i = 0; i < sizeof attrs / sizeof *attrs; i++) {   /* leave nothing behind */
		snprintf(path, sizeof path, "%s/firmware/ibft/%s", top, attrs[i]);
		unlink(path);
		*strrchr(path, '/') = 0;
		rmdir(path);
	}
	snprintf(path, sizeof path, "%s/firmware/ibft", top);
	rmdir(path);
	*strrchr(path, '/') = 0;
	rmdir(path);
	rmdir(top);
	return 0;
}
