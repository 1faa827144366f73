"""The engine behind a tiny interface: a ``Translator`` turns English segments into one language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from translate.languages import Language


@dataclass(frozen=True, slots=True)
class Translation:
    """One machine suggestion for one segment.

    ``origin`` names where it came from (model name and version, TM, ...) and goes into a ``#.`` note;
    ``notes`` are extra ``#.`` lines (e.g. glossary terms that are still not compliant).
    """

    text: str
    origin: str
    notes: tuple[str, ...] = field(default=())


class Translator(Protocol):
    """Translates English segments into one target language, many at a time."""

    @property
    def language(self) -> Language:
        """The target language."""
        ...

    @property
    def name(self) -> str:
        """Provenance of this translator's output, e.g. ``"argos translate-en_ru 1.9"``."""
        ...

    def translate_batch(self, segments: Sequence[str]) -> list[Translation]:
        """Translate ``segments`` in order; one result per segment."""
        ...


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """Decoding settings that apply to every model of a run (and are part of the cache key)."""

    beam_size: int = 4
    threads: int = 0
    device: str = "cpu"
    batch_size: int = 32
