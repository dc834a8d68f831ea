/* kiscsi_smoke — guest-side check of the NETLINK_ISCSI ABI (kiscsi.c) and
 * the LUN scan (scan.c) without the login library: one hand-built Login
 * Request (operational stage straight to full feature, no auth) sent through
 * the kernel. Built by tests/boot/t_kiscsi_smoke.sh; not installed.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kiscsi.h"
#include "scan.h"

static struct kiscsi k;

#define CHECK(what, expr) do { int rc_ = (expr); if (rc_ < 0) { \
	printf("SMOKE-FAIL %s: %s\n", what, strerror(-rc_)); return 1; } } while (0)

int main(int argc, char **argv)
{
	const char *tgt = argv[1], *ini = argv[2];
	uint8_t pdu[1024] = { 0 }, rsp[KISCSI_PDU_MAX];
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(3260) };
	struct scan_lun l[8];
	uint32_t sid, host, cid, dl;
	int fd, n, i;

	if (argc < 3)
		return 2;
	CHECK("open", kiscsi_open(&k, NULL));
	printf("SMOKE handle %llu port %u\n", (unsigned long long)k.handle, k.nl.portid);
	inet_pton(AF_INET, "10.0.2.2", &sa.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK("connect", connect(fd, (struct sockaddr *)&sa, sizeof sa) ? -errno : 0);
	CHECK("create session", kiscsi_create_session(&k, 0, 128, 32, &sid, &host));
	CHECK("create conn", kiscsi_create_conn(&k, sid, &cid));
	printf("SMOKE session %u host %u conn %u\n", sid, host, cid);
	CHECK("set param before bind (-ENOTCONN expected)",
	      kiscsi_set_param(&k, sid, cid, KP_TARGET_NAME, tgt) == -ENOTCONN ? 0 : -EPROTO);
	CHECK("bind", kiscsi_bind_conn(&k, sid, cid, fd));
	close(fd);
	CHECK("target name", kiscsi_set_param(&k, sid, cid, KP_TARGET_NAME, tgt));
	CHECK("initiator name", kiscsi_set_param(&k, sid, cid, KP_INITIATOR_NAME, ini));
	CHECK("persistent address", kiscsi_set_param(&k, sid, cid, KP_PERSISTENT_ADDRESS, "10.0.2.2"));
	CHECK("persistent port", kiscsi_set_param(&k, sid, cid, KP_PERSISTENT_PORT, "3260"));
	CHECK("recovery tmo", kiscsi_set_param(&k, sid, cid, KP_SESS_RECOVERY_TMO, "120"));
	n = kiscsi_set_param(&k, sid, cid, KP_ISID, "x");
	printf("SMOKE set ISID -> %d (kernel: not settable)\n", n);

	dl = (uint32_t)snprintf((char *)pdu + 48, sizeof pdu - 48,
		"InitiatorName=%s%cTargetName=%s%cSessionType=Normal%cHeaderDigest=None%c"
		"DataDigest=None%cMaxRecvDataSegmentLength=262144%cErrorRecoveryLevel=0%c"
		"InitialR2T=Yes%cImmediateData=Yes%c", ini, 0, tgt, 0, 0, 0, 0, 0, 0, 0, 0) + 1;
	pdu[0] = 0x43;
	pdu[1] = 0x80 | (1 << 2) | 3;            /* T, CSG 1, NSG 3 */
	pdu[5] = (uint8_t)(dl >> 16); pdu[6] = (uint8_t)(dl >> 8); pdu[7] = (uint8_t)dl;
	pdu[8] = 0x00; pdu[9] = 0x02; pdu[10] = 0x3d; pdu[13] = (uint8_t)sid;
	CHECK("send login", kiscsi_send_pdu(&k, sid, cid, pdu, 48 + ((dl + 3) & ~3u)));
	n = kiscsi_recv_pdu(&k, sid, cid, rsp, sizeof rsp, 10000);
	CHECK("recv login response", n);
	printf("SMOKE login response opcode 0x%02x flags 0x%02x status %u/%u len %d\n",
	       rsp[0], rsp[1], rsp[36], rsp[37], n);
	if (rsp[0] != 0x23 || rsp[36] != 0 || !(rsp[1] & 0x80))
		return printf("SMOKE-FAIL login refused\n"), 1;
	uint32_t statsn = (uint32_t)rsp[24] << 24 | rsp[25] << 16 | rsp[26] << 8 | rsp[27];
	char v[16];
	snprintf(v, sizeof v, "%u", statsn + 1);
	CHECK("exp statsn", kiscsi_set_param(&k, sid, cid, KP_EXP_STATSN, v));
	CHECK("mrdsl", kiscsi_set_param(&k, sid, cid, KP_MAX_RECV_DLENGTH, "262144"));
	CHECK("mxdsl", kiscsi_set_param(&k, sid, cid, KP_MAX_XMIT_DLENGTH, "8192"));
	CHECK("r2t", kiscsi_set_param(&k, sid, cid, KP_INITIAL_R2T_EN, "1"));
	CHECK("imm", kiscsi_set_param(&k, sid, cid, KP_IMM_DATA_EN, "1"));
	CHECK("fb", kiscsi_set_param(&k, sid, cid, KP_FIRST_BURST, "65536"));
	CHECK("mb", kiscsi_set_param(&k, sid, cid, KP_MAX_BURST, "262144"));
	CHECK("tpgt", kiscsi_set_param(&k, sid, cid, KP_TPGT, "1"));
	CHECK("start", kiscsi_start_conn(&k, sid, cid));
	CHECK("scan", scan_host(NULL, host));
	n = scan_wait(NULL, sid, l, 8, 10000);
	CHECK("wait for block devices", n);
	for (i = 0; i < n; i++)
		printf("SMOKE lun %llu type %d dev %s\n", (unsigned long long)l[i].lun, l[i].type,
		       l[i].dev);
	printf("SMOKE-OK\n");
	return 0;
}
