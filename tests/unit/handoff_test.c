/* handoff/recovery: the parts that need no kernel — iscsid detection through its
 * abstract socket. SPDX-License-Identifier: GPL-2.0-or-later */
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "recovery.h"
#include "test.h"

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
	return done();
}
