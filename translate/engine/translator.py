"""The engine behind a tiny interface: a ``Translator`` turns English segments into one language."""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

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


@dataclass(frozen=True, slots=True)
class Hypothesis:
    """One of the n best outputs of the model for a segment, with its length-normalised log score."""

    text: str
    score: float


@dataclass(frozen=True, slots=True)
class DecodeRequest:
    """What a term-aware caller asks of the model for one segment.

    ``hypotheses`` is how many of the best outputs to return (best first); ``suppress`` lists target
    texts the model must not produce (each tokenised by the model's own tokenizer, every segmentation
    it knows); ``prefix`` is target text the output must start with, decoding going on freely after it.
    """

    source: str
    hypotheses: int = 1
    suppress: tuple[str, ...] = ()
    prefix: str = ""

    @property
    def settings(self) -> str:
        """The decoding settings as text, part of the MT cache key (the source is the rest of it)."""
        suppress = json.dumps(sorted(set(self.suppress)), ensure_ascii=False)
        return f"nbest={self.hypotheses}|suppress={suppress}|prefix={self.prefix}"


@runtime_checkable
class Decoder(Protocol):
    """A translator that can also return n-best lists under constraints (glossary-aware decoding)."""

    @property
    def nbest(self) -> int:
        """Hypotheses a term-aware caller should ask for per segment (0: term-aware decoding off)."""
        ...

    def decode(self, requests: Sequence[DecodeRequest]) -> list[tuple[Hypothesis, ...]]:
        """The hypotheses of each request, best first; an empty tuple where the model cannot take it."""
        ...


@runtime_checkable
class DecodingTranslator(Translator, Decoder, Protocol):
    """A translator with n-best decoding: what the glossary-aware decoder wraps."""


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
# Hypotheses the glossary-aware decoder asks for per segment with terms. In the README's benchmark 4
# reaches the compliance of 8 at the lowest cost (1 needs more re-decodes).
DEFAULT_NBEST = 4
# GPUs one process can address; a larger number is a typo, not a machine.
MAX_GPUS = 64
# Sentences per CTranslate2 batch; memory grows with it and a run never sends more than a few hundred.
MAX_BATCH_SIZE = 1024


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """Engine settings that apply to every model of a run.

    Beam size, device and compute type change the output, so they are part of the MT cache key;
    threads and batch size only change the speed. ``nbest`` is how many hypotheses the glossary-aware
    decoder weighs for a segment with terms (0 turns it off: post-edit enforcement only); it is part
    of the key of every term-aware request (``DecodeRequest.settings``). ``gpus`` spreads each model
    over several GPUs of this machine (CTranslate2's ``device_index`` with one worker per GPU); like
    threads it changes only the speed.
    """

    beam_size: int = 4
    threads: int = 0
    device: Device = Device.cpu
    batch_size: int = 32
    compute_type: str = "default"
    nbest: int = DEFAULT_NBEST
    gpus: tuple[int, ...] = ()

    def check(self) -> None:
        """Refuse settings no engine can run with (``UsageError`` names the accepted values)."""
        if self.device not in tuple(Device):
            devices = ", ".join(device.value for device in Device)
            raise UsageError(f"unknown device {self.device!r}; use one of: {devices}")
        if not 1 <= self.beam_size <= MAX_BEAM_SIZE:
            raise UsageError(
                f"beam size must be at least 1 and at most {MAX_BEAM_SIZE} (usual: 1-8), got {self.beam_size}"
            )
        if not 0 <= self.nbest <= MAX_BEAM_SIZE:
            raise UsageError(
                f"n-best must be 0 (glossary-aware decoding off) or a count up to {MAX_BEAM_SIZE} "
                f"(usual: 4-8), got {self.nbest}"
            )
        if not 0 <= self.threads <= MAX_THREADS:
            raise UsageError(
                f"threads must be 0 (automatic) or a count up to {MAX_THREADS}, got {self.threads}"
            )
        if not 1 <= self.batch_size <= MAX_BATCH_SIZE:
            raise UsageError(
                f"batch size must be at least 1 and at most {MAX_BATCH_SIZE}, got {self.batch_size}"
            )
        if self.gpus:
            if self.device is not Device.cuda:
                raise UsageError("--gpus needs --device cuda (it lists the GPUs to spread a model over)")
            if len(set(self.gpus)) != len(self.gpus) or any(not 0 <= gpu < MAX_GPUS for gpu in self.gpus):
                raise UsageError(
                    f"--gpus takes distinct GPU numbers from 0 to {MAX_GPUS - 1}, e.g. 0,1; "
                    f"got {','.join(map(str, self.gpus))}"
                )
