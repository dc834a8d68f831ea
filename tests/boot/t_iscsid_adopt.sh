#!/bin/sh
# The recovery daemon steps aside for open-iscsi: iscsid is started after our
# login; within its 10 s check the @iscsistart daemon logs that iscsid takes
# over and exits; the session stays LOGGED_IN under iscsid (which adopts it
# with a relogin) and the root, reached afterwards, is writable.
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init iscsid_adopt
rig_need_helpers iscsistart
rig_need_openiscsi iscsid
IQN=iqn.2026-11.org.iscsiroot:adopt
rig_root
cat > "$WORK/io.sh" <<'EOS'
echo adopted > /data/after && sync && echo "ROOT-WRITE-OK $(cat /data/after)"
EOS
rig_root_add "$WORK/root.img" "$WORK/io.sh" /rig/test.sh
rig_target "$IQN" "$WORK/root.img"
cat > "$WORK/login.sh" <<EOS
rig_net_static
rig_login $IQN
daemon() { for p in /proc/[0-9]*; do case \$(tr '\0' ' ' < \$p/cmdline 2>/dev/null) in @*) echo \${p#/proc/};; esac; done; }
[ -n "\$(daemon)" ] || rig_die "no @iscsistart daemon"
mkdir -p /etc/iscsi /run/lock /var/lock /var/lib/iscsi/nodes /var/lib/iscsi/ifaces
echo "InitiatorName=$RIG_IQN_I" > /etc/iscsi/initiatorname.iscsi
: > /etc/iscsi/iscsid.conf
rig_mark iscsid
/sbin/iscsid -f > /tmp/iscsid.log 2>&1 &
i=0
while [ -n "\$(daemon)" ]; do i=\$((i + 1)); [ \$i -gt 150 ] && rig_die "daemon still there 15 s after iscsid started"; sleep 0.1; done
rig_mark daemon-gone
sleep 3
echo "STATE \$(cat /sys/class/iscsi_session/session1/state) \$(cat /sys/class/iscsi_connection/connection1:0/state)"
sed 's/^/ISCSID: /' /tmp/iscsid.log | head -20
rig_switch /dev/sda
EOS
rig_initramfs "$WORK/initrd" "$WORK/login.sh" "$B/iscsistart:/sbin/iscsistart" /usr/sbin/iscsid:/sbin/iscsid
rig_qemu "$WORK/initrd" ""
rig_expect "iscsid is running" "daemon did not notice iscsid"
rig_expect "STATE LOGGED_IN up" "session not logged in after iscsid took it over"
rig_expect "ROOT-WRITE-OK adopted" "root not writable after the takeover"
echo "iscsid started $(rig_markt iscsid) s, daemon gone $(rig_markt daemon-gone) s"
rig_pass
