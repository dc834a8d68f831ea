#!/bin/sh
# root-pin with a full Debian 12 root (systemd, systemd-networkd): the initramfs
# configures eth0 with an address DHCP would not give (10.0.2.99), logs in with
# open-iscsi's iscsistart, runs root-pin --sysroot and hands /run to the real
# root as the generators do. In the real root, networkd (whose 50-rig.network
# matches eth0 with DHCP) must keep 10.0.2.99 thanks to the drop-in,
# root-pin --check must pass, and systemctl poweroff must complete.
# The NIC keeps its kernel name (net.ifnames=0): the busybox initramfs runs no
# udev, and udev in the real root cannot rename an interface that is up, which
# leaves networkd waiting for it ("pending") for ever.
# Control (by hand): PIN_CONTROL=1 deletes the drop-in before switch_root; seen
# here: networkd drops 10.0.2.99 and the guest never reaches its test or powers
# off (the iSCSI connection was bound to that address).
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/lib.sh"
rig_init rootpin_debian debian
rig_need_openiscsi
rig_need_helpers -f root-pin
RP=$B/root-pin
rig_need_cmds musl-gcc
IQN=iqn.2026-11.org.iscsiroot:rootpin-debian

cat > "$WORK/faked.c" <<'EOC'
#include <unistd.h>
int main(int c, char **v)
{
	char *a[] = { "@iscsistart", "--stand-in", 0 };
	(void)c;
	if (v[0][0] != '@')
		execv("/proc/self/exe", a);
	for (;;)
		pause();
}
EOC
musl-gcc -static -Os -o "$WORK/faked" "$WORK/faked.c" || rig_fail "cannot build the stand-in daemon"

rig_debian_root "$WORK/root.img"
cat > "$WORK/test.sh" <<'EOS'
echo "PIN-ADDR $(ip -4 -o addr show dev eth0 | awk '{ print $4 }' | tr '\n' ' ')"
i=0
until networkctl status eth0 2>/dev/null | grep -q 'State: .*configured'; do
	i=$((i + 1)); [ $i -gt 150 ] && break
	sleep 0.2
done
echo "PIN-NETWORKD $(networkctl status eth0 2>/dev/null | grep -i 'network file\|state:' | tr -s ' ' | tr '\n' ' ')"
networkctl status eth0 --no-pager 2>&1 | sed 's/^/PIN-DIAG /'
journalctl -b -u systemd-networkd --no-pager 2>&1 | tail -n 15 | sed 's/^/PIN-DIAG /' 
ls /run/systemd/network/*.d/ 2>&1 | sed 's/^/PIN-DROPIN /'
echo "PIN-STAGE root"
/rig/root-pin --check; echo "PIN-RC root-check $?"
EOS
rig_root_add "$WORK/root.img" "$RP" /rig/root-pin
rig_root_add "$WORK/root.img" "$WORK/test.sh" /rig/test.sh
debugfs -w -R "sif /rig/root-pin mode 0100755" "$WORK/root.img" >/dev/null 2>&1 ||
	rig_fail "cannot make /rig/root-pin executable"
rig_target "$IQN" "$WORK/root.img"

cat > "$WORK/login.sh" <<EOS
mount -t tmpfs -o mode=0755,nosuid,nodev run /run
ip link set eth0 up || rig_die "no eth0"
ip addr add 10.0.2.99/24 dev eth0 || rig_die "cannot add address"
ip route add default via 10.0.2.2 || rig_die "cannot add default route"
rig_login -p 3260 -d /dev/sda $IQN
/sbin/faked &
sleep 0.3
mount -t ext4 /dev/sda /newroot || rig_die "cannot mount /dev/sda"
echo "PIN-STAGE initramfs"
/sbin/root-pin --sysroot /newroot; echo "PIN-RC initramfs-apply \$?"
[ -n "${PIN_CONTROL:-}" ] && rm -rf /run/systemd/network && echo "PIN-CONTROL drop-in removed"
rig_mark switch
mount --move /run /newroot/run || rig_die "cannot move /run"
umount /proc /sys 2>/dev/null
exec switch_root /newroot /sbin/init
EOS
rig_initramfs "$WORK/initrd" "$WORK/login.sh" /usr/sbin/iscsistart:/sbin/iscsistart \
	"$RP:/sbin/root-pin" "$WORK/faked:/sbin/faked"
RIG_MEM=768 RIG_QEMU_TIMEOUT=${RIG_QEMU_TIMEOUT:-400} rig_qemu "$WORK/initrd" "rw net.ifnames=0"
rig_expect "ISCSIROOT-ROOT-OK" "Debian root not reached"

log=$WORK/serial.log
rc() { tr -d '\r' < "$log" | awk -v n="$1" '$1 == "PIN-RC" && $2 == n { print $3; exit }'; }
st() { tr -d '\r' < "$log" | awk -v s="$1" -v w="$2" -v o="$3" '$1 == "PIN-STAGE" { in_ = ($2 == s) } in_ && $1 == w && $2 == o { print $3; exit }'; }

[ "$(rc initramfs-apply)" = 0 ] || rig_fail "root-pin in the initramfs exited $(rc initramfs-apply)"
[ "$(st initramfs networkd eth0)" = fixed ] || rig_fail "initramfs: networkd drop-in not written for eth0"
grep -q '50-rig.network: KeepConfiguration=yes (from 50-rig.network.d/99-iscsiroot.conf)' "$log" ||
	rig_fail "initramfs: the drop-in is not for the Debian root's 50-rig.network"
grep -q '^PIN-ADDR .*10\.0\.2\.99/24' "$log" ||
	rig_fail "networkd dropped the initramfs address: $(grep '^PIN-ADDR' "$log")"
[ "$(rc root-check)" = 0 ] || rig_fail "root-pin --check in the Debian root exited $(rc root-check)"
[ "$(st root networkd eth0)" = ok ] || rig_fail "real root: networkd protection not seen"
grep -q 'RIG-MARK poweroff' "$log" || rig_fail "no poweroff mark"
echo "addresses in the real root: $(tr -d '\r' < "$log" | sed -n 's/^PIN-ADDR //p')"
echo "boot + shutdown wall time: ${RIG_WALL_MS} ms"
rig_pass
