/* ibft — the iSCSI Boot Firmware Table, as the kernel shows it under
 * /sys/firmware/ibft/ once module iscsi_ibft has found it (in ACPI, or in
 * base memory where BIOS firmware such as iPXE leaves it).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Layout read (drivers/firmware/iscsi_ibft.c, drivers/scsi/iscsi_boot_sysfs.c;
 * ../shared/reference/kernel-abi.md §5.2):
 *   initiator/  index flags initiator-name …
 *   ethernetN/  index flags ip-addr prefix-len subnet-mask origin gateway
 *               primary-dns secondary-dns dhcp vlan mac hostname
 *   targetN/    index flags ip-addr port lun chap-type nic-assoc target-name
 *               chap-name chap-secret rev-chap-name rev-chap-name-secret
 * The kernel hides unset values (null addresses, empty strings, prefix 0):
 * a missing file means "not set". Every value is untrusted input: checked,
 * and refused with an error naming the file and (unless it is a secret) the
 * value. Reading needs CAP_SYS_ADMIN.
 */
#ifndef ISCSIROOT_IBFT_H
#define ISCSIROOT_IBFT_H
#include <stddef.h>
#include <stdint.h>

#include "ipspec.h"
#include "rootpath.h"

#define IBFT_MAX_NIC 4
#define IBFT_MAX_TGT 4
#define IBFT_MAX_INDEX 15          /* ethernetN / targetN: N at most this */

/* flags, both kinds of entry */
#define IBFT_FL_VALID 0x01         /* block valid */
#define IBFT_FL_BOOT  0x02         /* firmware boot selected */

/* ethernet origin (IP prefix origin, RFC 4293 style) */
enum { IBFT_ORIGIN_OTHER = 0, IBFT_ORIGIN_MANUAL = 1, IBFT_ORIGIN_WELLKNOWN = 2,
       IBFT_ORIGIN_DHCP = 3, IBFT_ORIGIN_RA = 4 };

struct ibft_nic {
	unsigned index, flags;
	struct inaddr ip;             /* family 0: not set */
	int prefix;                        /* -1 not set */
	unsigned origin;
	struct inaddr gateway, dns[2], dhcp;
	unsigned vlan;                     /* 0: none, else 1..4094 */
	uint8_t mac[6];
	int has_mac;
	char hostname[65];
};

struct ibft_target {
	unsigned index, flags;
	char addr[ROOTPATH_ADDR_MAX + 1];  /* text form, no brackets; "" not set */
	int af;                            /* ROOTPATH_AF_INET / _INET6, 0 not set */
	uint16_t port;                     /* 3260 when the table has 0 */
	uint64_t lun;                      /* Linux LUN number (scsilun_to_int) */
	char lun_text[24];                 /* as sysfs shows it, for messages */
	unsigned chap_type;                /* 0 none, 1 one-way, 2 mutual */
	int nic;                           /* nic-assoc: index of an ethernet entry, -1 none */
	char name[ROOTPATH_NAME_MAX + 1];
	char chap_name[ROOTPATH_SECRET_MAX + 1], chap_secret[ROOTPATH_SECRET_MAX + 1];
	char rchap_name[ROOTPATH_SECRET_MAX + 1], rchap_secret[ROOTPATH_SECRET_MAX + 1];
};

struct ibft {
	char initiator[ROOTPATH_NAME_MAX + 1];   /* "" not set */
	unsigned nnic, ntgt;                     /* valid entries only, by index */
	struct ibft_nic nic[IBFT_MAX_NIC];
	struct ibft_target tgt[IBFT_MAX_TGT];
};

/* Read <sysfs>/firmware/ibft (sysfs NULL: $ISCSIROOT_SYSFS, else "/sys").
 * Entries whose flags have neither the valid nor the boot-selected bit are
 * left out (some firmware sets only bit 1, so either counts).
 * Bounds: every attribute file is read into a bounded buffer (longer: error);
 * at most IBFT_MAX_NIC ethernet and IBFT_MAX_TGT target entries with index
 * <= IBFT_MAX_INDEX (more: error); numbers within their field's range.
 * Returns 0; -ENOENT when there is no iBFT directory (no table, or iscsi_ibft
 * not loaded); -EACCES; -EINVAL/-E2BIG/-errno with err[] naming the file and
 * the reason ("<dir>/target0/port: '70000' is not a TCP port"); a secret's
 * value is never put in err. */
int ibft_read(const char *sysfs, struct ibft *fw, char *err, size_t errlen);

/* The kernel prints a target's 8 LUN bytes with "%x" each, no padding
 * ("01000000" is LUN 1): decode that text. Accepted: single-level LUNs,
 * bytes 2..7 zero; bytes 0/1 split unambiguously (a one-digit byte 0 must
 * be "0"; flat-space "4x" bytes are two digits). 0 or -EINVAL (ambiguous or
 * multi-level). Bounds: s NUL-terminated, at most 23 bytes looked at. */
int ibft_lun(const char *s, uint64_t *lun);

/* The ethernet entry with that index, or NULL. */
const struct ibft_nic *ibft_nic_by_index(const struct ibft *fw, int index);

/* Does this NIC get its address by DHCP? Origin 3 says so; origin 0 ("other")
 * with a DHCP server given too. A manual origin (1) wins over a DHCP server
 * address: iPXE leaves the PXE ROM's server there for a static setup. */
int ibft_nic_dhcp(const struct ibft_nic *n);

/* The ipconfig job that sets NIC n up as the firmware had it: proto
 * IPSPEC_DHCP when ibft_nic_dhcp (an IPv6 DHCP address is kept statically:
 * no DHCPv6 here), else IPSPEC_STATIC with its address, prefix (-1 when the
 * table has none), gateway, DNS; its hostname; mac/has_mac; dev left "" (the
 * caller finds the netdev by MAC, and the VLAN link for n->vlan).
 * 0, or -EINVAL with *why: "no MAC address", "no address and not DHCP". */
int ibft_ipspec(const struct ibft_nic *n, struct ipspec *s, const char **why);

/* The network interface with this MAC address, from <sysfs>/class/net/NAME/address
 * (sysfs NULL as for ibft_read): its name into dev (cap bytes). Interfaces
 * that took the address from another one (addr_assign_type 2: VLAN, bond) are
 * passed over. Bounds: names up to cap-1 bytes (longer: skipped), at most
 * 256 interfaces looked at, address files read bounded. 0, -ENODEV (none has it), -errno (no class/net). */
int ibft_netdev(const char *sysfs, const uint8_t mac[6], char *dev, size_t cap);

/* Is NIC n one a boot needs: boot-selected, or the nic-assoc of a target?
 * (When no NIC is either, every valid NIC is.) */
int ibft_nic_used(const struct ibft *fw, const struct ibft_nic *n);

#endif
