#!/usr/bin/env python3
"""The work behind each figure of bench_ui, counted, not timed.

Runs qudao under valgrind's callgrind on a pseudo-terminal (120x40, as
bench_ui) and drives the same keys as bench_ui; around the keys of each
figure it zeroes and dumps callgrind's counters, so each figure gets the
instructions its keys cost, and nothing else. Instruction counts do not move
with the other work on a shared machine, where wall times move by 10-30 %
between runs: they say whether a change made the work larger. They are not
times (a read from the page cache or a page fault costs time, not counted
instructions), so bench_ui's times stay the figures; these explain them.

Usage: ui_work.py QUDAO DB [OLD_QUDAO OLD_DB]
With an old build (and a large demo it made), prints old, new and new / old.
"""
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import fcntl
import termios

MARK = b"\033]9999;qudao-frame\007"
DOWN, NPAGE, HOME, ESC = "\033OB", "\033[6~", "\033OH", "\033"
QUERIES = ["gzth", "guangzhou", "138", "成都", "gd-00", "广州th", "zzzz", "hzxh", "13912", "sc-01"]


class Run:
    def __init__(self, qudao, db, tmp, options=()):
        self.out = os.path.join(tmp, "cg.out")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ.update(TERM="xterm-256color", LANG="C.UTF-8", QUDAO_TODAY="2026-11-27",
                              QUDAO_BENCH_FRAMES="1")
            os.environ.pop("LC_ALL", None)
            os.execvp("valgrind", ["valgrind", "-q", "--tool=callgrind",
                                   "--callgrind-out-file=" + self.out, *options, qudao,
                                   "--db", db, "--lang", "en"])
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.buf = b""
        self.dumps = 0

    def frame(self):
        """Reads the terminal until the end of the next frame."""
        while MARK not in self.buf:
            r, _, _ = select.select([self.fd], [], [], 120)
            if not r:
                sys.exit("ui_work: no frame in two minutes")
            self.buf += os.read(self.fd, 65536)
        self.buf = self.buf[self.buf.index(MARK) + len(MARK):]

    def key(self, k):
        os.write(self.fd, k.encode())
        self.frame()

    def control(self, flag):
        subprocess.run(["callgrind_control", flag, str(self.pid)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def dump(self, ask=True):
        """The instructions since the last zero, from a new dump file."""
        if ask:
            self.control("-d")
        self.dumps += 1
        path = "%s.%d" % (self.out, self.dumps)
        for _ in range(100):
            if os.path.exists(path):
                with open(path, errors="replace") as f:
                    m = re.search(r"^(?:totals|summary): (\d+)", f.read(), re.M)
                if m:
                    return int(m.group(1))
            time.sleep(0.1)
        sys.exit("ui_work: callgrind wrote no %s" % path)

    def quit(self):
        os.write(self.fd, b"q")
        try:
            while os.read(self.fd, 65536):
                pass
        except OSError:
            pass
        os.waitpid(self.pid, 0)


def measure(qudao, db):
    """Instructions per key of each figure, as bench_ui takes them."""
    tmp = tempfile.mkdtemp(prefix="qudao-ui-work-")
    try:
        # From the start to the end of the first frame's output (each
        # frame ends in curses' doupdate); what the program reads ahead in
        # the pause after it is not part of it.
        r = Run(qudao, db, tmp, ["--dump-after=doupdate"])
        r.frame()
        work = {"first screen": (r.dump(ask=False), 1)}
        r.quit()
        shutil.rmtree(tmp, ignore_errors=True)
        os.mkdir(tmp)
        # The keys in one run: each figure's keys between a zero and a
        # dump. What the program reads ahead in a pause after a figure's
        # last key (callgrind_control's own pause) lands in that figure or,
        # when the dump comes first, is zeroed with the next.
        r = Run(qudao, db, tmp)
        r.frame()

        def section(name, keys):
            r.control("-z")
            for k in keys:
                r.key(k)
            total, n = work.get(name, (0, 0))
            work[name] = (total + r.dump(), n + len(keys))

        section("cursor down", [DOWN] * 400)
        section("page down", [NPAGE] * 150)
        r.key(HOME)
        r.key("/")
        for q in QUERIES:
            section("search key", list(q) + ["\025"])
        r.key(ESC)
        for _ in range(14):
            section("sort change", ["s"])
        r.key(HOME)
        for _ in range(40):
            section("open detail", ["\r"])
            r.key(ESC)
            r.key(DOWN)
        r.quit()
        return {k: t / n for k, (t, n) in work.items()}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    if len(sys.argv) not in (3, 5):
        sys.exit(__doc__.split("\n\n")[-1])
    if not shutil.which("valgrind") or not shutil.which("callgrind_control"):
        print("valgrind is missing (apt-get install valgrind): skipped")
        sys.exit(77)
    new = measure(sys.argv[1], sys.argv[2])
    old = measure(sys.argv[3], sys.argv[4]) if len(sys.argv) == 5 else None
    print("instructions per key (callgrind), %s" % ("old -> new" if old else "this build"))
    for k, v in new.items():
        if old and k in old:
            print("%-14s %12s -> %12s  (%.2fx)" % (k, "{:,.0f}".format(old[k]),
                                                   "{:,.0f}".format(v), v / old[k]))
        else:
            print("%-14s %12s" % (k, "{:,.0f}".format(v)))


if __name__ == "__main__":
    main()
