"""Parent side of the start-up benchmark: launch a command in a pseudo-terminal, as a user's terminal would.

``run_in_pty(argv, env=..., size=(cols, rows))`` starts the command with a pty
as its terminal (stdin, stdout, stderr), drains what it draws, waits for it
and returns the launch time (``time.monotonic()`` just before the fork), the
wall time until exit, and its peak resident memory (``ru_maxrss`` from
``os.wait4`` for that one child, in bytes).
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import time
from dataclasses import dataclass


@dataclass
class PtyRun:
    launched: float
    """time.monotonic() just before the process was started."""
    wall: float
    """Seconds from launch until the process exited."""
    max_rss: int
    """Peak resident set size of the process, in bytes."""
    returncode: int
    output: bytes
    """Everything the process wrote to the terminal (escape sequences included)."""


def run_in_pty(argv: list[str], *, env: dict[str, str], size: tuple[int, int] = (100, 40),
               timeout: float = 120.0, cwd: str | None = None) -> PtyRun:
    master, slave = pty.openpty()
    cols, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    output = bytearray()
    launched = time.monotonic()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd,
                            start_new_session=True, close_fds=True)
    os.close(slave)
    deadline = launched + timeout
    status = None
    rusage = None
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed its side
                    chunk = b""
                if chunk:
                    output += chunk
                    continue
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                # The whole process group: the command may be a launcher (/usr/bin/time) of the app.
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, rusage = os.wait4(proc.pid, 0)
                raise TimeoutError(f"{argv!r} did not finish in {timeout} s; output: {bytes(output[-2000:])!r}")
        ended = time.monotonic()
        # Whatever is still buffered in the pty.
        while select.select([master], [], [], 0)[0]:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(master)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return PtyRun(launched, ended - launched, rusage.ru_maxrss * 1024, proc.returncode, bytes(output))
