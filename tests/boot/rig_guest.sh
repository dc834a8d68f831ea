# Guest-side rig functions: /lib/rig.sh of every rig initramfs (rig_initramfs in lib.sh). POSIX sh.
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs under busybox sh inside the VM; rig_initramfs appends RIG_IQN_I=<initiator name>.
# shellcheck disable=SC2034  # RIG_IQN_I is set after this file and used by the test scripts
rig_up() { cut -d' ' -f1 /proc/uptime; }
rig_mark() { echo "RIG-MARK $1 $(rig_up)"; }
rig_die() { echo "RIG-FAIL: $*"; sync; poweroff -f; sleep 5; }
rig_net_static() {
	ip link set eth0 up || rig_die "no eth0"
	ip addr add 10.0.2.15/24 dev eth0 || rig_die "cannot add address"
	ip route add default via 10.0.2.2 || rig_die "cannot add default route"
}
rig_wait_dev() {
	_rig_i=0
	while [ ! -b "$1" ]; do
		_rig_i=$((_rig_i + 1)); [ $_rig_i -gt $(( ${2:-30} * 10 )) ] && return 1
		sleep 0.1
	done
}
rig_ibft_dump() {
	echo "RIG-IBFT-BEGIN"
	[ -d /sys/firmware/ibft ] || echo "IBFT-NONE /sys/firmware/ibft"
	find /sys/firmware/ibft 2>/dev/null | sort | while read -r f; do
		if [ -L "$f" ]; then echo "IBFT-LINK $f $(readlink "$f")"
		elif [ -d "$f" ]; then echo "IBFT-DIR $f"
		elif [ "${1:-}" = -s ] && case $f in *secret) true ;; *) false ;; esac; then
			echo "IBFT-SECRET $f $(wc -c < "$f")"
		elif od -An -v -tx1 "$f" > /tmp/ibft.hex 2>/dev/null; then
			echo "IBFT-FILE $f $(tr -d ' \n' < /tmp/ibft.hex)"
		else echo "IBFT-ERR $f"
		fi
	done
	echo "RIG-IBFT-END"
}
rig_switch() {
	mount -t ext4 "$1" /newroot || rig_die "cannot mount $1"
	rig_mark switch
	umount /proc /sys 2>/dev/null
	exec switch_root /newroot /sbin/init
}
# rig_switch_listed FILE [SECS]: switch to the first /dev/sdX line of FILE
#   (what iscsistart printed), once it is there (up to SECS, default 30)
rig_switch_listed() {
	_rig_dev=$(grep -m 1 '^/dev/sd[a-z]*$' "$1")
	[ -n "$_rig_dev" ] || rig_die "no disk in $1"
	rig_wait_dev "$_rig_dev" "${2:-30}" || rig_die "no $_rig_dev after login"
	rig_switch "$_rig_dev"
}
# rig_iscsistart [-a ADDR] [-p PORT] TARGET [ARGS...]: the rig's login line,
#   /sbin/iscsistart -i $RIG_IQN_I -t TARGET -g 1 -a ADDR [-p PORT] ARGS...
#   ADDR defaults to 10.0.2.2 (the host side of QEMU's user network); -p is
#   passed only when given. Returns iscsistart's exit status; its output is
#   this function's. RIG_ISCSISTART names another binary (rig.bats).
rig_iscsistart() {
	_rig_a=10.0.2.2 _rig_p=''
	while :; do
		case ${1:-} in
		-a) _rig_a=$2; shift 2 ;;
		-p) _rig_p=$2; shift 2 ;;
		*) break ;;
		esac
	done
	_rig_t=$1; shift
	# open-iscsi's iscsistart wants these; ours reads nothing there
	mkdir -p /etc/iscsi /run/lock /var/lock 2>/dev/null
	if [ -n "$_rig_p" ]; then set -- -p "$_rig_p" "$@"; fi
	"${RIG_ISCSISTART:-/sbin/iscsistart}" -i "$RIG_IQN_I" -t "$_rig_t" -g 1 -a "$_rig_a" "$@"
}
# rig_login [-a ADDR] [-p PORT] [-d DEV] TARGET [ARGS...]: rig_iscsistart
#   between the marks "login" and "disk"; RIG-FAIL "iscsistart failed: RC"
#   when it fails. -d DEV: then wait up to 30 s for DEV ("no DEV after
#   login"), before the "disk" mark. Marks and RIG-FAIL go to stderr (the
#   console), so that out=$(rig_login ...) holds only iscsistart's output.
rig_login() {
	_rig_d='' _rig_o=''
	while :; do
		case ${1:-} in
		-a|-p) _rig_o="$_rig_o $1 $2"; shift 2 ;;
		-d) _rig_d=$2; shift 2 ;;
		*) break ;;
		esac
	done
	rig_mark login >&2
	# shellcheck disable=SC2086  # _rig_o: options without spaces
	rig_iscsistart $_rig_o "$@" || rig_die "iscsistart failed: $?" >&2
	if [ -n "$_rig_d" ]; then
		rig_wait_dev "$_rig_d" 30 || rig_die "no $_rig_d after login" >&2
	fi
	rig_mark disk >&2
}
