/* applets — the entry of each applet of the one binary (helpers/main.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * NAME_main(argc, argv) is the applet's whole command: it parses argv,
 * returns its exit code or exits with it. argv[0] is the name it runs as
 * ('@' first for a daemon). Weak, so a build without an applet still links
 * (its pointer is then NULL); applets calling each other check for that.
 */
#ifndef ISCSIROOT_APPLETS_H
#define ISCSIROOT_APPLETS_H

#define APPLET_ENTRY(n) int n##_main(int argc, char **argv) __attribute__((weak))
APPLET_ENTRY(ibft_reader);
APPLET_ENTRY(ipconfig);
APPLET_ENTRY(iscsistart);
APPLET_ENTRY(root_pin);
APPLET_ENTRY(sleep);
#undef APPLET_ENTRY

#endif
