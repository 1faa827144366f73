"""Engine calls spread over a Ray cluster: a pool of actors per language, each holding one loaded model.

Only the engine runs on Ray. The driver keeps everything else (sources, merge, glossary, checks, the MT
cache, the translation memory and every catalog write), so reviewed entries keep the same guarantees
under the same locks. A ``RayTranslator`` is a ``Translator`` like the local adapter: the pipeline and
the cache see no difference, and both share the MT cache because the translator identity (package,
version, checksum, decoding settings) is the same.

Ray is an optional extra (``pip install 'translate-desk[ray]'``) and is imported here only when the Ray
executor is chosen. Actors are created with ``max_restarts=-1`` and ``max_task_retries=-1``: a worker
killed mid-shard is restarted by Ray and the shard runs again, and results are put back together by
shard index, so nothing is lost or duplicated. Every actor checks the package checksum before loading,
so every worker runs the model the driver found installed.
"""

from __future__ import annotations

import dataclasses
import enum
import io
import os
import shutil
import tarfile
import tempfile
import uuid
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.engine.argos import ArgosTranslator, ModelCache, first_line
from translate.engine.package import (
    INSTALL_HINT,
    ModelPackage,
    find_package,
    package_checksum,
    read_package,
)
from translate.engine.translator import (
    DecodeRequest,
    Device,
    EngineOptions,
    Hypothesis,
    Translation,
    Translator,
)
from translate.errors import EngineError, ToolkitError, UsageError
from translate.languages import SOURCE_LANGUAGE, Language

SOURCE_HINT = "pip install 'translate-desk[ray]'"
# Segments per Ray task. Small enough that two actors share a 256-segment call evenly and a killed
# actor repeats little; large enough that the per-task overhead (a few ms) stays small against
# decoding (about 10-100 ms per segment on a CPU).
DEFAULT_SHARD_SIZE = 32
# Object store of a local instance: shards are small; the default (30% of memory) would reserve
# gigabytes on a desk machine for nothing.
LOCAL_OBJECT_STORE_BYTES = 256 * 1024 * 1024


ACTOR_PREFIX = "translate-desk-engine-"
"""Ray actors of a run are named ``translate-desk-engine-<run>-<n>``."""


class Executor(enum.StrEnum):
    """Where engine calls run: ``local`` in this process, ``ray`` on a Ray cluster's actors."""

    local = "local"
    ray = "ray"


@dataclass(frozen=True, slots=True)
class RayOptions:
    """How a run uses Ray.

    ``address`` joins an existing cluster (``ray://host:10001`` or ``host:6379``); ``None`` starts a
    local instance for this run. ``actors`` is the number of actors per language (0: one per CPU the
    cluster has, or one per GPU with ``--device cuda``). ``ship_models`` sends each package through
    Ray's object store instead of loading it from the driver's path; it is on whenever a cluster is
    joined, since other hosts do not have the driver's models folder.
    """

    address: str | None = None
    actors: int = 0
    shard_size: int = DEFAULT_SHARD_SIZE
    ship_models: bool | None = None

    def check(self) -> None:
        """Refuse settings no run can use (``UsageError`` says what is accepted)."""
        if self.actors < 0:
            raise UsageError(f"Ray actors must be 0 (one per CPU) or a positive count, got {self.actors}")
        if self.shard_size < 1:
            raise UsageError(f"Ray shard size must be at least 1, got {self.shard_size}")

    @property
    def ships_models(self) -> bool:
        """Whether packages travel through the object store (see the class docstring)."""
        return self.address is not None if self.ship_models is None else self.ship_models


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise UsageError(f"the Ray executor needs Ray, which is not installed; {SOURCE_HINT}") from None
    return ray


def _start_ray(ray: Any, options: RayOptions) -> None:
    """Join ``options.address``, or start a local instance, unless this process is already connected."""
    if ray.is_initialized():
        return
    settings: dict[str, Any] = {
        "include_dashboard": False,
        "log_to_driver": False,
        "logging_level": "ERROR",
        "configure_logging": False,
    }
    if options.address is None:
        settings["object_store_memory"] = LOCAL_OBJECT_STORE_BYTES
    else:
        # Workers on other hosts get this package's code from the driver; its dependencies
        # (ctranslate2, sentencepiece, argostranslate) must be installed there.
        import translate

        settings["address"] = options.address
        settings["runtime_env"] = {"py_modules": [str(Path(translate.__file__).parent)]}
    try:
        ray.init(**settings)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = options.address or "a local instance"
        raise EngineError(f"Ray could not start or reach {where}: {first_line(exc)}") from None


def pack_package(folder: Path) -> bytes:
    """The package folder as an uncompressed tar (models are already compressed; tar only bundles)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        archive.add(folder, arcname=folder.name, recursive=True)
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class PackageRef:
    """One package as a worker gets it: its checksum, and its folder or its packed bytes (a Ray ref)."""

    checksum: str
    folder: str | None = None
    payload: Any = None


class EngineWorker:
    """What one Ray actor runs: every language's package, checked against the driver's checksum, loaded.

    One actor holds the models of every language of the run, so each actor (one per CPU or GPU) serves
    whichever language the run is on, and packages holding the same model (NLLB) share one loaded copy.
    The constructor never raises: an error is kept and returned by ``ready`` so the driver reports it
    as an ``EngineError`` before any catalog is touched (Ray would otherwise restart a failing actor
    forever under ``max_restarts=-1``).
    """

    def __init__(self, packages: dict[str, PackageRef], options: EngineOptions):
        self.error: str | None = None
        self.translators: dict[str, ArgosTranslator] = {}
        self.scratch = Path(tempfile.mkdtemp(prefix="translate-ray-"))
        weakref.finalize(self, shutil.rmtree, self.scratch, True)  # also when the worker process exits
        try:
            shared = ModelCache(self.scratch / "models", self.scratch / "argos", options)
            for code, ref in packages.items():
                package = self._package(code, ref)
                self.translators[code] = ArgosTranslator.load(package, Language(code), options, shared)
        except ToolkitError as exc:
            self.error = str(exc)

    def _package(self, code: str, ref: PackageRef) -> ModelPackage:
        if ref.payload is not None:
            # The driver packed this archive from a package it had verified; the checksum below is
            # still checked, so a damaged transfer cannot load. A reference nested in an argument is
            # not fetched by Ray itself.
            payload = _import_ray().get(ref.payload)
            target = self.scratch / "models" / code
            with tarfile.open(fileobj=io.BytesIO(payload), mode="r") as archive:
                archive.extractall(target, filter="data")
            (folder,) = target.iterdir()
        elif ref.folder is not None:
            folder = Path(ref.folder)
        else:
            raise EngineError(f"no en→{code} model package was given to the Ray worker")
        package = read_package(folder)
        found = package_checksum(package)
        if found != ref.checksum:
            raise EngineError(
                f"the package on this Ray worker differs from the driver's (checksum {found[:12]}, "
                f"expected {ref.checksum[:12]}); install the same package on every host",
                path=folder,
            )
        return package

    def ready(self) -> tuple[str | None, dict[str, str], int]:
        """``(error, identities, pid)``: the load error if any, each language's translator identity, and
        the worker's pid."""
        identities = {code: translator.identity for code, translator in self.translators.items()}
        return self.error, identities, os.getpid()

    def translate(self, code: str, segments: list[str]) -> list[Translation]:
        """One shard of ``code``'s segments through its model."""
        return self._loaded(code).translate_batch(segments)

    def decode(self, code: str, requests: list[DecodeRequest]) -> list[tuple[Hypothesis, ...]]:
        """One shard of ``code``'s n-best requests (glossary-aware decoding) through its model."""
        return self._loaded(code).decode(requests)

    def _loaded(self, code: str) -> ArgosTranslator:
        translator = self.translators.get(code)
        if translator is None:
            raise EngineError(self.error or f"the Ray worker has no en→{code} model")
        return translator


class RayTranslator:
    """A ``Translator`` whose calls are split into shards and run by a pool of Ray actors, in order."""

    def __init__(
        self,
        language: Language,
        name: str,
        identity: str,
        actors: list[Any],
        options: RayOptions,
        nbest: int = 0,
    ):
        self._language = language
        self._name = name
        self.identity = identity
        self.actors = actors
        self.options = options
        self._nbest = nbest
        self.engine_calls = 0
        self.shards_sent = 0

    @property
    def language(self) -> Language:
        """The target language."""
        return self._language

    @property
    def name(self) -> str:
        """Model name and version, written next to each suggestion (the same as the local adapter's)."""
        return self._name

    @property
    def nbest(self) -> int:
        """Hypotheses the glossary-aware decoder asks for per segment (``EngineOptions.nbest``)."""
        return self._nbest

    def translate_batch(self, segments: Sequence[str]) -> list[Translation]:
        """Translate ``segments`` in shards spread over the actors; one result per segment, in order."""
        results: list[Translation] = self._spread("translate", list(segments))
        return results

    def decode(self, requests: Sequence[DecodeRequest]) -> list[tuple[Hypothesis, ...]]:
        """The n-best lists of ``requests``, in shards spread over the actors, in order."""
        results: list[tuple[Hypothesis, ...]] = self._spread("decode", list(requests))
        return results

    def _spread(self, method: str, items: list[Any]) -> list[Any]:
        """``items`` cut into shards, each run by the next actor's ``method``; the results in order.

        A shard whose actor dies is run again by Ray on the restarted actor (``max_task_retries``),
        and results are put together by shard index, so none is lost or counted twice.
        """
        ray = _import_ray()
        self.engine_calls += 1
        size = self.options.shard_size
        shards = [items[start : start + size] for start in range(0, len(items), size)]
        pending = [
            getattr(self.actors[index % len(self.actors)], method).remote(self._language.value, shard)
            for index, shard in enumerate(shards)
        ]
        self.shards_sent += len(pending)
        try:
            done = ray.get(pending)
        except ray.exceptions.RayTaskError as exc:
            cause = exc.cause if isinstance(exc.cause, ToolkitError) else None
            if cause is not None:
                raise cause from None
            raise EngineError(f"a Ray worker failed: {first_line(exc)}") from None
        except ray.exceptions.RayError as exc:
            raise EngineError(f"Ray could not finish the call: {first_line(exc)}") from None
        return [result for shard in done for result in shard]


def release(translators: Mapping[Language, Translator]) -> None:
    """End the Ray actors behind ``translators`` (wrapped in the cache or not); the others are left.

    Actors hold their CPU or GPU until they end; a run releases them when it is done, so a cluster's
    next run (or the next command in this process) can have them.
    """
    ray = None
    for translator in translators.values():
        inner: object = translator
        while not isinstance(inner, RayTranslator) and hasattr(inner, "inner"):
            inner = inner.inner
        if isinstance(inner, RayTranslator):
            ray = ray or _import_ray()
            for actor in inner.actors:
                ray.kill(actor, no_restart=True)
            inner.actors = []


def open_ray_translators(
    models_dir: Path, languages: Sequence[Language], options: EngineOptions, ray_options: RayOptions
) -> tuple[dict[Language, Translator], dict[Language, str]]:
    """A ``RayTranslator`` for each language with an installed model, and why the others have none.

    The actors (one per CPU of the cluster, or per GPU with ``--device cuda``, unless ``actors`` says)
    each load every language's model and check its checksum before this returns; a broken package
    raises ``EngineError`` here, before anything is translated.
    """
    options.check()
    ray_options.check()
    packages = {language: find_package(models_dir, language) for language in languages}
    reasons = {
        language: f"no model for {SOURCE_LANGUAGE}→{language.value} installed; {INSTALL_HINT}"
        for language, package in packages.items()
        if package is None
    }
    found = {language: package for language, package in packages.items() if package is not None}
    if not found:
        return {}, reasons
    ray = _import_ray()
    _start_ray(ray, ray_options)
    gpu = options.device is Device.cuda
    count = ray_options.actors or max(1, int(ray.cluster_resources().get("GPU" if gpu else "CPU", 1)))
    # Each actor decodes on its own share of the machine: one thread unless --threads says otherwise
    # (CTranslate2's automatic count would give every actor all the cores).
    worker_options = dataclasses.replace(options, threads=options.threads or 1)
    refs = {
        language.value: PackageRef(
            package_checksum(package),
            folder=None if ray_options.ships_models else str(package.path),
            payload=ray.put(pack_package(package.path)) if ray_options.ships_models else None,
        )
        for language, package in found.items()
    }
    worker_class = ray.remote(EngineWorker)
    # Named, so an operator (or a test) can find this run's actors with ``ray list actors``.
    run = uuid.uuid4().hex[:8]
    actors = [
        worker_class.options(
            name=f"{ACTOR_PREFIX}{run}-{index}",
            num_cpus=0 if gpu else 1,
            num_gpus=1 if gpu else 0,
            max_restarts=-1,
            max_task_retries=-1,
        ).remote(refs, worker_options)
        for index in range(count)
    ]
    answers = ray.get([actor.ready.remote() for actor in actors])
    for error, _identities, _pid in answers:
        if error is not None:
            raise EngineError(f"on Ray: {error}")
    translators: dict[Language, Translator] = {}
    for language, package in found.items():
        identities = {identities[language.value] for _error, identities, _pid in answers}
        if len(identities) != 1:  # the same checksum everywhere, so only another device could differ
            raise EngineError(f"en→{language.value} on Ray: the workers load the model differently")
        (identity,) = identities
        translators[language] = RayTranslator(
            language, package.origin, identity, actors, ray_options, nbest=options.nbest
        )
    return translators, reasons
