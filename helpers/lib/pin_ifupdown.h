/* pin_ifupdown — ifupdown's "ifup -a" and "ifdown -a" skip the boot NIC:
 * its /run/network/ifstate.IF set, its IF= line out of /run/network/ifstate.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_PIN_IFUPDOWN_H
#define ISCSIROOT_PIN_IFUPDOWN_H
#include "pin.h"

/* "ifupdown" per NIC (n/a without ifupdown). */
extern const struct pin_prot pin_ifupdown;

#endif
