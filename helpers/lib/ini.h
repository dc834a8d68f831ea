/* ini — walk the "key=value" lines of one [section] of an INI-style text
 * (systemd unit/.network files, NetworkManager keyfiles).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_INI_H
#define ISCSIROOT_INI_H
#include <stddef.h>

#define INI_LINE 1024       /* lines of INI_LINE-1 bytes or more are skipped */

/* Call fn(key, value, arg) for each assignment inside "[sect]" sections of
 * text (section names compared case-sensitively, as systemd does; a section
 * may appear several times). Blank lines and lines starting with '#' or ';'
 * are skipped; spaces and tabs around the line, the key and the value (and a
 * trailing '\r') are trimmed; a line without '=' is ignored. Bounds: text is
 * NUL-terminated and of any length; a line of INI_LINE-1 bytes or more is
 * ignored whole, never half-read; key and value passed to fn point into a
 * buffer of INI_LINE bytes that is reused for the next line. */
void ini_each(const char *text, const char *sect,
	      void (*fn)(const char *key, const char *val, void *arg), void *arg);

#endif
