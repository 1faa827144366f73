"""Translation memory: reviewed translations in SQLite, shared by every document, with TMX import/export."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import polib
from rapidfuzz import fuzz, process

from translate.catalog.entries import Key, entry_key, is_reviewed, is_translated
from translate.catalog.notes import NoteKind, replace_notes
from translate.catalog.pofile import newlines_agree, refused_character
from translate.catalog.tmxfile import read_tmx, write_tmx
from translate.errors import CatalogError, ToolkitError
from translate.fileio import atomic_write_bytes, read_regular
from translate.languages import Language

MEMORY_FILE = "memory.sqlite3"
MAX_TMX_BYTES = 64 * 1024 * 1024
"""Largest TMX file imported: a desk's whole memory of some 100,000 units is about 40 MB."""
SUGGESTION_THRESHOLD = 75.0
"""Similarity (rapidfuzz ``fuzz.ratio``, 0-100) from which a stored translation is worth showing."""

_TMX_DATE = "%Y%m%dT%H%M%SZ"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS units (
    language TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    origin TEXT NOT NULL,
    updated TEXT NOT NULL,
    PRIMARY KEY (language, source, target)
);
CREATE INDEX IF NOT EXISTS units_by_source ON units (language, source);
"""


@dataclass(frozen=True, slots=True)
class MemoryUnit:
    """One stored pair: an English sentence and its reviewed translation."""

    language: Language
    source: str
    target: str
    origin: str
    updated: str


@dataclass(frozen=True, slots=True)
class MemoryMatch:
    """A stored translation found for a sentence, with its similarity (100 = exact)."""

    source: str
    target: str
    score: float
    origin: str

    @property
    def exact(self) -> bool:
        """The stored sentence is the very same text."""
        return self.score >= 100.0


class TranslationMemory:
    """The project's translation memory, an SQLite file under the state folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30.0)
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise ToolkitError(
                f"cannot open the translation memory ({exc}); delete the file to start a new one", path=path
            ) from None
        self._sources: dict[Language, tuple[list[str], list[tuple[str, str]]]] = {}

    @classmethod
    def at(cls, state_dir: Path) -> TranslationMemory:
        """Open (creating if needed) the memory of the project whose state folder is ``state_dir``."""
        return cls(state_dir / MEMORY_FILE)

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def add_many(
        self, units: Iterable[tuple[Language, str, str, str]], now: dt.datetime | None = None
    ) -> int:
        """Store ``(language, source, target, origin)`` pairs; return how many were new."""
        stamp = (now or dt.datetime.now(dt.UTC)).strftime(_TMX_DATE)
        rows = [
            (language.value, source, target, origin, stamp)
            for language, source, target, origin in units
            if source.strip() and target.strip()
        ]
        if not rows:
            return 0
        try:
            with self._db:
                before = self._count()
                # A pair seen again is stamped again: the most recently reviewed translation of a
                # sentence is the one an exact match offers.
                self._db.executemany(
                    "INSERT INTO units (language, source, target, origin, updated) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (language, source, target) DO UPDATE SET updated = excluded.updated",
                    rows,
                )
                added = self._count() - before
        except sqlite3.Error as exc:
            raise ToolkitError(f"cannot write the translation memory ({exc})", path=self.path) from None
        self._sources.clear()
        return added

    def _count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM units").fetchone()[0])

    def learn(
        self,
        catalog: Iterable[polib.POEntry],
        language: Language,
        origin: str,
        now: dt.datetime | None = None,
    ) -> int:
        """Store every reviewed (translated, not fuzzy) singular entry of ``catalog``."""
        return self.add_many(
            (
                (language, entry.msgid, entry.msgstr, origin)
                for entry in catalog
                if is_reviewed(entry) and not entry.msgid_plural and entry.msgid
            ),
            now,
        )

    def fingerprint(self, language: Language) -> str:
        """What changes when a pair of ``language`` is added (a new or changed reviewed translation) or
        the memory is replaced: its count, last row and total text length. Re-stamping a pair already
        stored does not change it."""
        row = self._db.execute(
            "SELECT COUNT(*), MAX(rowid), TOTAL(LENGTH(source)), TOTAL(LENGTH(target)) FROM units "
            "WHERE language = ?",
            (language.value,),
        ).fetchone()
        return ":".join(str(value) for value in row)

    def exact(self, language: Language, source: str) -> MemoryMatch | None:
        """The most recently stored translation of exactly ``source``."""
        row = self._db.execute(
            "SELECT target, origin FROM units WHERE language = ? AND source = ? "
            "ORDER BY updated DESC, rowid DESC LIMIT 1",
            (language.value, source),
        ).fetchone()
        return None if row is None else MemoryMatch(source, row[0], 100.0, row[1])

    def suggest(
        self, language: Language, source: str, *, limit: int = 2, threshold: float = SUGGESTION_THRESHOLD
    ) -> list[MemoryMatch]:
        """Close (not exact) matches for ``source``, best first."""
        sources, pairs = self._index(language)
        found = process.extract(source, sources, scorer=fuzz.ratio, score_cutoff=threshold, limit=limit + 1)
        matches = [
            MemoryMatch(sources[index], pairs[index][0], round(score, 1), pairs[index][1])
            for _, score, index in found
            if sources[index] != source
        ]
        return matches[:limit]

    def units(self, language: Language | None = None) -> Iterator[MemoryUnit]:
        """Every stored pair (of one language, or all), oldest first."""
        query = "SELECT language, source, target, origin, updated FROM units"
        args: tuple[str, ...] = ()
        if language is not None:
            query += " WHERE language = ?"
            args = (language.value,)
        for code, source, target, origin, updated in self._db.execute(query + " ORDER BY rowid", args):
            yield MemoryUnit(Language(code), source, target, origin, updated)

    def _index(self, language: Language) -> tuple[list[str], list[tuple[str, str]]]:
        if language not in self._sources:
            rows = self._db.execute(
                "SELECT source, target, origin FROM units WHERE language = ? "
                "ORDER BY updated DESC, rowid DESC",
                (language.value,),
            ).fetchall()
            seen: dict[str, tuple[str, str]] = {}
            for source, target, origin in rows:
                seen.setdefault(source, (target, origin))
            self._sources[language] = (list(seen), list(seen.values()))
        return self._sources[language]


def prefill(
    catalog: Iterable[polib.POEntry],
    language: Language,
    memory: TranslationMemory,
    *,
    trust_exact: bool = False,
) -> set[Key]:
    """Fill untranslated entries from exact memory matches and note close ones; return the filled keys.

    An exact match goes in fuzzy (a reviewer confirms it) unless ``trust_exact``; either way a ``#.``
    note says where it came from. A match that ``msgfmt -c`` would refuse as a reviewed entry (its
    newlines at the start or end differ from the msgid's) goes in fuzzy even so. An entry left
    untranslated gets the closest stored translations as ``#.`` suggestions, so a reviewer sees them
    next to whatever fills it later. Stored text a catalog cannot hold (imported before TMX units were
    checked) is passed over.
    """
    filled: set[Key] = set()
    for entry in catalog:
        if entry.obsolete or entry.msgid_plural or is_translated(entry) or not entry.msgid:
            continue
        match = memory.exact(language, entry.msgid)
        if match is not None and refused_character(match.target):
            match = None
        suggestions: list[str] = []
        if match is not None:
            entry.msgstr = match.target
            if not (trust_exact and newlines_agree(entry.msgid, match.target)):
                entry.fuzzy = True
            replace_notes(entry, NoteKind.memory, [f"exact match from {match.origin}"])
            filled.add(entry_key(entry))
        else:
            replace_notes(entry, NoteKind.memory, ())
            suggestions = [
                f"({close.score:.0f}%): {close.target}"
                for close in memory.suggest(language, entry.msgid)
                if not refused_character(close.target)
            ]
        replace_notes(entry, NoteKind.memory_suggestion, suggestions)
    return filled


def export_tmx(memory: TranslationMemory, path: Path, languages: Sequence[Language]) -> int:
    """Write the memory's pairs for ``languages`` as a TMX 1.4b file; return how many units."""
    units = [unit for language in languages for unit in memory.units(language)]
    atomic_write_bytes(path, write_tmx(units))
    return len(units)


def import_tmx(memory: TranslationMemory, path: Path) -> int:
    """Add the pairs of the TMX file at ``path`` to ``memory``; return how many were new."""
    data = read_regular(path, MAX_TMX_BYTES, what="TMX file", error=CatalogError)
    return memory.add_many(read_tmx(data, path))
