#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# dracut module "iscsiroot": the root file system on an iSCSI LUN, brought up by
# iscsiroot's static helpers (ipconfig, iscsistart, root-pin) instead of
# dracut's network and iscsi modules and open-iscsi.
#
# Build-host paths, overridable (tests, package builds); each defaults to the
# path the helpers themselves read at boot:
#   ISCSIROOT_HELPERS        helper binaries       (/usr/lib/iscsiroot)
#   ISCSIROOT_CONF           iscsiroot.conf        (/etc/iscsiroot.conf)
#   ISCSIROOT_DEBIAN_CONF    Debian's iscsi.initramfs (/etc/iscsi/iscsi.initramfs)
#   ISCSIROOT_INITIATORNAME  initiatorname.iscsi   (/etc/iscsi/initiatorname.iscsi)
# dracut sources this file with bash and provides moddir, initdir, hostonly,
# mount_needs, outfile and the inst_*/instmods/d* functions.
# shellcheck disable=SC2154

iscsiroot_helpers="ipconfig iscsistart root-pin ibft-reader"

# iscsiroot_on_iscsi MAJ:MIN: is this block device a LUN of an iSCSI session?
# (its sysfs path runs through .../sessionN/target...)
iscsiroot_on_iscsi() {
    local _p
    _p=$(readlink -f "/sys/dev/block/$1") || return 1
    [[ $_p == */session[0-9]*/target* ]]
}

# called by dracut
check() {
    local _h=${ISCSIROOT_HELPERS:-/usr/lib/iscsiroot} _b _rc
    for _b in $iscsiroot_helpers; do
        if [[ ! -x $_h/$_b ]]; then
            derror "iscsiroot: $_h/$_b is missing (install iscsiroot, or set ISCSIROOT_HELPERS)"
            return 1
        fi
    done
    # Host-only: only when / (or a device under it) sits on iSCSI. A generic
    # image gets the module only when asked (--add iscsiroot / add_dracutmodules).
    if [[ $hostonly ]] || [[ $mount_needs ]]; then
        pushd . > /dev/null || return 1
        for_each_host_dev_and_slaves iscsiroot_on_iscsi
        _rc=$?
        popd > /dev/null || return 1
        [[ $_rc == 0 ]] && return 0
    fi
    return 255
}

# called by dracut
depends() {
    # rootfs-block mounts root=block:/dev/root; no network or iscsi module:
    # ipconfig and iscsistart are the network and the initiator.
    echo rootfs-block
    return 0
}

# called by dracut
installkernel() {
    local _n _m
    # iscsi_ibft (and iscsi_boot_sysfs, its dependency) shows the firmware's
    # boot table, for rd.iscsi.firmware / rd.iscsi.ibft / ip=ibft; small, so
    # always there: the firmware, not the build host, decides at boot
    hostonly='' instmods iscsi_tcp sd_mod crc32c_generic iscsi_ibft
    if [[ $hostonly ]]; then
        # the drivers of this host's network interfaces (the module does not
        # pull in dracut's network modules, which would do this)
        for _n in /sys/class/net/*/device/driver/module; do
            [[ -e $_n ]] || continue
            _m=$(readlink -f "$_n")
            instmods "${_m##*/}"
        done
    else
        # virtual machines' NICs; other drivers: add_drivers+=" ... "
        hostonly='' instmods virtio_net virtio_pci vmxnet3 e1000 e1000e hv_netvsc xen-netfront
    fi
    return 0
}

# called by dracut
install() {
    local _h=${ISCSIROOT_HELPERS:-/usr/lib/iscsiroot} _b _f _secret=

    # the one binary; each helper is a link to it (started as @ipconfig,
    # ipconfig stays resident to renew a DHCP lease)
    inst_simple "$_h/iscsiroot" /usr/lib/iscsiroot/iscsiroot || return 1
    for _b in $iscsiroot_helpers @ipconfig; do
        ln -sf iscsiroot "$initdir/usr/lib/iscsiroot/$_b"
    done
    # the hook library the cmdline hook and the login job source
    inst_simple "$_h/hooklib.sh" /usr/lib/iscsiroot/hooklib.sh || return 1
    inst_script "$moddir/iscsiroot-login.sh" /usr/lib/iscsiroot/dracut-login
    inst_multiple -o udevadm

    # Configuration: readable by root only inside the image (CHAP secrets).
    _f=${ISCSIROOT_CONF:-/etc/iscsiroot.conf}
    if [[ -f $_f ]]; then
        inst_simple "$_f" /etc/iscsiroot.conf && chmod 0600 "$initdir/etc/iscsiroot.conf"
        _secret=1
    fi
    _f=${ISCSIROOT_DEBIAN_CONF:-/etc/iscsi/iscsi.initramfs}
    if [[ -f $_f ]]; then
        inst_simple "$_f" /etc/iscsi/iscsi.initramfs && chmod 0600 "$initdir/etc/iscsi/iscsi.initramfs"
        _secret=1
    fi
    _f=${ISCSIROOT_INITIATORNAME:-/etc/iscsi/initiatorname.iscsi}
    [[ -f $_f ]] && inst_simple "$_f" /etc/iscsi/initiatorname.iscsi

    # dracut writes a new image with umask 077 (mode 0600) but, with --force,
    # keeps the mode of the file it overwrites: tighten that file first.
    if [[ $_secret ]] && [[ -f $outfile ]] && [[ $(stat -c %a "$outfile") != 600 ]]; then
        chmod 0600 "$outfile" && dinfo "iscsiroot: $outfile holds secrets: mode set to 0600"
    fi

    if dracut_module_included "iscsi"; then
        dwarn "iscsiroot: dracut's iscsi module is included too: both would log in to root=iscsi:"
    fi

    inst_hook cmdline 90 "$moddir/iscsiroot-cmdline.sh"
    inst_hook pre-pivot 90 "$moddir/iscsiroot-pin.sh"
    # With systemd, rootfs-block leaves the root to the generators, which run
    # before the cmdline hook claims it: mount it in dracut-mount.service.
    if dracut_module_included "systemd"; then
        inst_hook mount 98 "$moddir/iscsiroot-mount.sh"
    fi
    dracut_need_initqueue
}
