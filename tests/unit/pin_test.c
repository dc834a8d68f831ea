/* pin: the context (defaults, --root, the NIC set), the results (items,
 * verdict, plan) and pin_settle over a fake protection. The parsers have
 * their own tests (mountinfo, route, networkd, proclist, ini, ifname).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "pin.h"
#include "test.h"

static void ctx(void)
{
	static struct pin_ctx c;
	char longroot[600];

	pin_init(&c);
	ok(!strcmp(c.proc, "/proc") && !strcmp(c.sys, "/sys") && !strcmp(c.run, "/run") && !c.sysroot[0] &&
	   c.recovery_tmo == 86400 && c.disk_timeout == 180, "defaults");
	ok(pin_set_root(&c, "/x") == 0 && !strcmp(c.proc, "/x/proc") && !strcmp(c.sysroot, "/x"), "root prefix");
	ok(pin_set_root(&c, "/") == 0 && !strcmp(c.sys, "/sys") && !c.sysroot[0], "root / is no prefix");
	memset(longroot, 'r', sizeof longroot - 1);
	longroot[sizeof longroot - 1] = 0;
	ok(pin_set_root(&c, longroot) == -ENAMETOOLONG, "too long root refused");
	ok(pin_add_nic(&c, "eth0", "t") == 0 && pin_add_nic(&c, "eth0", "t") == 0 && c.nnic == 1, "nic dedup");
	ok(pin_add_nic(&c, "eth0;x", "t") == -EINVAL, "bad nic name refused");
	for (int i = 0; i < PIN_MAX_NIC; i++) {
		char n[16];
		snprintf(n, sizeof n, "n%d", i);
		pin_add_nic(&c, n, "t");
	}
	ok(c.nnic == PIN_MAX_NIC && pin_add_nic(&c, "more", "t") == -ENOSPC, "nic table bounded");
	ok(!strcmp(pin_state_name(PIN_MISSING), "MISSING") && !strcmp(pin_state_name((enum pin_state)99), "?"),
	   "state names");
}

/* a protection whose state the test sets */
static int fake_in_place, fake_fix_rc, fake_fixes, fake_applied;

static int fake_check(struct pin_ctx *c, void *arg, char *d, size_t cap)
{
	(void)c;
	snprintf(d, cap, "%s %s", (const char *)arg, fake_in_place ? "in place" : "missing");
	return fake_in_place;
}

static int fake_apply(struct pin_ctx *c, void *arg)
{
	(void)arg;
	fake_applied++;
	if (c->dry_run) {
		pin_plan(c, "would write %s\n", "x");
		return 0;
	}
	if (!fake_fix_rc && fake_fixes)
		fake_in_place = 1;
	return fake_fix_rc;
}

static const struct pin_prot fake = { "fake", 0, NULL, fake_check, fake_apply };

static void settle(void)
{
	static struct pin_ctx c;
	static const struct {
		int in_place, apply, dry, fix_rc, fixes;
		enum pin_state st;
		int applied;
		const char *detail;
	} t[] = {
		{ 1, 1, 0, 0, 1, PIN_OK, 0, "obj in place" },
		{ 0, 0, 0, 0, 1, PIN_MISSING, 0, "obj missing" },
		{ 0, 1, 1, 0, 1, PIN_WOULD, 1, "obj missing" },
		{ 0, 1, 0, 0, 1, PIN_DONE, 1, "obj in place" },
		{ 0, 1, 0, -EACCES, 1, PIN_FAILED, 1, "obj missing; fixing it failed: Permission denied" },
		{ 0, 1, 0, 0, 0, PIN_FAILED, 1, "still not in place after writing: obj missing" },
	};

	for (size_t i = 0; i < NELEM(t); i++) {
		pin_init(&c);
		c.dry_run = t[i].dry;
		fake_in_place = t[i].in_place;
		fake_fix_rc = t[i].fix_rc;
		fake_fixes = t[i].fixes;
		fake_applied = 0;
		pin_settle(&c, t[i].apply, &fake, "obj", (void *)"obj");
		ok(c.nitem == 1 && c.item[0].state == t[i].st && !strcmp(c.item[0].what, "fake") &&
		   !strcmp(c.item[0].obj, "obj") && !strcmp(c.item[0].detail, t[i].detail) &&
		   fake_applied == t[i].applied,
		   "settle %zu -> %s '%s' (got %s '%s')", i, pin_state_name(t[i].st), t[i].detail,
		   pin_state_name(c.item[0].state), c.item[0].detail);
	}
	ok(!strcmp(c.plan, "") && c.planlen == 0, "plan only in dry run");
	pin_init(&c);
	c.dry_run = 1;
	fake_in_place = 0;
	pin_settle(&c, 1, &fake, "obj", (void *)"obj");
	ok(!strcmp(c.plan, "would write x\n"), "dry run plans");
}

static void results(void)
{
	static struct pin_ctx c;
	char big[300];

	pin_init(&c);
	ok(pin_verdict(&c) == 0, "no items: fine");
	pin_item(&c, "a", "b", PIN_NA, "x");
	pin_item(&c, "a", "b", PIN_OK, "x");
	ok(pin_verdict(&c) == 0, "ok and n/a: fine");
	pin_item(&c, "a", "b", PIN_MISSING, "x");
	ok(pin_verdict(&c) == 1, "missing: 1");
	pin_item(&c, "a", "b", PIN_FAILED, "x");
	ok(pin_verdict(&c) == 2, "failed: 2");
	memset(big, 'w', sizeof big - 1);
	big[sizeof big - 1] = 0;
	pin_item(&c, big, big, PIN_OK, "%s", big);
	ok(strlen(c.item[4].what) == sizeof c.item[4].what - 1 &&
	   strlen(c.item[4].obj) == sizeof c.item[4].obj - 1 &&
	   strlen(c.item[4].detail) == sizeof c.item[4].detail - 1, "fields cut at their size");
	pin_init(&c);
	for (int i = 0; i < PIN_MAX_ITEM + 5; i++)
		pin_item(&c, "a", "b", PIN_OK, "%d", i);
	ok(c.nitem == PIN_MAX_ITEM && c.item[PIN_MAX_ITEM - 1].state == PIN_FAILED &&
	   strstr(c.item[PIN_MAX_ITEM - 1].detail, "output truncated"), "item table bounded, says so");
	pin_init(&c);
	for (int i = 0; i < 100; i++)
		pin_plan_text(&c, big);
	ok(c.planlen == sizeof c.plan - 1 && strlen(c.plan) == c.planlen, "plan bounded");
	pin_init(&c);
	pin_plan_text(&c, "a\nb\n\nc");
	ok(!strcmp(c.plan, "  a\n  b\n  \n  c\n"), "plan text indented");
	ok(pin_text_ok("eth0") && pin_text_ok("iqn.2024-01.x:y") && !pin_text_ok("a b") &&
	   !pin_text_ok("a'b") && !pin_text_ok("a\"b") && !pin_text_ok("a\\b") && !pin_text_ok("\x7f") &&
	   !pin_text_ok("é"), "text_ok");
}

static void mounts(void)
{
	static struct pin_ctx c;
	char root[] = "/tmp/pin_testXXXXXX", p[256], cmd[300];
	char longmp[PIN_PATH + 8];
	FILE *f;

	ok(mkdtemp(root) != NULL, "temp dir");
	pin_init(&c);
	ok(pin_add_mount(&c, "relative") == -EINVAL, "mount point must be absolute");
	memset(longmp, 'm', sizeof longmp - 1);
	longmp[0] = '/';
	longmp[sizeof longmp - 1] = 0;
	ok(pin_add_mount(&c, longmp) == -EINVAL && c.nmounts == 0, "mount point too long");
	for (int i = 0; i < PIN_MAX_MOUNT; i++)
		pin_add_mount(&c, "/m");
	ok(c.nmounts == PIN_MAX_MOUNT && pin_add_mount(&c, "/m") == -ENOSPC, "mount table bounded");

	static const struct { const char *mi, *want_root; int nmounts; const char *m1; } t[] = {
		/* initramfs: / on rootfs, the real root at /root with its own /usr */
		{ "1 0 0:1 / / rw - rootfs rootfs rw\n"
		  "2 1 253:0 / /root rw - ext4 /dev/mapper/r rw\n"
		  "3 2 8:2 / /root/usr rw - ext4 /dev/sda2 rw\n", "/root", 2, "/root/usr" },
		{ "1 0 0:1 / / rw - tmpfs none rw\n2 1 8:1 / /sysroot rw - xfs /dev/sda1 rw\n",
		  "/sysroot", 1, NULL },
		{ "1 0 0:1 / / rw - ramfs none rw\n2 1 8:1 / /new_root rw - xfs /dev/sda1 rw\n",
		  "/new_root", 1, NULL },
		/* in the real root: / on a disk, /usr apart */
		{ "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n2 1 8:2 / /usr rw - ext4 /dev/sda2 rw\n"
		  "3 1 8:3 / /root rw - ext4 /dev/sda3 rw\n", NULL, 2, "/usr" },
		/* btrfs-style major 0 root is not an initramfs */
		{ "1 0 0:30 / / rw - btrfs /dev/sda1 rw\n2 1 8:3 / /root rw - ext4 /dev/sda3 rw\n", NULL, 1, NULL },
		{ "1 0 0:1 / / rw - rootfs rootfs rw\n", NULL, 1, NULL },
	};
	snprintf(p, sizeof p, "%s/proc", root);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/proc/self", root);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/proc/self/mountinfo", root);
	for (size_t i = 0; i < NELEM(t); i++) {
		const char *r;

		f = fopen(p, "w");
		fputs(t[i].mi, f);
		fclose(f);
		pin_init(&c);
		ok(pin_set_root(&c, root) == 0, "root");
		r = pin_initramfs_root(&c);
		ok(t[i].want_root ? r && !strcmp(r, t[i].want_root) : !r, "initramfs root %zu -> %s (got %s)",
		   i, t[i].want_root ? t[i].want_root : "none", r ? r : "none");
		ok(pin_default_mounts(&c, r ? r : "/") == 0 && c.nmounts == t[i].nmounts &&
		   !strcmp(c.mounts[0], r ? r : "/") && (!t[i].m1 || !strcmp(c.mounts[1], t[i].m1)),
		   "default mounts %zu: %d", i, c.nmounts);
	}
	pin_init(&c);
	ok(pin_default_mounts(&c, "x") == -EINVAL, "default mounts: relative top refused");
	pin_set_root(&c, "/nonexistent");
	ok(pin_initramfs_root(&c) == NULL, "no mountinfo: not an initramfs");
	snprintf(cmd, sizeof cmd, "rm -rf %s", root);
	ok(system(cmd) == 0, "cleanup");
}

int main(void)
{
	ctx();
	mounts();
	settle();
	results();
	return done();
}
