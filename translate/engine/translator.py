"""The engine behind a tiny interface: a ``Translator`` turns English segments into one language."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from translate.errors import UsageError
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


class Device(enum.StrEnum):
    """Where models run: ``auto`` takes a CUDA GPU when CTranslate2 sees one, else the CPU."""

    cpu = "cpu"
    cuda = "cuda"
    auto = "auto"


# Beyond a few dozen hypotheses quality stops improving while memory grows with beam × vocabulary; a
# typo such as 4000 would exhaust the machine's memory before the first sentence.
MAX_BEAM_SIZE = 64
# OpenMP aborts the process when asked for tens of thousands of threads (and segfaults beyond), and past
# the core count more threads only slow CTranslate2 down; 256 leaves room for any machine a desk runs.
MAX_THREADS = 256
# Sentences per CTranslate2 batch; memory grows with it and a run never sends more than a few hundred.
MAX_BATCH_SIZE = 1024


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """Engine settings that apply to every model of a run.

    Beam size, device and compute type change the output, so they are part of the MT cache key;
    threads and batch size only change the speed.
    """

    beam_size: int = 4
    threads: int = 0
    device: Device = Device.cpu
    batch_size: int = 32
    compute_type: str = "default"

    def check(self) -> None:
        """Refuse settings no engine can run with (``UsageError`` names the accepted values)."""
        if self.device not in tuple(Device):
            devices = ", ".join(device.value for device in Device)
            raise UsageError(f"unknown device {self.device!r}; use one of: {devices}")
        if not 1 <= self.beam_size <= MAX_BEAM_SIZE:
            raise UsageError(
                f"beam size must be at least 1 and at most {MAX_BEAM_SIZE} (usual: 1-8), got {self.beam_size}"
            )
        if not 0 <= self.threads <= MAX_THREADS:
            raise UsageError(
                f"threads must be 0 (automatic) or a count up to {MAX_THREADS}, got {self.threads}"
            )
        if not 1 <= self.batch_size <= MAX_BATCH_SIZE:
            raise UsageError(
                f"batch size must be at least 1 and at most {MAX_BATCH_SIZE}, got {self.batch_size}"
            )
