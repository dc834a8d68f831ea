#!/bin/sh
# The reference for the t_ibft_* tests (run by hand, not by `make check`:
# it costs an iPXE boot): open-iscsi's own iscsistart on the same iPXE table
# (DHCP, CHAP), the Arch hook's way: `iscsistart -N; iscsistart -b`, plus
# `iscsistart -f` for its record format. Seen here: -N sets the table's
# address, -f prints the CHAP secret in clear (ours must not), -b logs in and
# the disk shows about 1.6 s later. The serial log is printed.
#     sh tests/boot/ibft_openiscsi.sh
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ibft_lib.sh"
rig_init ibft_openiscsi
rig_need_openiscsi
ibft_need_ipxe
IQN=iqn.2026-11.org.iscsiroot:ibft
SECRET=Ibft-test-secret-42
rig_root
rig_target "$IQN" "$WORK/root.img"
rig_chap ibftuser "$SECRET"
cat > "$WORK/guest.sh" <<'EOS'
mkdir -p /etc/iscsi /run/lock /var/lock
rig_ibft_dump -s
rig_mark net
/sbin/iscsistart -N; echo "N-RC $?"
ip -4 addr show dev eth0 | sed -n 's/^ *inet \([0-9.\/]*\).*/ADDR: \1/p'
/sbin/iscsistart -f > /tmp/fw.out 2>&1; echo "FW-RC $?"
sed 's/^/FWREC: /' /tmp/fw.out
rig_mark login
/sbin/iscsistart -b > /tmp/b.out 2>&1; echo "B-RC $?"
sed 's/^/BOUT: /' /tmp/b.out
rig_wait_dev /dev/sda 30 || rig_die "no sda"
rig_mark disk
EOS
ibft_guest_sessions "$WORK/guest.sh"
echo 'rig_switch /dev/sda' >> "$WORK/guest.sh"
# shellcheck disable=SC2034  # read by rig_initramfs (lib.sh)
RIG_EXTRA_MODULES=$RIG_IBFT_MODULES
rig_initramfs "$WORK/initrd" "$WORK/guest.sh" /usr/sbin/iscsistart:/sbin/iscsistart
RIG_IPXE_CHAP="ibftuser $SECRET" rig_qemu_ipxe "$WORK/initrd" ""
rig_log "wall ${RIG_WALL_MS} ms; login->disk $(rig_markt login) -> $(rig_markt disk)"
rig_expect "^SESSIONS 1" "not exactly one session"
rig_expect "ISCSIROOT-ROOT-OK root=/dev/sda" "root not reached with open-iscsi's iscsistart -b"
rig_pass
