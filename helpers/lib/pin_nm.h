/* pin_nm — NetworkManager leaves the boot NIC alone: a runtime conf.d file
 * marking it unmanaged.  SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_PIN_NM_H
#define ISCSIROOT_PIN_NM_H
#include "pin.h"

/* "NetworkManager" per NIC (n/a without NetworkManager). */
extern const struct pin_prot pin_nm;

#endif
