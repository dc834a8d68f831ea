# A stand-in for mkinitcpio's build-time hook API, for tests. Bash (mkinitcpio
# sources install hooks with bash).  SPDX-License-Identifier: GPL-2.0-or-later
#
# mkinitcpio itself is not packaged in Debian and cannot run here (no Arch
# userland, no network at test time). This file implements, in its own code,
# the documented contract of the functions an install hook calls, as read in
# archlinux/mkinitcpio v41 (`functions`, `mkinitcpio`, man/mkinitcpio.8):
#   add_file SRC [DEST] [MODE]   MODE given: install -Dm MODE; else copy with
#                                the source's mode; missing SRC: error, return 1
#   add_binary BIN [DEST] [MODE] BIN looked up in PATH if relative; add_file;
#                                a dynamic ELF's libraries are added too
#   add_symlink PATH [TARGET]    ln -sfn TARGET PATH in the image
#   add_dir PATH [MODE]          install -dm MODE (default 755)
#   add_module NAME[?]           the module file and its `depends`, resolved
#                                with modinfo for $KERNELVERSION; "NAME?" may be
#                                missing; KERNELVERSION=none adds nothing
#   add_checked_modules / add_all_modules [-f EXCLUDE_ERE]... ERE
#                                modules whose path matches ERE (autodetect is
#                                not emulated: every match counts)
#   add_runscript                hooks/<name of the sourced install file> →
#                                /hooks/<name> mode 755, and each run_*hook
#                                function it defines registers the hook point
#   map FN ARG...; msg msg2 plain quiet warning error
#   umask 022 while build() runs, as mkinitcpio sets it
# A failing add_* function is a build error (mkinitcpio counts them the same
# way and exits non-zero). Everything added is logged to $MK_LOG, one line
# each: "file DEST MODE", "symlink PATH TARGET", "module NAME", "modules ERE N",
# "runscript NAME POINTS...", "warning TEXT", "error TEXT".
#
# Use:  mk_build INSTALL_FILE HOOKS_DIR BUILDROOT   → 0 if no build error;
#       writes BUILDROOT/config (EARLYHOOKS= HOOKS= LATEHOOKS= CLEANUPHOOKS=)
#       mk_help INSTALL_FILE

mk_note() { printf '%s\n' "$*" >> "$MK_LOG"; }
msg() { local f=$1; shift; printf "==> $f\n" "$@" >&2; }
msg2() { local f=$1; shift; printf "  -> $f\n" "$@" >&2; }
plain() { local f=$1; shift; printf "    $f\n" "$@" >&2; }
quiet() { :; }
warning() { local f=$1; shift; printf "==> WARNING: $f\n" "$@" >&2; mk_note "warning $(printf "$f" "$@")"; }
error() { local f=$1; shift; printf "==> ERROR: $f\n" "$@" >&2; mk_note "error $(printf "$f" "$@")"; }
map() { local r=0 fn=$1; shift; for a in "$@"; do "$fn" "$a" || r=1; done; return $r; }

add_dir() {
	[[ $1 == /?* ]] || return 1
	[[ -d $BUILDROOT$1 ]] && return 0
	install -dm"${2:-755}" "$BUILDROOT$1"
}

add_symlink() {
	local name=$1 target=${2:-$1}
	[[ $target == "$name" ]] && target=$(readlink "$name")
	[[ -n $target ]] || { error "invalid symlink: '%s'" "$name"; return 1; }
	add_dir "${name%/*}"
	ln -sfn "$target" "$BUILDROOT$name"
	mk_note "symlink $name $target"
}

add_file() {
	local src=$1 dest=${2:-$1} mode=$3
	if [[ ! -f $src ]]; then
		error "file not found: '%s'" "$src"
		return 1
	fi
	add_dir "${dest%/*}"
	if [[ -n $mode ]]; then
		install -Dm"$mode" "$src" "$BUILDROOT$dest" || return 1
	else
		cp --remove-destination --preserve=mode "$src" "$BUILDROOT$dest" || return 1
	fi
	mk_note "file $dest $(stat -c %a "$BUILDROOT$dest")"
}

add_binary() {
	local bin=$1 lib
	if [[ $bin != /* ]]; then
		bin=$(type -P "$1") || { error "binary not found: '%s'" "$1"; return 1; }
	fi
	add_file "$bin" "${2:-$bin}" "$3" || return 1
	# a dynamic ELF brings its libraries (ldd fails on static files)
	if ldd "$bin" >/dev/null 2>&1; then
		for lib in $(ldd "$bin" | awk '/=> \// { print $3 } /^\t\// { print $1 }'); do
			[[ -e $BUILDROOT$lib ]] || add_file "$lib" "$lib"
		done
	fi
	return 0
}

add_module() {
	local name=${1%\?} optional='' dep
	[[ $1 == *\? ]] && optional=1
	[[ $KERNELVERSION == none ]] && return 0
	name=${name%.ko*}; name=${name//-/_}
	[[ " $MK_MODULES " == *" $name "* ]] && return 0
	local info
	if ! info=$(modinfo -k "$KERNELVERSION" -F filename "$name" 2>/dev/null) || [[ $info != /* ]]; then
		# a built-in module needs no file
		[[ $info == *builtin* ]] && return 0
		[[ -n $optional ]] && return 0
		error "module not found: '%s'" "$name"
		return 1
	fi
	MK_MODULES="$MK_MODULES $name"
	mk_note "module $name"
	for dep in $(modinfo -k "$KERNELVERSION" -F depends "$name" 2>/dev/null | tr ',' ' '); do
		add_module "$dep" || return 1
	done
}

mk_all_modules() {
	local OPTIND=1 flag ex=() n=0
	while getopts ':f:' flag; do [[ $flag == f ]] && ex+=("$OPTARG"); done
	shift $((OPTIND - 1))
	[[ $KERNELVERSION == none ]] && { mk_note "modules $* 0${ex[*]:+ excluding ${ex[*]}}"; return 0; }
	local m e
	while read -r m; do
		for e in "${ex[@]}"; do [[ $m =~ $e ]] && continue 2; done
		n=$((n + 1))
	done < <(find "/lib/modules/$KERNELVERSION" -name '*.ko*' 2>/dev/null | grep -E "$@")
	mk_note "modules $* $n${ex[*]:+ excluding ${ex[*]}}"
	(( n > 0 ))
}
add_checked_modules() { mk_all_modules "$@"; }
add_all_modules() { mk_all_modules "$@"; }

add_runscript() {
	local name=${BASH_SOURCE[1]##*/} script fn points=
	script=$MK_HOOKS_DIR/$name
	if [[ ! -f $script ]]; then
		error "runtime script for '%s' not found" "$name"
		return 1
	fi
	add_file "$script" "/hooks/$name" 755 || return 1
	for fn in $(sed -n 's/^[[:space:]]*\(run_[[:alnum:]_]*\)[[:space:]]*()[[:space:]]*{*.*$/\1/p' "$script"); do
		case $fn in
		run_earlyhook)     MK_EARLY="$MK_EARLY $name" ;;
		run_hook)          MK_HOOKS="$MK_HOOKS $name" ;;
		run_latehook)      MK_LATE="$MK_LATE $name" ;;
		run_cleanuphook)   MK_CLEANUP="$name $MK_CLEANUP" ;;
		run_emergencyhook) MK_EMERGENCY="$name $MK_EMERGENCY" ;;
		*) continue ;;
		esac
		points="$points $fn"
	done
	mk_note "runscript $name$points"
}

mk_build() { # INSTALL_FILE HOOKS_DIR BUILDROOT
	local errors
	MK_HOOKS_DIR=$2
	BUILDROOT=$3
	MK_LOG=${MK_LOG:-$BUILDROOT.log}
	MK_MODULES='' MK_EARLY='' MK_HOOKS='' MK_LATE='' MK_CLEANUP='' MK_EMERGENCY=''
	KERNELVERSION=${KERNELVERSION:-$(uname -r)}
	version=${version:-41}
	mkdir -p "$BUILDROOT"
	: > "$MK_LOG"
	(
		umask 022
		errors=0
		# every add_* that fails is one build error, as in mkinitcpio
		set -o functrace
		trap '(( $? )) && [[ $FUNCNAME == add_* ]] && (( ++errors ))' RETURN
		unset -f build
		# shellcheck disable=SC1090
		. "$1" || exit 1
		declare -f build >/dev/null || { error "no build function in %s" "$1"; exit 1; }
		build
		trap - RETURN
		printf '%s="%s"\n' EARLYHOOKS "${MK_EARLY# }" HOOKS "${MK_HOOKS# }" \
			LATEHOOKS "${MK_LATE# }" CLEANUPHOOKS "${MK_CLEANUP% }" \
			EMERGENCYHOOKS "${MK_EMERGENCY% }" > "$BUILDROOT/config"
		exit $(( errors > 0 ))
	)
}

mk_help() { # INSTALL_FILE
	(
		unset -f help
		# shellcheck disable=SC1090
		. "$1" || exit 1
		help
	)
}
