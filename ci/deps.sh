#!/bin/sh
# Install everything the build, the tests and the demo need, from Debian 12's
# packages. Idempotent: does nothing when all packages are present.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
PKGS="make gcc clang libclang-rt-14-dev musl-tools libklibc-dev klibc-utils bats shellcheck
 file kmod cpio e2fsprogs iproute2 util-linux procps psmisc xz-utils zstd
 qemu-system-x86 qemu-utils ipxe-qemu linux-image-amd64 busybox-static
 tgt open-iscsi dnsmasq-base initramfs-tools socat debootstrap dracut-core dracut-network"
missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
[ "$(id -u)" -eq 0 ] || { echo "ci/deps.sh: need root to install:$missing" >&2; exit 111; }
echo "ci/deps.sh: installing:$missing"
# Packages like tgt and open-iscsi would start their daemons on install; this
# machine's tests start their own, bound to test addresses, so keep apt from
# starting services (a policy-rc.d that already exists is left as it is).
own_policy=
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	own_policy=1
fi
trap '[ -n "$own_policy" ] && rm -f /usr/sbin/policy-rc.d' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
