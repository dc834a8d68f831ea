/* root-pin — make sure nothing in the real system kills the iSCSI root.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Run late in the initramfs (before switch_root) and again from the real
 * root. Finds the iSCSI sessions under / (through dm/LVM/md and partitions)
 * and puts in place: the recovery daemon's PID in /run/sendsigs.omit.d
 * (sysvinit killall5 -o), the session recovery_tmo and the disks' SCSI
 * command timeout, open-iscsi's shutdown keep-list (and a runtime mask of
 * iscsi-shutdown.service where that unit exists), and the boot NIC kept
 * configured for systemd-networkd (KeepConfiguration=yes drop-in),
 * NetworkManager (unmanaged) and ifupdown (state so ifup -a/ifdown -a skip
 * it). Everything it writes lives under /run. --check only reports.
 * Facts and choices: man/root-pin.8, helpers/lib/pin.h (the layout) and
 * the files it names.
 *
 * Exit: 0 all in place; 1 something missing (check) or not fixable (no
 * daemon, NIC unknown, / not on iSCSI); 100 usage; 111 a write failed or
 * the system could not be read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "log.h"
#include "opt.h"
#include "num.h"
#include "pin.h"
#include "sysfs.h"

#define USAGE "root-pin [--check | -n] [--root DIR] [--sysroot DIR] [-m MOUNT]...\n" \
	"        [-i IFACE]... [--recovery-tmo SECS|off] [--disk-timeout SECS] [-q]\n" \
	"  --check           report which sessions back / and whether each protection\n" \
	"                    is in place; exit 1 if one is missing\n" \
	"  -n                dry run: print what would be written\n" \
	"  --root DIR        prefix for /proc, /sys, /run and the real root (tests)\n" \
	"  --sysroot DIR     where the real root is mounted (initramfs: /root, /sysroot)\n" \
	"  -m MOUNT          mount point to follow (default: the sysroot and its /usr)\n" \
	"  -i IFACE          pin this interface too (when routes cannot tell)\n" \
	"  --recovery-tmo    session recovery timeout to ensure (default 86400; off = never)\n" \
	"  --disk-timeout    SCSI command timeout of the root disks (default 180)\n" \
	"  env: ISCSIROOT_ROOT, ISCSIROOT_PROC, ISCSIROOT_SYSFS, ISCSIROOT_RUN"

static void out(const char *s)
{
	size_t n = strlen(s);

	while (n) {
		ssize_t w = write(1, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void table(const struct pin_ctx *c)
{
	char line[400];

	out("PROTECTION     OBJECT                   STATE     DETAIL\n");
	for (int i = 0; i < c->nitem; i++) {
		const struct pin_item *it = &c->item[i];
		snprintf(line, sizeof line, "%-14s %-24s %-9s %s\n", it->what, it->obj,
			 pin_state_name(it->state), it->detail);
		out(line);
	}
}

static void set_dir(char *dst, const char *env, const char *suffix, const char *root)
{
	const char *v = getenv(env);

	if (v && *v) {
		if (sysfs_path(dst, PIN_PATH, "%s", v))
			err_usage(USAGE, "%s is too long", env);
	} else if (root && sysfs_path(dst, PIN_PATH, "%s%s", root, suffix)) {
		err_usage(USAGE, "--root '%s' is too long", root);
	}
}

/* a mount point pin_add_mount refused: usage error naming it */
static void mount_usage(const char *mp, int rc)
{
	if (rc == -ENOSPC)
		err_usage(USAGE, "at most %d mount points", PIN_MAX_MOUNT);
	if (rc)
		err_usage(USAGE, "mount point '%s' must be an absolute path", mp);
}

int root_pin_main(int argc, char **argv)
{
	static struct pin_ctx c;
	const char *root = getenv("ISCSIROOT_ROOT"), *sysroot = NULL;
	enum { O_CHECK = 256, O_ROOT, O_SYSROOT, O_RECOVERY_TMO, O_DISK_TIMEOUT };
	static const struct opt opts[] = {
		{ 'h', OPT_NOARG, "help" }, { O_CHECK, OPT_NOARG, "check" }, { 'n', OPT_NOARG, "dry-run" },
		{ 'q', OPT_NOARG, "" }, { O_ROOT, OPT_ARG, "root" }, { O_SYSROOT, OPT_ARG, "sysroot" },
		{ 'm', OPT_ARG, "" }, { 'i', OPT_ARG, "" }, { O_RECOVERY_TMO, OPT_ARG, "recovery-tmo" },
		{ O_DISK_TIMEOUT, OPT_ARG, "disk-timeout" },
	};
	struct opt_state st = { .i = 1, .no_operands = 1 };
	int check = 0, quiet = 0, rc, v, o;

	log_init("root-pin");
	pin_init(&c);
	if (root && !*root)
		root = NULL;
	while ((o = opt_next(opts, sizeof opts / sizeof *opts, argc, argv, &st)) != OPT_END) {
		const char *arg = st.val;
		uint64_t n;

		switch (o) {
		case 'h':
			return err_help(USAGE);
		case O_CHECK:
			check = 1;
			break;
		case 'n':
			c.dry_run = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case O_ROOT:
			root = arg;
			break;
		case O_SYSROOT:
			if (arg[0] != '/')
				err_usage(USAGE, "--sysroot '%s' must be an absolute path", arg);
			sysroot = arg;
			break;
		case 'm':
			mount_usage(arg, pin_add_mount(&c, arg));
			break;
		case 'i':
			rc = pin_add_nic(&c, arg, "given with -i");
			if (rc == -EINVAL)
				err_usage(USAGE, "'%s' is not an interface name", arg);
			if (rc)
				err_usage(USAGE, "at most %d interfaces", PIN_MAX_NIC);
			break;
		case O_RECOVERY_TMO:
			if (!strcmp(arg, "off"))
				c.recovery_tmo = PIN_TMO_OFF;
			else if (num_u64(arg, 1, INT32_MAX, &n))
				err_usage(USAGE, "--recovery-tmo '%s': want 1..%d seconds or 'off'",
					  arg, INT32_MAX);
			else
				c.recovery_tmo = (int64_t)n;
			break;
		case O_DISK_TIMEOUT:
			if (num_u64(arg, 1, 86400 * 7, &n))
				err_usage(USAGE, "--disk-timeout '%s': want 1..604800 seconds", arg);
			c.disk_timeout = n;
			break;
		default:
			err_usage(USAGE, st.why == OPT_ENEED ? "%s needs a value" : "unknown argument '%s'", st.bad);
		}
	}
	if (check && c.dry_run)
		err_usage(USAGE, "--check and -n exclude each other");
	if (root && !strcmp(root, "/"))
		root = "";
	set_dir(c.proc, "ISCSIROOT_PROC", "/proc", root);
	set_dir(c.sys, "ISCSIROOT_SYSFS", "/sys", root);
	set_dir(c.run, "ISCSIROOT_RUN", "/run", root);
	/* -i names were checked before sysfs moved: look their MACs up again */
	for (int i = 0; i < c.nnic; i++) {
		char p[PIN_PATH], mac[64];
		if (!sysfs_path(p, sizeof p, "%s/class/net/%s/address", c.sys, c.nic[i].name) &&
		    sysfs_read(p, mac, sizeof mac) > 0 && strlen(mac) < sizeof c.nic[i].mac)
			strcpy(c.nic[i].mac, mac);
	}

	/* which mounts, and where the real root's /etc is */
	if (!sysroot && !c.nmounts && (sysroot = pin_initramfs_root(&c)))
		log_info("running in the initramfs: the real root is at %s", sysroot);
	if (sysfs_path(c.sysroot, sizeof c.sysroot, "%s%s", root ? root : "",
		       sysroot && strcmp(sysroot, "/") ? sysroot : ""))
		err_usage(USAGE, "--sysroot '%s' is too long", sysroot);
	if (!c.nmounts) {
		const char *top = sysroot ? sysroot : "/";

		mount_usage(top, pin_default_mounts(&c, top));
	}

	rc = pin_discover(&c);
	if (rc == -ENOENT || rc == -ENODEV) {
		pin_run(&c, 0);
		if (!quiet)
			table(&c);
		if (rc == -ENOENT)
			log_err("cannot trace %s to a block device (see the table): nothing to pin",
				c.mounts[0]);
		else
			log_err("%s is not on iSCSI (as far as %s shows): nothing to pin", c.mounts[0], c.sys);
		return EXIT_NEGATIVE;
	}
	pin_run(&c, !check);
	if (!quiet || check)
		table(&c);
	if (c.dry_run && c.planlen) {
		out("\nwould do:\n");
		out(c.plan);
	}
	v = pin_verdict(&c);
	if (check) {
		if (v)
			log_err("check failed: a protection of the root session is missing (see the table)");
		return v ? EXIT_NEGATIVE : EXIT_OK;
	}
	if (v == 2) {
		log_err("could not put every protection in place (see FAILED above)");
		return EXIT_SYSTEM;
	}
	if (v == 1)
		log_warn("some protections are missing and cannot be put in place (see MISSING above)");
	else if (!c.dry_run)
		log_info("root session(s) pinned: %d session(s), %d interface(s)", c.nsess, c.nnic);
	return v ? EXIT_NEGATIVE : EXIT_OK;
}
