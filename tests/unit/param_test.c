/* param: the -P / rd.iscsi.param table: accepted values land where they
 * belong, refused ones name the value (never a secret). SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "param.h"

/* -P's "NAME=VALUE" as iscsistart splits it */
static int param_nv(struct param_opts *o, const char *nv, char *msg, size_t len)
{
	const char *v = strchr(nv, '=');

	if (!v) {
		snprintf(msg, len, "-P '%s': want NAME=VALUE", nv);
		return -EINVAL;
	}
	return param_set(o, nv, (size_t)(v - nv), v + 1, msg, len);
}
#include "test.h"

static const struct { const char *nv; int rc; const char *msg; } cases[] = {
	{ "node.session.timeo.replacement_timeout=-1", PARAM_OK, "" },
	{ "node.session.timeo.replacement_timeout=-2", -EINVAL,
	  "invalid node.session.timeo.replacement_timeout '-2' (want an integer from -1 to 2592000)" },
	{ "node.session.timeo.replacement_timeout=2592001", -EINVAL, "'2592001'" },
	{ "node.conn[0].timeo.noop_out_interval=often", -EINVAL,
	  "invalid node.conn[0].timeo.noop_out_interval 'often' (want an integer from 0 to 3600)" },
	{ "node.conn[0].timeo.login_timeout=0", -EINVAL, "from 1 to 3600" },
	{ "node.session.queue_depth=0", -EINVAL, "'0'" },
	{ "node.session.queue_depth=1", PARAM_OK, "" },
	{ "node.session.cmds_max=", -EINVAL, "''" },
	{ "node.conn[0].iscsi.HeaderDigest=crc32c", PARAM_OK, "" },
	{ "node.conn[0].iscsi.HeaderDigest=MD5", -EINVAL,
	  "invalid node.conn[0].iscsi.HeaderDigest 'MD5' (want None, CRC32C, CRC32C,None or None,CRC32C)" },
	{ "node.session.scan=manual", PARAM_OK, "" },
	{ "node.session.scan=Auto", -EINVAL, "(want auto or manual)" },
	{ "node.session.auth.authmethod=chap", PARAM_OK, "" },
	{ "node.session.auth.authmethod=PAP", -EINVAL, "'PAP' (want None or CHAP)" },
	{ "node.session.auth.chap_algs=sha256,md5", PARAM_OK, "" },
	{ "node.session.auth.chap_algs=SHA1", -EINVAL, "'SHA1'" },
	{ "node.session.auth.password=", -EINVAL,
	  "node.session.auth.password: a CHAP secret must be 1 to 255 bytes" },
	{ "node.session.auth.username=", -EINVAL, "must be 1 to 223 bytes" },
	{ "node.startup=automatic", PARAM_NOEFFECT, "-P node.startup: accepted, has no effect here" },
	{ "node.session.bogus=1", PARAM_UNKNOWN, "-P node.session.bogus: unknown parameter name, ignored" },
	{ "node.session.auth.passwrd=topsecret99", PARAM_UNKNOWN, "passwrd: unknown" },
	{ "discovery.sendtargets.auth.authmethod=Bad", -EINVAL,
	  "invalid discovery.sendtargets.auth.authmethod 'Bad' (want None or CHAP)" },
	{ "discovery.sendtargets.auth.chap_algs=MD5", PARAM_UNKNOWN, "unknown parameter name" },
	{ "node.session.scan=automatic", -EINVAL, "(want auto or manual)" },
	{ "node.conn[0].timeo.noop_out_intervalX=1", PARAM_UNKNOWN, "unknown" },
	{ "node.conn[0].timeo.noop_out_interva=1", PARAM_UNKNOWN, "unknown" },
	{ "node.conn[0].timeo.=1", PARAM_UNKNOWN, "unknown" },
	{ "novalue", -EINVAL, "-P 'novalue': want NAME=VALUE" },
	{ "=1", PARAM_UNKNOWN, "-P : unknown" },
};

int main(void)
{
	struct param_opts o;
	char msg[400];
	size_t i;
	int rc;

	for (i = 0; i < NELEM(cases); i++) {
		memset(&o, 0, sizeof o);
		msg[0] = 0;
		rc = param_nv(&o, cases[i].nv, msg, sizeof msg);
		ok(rc == cases[i].rc && strstr(msg, cases[i].msg), "%s -> %d '%s'", cases[i].nv, rc, msg);
		if (rc == -EINVAL && strchr(cases[i].nv, '=')) {     /* the config parser agrees */
			const char *eq = strchr(cases[i].nv, '=');
			char m2[400];
			ok(param_check(cases[i].nv, (size_t)(eq - cases[i].nv), eq + 1, m2, sizeof m2) == rc &&
			   !strcmp(m2, msg), "param_check agrees on %s", cases[i].nv);
		}
	}

	/* where the values go */
	memset(&o, 0, sizeof o);
	o.chap_fallback = 1;
	param_nv(&o, "node.session.timeo.replacement_timeout=-1", msg, sizeof msg);
	param_nv(&o, "node.session.initial_login_retry_max=3", msg, sizeof msg);
	param_nv(&o, "node.conn[0].iscsi.DataDigest=None,CRC32C", msg, sizeof msg);
	param_nv(&o, "node.conn[0].iscsi.MaxRecvDataSegmentLength=65536", msg, sizeof msg);
	param_nv(&o, "node.conn[0].timeo.login_timeout=7", msg, sizeof msg);
	param_nv(&o, "discovery.sendtargets.auth.username=disc", msg, sizeof msg);
	param_nv(&o, "iface.iscsi_ifacename=eth1", msg, sizeof msg);
	ok(o.cfg.replacement_timeout == -1 && o.max_attempts == 3 && o.cfg.lp.datadgst == 3,
	   "ints and digests stored");
	ok(o.cfg.lp.chap_user && !strcmp(o.cfg.lp.chap_user, "disc") && !strcmp(o.cfg.iface, "eth1"),
	   "discovery username is the session's; iface");
	ok(o.chap_fallback == 1, "no chap_algs: fallback stays allowed");
	param_nv(&o, "node.session.auth.chap_algs=MD5", msg, sizeof msg);
	ok(!strcmp(o.cfg.lp.chap_algs, "5") && o.chap_fallback == 0, "chap_algs=MD5 -> 5, no fallback");
	param_finish(&o);
	ok(o.cfg.lp.timeout_ms == 7000 && o.cfg.lp.max_recv_dlength == 65536, "param_finish");
	ok(!strcmp(param_digest_name(2), "CRC32C,None") && !strcmp(param_digest_name(0), "None"),
	   "digest names");
	{
		char big[300];
		memset(big, 'a', sizeof big - 1);
		big[sizeof big - 1] = 0;
		ok(param_str("-w", big, 1, &o.cfg.lp.chap_secret, msg, sizeof msg) == -EINVAL &&
		   !strstr(msg, "aaaa"), "a long secret is refused without showing it");
		ok(param_str("-i", big, 0, &o.cfg.lp.initiator_name, msg, sizeof msg) == -EINVAL,
		   "a 299-byte name is refused");
	}
	return done();
}
