"""The machine-translation cache: a segment already translated by the same model and settings is reused."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType

from translate.engine.translator import Decoder, DecodeRequest, Hypothesis, Translation, Translator
from translate.errors import EngineError
from translate.languages import Language

CACHE_FILE = "mt-cache.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    origin TEXT NOT NULL,
    notes TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS hypotheses (
    key TEXT PRIMARY KEY,
    hypotheses TEXT NOT NULL
)
"""


def cache_key(identity: str, segment: str) -> str:
    """The key of ``segment`` translated by the translator known as ``identity``."""
    return hashlib.sha256(f"{identity}\0{segment}".encode()).hexdigest()


def request_key(identity: str, request: DecodeRequest) -> str:
    """The key of a term-aware request: the model's identity, the request's decoding settings, the source.

    The n-best count, the suppressed texts and the forced prefix are all in it, so a plain run, a run
    with another ``--nbest`` and a run after the term base changed never share an entry.
    """
    return cache_key(f"{identity}|glossary-aware|{request.settings}", request.source)


class MTCache:
    """A persistent map from (translator identity, segment) to the engine's suggestion.

    Entries live in SQLite in the project's state folder, keyed on the segment text and the translator's
    identity (model package, version, checksum and decoding settings), so a re-run of an unchanged
    document never reaches the engine, and a new model or a new beam size never serves stale suggestions.
    """

    def __init__(self, path: Path):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)
            self._db.commit()
        except sqlite3.DatabaseError as exc:
            raise EngineError(
                f"cannot open the translation cache ({exc}); delete the file to start a new cache",
                path=path,
            ) from None
        except OSError as exc:
            raise EngineError(f"cannot create the translation cache ({exc.strerror})", path=path) from None

    @classmethod
    def in_state_dir(cls, state_dir: Path) -> MTCache:
        """The cache of a project (``<state_dir>/mt-cache.sqlite3``)."""
        return cls(state_dir / CACHE_FILE)

    def get_many(self, keys: Iterable[str]) -> dict[str, Translation]:
        """The cached translations among ``keys``."""
        found: dict[str, Translation] = {}
        wanted = list(dict.fromkeys(keys))
        # SQLite limits bound parameters per statement; look keys up in chunks.
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" for _ in chunk)
            rows = self._db.execute(
                f"SELECT key, text, origin, notes FROM translations WHERE key IN ({marks})", chunk
            )
            for key, text, origin, notes in rows:
                found[key] = Translation(text=text, origin=origin, notes=tuple(json.loads(notes)))
        return found

    def put_many(self, items: Iterable[tuple[str, Translation]]) -> None:
        """Store translations, in one transaction."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO translations (key, text, origin, notes) VALUES (?, ?, ?, ?)",
                [
                    (key, item.text, item.origin, json.dumps(list(item.notes), ensure_ascii=False))
                    for key, item in items
                ],
            )

    def get_hypotheses(self, keys: Iterable[str]) -> dict[str, tuple[Hypothesis, ...]]:
        """The cached n-best lists among ``keys``."""
        found: dict[str, tuple[Hypothesis, ...]] = {}
        wanted = list(dict.fromkeys(keys))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" for _ in chunk)
            rows = self._db.execute(f"SELECT key, hypotheses FROM hypotheses WHERE key IN ({marks})", chunk)
            for key, data in rows:
                found[key] = tuple(Hypothesis(str(text), float(score)) for text, score in json.loads(data))
        return found

    def put_hypotheses(self, items: Iterable[tuple[str, tuple[Hypothesis, ...]]]) -> None:
        """Store n-best lists, in one transaction."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO hypotheses (key, hypotheses) VALUES (?, ?)",
                [
                    (key, json.dumps([[h.text, h.score] for h in hypotheses], ensure_ascii=False))
                    for key, hypotheses in items
                ],
            )

    def __len__(self) -> int:
        row = self._db.execute("SELECT COUNT(*) FROM translations").fetchone()
        return int(row[0])

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> MTCache:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class CachedTranslator:
    """Wraps a translator: cached segments are answered from the cache, the rest go in one batch."""

    def __init__(self, inner: Translator, cache: MTCache, identity: str | None = None):
        self.inner = inner
        self.cache = cache
        self.identity = identity if identity is not None else str(getattr(inner, "identity", inner.name))
        self.hits = 0
        self.misses = 0

    @property
    def language(self) -> Language:
        """The target language."""
        return self.inner.language

    @property
    def name(self) -> str:
        """The wrapped translator's provenance."""
        return self.inner.name

    def translate_batch(self, segments: Sequence[str]) -> list[Translation]:
        """Translate ``segments``, sending only uncached, distinct ones to the wrapped translator."""
        keys = [cache_key(self.identity, segment) for segment in segments]
        found = self.cache.get_many(keys)
        missing: dict[str, str] = {}
        for key, segment in zip(keys, segments, strict=True):
            if key not in found and key not in missing:
                missing[key] = segment
        self.hits += len(segments) - sum(1 for key in keys if key not in found)
        if missing:
            self.misses += len(missing)
            fresh = self.inner.translate_batch(list(missing.values()))
            if len(fresh) != len(missing):
                raise EngineError(
                    f"{self.inner.name} returned {len(fresh)} translations for {len(missing)} segments"
                )
            new = dict(zip(missing, fresh, strict=True))
            # No suggestion (a segment the model could not take) is not remembered, so a better model
            # or setting gets to try it.
            self.cache.put_many((key, item) for key, item in new.items() if item.text)
            found.update(new)
        return [found[key] for key in keys]

    @property
    def nbest(self) -> int:
        """The wrapped translator's n-best setting (0 when it cannot return n-best lists)."""
        return self.inner.nbest if isinstance(self.inner, Decoder) else 0

    def decode(self, requests: Sequence[DecodeRequest]) -> list[tuple[Hypothesis, ...]]:
        """Answer term-aware requests from the cache, sending the others, distinct, to the wrapped model."""
        if not isinstance(self.inner, Decoder):
            raise EngineError(f"{self.inner.name} cannot return n-best lists")
        keys = [request_key(self.identity, request) for request in requests]
        found = self.cache.get_hypotheses(keys)
        missing: dict[str, DecodeRequest] = {}
        for key, request in zip(keys, requests, strict=True):
            if key not in found and key not in missing:
                missing[key] = request
        self.hits += len(requests) - sum(1 for key in keys if key not in found)
        if missing:
            self.misses += len(missing)
            fresh = self.inner.decode(list(missing.values()))
            new = dict(zip(missing, fresh, strict=True))
            self.cache.put_hypotheses((key, item) for key, item in new.items() if item)
            found.update(new)
        return [found[key] for key in keys]


def with_cache(translators: dict[Language, Translator], cache: MTCache) -> dict[Language, Translator]:
    """Wrap every translator of a run in the same cache."""
    return {language: CachedTranslator(inner, cache) for language, inner in translators.items()}
