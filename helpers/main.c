/* iscsiroot — the one static binary; picks the applet by the name it was run as.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   /usr/lib/iscsiroot/APPLET ARGS...     (APPLET a link to the binary)
 *   /usr/lib/iscsiroot/@APPLET ARGS...    the same; '@' marks a daemon to systemd
 *   iscsiroot APPLET ARGS...              any name that is no applet's
 *
 * The applets are the helpers of DESIGN.md §1, one file each (helpers/NAME.c,
 * entry NAME_main with '-' as '_'). An applet that needs another's work calls
 * its NAME_main in-process (iscsistart -N, ipconfig ip=ibft): any copy of this
 * binary under any applet's name does all that applet does, alone.
 * The entries are weak: a build that leaves an applet out (make LIBC=klibc,
 * where klibc lacks what it needs) runs the others and names the missing one.
 *
 * Exit: the applet's; 100 when the name or the APPLET argument is unknown.
 */
#include <string.h>
#include <unistd.h>

#include "applets.h"

static const struct { const char *name; int (*main)(int, char **); } applets[] = {
	{ "ibft-reader", ibft_reader_main },
	{ "ipconfig", ipconfig_main },
	{ "iscsistart", iscsistart_main },
	{ "root-pin", root_pin_main },
	{ "sleep", sleep_main },
};

static void say(const char *s)
{
	(void)!write(2, s, strlen(s));
}

int main(int argc, char **argv)
{
	const char *name = argc > 0 && argv[0] ? argv[0] : "";
	const char *slash = strrchr(name, '/');
	unsigned i;
	int again;

	for (again = 0; again < 2; again++) {
		name = slash ? slash + 1 : name;
		if (*name == '@')
			name++;
		for (i = 0; i < sizeof applets / sizeof applets[0]; i++) {
			if (strcmp(name, applets[i].name))
				continue;
			if (!applets[i].main) {
				say("iscsiroot: fatal: this build has no ");
				say(name);
				say(" (see make LIBC=klibc)\n");
				return 100;
			}
			return applets[i].main(argc, argv);
		}
		if (again || argc < 2)
			break;
		argc--, argv++;                 /* "iscsiroot APPLET ARGS..." */
		name = argv[0];
		slash = strrchr(name, '/');
	}
	say("iscsiroot: fatal: unknown applet '");
	say(name);
	say("'\nusage: iscsiroot APPLET [ARGS...], or run a link named APPLET; applets:");
	for (i = 0; i < sizeof applets / sizeof applets[0]; i++)
		if (applets[i].main) {
			say(" ");
			say(applets[i].name);
		}
	say("\n");
	return 100;
}
