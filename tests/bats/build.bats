#!/usr/bin/env bats
# Build contract: every helper is a static binary; make size lists them all.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers

helpers_list() { for f in "$BATS_TEST_DIRNAME"/../../helpers/*.c; do basename "$f" .c; done; }

@test "build: every helper is statically linked and stripped" {
	for h in $(helpers_list); do
		[ -x "$B/$h" ] || { echo "missing $B/$h"; false; }
		run file "$B/$h"
		echo "$output"
		[[ "$output" == *"statically linked"* ]]
		[[ "$output" == *"stripped"* ]]
		[[ "$output" != *"not stripped"* ]]
	done
}

@test "build: make size lists every helper with its size" {
	cd "$BATS_TEST_DIRNAME/../.."
	run make -s size
	echo "$output"
	[ "$status" -eq 0 ]
	for h in $(helpers_list); do
		echo "$output" | grep -Eq "^$h +[0-9]+$"
	done
}

@test "build: ipconfig stays under its 40 KiB budget (issue 5)" {
	[ -f "$B/ipconfig" ] || skip "no $B/ipconfig (klibc build?)"
	size=$(stat -c %s "$B/ipconfig")
	echo "ipconfig is $size bytes; budget 40960"
	[ "$size" -gt 10000 ]
	[ "$size" -lt 40960 ]
}

@test "build: make install puts helpers in /usr/lib/iscsiroot and man pages in place" {
	cd "$BATS_TEST_DIRNAME/../.."
	d=$(mktemp -d)
	run make -s install DESTDIR="$d" PREFIX=/usr
	echo "$output"
	[ "$status" -eq 0 ]
	for h in $(helpers_list); do [ -x "$d/usr/lib/iscsiroot/$h" ]; done
	[ -f "$d/usr/share/man/man8/sleep.8" ]
	[ -f "$d/usr/share/man/man8/root-pin.8" ]
	[ -f "$d/usr/lib/systemd/system/iscsiroot-pin.service" ]
	! [ -e "$d/usr/bin/sleep" ]
	rm -rf "$d"
}
