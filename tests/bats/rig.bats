#!/usr/bin/env bats
# The boot rig's own behaviour, without QEMU: verdicts from serial logs, target
# start/stop, cleanup. SPDX-License-Identifier: GPL-2.0-or-later
load helpers

rigsh() { # rigsh 'commands': run with lib.sh sourced as if from tests/boot/
	WORK=$(mktemp -d) sh -c '. "$1"; shift; eval "$1"' \
		"$BATS_TEST_DIRNAME/../boot/lib.sh" "$BATS_TEST_DIRNAME/../boot/lib.sh" "$1"
}

@test "rig: rig_expect passes on a marker, fails with the console tail when absent" {
	run rigsh 'printf "RIG-MARK init 1.5\nISCSIROOT-ROOT-OK root=/dev/sda\n" > $WORK/serial.log;
		rig_expect ISCSIROOT-ROOT-OK && echo found; rig_markt init'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = found ]
	[ "${lines[1]}" = 1.5 ]
	run rigsh 'printf "Kernel panic - not syncing\n" > $WORK/serial.log; rig_expect ISCSIROOT-ROOT-OK "root not reached"'
	[ "$status" -eq 1 ]
	[[ "$output" == *"FAIL: root not reached"* ]]
	[[ "$output" == *"Kernel panic"* ]]
}

@test "rig: a guest RIG-FAIL line fails the test even when the marker is there" {
	run rigsh 'printf "RIG-FAIL: no disk\nISCSIROOT-ROOT-OK\n" > $WORK/serial.log; rig_expect ISCSIROOT-ROOT-OK'
	[ "$status" -eq 1 ]
	[[ "$output" == *"guest reported: RIG-FAIL: no disk"* ]]
}

@test "rig: modules resolve in dependency order for the installed kernel" {
	ls /boot/vmlinuz-* >/dev/null 2>&1 || skip "no kernel installed"
	run rigsh 'RIG_CACHE=$WORK; rig_modlist'
	[ "$status" -eq 0 ]
	echo "$output" | grep -n 'scsi_transport_iscsi' > /dev/null
	t=$(echo "$output" | grep -n '/scsi_transport_iscsi\.ko' | cut -d: -f1)
	i=$(echo "$output" | grep -n '/iscsi_tcp\.ko' | cut -d: -f1)
	[ -n "$t" ] && [ -n "$i" ] && [ "$t" -lt "$i" ]
}

@test "rig: a test's tgtd lives in its namespace and is gone after the test" {
	command -v tgtd >/dev/null || skip "tgt not installed"
	d=$(mktemp -d)
	cat > "$d/t_x.sh" <<'EOS'
. "$RIGLIB"
rig_init rigself
truncate -s 4M "$WORK/lun.img"
rig_target iqn.2026-11.org.iscsiroot:self "$WORK/lun.img"
echo "TGTPID $TGT_PID"
tgtadm -C "$TGT_CP" --mode target --op show | grep -q 'iqn.2026-11.org.iscsiroot:self' && echo listed
ip -o addr show | grep -c 'inet ' | sed 's/^/ADDRS /'
rig_pass
EOS
	mkdir -p "$d/tests/boot"; mv "$d/t_x.sh" "$d/tests/boot/"
	RIGLIB="$BATS_TEST_DIRNAME/../boot/lib.sh" run sh "$d/tests/boot/t_x.sh"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *listed* ]]
	[[ "$output" == *"ADDRS 1"* ]]          # only the private loopback
	pid=$(echo "$output" | sed -n 's/^TGTPID //p')
	! kill -0 "$pid" 2>/dev/null
	rm -rf "$d"
}
