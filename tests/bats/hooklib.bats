#!/usr/bin/env bats
# The hook library hooks/hooklib.sh (installed as /usr/lib/iscsiroot/hooklib.sh)
# on its own, in dash and in busybox ash (the shells of the generators'
# images): the plan from the real iscsistart --explain-sh, ipconfig as the plan
# says (a stand-in that logs its arguments), modules, root.conf, exit-code words.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers

setup() {
	[ -x "$B/iscsiroot" ] || skip "build/iscsiroot not built (make)"
	L=$BATS_TEST_DIRNAME/../../hooks/hooklib.sh
	T=$BATS_TEST_TMPDIR
	mkdir -p "$T/h" "$T/run/iscsiroot"
	ln -sf "$B/iscsiroot" "$T/h/iscsistart"
	printf '#!/bin/sh\necho "@ipconfig $*" >> "%s/calls"\nexit ${IPC_RC:-0}\n' "$T" > "$T/h/@ipconfig"
	chmod +x "$T/h/@ipconfig"
	: > "$T/calls"
	# nothing of this host's configuration or firmware
	export ISCSIROOT_CONF=/nonexistent ISCSIROOT_DEBIAN_CONF=/nonexistent \
		ISCSIROOT_INITIATORNAME=/nonexistent ISCSIROOT_SYSFS=$T/nosys ISCSIROOT_RUN=$T/run
	SHELLS="dash"
	command -v busybox > /dev/null && SHELLS="$SHELLS busybox_ash"
	command -v dash > /dev/null || skip "dash not installed"
}

# lib SCRIPT: SCRIPT after sourcing the library, in every shell; the output of
# each run is in $output_<shell>; fails when any run fails
lib() {
	local sh
	for sh in $SHELLS; do
		run ${sh/_/ } -c 'iscsiroot_dir=$1; . "$2"; shift 2; eval "$1"' sh "$T/h" "$L" "$1"
		echo "[$sh] status $status"; echo "$output"
		[ "$status" -eq 0 ] || return 1
		eval "output_${sh%%_*}=\$output"
	done
}

@test "hooklib: plan of a dracut-style root: PLAN_* from iscsistart --explain-sh, exit 0" {
	echo "ip=dhcp netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:root root=LABEL=it's" > "$T/cmdline"
	lib 'iscsiroot_plan "'"$T/cmdline"'"; echo "rc=$? iscsi=$PLAN_ISCSI net=$PLAN_NET root=$PLAN_ROOT spec=$PLAN_ROOTSPEC mods=$PLAN_MODULES fw=[$PLAN_FW_MODULES]"'
	for o in "$output_dash" "${output_busybox-$output_dash}"; do
		[[ $o == *"rc=0 iscsi=yes net=cmdline root=keep spec=LABEL=it's mods=iscsi_tcp sd_mod fw=[]"* ]]
	done
}

@test "hooklib: plan: nothing configured exits 1; a bad value 100 with the message, defaults kept" {
	echo "root=UUID=1 quiet" > "$T/cmdline"
	lib 'iscsiroot_plan "'"$T/cmdline"'"; echo "rc=$? iscsi=$PLAN_ISCSI net=$PLAN_NET"'
	[[ $output == *"rc=1 iscsi=no net=none"* ]]
	echo "root=iscsi:1.2.3:::" > "$T/cmdline"
	lib 'iscsiroot_plan "'"$T/cmdline"'"; echo "rc=$? iscsi=$PLAN_ISCSI mods=$PLAN_MODULES net=$PLAN_NET"; echo "out=$iscsiroot_out"'
	[[ $output == *"rc=100 iscsi=no mods=iscsi_tcp sd_mod net=cmdline"* ]]
	[[ $output == *"out=iscsiroot: iscsistart: fatal: unable to read the boot configuration: "*"'1.2.3' is not an IPv4 address"* ]]
}

@test "hooklib: plan of the iBFT: iscsi_ibft, network ibft, its warning one by one" {
	echo "rd.iscsi.firmware=1 rd.iscsi.ibft=1" > "$T/cmdline"
	lib 'iscsiroot_plan "'"$T/cmdline"'"; echo "rc=$? fw=$PLAN_FW_MODULES net=$PLAN_NET"; iscsiroot_warn_each printf "W[%s|%s]\n" "iscsiroot:"'
	[[ $output == *"rc=0 fw=iscsi_ibft net=ibft"* ]]
	[[ $output == *"W[iscsiroot:|rd.iscsi.firmware: $T/nosys/firmware/ibft: no iBFT"* ]]
}

@test "hooklib: ipconfig as PLAN_NET says, with the generator's DHCP default; its exit code" {
	lib 'PLAN_NET=ibft; iscsiroot_net dhcp; PLAN_NET=cmdline; iscsiroot_net dhcp
		PLAN_NET=dhcp; iscsiroot_net -c dhcp eth1; PLAN_NET=dhcp; iscsiroot_net
		PLAN_NET=none; iscsiroot_net dhcp; echo "none=$?"
		PLAN_NET=cmdline; IPC_RC=99 iscsiroot_net; echo "rc=$?"'
	[[ $output == *"none=0"* && $output == *"rc=99"* ]]
	# per shell: ibft, plain, the default's arguments, none; nothing for none
	want="@ipconfig ibft
@ipconfig 
@ipconfig -c dhcp eth1
@ipconfig 
@ipconfig "
	[ "$(sed -n 1,5p "$T/calls")" = "$want" ]
	[ -z "${output_busybox+y}" ] || [ "$(sed -n 6,10p "$T/calls")" = "$want" ]
}

@test "hooklib: the network configured already: a net-*.conf in one of the directories" {
	mkdir -p "$T/a" "$T/b"
	lib 'rm -f "'"$T/b"'/net-eth0.conf"; iscsiroot_net_configured "'"$T/a"'" "'"$T/b"'" && echo yes1 || echo no1
		: > "'"$T/b"'/net-eth0.conf"; iscsiroot_net_configured "'"$T/a"'" "'"$T/b"'" && echo yes2'
	[[ $output_dash == *no1* && $output_dash == *yes2* ]]
	[[ ${output_busybox-no1 yes2} == *no1* && ${output_busybox-yes2} == *yes2* ]]
}

@test "hooklib: modules: each loaded through iscsiroot_modprobe, the failed ones named" {
	lib 'iscsiroot_modprobe() { echo "load $1"; [ "$1" != bad ] && [ "$1" != worse ]; }
		iscsiroot_modules a b && echo ok1
		iscsiroot_modules a bad c worse || echo "failed=[$iscsiroot_failed]"
		iscsiroot_modules && echo ok-empty'
	[[ $output == *ok1* && $output == *"failed=[bad worse]"* && $output == *ok-empty* ]]
	[[ $output == *"load c"* ]]       # one failure does not stop the others
}

@test "hooklib: login: iscsistart --cmdline[=FILE], its exit code" {
	rm "$T/h/iscsistart"        # the link to build/iscsiroot: a stand-in instead
	printf '#!/bin/sh\necho "iscsistart $*"\nexit ${LOGIN_RC:-0}\n' > "$T/h/iscsistart"
	chmod +x "$T/h/iscsistart"
	lib 'iscsiroot_login; iscsiroot_login /run/iscsiroot/cmdline; LOGIN_RC=99 iscsiroot_login; echo "rc=$?"'
	[[ $output == *"iscsistart --cmdline
iscsistart --cmdline=/run/iscsiroot/cmdline
iscsistart --cmdline
rc=99"* ]]
}

@test "hooklib: root.conf read apart: values kept whole, none of its names in the caller's shell" {
	printf "ROOTDEV='/dev/sdb'\nTARGET='iqn.x:r'\nLUN='2'\nNETDEV='e'\\\\''th0 \$(x)'\nROOTSPEC=''\nOTHER='z'\n" > "$T/run/iscsiroot/root.conf"
	lib 'ROOTDEV=keep; iscsiroot_rootconf; echo "rc=$? dev=$iscsiroot_rootdev net=[$iscsiroot_netdev] t=$iscsiroot_target lun=$iscsiroot_lun spec=[$iscsiroot_rootspec] ROOTDEV=$ROOTDEV OTHER=${OTHER-unset}"
		iscsiroot_rootconf /nonexistent || echo "missing: rc=$? dev=[$iscsiroot_rootdev]"'
	[[ $output == *"rc=0 dev=/dev/sdb net=[e'th0 \$(x)] t=iqn.x:r lun=2 spec=[] ROOTDEV=keep OTHER=unset"* ]]
	[[ $output == *"missing: rc=1 dev=[]"* ]]
}

@test "hooklib: exit codes in words, the one-line error text, shell quoting" {
	lib 'for rc in 0 1 99 100 111 7; do printf "%s " "$(iscsiroot_word $rc)"; done; echo
		iscsiroot_error "iSCSI login (iscsistart --cmdline)" 99
		iscsiroot_error "network setup (ipconfig)" 111
		eval "v=$(iscsiroot_q "a'\''b \$(c) \"d\"")"; echo "v=[$v]"'
	[[ $output == *"ok negative timeout usage system unknown "* ]]
	[[ $output == *"iscsiroot: iSCSI login (iscsistart --cmdline) failed (exit 99: gave up at the deadline (no answer, or no DHCP lease))"* ]]
	[[ $output == *"iscsiroot: network setup (ipconfig) failed (exit 111: network, protocol or system failure)"* ]]
	[[ $output == *"v=[a'b \$(c) \"d\"]"* ]]
}

@test "hooklib: iscsiroot_forget leaves none of the library's variables behind" {
	echo "rd.iscsi.firmware=1" > "$T/cmdline"
	lib 'iscsiroot_plan "'"$T/cmdline"'"; iscsiroot_rootconf; iscsiroot_forget
		set | grep -E "^(PLAN_|iscsiroot_|_il_)" || echo clean'
	[[ $output == *clean* ]]
}

@test "hooklib: the plan never holds a secret (CHAP on the command line, in a root-path, in rd.iscsi.param)" {
	echo "ip=dhcp rd.iscsi.username=u rd.iscsi.password=Plan5ecretOne root=iscsi:u2:Plan5ecretTwo@192.0.2.1::::iqn.2024-01.org.example:root rd.iscsi.param=node.session.auth.password=Plan5ecretThree" > "$T/cmdline"
	run "$B/iscsistart" --explain-sh="$T/cmdline"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output == *"PLAN_ISCSI='yes'"* ]]
	[[ $output != *Plan5ecret* ]]
}
