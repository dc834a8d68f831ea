#!/usr/bin/env bats
# iscsistart --probe / --discover against a real tgtd in a private network
# namespace (tests/bats/tgt-env.sh), plus option parsing and dry runs.
# SPDX-License-Identifier: GPL-2.0-or-later
# Setup snippets run later inside tgt-env.sh, so their $VARS stay unexpanded here:
# shellcheck disable=SC2016
load helpers

ENV="${BATS_TEST_DIRNAME}/tgt-env.sh"
INIT=iqn.2024-01.test:init
TGT=iqn.2024-01.test:disk
T1='$TGTADM --lld iscsi --mode target --op new --tid 1 --targetname iqn.2024-01.test:disk
$TGTADM --lld iscsi --mode logicalunit --op new --tid 1 --lun 1 --backing-store $LUNFILE
$TGTADM --lld iscsi --mode target --op bind --tid 1 --initiator-address ALL
'
CHAP='$TGTADM --lld iscsi --mode account --op new --user alice --password alicesecret123
$TGTADM --lld iscsi --mode account --op bind --tid 1 --user alice
'
MUTUAL='$TGTADM --lld iscsi --mode account --op new --user tgtuser --password targetsecret456
$TGTADM --lld iscsi --mode account --op bind --tid 1 --user tgtuser --outgoing
'

# tgt SETUP ARGS...: iscsistart ARGS inside the namespace; skips when the
# machine cannot run tgtd in a namespace (exit 77 from tgt-env.sh)
tgt() {
	local setup=$1
	shift
	run sh "$ENV" "$setup" "$B/iscsistart" "$@"
	if [ "$status" -eq 77 ]; then skip "tgtd/unshare unavailable: $output"; fi
}

@test "probe: plain login reports negotiated values and LUNs, logs out" {
	tgt "$T1" --probe -i $INIT -t $TGT -a 127.0.0.1
	[ "$status" -eq 0 ]
	[[ "$output" == *"target $TGT portal 127.0.0.1:3260"* ]]
	[[ "$output" == *"TargetPortalGroupTag=1"* ]]
	[[ "$output" == *"AuthMethod=None"* ]]
	[[ "$output" == *"HeaderDigest=None"* ]]
	[[ "$output" == *"ErrorRecoveryLevel=0"* ]]
	[[ "$output" == *"LUN=0"* ]]
	[[ "$output" == *"LUN=1"* ]]
	[[ "$output" != *"logout:"* ]]
}

@test "probe: a target with two LUNs lists both" {
	tgt "$T1"'$TGTADM --lld iscsi --mode logicalunit --op new --tid 1 --lun 2 --backing-store $LUNFILE2' \
		--probe -i $INIT -t $TGT -a 127.0.0.1
	[ "$status" -eq 0 ]
	[[ "$output" == *"LUN=1"* ]]
	[[ "$output" == *"LUN=2"* ]]
}

@test "probe: one-way CHAP, the secret never printed even with -d" {
	tgt "$T1$CHAP" --probe -i $INIT -t $TGT -a 127.0.0.1 -u alice -w alicesecret123 -d 8
	[ "$status" -eq 0 ]
	[[ "$output" == *"AuthMethod=CHAP MD5"* ]]
	[[ "$output" == *"CHAP_R=(34 chars)"* ]]
	[[ "$output" != *alicesecret123* ]]
}

@test "probe: CHAP_A=7,5 offered; tgt's broken SHA-256 gets one MD5 retry" {
	tgt "$T1$CHAP" --probe -i $INIT -t $TGT -a 127.0.0.1 -u alice -w alicesecret123 -d 1
	[ "$status" -eq 0 ]
	[[ "$output" == *"CHAP_A=7,5"* ]]
	[[ "$output" == *"after choosing SHA-256 CHAP; trying again with MD5"* ]]
	[[ "$output" == *"CHAP_A=5"* ]]
	[[ "$output" == *"AuthMethod=CHAP MD5"* ]]
}

@test "probe: -P node.session.auth.chap_algs=MD5 offers only CHAP_A=5, no retry" {
	tgt "$T1$CHAP" --probe -i $INIT -t $TGT -a 127.0.0.1 -u alice -w alicesecret123 -d 1 \
		-P node.session.auth.chap_algs=MD5
	[ "$status" -eq 0 ]
	[[ "$output" != *"CHAP_A=7"* ]]
	[[ "$output" != *"trying again"* ]]
}

@test "probe: mutual CHAP authenticates the target" {
	tgt "$T1$CHAP$MUTUAL" --probe -i $INIT -t $TGT -a 127.0.0.1 -u alice -w alicesecret123 \
		-U tgtuser -W targetsecret456
	[ "$status" -eq 0 ]
	[[ "$output" == *"AuthMethod=CHAP (mutual) MD5"* ]]
	[[ "$output" != *secret* ]]
}

@test "probe: wrong CHAP secret fails with exit 1 and a clear reason, secret hidden" {
	tgt "$T1$CHAP" --probe -i $INIT -t $TGT -a 127.0.0.1 -u alice -w wrongsecret999 -d 8
	[ "$status" -eq 1 ]
	[[ "$output" == *"fatal: unable to log in to $TGT at 127.0.0.1:3260: authentication failed (status 0x0201)"* ]]
	[[ "$output" != *wrongsecret999* ]]
}

@test "probe: target proving the wrong incoming secret is refused (exit 1)" {
	tgt "$T1$CHAP$MUTUAL" --probe -i $INIT -t $TGT -a 127.0.0.1 -u alice -w alicesecret123 \
		-U tgtuser -W targetsecret999
	[ "$status" -eq 1 ]
	[[ "$output" == *"the target failed mutual CHAP"* ]]
	[[ "$output" != *targetsecret* ]]
}

@test "probe: CHAP target without -u/-w says CHAP is required" {
	tgt "$T1$CHAP" --probe -i $INIT -t $TGT -a 127.0.0.1
	[ "$status" -eq 1 ]
	[[ "$output" == *"requires CHAP"* ]]
}

@test "probe: unknown target is a clear 'not found' (exit 1)" {
	tgt "$T1" --probe -i $INIT -t iqn.2024-01.test:nosuch -a 127.0.0.1
	[ "$status" -eq 1 ]
	[[ "$output" == *"target iqn.2024-01.test:nosuch not found (status 0x0203)"* ]]
}

@test "probe: connection refused, single attempt: exit 111" {
	tgt "$T1" --probe -i $INIT -t $TGT -a 127.0.0.1 -p 3261
	[ "$status" -eq 111 ]
	[[ "$output" == *"connect to 127.0.0.1:3261: Connection refused (nothing listening there?)"* ]]
}

@test "probe: refused until the deadline: attempts logged with backoff, exit 99" {
	tgt "$T1" --probe -i $INIT -t $TGT -a 127.0.0.1 -p 3261 --deadline 2.5
	[ "$status" -eq 99 ]
	[[ "$output" == *"attempt 1 failed: connect to 127.0.0.1:3261: Connection refused"* ]]
	[[ "$output" == *"attempt 2 failed"* ]]
	[[ "$output" == *"gave up after"* ]]
}

@test "probe: a target that comes up 3 s later is reached within the deadline" {
	TGT_ENV_LATE=3 tgt "$T1" --probe -i $INIT -t $TGT -a 127.0.0.1 --deadline 30
	[ "$status" -eq 0 ]
	[[ "$output" == *"attempt 1 failed"* ]]
	[[ "$output" == *"LUN=1"* ]]
}

@test "probe: CRC32C header and data digests via -P node.conn[0].iscsi.*Digest" {
	tgt "$T1"'$TGTADM --lld iscsi --mode target --op update --tid 1 --name HeaderDigest --value CRC32C,None
$TGTADM --lld iscsi --mode target --op update --tid 1 --name DataDigest --value CRC32C,None' \
		--probe -i $INIT -t $TGT -a 127.0.0.1 -P 'node.conn[0].iscsi.HeaderDigest=CRC32C' \
		-P 'node.conn[0].iscsi.DataDigest=CRC32C'
	[ "$status" -eq 0 ]
	[[ "$output" == *"HeaderDigest=CRC32C"* ]]
	[[ "$output" == *"DataDigest=CRC32C"* ]]
	[[ "$output" == *"LUN=1"* ]]
}

@test "probe: demanding CRC32C from a target that refuses it fails clearly" {
	tgt "$T1" --probe -i $INIT -t $TGT -a 127.0.0.1 -P 'node.conn[0].iscsi.HeaderDigest=CRC32C'
	[ "$status" -eq 111 ]
	[[ "$output" == *"target answered HeaderDigest=None, not one of CRC32C"* ]]
}

@test "probe: login redirect (tgtd RedirectAddress) is followed to the new portal" {
	TGT_ENV_SECOND=1 tgt "$T1"'$TGTADM --lld iscsi --mode target --op update --tid 1 --name RedirectAddress --value 127.0.0.2
$TGTADM --lld iscsi --mode target --op update --tid 1 --name RedirectPort --value 3260
$TGTADM --lld iscsi --mode target --op update --tid 1 --name RedirectReason --value Permanent
$TGTADM2 --lld iscsi --mode target --op new --tid 1 --targetname iqn.2024-01.test:disk
$TGTADM2 --lld iscsi --mode logicalunit --op new --tid 1 --lun 1 --backing-store $LUNFILE2
$TGTADM2 --lld iscsi --mode logicalunit --op new --tid 1 --lun 3 --backing-store $LUNFILE
$TGTADM2 --lld iscsi --mode target --op bind --tid 1 --initiator-address ALL' \
		--probe -i $INIT -t $TGT -a 127.0.0.1
	[ "$status" -eq 0 ]
	[[ "$output" == *"redirects permanently to 127.0.0.2:3260"* ]]
	[[ "$output" == *"portal 127.0.0.2:3260"* ]]
	[[ "$output" == *"LUN=3"* ]]
}

@test "probe: a redirect loop between two portals is cut after 8 hops" {
	TGT_ENV_SECOND=1 tgt "$T1"'$TGTADM --lld iscsi --mode target --op update --tid 1 --name RedirectAddress --value 127.0.0.2
$TGTADM --lld iscsi --mode target --op update --tid 1 --name RedirectPort --value 3260
$TGTADM --lld iscsi --mode target --op update --tid 1 --name RedirectReason --value Temporary
$TGTADM2 --lld iscsi --mode target --op new --tid 1 --targetname iqn.2024-01.test:disk
$TGTADM2 --lld iscsi --mode target --op bind --tid 1 --initiator-address ALL
$TGTADM2 --lld iscsi --mode target --op update --tid 1 --name RedirectAddress --value 127.0.0.1
$TGTADM2 --lld iscsi --mode target --op update --tid 1 --name RedirectPort --value 3260
$TGTADM2 --lld iscsi --mode target --op update --tid 1 --name RedirectReason --value Temporary' \
		--probe -i $INIT -t $TGT -a 127.0.0.1
	[ "$status" -eq 111 ]
	[[ "$output" == *"more than 8 login redirects (loop?)"* ]]
}

@test "discover: SendTargets lists the targets and portals" {
	tgt "$T1"'$TGTADM --lld iscsi --mode target --op new --tid 2 --targetname iqn.2024-01.test:other
$TGTADM --lld iscsi --mode target --op bind --tid 2 --initiator-address ALL' \
		--discover 127.0.0.1 -i $INIT
	[ "$status" -eq 0 ]
	[[ "$output" == *"127.0.0.1:3260,1 iqn.2024-01.test:disk"* ]]
	[[ "$output" == *"127.0.0.1:3260,1 iqn.2024-01.test:other"* ]]
}

@test "discover: with CHAP on the discovery session" {
	tgt "$T1"'$TGTADM --lld iscsi --mode account --op new --user disc --password discsecret1234
$TGTADM --lld iscsi --mode account --op bind --tid 1 --user disc' \
		--discover 127.0.0.1:3260 -i $INIT -P discovery.sendtargets.auth.username=disc \
		-P discovery.sendtargets.auth.password=discsecret1234
	[ "$status" -eq 0 ]
	[[ "$output" == *"iqn.2024-01.test:disk"* ]]
	[[ "$output" != *discsecret* ]]
}

@test "-n: dry run prints the plan, hides the secrets, touches nothing" {
	run "$B/iscsistart" -n -i $INIT -t $TGT -g 1 -a 192.0.2.1 -u alice -w alicesecret123 \
		-U tgtuser -W targetsecret456 -P node.session.timeo.replacement_timeout=600
	[ "$status" -eq 0 ]
	[[ "$output" == *"would log in through the kernel"* ]]
	[[ "$output" == *"portal 192.0.2.1:3260"* ]]
	[[ "$output" == *"CHAP user alice (mutual)"* ]]
	[[ "$output" == *"replacement_timeout 600 s, noop_out_interval 0 s, noop_out_timeout 0 s"* ]]
	[[ "$output" != *secret1* ]]
	[[ "$output" != *secret4* ]]
}

@test "-n: root-disk defaults: replacement_timeout 86400, NOP-Out off, 180 s deadline" {
	run "$B/iscsistart" -n -i $INIT -t $TGT -g 1 -a 192.0.2.1 -p 3261
	[ "$status" -eq 0 ]
	[[ "$output" == *"replacement_timeout 86400 s, noop_out_interval 0 s, noop_out_timeout 0 s"* ]]
	[[ "$output" == *"retry deadline 180 s"* ]]
	[[ "$output" == *"portal 192.0.2.1:3261"* ]]
}

@test "-n: IPv6 portal in brackets with a port" {
	run "$B/iscsistart" -n -i $INIT -t $TGT -a '[2001:db8::7]:3262'
	[ "$status" -eq 0 ]
	[[ "$output" == *"portal [2001:db8::7]:3262"* ]]
}

@test "usage: bad -P value is a usage error naming the value" {
	run "$B/iscsistart" -n -i $INIT -t $TGT -a 192.0.2.1 -P 'node.conn[0].timeo.noop_out_interval=often'
	[ "$status" -eq 100 ]
	[[ "$output" == *"invalid node.conn[0].timeo.noop_out_interval 'often'"* ]]
	run "$B/iscsistart" -n -i $INIT -t $TGT -a 192.0.2.1 -P 'node.conn[0].iscsi.HeaderDigest=MD5'
	[ "$status" -eq 100 ]
	[[ "$output" == *"'MD5'"* ]]
	run "$B/iscsistart" -n -i $INIT -t $TGT -a 192.0.2.1 -P novalue
	[ "$status" -eq 100 ]
	[[ "$output" == *"-P 'novalue': want NAME=VALUE"* ]]
}

@test "usage: -P numbers below the lower bound are refused (queue_depth=0, login_timeout=0)" {
	run "$B/iscsistart" -n -i $INIT -t $TGT -a 192.0.2.1 -P node.session.queue_depth=0
	[ "$status" -eq 100 ]
	[[ "$output" == *"invalid node.session.queue_depth '0' (want an integer from 1 to 1024)"* ]]
	run "$B/iscsistart" -n -i $INIT -t $TGT -a 192.0.2.1 -P 'node.conn[0].timeo.login_timeout=0'
	[ "$status" -eq 100 ]
	run "$B/iscsistart" -n -i $INIT -t $TGT -a 192.0.2.1 -P node.session.queue_depth=1 \
		-P node.session.timeo.replacement_timeout=-1
	[ "$status" -eq 0 ]
	run "$B/iscsistart" -n -i $INIT -t $TGT -a 192.0.2.1 -P node.session.timeo.replacement_timeout=-2
	[ "$status" -eq 100 ]
}

@test "usage: unknown -P name is a warning, not an error" {
	run "$B/iscsistart" -n -i $INIT -t $TGT -a 192.0.2.1 -P node.session.bogus=1
	[ "$status" -eq 0 ]
	[[ "$output" == *"warning: -P node.session.bogus: unknown parameter name, ignored"* ]]
	run "$B/iscsistart" -n -i $INIT -t $TGT -a 192.0.2.1 -P node.session.auth.passwrd=topsecret99
	[ "$status" -eq 0 ]
	[[ "$output" != *topsecret99* ]]
}

@test "usage: missing -t, host names, CHAP halves, equal secrets" {
	run "$B/iscsistart" -i $INIT -a 192.0.2.1
	[ "$status" -eq 100 ]
	[[ "$output" == *"missing -t TARGET"* ]]
	run "$B/iscsistart" -n -i $INIT -t $TGT -a target.example.com
	[ "$status" -eq 100 ]
	[[ "$output" == *"host names cannot be resolved in an initramfs"* ]]
	run "$B/iscsistart" -n -i $INIT -t $TGT -a 192.0.2.1 -u alice
	[ "$status" -eq 100 ]
	run "$B/iscsistart" -n -i $INIT -t $TGT -a 192.0.2.1 -u a -w samesecret1234 -U b -W samesecret1234
	[ "$status" -eq 100 ]
	[[ "$output" == *"-w and -W must differ"* ]]
	[[ "$output" != *samesecret1234* ]]
	run "$B/iscsistart" -n -i $INIT -t $TGT -a 192.0.2.1 -p 70000
	[ "$status" -eq 100 ]
	[[ "$output" == *"'70000'"* ]]
}

@test "short CHAP secret: warned about" {
	run "$B/iscsistart" -n -i $INIT -t $TGT -a 192.0.2.1 -u alice -w pw12345
	[ "$status" -eq 0 ]
	[[ "$output" == *"shorter than 12 bytes"* ]]
	[[ "$output" != *pw12345* ]]
}


@test "-N (ipconfig ibft) without an iBFT: exit 1 naming the directory and iscsi_ibft; no stray arguments" {
	mkdir -p "$BATS_TEST_TMPDIR/sys"
	ISCSIROOT_SYSFS="$BATS_TEST_TMPDIR/sys" run "$B/iscsistart" -N
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"ibft-reader: $BATS_TEST_TMPDIR/sys/firmware/ibft: no iBFT"*"iscsi_ibft"* ]]
	run "$B/iscsistart" -n -- x
	[ "$status" -eq 100 ]
	[[ "$output" == *"unexpected argument 'x'"* ]]
}

@test "-v, -h, long options" {
	run "$B/iscsistart" -v
	[ "$status" -eq 0 ]
	[[ "$output" == *"iscsiroot"* ]]
	run "$B/iscsistart" --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"usage: iscsistart -i INITIATOR"* ]]
	run "$B/iscsistart" -n --initiatorname=$INIT --targetname=$TGT --tgpt=2 --address=192.0.2.9 --port=3263
	[ "$status" -eq 0 ]
	[[ "$output" == *"tpgt 2"* ]]
	[[ "$output" == *"portal 192.0.2.9:3263"* ]]
}

@test "iscsistart: statically linked" {
	run file -L "$B/iscsistart"
	[[ "$output" == *"statically linked"* ]]
}

# hostile MODE ARGS...: iscsistart ARGS against tests/bats/hostile-target.py on loopback
hostile() {
	local mode=$1 pf pid i=0
	shift
	command -v python3 >/dev/null || skip "python3 not installed"
	pf=$(mktemp -u /tmp/hostile.XXXXXX)
	python3 "${BATS_TEST_DIRNAME}/hostile-target.py" "$mode" "$pf" &
	pid=$!
	while [ ! -s "$pf" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	run timeout 20 "$B/iscsistart" --probe -i $INIT -t $TGT -a 127.0.0.1 -p "$(cat "$pf")" "$@"
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	rm -f "$pf"
}

@test "hostile: 16 MiB DataSegmentLength is refused before reading it" {
	hostile bigdata
	[ "$status" -eq 111 ]
	[[ "$output" == *"Login Response larger than 8192 bytes"* ]]
}

@test "hostile: unknown opcode" {
	hostile garbage
	[ "$status" -eq 111 ]
	[[ "$output" == *"unexpected opcode 0x3e during login"* ]]
}

@test "hostile: a target that never answers times out per login_timeout (exit 99)" {
	hostile silent -P 'node.conn[0].timeo.login_timeout=1'
	[ "$status" -eq 99 ]
	[[ "$output" == *"waiting for the Login Response: "*"timed out"* ]]
}

@test "hostile: connection closed mid-login" {
	hostile close
	[ "$status" -eq 111 ]
	[[ "$output" == *"Connection reset"* ]]
}

@test "hostile: key flood" {
	hostile flood
	[ "$status" -eq 111 ]
	[[ "$output" == *"key flood"* ]]
}

@test "hostile: non-UTF-8 text" {
	hostile utf8
	[ "$status" -eq 111 ]
	[[ "$output" == *"value of key TargetAlias is not valid UTF-8 text"* ]]
}

@test "hostile: redirect to a host name is refused clearly" {
	hostile redirhost
	[ "$status" -eq 111 ]
	[[ "$output" == *"'target.example.com' is not a numeric IPv4 or IPv6 address"* ]]
}

@test "probe and discover over IPv6 ([::1])" {
	TGT_ENV_PORTAL='[::1]:3260' tgt "$T1" --probe -i $INIT -t $TGT -a '[::1]'
	[ "$status" -eq 0 ]
	[[ "$output" == *"portal [::1]:3260"* ]]
	[[ "$output" == *"LUN=1"* ]]
	TGT_ENV_PORTAL='[::1]:3260' tgt "$T1" --discover '[::1]:3260' -i $INIT
	[ "$status" -eq 0 ]
	[[ "$output" == *"[::1]:3260,1 iqn.2024-01.test:disk"* ]]
}

@test "probe: unreachable address (no route in the namespace): exit 111 naming it" {
	tgt "true" --probe -i $INIT -t $TGT -a 192.0.2.1
	[ "$status" -eq 111 ]
	[[ "$output" == *"connect to 192.0.2.1:3260: "*"unreachable"* ]]
}

@test "options: attached short values, --opt=value, -- and stray arguments" {
	run "$B/iscsistart" -n -i$INIT -t$TGT -g7 -a192.0.2.4 -p3264 --param='node.session.timeo.replacement_timeout=-1'
	[ "$status" -eq 0 ]
	[[ "$output" == *"tpgt 7"* ]]
	[[ "$output" == *"portal 192.0.2.4:3264"* ]]
	[[ "$output" == *"replacement_timeout -1 s"* ]]
	run "$B/iscsistart" -n -i $INIT -t $TGT -a 192.0.2.1 extra
	[ "$status" -eq 100 ]
	[[ "$output" == *"unexpected argument 'extra'"* ]]
	run "$B/iscsistart" -n -i $INIT -t $TGT -a 192.0.2.1 --
	[ "$status" -eq 0 ]
	run "$B/iscsistart" -n -i $INIT -t $TGT -a
	[ "$status" -eq 100 ]
	[[ "$output" == *"option '-a' needs a value"* ]]
	run "$B/iscsistart" --bogus
	[ "$status" -eq 100 ]
	[[ "$output" == *"unknown option '--bogus'"* ]]
	run "$B/iscsistart" --probe=1
	[ "$status" -eq 100 ]
	[[ "$output" == *"takes no value"* ]]
	run "$B/iscsistart" -n -i $INIT -t $TGT -a 192.0.2.1 --deadline 5m
	[ "$status" -eq 0 ]
	[[ "$output" == *"retry deadline 300 s"* ]]
}
