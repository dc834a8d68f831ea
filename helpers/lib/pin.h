/* pin — what keeps an iSCSI root alive in the real system, found and put in
 * place: used by root-pin. SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Model: the block devices under a mount (/proc/self/mountinfo major:minor →
 * /sys/dev/block → dm/md "slaves/" and partitions → whole disks) lead to
 * iSCSI sessions (a disk's sysfs path runs through .../sessionN/target...).
 * Each session is protected by: its recovery_tmo, its disks' SCSI command
 * timeout, a keep-list entry for open-iscsi's shutdown logout, and the NIC
 * that routes to its target staying configured (networkd KeepConfiguration,
 * NetworkManager unmanaged, ifupdown state). The recovery daemon (argv[0]
 * "@iscsi…", systemd's root-storage-daemon convention) is kept out of
 * sysvinit's killall5 through /run/sendsigs.omit.d.
 *
 * Layout: mountinfo.c, blkstack.c (mount -> dm/md/partitions -> disks ->
 * sessions), route.c, proclist.c and networkd.c find the facts; each
 * protection is a struct pin_prot {name, each, check, apply} in its own
 * pin_*.c (pin_sendsigs, pin_timeout, pin_keeplist, pin_networkd, pin_nm,
 * pin_ifupdown); this file's pin_run drives them in table order, and the
 * results are items in the context, which the applet prints.
 *
 * Every path is under a prefix so the whole thing runs over fixture trees.
 * Everything read from sysfs, procfs and config files is untrusted: values
 * are length- and range-checked and a bad one is reported by name, never
 * used. No function here prints or exits.
 */
#ifndef ISCSIROOT_PIN_H
#define ISCSIROOT_PIN_H
#include <stddef.h>
#include <stdint.h>

#include "mountinfo.h"
#include "proclist.h"

#define PIN_PATH MOUNTINFO_PATH
#define PIN_MAX_SESS 16
#define PIN_MAX_DISK 32
#define PIN_MAX_NIC 8
#define PIN_MAX_ITEM 96
#define PIN_MAX_MOUNT 4

/* recovery_tmo value meaning "never fail I/O" (sysfs "off", reads -1) */
#define PIN_TMO_OFF (-1)

enum pin_state {
	PIN_OK,        /* protection in place */
	PIN_NA,        /* does not apply (e.g. manager not installed) */
	PIN_MISSING,   /* not in place (check mode, or cannot be fixed) */
	PIN_DONE,      /* was missing, now put in place */
	PIN_WOULD,     /* dry run: would be put in place */
	PIN_FAILED,    /* putting it in place failed */
};

struct pin_item {
	char what[20];          /* protection: "recovery_tmo", "networkd", … */
	char obj[40];           /* what it protects: "session1", "eth0", … */
	enum pin_state state;
	char detail[200];       /* human-readable facts, names the bad value */
};

struct pin_session {
	unsigned sid;           /* N of sessionN */
	char target[224];       /* targetname (IQN), informational */
	char addr[64];          /* current target address of connection N:0 */
	char devpath[PIN_PATH]; /* "/sys/devices/…/sessionN" (open-iscsi keep-list form) */
	int nic;                /* index into nics, -1 unknown, -2 address unusable */
};

struct pin_disk {
	char name[32];          /* whole disk: sda */
	int sess;               /* index into sess, -1 = not iSCSI */
};

struct pin_nic {
	char name[16];          /* IFNAMSIZ */
	char mac[24];           /* "52:54:00:12:34:56" or "" */
	char why[96];           /* how it was found */
};

struct pin_ctx {
	/* inputs: where procfs, sysfs and /run are ("/proc", "/sys", "/run" by
	 * default), and the prefix of the real root's /etc, /lib, /usr ("" = /) */
	char proc[PIN_PATH], sys[PIN_PATH], run[PIN_PATH];
	char sysroot[PIN_PATH];
	char mounts[PIN_MAX_MOUNT][PIN_PATH]; /* mount points to follow, as seen in mountinfo */
	int nmounts;
	int64_t recovery_tmo;   /* wanted: seconds, or PIN_TMO_OFF */
	uint64_t disk_timeout;  /* wanted: seconds */
	int dry_run;

	/* found by pin_discover */
	char chain[256];        /* "/ = dm-0 <- sda1, sdb" for the report */
	struct pin_session sess[PIN_MAX_SESS];
	int nsess;
	struct pin_disk disk[PIN_MAX_DISK];
	int ndisk;
	struct pin_nic nic[PIN_MAX_NIC];
	int nnic;
	int user_nics;          /* how many came from pin_add_nic (-i) */
	struct proclist procs;  /* "@iscsi…", "@ipconfig" daemons and iscsid */

	/* results */
	struct pin_item item[PIN_MAX_ITEM];
	int nitem;

	/* dry run: what would be written, "PATH\n  line\n…" (truncated at cap) */
	char plan[8192];
	size_t planlen;
};

/* Defaults: /proc, /sys, /run, sysroot "", recovery_tmo 86400, disk_timeout 180. */
void pin_init(struct pin_ctx *c);

/* Put proc, sys, run and sysroot under a root directory (--root DIR).
 * 0 or -ENAMETOOLONG. */
int pin_set_root(struct pin_ctx *c, const char *root);

/* Add an interface by name (-i IFACE); it is pinned like a discovered one.
 * 0, -EINVAL for a name that is not a safe interface name, -ENOSPC. */
int pin_add_nic(struct pin_ctx *c, const char *name, const char *why);

/* Follow mount point mp too (-m MOUNT). 0, -EINVAL (not absolute, or
 * PIN_PATH or longer), -ENOSPC (PIN_MAX_MOUNT already). */
int pin_add_mount(struct pin_ctx *c, const char *mp);

/* The mounts followed when none is given: top (the sysroot, or "/") and
 * TOP/usr when that is a mount point of its own. 0 or pin_add_mount's error
 * for top. */
int pin_default_mounts(struct pin_ctx *c, const char *top);

/* Run from the initramfs ("/" is rootfs, tmpfs or ramfs on no block device):
 * where the real root is mounted, the first of /root, /sysroot, /new_root
 * that is a mount point; NULL when not in an initramfs or none is. */
const char *pin_initramfs_root(const struct pin_ctx *c);

/* Find the sessions, disks, NICs and daemons. 0; -ENOENT if no mount point
 * resolves to a block device; -ENODEV if none of the devices is on iSCSI;
 * other -errno on read failures. Problems are also recorded as items. */
int pin_discover(struct pin_ctx *c);

/* Evaluate every protection (c->dry_run = 0: check only; items are OK, NA
 * or MISSING). With apply = 1, missing ones are written (or, with dry_run,
 * described in plan) and re-checked: DONE, WOULD or FAILED. With no session
 * found, only the root item is recorded. Returns 0. */
int pin_run(struct pin_ctx *c, int apply);

/* Worst outcome over the items: 0 all fine, 1 something missing, 2 failed. */
int pin_verdict(const struct pin_ctx *c);

const char *pin_state_name(enum pin_state s);

/* The last mount at mount point mp in PROC/self/mountinfo (the one on top).
 * 0, -ENOENT, or -errno reading. */
int pin_mount_lookup(const struct pin_ctx *c, const char *mp, struct mountinfo *out);

/* ---- for the protections (pin_*.c) and blkstack.c ---- */

/* One protection: its name in the report, and for one object (what arg
 * points at, set up by each) how to tell whether it is in place and how to
 * put it there. */
struct pin_prot {
	const char *name;       /* the PROTECTION column: "sendsigs", "networkd", … */
	int per_nic;            /* each is called once per NIC (nic set), else once */
	/* find the objects to protect; record NA/facts items; pin_settle each */
	void (*each)(struct pin_ctx *c, int apply, const struct pin_prot *self,
		     const struct pin_nic *nic);
	/* 1 in place, 0 not; detail (cap bytes) says why, naming bad values */
	int (*check)(struct pin_ctx *c, void *arg, char *detail, size_t cap);
	/* put it in place (c->dry_run: only pin_plan it); 0 or -errno */
	int (*apply)(struct pin_ctx *c, void *arg);
};

/* check; if missing and apply, apply and check again: records one item for
 * (self->name, obj): OK, MISSING, WOULD, DONE or FAILED. */
void pin_settle(struct pin_ctx *c, int apply, const struct pin_prot *self, const char *obj,
		void *arg);

/* Record a result (detail printf-formatted, cut at its field). Beyond
 * PIN_MAX_ITEM the last slot turns FAILED and says the output was cut. */
void pin_item(struct pin_ctx *c, const char *what, const char *obj, enum pin_state st,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Dry run: append to c->plan (cut at its size); pin_plan_text indents each
 * line of text by two spaces. */
void pin_plan(struct pin_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pin_plan_text(struct pin_ctx *c, const char *text);

/* Write a whole file atomically, creating its directory. 0 or -errno. */
int pin_put_file(const char *path, const char *text);

/* Whether any of the NULL-terminated sysroot-relative paths exists. */
int pin_installed(const struct pin_ctx *c, const char *const *rel);

/* Printable ASCII without spaces, quotes or backslashes: safe to show and
 * to write into configs. */
int pin_text_ok(const char *s);

#endif
