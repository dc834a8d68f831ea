#!/bin/sh
# iscsiroot hook library: the steps every generator's boot hook takes (dracut,
# initramfs-tools, mkinitcpio), sourced by their adapters from
# /usr/lib/iscsiroot/hooklib.sh. POSIX sh (busybox ash, dash, bash).
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC2034  # PLAN_* and iscsiroot_* are for the adapters
#
# The adapter sets iscsiroot_dir (where the helpers are, default
# /usr/lib/iscsiroot) before or after sourcing, calls the functions in its
# generator's phases and reports in its generator's words (panic, die, err).
# Nothing here prints or exits; every name is iscsiroot_* or PLAN_*, and
# iscsiroot_forget unsets the variables again (mkinitcpio's init shell).
#
#   iscsiroot_plan [FILE]        PLAN_* of iscsistart --explain-sh (iscsistart(8),
#                                HOOK PLAN); returns its exit code: 0 an iSCSI
#                                root, 1 none (not ours), 100 a bad value, other
#                                a failure; not 0/1: its message in iscsiroot_out
#   iscsiroot_warn_each CMD...   CMD... WARNING for each of the plan's warnings
#   iscsiroot_modules MODULE...  load each (iscsiroot_modprobe); 1 if any failed,
#                                their names in iscsiroot_failed
#   iscsiroot_net_configured DIR...  is there a DIR/net-*.conf (set up already)?
#   iscsiroot_net [ARG...]       ipconfig as PLAN_NET says: ibft "ipconfig ibft",
#                                cmdline "ipconfig" (reads ip= itself), dhcp
#                                "ipconfig ARG..." (the generator's default),
#                                none nothing; started as @ipconfig it stays to
#                                renew a DHCP lease. Returns ipconfig's code.
#   iscsiroot_login [FILE]       iscsistart --cmdline[=FILE]: logs in, writes
#                                root.conf, leaves @iscsistart running; its code
#   iscsiroot_rootconf [FILE]    root.conf (default $ISCSIROOT_RUN or /run, then
#                                /iscsiroot/root.conf) read in a subshell:
#                                iscsiroot_rootdev _rootspec _netdev _target _lun
#   iscsiroot_word RC            ok negative timeout usage system (or unknown)
#   iscsiroot_why RC             what the exit code means, in a few words
#   iscsiroot_error WHAT RC      "iscsiroot: WHAT failed (exit RC: WHY)"
#   iscsiroot_q VALUE            VALUE single-quoted for the shell
#   iscsiroot_forget             unset every variable set here

iscsiroot_dir=${iscsiroot_dir:-/usr/lib/iscsiroot}

# iscsiroot_modprobe MODULE: load one kernel module; an adapter may redefine it
# after sourcing (its generator's way: /sbin/modprobe, a /sys/module check).
iscsiroot_modprobe() {
	modprobe -q "$1"
}

iscsiroot_plan() {
	# what holds when there is no plan (a bad value: the login names it)
	PLAN_ISCSI=no PLAN_FW_MODULES='' PLAN_MODULES='iscsi_tcp sd_mod' PLAN_NET=cmdline
	PLAN_NETDEV='' PLAN_ROOT='' PLAN_ROOTSPEC='' PLAN_FIRMWARE=no PLAN_IBFT=no
	PLAN_DHCP=no PLAN_TARGETS=0 PLAN_NWARN=0
	iscsiroot_out=$("$iscsiroot_dir/iscsistart" --explain-sh${1:+"=$1"} 2>&1)
	_il_rc=$?
	case $_il_rc in
	0 | 1)
		# only KEY='value' lines (lib/kv.c quotes every value), nothing else
		eval "$iscsiroot_out"
		iscsiroot_out='' ;;
	esac
	return $_il_rc
}

iscsiroot_warn_each() {
	_il_i=0 _il_w=''
	while [ "$_il_i" -lt "${PLAN_NWARN:-0}" ]; do
		eval "_il_w=\${PLAN_WARN$_il_i}"
		"$@" "$_il_w"
		_il_i=$((_il_i + 1))
	done
}

iscsiroot_modules() {
	iscsiroot_failed=''
	for _il_m in "$@"; do
		iscsiroot_modprobe "$_il_m" || iscsiroot_failed="${iscsiroot_failed:+$iscsiroot_failed }$_il_m"
	done
	[ -z "$iscsiroot_failed" ]
}

iscsiroot_net_configured() {
	for _il_d in "$@"; do
		for _il_f in "$_il_d"/net-*.conf; do
			[ -e "$_il_f" ] && return 0
		done
	done
	return 1
}

iscsiroot_net() {
	case $PLAN_NET in
	ibft) "$iscsiroot_dir/@ipconfig" ibft ;;
	cmdline) "$iscsiroot_dir/@ipconfig" ;;
	dhcp) "$iscsiroot_dir/@ipconfig" "$@" ;;
	*) return 0 ;;
	esac
}

iscsiroot_login() {
	"$iscsiroot_dir/iscsistart" --cmdline${1:+"=$1"}
}

iscsiroot_q() {
	_il_r='' _il_s=$1
	while :; do
		case $_il_s in
		*\'*) _il_r="$_il_r${_il_s%%\'*}'\\''"; _il_s=${_il_s#*\'} ;;
		*) break ;;
		esac
	done
	printf "'%s'" "$_il_r$_il_s"
}

iscsiroot_rootconf() {
	_il_f=${1:-${ISCSIROOT_RUN:-/run}/iscsiroot/root.conf}
	iscsiroot_rootdev='' iscsiroot_rootspec='' iscsiroot_netdev='' iscsiroot_target='' iscsiroot_lun=''
	[ -r "$_il_f" ] || return 1
	# root.conf is KEY='value' lines (iscsiroot.cmdline(7)); read apart, so
	# that none of its names lands in the caller's shell
	eval "$(ROOTDEV='' ROOTSPEC='' NETDEV='' TARGET='' LUN=''
		# shellcheck source=/dev/null
		. "$_il_f" > /dev/null 2>&1
		for _il_k in rootdev:"$ROOTDEV" rootspec:"$ROOTSPEC" netdev:"$NETDEV" \
			target:"$TARGET" lun:"$LUN"; do
			printf 'iscsiroot_%s=%s\n' "${_il_k%%:*}" "$(iscsiroot_q "${_il_k#*:}")"
		done)"
}

iscsiroot_word() {
	case $1 in
	0) echo ok ;;
	1) echo negative ;;
	99) echo timeout ;;
	100) echo usage ;;
	111) echo system ;;
	*) echo unknown ;;
	esac
}

iscsiroot_why() {
	case $(iscsiroot_word "$1") in
	ok) echo "no error" ;;
	negative) echo "the target refused the login, or it has no disk at the LUN asked for" ;;
	timeout) echo "gave up at the deadline (no answer, or no DHCP lease)" ;;
	usage) echo "the configuration cannot be read" ;;
	system) echo "network, protocol or system failure" ;;
	*) echo "unexpected exit status" ;;
	esac
}

iscsiroot_error() {
	echo "iscsiroot: $1 failed (exit $2: $(iscsiroot_why "$2"))"
}

iscsiroot_forget() {
	_il_i=0
	while [ "$_il_i" -lt "${PLAN_NWARN:-0}" ]; do
		unset "PLAN_WARN$_il_i"
		_il_i=$((_il_i + 1))
	done
	unset PLAN_ISCSI PLAN_FW_MODULES PLAN_MODULES PLAN_NET PLAN_NETDEV PLAN_ROOT PLAN_ROOTSPEC \
		PLAN_FIRMWARE PLAN_IBFT PLAN_DHCP PLAN_TARGETS PLAN_NWARN iscsiroot_out iscsiroot_failed \
		iscsiroot_rootdev iscsiroot_rootspec iscsiroot_netdev iscsiroot_target iscsiroot_lun \
		iscsiroot_dir _il_rc _il_i _il_w _il_m _il_d _il_f _il_r _il_s
}
