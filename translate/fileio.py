"""Safe file I/O for user files: bounded reads, atomic writes and saves that yield to an editor, locks."""

from __future__ import annotations

import contextlib
import ctypes
import enum
import errno
import fcntl
import functools
import os
import signal
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


def atomic_write_bytes(path: Path, data: bytes, *, error: type[ToolkitError] = ToolkitError) -> None:
    """Replace ``path`` with ``data`` so readers see either the old or the new file, never a mix.

    The data goes to a temporary file in the same folder, is fsynced, and is renamed over the target;
    the folder is fsynced too so the rename survives a crash.
    """
    tmp = _write_temporary(path, data, error)
    with _removed_on_failure(tmp, path, error):
        os.replace(tmp, path)
    _fsync_folder(path.parent)


def _write_temporary(path: Path, data: bytes, error: type[ToolkitError]) -> Path:
    """``data`` in a synced temporary file beside ``path`` with ``path``'s permissions, ready to rename."""
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
    with _removed_on_failure(tmp, path, error):
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o644)
    return tmp


@contextlib.contextmanager
def _removed_on_failure(tmp: Path, path: Path, error: type[ToolkitError]) -> Iterator[None]:
    """Delete the temporary file ``tmp`` if the block fails; an OSError becomes ``error`` for ``path``."""
    try:
        yield
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise error(f"cannot write file ({exc.strerror})", path=path) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


# ----------------------------------------------------------------------- a save that yields to an editor

RENAME_EXCHANGE = 2
"""renameat2(2)'s flag that swaps two names atomically (Linux 3.15, glibc 2.28)."""
SWAP_GRACE_SECONDS = 0.005
"""How long the file a swap displaced stays watched: an editor's open() that found it just before the swap
reaches the lease within this time (it is the rest of one system call)."""
WRITER_WAIT_SECONDS = 10.0
"""How long a save waits for an editor that is writing the file in place to close it."""
_SWAP_ATTEMPTS = 5  # a file renamed over between our look and our swap is looked at again
_AT_FDCWD = -100


def replace_unless_changed(
    path: Path,
    data: bytes,
    expected: bytes | None,
    *,
    max_bytes: int,
    error: type[ToolkitError] = ToolkitError,
) -> bool:
    """Atomically replace ``path`` with ``data`` if it still holds exactly ``expected``; say whether it did.

    For files that an editor which takes no lock may save at any moment (``expected`` None: the file
    must still not exist). Whichever way the editor saves, its save is not lost:

    - by rename (a new file renamed over the old one): the swap is Linux ``renameat2(RENAME_EXCHANGE)``,
      so the file the swap displaced is still there to look at; if it is not the file we compared, a
      save landed in between, and it is swapped back;
    - in place (the file opened, truncated and written): the compared file is held open under a read
      lease, so every open for writing, just before the swap or after it, is seen; the save waits for
      the editor to close the file and, if it changed, puts it back in place of ours.

    False means ``path`` now holds someone else's version (or nothing): read it, merge and try again.
    Where leases or the exchange are missing (another system, a file owned by someone else) the file is
    compared right before and right after an ordinary rename instead, which leaves microseconds open.
    """
    tmp = _write_temporary(path, data, error)
    try:
        if expected is None:
            return _create(tmp, path)
        return _swap_if_unchanged(tmp, path, expected, max_bytes)
    except OSError as exc:
        raise error(f"cannot write file ({exc.strerror})", path=path) from None
    finally:
        # The temporary name holds what is not wanted: the displaced old file, or ours if it lost.
        with contextlib.suppress(OSError):
            tmp.unlink()
        _fsync_folder(path.parent)


def _create(tmp: Path, path: Path) -> bool:
    """Put ``tmp`` at ``path`` unless a file appeared there (a hard link never replaces anything)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        if path.exists() or path.is_symlink():  # a file system without hard links: check, then rename
            return False
        os.replace(tmp, path)
    return True


def _swap_if_unchanged(tmp: Path, path: Path, expected: bytes, max_bytes: int) -> bool:
    for _ in range(_SWAP_ATTEMPTS):
        try:
            old = _Watched(path)
        except (FileNotFoundError, _NotRegular):
            return False
        with old:
            old.wait_for_writers()
            if old.read(max_bytes) != expected:
                return False
            if not old.is_at(path):
                continue  # renamed over since we opened it: look at the new one
            with _Watched(tmp) as ours:
                exchanged = _exchange(tmp, path)
                if not exchanged:
                    os.replace(tmp, path)
                elif not old.is_at(tmp):
                    # A save renamed in between our comparison and the swap: it goes back in place.
                    _put_back(tmp, path, ours, None)
                    return False
                if old.leased:
                    time.sleep(SWAP_GRACE_SECONDS)
                if old.may_have_changed():
                    old.wait_for_writers()
                    theirs = old.read(max_bytes)
                    if theirs != expected:
                        # Written in place into the file the swap displaced: that save goes back.
                        _put_back(tmp if exchanged else None, path, ours, theirs)
                        return False
            return True
    return False


def _put_back(displaced: Path | None, path: Path, ours: _Watched, theirs: bytes | None) -> None:
    """Put an editor's save back at ``path`` in place of ours: swap the names back, or (where the rename
    destroyed the name) write their bytes again. An editor that meanwhile opened *our* file for writing
    saved on top of our version, and that save is kept instead."""
    if ours.may_have_changed() and ours.leased:
        ours.wait_for_writers()
        return
    if displaced is not None and _exchange(displaced, path):
        return
    if theirs is not None:
        atomic_write_bytes(path, theirs)


class _NotRegular(Exception):
    """The path no longer names a regular file (its reader will say what it is)."""


class _Watched:
    """A file held open for reading under a read lease, which the kernel breaks on any open for writing
    (or truncation), so a save in place cannot go unnoticed; without a lease, only its bytes tell."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, _READ_FLAGS)
        self.stat = os.fstat(self.fd)
        if not stat.S_ISREG(self.stat.st_mode):
            os.close(self.fd)
            raise _NotRegular(path)
        self.leased = _lease(self.fd) is _Lease.taken

    def __enter__(self) -> _Watched:
        return self

    def __exit__(self, *exc_info: object) -> None:
        os.close(self.fd)  # also ends the lease

    def is_at(self, path: Path) -> bool:
        """Whether ``path`` still names this very file."""
        try:
            found = os.stat(path, follow_symlinks=False)
        except FileNotFoundError:
            return False
        return (found.st_dev, found.st_ino) == (self.stat.st_dev, self.stat.st_ino)

    def may_have_changed(self) -> bool:
        """False only when the lease proves no one opened the file for writing since it was taken."""
        return not self.leased or fcntl.fcntl(self.fd, _F_GETLEASE) != fcntl.F_RDLCK

    def wait_for_writers(self, timeout: float = WRITER_WAIT_SECONDS) -> None:
        """Return once no one has the file open for writing (a lease is granted only then), or after
        ``timeout``; an editor waiting to open it proceeds as soon as our lease is let go."""
        if self.leased and not self.may_have_changed():
            return
        if self.leased and _F_SETLEASE is not None:
            fcntl.fcntl(self.fd, _F_SETLEASE, fcntl.F_UNLCK)
            self.leased = False
        deadline = time.monotonic() + timeout
        while (state := _lease(self.fd)) is _Lease.busy and time.monotonic() < deadline:
            time.sleep(0.002)
        self.leased = state is _Lease.taken

    def read(self, max_bytes: int) -> bytes:
        """The file's bytes from the start (at most ``max_bytes + 1``: more can only differ anyway)."""
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes and (chunk := os.pread(self.fd, min(1 << 20, max_bytes + 1 - size), size)):
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)


class _Lease(enum.Enum):
    taken = "taken"
    busy = "busy"  # someone has the file open for writing right now
    unavailable = "unavailable"  # no leases here: another system, a file owned by someone else


_F_SETLEASE = getattr(fcntl, "F_SETLEASE", None)
_F_GETLEASE = getattr(fcntl, "F_GETLEASE", 1025)
_F_SETSIG = getattr(fcntl, "F_SETSIG", None)


def _lease(fd: int) -> _Lease:
    """Take a read lease on ``fd`` (Linux ``fcntl(F_SETLEASE)``)."""
    if _F_SETLEASE is None or _F_SETSIG is None:
        return _Lease.unavailable
    try:
        # A broken lease is announced by a signal, SIGIO by default, whose default action ends the
        # process; SIGURG's is to ignore it. The kernel forgets this choice when a lease ends, so it
        # is made again before every lease (we poll the lease's state instead of handling a signal).
        fcntl.fcntl(fd, _F_SETSIG, signal.SIGURG)
        fcntl.fcntl(fd, _F_SETLEASE, fcntl.F_RDLCK)
    except OSError as exc:
        return _Lease.busy if exc.errno == errno.EAGAIN else _Lease.unavailable
    return _Lease.taken


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """libc's ``renameat2``, or None where the C library has none."""
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _exchange(first: Path, second: Path) -> bool:
    """Swap the files two names point at, atomically; False where the system or file system can't."""
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(second))


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


STATE_FOLDER = ".translate"
"""The toolkit's own folder in a project (``Project.state_dir``); lock files of ``locales/`` live in it."""
_CATALOGS_FOLDER = "locales"
_LOCK_FLAGS = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def lock_path_for(path: Path) -> Path:
    """The separate lock file guarding ``path``.

    A file under a project's ``locales/`` is guarded by ``.translate/locks/locales/<its path>.lock``: in
    ``locales/`` a lock file would be one more file for the PO tools that read every file there
    (translate-toolkit's ``pocount locales/`` fails on a ``.po.lock``), and one more name a repository
    could ship as a link. Any other file (a models folder) is guarded by ``.<name>.lock`` beside it.
    The place depends on the path alone, so every process that guards the file finds the same lock.
    """
    anchor, relative = _lock_place(path)
    return anchor.joinpath(*relative)


def _lock_place(path: Path) -> tuple[Path, tuple[str, ...]]:
    """The folder a lock file's path starts from, which must exist, and the names below it."""
    absolute = Path(os.path.abspath(path))
    for folder in absolute.parents:
        if folder.name == _CATALOGS_FOLDER:
            inside = absolute.relative_to(folder.parent).parts
            return folder.parent, (STATE_FOLDER, "locks", *inside[:-1], f"{absolute.name}.lock")
    return absolute.parent, (f".{absolute.name}.lock",)


def _open_lock_file(path: Path) -> int:
    """Open (creating) the lock file of ``path``, and the folders down to it, none of them through a link."""
    anchor, names = _lock_place(path)
    where = anchor
    try:
        anchor.mkdir(parents=True, exist_ok=True)
        folder = os.open(anchor, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            for name in names[:-1]:
                where = where / name
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, 0o755, dir_fd=folder)
                inner = os.open(name, _FOLDER_FLAGS, dir_fd=folder)
                os.close(folder)
                folder = inner
            where = where / names[-1]
            # A lock file is truncated and written: never through a link or into anything but a plain file.
            return os.open(names[-1], _LOCK_FLAGS, 0o644, dir_fd=folder)
        finally:
            os.close(folder)
    except OSError as exc:
        # O_NOFOLLOW refuses a linked lock file with ELOOP, and O_DIRECTORY a linked folder with ENOTDIR.
        if exc.errno == errno.ELOOP or where.is_symlink():
            raise ToolkitError(_LINK_REFUSED + "; delete the link and run again", path=where) from None
        if exc.errno == errno.ENOTDIR:
            raise ToolkitError("is not a folder; move it away and run again", path=where) from None
        raise ToolkitError(
            f"cannot create lock file ({exc.strerror}); check the folder is writable", path=where
        ) from None


@contextlib.contextmanager
def locked(
    path: Path, timeout: float = LOCK_TIMEOUT_SECONDS, *, temporaries: Temporaries | None = None
) -> Iterator[None]:
    """Hold an exclusive lock on ``path``'s lock file (``lock_path_for``) for a whole read-merge-write.

    The lock is an ``fcntl`` lock (released by the kernel if the holder dies); the holder writes its
    host and pid into the lock file so a waiter that times out can say who holds it. Once it holds the
    lock it deletes the temporary files a killed writer of ``path`` left; a caller taking many locks
    in one folder passes one ``Temporaries`` so that folder is listed once, not once per lock.
    """
    fd = _open_lock_file(path)
    lock_file = lock_path_for(path)
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
        (temporaries or Temporaries()).remove_stale(path)
        if lock_file.parent != path.parent:
            _remove_old_lock_file(path)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def refuse_link(path: Path) -> None:
    """Refuse a toolkit folder (``.translate``) that is a symbolic link before anything is put in it."""
    if path.is_symlink():
        raise ToolkitError(_LINK_REFUSED + "; delete the link and run again", path=path)


def _remove_old_lock_file(path: Path) -> None:
    """Delete the ``.<name>.lock`` that earlier versions kept beside a catalog (or a link a repository
    shipped under that name: unlinking removes the link, never what it points at)."""
    old = path.with_name(f".{path.name}.lock")
    with contextlib.suppress(OSError):
        if stat.S_ISREG(os.lstat(old).st_mode) or old.is_symlink():
            old.unlink()


class Temporaries:
    """The temporary files (``.<name>.*.tmp``, as ``atomic_write_bytes`` names them) of the folders a
    caller locks files in, each folder listed on its first lock only.

    Only the holder of a file's lock writes its temporaries, so once the lock is held, one found for
    the file is a killed writer's and is deleted. A listing made before that lock was taken can only
    have missed a temporary made since, which a later lock removes; it never names a live one.
    """

    def __init__(self) -> None:
        self._found: dict[Path, list[str]] = {}

    def remove_stale(self, path: Path) -> None:
        """Delete the temporary files a killed writer of ``path`` left behind."""
        folder = path.parent
        names = self._found.get(folder)
        if names is None:
            names = self._found[folder] = _temporary_names(folder)
        prefix = f".{path.name}."
        for name in [name for name in names if name.startswith(prefix) and len(name) >= len(prefix) + 4]:
            names.remove(name)
            with contextlib.suppress(OSError):
                (folder / name).unlink()


def _temporary_names(folder: Path) -> list[str]:
    """The names in ``folder`` a temporary file could have (hidden, ending ``.tmp``)."""
    try:
        with os.scandir(folder) as entries:
            return [entry.name for entry in entries if entry.name[:1] == "." and entry.name.endswith(".tmp")]
    except OSError:
        return []


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


Oversize = Callable[[int, int], str]
"""The message for a file of ``size`` bytes (or more) over a ``limit``: ``oversize(size, limit)``."""


def read_regular(
    path: Path,
    max_bytes: int,
    *,
    what: str = "file",
    error: type[ToolkitError] = ToolkitError,
    oversize: Oversize | None = None,
) -> bytes:
    """Read a user's file whole, refusing what could hang, grow without end or point elsewhere.

    A symlink, a FIFO, a device or a folder is refused before anything is read, and a file larger than
    ``max_bytes`` is refused instead of read (checked on the bytes read, not only on the size the file
    claims, so a file that grows while being read is caught too); ``oversize`` words that refusal.
    """
    data = read_regular_if_present(path, max_bytes, what=what, error=error, oversize=oversize)
    if data is None:
        raise error(f"{what} not found; check the path", path=path)
    return data


def read_regular_if_present(
    path: Path,
    max_bytes: int,
    *,
    what: str = "file",
    error: type[ToolkitError] = ToolkitError,
    oversize: Oversize | None = None,
) -> bytes | None:
    """``read_regular``, but None when there is no file at ``path``."""
    too_large = oversize or (lambda size, limit: _too_large(size, limit, what))
    try:
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        return None
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
            raise error(too_large(info.st_size, max_bytes), path=path)
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, min(1 << 20, max_bytes + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                raise error(too_large(size, max_bytes), path=path)
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
