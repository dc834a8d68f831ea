/* log: secrets never reach the output.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "log.h"
#include "test.h"

int main(void)
{
	char buf[256], path[] = "/tmp/log_testXXXXXX", got[2048];
	int fd = mkstemp(path);
	FILE *f;
	size_t n;

	ok(fd >= 0, "temp file");
	close(fd);
	setenv("ISCSIROOT_KMSG", path, 1);
	log_init("test");
	log_secret("s3cr3tpassword");
	log_secret("ab");
	strcpy(buf, "x s3cr3tpassword y s3cr3tpassword z ab");
	log_mask(buf);
	ok(strcmp(buf, "x *** y *** z **") == 0, "mask in place: %s", buf);
	log_err("CHAP_R for %s failed with %s", "user", "s3cr3tpassword");
	log_level = LOG_INFO;
	log_debug("dropped at info level");
	f = fopen(path, "r");
	n = f ? fread(got, 1, sizeof got - 1, f) : 0;
	got[n] = 0;
	if (f)
		fclose(f);
	ok(strstr(got, "<3>iscsiroot: test: CHAP_R for user failed with ***\n") != NULL,
	   "kmsg line has level, prefix, masked secret: %s", got);
	ok(strstr(got, "s3cr3t") == NULL, "secret absent from kmsg");
	ok(strstr(got, "dropped") == NULL, "debug dropped at info level");
	char longmsg[3000];
	memset(longmsg, 'a', sizeof longmsg - 1);
	longmsg[sizeof longmsg - 1] = 0;
	log_warn("%s", longmsg);   /* must truncate, not overflow (ASan watches) */
	ok(1, "overlong message truncated without overflow");
	{
		/* a registered secret whose storage was wiped later (the daemon wipes
		 * argv) must not hang masking: strstr(x, "") matches everywhere */
		static char wiped[] = "wipedsecret";
		char line[32] = "still masked s3cr3tpassword";

		log_secret(wiped);
		wiped[0] = 0;
		log_mask(line);
		ok(strcmp(line, "still masked ***") == 0, "emptied secret skipped, others masked: %s", line);
	}
	unlink(path);
	return done();
}
