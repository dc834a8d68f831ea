#!/bin/sh
# tgt-env.sh SETUP CMD [ARG...] — run CMD in a private network namespace
# (unshare -n) where tgtd serves iSCSI on 127.0.0.1:3260 (and [::1]:3260).
# SETUP is shell code run first with $TGTADM set ("tgtadm -C <port>"), $LUNFILE
# a 4 MiB sparse file and $WORK a scratch directory; it creates targets.
# tgtd is stopped (tgtadm --op delete, then SIGTERM/SIGKILL by PID) whatever
# happens. The exit status is CMD's; 77 if tgtd or unshare is unavailable.
# SPDX-License-Identifier: GPL-2.0-or-later
set -u
if [ -z "${TGT_ENV_INNER:-}" ]; then
	command -v tgtd >/dev/null 2>&1 || { echo "tgt-env: tgtd not installed" >&2; exit 77; }
	TGT_ENV_INNER=1 exec unshare -n sh "$0" "$@"
fi
[ $# -ge 2 ] || { echo "usage: tgt-env.sh SETUP CMD [ARG...]" >&2; exit 100; }
setup=$1
shift
ip link set lo up || exit 77
WORK=$(mktemp -d /tmp/tgt-env.XXXXXX) || exit 111
LUNFILE=$WORK/lun0.img
truncate -s 4M "$LUNFILE"
# a control port unique on this machine: PIDs are not namespaced here
cport=$(( 10000 + $$ % 20000 ))
TGTADM="tgtadm -C $cport"
export WORK LUNFILE TGTADM
tgtd -f --iscsi portal=127.0.0.1:3260 --control-port "$cport" > "$WORK/tgtd.log" 2>&1 &
tpid=$!
cleanup() {
	$TGTADM --mode system --op delete >/dev/null 2>&1
	i=0
	while kill -0 "$tpid" 2>/dev/null && [ $i -lt 20 ]; do sleep 0.1; i=$((i + 1)); done
	kill -TERM "$tpid" 2>/dev/null && sleep 0.3
	kill -KILL "$tpid" 2>/dev/null
	wait "$tpid" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
i=0
until $TGTADM --mode system --op show >/dev/null 2>&1; do
	i=$((i + 1))
	if [ $i -gt 50 ] || ! kill -0 "$tpid" 2>/dev/null; then
		echo "tgt-env: tgtd did not start:" >&2; cat "$WORK/tgtd.log" >&2; exit 77
	fi
	sleep 0.1
done
sh -ec "$setup" || { echo "tgt-env: setup failed" >&2; exit 111; }
"$@"
