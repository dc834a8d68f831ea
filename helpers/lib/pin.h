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
 * Every path is under a prefix so the whole thing runs over fixture trees.
 * Everything read from sysfs, procfs and config files is untrusted: values
 * are length- and range-checked and a bad one is reported by name, never
 * used. No function here prints or exits.
 */
#ifndef ISCSIROOT_PIN_H
#define ISCSIROOT_PIN_H
#include <stddef.h>
#include <stdint.h>

#define PIN_PATH 512
#define PIN_MAX_SESS 16
#define PIN_MAX_DISK 32
#define PIN_MAX_NIC 8
#define PIN_MAX_PID 8
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
	int pid[PIN_MAX_PID];   /* "@iscsi…" daemons */
	int npid;
	int lpid[PIN_MAX_PID];  /* "@ipconfig" DHCP lease daemons */
	int nlpid;
	int iscsid_pid;         /* open-iscsi iscsid, 0 if none */

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

/* ---- parsers, exposed for tests and fuzzing ---- */

struct pin_mnt {
	unsigned major, minor;
	char mountpoint[PIN_PATH];  /* \NNN escapes decoded */
	char fstype[32];
	char source[PIN_PATH];      /* \NNN escapes decoded */
};

/* One /proc/PID/mountinfo line (proc(5)): "ID PARENT MAJ:MIN ROOT MOUNTPOINT
 * OPTS [OPTIONAL…] - FSTYPE SOURCE SUPEROPTS". line is modified. Bounds:
 * at most 64 fields; major and minor below 2^20 (Linux dev_t); mount point,
 * type and source must fit their fields after decoding. 0 or -EINVAL. */
int pin_parse_mountinfo(char *line, struct pin_mnt *m);

/* The last mount at mount point mp in PROC/self/mountinfo (the one on top).
 * 0, -ENOENT, or -errno reading. */
int pin_mount_lookup(const struct pin_ctx *c, const char *mp, struct pin_mnt *out);

/* argv[0] of a /proc/PID/cmdline image of len bytes (NUL-separated, may lack
 * the final NUL). Returns 1 for our recovery daemon ("@iscsi…"), 2 for
 * open-iscsi's iscsid (basename "iscsid"), 3 for our DHCP lease daemon
 * ("@ipconfig", which keeps the root's address), 0 otherwise (also for an argv[0]
 * of 256 bytes or more). Reads at most len bytes. */
int pin_cmdline_kind(const char *buf, size_t len);

/* Whether a networkd .network text matches the link (systemd.network(5)
 * [Match]): PIN_MATCH_NO, _YES, or _MAYBE when it uses keys we cannot
 * evaluate (Path=, Property=, Host=…). Name=/OriginalName= globs (with a
 * leading '!' inverting the list), MACAddress=/PermanentMACAddress= and
 * Driver= are evaluated; any other key gives MAYBE. An empty [Match] matches
 * all. text is NUL-terminated, any length; lines of 1023 bytes or more are
 * ignored whole, value lists are cut at 1023 bytes. */
enum { PIN_MATCH_NO, PIN_MATCH_YES, PIN_MATCH_MAYBE };
int pin_networkd_match(const char *text, const char *ifname, const char *mac,
		       const char *driver);

/* Last "KeepConfiguration=" value in a [Network] section of text into val
 * (cap >= 1; longer values are cut to cap-1 bytes; an empty assignment
 * resets to ""). 1 if one was seen, 0 if none. Same line bounds as above. */
int pin_networkd_keep(const char *text, char *val, size_t cap);

/* Longest-prefix route lookup for addr (dotted IPv4 or IPv6 text) in
 * PROC/net/route or PROC/net/ipv6_route (proc: the procfs dir, "/proc").
 * Bounds: lines up to 4095 bytes, fields parsed as fixed-width hex; policy
 * routing is not considered. dev (cap >= 16) gets the interface. 0, -EINVAL
 * (bad address), -ENETUNREACH (no route), -EBADMSG (malformed table line;
 * its number in *badline), or -errno reading the table. */
int pin_route_lookup(const char *proc, const char *addr, char *dev, size_t cap,
		     unsigned *badline);

/* A safe interface name: 1..15 bytes of [A-Za-z0-9_.@-], not "." or "..". */
int pin_ifname_ok(const char *s);

#endif
