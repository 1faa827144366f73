"""Helpers the archive benchmarks share: one subprocess measured by ``wait4``, and the log-log growth fit."""

from __future__ import annotations

import contextlib
import math
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

TAIL_LINES = 12
"""How many lines of a failed command's stderr are kept to be shown."""

# The command is started by this small process, which reports the command's own usage from wait4. A
# process's peak RSS starts at that of the process it was forked from (Linux counts the parent's pages
# in the forked copy, and in the shared memory of vfork), so a command started straight from a
# benchmark that has built a large catalog would report the benchmark's size as its own. Started from
# this one (about 10 MB, without site), it reports its own.
_REPORTER = """
import os, subprocess, sys
process = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(process.pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


@dataclass(frozen=True, slots=True)
class Measure:
    """One subprocess: wall and CPU seconds, peak resident memory in MB, exit status, its stderr's tail.

    CPU time and peak RSS include the command's own children that it waited for (``wait4`` reports
    them), so a shell loop over files is measured as one command.
    """

    wall: float
    cpu: float
    rss_mb: float
    status: int
    stderr_tail: str = ""
    timed_out: bool = False
    stdout_head: str = ""


def measure(
    command: Sequence[str],
    cwd: Path,
    *,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
    keep_stdout: bool = False,
) -> Measure:
    """Run ``command`` with its output discarded; its own resource usage from ``wait4``, taken by a small
    process that starts it (``_REPORTER``), so that its peak RSS is not the benchmark's own.

    Its stderr goes to a temporary file, of which the last lines are kept; so does its stdout, of which
    the first lines are kept, with ``keep_stdout``. After ``timeout`` seconds the command's process
    group is killed and the measure says so.
    """
    with (
        tempfile.TemporaryFile() as stderr,
        tempfile.TemporaryFile() as stdout,
        tempfile.TemporaryDirectory(prefix="measure-") as folder,
    ):
        report = Path(folder) / "usage"
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _REPORTER, str(report), *command],
            cwd=cwd,
            env=None if env is None else dict(env),
            stdout=stdout if keep_stdout else subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,  # its own process group, so that a timeout stops its children too
        )
        expired = threading.Event()

        def stop() -> None:
            expired.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, stop) if timeout else None
        if timer is not None:
            timer.start()
        try:
            _, status, _ = os.wait4(process.pid, 0)
        except BaseException:
            # Interrupted (Ctrl-C reaches only the benchmark: the command has its own session).
            stop()
            os.waitpid(process.pid, 0)
            raise
        finally:
            if timer is not None:
                timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        stderr.seek(0)
        text = stderr.read().decode("utf-8", "replace")
        stdout.seek(0)
        head = stdout.read(64 * 1024).decode("utf-8", "replace")
        # Killed on a timeout, the reporter wrote nothing: the usage is then unknown (0).
        cpu, maxrss = report.read_text().split() if report.is_file() else ("0", "0")
    tail = "\n".join(text.rstrip().splitlines()[-TAIL_LINES:])
    return Measure(
        wall,
        float(cpu),
        int(maxrss) / 1024,
        process.returncode,
        tail,
        expired.is_set(),
        "\n".join(head.splitlines()[:TAIL_LINES]),
    )


def exponent(sizes: Sequence[int], values: Sequence[float]) -> float:
    """The least-squares slope of log(value) over log(size): 1 is linear growth, 0 is flat."""
    points = [(math.log(s), math.log(max(v, 1e-9))) for s, v in zip(sizes, values, strict=True)]
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else 0.0
