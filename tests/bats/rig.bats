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

@test "rig: rig_need_helpers skips (or with -f fails) naming the missing helper" {
	run rigsh 'B=$WORK; : > $WORK/iscsistart; chmod 755 $WORK/iscsistart; rig_need_helpers iscsistart && echo have'
	[ "$status" -eq 0 ]
	[ "$output" = have ]
	run rigsh 'B=$WORK; rig_need_helpers ipconfig'
	[ "$status" -eq 77 ]
	[[ "$output" == *"SKIP: build/ipconfig not built (make)"* ]]
	run rigsh 'B=$WORK; rig_need_helpers -f root-pin'
	[ "$status" -eq 1 ]
	[[ "$output" == *"FAIL: build/root-pin not built (make)"* ]]
	run rigsh 'rig_need_cmds sh no-such-command-here'
	[ "$status" -eq 77 ]
	[[ "$output" == *"SKIP: no-such-command-here not installed"* ]]
}

@test "rig: rig_add_bin puts the one binary in once, each applet a link to it" {
	run rigsh 'RIG_MULTI=$WORK/iscsiroot; head -c 4096 /dev/urandom > $RIG_MULTI; chmod 755 $RIG_MULTI
		ln -s iscsiroot $WORK/iscsistart; ln -s iscsiroot $WORK/ipconfig
		cp -L $WORK/iscsistart $WORK/lone
		r=$WORK/img; mkdir $r
		rig_add_bin $r $WORK/iscsistart /sbin/iscsistart
		rig_add_bin $r $WORK/ipconfig /sbin/ipconfig
		rig_add_bin $r $WORK/lone /bin/lone
		cd $r && find . -type f | sort && find . -type l | sort | while read -r l; do echo "$l -> $(readlink $l)"; done
		cmp -s $RIG_MULTI ./usr/lib/iscsiroot/iscsiroot && cmp -s $RIG_MULTI ./bin/lone && echo same'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = ./bin/lone ]
	[ "${lines[1]}" = ./usr/lib/iscsiroot/iscsiroot ]
	[ "${lines[2]}" = "./sbin/ipconfig -> /usr/lib/iscsiroot/iscsiroot" ]
	[ "${lines[3]}" = "./sbin/iscsistart -> /usr/lib/iscsiroot/iscsiroot" ]
	[ "${lines[4]}" = same ]
	[ "${#lines[@]}" -eq 5 ]
}

@test "rig: guest rig_login runs the login line between marks, dies with the exit code" {
	guest() { # guest 'commands': rig_guest.sh sourced, /sbin/iscsistart a stand-in
		d=$(mktemp -d)
		printf '#!/bin/sh\necho "ARGS $*"\nexit ${RC:-0}\n' > "$d/istart"; chmod 755 "$d/istart"
		printf '#!/bin/sh\necho "POWEROFF"; exit 0\n' > "$d/poweroff"; chmod 755 "$d/poweroff"
		PATH=$d:$PATH RIG_ISCSISTART=$d/istart RIG_IQN_I=iqn.x:i sh -c \
			'. "$1"; rig_up() { echo 1.0; }; mkdir() { :; }; eval "$2"' sh "$BATS_TEST_DIRNAME/../boot/rig_guest.sh" "$1"
		rm -rf "$d"
	}
	run guest 'out=$(rig_login -p 3260 iqn.x:t -u user 2>/dev/null); echo "OUT $out"'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "OUT ARGS -i iqn.x:i -t iqn.x:t -g 1 -a 10.0.2.2 -p 3260 -u user" ]
	run guest 'rig_login -a fec0::2 iqn.x:t 2>&1'
	[ "${lines[0]}" = "RIG-MARK login 1.0" ]
	[ "${lines[1]}" = "ARGS -i iqn.x:i -t iqn.x:t -g 1 -a fec0::2" ]
	[ "${lines[2]}" = "RIG-MARK disk 1.0" ]
	run guest 'RC=24; export RC; rig_iscsistart iqn.x:t; echo "rc=$?"; rig_login iqn.x:t 2>&1'
	echo "$output"
	[ "${lines[1]}" = "rc=24" ]
	[[ "$output" == *"RIG-FAIL: iscsistart failed: 24"* ]]
	[[ "$output" == *POWEROFF* ]]
}

@test "rig: rig_add_bin keeps the links of a tree it packs (a generator's build root)" {
	run rigsh 'br=$WORK/br; mkdir -p $br/usr/lib/iscsiroot $WORK/img
		head -c 4096 /dev/urandom > $br/usr/lib/iscsiroot/iscsiroot
		ln -s iscsiroot $br/usr/lib/iscsiroot/ipconfig
		for f in /usr/lib/iscsiroot/iscsiroot /usr/lib/iscsiroot/ipconfig; do rig_add_bin $WORK/img $br$f $f; done
		find $WORK/img -type f | sed "s|$WORK/img||"; readlink $WORK/img/usr/lib/iscsiroot/ipconfig'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = /usr/lib/iscsiroot/iscsiroot ]
	[ "${lines[1]}" = iscsiroot ]
	[ "${#lines[@]}" -eq 2 ]
}
