/* plan — what a generator hook does for the boot configuration, as the
 * PLAN_*='value' lines of iscsistart --explain-sh (iscsistart(8), "HOOK PLAN").
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Keys, in this order (values quoted by kv.c, so a POSIX shell can eval them):
 *   PLAN_ISCSI       yes: an iSCSI root is configured (targets, root=dhcp or
 *                    the iBFT); no: none is (the hook has nothing to do)
 *   PLAN_FW_MODULES  "iscsi_ibft" when the iBFT is asked for (its targets or its
 *                    network): loaded first, it shows /sys/firmware/ibft
 *   PLAN_MODULES     "iscsi_tcp sd_mod": loaded before the login ("" for no)
 *   PLAN_NET         ibft: "ipconfig ibft" (rd.iscsi.ibft, iscsi_auto; not
 *                    with ip=ibft as the last ip=); cmdline: plain "ipconfig",
 *                    which reads ip= itself; dhcp: no ip= (or an empty one):
 *                    the generator's DHCP default; none: nothing configured,
 *                    or an ip=off / ip=none
 *   PLAN_NETDEV      the interface of the last ip= (or of the root target's
 *                    portal) when one is named, else ""
 *   PLAN_ROOT        lun: the root is the root target's LUN (root=iscsi:,
 *                    root=dhcp, no root=, root=/dev/root); keep: root= names
 *                    something else (PLAN_ROOTSPEC), the generator resolves it;
 *                    "" with PLAN_ISCSI=no
 *   PLAN_ROOTSPEC    that root= ("" for a LUN)
 *   PLAN_FIRMWARE    yes/no: targets from the iBFT
 *   PLAN_IBFT        yes/no: network from the iBFT (ip=ibft included)
 *   PLAN_DHCP        yes/no: a target comes from DHCP option 17 (root=dhcp)
 *   PLAN_TARGETS     number of targets known now (DHCP's not counted)
 *   PLAN_NWARN       number of warnings, then PLAN_WARN0 .. PLAN_WARN<n-1>
 * No secret is ever written.
 */
#ifndef ISCSIROOT_PLAN_H
#define ISCSIROOT_PLAN_H
#include "cfg.h"
#include "cmdline.h"
#include "kv.h"

/* Is an iSCSI root configured in c (the hooks' question, exit 0 vs 1)? */
int plan_iscsi(const struct cfg *c);

/* The lines above for c and the parsed kernel command line cl (the one
 * ipconfig reads; NULL = none), appended to out. cl's values are untrusted:
 * ip= values are read by ipspec_parse (its bounds), anything is quoted.
 * 0, -ENOSPC (out too small; out may hold some of the lines). */
int plan_kv(const struct cfg *c, const struct cmdline *cl, struct kv_buf *out);

/* The same, reading the command line from path (NULL: $ISCSIROOT_CMDLINE,
 * else /proc/cmdline; cmdline_read's bounds); an unreadable one counts as
 * empty. 0 or -ENOSPC. */
int plan_load(const struct cfg *c, const char *path, struct kv_buf *out);

#endif
