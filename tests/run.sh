#!/bin/sh
# Test driver: tests/run.sh all|quick|unit|bats|fuzz-short|boot ...
# Every layer reports one line per test: PASS/FAIL/SKIP <layer> <name>.
# Logs go to build/test-logs/. The closing line is "N passed, N failed, N skipped"
# and the exit status is non-zero when anything failed.
# SPDX-License-Identifier: GPL-2.0-or-later
set -u
cd "$(dirname "$0")/.." || exit 111
LOGS=build/test-logs
RES=$LOGS/results
mkdir -p "$LOGS"
: > "$RES"
FUZZ_SECONDS=${FUZZ_SECONDS:-10}

rec() { # rec PASS|FAIL|SKIP layer name [log]
	echo "$1 $2 $3" >> "$RES"
	printf '%s %-5s %s\n' "$1" "$2" "$3"
	if [ "$1" = FAIL ] && [ -n "${4:-}" ] && [ -f "$4" ]; then
		echo "---- tail of $4"; tail -n 40 "$4"; echo "----"
	fi
}

tap() { # tap layer prefix logfile status: one record per TAP line
	awk -v L="$1" -v P="$2" '
		/^ok / && /# [Ss][Kk][Ii][Pp]/ { sub(/^ok [0-9]+ (- )?/, ""); print "SKIP", L, P ": " $0; next }
		/^ok /     { sub(/^ok [0-9]+ (- )?/, "");     print "PASS", L, P ": " $0; next }
		/^not ok / { sub(/^not ok [0-9]+ (- )?/, ""); print "FAIL", L, P ": " $0; next }' "$3" |
	while read -r st la name; do rec "$st" "$la" "$name"; done
	if [ "$4" -ne 0 ] && ! grep -q '^not ok' "$3"; then
		rec FAIL "$1" "$2: exited $4 (crash or sanitizer report?)" "$3"
	fi
	grep -q '^not ok' "$3" && { echo "---- failures in $3"; grep -B2 -A8 '^not ok' "$3" | head -60; }
	return 0
}

unit() {
	for t in build/asan/*_test; do
		[ -x "$t" ] || continue
		n=$(basename "$t"); log=$LOGS/unit-$n.log
		ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 "$t" > "$log" 2>&1
		tap unit "$n" "$log" $?
	done
}

bats_layer() {
	log=$LOGS/bats.log
	bats --tap tests/bats > "$log" 2>&1
	tap bats "" "$log" $?
}

fuzz_layer() {
	for f in build/fuzz/*_fuzz; do
		[ -f "$f" ] && [ -x "$f" ] || continue   # corpus-*_fuzz are directories
		n=$(basename "$f"); log=$LOGS/fuzz-$n.log
		corp=build/fuzz/corpus-$n; mkdir -p "$corp"
		seeds=tests/fuzz/corpus/${n%_fuzz}
		[ -d "$seeds" ] && cp -n "$seeds"/* "$corp"/ 2>/dev/null
		if "$f" -max_total_time="$FUZZ_SECONDS" -timeout=5 -rss_limit_mb=1024 \
			-artifact_prefix="build/fuzz/$n-" "$corp" > "$log" 2>&1; then
			rec PASS fuzz "$n (${FUZZ_SECONDS}s, $(grep -o 'cov: [0-9]*' "$log" | tail -1))"
		else
			rec FAIL fuzz "$n: crash found, reproducer in build/fuzz/$n-*" "$log"
		fi
	done
}

boot_one() { # boot_one TEST: run one boot test, record its result
	n=$(basename "$1" .sh); log=$LOGS/boot-$n.log
	start=$(date +%s)
	timeout -k 10 "${BOOT_TIMEOUT:-900}" sh "$1" > "$log" 2>&1
	rc=$?; secs=$(( $(date +%s) - start ))
	case $rc in
	0)  rec PASS boot "$n (${secs}s)" ;;
	77) rec SKIP boot "$n: $(tail -n 1 "$log")" ;;
	*)  rec FAIL boot "$n: exit $rc after ${secs}s" "$log" ;;
	esac
}

boot() { # BOOT_JOBS tests at a time (default 2: each QEMU uses one core)
	jobs=${BOOT_JOBS:-2}; running=0; pids=
	for t in tests/boot/t_*.sh; do
		[ -f "$t" ] || continue
		if [ "$running" -ge "$jobs" ]; then
			wait_one; running=$((running - 1))
		fi
		boot_one "$t" & pids="$pids $!"; running=$((running + 1))
	done
	wait
}

wait_one() { # wait until one of $pids has exited, drop it from the list
	while :; do
		left=
		for p in $pids; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
		if [ "$(echo "$left" | wc -w)" -lt "$(echo "$pids" | wc -w)" ]; then pids=$left; return; fi
		sleep 1
	done
}

for layer in "$@"; do
	case $layer in
	all)        unit; bats_layer; fuzz_layer; boot ;;
	quick)      unit; bats_layer; fuzz_layer ;;
	unit)       unit ;;
	bats)       bats_layer ;;
	fuzz-short) fuzz_layer ;;
	boot)       boot ;;
	*) echo "tests/run.sh: unknown layer '$layer'" >&2; exit 100 ;;
	esac
done

p=$(grep -c '^PASS' "$RES"); f=$(grep -c '^FAIL' "$RES"); s=$(grep -c '^SKIP' "$RES")
if [ "$f" -ne 0 ]; then echo; echo "failed:"; grep '^FAIL' "$RES" | sed 's/^/  /'; fi
echo
echo "$p passed, $f failed, $s skipped"
[ "$f" -eq 0 ] && [ "$p" -gt 0 ]
