/* pin_networkd — systemd-networkd keeps the boot NIC configured: a
 * KeepConfiguration=yes drop-in for the .network file that applies to it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_PIN_NETWORKD_H
#define ISCSIROOT_PIN_NETWORKD_H
#include "pin.h"

/* "networkd" per NIC: n/a without networkd; ok when no .network file
 * matches; else per matching file up to the first sure match. */
extern const struct pin_prot pin_networkd;

#endif
