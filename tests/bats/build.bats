#!/usr/bin/env bats
# Build contract: every helper is a static binary; make size lists them all.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers

applets() { for f in "$BATS_TEST_DIRNAME"/../../helpers/*.c; do f=$(basename "$f" .c); [ "$f" = main ] || echo "$f"; done; }

@test "build: one static stripped binary; every applet is a link to it" {
	run file "$B/iscsiroot"
	echo "$output"
	[[ "$output" == *"statically linked"* ]]
	[[ "$output" == *"stripped"* ]]
	[[ "$output" != *"not stripped"* ]]
	for h in $(applets); do
		[ "$(readlink "$B/$h")" = iscsiroot ] || { echo "$B/$h is not a link to iscsiroot"; false; }
	done
}

@test "build: make size shows the binary and what each applet adds" {
	cd "$BATS_TEST_DIRNAME/../.."
	run make -s size
	echo "$output"
	[ "$status" -eq 0 ]
	echo "$output" | grep -Eq "^iscsiroot +[0-9]+$"
	for h in $(applets); do
		echo "$output" | grep -Eq "^  $h +[0-9]+  \(added by this applet\)$"
	done
}

# Issue 11 asks for 160 KiB (163,840 bytes) for all five applets together; the
# one binary is 170,656 bytes at the commit that set this ceiling (from
# 236,608 for the five binaries before it). Until the goal is met, this is a
# ceiling against growth: lower it whenever the binary shrinks, never raise it.
@test "build: the one binary does not grow past its ceiling (167 KiB; goal 160 KiB, issue 11)" {
	size=$(stat -c %s "$B/iscsiroot")
	echo "iscsiroot is $size bytes; ceiling 171008, goal 163840"
	[ "$size" -gt 50000 ]
	[ "$size" -le 171008 ]
}

@test "build: the dispatcher: a name that is no applet's is refused, 'iscsiroot APPLET' runs it" {
	run "$B/iscsiroot"
	echo "$output"
	[ "$status" -eq 100 ]
	[[ "$output" == *"unknown applet 'iscsiroot'"* ]]
	[[ "$output" == *"applets: ibft-reader ipconfig iscsistart root-pin sleep"* ]]
	run "$B/iscsiroot" frobnicate
	[ "$status" -eq 100 ]
	[[ "$output" == *"unknown applet 'frobnicate'"* ]]
	run "$B/iscsiroot" sleep 0
	[ "$status" -eq 0 ]
	run "$B/iscsiroot" iscsistart -v
	[ "$status" -eq 0 ]
	[[ "$output" == "iscsistart (iscsiroot)"* ]]
	d=$(mktemp -d); cp "$B/iscsiroot" "$d/@sleep"; cp "$B/iscsiroot" "$d/root-pin"
	run "$d/@sleep" 0; [ "$status" -eq 0 ]
	run "$d/root-pin" -h; [ "$status" -eq 0 ]; [[ "$output" == *root-pin* ]]
	rm -rf "$d"
}

@test "build: make install puts helpers in /usr/lib/iscsiroot and man pages in place" {
	cd "$BATS_TEST_DIRNAME/../.."
	d=$(mktemp -d)
	run make -s install DESTDIR="$d" PREFIX=/usr
	echo "$output"
	[ "$status" -eq 0 ]
	[ -x "$d/usr/lib/iscsiroot/iscsiroot" ] && [ ! -L "$d/usr/lib/iscsiroot/iscsiroot" ]
	for h in $(applets) @ipconfig @iscsistart; do [ "$(readlink "$d/usr/lib/iscsiroot/$h")" = iscsiroot ]; done
	[ -f "$d/usr/share/man/man8/sleep.8" ]
	[ -f "$d/usr/share/man/man8/root-pin.8" ]
	[ -f "$d/usr/lib/systemd/system/iscsiroot-pin.service" ]
	! [ -e "$d/usr/bin/sleep" ]
	rm -rf "$d"
}
