/* handoff/recovery: the parts that need no kernel — iscsid detection through its
 * abstract socket, messages through the applet's note callback.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "log.h"
#include "recovery.h"
#include "test.h"

struct seen { int n, level; char msg[600]; };

static void note(void *ctx, int level, const char *msg)
{
	struct seen *s = ctx;

	s->n++;
	s->level = level;
	snprintf(s->msg, sizeof s->msg, "%s", msg);
}

static struct handoff h;

static void note_tests(void)
{
	struct seen s = { 0, -1, "" };
	char big[700];

	note_f(&h.note, LOG_WARN, "no note set: %d", 1);       /* dropped, no crash */
	h.note.fn = note;
	h.note.ctx = &s;
	note_f(&h.note, LOG_WARN, "session %u: reconnect attempt %u: %s", 3u, 2u, "refused");
	ok(s.n == 1 && s.level == LOG_WARN && !strcmp(s.msg, "session 3: reconnect attempt 2: refused"),
	   "note gets the level and the formatted message");
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = 0;
	note_f(&h.note, LOG_INFO, "%s", big);
	ok(s.n == 2 && s.level == LOG_INFO && strlen(s.msg) == 511, "long message cut at 511 bytes");
}

int main(void)
{
	static const char name[] = "ISCSIADM_ABSTRACT_NAMESPACE";
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	socklen_t sl = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + sizeof name - 1);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	memcpy(sa.sun_path + 1, name, sizeof name - 1);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sl) == 0 && listen(fd, 4) == 0) {
		ok(recovery_iscsid_running() == 1, "iscsid's abstract socket listening -> running");
		close(fd);
		ok(recovery_iscsid_running() == 0, "socket gone -> not running");
	} else {
		ok(1, "# SKIP an iscsid already owns the abstract socket here");
	}
	note_tests();
	return done();
}
