/* param — open-iscsi node-record parameters (iscsistart -P NAME=VALUE and
 * rd.iscsi.param=NAME=VALUE): one name -> how to read it, bounds, where it goes.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Names and bounds are in iscsistart(8) and iscsiroot.cmdline(7). The same
 * table decides for both sources, so -P and rd.iscsi.param accept and refuse
 * the same values with the same message, which names the bad value (never a
 * secret's: a bad password is refused for its length only).
 */
#ifndef ISCSIROOT_PARAM_H
#define ISCSIROOT_PARAM_H
#include <stddef.h>
#include "session.h"

/* Where the values go. cfg.lp's string fields point into the value given to
 * param_set (the caller keeps it alive). */
struct param_opts {
	int max_attempts;          /* node.session.initial_login_retry_max, 0 = deadline only */
	int max_recv;              /* node.conn[0].iscsi.MaxRecvDataSegmentLength, 0 = default */
	int cmds_max, queue_depth; /* node.session.cmds_max / queue_depth */
	int chap_fallback;         /* 1 until node.session.auth.chap_algs is given */
	struct session_cfg cfg;
};

enum {
	PARAM_OK = 0,
	PARAM_NOEFFECT = 1,        /* known, accepted, does nothing here: msg says so */
	PARAM_UNKNOWN = 2,         /* not a name in the table, ignored: msg says so (no value) */
};

/* The table's value checks, also for iscsistart's own options. An integer
 * in [lo, hi] ("-N" only when lo < 0): -EINVAL "invalid WHAT 'V' (want an
 * integer from LO to HI)". A name (secret = 0: 1..223 bytes, RFC 7143 §6.1)
 * or a CHAP secret (secret = 1: 1..255 bytes, handed to log_secret first):
 * *dst = v, or -EINVAL with msg naming the name (never the secret). */
int param_int(const char *what, const char *v, int lo, int hi, int *out, char *msg, size_t len);
int param_str(const char *what, const char *v, int secret, const char **dst, char *msg,
	      size_t len);

/* enum login_digest's name as -P takes it (d & 3): "None", "CRC32C", ... */
const char *param_digest_name(unsigned d);

/* Apply name=value (name: nl bytes, need not be NUL-terminated; value: a
 * NUL-terminated string of any length) to o. Returns PARAM_OK, PARAM_NOEFFECT
 * or PARAM_UNKNOWN (msg filled: a note), or -EINVAL (msg filled: why, naming
 * the value unless it is a secret). msg: at most len bytes with the NUL. */
int param_set(struct param_opts *o, const char *name, size_t nl, const char *value,
	      char *msg, size_t len);

/* Validate without applying (the configuration parser): as param_set on a
 * scratch copy. */
int param_check(const char *name, size_t nl, const char *value, char *msg, size_t len);

/* o->cfg's lp fields derived from the -P values (login timeout in ms,
 * MaxRecvDataSegmentLength, cmds_max, queue_depth): after the last param_set. */
void param_finish(struct param_opts *o);

#endif
