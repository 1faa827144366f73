"""Engine settings of a project: the ``[engine]`` table of ``translate.toml``.

``nbest`` (glossary-aware decoding), and where engine calls run: ``executor`` (``local`` or ``ray``),
``ray_address`` and ``ray_actors``. Command-line options override these; an absent file or table gives
the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.engine.distributed import Executor
from translate.engine.translator import DEFAULT_NBEST, MAX_BEAM_SIZE
from translate.errors import UsageError
from translate.settings import Settings, parse_settings, read_settings

_KEYS = ("nbest", "executor", "ray_address", "ray_actors")


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """A project's ``[engine]`` settings."""

    nbest: int = DEFAULT_NBEST
    executor: Executor = Executor.local
    ray_address: str | None = None
    ray_actors: int = 0


def engine_settings(settings: Settings) -> EngineSettings:
    """The ``[engine]`` table of parsed ``settings``; a wrong key or value names its line.

    An unknown key under ``[engine]`` is an error, not a silent no-op.
    """
    engine = settings.table("engine", UsageError)
    for key in engine:
        if key not in _KEYS:
            raise UsageError(
                f"[engine] has unknown setting {key!r}; the settings are: {', '.join(_KEYS)}",
                path=settings.path,
                line=settings.line_of(key),
            )

    def refuse(key: str, what: str) -> UsageError:
        return UsageError(
            f"[engine] {key} must be {what}, got {engine[key]!r}",
            path=settings.path,
            line=settings.line_of(key),
        )

    nbest = engine.get("nbest", DEFAULT_NBEST)
    if not _is_count(nbest) or not 0 <= nbest <= MAX_BEAM_SIZE:
        raise refuse("nbest", f"0 (glossary-aware decoding off) or a count up to {MAX_BEAM_SIZE}")
    executor = engine.get("executor", Executor.local.value)
    if executor not in tuple(Executor):
        raise refuse("executor", "one of: " + ", ".join(item.value for item in Executor))
    address = engine.get("ray_address")
    if address is not None and (not isinstance(address, str) or not address.strip()):
        raise refuse("ray_address", "the address of a Ray cluster (host:port or ray://host:port)")
    actors = engine.get("ray_actors", 0)
    if not _is_count(actors) or actors < 0:
        raise refuse("ray_actors", "0 (one actor per CPU, or per GPU with --device cuda) or a positive count")
    return EngineSettings(nbest=nbest, executor=Executor(executor), ray_address=address, ray_actors=actors)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_engine_settings(text: str, path: Path) -> EngineSettings:
    """The ``[engine]`` settings of ``translate.toml`` text."""
    return engine_settings(parse_settings(text, path, UsageError))


def load_engine_settings(root: Path) -> EngineSettings:
    """The ``[engine]`` settings of ``root/translate.toml`` (the defaults without the file or the table)."""
    settings = read_settings(root, UsageError)
    return EngineSettings() if settings is None else engine_settings(settings)


def load_nbest(root: Path) -> int:
    """``[engine] nbest`` of ``root/translate.toml`` (``DEFAULT_NBEST`` without the file or the key)."""
    return load_engine_settings(root).nbest
