"""The argostranslate adapter: installed packages loaded once and translated in batches by CTranslate2.

argostranslate is imported lazily, inside the adapter and not at module level, because importing it
takes seconds and creates folders (see ``import_argos_package``).
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from translate.engine.package import (
    INSTALL_HINT,
    ModelPackage,
    find_package,
    model_checksum,
    package_checksum,
)
from translate.engine.translator import (
    DecodeRequest,
    Device,
    EngineOptions,
    Hypothesis,
    Translation,
    Translator,
)
from translate.errors import EngineError, UsageError
from translate.languages import SOURCE_LANGUAGE, Language

# argostranslate's own decoding settings, kept so the batch path returns what argos would.
LENGTH_PENALTY = 0.2
# Below this score a hypothesis is a beam CTranslate2 could not finish (it scores those about -1e10).
DEAD_HYPOTHESIS = -1e6
# Segmentations of a suppressed text besides the usual one: a model may spell a word in other pieces.
SUPPRESS_SEGMENTATIONS = 3
# CTranslate2's vocabulary files in a converted model folder, target side first.
VOCABULARY_FILES = (
    "target_vocabulary.json",
    "target_vocabulary.txt",
    "shared_vocabulary.json",
    "shared_vocabulary.txt",
)
# Pieces of the probe that tells a sentence the model cannot take from a model that takes nothing.
PROBE_PIECES = 8


def resolve_device(device: Device) -> Device:
    """Resolve ``auto`` to ``cuda`` when CTranslate2 sees a GPU, else ``cpu``; refuse ``cuda`` without one."""
    import ctranslate2

    gpus = ctranslate2.get_cuda_device_count()
    if device is Device.auto:
        return Device.cuda if gpus > 0 else Device.cpu
    if device is Device.cuda and gpus == 0:
        raise UsageError("--device cuda was asked for but CTranslate2 sees no CUDA device; use --device cpu")
    return device


def import_argos_package(models_dir: Path, state_dir: Path) -> ModuleType:
    """Import ``argostranslate.package`` with its folders pointed at toolkit-owned places.

    argostranslate reads its settings and creates its data, cache and config folders when first
    imported, so the environment is set just for the import: nothing lands in the user's home.
    """
    name = "argostranslate.package"
    if name in sys.modules:
        return sys.modules[name]
    overrides = {
        "ARGOS_PACKAGES_DIR": models_dir,
        "XDG_DATA_HOME": state_dir / "data",
        "XDG_CACHE_HOME": state_dir / "cache",
        "XDG_CONFIG_HOME": state_dir / "config",
    }
    saved = {key: os.environ.get(key) for key in overrides}
    try:
        for key, value in overrides.items():
            value.mkdir(parents=True, exist_ok=True)
            os.environ[key] = str(value)
        return importlib.import_module(name)
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


class ModelCache:
    """Loads each CTranslate2 model once per run, shared by packages that hold the same model."""

    def __init__(self, models_dir: Path, state_dir: Path | None, options: EngineOptions):
        options.check()
        self.models_dir = models_dir
        self.state_dir = state_dir if state_dir is not None else models_dir / ".argos"
        self.options = options
        self._device: Device | None = None
        self._models: dict[str, Any] = {}

    @property
    def device(self) -> Device:
        """The device models run on (``auto`` resolved on first use)."""
        if self._device is None:
            self._device = resolve_device(Device(self.options.device))
        return self._device

    def argos(self) -> ModuleType:
        """The ``argostranslate.package`` module, imported on first use."""
        return import_argos_package(self.models_dir, self.state_dir)

    def model(self, package: ModelPackage) -> Any:
        """The loaded ``ctranslate2.Translator`` of ``package``."""
        key = model_checksum(package)
        if key not in self._models:
            import ctranslate2

            device = self.device
            try:
                self._models[key] = ctranslate2.Translator(
                    str(package.path / "model"),
                    device=device.value,
                    # One worker per GPU listed: CTranslate2 then runs batches on all of them at once.
                    device_index=list(self.options.gpus) or 0,
                    inter_threads=max(1, len(self.options.gpus)),
                    intra_threads=self.options.threads,
                    compute_type=self.options.compute_type,
                )
            except Exception as exc:  # CTranslate2 raises RuntimeError, IndexError, ... for bad files
                raise EngineError(
                    f"model fails to load ({first_line(exc)}); reinstall the package",
                    path=package.path / "model",
                ) from None
        return self._models[key]


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (its type's name when it has none)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class ArgosTranslator:
    """An argostranslate package used in batches: the whole list goes through CTranslate2 at once.

    argostranslate is imported lazily, here and not at module level, because importing it is slow and
    creates folders (see ``import_argos_package``).

    argostranslate's package reader and tokenizer prepare the pieces; its sentence splitter is
    bypassed (the toolkit segments text itself) and the source/target tokens the package metadata
    declares are added, so NLLB packages see ``eng_Latn … </s>`` and their language token.
    """

    def __init__(
        self,
        language: Language,
        package: ModelPackage,
        model: Any,
        tokenizer: Any,
        target_tokenizer: Any,
        options: EngineOptions,
        identity: str,
    ):
        self._language = language
        self.package = package
        self._model = model
        self._tokenizer = tokenizer
        self._target_tokenizer = target_tokenizer
        self.options = options
        self.identity = identity
        self.engine_calls = 0
        self._vocabulary: frozenset[str] | None = None

    @classmethod
    def load(
        cls, package: ModelPackage, language: Language, options: EngineOptions, shared: ModelCache
    ) -> ArgosTranslator:
        """Load ``package`` for ``language``; a broken package raises ``EngineError``."""
        checksum = package_checksum(package)
        argos = shared.argos()
        try:
            argos_package = argos.Package(package.path)
            tokenizer = argos_package.tokenizer
            target_tokenizer = tokenizer
            if package.target_sentencepiece:
                from argostranslate.tokenizer import SentencePieceTokenizer

                target_tokenizer = SentencePieceTokenizer(package.path / package.target_sentencepiece)
            # Load the SentencePiece models now so a broken one fails before any catalog is touched.
            tokenizer.encode("a")
            target_tokenizer.decode(["a"])
        except Exception as exc:  # argostranslate and sentencepiece raise bare exceptions
            raise EngineError(
                f"model package fails to load ({first_line(exc)}); reinstall it", path=package.path
            ) from None
        model = shared.model(package)
        identity = "|".join(
            (
                package.code,
                package.version,
                checksum,
                f"beam={options.beam_size}",
                f"device={shared.device.value}",
                f"compute={options.compute_type}",
                f"length_penalty={LENGTH_PENALTY}",
            )
        )
        return cls(language, package, model, tokenizer, target_tokenizer, options, identity)

    @property
    def language(self) -> Language:
        """The target language."""
        return self._language

    @property
    def name(self) -> str:
        """Model name and version, written next to each suggestion."""
        return self.package.origin

    def translate_batch(self, segments: Sequence[str]) -> list[Translation]:
        """Translate ``segments`` in one CTranslate2 call (rebatched by ``options.batch_size``).

        A segment the model cannot take (longer than its position table, typically) comes back empty,
        with a note saying why, and the others are translated; only a model that fails even a short
        probe raises ``EngineError``.
        """
        wanted = [i for i, text in enumerate(segments) if text.strip()]
        translations = [Translation(text="", origin=self.name) for _ in segments]
        if wanted:
            pieces = [self._tokenizer.encode(segments[i].strip()) for i in wanted]
            target_prefix = (
                [[self.package.target_prefix] for _ in wanted] if self.package.target_prefix else None
            )
            try:
                results = self._decode([self._source(one) for one in pieces], target_prefix)
            except (RuntimeError, ValueError) as exc:
                results = self._decode_one_by_one(pieces, target_prefix, exc)
            for i, result in zip(wanted, results, strict=True):
                if isinstance(result, Exception):
                    translations[i] = Translation(text="", origin=self.name, notes=(self._left_out(result),))
                    continue
                hypothesis = list(result.hypotheses[0])
                if target_prefix and hypothesis[:1] == [self.package.target_prefix]:
                    hypothesis = hypothesis[1:]
                text = self._target_tokenizer.decode(hypothesis).strip()
                translations[i] = Translation(text=text, origin=self.name)
        return translations

    @property
    def nbest(self) -> int:
        """Hypotheses the glossary-aware decoder asks for per segment (``EngineOptions.nbest``)."""
        return self.options.nbest

    def decode(self, requests: Sequence[DecodeRequest]) -> list[tuple[Hypothesis, ...]]:
        """The ``hypotheses`` best outputs of each request, best first, under its constraints.

        Requests with the same count and suppressed texts go through CTranslate2 in one call
        (``suppress_sequences`` holds for a whole call); each request's prefix is its own
        ``target_prefix``, after the package's language token. A request the model cannot take gets
        an empty tuple.
        """
        results: list[tuple[Hypothesis, ...]] = [() for _ in requests]
        groups: dict[tuple[int, tuple[str, ...]], list[int]] = {}
        for i, request in enumerate(requests):
            if request.source.strip():
                key = (request.hypotheses, tuple(sorted(set(request.suppress))))
                groups.setdefault(key, []).append(i)
        for (count, suppress), members in groups.items():
            sources = [self._source(self._tokenizer.encode(requests[i].source.strip())) for i in members]
            prefixes = [self._prefix(requests[i].prefix) for i in members]
            target_prefix = prefixes if any(prefixes) else None
            sequences = self._suppress_sequences(suppress)
            try:
                outputs: list[Any] = self._decode(sources, target_prefix, count, sequences, scores=True)
            except (RuntimeError, ValueError):
                outputs = []
                for j, one in enumerate(sources):
                    one_prefix = [prefixes[j]] if target_prefix else None
                    try:
                        outputs.extend(self._decode([one], one_prefix, count, sequences, scores=True))
                    except (RuntimeError, ValueError):
                        outputs.append(None)
            for i, output in zip(members, outputs, strict=True):
                if output is not None:
                    results[i] = tuple(
                        Hypothesis(self._text(list(tokens)), float(score))
                        for tokens, score in zip(output.hypotheses, output.scores, strict=True)
                        # A beam that ran out of allowed tokens comes back with a sentinel score.
                        if score > DEAD_HYPOTHESIS
                    )
        return results

    def _text(self, hypothesis: list[str]) -> str:
        if self.package.target_prefix and hypothesis[:1] == [self.package.target_prefix]:
            hypothesis = hypothesis[1:]
        return str(self._target_tokenizer.decode(hypothesis)).strip()

    def _prefix(self, text: str) -> list[str]:
        """The target prefix of a request: the package's language token, then the forced text."""
        language = [self.package.target_prefix] if self.package.target_prefix else []
        return [*language, *(self._target_tokenizer.encode(text) if text.strip() else [])]

    def _suppress_sequences(self, texts: Sequence[str]) -> list[list[str]] | None:
        """Every segmentation of each text in pieces the model has (CTranslate2 refuses unknown ones)."""
        vocabulary = self.vocabulary()
        processor = getattr(self._target_tokenizer, "lazy_processor", None)
        sequences: dict[tuple[str, ...], None] = {}
        for text in texts:
            segmentations = [list(self._target_tokenizer.encode(text))]
            if processor is not None:
                segmentations += processor().nbest_encode_as_pieces(text, SUPPRESS_SEGMENTATIONS)
            for pieces in segmentations:
                if pieces and (vocabulary is None or all(piece in vocabulary for piece in pieces)):
                    sequences[tuple(pieces)] = None
        return [list(pieces) for pieces in sequences] or None

    def vocabulary(self) -> frozenset[str] | None:
        """The target pieces of the converted model (None when its folder has no vocabulary file)."""
        if self._vocabulary is None:
            for name in VOCABULARY_FILES:
                path = self.package.path / "model" / name
                if path.is_file():
                    text = path.read_text(encoding="utf-8")
                    tokens = json.loads(text) if name.endswith(".json") else text.splitlines()
                    self._vocabulary = frozenset(str(token) for token in tokens)
                    break
        return self._vocabulary

    def _source(self, pieces: list[str]) -> list[str]:
        """The pieces of one segment with the source tokens the package declares around them."""
        return [*self.package.source_prefix, *pieces, *self.package.source_suffix]

    def _decode_one_by_one(
        self, pieces: list[list[str]], target_prefix: list[list[str]] | None, exc: Exception
    ) -> list[Any]:
        """After a failed batch, each segment alone: a failing one becomes its exception, the rest decode.

        One segment the model cannot take must not sink the whole run, even when it is the only one
        sent (a re-run where every other sentence is cached). When every segment fails, a short probe
        tells a segment at fault from a model or device at fault; only the latter is an error.
        """
        # Every segment of a call has the same target prefix (the package's), so the first serves one.
        one_prefix = target_prefix[:1] if target_prefix else None
        results: list[Any] = []
        if len(pieces) == 1:
            results.append(exc)
        else:
            for one in pieces:
                try:
                    results.extend(self._decode([self._source(one)], one_prefix))
                except (RuntimeError, ValueError) as failure:
                    results.append(failure)
        if all(isinstance(result, Exception) for result in results):
            probe = min(pieces, key=len)[:PROBE_PIECES]
            try:
                self._decode([self._source(probe)], one_prefix)
            except (RuntimeError, ValueError):
                raise self._failure(exc) from None
        return results

    def _left_out(self, exc: Exception) -> str:
        return (
            f"not machine-translated: {self.name} could not take this sentence ({first_line(exc)}); "
            "split it or translate it by hand"
        )

    def _decode(
        self,
        tokens: list[list[str]],
        target_prefix: list[list[str]] | None,
        hypotheses: int = 1,
        suppress: list[list[str]] | None = None,
        *,
        scores: bool = False,
    ) -> list[Any]:
        self.engine_calls += 1
        # The plain path passes only what it always passed, so its output stays what it was.
        extra: dict[str, Any] = {"return_scores": True} if scores else {}
        if suppress:
            extra["suppress_sequences"] = suppress
        return list(
            self._model.translate_batch(
                tokens,
                target_prefix=target_prefix,
                max_batch_size=self.options.batch_size,
                batch_type="examples",
                # A beam narrower than the hypotheses asked for cannot return them.
                beam_size=max(self.options.beam_size, hypotheses),
                num_hypotheses=hypotheses,
                length_penalty=LENGTH_PENALTY,
                replace_unknowns=True,
                **extra,
            )
        )

    def _failure(self, exc: Exception) -> EngineError:
        return EngineError(
            f"translation failed ({first_line(exc)}); try --device cpu or reinstall the model",
            path=self.package.path,
        )


def load_translators(
    models_dir: Path,
    languages: Sequence[Language],
    options: EngineOptions,
    *,
    state_dir: Path | None = None,
) -> tuple[dict[Language, Translator], dict[Language, str]]:
    """Load a translator for each language with an installed model; say why for the others.

    Returns ``(translators, reasons)``; a reason is one line naming the fix. A broken or unloadable
    package raises ``EngineError`` before anything is translated. Packages holding the same model
    (NLLB's per-pair packages) share one loaded CTranslate2 model.
    """
    translators: dict[Language, Translator] = {}
    reasons: dict[Language, str] = {}
    shared = ModelCache(models_dir=models_dir, state_dir=state_dir, options=options)
    for language in languages:
        package = find_package(models_dir, language)
        if package is None:
            reasons[language] = f"no model for {SOURCE_LANGUAGE}→{language.value} installed; {INSTALL_HINT}"
            continue
        translators[language] = ArgosTranslator.load(package, language, options, shared)
    return translators, reasons
