#!/usr/bin/env python3
# A misbehaving iSCSI target for tests: hostile-target.py MODE PORTFILE
# Listens on 127.0.0.1 (OS-chosen port, written to PORTFILE), answers the
# first Login Request of each connection according to MODE, for at most 30 s:
#   bigdata  DataSegmentLength 0xffffff      garbage  unknown opcode 0x3e
#   silent   never answers                   close    closes after the request
#   flood    500 keys in one response        utf8     a value that is not UTF-8
#   redirhost redirect to a DNS name
# SPDX-License-Identifier: GPL-2.0-or-later
import socket, sys, time

mode, portfile = sys.argv[1], sys.argv[2]
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(4)
srv.settimeout(30)
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.getsockname()[1]))
import os
os.rename(portfile + ".tmp", portfile)

def rsp(req, data=b"", flags=0x81, status=0, opcode=0x23, dlen=None):
    h = bytearray(48)
    h[0] = opcode
    h[1] = flags
    n = len(data) if dlen is None else dlen
    h[5:8] = n.to_bytes(3, "big")
    h[8:14] = req[8:14]
    h[16:20] = req[16:20]
    h[36:38] = status.to_bytes(2, "big")
    return bytes(h) + data + b"\0" * ((4 - len(data) % 4) % 4)

deadline = time.time() + 30
while time.time() < deadline:
    try:
        c, _ = srv.accept()
    except socket.timeout:
        break
    c.settimeout(10)
    try:
        req = c.recv(65536)
        if mode == "bigdata":
            c.sendall(rsp(req, b"AuthMethod=None\0", dlen=0xFFFFFF))
            time.sleep(2)
        elif mode == "garbage":
            c.sendall(rsp(req, opcode=0x3E))
        elif mode == "silent":
            time.sleep(8)
        elif mode == "close":
            pass
        elif mode == "flood":
            c.sendall(rsp(req, b"".join(b"X-k%d=1\0" % i for i in range(500)), flags=0))
        elif mode == "utf8":
            c.sendall(rsp(req, b"TargetAlias=\xc3\x28bad\0AuthMethod=None\0"))
        elif mode == "redirhost":
            c.sendall(rsp(req, b"TargetAddress=target.example.com:3260,1\0", flags=0, status=0x0101))
    except OSError:
        pass
    c.close()
