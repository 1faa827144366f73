"""Safe file I/O for user files: atomic writes, per-file locks and strict UTF-8 reads."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import glob
import os
import socket
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from translate.errors import DocumentError, ToolkitError

LOCK_TIMEOUT_SECONDS = 30.0
MAX_SOURCE_BYTES = 2 * 1024 * 1024
"""Largest source document read (a long news article is 20 kB). Its catalog, with translations that run
longer and in two-byte Cyrillic, stays well inside the catalog size limit."""
# Open for reading without following a final symlink and without blocking on a FIFO.
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def atomic_write_bytes(
    path: Path,
    data: bytes,
    *,
    precondition: Callable[[], bool] | None = None,
    error: type[ToolkitError] = ToolkitError,
) -> bool:
    """Replace ``path`` with ``data`` so readers see either the old or the new file, never a mix.

    The data goes to a temporary file in the same folder, is fsynced, and is renamed over the target;
    the folder is fsynced too so the rename survives a crash. ``precondition``, when given, is asked
    right before the rename (after the new bytes are safely on disk); if it says no, nothing is
    replaced and the call returns False.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise error(
            f"cannot write here ({exc.strerror}); check the folder exists and is writable",
            path=path,
        ) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o644)
        if precondition is not None and not precondition():
            tmp.unlink()
            return False
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise error(f"cannot write file ({exc.strerror})", path=path) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_folder(folder)
    return True


def atomic_write_text(path: Path, text: str) -> None:
    """Atomically write ``text`` as UTF-8 with Unix line endings."""
    atomic_write_bytes(path, text.encode("utf-8"))


def write_if_changed(path: Path, data: bytes) -> bool:
    """Atomically write ``data`` unless the file already holds exactly these bytes; say if it wrote."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise ToolkitError(f"cannot read file ({exc.strerror})", path=path) from None
    atomic_write_bytes(path, data)
    return True


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def lock_path_for(path: Path) -> Path:
    """The separate lock file guarding ``path`` (``x.po`` → ``.x.po.lock`` beside it)."""
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def locked(path: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold an exclusive lock on ``path``'s lock file for a whole read-merge-write.

    The lock is an ``fcntl`` lock (released by the kernel if the holder dies); the holder writes its
    host and pid into the lock file so a waiter that times out can say who holds it.
    """
    lock_file = lock_path_for(path)
    try:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        # A lock file is truncated and written: never through a link or into anything but a plain file.
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ToolkitError(_LINK_REFUSED + "; delete the link and run again", path=lock_file) from None
        raise ToolkitError(
            f"cannot create lock file ({exc.strerror}); check the folder is writable", path=lock_file
        ) from None
    try:
        kind = _kind(os.fstat(fd).st_mode)
        if kind:
            raise ToolkitError(f"is {kind}, not a lock file; delete it and run again", path=lock_file)
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    holder = _read_holder(fd)
                    raise ToolkitError(
                        f"is locked by {holder}; wait for that run to finish and try again",
                        path=path,
                    ) from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{socket.gethostname()} pid {os.getpid()}\n".encode(), 0)
        _remove_stale_temporaries(path)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files a killed writer of ``path`` left behind (only lock holders write it)."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _read_holder(fd: int) -> str:
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "another process"


_LINK_REFUSED = "is a symbolic link; the toolkit does not follow links it did not make"


def _kind(mode: int) -> str | None:
    """What a file that is not a regular file is ("a FIFO"), or None for a regular file."""
    return None if stat.S_ISREG(mode) else _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def read_regular(
    path: Path, max_bytes: int, *, what: str = "file", error: type[ToolkitError] = ToolkitError
) -> bytes:
    """Read a user's file whole, refusing what could hang, grow without end or point elsewhere.

    A symlink, a FIFO, a device or a folder is refused before anything is read, and a file larger than
    ``max_bytes`` is refused instead of read (checked on the bytes read, not only on the size the file
    claims, so a file that grows while being read is caught too).
    """
    try:
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        raise error(f"{what} not found; check the path", path=path) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise error(_LINK_REFUSED + f"; copy the {what} into the project instead", path=path) from None
        raise error(f"cannot read {what} ({exc.strerror})", path=path) from None
    try:
        info = os.fstat(fd)
        kind = _kind(info.st_mode)
        if kind:
            raise error(f"is {kind}, not a {what}", path=path)
        if info.st_size > max_bytes:
            raise error(_too_large(info.st_size, max_bytes, what), path=path)
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, min(1 << 20, max_bytes + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                raise error(_too_large(size, max_bytes, what), path=path)
        return b"".join(chunks)
    except OSError as exc:
        raise error(f"cannot read {what} ({exc.strerror})", path=path) from None
    finally:
        os.close(fd)


def _too_large(size: int, max_bytes: int, what: str) -> str:
    """The message for a ``what`` of ``size`` bytes over the ``max_bytes`` limit."""
    return (
        f"is larger than the {max_bytes}-byte limit for a {what} ({size} bytes or more); "
        "split it into smaller files"
    )


def read_source_text(path: Path) -> str:
    """Read a source document as UTF-8 (a BOM is stripped), with errors that name the file and line."""
    data = read_regular(path, MAX_SOURCE_BYTES, what="source", error=DocumentError)
    return decode_utf8(data, path, DocumentError)


def decode_utf8(data: bytes, path: Path, error: type[ToolkitError] = ToolkitError) -> str:
    """Decode UTF-8 (dropping a leading BOM) or raise ``error`` naming the line of the first bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(
            f"is not valid UTF-8 (byte 0x{data[exc.start]:02x}); re-save the file as UTF-8",
            path=path,
            line=line,
        ) from None
