/* conf — every configuration dialect into one struct cfg (cfg.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Sources, read in this order (a later one overrides an earlier one):
 *   1. Debian /etc/iscsi/iscsi.initramfs (or /etc/iscsi.initramfs inside an
 *      initramfs-tools image): ISCSI_*=… shell assignments, never executed.
 *   2. /etc/iscsiroot.conf: parameters in kernel command line syntax, any
 *      number per line, '#' comments.
 *   3. the kernel command line (/proc/cmdline).
 * Rules (iscsiroot.cmdline(7) has the full table):
 *   - a single-valued parameter: the last occurrence wins, in one source and
 *     across sources; aliases (rd.iscsi.initiator / iscsi_initiator, …) share
 *     one slot;
 *   - target definitions (root=iscsi:, netroot=, iscsiroot=, root=dhcp) and
 *     rd.iscsi.param= accumulate within one source; a source that has any
 *     replaces the lists of the earlier sources;
 *   - dialects add up: every root=iscsi:/netroot=iscsi:/iscsiroot= is one
 *     target, the Debian iscsi_target_* set is one more, DHCP option 17 one more;
 *     the same target name twice is one target whose portals are joined (in
 *     order: failover), with an error if their CHAP credentials differ;
 *   - a bad value is an error naming the parameter, its source and the reason.
 *
 * Environment for tests: ISCSIROOT_CMDLINE, ISCSIROOT_CONF, ISCSIROOT_DEBIAN_CONF,
 * ISCSIROOT_INITIATORNAME, ISCSIROOT_RUN override the default paths.
 */
#ifndef ISCSIROOT_CONF_H
#define ISCSIROOT_CONF_H
#include "cfg.h"

#define CONF_FILE_MAX 16384     /* bytes of one config file */

struct conf_paths {              /* NULL: environment, then the default; "" = skip */
	const char *cmdline;     /* /proc/cmdline */
	const char *conf;        /* /etc/iscsiroot.conf */
	const char *debian;      /* /etc/iscsi/iscsi.initramfs, else /etc/iscsi.initramfs */
	const char *initiatorname; /* /etc/iscsi/initiatorname.iscsi (InitiatorName=) */
	const char *run;         /* /run: net-<dev>.conf for root=dhcp */
};

/* Load everything (missing optional files are fine; an unreadable one is not),
 * resolve, and try the DHCP root-path once if one is wanted. cfg_init is done
 * here. 0, or -errno with c->error = "<source>: <parameter>: <reason>". */
int conf_load(struct cfg *c, const struct conf_paths *paths);

/* The same from strings (NULL = absent), for tests and fuzzing: cmdline in
 * kernel syntax, conf in /etc/iscsiroot.conf syntax, debian as the ISCSI_* file.
 * No file is read. Bounds: each string at most CONF_FILE_MAX bytes (cmdline:
 * CMDLINE_MAX_BYTES). 0 or -errno with c->error. */
int conf_text(struct cfg *c, const char *cmdline, const char *conf, const char *debian);

/* Add the target of a DHCP option 17 root-path (RFC 4173: LUN in hex unless
 * rd.iscsiroot.lun=dec). netdev is the interface the lease came on ("" if
 * unknown). It becomes the root target when root=dhcp (or no other target is
 * root). Bounds as rootpath_parse. 0 or -EINVAL with c->error. */
int conf_rootpath(struct cfg *c, const char *rootpath, const char *netdev);

/* Add the targets of a firmware boot table (ibft.h; read by the caller):
 * every valid target entry, the boot-selected ones first, with its portal,
 * its LUN (lun_set) and the table's CHAP (chap_own; the caller registers the
 * secrets, conf_secrets); from "iBFT target<N>". A target of the same name
 * that is configured already gets the portal added and keeps its own CHAP.
 * The initiator name comes from the table unless one is configured. The first
 * boot-selected target (else the first one) becomes the root target unless a
 * configured one is root already. 0, or -ENOSPC / -EINVAL with c->error
 * (an empty table: "the iBFT has no valid target entry"). */
struct ibft;
int conf_firmware(struct cfg *c, const struct ibft *fw);

/* Look in <run>/net-*.conf (klibc ipconfig format, at most 64 files of
 * CONF_FILE_MAX bytes) for ROOTPATH=; the first file (by name) that has one is
 * used through conf_rootpath. 0 added, -ENOENT none yet (call again later),
 * -EINVAL bad root-path or file (c->error). */
int conf_dhcp(struct cfg *c, const char *run);

/* The i-th parameter name the parser knows (NULL past the last one): for the
 * test that checks iscsiroot.cmdline(7) documents every one. */
const char *conf_param(unsigned i);

/* Register every secret of c with log_secret so no log line can show them. */
void conf_secrets(const struct cfg *c);

#endif
