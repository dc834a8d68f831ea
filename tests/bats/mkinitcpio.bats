#!/usr/bin/env bats
# The mkinitcpio adapter: install/iscsiroot (build, help), hooks/iscsiroot
# (run_hook, run_cleanuphook) and post/iscsiroot.
#
# mkinitcpio itself cannot run here: it is not packaged in Debian and needs an
# Arch userland; there is no network at test time. The build tests therefore
# run our install file under mkinitcpio-harness.bash, our own implementation of
# mkinitcpio's documented add_* function contract (see its header), with the
# real modinfo of the installed Debian kernel for module dependencies. The
# runtime tests source our hook in busybox ash (mkinitcpio's /init shell) with
# stand-ins for init's msg/err/getarg/launch_interactive_shell and for the
# helpers. tests/boot/t_gen_mkinitcpio.sh boots the result for real.
# SPDX-License-Identifier: GPL-2.0-or-later
load helpers

setup() {
	TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	T=$(mktemp -d)
	MK_INSTALL=$TOP/mkinitcpio/install/iscsiroot
	MK_HOOKS=$TOP/mkinitcpio/hooks
	# helpers as make install puts them in /usr/lib/iscsiroot
	mkdir -p "$T/helpers" "$T/etc/iscsi"
	[ -x "$B/iscsiroot" ] || skip "build/iscsiroot not built (make)"
	cp "$B/iscsiroot" "$T/helpers/iscsiroot"
	for h in iscsistart ipconfig root-pin ibft-reader; do ln -s iscsiroot "$T/helpers/$h"; done
	cp "$TOP/hooks/hooklib.sh" "$T/helpers/hooklib.sh"     # the hook library (issue 11)
	export ISCSIROOT_HELPERS=$T/helpers ISCSIROOT_ETC=$T/etc
	export MK_LOG=$T/added.log
	. "$BATS_TEST_DIRNAME/mkinitcpio-harness.bash"
}

teardown() {
	rm -rf "$T"
}

# the newest kernel in /boot (the one the boot tests use; the running kernel
# may be a different one without modules on disk)
KV=$(find /boot -maxdepth 1 -name 'vmlinuz-*' 2>/dev/null | sed 's|.*/vmlinuz-||' | sort -V | tail -n 1)
have_modules() {
	command -v modinfo >/dev/null && [ -n "$KV" ] && [ -d "/lib/modules/$KV" ] &&
		modinfo -k "$KV" iscsi_tcp >/dev/null 2>&1
}

@test "mkinitcpio harness: shellcheck (bash)" {
	command -v shellcheck >/dev/null || skip "shellcheck not installed"
	run shellcheck -S warning -s bash "$BATS_TEST_DIRNAME/mkinitcpio-harness.bash"
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "mkinitcpio install: build() adds helpers, @ipconfig, modules, run script" {
	KERNELVERSION=none
	run mk_build "$MK_INSTALL" "$MK_HOOKS" "$T/root"
	echo "$output"; cat "$MK_LOG"
	[ "$status" -eq 0 ]
	# the one binary, the helpers links to it (issue 11: was a copy each)
	grep -qx "file /usr/lib/iscsiroot/iscsiroot 755" "$MK_LOG"
	cmp "$B/iscsiroot" "$T/root/usr/lib/iscsiroot/iscsiroot"
	for h in iscsistart ipconfig root-pin ibft-reader @ipconfig; do
		grep -qx "symlink /usr/lib/iscsiroot/$h iscsiroot" "$MK_LOG"
		[ "$(readlink "$T/root/usr/lib/iscsiroot/$h")" = iscsiroot ]
	done
	grep -qx "file /hooks/iscsiroot 755" "$MK_LOG"
	grep -qx "file /usr/lib/iscsiroot/hooklib.sh 644" "$MK_LOG"      # the hook library it sources
	cmp "$TOP/hooks/hooklib.sh" "$T/root/usr/lib/iscsiroot/hooklib.sh"
	cmp "$MK_HOOKS/iscsiroot" "$T/root/hooks/iscsiroot"
	# run_hook and run_cleanuphook registered, no other point
	grep -qx "runscript iscsiroot run_hook run_cleanuphook" "$MK_LOG"
	grep -qx 'HOOKS="iscsiroot"' "$T/root/config"
	grep -qx 'CLEANUPHOOKS="iscsiroot"' "$T/root/config"
	grep -qx 'LATEHOOKS=""' "$T/root/config"
	grep -qx 'modules /drivers/net/ 0 excluding /drivers/net/(wireless|wwan|can|ppp|hamradio|ieee802154)/' "$MK_LOG"
	# no configuration on this "host": none in the image, no warning
	[ ! -e "$T/root/etc/iscsiroot.conf" ]
	! grep -q '^warning\|^error' "$MK_LOG"
}

@test "mkinitcpio install: iscsi_tcp with its dependencies, sd_mod, NIC drivers (real modinfo)" {
	have_modules || skip "no modinfo or no modules for kernel '$KV'"
	KERNELVERSION=$KV
	run mk_build "$MK_INSTALL" "$MK_HOOKS" "$T/root"
	echo "$output"; cat "$MK_LOG"
	[ "$status" -eq 0 ]
	# iscsi_ibft (and iscsi_boot_sysfs, its dependency): the firmware's boot table
	for m in iscsi_tcp libiscsi_tcp libiscsi scsi_transport_iscsi iscsi_ibft iscsi_boot_sysfs; do
		grep -qx "module $m" "$MK_LOG"
	done
	# sd_mod is a module or built in; either is fine, a missing one is not
	grep -qx "module sd_mod" "$MK_LOG" || modinfo -k "$KERNELVERSION" -F filename sd_mod | grep -q builtin
	n=$(awk '$1 == "modules" && $3 > 0 { print $3 }' "$MK_LOG")
	[ -n "$n" ]
	# wireless and other non-wired drivers are filtered out
	total=$(find "/lib/modules/$KERNELVERSION/kernel/drivers/net" -name '*.ko*' | wc -l)
	[ "$n" -lt "$total" ]
}

@test "mkinitcpio install: configuration files go in mode 0600, whatever their mode on the host" {
	KERNELVERSION=none
	printf 'rd.iscsi.username=alice rd.iscsi.password=s3cretpass1\n' > "$T/etc/iscsiroot.conf"
	printf 'ISCSI_PASSWORD=another-secret\n' > "$T/etc/iscsi/iscsi.initramfs"
	printf 'InitiatorName=iqn.2026-11.org.example:host\n' > "$T/etc/iscsi/initiatorname.iscsi"
	chmod 644 "$T/etc/iscsiroot.conf" "$T/etc/iscsi/iscsi.initramfs" "$T/etc/iscsi/initiatorname.iscsi"
	run mk_build "$MK_INSTALL" "$MK_HOOKS" "$T/root"
	echo "$output"; cat "$MK_LOG"
	[ "$status" -eq 0 ]
	grep -qx "file /etc/iscsiroot.conf 600" "$MK_LOG"
	grep -qx "file /etc/iscsi/iscsi.initramfs 600" "$MK_LOG"
	grep -qx "file /etc/iscsi/initiatorname.iscsi 644" "$MK_LOG"
	[ "$(stat -c %a "$T/root/etc/iscsiroot.conf")" = 600 ]
	cmp "$T/etc/iscsiroot.conf" "$T/root/etc/iscsiroot.conf"
	! grep -q '^warning' "$MK_LOG"
}

@test "mkinitcpio install: a mkinitcpio older than 31 with secrets gets a warning naming chmod 600" {
	KERNELVERSION=none version=30
	printf 'rd.iscsi.username=alice rd.iscsi.password=s3cretpass1\n' > "$T/etc/iscsiroot.conf"
	run mk_build "$MK_INSTALL" "$MK_HOOKS" "$T/root"
	echo "$output"
	[ "$status" -eq 0 ]
	grep -q '^warning iscsiroot: mkinitcpio 30 writes the image with your umask.*chmod 600' "$MK_LOG"
}

@test "mkinitcpio install: a missing helper is a build error naming it" {
	KERNELVERSION=none
	rm "$T/helpers/iscsiroot"      # the one binary (issue 11)
	run mk_build "$MK_INSTALL" "$MK_HOOKS" "$T/root"
	echo "$output"
	[ "$status" -ne 0 ]
	grep -q "^error file not found: '$T/helpers/iscsiroot'" "$MK_LOG"
}

@test "mkinitcpio install: a systemd-based image gets a warning" {
	KERNELVERSION=none
	mkdir -p "$T/root/usr/lib/systemd"; : > "$T/root/usr/lib/systemd/systemd"
	run mk_build "$MK_INSTALL" "$MK_HOOKS" "$T/root"
	[ "$status" -eq 0 ]
	grep -q '^warning iscsiroot: this image is systemd-based' "$MK_LOG"
}

@test "mkinitcpio install: help() names HOOKS order, config file and 0600" {
	run mk_help "$MK_INSTALL"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output == *"after 'base udev'"* ]]
	[[ $output == *"before"*"'filesystems' in HOOKS"* ]]
	[[ $output == *"/etc/iscsiroot.conf"* ]]
	[[ $output == *"0600"* ]]
	[[ $output == *"HOOKS=(base udev "*" iscsiroot filesystems"* ]]
}

@test "mkinitcpio post hook: images become 0600 when secrets are configured, untouched otherwise" {
	: > "$T/vmlinuz"; : > "$T/img"; : > "$T/uki"
	chmod 644 "$T/img" "$T/uki"
	run "$TOP/mkinitcpio/post/iscsiroot" "$T/vmlinuz" "$T/img" "$T/uki"
	[ "$status" -eq 0 ]
	[ "$(stat -c %a "$T/img")" = 644 ]           # no secrets on this host
	: > "$T/etc/iscsiroot.conf"
	run "$TOP/mkinitcpio/post/iscsiroot" "$T/vmlinuz" "$T/img" "$T/uki"
	[ "$status" -eq 0 ]
	[ "$(stat -c %a "$T/img")" = 600 ]
	[ "$(stat -c %a "$T/uki")" = 600 ]
	[ "$(stat -c %a "$T/vmlinuz")" = 644 ]       # the kernel is not touched
	# an empty UKI argument (no UKI built) is fine
	chmod 644 "$T/img"
	run "$TOP/mkinitcpio/post/iscsiroot" "" "$T/img" ""
	[ "$status" -eq 0 ]
	[ "$(stat -c %a "$T/img")" = 600 ]
}

# ---- runtime hook -----------------------------------------------------------

# Stand-ins for the helpers, driven by files in $T/rt: explain-rc (exit
# status of --explain and --explain-sh: 1 = no iSCSI root configured),
# explain-out (--explain's iBFT line; --explain-sh answers the same as PLAN_*
# lines), rc-login (exit codes of successive --cmdline calls, one a line),
# rootconf (what --cmdline writes to root.conf). Every call is logged; the
# hook library is the real one.
rt_setup() {
	command -v busybox >/dev/null || skip "busybox not installed"
	R=$T/rt; mkdir -p "$R/bin" "$R/run" "$R/tmp"
	cat > "$R/bin/iscsistart" <<EOS
#!/bin/sh
echo "iscsistart \$*" >> $R/calls
case \$1 in
--explain) cat $R/explain-out 2>/dev/null; exit \$(cat $R/explain-rc) ;;
--explain-sh)
	rc=\$(cat $R/explain-rc) x=\$(cat $R/explain-out 2>/dev/null) fw= net=cmdline firm=no ibft=no
	case \$x in *"targets: yes"*) fw=iscsi_ibft firm=yes ;; esac
	case \$x in *"network from iBFT: yes"*) fw=iscsi_ibft net=ibft ibft=yes ;; esac
	[ "\$rc" = 1 ] && fw= net=none
	printf "PLAN_ISCSI='%s'\\nPLAN_FW_MODULES='%s'\\nPLAN_MODULES='iscsi_tcp sd_mod'\\nPLAN_NET='%s'\\n" \\
		"\$([ "\$rc" = 0 ] && echo yes || echo no)" "\$fw" "\$net"
	printf "PLAN_FIRMWARE='%s'\\nPLAN_IBFT='%s'\\nPLAN_NWARN='0'\\n" "\$firm" "\$ibft"
	exit "\$rc" ;;
--cmdline)
	n=\$(grep -c '^iscsistart --cmdline' $R/calls)
	rc=\$(sed -n "\${n}p" $R/rc-login 2>/dev/null)
	[ -n "\$rc" ] && [ "\$rc" != 0 ] && { echo "iscsiroot: iscsistart: fatal: unable to log in: stand-in" >&2; exit "\$rc"; }
	mkdir -p $R/run/iscsiroot; cp $R/rootconf $R/run/iscsiroot/root.conf
	echo "ROOTDEV-ON-STDOUT"; exit 0 ;;
esac
EOS
	printf '#!/bin/sh\necho "ipconfig $*" >> %s/calls\nexit ${IPC_RC:-0}\n' "$R" > "$R/bin/@ipconfig"
	printf '#!/bin/sh\necho "root-pin $*" >> %s/calls\nexit ${PIN_RC:-0}\n' "$R" > "$R/bin/root-pin"
	chmod 755 "$R/bin/"*
	cp "$TOP/hooks/hooklib.sh" "$R/bin/hooklib.sh"
	echo 0 > "$R/explain-rc"
	printf "ROOTDEV='/dev/sdb'\nTARGET='iqn.2026-11.org.example:root'\nLUN='2'\nROOTSPEC=''\n" > "$R/rootconf"
	: > "$R/calls"
}

# rt_run CMDLINE: parse CMDLINE the way mkinitcpio's parse_cmdline does for
# these simple words (variables + the getarg cache), source the hook, run
# run_hook then run_cleanuphook, print root and the getarg cache.
rt_run() {
	printf '%s\n' "$1" > "$R/proc-cmdline"
	cat > "$R/drive.sh" <<EOS
msg() { [ "\$(getarg quiet)" = y ] || echo "MSG \$*"; }
err() { echo "ERROR: \$*"; }
getarg() { _v=\$(grep "^\$1=" "$R/cmdline" | tail -n 1); [ -n "\$_v" ] && printf '%s' "\${_v#*=}" || printf '%s' "\$2"; }
shells=0
launch_interactive_shell() { shells=\$((shells + 1)); echo "SHELL \$shells"; [ \$shells -lt 5 ] || exit 7; }
modprobe() { echo "modprobe \$*" >> "$R/calls"; }
: > "$R/cmdline"
for w in \$(cat "$R/proc-cmdline"); do
	case \$w in *=*) k=\${w%%=*}; v=\${w#*=} ;; *) k=\$w; v= ;; esac
	printf '%s=%s\n' "\$k" "\${v:-y}" >> "$R/cmdline"
	case \$k in *[!a-zA-Z0-9_]*|[0-9]*) ;; *) eval "\$k=\\\${v:-y}" ;; esac
done
. "$MK_HOOKS/iscsiroot"
run_hook
echo "ROOT=\$root"
run_cleanuphook
echo "END shells=\$shells"
EOS
	ISCSIROOT_HELPERS=$R/bin ISCSIROOT_RUN=$R/run ISCSIROOT_TMP=$R/tmp ISCSIROOT_CMDLINE_CACHE=$R/cmdline \
		run ${RT_SH:-busybox ash} "$R/drive.sh"
	echo "$output"; echo "-- calls:"; cat "$R/calls"; echo "-- cache:"; cat "$R/cmdline"
}

@test "mkinitcpio hook: dracut-style root=iscsi: becomes the LUN's device, for mount and fsck" {
	rt_setup
	rt_run "ip=dhcp root=iscsi:10.0.2.2::3260:2:iqn.2026-11.org.example:root rd.iscsi.initiator=iqn.x:y"
	[ "$status" -eq 0 ]
	[[ $output == *"ROOT=/dev/sdb"* ]]
	[ "$(grep '^root=' "$R/cmdline" | tail -n 1)" = "root=/dev/sdb" ]
	grep -qx 'ipconfig ' "$R/calls"        # no arguments: it reads ip= itself
	grep -qx 'iscsistart --cmdline' "$R/calls"
	grep -qx 'root-pin --sysroot /new_root' "$R/calls"
	# the order: network, then login
	[ "$(grep -n '^ipconfig' "$R/calls" | cut -d: -f1)" -lt "$(grep -n -- '--cmdline' "$R/calls" | cut -d: -f1)" ]
	[[ $output != *"ROOTDEV-ON-STDOUT"* ]]
	[[ $output != *ERROR* ]]
	[[ $output == *"END shells=0"* ]]
}

@test "mkinitcpio hook: rd.iscsi.firmware + rd.iscsi.ibft: iscsi_ibft loaded, ipconfig ibft, then the login" {
	rt_setup
	echo "firmware (iBFT) targets: yes; network from iBFT: yes" > "$R/explain-out"
	rt_run "rd.iscsi.firmware=1 rd.iscsi.ibft=1"
	[ "$status" -eq 0 ]
	[[ $output == *"ROOT=/dev/sdb"* ]]
	grep -q 'modprobe .*iscsi_ibft' "$R/calls" || [ -d /sys/module/iscsi_ibft ]
	grep -qx 'ipconfig ibft' "$R/calls"
	[ "$(grep -n '^ipconfig' "$R/calls" | cut -d: -f1)" -lt "$(grep -n -- '--cmdline' "$R/calls" | cut -d: -f1)" ]
	# targets from the table, network from ip=: the module, plain ipconfig
	rt_setup
	echo "firmware (iBFT) targets: yes; network from iBFT: no" > "$R/explain-out"
	rt_run "rd.iscsi.firmware=1 ip=dhcp"
	grep -q 'modprobe .*iscsi_ibft' "$R/calls" || [ -d /sys/module/iscsi_ibft ]
	grep -qx 'ipconfig ' "$R/calls"
}

@test "mkinitcpio hook: root=UUID= stays as it is (mkinitcpio resolves it)" {
	rt_setup
	printf "ROOTDEV='/dev/sda'\nROOTSPEC='UUID=1234-abcd'\n" > "$R/rootconf"
	rt_run "quiet ip=dhcp root=UUID=1234-abcd"
	[ "$status" -eq 0 ]
	[[ $output == *"ROOT=UUID=1234-abcd"* ]]
	[ "$(grep -c '^root=' "$R/cmdline")" -eq 1 ]     # nothing appended
	grep -qx 'root-pin -q --sysroot /new_root' "$R/calls"
	[[ $output != *MSG* ]]                             # quiet is honoured
}

@test "mkinitcpio hook: root= from /etc/iscsiroot.conf (ROOTSPEC) when the command line has none" {
	rt_setup
	printf "ROOTDEV='/dev/sda'\nROOTSPEC='LABEL=rigroot'\n" > "$R/rootconf"
	rt_run "ip=dhcp"
	[ "$status" -eq 0 ]
	[[ $output == *"ROOT=LABEL=rigroot"* ]]
	[ "$(grep '^root=' "$R/cmdline")" = "root=LABEL=rigroot" ]
}

@test "mkinitcpio hook: nothing configured → nothing done, root untouched" {
	rt_setup
	echo 1 > "$R/explain-rc"
	rt_run "ip=dhcp root=UUID=x"
	[ "$status" -eq 0 ]
	[[ $output == *"ROOT=UUID=x"* ]]
	[[ $output == *"no iSCSI root configured"* ]]
	! grep -q 'ipconfig\|--cmdline\|root-pin\|modprobe' "$R/calls"
}

@test "mkinitcpio hook: root=dhcp (targets from DHCP, not read yet) is not skipped" {
	rt_setup
	rt_run "ip=dhcp root=dhcp"
	[ "$status" -eq 0 ]
	[[ $output == *"ROOT=/dev/sdb"* ]]
	grep -qx 'iscsistart --cmdline' "$R/calls"
}

@test "mkinitcpio hook: network already configured by an earlier hook → no ipconfig" {
	rt_setup
	printf "DEVICE='eth0'\n" > "$R/run/net-eth0.conf"
	rt_run "ip=dhcp root=iscsi:10.0.2.2::::iqn.2026-11.org.example:root"
	[ "$status" -eq 0 ]
	! grep -q '^ipconfig' "$R/calls"
	grep -qx 'iscsistart --cmdline' "$R/calls"
}

@test "mkinitcpio hook: network configured by the net hook (/tmp/net-*.conf) → no ipconfig" {
	rt_setup
	printf "DEVICE='eth0'\n" > "$R/tmp/net-eth0.conf"
	rt_run "ip=dhcp root=iscsi:10.0.2.2::::iqn.2026-11.org.example:root"
	[ "$status" -eq 0 ]
	! grep -q '^ipconfig' "$R/calls"
}

@test "mkinitcpio hook: a failed login names the cause, opens a shell, and is tried again" {
	rt_setup
	printf '99\n0\n' > "$R/rc-login"
	rt_run "ip=dhcp root=iscsi:10.0.2.2::::iqn.2026-11.org.example:root"
	[ "$status" -eq 0 ]
	[[ $output == *"ERROR: iscsiroot: iSCSI login (iscsistart --cmdline) failed (exit 99: gave up at the deadline"* ]]
	[[ $output == *"iscsistart --explain"* ]]
	[[ $output == *"SHELL 1"* ]]
	[ "$(grep -c -- '--cmdline' "$R/calls")" -eq 2 ]
	[[ $output == *"ROOT=/dev/sdb"* ]]
	[[ $output == *"END shells=1"* ]]
}

@test "mkinitcpio hook: a bad configuration (exit 100) and a failed ipconfig are named" {
	rt_setup
	printf '100\n0\n' > "$R/rc-login"
	IPC_RC=99 rt_run "ip=dhcp root=iscsi:10.0.2.2::::iqn.2026-11.org.example:root"
	# ipconfig keeps failing: the shell is offered each time (the stand-in
	# shell gives up after 5)
	[ "$status" -eq 7 ]
	[[ $output == *"ERROR: iscsiroot: network setup (ipconfig) failed (exit 99"* ]]
	IPC_RC=0 rt_run "ip=dhcp root=iscsi:10.0.2.2::::iqn.2026-11.org.example:root"
	[ "$status" -eq 0 ]
	[[ $output == *"failed (exit 100: the configuration cannot be read)"* ]]
}

@test "mkinitcpio hook: root-pin failing is reported, the boot goes on" {
	rt_setup
	PIN_RC=1 rt_run "ip=dhcp root=iscsi:10.0.2.2::::iqn.2026-11.org.example:root"
	[ "$status" -eq 0 ]
	[[ $output == *"ERROR: iscsiroot: root-pin could not put every protection in place (exit 1)"* ]]
	[[ $output == *"END shells=0"* ]]
}

@test "mkinitcpio hook: the same under dash (POSIX sh)" {
	command -v dash >/dev/null || skip "dash not installed"
	rt_setup
	RT_SH=dash rt_run "ip=dhcp root=iscsi:10.0.2.2::3260:2:iqn.2026-11.org.example:root"
	[ "$status" -eq 0 ]
	[[ $output == *"ROOT=/dev/sdb"* ]]
	grep -qx 'root-pin --sysroot /new_root' "$R/calls"
}
