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
	run shellcheck -S warning -s sh $files
	echo "$output"
	[ "$status" -eq 0 ]
}
