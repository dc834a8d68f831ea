/* pin_keeplist — open-iscsi must not log the root sessions out at shutdown:
 * Debian's keep-list, and a runtime mask of iscsi-shutdown.service (Fedora).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_PIN_KEEPLIST_H
#define ISCSIROOT_PIN_KEEPLIST_H
#include "pin.h"

/* "keep-session" per session (n/a without open-iscsi); "no-logout" for
 * iscsi-shutdown.service where that unit is installed. */
extern const struct pin_prot pin_keep_session, pin_no_logout;

#endif
