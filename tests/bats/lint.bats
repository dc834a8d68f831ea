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
