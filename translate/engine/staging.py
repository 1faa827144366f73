"""The models folder's staging area: each install or removal a transaction a crash leaves done or undone."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import json
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from translate.errors import ToolkitError
from translate.fileio import locked

STAGING_DIR = ".staging"
LOCK_NAME = ".packages"
READY_FILE = "ready.json"
"""Written into a transaction's folder once its new package is complete; it names the package folder."""

CRASH_AT_ENV = "TRANSLATE_TEST_CRASH_AT"
"""Tests only: the step at which a transaction kills its own process with SIGKILL."""
STEP_DELAY_ENV = "TRANSLATE_TEST_STEP_DELAY"
"""Tests only: seconds to sleep at every step, so a randomly timed kill lands inside the transaction."""

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# What renameat2 answers where the kernel, the C library or the file system cannot exchange.
_NO_EXCHANGE = (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP)


def checkpoint(step: str) -> None:
    """A named step of a transaction, where the crash tests stop or slow the process.

    Both environment variables are unset in real use; they let a test kill the process at an exact
    step (``CRASH_AT_ENV``) or make every step slow enough for a randomly timed kill to land inside.
    """
    delay = os.environ.get(STEP_DELAY_ENV)
    if delay:
        with contextlib.suppress(ValueError):
            time.sleep(float(delay))
    if os.environ.get(CRASH_AT_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """Linux's ``renameat2`` from the C library, or None where there is none (Python has no wrapper)."""
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one atomic step; False (nothing done) where the system cannot.

    With the exchange there is no moment at which neither package is in place, not even one a crash
    could leave behind; without it the caller falls back to two renames, which ``recover`` completes.
    """
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(second))


def fsync_folder(folder: Path) -> None:
    """Make the renames and new names in ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Transaction:
    """One install or removal in a staging folder: ``new/`` for the incoming package, ``old/`` for the
    one it displaces, and a ready mark written once ``new/`` is complete.

    The steps are ordered so that ``recover`` can always tell what to do with what a crash left: before
    the mark, the transaction never happened; after it, a missing package is put back in place from
    ``new/`` (or, failing that, from ``old/``).
    """

    def __init__(self, models_dir: Path, folder: Path) -> None:
        self.models_dir = models_dir
        self.folder = folder
        self.new = folder / "new"
        self.old = folder / "old"
        self.new.mkdir()
        self.old.mkdir()

    def commit(self, name: str) -> Path:
        """Put ``new/<name>`` in place of ``<models_dir>/<name>`` and return the installed folder."""
        staged = self.new / name
        final = self.models_dir / name
        ready = self.folder / READY_FILE
        with ready.open("x", encoding="utf-8") as handle:
            handle.write(json.dumps({"package": name}) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        fsync_folder(self.folder)
        checkpoint("ready")
        if not os.path.lexists(final):
            os.rename(staged, final)
        elif not exchange(staged, final):
            os.rename(final, self.old / name)
            checkpoint("aside")
            os.rename(staged, final)
        fsync_folder(self.models_dir)
        checkpoint("swapped")
        return final

    def retire(self, folder: Path) -> None:
        """Take the installed package ``folder`` out of the models folder (one rename)."""
        os.rename(folder, self.old / folder.name)
        fsync_folder(self.models_dir)
        checkpoint("retired")


@contextlib.contextmanager
def transaction(models_dir: Path) -> Iterator[Transaction]:
    """A transaction in a new staging folder inside ``models_dir`` (same file system, so renames are
    atomic), deleted when the transaction ends; the caller holds the models folder's lock."""
    root = models_dir / STAGING_DIR
    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=root))
    try:
        yield Transaction(models_dir, folder)
    finally:
        # An error or Ctrl-C between the two renames of a fallback swap is settled like a crash.
        _settle(models_dir, folder)
        with contextlib.suppress(OSError):
            root.rmdir()


def _ready_name(folder: Path) -> str | None:
    """The package folder a transaction's ready mark names, or None when it has no valid mark."""
    try:
        mark = json.loads((folder / READY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    name = mark.get("package") if isinstance(mark, dict) else None
    if not isinstance(name, str) or not name or name.startswith(".") or Path(name).name != name:
        return None
    return name


def recover(models_dir: Path) -> None:
    """Finish or roll back every transaction a crash left in the staging folder; the caller holds the lock.

    Without a ready mark nothing was touched yet (or a removal was done): the folder is deleted. With
    one, the package it names is either in place (done) or is put back: the new one when it is there,
    else the old one.
    """
    root = models_dir / STAGING_DIR
    if not root.is_dir():
        return
    for folder in sorted(root.iterdir()):
        if folder.is_dir() and not folder.is_symlink():
            _settle(models_dir, folder)
    with contextlib.suppress(OSError):
        root.rmdir()


def _settle(models_dir: Path, folder: Path) -> None:
    """Finish or roll back the transaction in ``folder``, then delete the folder."""
    name = _ready_name(folder)
    if name is not None and not os.path.lexists(models_dir / name):
        for candidate in (folder / "new" / name, folder / "old" / name):
            if candidate.is_dir() and not candidate.is_symlink():
                os.rename(candidate, models_dir / name)
                fsync_folder(models_dir)
                break
    shutil.rmtree(folder, ignore_errors=True)


def recover_quietly(models_dir: Path) -> None:
    """``recover`` for readers: done only when it can be done now, never waiting for a running install.

    A reader finding the lock taken (an install in progress) or the folder read-only reads what is
    there; a crashed transaction then waits for the next command that can finish it.
    """
    root = models_dir / STAGING_DIR
    try:
        if not root.is_dir() or not any(root.iterdir()):
            return
        with locked(models_dir / LOCK_NAME, timeout=0):
            recover(models_dir)
    except (ToolkitError, OSError):
        return
