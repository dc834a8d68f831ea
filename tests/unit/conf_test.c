/* conf: real command lines of every dialect → resolved configuration, and
 * hostile ones → the error naming the bad value. Sources of the rows: dracut's
 * dracut.cmdline(7) and test suite, Debian's open-iscsi README.Debian and
 * local-top script, RFC 4173 §5, iPXE's documentation, users' issue reports
 * (cited per row). Then the examples of man/iscsiroot.cmdline.7 are run.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmdline.h"
#include "conf.h"
#include "ibft.h"
#include "test.h"

struct row {
	const char *what;
	const char *cmdline, *conf, *debian;
	const char *want;        /* cfg_summary, or NULL when an error is expected */
	const char *err;         /* substring of c.error when want == NULL */
	const char *warn;        /* substring of some warning, or NULL */
};

#define IQN "iqn.2009-06.dracut:target0"

static const struct row rows[] = {
/* ---- dracut (dracut.cmdline(7) "iSCSI", test/TEST-70-ISCSI) ---- */
{ "dracut root=iscsi: minimal", "root=iscsi:192.168.50.1::::" IQN, 0, 0,
  "target=" IQN " root lun=first portal=192.168.50.1:3260", 0, 0 },
{ "dracut root=iscsi: all fields", "root=iscsi:192.168.50.1:6:3261:1:" IQN, 0, 0,
  "target=" IQN " root lun=1 portal=192.168.50.1:3261", 0, 0 },
{ "dracut TEST-70 two netroots, root by label",
  "root=LABEL=sysroot netroot=iscsi:192.168.50.1::::iqn.2009-06.dracut:target1 "
  "netroot=iscsi:192.168.51.1::::iqn.2009-06.dracut:target2 rd.neednet=1 ip=dhcp", 0, 0,
  "target=iqn.2009-06.dracut:target1 root lun=first portal=192.168.50.1:3260 "
  "target=iqn.2009-06.dracut:target2 lun=first portal=192.168.51.1:3260 rootspec=LABEL=sysroot neednet",
  0, 0 },
{ "dracut same target on two portals = failover",
  "netroot=iscsi:192.168.50.1::::" IQN " netroot=iscsi:192.168.51.1::::" IQN, 0, 0,
  "target=" IQN " root lun=first portal=192.168.50.1:3260,192.168.51.1:3260", 0, 0 },
{ "dracut CHAP in the root-path (warns: password on cmdline)",
  "root=iscsi:user:secret@192.168.50.1::::" IQN, 0, 0,
  "target=" IQN " root lun=first portal=192.168.50.1:3260 chap=user", 0, "CHAP password is on the kernel" },
{ "dracut mutual CHAP in the root-path",
  "root=iscsi:u:p:tu:tp@192.168.50.1::::" IQN, 0, 0,
  "target=" IQN " root lun=first portal=192.168.50.1:3260 chap=u mutual=tu", 0, "CHAP password" },
{ "dracut empty credentials let '@' into the target (net-lib.sh comment)",
  "netroot=iscsi:@192.168.1.100::3260::iqn.2009-01.com.example:testdi@sk", 0, 0,
  "target=iqn.2009-01.com.example:testdi@sk root lun=first portal=192.168.1.100:3260", 0, 0 },
{ "dracut IPv6 in brackets (dracut#856)",
  "netroot=iscsi:[2001:db8:85a3::8a2e:370:7334]::3260::iqn.2004-01.com.example:v6", 0, 0,
  "target=iqn.2004-01.com.example:v6 root lun=first portal=[2001:db8:85a3::8a2e:370:7334]:3260", 0, 0 },
{ "dracut iface and netdev fields",
  "netroot=iscsi:192.168.50.1::3260:default:ens3:2:" IQN, 0, 0,
  "target=" IQN " root lun=2 portal=192.168.50.1:3260 via=ens3", 0, 0 },
{ "dracut netdev only (two extra fields)",
  "netroot=iscsi:192.168.50.1::3260:ens3:2:" IQN, 0, 0,
  "target=" IQN " root lun=2 portal=192.168.50.1:3260 via=ens3", 0, 0 },
{ "dracut link-local IPv6 with zone (open-iscsi#400)",
  "netroot=iscsi:[fe80::5054:ff:fe12:3456%ens3]::::" IQN, 0, 0,
  "target=" IQN " root lun=first portal=[fe80::5054:ff:fe12:3456%ens3]:3260", 0, 0 },
{ "dracut rd.iscsi.* credentials and initiator",
  "root=iscsi:192.168.50.1::::" IQN " rd.iscsi.initiator=iqn.2009-06.dracut:client "
  "rd.iscsi.username=u rd.iscsi.password=p rd.iscsi.in.username=tu rd.iscsi.in.password=tp", 0, 0,
  "target=" IQN " root lun=first portal=192.168.50.1:3260 chap=u mutual=tu initiator=iqn.2009-06.dracut:client",
  0, "CHAP password" },
{ "dracut deprecated iscsi_initiator alias, last wins",
  "rd.iscsi.initiator=iqn.2009-06.dracut:a iscsi_initiator=iqn.2009-06.dracut:b", 0, 0,
  "initiator=iqn.2009-06.dracut:b", 0, 0 },
{ "dracut firmware boot", "rd.iscsi.firmware=1 rd.iscsi.ibft=1", 0, 0, "firmware ibft", 0, 0 },
{ "ip=ibft alone is rd.iscsi.ibft=1", "ip=ibft", 0, 0, "ibft", 0, 0 },
{ "ip=dhcp is ipconfig's", "ip=dhcp", 0, 0, "none", 0, 0 },
{ "dracut legacy iscsi_firmware and ip=ibft", "iscsi_firmware ip=ibft", 0, 0, "firmware ibft", 0, 0 },
{ "dracut root=dhcp", "root=dhcp", 0, 0, "dhcp-root", 0, 0 },
{ "dracut netroot=dhcp with root by UUID", "root=UUID=7c3e netroot=dhcp", 0, 0,
  "rootspec=UUID=7c3e dhcp", 0, 0 },
{ "dracut legacy iscsiroot=", "iscsiroot=192.168.50.1::::" IQN, 0, 0,
  "target=" IQN " root lun=first portal=192.168.50.1:3260", 0, 0 },
{ "dracut legacy root=iscsi iscsiroot=", "root=iscsi iscsiroot=192.168.50.1::::" IQN, 0, 0,
  "target=" IQN " root lun=first portal=192.168.50.1:3260", 0, 0 },
{ "dracut legacy root=iscsi iscsi_firmware", "root=iscsi iscsi_firmware", 0, 0, "firmware", 0, 0 },
{ "dracut params, same name twice: last wins",
  "rd.iscsi.param=node.session.timeo.replacement_timeout=30 "
  "rd.iscsi.param=node.conn[0].timeo.noop_out_interval=0 "
  "rd.iscsi.param=node.session.timeo.replacement_timeout=86400", 0, 0,
  "param=node.session.timeo.replacement_timeout=86400 param=node.conn[0].timeo.noop_out_interval=0", 0, 0 },
{ "dracut timers and booleans",
  "rd.iscsi.login_retry_max=5 rd.iscsi.waitnet=1 rd.iscsi.testroute=0 rd.timeout=60 rd.retry=30", 0, 0,
  "waitnet notestroute deadline=60000ms retries=5", 0, 0 },
{ "rd.iscsiroot.deadline wins over rd.timeout", "rd.iscsiroot.deadline=5 rd.timeout=60", 0, 0,
  "deadline=5000ms", 0, 0 },
{ "rd.timeout garbage", "rd.timeout=soon", 0, 0, 0, "rd.timeout='soon' is not a duration", 0 },
{ "dracut rd.timeout=0 means forever", "rd.timeout=0", 0, 0, "deadline=0ms", 0, 0 },
{ "dracut netroot for another module is ignored with a warning", "netroot=nbd:192.168.50.1:raw", 0, 0,
  "none", 0, "not an iSCSI root" },
{ "dracut quoted value (kernel quoting)", "\"rd.iscsi.param=node.session.auth.username_in=a b\"", 0, 0,
  "param=node.session.auth.username_in=a b", 0, 0 },
{ "dracut unknown rd.iscsi.* warns", "rd.iscsi.mp=1", 0, 0, "none", 0, "not a parameter iscsiroot knows" },
{ "dracut rd.iscsi.transport=tcp", "rd.iscsi.transport=tcp", 0, 0, "none", 0, 0 },
/* ---- Debian (README.Debian, scripts/local-top/iscsi) ---- */
{ "Debian cmdline",
  "iscsi_initiator=iqn.1993-08.org.debian:01:abc iscsi_target_name=iqn.2010-08.net.example:storage "
  "iscsi_target_ip=192.168.0.1 iscsi_target_port=3260 root=UUID=0a1b", 0, 0,
  "target=iqn.2010-08.net.example:storage root lun=first portal=192.168.0.1:3260 "
  "initiator=iqn.1993-08.org.debian:01:abc rootspec=UUID=0a1b", 0, 0 },
{ "Debian group, port and CHAP",
  "iscsi_target_name=iqn.2010-08.net.example:storage iscsi_target_ip=192.168.0.1 iscsi_target_port=3261 "
  "iscsi_target_group=2 iscsi_username=u iscsi_password=p", 0, 0,
  "target=iqn.2010-08.net.example:storage root lun=first portal=192.168.0.1:3261 tpgt=2 chap=u", 0, "CHAP password" },
{ "Debian several portals (quoted list, comma list)",
  "iscsi_target_name=iqn.2010-08.net.example:s iscsi_target_ip=\"10.0.0.1 10.0.0.2\"", 0, 0,
  "target=iqn.2010-08.net.example:s root lun=first portal=10.0.0.1:3260,10.0.0.2:3260", 0, 0 },
{ "Debian comma list with bare IPv6",
  "iscsi_target_name=iqn.2010-08.net.example:s iscsi_target_ip=10.0.0.1,fd00::2", 0, 0,
  "target=iqn.2010-08.net.example:s root lun=first portal=10.0.0.1:3260,[fd00::2]:3260", 0, 0 },
{ "Debian repeated iscsi_target_ip: last wins, warned",
  "iscsi_target_name=iqn.2010-08.net.example:s iscsi_target_ip=10.0.0.1 iscsi_target_ip=10.0.0.2", 0, 0,
  "target=iqn.2010-08.net.example:s root lun=first portal=10.0.0.2:3260", 0, "given more than once" },
{ "Debian root=iscsi: with LUN (decimal on the cmdline)",
  "root=iscsi:192.168.0.1:6:3260:10:iqn.2010-08.net.example:storage", 0, 0,
  "target=iqn.2010-08.net.example:storage root lun=10 portal=192.168.0.1:3260", 0, 0 },
{ "Debian root=iscsi: then root=UUID (local-top comment)",
  "root=iscsi:192.168.0.1::3260:1:iqn.2010-08.net.example:storage root=UUID=0a1b", 0, 0,
  "target=iqn.2010-08.net.example:storage root lun=1 portal=192.168.0.1:3260 rootspec=UUID=0a1b", 0, 0 },
{ "Debian iscsi_auto", "iscsi_auto", 0, 0, "firmware ibft", 0, 0 },
{ "Debian file only", 0, 0,
  "# /etc/iscsi/iscsi.initramfs\nISCSI_INITIATOR=iqn.1993-08.org.debian:01:abc\n"
  "ISCSI_TARGET_NAME='iqn.2010-08.net.example:storage'\nISCSI_TARGET_IP=\"192.168.0.1 192.168.0.2\"\n"
  "ISCSI_TARGET_PORT=3260\nISCSI_TARGET_GROUP=1\nISCSI_USERNAME=u\nISCSI_PASSWORD='p w'\n",
  "target=iqn.2010-08.net.example:storage root lun=first portal=192.168.0.1:3260,192.168.0.2:3260 tpgt=1 "
  "chap=u initiator=iqn.1993-08.org.debian:01:abc", 0, 0 },
{ "Debian file overridden by the cmdline",
  "iscsi_target_ip=192.168.9.9", 0,
  "ISCSI_TARGET_NAME=iqn.2010-08.net.example:storage\nISCSI_TARGET_IP=192.168.0.1\n",
  "target=iqn.2010-08.net.example:storage root lun=first portal=192.168.9.9:3260", 0, 0 },
{ "Debian file ISCSI_AUTO=true", 0, 0, "ISCSI_AUTO=true\n", "firmware ibft", 0, 0 },
{ "Debian file ISCSI_AUTO= empty is unset", 0, 0, "ISCSI_AUTO=\n", "none", 0, 0 },
{ "Debian file ISCSI_AUTO=false", 0, 0, "ISCSI_AUTO=false\n", "none", 0, 0 },
{ "Debian file: ISCSI_AUTOX is no setting", 0, 0, "ISCSI_AUTOX=true\n", "none", 0,
  "ISCSI_AUTOX is not an iSCSI setting" },
{ "Debian file: export and comments", 0, 0,
  "export ISCSI_INITIATOR=iqn.1993-08.org.debian:01:x # mine\n\n  # nothing\n",
  "initiator=iqn.1993-08.org.debian:01:x", 0, 0 },
{ "Debian file: unrelated variable warned", 0, 0, "FOO=bar\n", "none", 0, "not an iSCSI setting" },
/* ---- RFC 4173 / iPXE ---- */
{ "iPXE sanboot root-path, LUN 1", "root=iscsi:10.0.4.1:::1:iqn.2010-04.org.ipxe.dolphin:storage", 0, 0,
  "target=iqn.2010-04.org.ipxe.dolphin:storage root lun=1 portal=10.0.4.1:3260", 0, 0 },
{ "RFC 4173 hex LUN groups on the cmdline (dash: hex)",
  "root=iscsi:192.0.2.7:6:3260:4752-3A4F-6b7e-2F99:iqn.2003-01.com.example:disk", 0, 0,
  "target=iqn.2003-01.com.example:disk root lun=3429890781107668818 portal=192.0.2.7:3260", 0, 0 },
{ "cmdline LUN with a hex letter is hex", "root=iscsi:192.0.2.7::::1f:iqn.2003-01.com.example:disk",
  0, 0, 0, "", 0 },
{ "cmdline LUN 0x10 is hex", "root=iscsi:192.0.2.7:::0x10:iqn.2003-01.com.example:disk", 0, 0,
  "target=iqn.2003-01.com.example:disk root lun=16 portal=192.0.2.7:3260", 0, 0 },
{ "rd.iscsiroot.lun=hex reads 10 as 16", "rd.iscsiroot.lun=hex root=iscsi:192.0.2.7:::10:iqn.2003-01.com.example:disk",
  0, 0, "target=iqn.2003-01.com.example:disk root lun=16 portal=192.0.2.7:3260", 0, 0 },
{ "rd.iscsiroot.lun=rfc is hex", "rd.iscsiroot.lun=rfc root=iscsi:192.0.2.7:::10:iqn.2003-01.com.example:disk",
  0, 0, "target=iqn.2003-01.com.example:disk root lun=16 portal=192.0.2.7:3260", 0, 0 },
{ "rd.iscsiroot.lun=auto after dec reads 10 as 10", "rd.iscsiroot.lun=dec rd.iscsiroot.lun=auto "
  "root=iscsi:192.0.2.7:::10:iqn.2003-01.com.example:disk",
  0, 0, "target=iqn.2003-01.com.example:disk root lun=10 portal=192.0.2.7:3260", 0, 0 },
{ "rd.iscsiroot.lun=dec reads 10 as 10", "rd.iscsiroot.lun=dec root=iscsi:192.0.2.7:::10:iqn.2003-01.com.example:disk",
  0, 0, "target=iqn.2003-01.com.example:disk root lun=10 portal=192.0.2.7:3260", 0, 0 },
{ "rd.iscsiroot.lun=dec refuses hex letters", "rd.iscsiroot.lun=dec root=iscsi:192.0.2.7:::1f:iqn.2003-01.com.example:disk",
  0, 0, 0, "LUN '1f' is not a decimal number", 0 },
{ "RFC empty server = discovery", "netroot=iscsi::::0:iqn.2003-01.com.example:disk", 0, 0,
  "target=iqn.2003-01.com.example:disk root lun=0 discovery", 0, "discovery" },
{ "RFC eui. name", "netroot=iscsi:192.0.2.7::::eui.02004567A425678D", 0, 0,
  "target=eui.02004567A425678D root lun=first portal=192.0.2.7:3260", 0, 0 },
{ "host name as server", "netroot=iscsi:san.example.org::::iqn.2003-01.com.example:disk", 0, 0,
  "target=iqn.2003-01.com.example:disk root lun=first portal=san.example.org:3260", 0, 0 },
/* ---- ours: /etc/iscsiroot.conf and rd.iscsiroot.* ---- */
{ "iscsiroot.conf alone, secrets there (no warning)", 0,
  "# root on the SAN\nnetroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:root\n"
  "rd.iscsi.username=u rd.iscsi.password=\"s e c\"\nrd.iscsiroot.deadline=5m\n", 0,
  "target=iqn.2024-01.org.example:root root lun=first portal=192.0.2.1:3260 chap=u deadline=300000ms", 0, 0 },
{ "cmdline netroot replaces the file's targets",
  "netroot=iscsi:192.0.2.9::::iqn.2024-01.org.example:other",
  "netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:root\n", 0,
  "target=iqn.2024-01.org.example:other root lun=first portal=192.0.2.9:3260", 0, 0 },
{ "cmdline root=UUID keeps the file's targets", "root=UUID=abc",
  "netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:root\n", 0,
  "target=iqn.2024-01.org.example:root root lun=first portal=192.0.2.1:3260 rootspec=UUID=abc", 0, 0 },
{ "cmdline scalar overrides file", "rd.iscsiroot.deadline=10", "rd.iscsiroot.deadline=5m\n", 0,
  "deadline=10000ms", 0, 0 },
{ "dialects add up: dracut + Debian targets",
  "netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:a iscsi_target_name=iqn.2024-01.org.example:b "
  "iscsi_target_ip=192.0.2.2", 0, 0,
  "target=iqn.2024-01.org.example:a root lun=first portal=192.0.2.1:3260 "
  "target=iqn.2024-01.org.example:b lun=first portal=192.0.2.2:3260", 0, 0 },
{ "same target from dracut and Debian joins portals",
  "iscsi_target_name=iqn.2024-01.org.example:a iscsi_target_ip=192.0.2.2 "
  "netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:a", 0, 0,
  "target=iqn.2024-01.org.example:a root lun=first portal=192.0.2.1:3260,192.0.2.2:3260", 0, 0 },
{ "rd.iscsiroot.* all", "rd.iscsiroot.daemon=0 rd.iscsiroot.debug=3 rd.iscsiroot.portals=all "
  "rd.iscsiroot.login_timeout=2.5 rd.iscsiroot.deadline=0", 0, 0,
  "nodaemon portals=all debug=3 deadline=0ms login_timeout=2500ms", 0, 0 },
{ "rd.iscsiroot.portals=failover", "rd.iscsiroot.portals=all rd.iscsiroot.portals=failover", 0, 0,
  "none", 0, 0 },
{ "rd.debug turns on debug", "rd.debug", 0, 0, "debug=3", 0, 0 },
{ "init arguments after -- are not read", "quiet -- root=iscsi:192.0.2.1::::" IQN, 0, 0, "none", 0, 0 },
/* ---- hostile and invalid ---- */
{ "unknown rd.iscsiroot key", "rd.iscsiroot.dedline=10", 0, 0, 0,
  "cmdline: unknown parameter 'rd.iscsiroot.dedline'", 0 },
{ "bad boolean", "rd.iscsi.firmware=maybe", 0, 0, 0,
  "rd.iscsi.firmware='maybe' is not a boolean", 0 },
{ "deadline too long", "rd.iscsiroot.deadline=31d", 0, 0, 0, "longer than 30 days", 0 },
{ "deadline garbage", "rd.iscsiroot.deadline=soon", 0, 0, 0, "'soon' is not a duration", 0 },
{ "debug out of range", "rd.iscsiroot.debug=9", 0, 0, 0, "rd.iscsiroot.debug='9'", 0 },
{ "bad portals mode", "rd.iscsiroot.portals=some", 0, 0, 0, "want failover or all", 0 },
{ "bad lun mode", "rd.iscsiroot.lun=octal", 0, 0, 0, "want auto, hex", 0 },
{ "login_timeout 0", "rd.iscsiroot.login_timeout=0", 0, 0, 0, "needs some time", 0 },
{ "retry max garbage", "rd.iscsi.login_retry_max=-1", 0, 0, 0, "rd.iscsi.login_retry_max='-1'", 0 },
{ "offload transport", "rd.iscsi.transport=bnx2i", 0, 0, 0, "only tcp", 0 },
{ "five credential fields", "root=iscsi:a:b:c:d:e@192.0.2.1::::" IQN, 0, 0, 0,
  "credentials before '@' must be", 0 },
{ "three credential fields", "root=iscsi:a:b:c@192.0.2.1::::" IQN, 0, 0, 0,
  "credentials before '@' must be", 0 },
{ "'@' in target without empty credentials", "netroot=iscsi:192.0.2.1::::iqn.2009-01.com.example:a@b",
  0, 0, 0, "credentials before '@'", 0 },
{ "empty password", "root=iscsi:user:@192.0.2.1::::" IQN, 0, 0, 0, "empty CHAP password", 0 },
{ "secret not echoed in errors", "root=iscsi:user:hunter2@192.0.2.1:17:::" IQN, 0, 0, 0,
  "protocol '17' is not supported", 0 },
{ "port 0", "root=iscsi:192.0.2.1::0::" IQN, 0, 0, 0, "port '0' is not a number from 1 to 65535", 0 },
{ "port 70000", "root=iscsi:192.0.2.1::70000::" IQN, 0, 0, 0, "port '70000'", 0 },
{ "LUN with 5 groups", "root=iscsi:192.0.2.1:::1-2-3-4-5:" IQN, 0, 0, 0, "more than 4 groups", 0 },
{ "LUN group of 5 hex digits", "root=iscsi:192.0.2.1:::1ffff:" IQN, 0, 0, 0, "more than 4 hex digits", 0 },
{ "LUN garbage", "root=iscsi:192.0.2.1:::x1:" IQN, 0, 0, 0, "LUN 'x1'", 0 },
{ "unbracketed IPv6 server", "root=iscsi:fe80::1::3260::" IQN, 0, 0, 0,
  "looks like the start of an IPv6 address", 0 },
{ "IPv6 without ']'", "root=iscsi:[fe80::1::3260::" IQN, 0, 0, 0, "without ']'", 0 },
{ "not an IPv6 address", "root=iscsi:[fe80::zz]::::" IQN, 0, 0, 0, "'[fe80::zz]' is not an IPv6 address", 0 },
{ "bad IPv4", "root=iscsi:192.0.2.300::::" IQN, 0, 0, 0, "'192.0.2.300' is not an IPv4 address", 0 },
{ "target without a type prefix", "root=iscsi:192.0.2.1::::target0", 0, 0, 0,
  "does not start with iqn., eui. or naa.", 0 },
{ "target missing", "root=iscsi:192.0.2.1::::", 0, 0, 0, "no target name", 0 },
{ "too few fields", "root=iscsi:192.0.2.1:" IQN, 0, 0, 0, "want SERVER:PROTO:PORT:LUN:TARGET", 0 },
{ "eui. of wrong length", "netroot=iscsi:192.0.2.1::::eui.1234", 0, 0, 0, "16 hex digits", 0 },
{ "control byte in target", "netroot=iscsi:192.0.2.1::::iqn.2009-01.com.example:a\001b", 0, 0, 0,
  "byte 0x01 is not allowed", 0 },
{ "initiator name invalid", "rd.iscsi.initiator=client1", 0, 0, 0,
  "rd.iscsi.initiator: iSCSI name 'client1' does not start", 0 },
{ "user without password", "rd.iscsi.username=u", 0, 0, 0, "CHAP user name given without a password", 0 },
{ "mutual without one-way", "rd.iscsi.in.username=u rd.iscsi.in.password=p", 0, 0, 0,
  "mutual CHAP (in.username/in.password) needs one-way", 0 },
{ "same target, different CHAP",
  "netroot=iscsi:a:b@192.0.2.1::::" IQN " netroot=iscsi:c:d@192.0.2.2::::" IQN, 0, 0, 0,
  "with different CHAP credentials", 0 },
{ "Debian name without ip", "iscsi_target_name=iqn.2010-08.net.example:s", 0, 0, 0,
  "iscsi_target_name is given but iscsi_target_ip is not", 0 },
{ "Debian ip without name", "iscsi_target_ip=10.0.0.1", 0, 0, 0, "iscsi_target_name is not", 0 },
{ "Debian bad port", "iscsi_target_name=iqn.2010-08.net.example:s iscsi_target_ip=10.0.0.1 iscsi_target_port=x",
  0, 0, 0, "iscsi_target_port='x' is not a port", 0 },
{ "Debian bad ip", "iscsi_target_name=iqn.2010-08.net.example:s iscsi_target_ip=10.0.0", 0, 0, 0,
  "'10.0.0' is not an IPv4 address", 0 },
{ "Debian file runs nothing", 0, 0, "ISCSI_TARGET_NAME=$(reboot)\n", 0, "would be interpreted by a shell", 0 },
{ "Debian file: $ in double quotes", 0, 0, "ISCSI_PASSWORD=\"$HOME\"\n", 0, "would be expanded", 0 },
{ "Debian file: a command line", 0, 0, "ISCSI_AUTO=true\nmodprobe foo\n", 0, "line 2: 'modprobe' is not followed by '='", 0 },
{ "Debian file: ISCSI_AUTO=maybe", 0, 0, "ISCSI_AUTO=maybe\n", 0, "ISCSI_AUTO='maybe' is not a boolean", 0 },
{ "'@' in a CHAP secret of a root-path", "root=iscsi:user:p@ss@192.0.2.1::::" IQN, 0, 0, 0,
  "more than one '@' after credentials", 0 },
{ "a password in rd.iscsi.param is masked and warned",
  "rd.iscsi.param=node.session.auth.password=hunter2", 0, 0,
  "param=node.session.auth.password=***", 0, "CHAP password is on the kernel" },
{ "netroot=dhcp6", "netroot=dhcp6", 0, 0, 0, "DHCPv6 root-path is not supported", 0 },
{ "netroot=iscsi:ibft (dracut#2279)", "netroot=iscsi:ibft", 0, 0, 0, "use rd.iscsi.firmware=1", 0 },
{ "param without =", "rd.iscsi.param=node.session.foo", 0, 0, 0, "want NAME=VALUE", 0 },
{ "param bad name", "\"rd.iscsi.param=a b=1\"", 0, 0, 0, "'a b' is not a setting name", 0 },
{ "param bad value: the -P table's check and message",
  "rd.iscsi.param=node.session.queue_depth=0", 0, 0, 0,
  "cmdline: rd.iscsi.param: invalid node.session.queue_depth '0' (want an integer from 1 to 1024)", 0 },
{ "param bad secret: refused without showing it", "rd.iscsi.param=node.session.auth.password=", 0,
  0, 0, "rd.iscsi.param: node.session.auth.password: a CHAP secret must be 1 to 255 bytes", 0 },
{ "param unknown name: kept for iscsistart to warn about", "rd.iscsi.param=node.session.bogus=1",
  0, 0, "param=node.session.bogus=1", 0, 0 },
{ "conf: quote not closed on its line", 0, "rd.iscsi.param=\"a=b\nfoo\"\n", 0, 0,
  "iscsiroot.conf line 1: quote not closed", 0 },
{ "conf: unknown rd.iscsiroot key names the line", 0, "\n\nrd.iscsiroot.nope=1\n", 0, 0,
  "iscsiroot.conf line 3: unknown parameter 'rd.iscsiroot.nope'", 0 },
{ "five portals for one target",
  "iscsi_target_name=iqn.2010-08.net.example:s iscsi_target_ip=10.0.0.1,10.0.0.2,10.0.0.3,10.0.0.4,10.0.0.5",
  0, 0, 0, "more than 4 portals", 0 },
};

static struct cfg C;

static int has_warn(const char *w)
{
	for (unsigned i = 0; i < C.nwarn; i++)
		if (strstr(C.warn[i], w))
			return 1;
	return 0;
}

static void run_row(const struct row *r)
{
	char sum[2048];
	int rc = conf_text(&C, r->cmdline, r->conf, r->debian);

	if (r->want) {
		cfg_summary(&C, sum, sizeof sum);
		if (!ok(rc == 0 && !strcmp(sum, r->want), "%s", r->what))
			printf("#  rc %d error '%s'\n#  got  '%s'\n#  want '%s'\n", rc, C.error, sum,
			       r->want);
	} else if (r->err && *r->err) {
		if (!ok(rc < 0 && strstr(C.error, r->err), "%s: rejected", r->what))
			printf("#  rc %d error '%s'\n#  want '%s'\n", rc, C.error, r->err);
	} else {
		return;
	}
	if (r->warn && !ok(has_warn(r->warn), "%s: warns '%s'", r->what, r->warn))
		for (unsigned i = 0; i < C.nwarn; i++)
			printf("#  warning: %s\n", C.warn[i]);
	if (!r->warn && rc == 0 && !ok(C.nwarn == 0, "%s: no warning", r->what))
		for (unsigned i = 0; i < C.nwarn; i++)
			printf("#  warning: %s\n", C.warn[i]);
}

static void hostile_sizes(void)
{
	static char big[CMDLINE_MAX_BYTES + 64];
	size_t i, o = 0;

	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = 0;
	ok(conf_text(&C, big, NULL, NULL) == -E2BIG, "cmdline over %d bytes refused", CMDLINE_MAX_BYTES);
	for (i = 0; i < CMDLINE_MAX_ARGS + 1; i++)
		o += (size_t)sprintf(big + o, "a ");
	ok(conf_text(&C, big, NULL, NULL) == -E2BIG && strstr(C.error, "parameters"),
	   "more than %d parameters refused: %s", CMDLINE_MAX_ARGS, C.error);
	o = 0;
	for (i = 0; i < 9; i++)
		o += (size_t)sprintf(big + o, "netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:t%zu ", i);
	ok(conf_text(&C, big, NULL, NULL) == -EINVAL && strstr(C.error, "more than 8 targets"),
	   "a ninth target refused: %s", C.error);
	o = 0;
	for (i = 0; i < 33; i++)
		o += (size_t)sprintf(big + o, "rd.iscsi.param=p%zu=1 ", i);
	ok(conf_text(&C, big, NULL, NULL) == -EINVAL && strstr(C.error, "more than 32"),
	   "a 33rd rd.iscsi.param refused: %s", C.error);
	memset(big, 'p', 300);
	memcpy(big, "rd.iscsi.password=", 18);
	memcpy(big + 300, " rd.iscsi.username=u", 21);
	ok(conf_text(&C, big, NULL, NULL) == -EINVAL && strstr(C.error, "longer than 255"),
	   "a 282-byte password refused: %s", C.error);
	ok(!strstr(C.error, "pppp"), "the error does not show the password");
}

static void secrets(void)
{
	char ex[8192];

	ok(conf_text(&C, "root=iscsi:alice:hunter2:bob:swordfish@192.0.2.1::::" IQN, NULL, NULL) == 0,
	   "credentials parsed");
	ok(!strcmp(C.target[0].chap.user, "alice") && !strcmp(C.target[0].chap.pass, "hunter2") &&
	   !strcmp(C.target[0].chap.ruser, "bob") && !strcmp(C.target[0].chap.rpass, "swordfish"),
	   "all four CHAP fields land in the target");
	cfg_explain(&C, ex, sizeof ex);
	ok(!strstr(ex, "hunter2") && !strstr(ex, "swordfish") && strstr(ex, "alice") &&
	   strstr(ex, "password ***"), "--explain masks passwords");
	ok(conf_text(&C, "rd.iscsi.password=nope1 rd.iscsi.username=u root=iscsi:192.0.2.1::::" IQN,
		     NULL, NULL) == 0 && !strcmp(C.target[0].chap.pass, "nope1"),
	   "global credentials are given to targets without their own");
	ok(conf_text(&C, "root=iscsi:192.0.2.1:17:::" IQN " rd.iscsi.password=hunter3 rd.iscsi.username=u",
		     NULL, NULL) < 0 && !strstr(C.error, "hunter3"), "error text never holds a secret");
	ok(conf_text(&C, "root=iscsi:u:p@192.0.2.1::::" IQN " rd.iscsi.in.username=tu rd.iscsi.in.password=tp",
		     NULL, NULL) == 0 && !strcmp(C.target[0].chap.ruser, "tu"),
	   "mutual CHAP from rd.iscsi.in.* completes a user:pass@ root-path");
	ok(conf_text(&C, "root=iscsi:u:p@192.0.2.1::::" IQN " rd.iscsi.in.username=tu rd.iscsi.in.password=tp",
		     NULL, NULL) == 0 && !strcmp(C.target[0].chap.user, "u") &&
	   !strcmp(C.target[0].chap.pass, "p") && !strcmp(C.target[0].chap.rpass, "tp"),
	   "... all four fields");
	ok(conf_text(&C, "root=iscsi:u:p:r:q@192.0.2.1::::" IQN " rd.iscsi.in.username=tu rd.iscsi.in.password=tp",
		     NULL, NULL) == 0 && !strcmp(C.target[0].chap.ruser, "r") &&
	   !strcmp(C.target[0].chap.rpass, "q"), "a root-path's own mutual CHAP wins over rd.iscsi.in.*");
	ok(conf_text(&C, "root=iscsi:u:p@192.0.2.1::::" IQN " netroot=iscsi:u:p@192.0.2.2::::" IQN,
		     NULL, NULL) == 0 && C.ntargets == 1 && C.target[0].nportals == 2,
	   "the same target twice with the same root-path CHAP: one target, two portals");
}

static void precedence(void)
{
	ok(conf_text(&C, "iscsi_initiator=iqn.2024-01.org.example:cmd", "rd.iscsi.initiator=iqn.2024-01.org.example:conf\n",
		     "ISCSI_INITIATOR=iqn.2024-01.org.example:deb\n") == 0 &&
	   !strcmp(C.initiator, "iqn.2024-01.org.example:cmd"), "cmdline > conf > Debian file");
	ok(conf_text(&C, NULL, "rd.iscsi.initiator=iqn.2024-01.org.example:conf\n",
		     "ISCSI_INITIATOR=iqn.2024-01.org.example:deb\n") == 0 &&
	   !strcmp(C.initiator, "iqn.2024-01.org.example:conf"), "conf > Debian file");
	ok(strstr(C.initiator_from, "iscsiroot.conf line 1") != NULL, "explain says where: %s",
	   C.initiator_from);
	ok(conf_text(&C, "root=iscsi:192.0.2.1::::iqn.2024-01.org.example:a "
		     "netroot=iscsi:192.0.2.2::::iqn.2024-01.org.example:b", NULL, NULL) == 0 &&
	   !C.target[0].root == 0 && C.target[1].root == 0, "root=iscsi: holds the root, netroot= does not");
	ok(conf_text(&C, "netroot=iscsi:192.0.2.2::::iqn.2024-01.org.example:b "
		     "root=iscsi:192.0.2.1::::iqn.2024-01.org.example:a", NULL, NULL) == 0 &&
	   C.target[0].root == 0 && C.target[1].root == 1, "root=iscsi: holds the root wherever it is");
}

static void dhcp(void)
{
	char dir[] = "/tmp/conf_testXXXXXX", path[128];
	FILE *f;

	ok(mkdtemp(dir) != NULL, "temp dir");
	ok(conf_text(&C, "root=dhcp rd.iscsi.username=u rd.iscsi.password=p", NULL, NULL) == 0 &&
	   C.dhcp_rootpath && C.root_dhcp, "root=dhcp wants option 17");
	ok(conf_dhcp(&C, dir) == -ENOENT, "no lease yet: -ENOENT");
	snprintf(path, sizeof path, "%s/net-eth0.conf", dir);
	f = fopen(path, "w");
	fputs("DEVICE='eth0'\nPROTO='dhcp'\nIPV4ADDR='10.0.2.15'\nROOTPATH='iscsi:10.0.2.2::3260:10:"
	      "iqn.2024-01.org.example:root'\n", f);
	fclose(f);
	ok(conf_dhcp(&C, dir) == 0 && C.ntargets == 1 && C.target[0].root && C.target[0].lun == 16 &&
	   !strcmp(C.target[0].portal[0].netdev, "eth0") && !strcmp(C.target[0].chap.user, "u"),
	   "ROOTPATH from /run/net-eth0.conf: LUN 10 read as hex (16), via eth0, global CHAP");
	ok(conf_text(&C, "root=dhcp rd.iscsiroot.lun=dec", NULL, NULL) == 0 && conf_dhcp(&C, dir) == 0 &&
	   C.target[0].lun == 10, "rd.iscsiroot.lun=dec reads the DHCP LUN as decimal");
	f = fopen(path, "w");
	fputs("DEVICE='eth0'\nROOTPATH='nfs:10.0.2.2:/srv'\n", f);
	fclose(f);
	ok(conf_text(&C, "root=dhcp", NULL, NULL) == 0 && conf_dhcp(&C, dir) == -EINVAL &&
	   strstr(C.error, "not an iSCSI root-path"), "an NFS root-path is refused: %s", C.error);
	f = fopen(path, "w");
	fputs("DEVICE='eth0;rm'\nROOTPATH='iscsi:10.0.2.2::::iqn.2024-01.org.example:r'\n", f);
	fclose(f);
	ok(conf_text(&C, "root=dhcp", NULL, NULL) == 0 && conf_dhcp(&C, dir) == -EINVAL,
	   "a hostile DEVICE is refused: %s", C.error);
	unlink(path);
	rmdir(dir);
}

/* conf_firmware over tables iPXE really wrote (tests/fixtures/ibft) */
static void firmware(void)
{
	static struct ibft fw;
	char err[300], sum[1024];
	int rc;

	rc = ibft_read("tests/fixtures/ibft/ipxe-mutual", &fw, err, sizeof err);
	ok(rc == 0, "fixture ipxe-mutual read: %s", err);
	ok(conf_text(&C, "rd.iscsi.firmware=1", NULL, NULL) == 0 && conf_firmware(&C, &fw) == 0,
	   "conf_firmware: %s", C.error);
	cfg_summary(&C, sum, sizeof sum);
	ok(!strcmp(sum, "target=iqn.2026-11.org.iscsiroot:ibft root lun=1 portal=10.0.2.2:3260 "
		   "chap=ibftuser mutual=ibfttarget initiator=iqn.2026-11.org.iscsiroot:initiator firmware"),
	   "iBFT target: root, LUN 1, portal, mutual CHAP, initiator: %s", sum);
	ok(!strcmp(C.target[0].from, "iBFT target0") && !strcmp(C.initiator_from, "iBFT") &&
	   !strcmp(C.target[0].chap.pass, fw.tgt[0].chap_secret) && C.target[0].chap.rpass[0],
	   "from iBFT target0; secrets carried for the login");
	ok(!strcmp(C.target[0].chap.user, fw.tgt[0].chap_name) &&
	   !strcmp(C.target[0].chap.ruser, fw.tgt[0].rchap_name) &&
	   !strcmp(C.target[0].chap.rpass, fw.tgt[0].rchap_secret) && C.target[0].chap_own,
	   "the table's four CHAP fields, each to its own");
	/* a configured initiator and root target stay; the global CHAP does not
	 * reach a firmware target without CHAP */
	fw.tgt[0].chap_type = 0;
	memset(fw.tgt[0].chap_name, 0, sizeof fw.tgt[0].chap_name);
	memset(fw.tgt[0].rchap_name, 0, sizeof fw.tgt[0].rchap_name);
	ok(conf_text(&C, "rd.iscsi.firmware=1 rd.iscsi.initiator=iqn.2024-01.org.example:me "
		     "rd.iscsi.username=g rd.iscsi.password=global-pass-1 "
		     "netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:root", NULL, NULL) == 0 &&
	   conf_firmware(&C, &fw) == 0, "conf_firmware after netroot=: %s", C.error);
	cfg_summary(&C, sum, sizeof sum);
	ok(!strcmp(sum, "target=iqn.2024-01.org.example:root root lun=first portal=192.0.2.1:3260 "
		   "chap=g target=iqn.2026-11.org.iscsiroot:ibft lun=1 portal=10.0.2.2:3260 "
		   "initiator=iqn.2024-01.org.example:me firmware"),
	   "netroot= stays root, configured initiator kept, no CHAP for the table's target: %s", sum);
	/* the same target configured already: the table's portal joins it */
	ok(conf_text(&C, "netroot=iscsi:192.0.2.1::::iqn.2026-11.org.iscsiroot:ibft", NULL, NULL) == 0 &&
	   conf_firmware(&C, &fw) == 0 && C.ntargets == 1 && C.target[0].nportals == 2 &&
	   !C.target[0].lun_set && C.target[0].root, "same name: one target, the table's portal added, root");
	fw.ntgt = 0;
	ok(conf_text(&C, "rd.iscsi.firmware=1", NULL, NULL) == 0 && conf_firmware(&C, &fw) == -EINVAL &&
	   strstr(C.error, "no valid target entry"), "no target entry: %s", C.error);
	memset(&fw, 0, sizeof fw);
}

static void load_files(void)
{
	char dir[] = "/tmp/conf_testXXXXXX", p[4][160];
	struct conf_paths cp;
	FILE *f;

	ok(mkdtemp(dir) != NULL, "temp dir");
	snprintf(p[0], sizeof p[0], "%s/cmdline", dir);
	snprintf(p[1], sizeof p[1], "%s/iscsiroot.conf", dir);
	snprintf(p[2], sizeof p[2], "%s/initiatorname.iscsi", dir);
	snprintf(p[3], sizeof p[3], "%s/none", dir);
	f = fopen(p[0], "w");
	fputs("BOOT_IMAGE=/vmlinuz root=iscsi:192.0.2.1::::iqn.2024-01.org.example:r ro quiet\n", f);
	fclose(f);
	f = fopen(p[1], "w");
	fputs("rd.iscsi.username=u\nrd.iscsi.password=\"not for 'shells'\" # comment\n", f);
	fclose(f);
	f = fopen(p[2], "w");
	fputs("## generated\nInitiatorName=iqn.1993-08.org.debian:01:deadbeef\n", f);
	fclose(f);
	memset(&cp, 0, sizeof cp);
	cp.cmdline = p[0];
	cp.conf = p[1];
	cp.debian = p[3];
	cp.initiatorname = p[2];
	cp.run = dir;
	ok(conf_load(&C, &cp) == 0, "conf_load from files: %s", C.error);
	ok(C.ntargets == 1 && !strcmp(C.initiator, "iqn.1993-08.org.debian:01:deadbeef"),
	   "initiator from initiatorname.iscsi: '%s'", C.initiator);
	ok(!strcmp(C.target[0].chap.pass, "not for 'shells'") && C.nwarn == 0,
	   "iscsiroot.conf uses kernel quoting (\"…\", ' literal), # comments: '%s'",
	   C.target[0].chap.pass);
	cp.cmdline = p[3];
	ok(conf_load(&C, &cp) == -ENOENT && strstr(C.error, "none"), "missing cmdline file: %s", C.error);
	for (int i = 0; i < 3; i++)
		unlink(p[i]);
	rmdir(dir);
}

static void rootconf(void)
{
	char buf[4096], path[] = "/tmp/rootconf_XXXXXX", cmd[256], got[512];
	struct kv_buf b = { buf, sizeof buf, 0 };
	struct cfg_login l[2] = {
		{ .target = 1, .portal = 0, .sid = 3, .host = 2, .dev = "/dev/sdb", .lun = 31, .netdev = "eth0" },
		{ .target = 0, .portal = 1, .sid = 4, .host = 3, .dev = "/dev/sdc", .netdev = "eth1" },
	};
	FILE *p;
	size_t n;
	int fd;

	ok(conf_text(&C, "netroot=iscsi:192.0.2.1::::iqn.2024-01.org.example:a "
		     "netroot=iscsi:[fd00::2]::::iqn.2024-01.org.example:a "
		     "root=iscsi:u:pw@192.0.2.3:::1f:iqn.2024-01.org.example:root "
		     "rd.iscsi.initiator=iqn.2024-01.org.example:me", NULL, NULL) == 0, "two targets");
	ok(cfg_rootconf(&C, l, 2, &b) == 0, "root.conf built");
	ok(!strstr(buf, "pw"), "root.conf holds no secret");
	fd = mkstemp(path);
	close(fd);
	ok(kv_save(&b, path, 0644) == 0, "root.conf saved");
	snprintf(cmd, sizeof cmd, "sh -c '. %s; echo \"$ROOTDEV|$TARGET|$PORTAL|$LUN|$LUN_RFC|$SESSION|"
		 "$HOST|$NETDEV|$INITIATOR|$NSESSIONS|$S1_PORTAL|$S1_DEV\"'", path);
	p = popen(cmd, "r");
	n = fread(got, 1, sizeof got - 1, p);
	got[n] = 0;
	pclose(p);
	ok(!strcmp(got, "/dev/sdb|iqn.2024-01.org.example:root|192.0.2.3:3260|31|1f|3|2|eth0|"
		   "iqn.2024-01.org.example:me|2|[fd00::2]:3260|/dev/sdc\n"), "root.conf read by sh: %s", got);
	unlink(path);
	l[0].portal = 5;
	b.len = 0;
	ok(cfg_rootconf(&C, l, 2, &b) == -EINVAL, "portal index out of range refused");
}

static void root_lun(void)
{
	struct scan_lun l[3] = {
		{ .lun = 0, .type = 12, .dev = "" },        /* tgt's controller LUN */
		{ .lun = 1, .type = 0, .dev = "sda" },
		{ .lun = 16, .type = 0, .dev = "sdb" },
	};

	ok(conf_text(&C, "root=iscsi:192.0.2.1::::iqn.2024-01.org.example:a", NULL, NULL) == 0 &&
	   cfg_root_lun(&C.target[0], l, 3) == 1, "no LUN given: the lowest LUN with a disk");
	ok(conf_text(&C, "root=iscsi:192.0.2.1:::0x10:iqn.2024-01.org.example:a", NULL, NULL) == 0 &&
	   cfg_root_lun(&C.target[0], l, 3) == 2, "LUN 0x10: the disk at LUN 16");
	ok(conf_text(&C, "root=iscsi:192.0.2.1:::0:iqn.2024-01.org.example:a", NULL, NULL) == 0 &&
	   cfg_root_lun(&C.target[0], l, 3) == 0, "LUN 0 given: LUN 0 even without a disk (the caller waits/fails)");
	ok(conf_text(&C, "root=iscsi:192.0.2.1:::7:iqn.2024-01.org.example:a", NULL, NULL) == 0 &&
	   cfg_root_lun(&C.target[0], l, 3) == -1, "LUN 7 absent: -1");
	l[1].dev[0] = 0;
	l[2].dev[0] = 0;
	ok(conf_text(&C, "root=iscsi:192.0.2.1::::iqn.2024-01.org.example:a", NULL, NULL) == 0 &&
	   cfg_root_lun(&C.target[0], l, 3) == -1, "no disk yet: -1");
}

/* Every "cmdline:" line of an .EX block in the man page must give the "result:"
 * (or "error:") line that follows it. */
static void man_examples(void)
{
	FILE *f = fopen("man/iscsiroot.cmdline.7", "r");
	char line[1024], cmd[1024] = "", sum[2048];
	int n = 0, have = 0;

	if (!ok(f != NULL, "man/iscsiroot.cmdline.7 readable (run from the top directory)"))
		return;
	while (fgets(line, sizeof line, f)) {
		char *s = line, *o, *d;

		line[strcspn(line, "\n")] = 0;
		/* roff escapes used in the examples: \- and \e */
		for (o = d = s; *o; o++) {
			if (o[0] == '\\' && o[1] == '-') { *d++ = '-'; o++; }
			else if (o[0] == '\\' && o[1] == 'e') { *d++ = '\\'; o++; }
			else if (o[0] == '\\' && o[1] == '&') { o++; }
			else *d++ = *o;
		}
		*d = 0;
		if (!strncmp(s, "cmdline: ", 9)) {
			snprintf(cmd, sizeof cmd, "%s", s + 9);
			have = 1;
		} else if (have && !strncmp(s, "result:  ", 9)) {
			int rc = conf_text(&C, cmd, NULL, NULL);
			cfg_summary(&C, sum, sizeof sum);
			if (!ok(rc == 0 && !strcmp(sum, s + 9), "man example: %s", cmd))
				printf("#  rc %d '%s'\n#  got  '%s'\n#  want '%s'\n", rc, C.error, sum, s + 9);
			have = 0;
			n++;
		} else if (have && !strncmp(s, "error:   ", 9)) {
			int rc = conf_text(&C, cmd, NULL, NULL);
			if (!ok(rc < 0 && strstr(C.error, s + 9), "man example rejected: %s", cmd))
				printf("#  rc %d got '%s'\n#  want '%s'\n", rc, C.error, s + 9);
			have = 0;
			n++;
		}
	}
	fclose(f);
	ok(n >= 20, "the man page has %d checked examples", n);
}

/* conf/iscsiroot.conf: as shipped (all commented) it configures nothing; with
 * the first example of each block uncommented it parses. */
static void shipped_example(void)
{
	static char text[CONF_FILE_MAX + 1], on[CONF_FILE_MAX + 1];
	FILE *f = fopen("conf/iscsiroot.conf", "r");
	size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0, o = 0;
	char sum[1024];

	if (f)
		fclose(f);
	text[n] = 0;
	ok(n > 0 && conf_text(&C, NULL, text, NULL) == 0 && C.ntargets == 0 && C.nwarn == 0,
	   "conf/iscsiroot.conf as shipped: nothing configured, no warning");
	/* uncomment "#x=" lines (not "# text"), except the alternatives root=dhcp and firmware */
	for (char *l = strtok(text, "\n"); l; l = strtok(NULL, "\n")) {
		if (l[0] == '#' && l[1] != ' ' && l[1] && strncmp(l, "#root=dhcp", 10) &&
		    strncmp(l, "#rd.iscsi.firmware", 18))
			l++;
		o += (size_t)snprintf(on + o, sizeof on - o, "%s\n", l);
	}
	ok(conf_text(&C, NULL, on, NULL) == 0, "conf/iscsiroot.conf uncommented parses: %s", C.error);
	cfg_summary(&C, sum, sizeof sum);
	ok(!strcmp(sum, "target=iqn.2024-01.org.example:root root lun=0 portal=192.0.2.10:3260,"
		   "192.0.2.11:3260 chap=client1 mutual=target1 initiator=iqn.2024-01.org.example:client1 "
		   "debug=2 param=node.session.timeo.replacement_timeout=86400"), "…to: %s", sum);
}

/* Every parameter the parser knows is documented in the man page, and every
 * upper-case Debian file key too. */
static void man_documents_all(void)
{
	static char man[65536], flat[65536];
	FILE *f = fopen("man/iscsiroot.cmdline.7", "r");
	size_t n = f ? fread(man, 1, sizeof man - 1, f) : 0, i, o = 0;
	const char *k;
	unsigned j, missing = 0;

	if (f)
		fclose(f);
	man[n] = 0;
	for (i = 0; i < n; i++) {               /* drop roff font escapes and \- */
		if (man[i] == '\\' && man[i + 1] == 'f') { i += 2; continue; }
		if (man[i] == '\\' && man[i + 1] == '-') { flat[o++] = '-'; i++; continue; }
		flat[o++] = man[i];
	}
	flat[o] = 0;
	for (j = 0; (k = conf_param(j)); j++) {
		char want[80];
		snprintf(want, sizeof want, "%s", k);
		if (!ok(*k && strstr(flat, want) != NULL, "man page documents %s", k))
			missing++;
	}
	ok(j > 30 && !missing, "%u parameters known, all documented", j);
}

int main(void)
{
	man_documents_all();
	shipped_example();
	for (size_t i = 0; i < NELEM(rows); i++)
		run_row(&rows[i]);
	hostile_sizes();
	secrets();
	precedence();
	dhcp();
	firmware();
	load_files();
	rootconf();
	root_lun();
	man_examples();
	return done();
}
