#!/usr/bin/env bats
# iscsistart's kernel path without a kernel: clear failures, right exit codes.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers

@test "iscsistart: iscsi_tcp not loaded -> exit 111 naming the module, nothing retried" {
	ISCSIROOT_SYSFS=$BATS_TEST_TMPDIR/nosys ISCSIROOT_KMSG= run "$B/iscsistart" \
		-i iqn.2026-11.org.iscsiroot:i -t iqn.2026-11.org.iscsiroot:t -g 1 -a 127.0.0.1
	[ "$status" -eq 111 ]
	[[ "$output" == *"iscsi_tcp is not loaded"* ]]
	[[ "$output" != *"attempt 2"* ]]
}

@test "iscsistart: unreadable transport handle -> exit 111, not an auth failure" {
	mkdir -p "$BATS_TEST_TMPDIR/sys/class/iscsi_transport/tcp"
	echo garbage > "$BATS_TEST_TMPDIR/sys/class/iscsi_transport/tcp/handle"
	ISCSIROOT_SYSFS=$BATS_TEST_TMPDIR/sys ISCSIROOT_KMSG= run "$B/iscsistart" \
		-i iqn.2026-11.org.iscsiroot:i -t iqn.2026-11.org.iscsiroot:t -g 1 -a 127.0.0.1
	[ "$status" -eq 111 ]
	[[ "$output" == *"iSCSI control channel"* ]]
}
