#!/bin/sh
# The initramfs-tools adapter with dracut's command line: the image of
# t_gen_initramfs_tools.sh (real mkinitramfs, CHAP secret in /etc/iscsiroot.conf)
# boots the full Debian root with ip=dhcp root=iscsi:10.0.2.2::3260:1:<target>
# (our local-top hands initramfs-tools ROOT=/dev/sda), reaches systemd and
# powers off cleanly. See t_gen_initramfs_tools.sh for every check.
# SPDX-License-Identifier: GPL-2.0-or-later
GEN_STYLES=dracut GEN_NEGATIVE=0 GEN_NAME=dracut exec sh "$(dirname "$0")/t_gen_initramfs_tools.sh" "$@"
