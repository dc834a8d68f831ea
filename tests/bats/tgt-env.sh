#!/bin/sh
# tgt-env.sh SETUP CMD [ARG...] — run CMD in a private network namespace
# (unshare -n) where tgtd serves iSCSI on 127.0.0.1:3260.
# SETUP is shell code run once tgtd answers, with $TGTADM ("tgtadm -C <port>"),
# $LUNFILE and $LUNFILE2 (4 MiB sparse files) and $WORK (scratch directory).
#   TGT_ENV_SECOND=1  a second tgtd on 127.0.0.2:3260, driven by $TGTADM2
#   TGT_ENV_LATE=N    start tgtd (and SETUP) N seconds after CMD starts
#   TGT_ENV_DEBUG=1   tgtd -d 1, its log printed at the end
#   TGT_ENV_PORTAL=A:P the first tgtd listens there instead (e.g. [::1]:3260)
# Every tgtd is stopped whatever happens (tgtadm --op delete, then SIGTERM
# and SIGKILL by PID). Exit status: CMD's; 77 if tgtd/unshare are missing.
# SPDX-License-Identifier: GPL-2.0-or-later
set -u
if [ -z "${TGT_ENV_INNER:-}" ]; then
	command -v tgtd >/dev/null 2>&1 || { echo "tgt-env: tgtd not installed" >&2; exit 77; }
	TGT_ENV_INNER=1 exec unshare -n sh "$0" "$@" || exit 77
fi
[ $# -ge 2 ] || { echo "usage: tgt-env.sh SETUP CMD [ARG...]" >&2; exit 100; }
setup=$1
shift
ip link set lo up 2>/dev/null || exit 77
# own local route for the second portal, so connections to it come from it
ip addr add 127.0.0.2/32 dev lo 2>/dev/null
WORK=$(mktemp -d /tmp/tgt-env.XXXXXX) || exit 111
LUNFILE=$WORK/lun0.img
LUNFILE2=$WORK/lun2.img
truncate -s 4M "$LUNFILE" "$LUNFILE2"
# control ports unique on this machine: PIDs are not namespaced here
cport=$(( 10000 + ($$ % 10000) * 2 ))
TGTADM="tgtadm -C $cport"
TGTADM2="tgtadm -C $((cport + 1))"
export WORK LUNFILE LUNFILE2 TGTADM TGTADM2
late=

# start_tgtd PORTAL CPORT LOG: start, record the PID in $WORK/pids, wait for it
start_tgtd() {
	tgtd -f ${TGT_ENV_DEBUG:+-d 1} --iscsi "portal=$1" --control-port "$2" > "$3" 2>&1 &
	echo "$! $2" >> "$WORK/pids"
	i=0
	until tgtadm -C "$2" --mode system --op show >/dev/null 2>&1; do
		i=$((i + 1))
		if [ $i -gt 50 ]; then
			echo "tgt-env: tgtd did not start:" >&2; cat "$3" >&2; return 1
		fi
		sleep 0.1
	done
}
start_all() {
	start_tgtd "${TGT_ENV_PORTAL:-127.0.0.1:3260}" "$cport" "$WORK/tgtd.log" || return 1
	if [ -n "${TGT_ENV_SECOND:-}" ]; then
		start_tgtd 127.0.0.2:3260 "$((cport + 1))" "$WORK/tgtd2.log" || return 1
	fi
	sh -ec "$setup" || { echo "tgt-env: setup failed" >&2; return 1; }
}
cleanup() {
	[ -n "$late" ] && kill "$late" 2>/dev/null
	[ -n "$late" ] && wait "$late" 2>/dev/null
	if [ -f "$WORK/pids" ]; then
		while read -r pid cp; do
			tgtadm -C "$cp" --mode system --op delete >/dev/null 2>&1
			i=0
			while kill -0 "$pid" 2>/dev/null && [ $i -lt 10 ]; do sleep 0.1; i=$((i + 1)); done
			kill -TERM "$pid" 2>/dev/null && sleep 0.2
			kill -KILL "$pid" 2>/dev/null
		done < "$WORK/pids"
	fi
	[ -n "${TGT_ENV_DEBUG:-}" ] && cat "$WORK"/tgtd*.log >&2
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ -n "${TGT_ENV_LATE:-}" ]; then
	( sleep "$TGT_ENV_LATE"; start_all ) &
	late=$!
else
	start_all || exit 77
fi
"$@"
