#!/usr/bin/env bats
# sleep helper CLI.  SPDX-License-Identifier: GPL-2.0-or-later
load helpers

@test "sleep: fractional seconds sleep at least that long" {
	start=$(date +%s%N)
	run "$B/sleep" 0.3
	[ "$status" -eq 0 ]
	[ $(( ($(date +%s%N) - start) / 1000000 )) -ge 300 ]
}

@test "sleep: several durations are summed, suffixes honoured" {
	start=$(date +%s%N)
	run "$B/sleep" 0.1s 0.002m
	[ "$status" -eq 0 ]
	[ $(( ($(date +%s%N) - start) / 1000000 )) -ge 220 ]
}

@test "sleep: bad duration is a usage error naming the value" {
	run "$B/sleep" 5x
	[ "$status" -eq 100 ]
	[[ "$output" == *"iscsiroot: sleep: fatal: invalid duration '5x'"* ]]
}

@test "sleep: no argument is a usage error" {
	run "$B/sleep"
	[ "$status" -eq 100 ]
	[[ "$output" == *"missing DURATION"* ]]
}

@test "sleep: more than 30 days refused" {
	run "$B/sleep" 31d
	[ "$status" -eq 100 ]
	[[ "$output" == *"longer than 30 days"* ]]
}

@test "sleep -w: returns at once when paths exist" {
	run "$B/sleep" -w /etc/passwd / -t 1
	[ "$status" -eq 0 ]
}

@test "sleep -w: waits until a path appears" {
	d=$(mktemp -d)
	( sleep 0.4; touch "$d/ready" ) &
	run "$B/sleep" -w "$d/ready" -t 5
	[ "$status" -eq 0 ]
	[ -e "$d/ready" ]
	rm -rf "$d"
}

@test "sleep -w: times out with exit 99 naming the missing path" {
	run "$B/sleep" -w /etc/passwd /nonexistent/never -t 0.3
	[ "$status" -eq 99 ]
	[[ "$output" == *"waiting for /nonexistent/never"* ]]
	[[ "$output" != *"waiting for /etc/passwd"* ]]
}

@test "sleep: -t without -w is a usage error" {
	run "$B/sleep" 1 -t 2
	[ "$status" -eq 100 ]
}

@test "sleep: statically linked" {
	run file -L "$B/sleep"
	[[ "$output" == *"statically linked"* ]]
}
