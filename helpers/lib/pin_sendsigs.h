/* pin_sendsigs — the recovery and DHCP lease daemons spared by sysvinit's
 * killall5 (their PIDs in /run/sendsigs.omit.d/iscsiroot).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_PIN_SENDSIGS_H
#define ISCSIROOT_PIN_SENDSIGS_H
#include "pin.h"

/* Items: "daemon" per daemon found (or the recovery daemon MISSING), then
 * "sendsigs" per PID. */
extern const struct pin_prot pin_sendsigs;

#endif
