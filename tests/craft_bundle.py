#!/usr/bin/env python3
"""Makes a sync bundle that passes every check of its envelope (header,
lengths, SHA-256) but carries what an attacker chose: the hostile bundles of
tests/sync.sh. It takes the header of a real (empty) bundle from the device
and adds one entry holding one change written here in SQLite's changeset
format.

Usage: craft_bundle.py BASE OUT KIND
KIND: name-escapes  a distributor's name full of terminal escapes
      name-plain    a distributor's name as another laptop would change it
      name-c1       a distributor's name with a C1 control (U+009B, CSI) in it
      name-huge     a distributor's name of 300,000 characters
      local-table   a row for sync_self (a table that never travels)
      bad-name      a table whose name is escape sequences
      columns       a distributors change with the wrong number of columns
      garbage       a changeset of random bytes
      patchset      a patchset's table header claiming 2,545 columns in 64
                    bytes (random bytes once held it; SQLite's iterator spun
                    on it for minutes)
"""
import hashlib
import os
import struct
import sys

INSERT, UPDATE = 18, 23
NCOL = 23  # columns of distributors at schema 7


def varint(v):
    """SQLite's variable-length integer (big-endian, 7 bits a byte)."""
    if v < 0x80:
        return bytes([v])
    out = []
    while v:
        out.append(v & 0x7F)
        v >>= 7
    out.reverse()
    return bytes([b | 0x80 for b in out[:-1]] + [out[-1]])


def text(s):
    b = s.encode("utf-8")
    return b"\x03" + varint(len(b)) + b


def integer(v):
    return b"\x01" + struct.pack(">q", v)


UNDEF = b"\x00"


def table(name, ncol, pk):
    return b"T" + varint(ncol) + bytes(pk) + name.encode("utf-8") + b"\x00"


def update_name(dist_id, name, ncol=NCOL):
    pk = [1] + [0] * (ncol - 1)
    old = integer(dist_id) + UNDEF * 1 + text("x") + UNDEF * (ncol - 3)
    new = UNDEF * 2 + text(name) + UNDEF * (ncol - 3)
    return table("distributors", ncol, pk) + bytes([UPDATE, 0]) + old + new


def changeset(kind, dist_id):
    if kind == "name-escapes":
        return update_name(dist_id, "\x1b]0;owned\x07\x1b[2J\x1b[31m恶意\x08\x7f名称\r")
    if kind == "name-c1":
        return update_name(dist_id, "名\u009b2J称")
    if kind == "name-plain":
        return update_name(dist_id, "从另一台电脑改的名称")
    if kind == "name-huge":
        return update_name(dist_id, "长" * 300000)
    if kind == "local-table":
        return table("sync_self", 2, [1, 0]) + bytes([INSERT, 0]) + integer(1) + text("x")
    if kind == "bad-name":
        return table("\x1b[2J\x1b]0;evil\x07", 1, [1]) + bytes([INSERT, 0]) + integer(1)
    if kind == "columns":
        return update_name(dist_id, "少了一列", NCOL - 1)
    if kind == "garbage":
        return os.urandom(64)
    if kind == "patchset":
        return (b"P" + bytes([0x93, 0x71]) + bytes.fromhex("abdb3aa7a4a8e3bb40edde35dd2cda0a3db4e8c9"
                "71b3fd76212b3577445e43b35dd0a2bdc054def5c82220e430535bd6f8434e7d544a1507a27cf4b712"))
    raise SystemExit("unknown kind " + kind)


def main():
    base, out, kind = sys.argv[1:4]
    dist_id = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    data = open(base, "rb").read()
    head, _, rest = data.partition(b"\nsha256 ")
    lines = head.split(b"\n")
    fields = dict(l.split(b" ", 1) for l in lines[1:] if b" " in l)
    origin = int(fields[b"from"], 16)
    cs = changeset(kind, dist_id)
    at = b"2026-11-28T09:00:00.000Z"
    by = "攻击者".encode("utf-8")
    entry = (b"E" + struct.pack(">QQ", origin, 1) + bytes([len(at)]) + at
             + struct.pack(">H", len(by)) + by + struct.pack(">II", 1, len(cs)) + cs)
    keep = [l for l in lines if not l.startswith((b"entries ", b"changes ", b"payload ", b"range "))]
    keep += [b"entries 1", b"changes 1", b"range %x 1 1" % origin,
             b"payload %d" % len(entry)]
    header = b"\n".join(keep) + b"\n"
    digest = hashlib.sha256(header + entry).hexdigest().encode()
    open(out, "wb").write(header + b"sha256 " + digest + b"\n" + entry)


main()
