#!/usr/bin/env bats
# Every shell file of the project is POSIX sh and shellcheck-clean (warnings and up).
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers

@test "shellcheck: all project shell scripts" {
	command -v shellcheck >/dev/null || skip "shellcheck not installed"
	cd "$BATS_TEST_DIRNAME/../.."
	files=$(git ls-files | while read -r f; do
		case $f in *.sh|.ci/run) echo "$f" ;;
		initramfs-tools/conf-hooks.d/*) echo "$f" ;;    # sourced by mkinitramfs: no #! line
		dracut/*|initramfs-tools/*|mkinitcpio/*) head -n1 "$f" | grep -q '^#!.*sh' && echo "$f" ;;
		esac; done)
	[ -n "$files" ]
	# dracut sources module-setup.sh with bash (its convention): checked as bash
	bash_files= sh_files=
	for f in $files; do
		if head -n1 "$f" | grep -q '^#!/bin/bash'; then bash_files="$bash_files $f"
		else sh_files="$sh_files $f"; fi
	done
	run shellcheck -S warning -s sh $sh_files
	echo "$output"
	[ "$status" -eq 0 ]
	if [ -n "$bash_files" ]; then
		run shellcheck -S warning -s bash $bash_files
		echo "$output"
		[ "$status" -eq 0 ]
	fi
}

# DESIGN §3: lib/ never prints or exits; it returns -errno and reports through
# callbacks. log.c (the one message sink) and err.c (the fatal exits) serve the
# applets only; no other lib file may call them, stdio or an exit. Comments
# are stripped by the preprocessor first (-fpreprocessed keeps the code as is).
@test "lint: lib/ has no stdio, log_*, err_* or exit calls (only log.c and err.c, for the applets)" {
	cd "$BATS_TEST_DIRNAME/../../helpers/lib"
	call='(^|[^A-Za-z0-9_])(printf|fprintf|vfprintf|dprintf|vdprintf|puts|fputs|putchar|fputc|putc|fwrite|fflush|perror|exit|_exit|_Exit|abort|log_(err|warn|info|debug|msg|detach)|err_(fatal|usage))[ ]*\('
	for f in *.c *.h; do
		case $f in log.c|log.h|err.c|err.h) continue ;; esac
		gcc -fpreprocessed -dD -E -P -x c "$f" 2> /dev/null |
			grep -nE "$call|(^|[^A-Za-z0-9_])(stdout|stderr|FILE)([^A-Za-z0-9_]|$)|write[ ]*\\([ ]*[12][ ]*," |
			sed "s|^|$f:|"
	done > "$BATS_TEST_TMPDIR/bad"
	cat "$BATS_TEST_TMPDIR/bad"
	[ ! -s "$BATS_TEST_TMPDIR/bad" ]
	# and the test sees a violation when there is one
	printf 'static void f(void) { log_err("x"); _exit(1); }\n' > "$BATS_TEST_TMPDIR/probe.c"
	gcc -fpreprocessed -dD -E -P "$BATS_TEST_TMPDIR/probe.c" | grep -qE "$call"
}
