/* cmdline: the kernel's quoting rules, bounds, dracut booleans.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmdline.h"
#include "test.h"

static struct cmdline C;

/* Render the parse as "key=val|key|…" ("key" alone for a bare key). */
static const char *show(void)
{
	static char b[4096];
	size_t o = 0;

	b[0] = 0;
	for (unsigned i = 0; i < C.n && o < sizeof b - 1; i++)
		o += (size_t)snprintf(b + o, sizeof b - o, "%s%s%s%s", i ? "|" : "", C.arg[i].key,
				      C.arg[i].val ? "=" : "", C.arg[i].val ? C.arg[i].val : "");
	return b;
}

static const struct { const char *in, *out; } kernel[] = {
	{ "", "" },
	{ "   \t\n", "" },
	{ "quiet", "quiet" },
	{ "root=/dev/sda1 ro quiet", "root=/dev/sda1|ro|quiet" },
	{ "BOOT_IMAGE=/boot/vmlinuz-6.1.0-56-amd64 root=UUID=3f1c ro\n", "BOOT_IMAGE=/boot/vmlinuz-6.1.0-56-amd64|root=UUID=3f1c|ro" },
	{ "a=\"b c\" d", "a=b c|d" },                       /* value quoted */
	{ "\"a=b c\" d", "a=b c|d" },                       /* whole token quoted */
	{ "a=b\"c d\"e f", "a=b\"c d\"e|f" },               /* inner quotes stay */
	{ "a==b", "a==b" },                                 /* first '=' splits */
	{ "a=", "a=" },
	{ "=x y", "y" },                                    /* no key: dropped */
	{ "a=\"\" b", "a=|b" },
	{ "x -- root=iscsi:1 init", "x" },                  /* init's arguments */
	{ "x \"--\" y", "x|--|y" },                           /* a quoted -- is a parameter */
	{ "a=1 a=2", "a=1|a=2" },
	{ "rd.iscsi.param=node.session.auth.password=\"x y\"", "rd.iscsi.param=node.session.auth.password=\"x y\"" },
	{ "a=\"b c", "a=b c" },                             /* unterminated: to the end */
	{ "#x=1 y", "#x=1|y" },                             /* '#' is ordinary on the cmdline */
	{ "a\tb\rc\vd\fe", "a|b|c|d|e" },
};

int main(void)
{
	char big[CMDLINE_MAX_BYTES + 2], path[] = "/tmp/cmdline_XXXXXX";
	size_t i, o;
	FILE *f;
	int fd;

	for (i = 0; i < NELEM(kernel); i++) {
		int rc = cmdline_parse(&C, kernel[i].in, strlen(kernel[i].in), CMDLINE_KERNEL);
		if (!ok(rc == 0 && !strcmp(show(), kernel[i].out), "kernel rules: '%s'", kernel[i].in))
			printf("#  got '%s' want '%s'\n", show(), kernel[i].out);
	}
	cmdline_parse(&C, "a=\"b c", 6, CMDLINE_KERNEL);
	ok(C.unterminated == 1, "an open quote is reported");
	ok(cmdline_parse(&C, "a=1\0b=2", 7, CMDLINE_KERNEL) == 0 && C.n == 1, "a NUL byte ends the text");

	/* file mode */
	ok(cmdline_parse(&C, "# comment\na=1 # tail\n  b=\"x # y\"\n#c=3", 37, CMDLINE_FILE) == 0 &&
	   !strcmp(show(), "a=1|b=x # y") && C.arg[1].line == 3, "file: comments and line numbers: %s", show());
	ok(cmdline_parse(&C, "a=1\nb=\"x\ny\"\n", 12, CMDLINE_FILE) == -EINVAL && C.errline == 2,
	   "file: a quote must close on its line (line %u)", C.errline);
	ok(cmdline_parse(&C, "a=\"x", 4, CMDLINE_FILE) == -EINVAL, "file: open quote at the end");
	ok(cmdline_parse(&C, "a=b#c", 5, CMDLINE_FILE) == 0 && !strcmp(show(), "a=b#c"),
	   "file: '#' inside a word is data");

	/* bounds */
	memset(big, 'x', sizeof big);
	ok(cmdline_parse(&C, big, CMDLINE_MAX_BYTES + 1, CMDLINE_KERNEL) == -E2BIG && C.n == 0,
	   "over %d bytes: -E2BIG", CMDLINE_MAX_BYTES);
	ok(cmdline_parse(&C, big, CMDLINE_MAX_BYTES, CMDLINE_KERNEL) == 0 && C.n == 1 &&
	   strlen(C.arg[0].key) == CMDLINE_MAX_BYTES, "exactly %d bytes: one parameter", CMDLINE_MAX_BYTES);
	for (o = 0, i = 0; i < CMDLINE_MAX_ARGS; i++)
		o += (size_t)sprintf(big + o, "k ");
	ok(cmdline_parse(&C, big, o, CMDLINE_KERNEL) == 0 && C.n == CMDLINE_MAX_ARGS,
	   "%d parameters fit", CMDLINE_MAX_ARGS);
	o += (size_t)sprintf(big + o, "k");
	ok(cmdline_parse(&C, big, o, CMDLINE_KERNEL) == -E2BIG && C.n == 0, "one more: -E2BIG");

	/* reading */
	fd = mkstemp(path);
	close(fd);
	f = fopen(path, "w");
	fputs("root=iscsi:x rd.iscsi.firmware\n", f);
	fclose(f);
	ok(cmdline_read(&C, path, CMDLINE_KERNEL) == 0 && !strcmp(cmdline_get(&C, "root"), "iscsi:x") &&
	   !strcmp(cmdline_get(&C, "rd.iscsi.firmware"), "") && !cmdline_get(&C, "nope"),
	   "read + get (bare key gives \"\", absent NULL)");
	f = fopen(path, "w");
	for (i = 0; i < CMDLINE_MAX_BYTES + 1; i++)
		fputc('y', f);
	fclose(f);
	ok(cmdline_read(&C, path, CMDLINE_KERNEL) == -E2BIG, "a file over the bound: -E2BIG");
	unlink(path);
	ok(cmdline_read(&C, path, CMDLINE_KERNEL) == -ENOENT, "missing file: -ENOENT");
	ok(cmdline_parse(&C, "a=1 a=2 a", 9, CMDLINE_KERNEL) == 0 && !strcmp(cmdline_get(&C, "a"), ""),
	   "cmdline_get: the last one wins");

	/* booleans */
	ok(cmdline_bool(NULL, 1) == 1 && cmdline_bool(NULL, 0) == 0, "absent: default");
	ok(cmdline_bool("", 0) == 1 && cmdline_bool("1", 0) == 1 && cmdline_bool("yes", 0) == 1 &&
	   cmdline_bool("on", 0) == 1, "true values");
	ok(cmdline_bool("0", 1) == 0 && cmdline_bool("no", 1) == 0 && cmdline_bool("off", 1) == 0,
	   "false values");
	ok(cmdline_bool("2", 0) == -EINVAL && cmdline_bool("Yes!", 0) == -EINVAL, "others: -EINVAL");
	ok(cmdline_bool("true", 0) == 1 && cmdline_bool("y", 0) == 1 && cmdline_bool("false", 1) == 0 &&
	   cmdline_bool("n", 1) == 0, "true/y, false/n");
	ok(cmdline_bool("ye", 0) == -EINVAL && cmdline_bool("nn", 0) == -EINVAL &&
	   cmdline_bool("1 ", 0) == -EINVAL, "no prefix or extension of a word");

	/* word lists */
	ok(cmdline_word("a", "a\0bc\0", 2) == 0 && cmdline_word("bc", "a\0bc\0", 2) == 1 &&
	   cmdline_word("", "\0x\0", 2) == 0, "cmdline_word: the index");
	ok(cmdline_word("b", "a\0bc\0", 2) == -1 && cmdline_word("bc", "a\0bc\0", 1) == -1 &&
	   cmdline_word("a", "", 0) == -1, "cmdline_word: -1, only the first n words");
	return done();
}
