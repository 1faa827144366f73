"""The run state: what each catalog was last written from, so a re-run can skip what nothing changed.

A run records, per document and language, the content hashes (SHA-256) of the source, the template
and the catalog it left on disk, a hash of the inputs common to the language (term base, model,
settings, toolkit version) and the translation-memory fingerprint the catalog depends on, with the
catalog's counts for the run's report. A later run that finds every one of them the same skips the
catalog: the run that recorded them would do nothing to it. The state is a cache, not user data: a
missing, unreadable or foreign one (another toolkit version) gives a full run and is rebuilt.

Files are compared by their bytes. A file's hash is taken again unless its size, mtime, ctime, inode
and device are all those recorded with the hash; ctime cannot be set by a user, so a save that keeps
the size and puts the mtime back is still seen. A stat is recorded only for a file whose ctime was
already ``RACY_NANOSECONDS`` old, as git does for its index: a save in the same clock tick as the
one recorded would otherwise look unchanged.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import stat
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from translate import __version__
from translate.catalog.entries import CatalogStats
from translate.diagnostics import Counts
from translate.languages import Language

STATE_FILE = "runstate.sqlite3"
SCHEMA_VERSION = "1"
RACY_NANOSECONDS = 2_000_000_000
"""How old a file's ctime must be for its stat to vouch for its hash (file-system clocks are coarse)."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    device INTEGER NOT NULL,
    digest TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS catalogs (
    language TEXT NOT NULL,
    document TEXT NOT NULL,
    source TEXT NOT NULL,
    source_digest TEXT NOT NULL,
    template_digest TEXT NOT NULL,
    catalog_digest TEXT NOT NULL,
    inputs TEXT NOT NULL,
    memory TEXT,
    stats TEXT NOT NULL,
    counts TEXT NOT NULL,
    PRIMARY KEY (language, document)
);
CREATE TABLE IF NOT EXISTS memory (language TEXT PRIMARY KEY, fingerprint TEXT NOT NULL);
"""
_TABLES = ("meta", "files", "catalogs", "memory")


@dataclass(frozen=True, slots=True)
class Stamp:
    """What ``stat`` says of a file: equal stamps (ctime included) mean the file was not written."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    device: int

    @classmethod
    def of(cls, info: os.stat_result) -> Stamp:
        """The stamp of a ``stat`` result."""
        return cls(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


@dataclass(frozen=True, slots=True)
class CatalogRecord:
    """What a run left one catalog as, and what from: when all of it holds again, a run skips it.

    ``memory`` is the translation-memory fingerprint the catalog was filled against (None: it has no
    entry a memory match could fill, so the memory does not matter to it).
    """

    source: str
    source_digest: str
    template_digest: str
    catalog_digest: str
    inputs: str
    memory: str | None
    stats: CatalogStats
    counts: Counts


def bytes_digest(data: bytes) -> str:
    """The SHA-256 of ``data``, as the state records it."""
    return hashlib.sha256(data).hexdigest()


def combined_digest(parts: dict[str, object]) -> str:
    """One hash of named values (JSON-encoded in key order)."""
    return bytes_digest(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode())


class RunState:
    """The run state of one project (``<state folder>/runstate.sqlite3``), read whole when opened;
    what a run learns is written in one transaction by ``commit``.

    Opening never fails: a state that cannot be read is deleted and started again, and where even
    that fails the run goes on with an empty state that is not kept.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = _open(path)
        self._files: dict[str, tuple[Stamp, str]] = {}
        self._catalogs: dict[tuple[str, str], CatalogRecord] = {}
        self._memory: dict[str, str] = {}
        self._new_files: dict[str, tuple[Stamp, str]] = {}
        self._new_catalogs: dict[tuple[str, str], CatalogRecord | None] = {}
        self._new_memory: dict[str, str] = {}
        try:
            self._load()
        except (sqlite3.Error, ValueError, TypeError, KeyError):
            self._reset()

    @classmethod
    def at(cls, state_dir: Path) -> RunState:
        """The run state of the project whose state folder is ``state_dir``."""
        return cls(state_dir / STATE_FILE)

    def __enter__(self) -> RunState:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database (what ``commit`` did not write is dropped)."""
        self._db.close()

    # ------------------------------------------------------------------------------------------- reading

    def digest(self, path: Path, *, follow_symlinks: bool = False) -> str | None:
        """The SHA-256 of the file at ``path`` now (None: no regular file there, or unreadable).

        The bytes are read unless the file's stamp is the one recorded with its hash.
        """
        key = os.path.abspath(path)
        try:
            info = os.stat(path, follow_symlinks=follow_symlinks)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        stamp = Stamp.of(info)
        known = self._files.get(key)
        if known is not None and known[0] == stamp:
            return known[1]
        hashed = _hash_file(path, follow_symlinks)
        if hashed is None:
            return None
        digest, stable = hashed
        if stable == stamp and stamp.ctime_ns < time.time_ns() - RACY_NANOSECONDS:
            self._files[key] = self._new_files[key] = (stamp, digest)
        return digest

    def folder_digest(self, folder: Path) -> str:
        """One hash of every file under ``folder`` (hidden ones left out), names and bytes; links
        are followed, as the term base's reader follows them."""
        found: dict[str, str | None] = {}
        for where, folders, files in os.walk(folder, followlinks=True):
            folders[:] = sorted(name for name in folders if not name.startswith("."))
            for name in sorted(files):
                if not name.startswith("."):
                    path = Path(where) / name
                    found[path.relative_to(folder).as_posix()] = self.digest(path, follow_symlinks=True)
        return combined_digest(dict(found))

    def record(self, language: Language, doc_id: str) -> CatalogRecord | None:
        """What the last run that wrote this catalog recorded of it (None: nothing)."""
        return self._catalogs.get((language.value, doc_id))

    def memory_mark(self, language: Language) -> str | None:
        """The memory fingerprint of ``language`` as the last run left it (None: not known)."""
        return self._memory.get(language.value)

    # ------------------------------------------------------------------------------------------- writing

    def put(self, language: Language, doc_id: str, record: CatalogRecord | None) -> None:
        """Record what a run left this catalog as (None: nothing can be said, the next run redoes it)."""
        self._new_catalogs[language.value, doc_id] = record

    def put_memory_mark(self, language: Language, fingerprint: str) -> None:
        """Record the memory fingerprint of ``language`` at the end of a run."""
        self._new_memory[language.value] = fingerprint

    def commit(self) -> None:
        """Write what was put, in one transaction. A state that cannot be written is started again
        next time (it is a cache: the run itself has succeeded)."""
        catalogs = [
            (language, doc_id, *_record_row(record))
            for (language, doc_id), record in self._new_catalogs.items()
            if record is not None
        ]
        dropped = [key for key, record in self._new_catalogs.items() if record is None]
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (path, stamp.size, stamp.mtime_ns, stamp.ctime_ns, stamp.inode, stamp.device, digest)
                        for path, (stamp, digest) in self._new_files.items()
                    ],
                )
                self._db.executemany("DELETE FROM catalogs WHERE language = ? AND document = ?", dropped)
                self._db.executemany(
                    "INSERT OR REPLACE INTO catalogs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", catalogs
                )
                self._db.executemany(
                    "INSERT OR REPLACE INTO memory VALUES (?, ?)", list(self._new_memory.items())
                )
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            _delete(self.path)
            self._db = sqlite3.connect(":memory:")
        self._new_files.clear()
        self._new_catalogs.clear()
        self._new_memory.clear()

    # ----------------------------------------------------------------------------------------- internals

    def _load(self) -> None:
        meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        if meta != {"schema": SCHEMA_VERSION, "toolkit": __version__}:
            self._reset()
            return
        for path, size, mtime_ns, ctime_ns, inode, device, digest in self._db.execute("SELECT * FROM files"):
            self._files[path] = (Stamp(size, mtime_ns, ctime_ns, inode, device), digest)
        for language, doc_id, *row in self._db.execute("SELECT * FROM catalogs"):
            self._catalogs[language, doc_id] = _record_of(row)
        self._memory = dict(self._db.execute("SELECT language, fingerprint FROM memory").fetchall())

    def _reset(self) -> None:
        """Start the state again, empty, for this toolkit version."""
        self._files.clear()
        self._catalogs.clear()
        self._memory.clear()
        try:
            with self._db:
                for table in _TABLES:
                    self._db.execute(f"DROP TABLE IF EXISTS {table}")
                self._db.executescript(_SCHEMA)
                self._write_meta()
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            _delete(self.path)
            self._db = _create(self.path)

    def _write_meta(self) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [("schema", SCHEMA_VERSION), ("toolkit", __version__)],
        )


def _open(path: Path) -> sqlite3.Connection:
    """The state database at ``path``; a broken one is deleted and made again."""
    if not path.exists():
        return _create(path)
    db: sqlite3.Connection | None = None
    try:
        db = sqlite3.connect(path, timeout=30.0)
        db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # a file that is no database fails here
        db.executescript(_SCHEMA)
        return db
    except (sqlite3.Error, OSError):
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.close()
    _delete(path)
    return _create(path)


def _create(path: Path) -> sqlite3.Connection:
    """A new, empty state at ``path``, or one in memory only when nothing can be written there."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=30.0)
        with db:
            db.executescript(_SCHEMA)
            db.executemany(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                [("schema", SCHEMA_VERSION), ("toolkit", __version__)],
            )
        return db
    except (sqlite3.Error, OSError):
        db = sqlite3.connect(":memory:")
        db.executescript(_SCHEMA)
        return db


def _delete(path: Path) -> None:
    for name in (path, *(path.with_name(path.name + suffix) for suffix in ("-journal", "-wal", "-shm"))):
        with contextlib.suppress(OSError):
            name.unlink()


def _hash_file(path: Path, follow_symlinks: bool) -> tuple[str, Stamp] | None:
    """The SHA-256 of the file's bytes, and its stamp if it stayed the same while it was read."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow_symlinks else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            before = os.fstat(fd)
            if not stat.S_ISREG(before.st_mode):
                return None
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
            after = os.fstat(fd)
        except OSError:
            return None
    stamp = Stamp.of(after)
    return digest, stamp if Stamp.of(before) == stamp else Stamp(-1, -1, -1, -1, -1)


def _record_row(record: CatalogRecord) -> tuple[object, ...]:
    return (
        record.source,
        record.source_digest,
        record.template_digest,
        record.catalog_digest,
        record.inputs,
        record.memory,
        json.dumps(asdict(record.stats)),
        json.dumps(asdict(record.counts)),
    )


def _record_of(row: Iterable[object]) -> CatalogRecord:
    source, source_digest, template_digest, catalog_digest, inputs, memory, stats, counts = row
    return CatalogRecord(
        str(source),
        str(source_digest),
        str(template_digest),
        str(catalog_digest),
        str(inputs),
        None if memory is None else str(memory),
        CatalogStats(**json.loads(str(stats))),
        Counts(**json.loads(str(counts))),
    )
