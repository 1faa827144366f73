"""Engine settings of a project: the ``[engine]`` table of ``translate.toml``.

``nbest`` (glossary-aware decoding), and where engine calls run: ``executor`` (``local`` or ``ray``),
``ray_address`` and ``ray_actors``. Command-line options override these; an absent file or table gives
the defaults.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.engine.distributed import Executor
from translate.engine.translator import DEFAULT_NBEST, MAX_BEAM_SIZE
from translate.errors import UsageError
from translate.fileio import read_regular_if_present

CONFIG_FILE = "translate.toml"
MAX_CONFIG_BYTES = 1024 * 1024
_KEYS = ("nbest", "executor", "ray_address", "ray_actors")
_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """A project's ``[engine]`` settings."""

    nbest: int = DEFAULT_NBEST
    executor: Executor = Executor.local
    ray_address: str | None = None
    ray_actors: int = 0


def _line_of(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*\[?\s*{re.escape(key)}\b", line):
            return number
    return None


def parse_engine_settings(text: str, path: Path) -> EngineSettings:
    """The ``[engine]`` settings of ``translate.toml`` text; a wrong key or value names its line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_POSITION.search(str(exc))
        message = _TOML_POSITION.sub("", str(exc)).strip()
        raise UsageError(
            f"invalid TOML: {message}", path=path, line=int(found.group(1)) if found else None
        ) from None
    engine = data.get("engine", {})
    if not isinstance(engine, dict):
        raise UsageError("[engine] must be a table", path=path, line=_line_of(text, "engine"))
    for key in engine:
        if key not in _KEYS:
            raise UsageError(
                f"[engine] has unknown setting {key!r}; the settings are: {', '.join(_KEYS)}",
                path=path,
                line=_line_of(text, key),
            )

    def refuse(key: str, what: str) -> UsageError:
        return UsageError(
            f"[engine] {key} must be {what}, got {engine[key]!r}", path=path, line=_line_of(text, key)
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


def load_engine_settings(root: Path) -> EngineSettings:
    """The ``[engine]`` settings of ``root/translate.toml`` (the defaults without the file or the table).

    Errors name the file and line; an unknown key under ``[engine]`` is an error, not a silent no-op.
    """
    path = root / CONFIG_FILE
    data = read_regular_if_present(path, MAX_CONFIG_BYTES, what="configuration", error=UsageError)
    if data is None:
        return EngineSettings()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError("is not valid UTF-8; re-save it as UTF-8", path=path) from None
    return parse_engine_settings(text, path)


def load_nbest(root: Path) -> int:
    """``[engine] nbest`` of ``root/translate.toml`` (``DEFAULT_NBEST`` without the file or the key)."""
    return load_engine_settings(root).nbest
