"""Engine settings of a project: the ``[engine]`` table of ``translate.toml`` (``nbest`` for now)."""

from __future__ import annotations

from pathlib import Path

from translate.engine.translator import DEFAULT_NBEST, MAX_BEAM_SIZE
from translate.errors import UsageError
from translate.settings import read_settings

_KEYS = ("nbest",)


def load_nbest(root: Path) -> int:
    """``[engine] nbest`` of ``root/translate.toml`` (``DEFAULT_NBEST`` without the file or the key).

    Errors name the file and line; an unknown key under ``[engine]`` is an error, not a silent no-op.
    """
    settings = read_settings(root, UsageError)
    if settings is None:
        return DEFAULT_NBEST
    engine = settings.table("engine", UsageError)
    for key in engine:
        if key not in _KEYS:
            raise UsageError(
                f"[engine] has unknown setting {key!r}; the settings are: {', '.join(_KEYS)}",
                path=settings.path,
                line=settings.line_of(key),
            )
    value = engine.get("nbest", DEFAULT_NBEST)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_BEAM_SIZE:
        raise UsageError(
            f"[engine] nbest must be 0 (glossary-aware decoding off) or a count up to {MAX_BEAM_SIZE}, "
            f"got {value!r}",
            path=settings.path,
            line=settings.line_of("nbest"),
        )
    return value
