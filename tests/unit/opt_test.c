/* opt: short clusters and values, long names with "=" or a separate value,
 * optional values, "--" (an end, or an error with no_operands), positionals,
 * each error and its text.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>
#include "opt.h"
#include "test.h"

enum { O_LONG = 256, O_OPT };
static const struct opt opts[] = {
	{ 'n', OPT_NOARG, "dry-run" }, { 'v', OPT_NOARG, "" }, { 'a', OPT_ARG, "address" },
	{ O_LONG, OPT_ARG, "deadline" }, { O_OPT, OPT_OPTARG, "cmdline" },
};

/* run argv (NULL-ended) and describe what came out: "n v a=X P=X E:text ." */
static const char *run(int positional, const char *const *args)
{
	static char out[512];
	char *argv[16], why[128];
	int argc = 0, c;
	size_t o = 0;
	struct opt_state st = { .i = 1, .positional = positional == 1, .no_operands = positional == 2 };

	argv[argc++] = (char *)"prog";
	while (*args)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	out[0] = 0;
	while ((c = opt_next(opts, NELEM(opts), argc, argv, &st)) != OPT_END) {
		if (c == OPT_ERR) {
			o += (size_t)snprintf(out + o, sizeof out - o, "E:%s", opt_why(&st, why, sizeof why));
			return out;
		}
		if (c == OPT_POS)
			o += (size_t)snprintf(out + o, sizeof out - o, "P=%s ", st.val);
		else if (c < 256)
			o += (size_t)snprintf(out + o, sizeof out - o, st.val && c == 'a' ? "%c=%s " : "%c ", c, st.val);
		else
			o += (size_t)snprintf(out + o, sizeof out - o, "%d=%s ", c, st.val ? st.val : "(none)");
	}
	snprintf(out + o, sizeof out - o, ".%d", st.i);
	return out;
}

int main(void)
{
	static const struct { int pos; const char *args[6]; const char *want; } t[] = {
		{ 0, { NULL }, ".1" },
		{ 0, { "-n", "-v", NULL }, "n v .3" },
		{ 0, { "-nv", NULL }, "n v .2" },
		{ 0, { "-nva", "X", NULL }, "n v a=X .3" },
		{ 0, { "-aX", "-n", NULL }, "a=X n .3" },
		{ 0, { "--address=1.2.3.4", "--address", "y", NULL }, "a=1.2.3.4 a=y .4" },
		{ 0, { "--dry-run", "--deadline", "5s", NULL }, "n 256=5s .4" },
		{ 0, { "--cmdline", "--cmdline=/x", NULL }, "257=(none) 257=/x .3" },
		{ 0, { "-n", "--", "rest", NULL }, "n .3" },
		{ 0, { "-n", "x", NULL }, "n E:unexpected argument 'x'" },
		{ 0, { "-", NULL }, "E:unexpected argument '-'" },
		{ 0, { "--bogus", NULL }, "E:unknown option '--bogus'" },
		{ 0, { "-nx", NULL }, "n E:unknown option '-x'" },
		{ 0, { "--dry-run=1", NULL }, "E:option '--dry-run' takes no value" },
		{ 0, { "--address", NULL }, "E:option '--address' needs a value" },
		{ 0, { "-na", NULL }, "n E:option '-a' needs a value" },
		{ 0, { "--dry", NULL }, "E:unknown option '--dry'" },
		{ 0, { "--=x", NULL }, "E:unknown option '--=x'" },
		{ 0, { "--v", NULL }, "E:unknown option '--v'" },
		{ 1, { "1", "-n", "2", "-", NULL }, "P=1 n P=2 P=- .5" },
		{ 1, { "1", "--", "-n", NULL }, "P=1 .3" },
		{ 1, { "-a", "-n", NULL }, "a=-n .3" },
		{ 2, { "-n", "--", NULL }, "n E:unexpected argument '--'" },
		{ 2, { "--address", "--", "-n", NULL }, "a=-- n .4" },
	};
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		const char *got = run(t[i].pos, t[i].args);

		ok(!strcmp(got, t[i].want), "case %zu: [%s] (want [%s])", i, got, t[i].want);
	}
	{
		struct opt_state st = { .why = OPT_EUNKNOWN, .bad = "--long-option", .c = 0 };
		char b[12];

		ok(!strcmp(opt_why(&st, b, sizeof b), "unknown opt"), "opt_why cuts to the buffer");
	}
	return done();
}
