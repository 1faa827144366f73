"""Engine settings of a project: the ``[engine]`` table of ``translate.toml`` (``nbest`` for now)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from translate.engine.translator import DEFAULT_NBEST, MAX_BEAM_SIZE
from translate.errors import UsageError

CONFIG_FILE = "translate.toml"
_KEYS = ("nbest",)
_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


def _line_of(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*\[?\s*{re.escape(key)}\b", line):
            return number
    return None


def load_nbest(root: Path) -> int:
    """``[engine] nbest`` of ``root/translate.toml`` (``DEFAULT_NBEST`` without the file or the key).

    Errors name the file and line; an unknown key under ``[engine]`` is an error, not a silent no-op.
    """
    path = root / CONFIG_FILE
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        return DEFAULT_NBEST
    except UnicodeDecodeError:
        raise UsageError("is not valid UTF-8; re-save it as UTF-8", path=path) from None
    except OSError as exc:
        raise UsageError(f"cannot read configuration ({exc.strerror})", path=path) from None
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
    value = engine.get("nbest", DEFAULT_NBEST)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_BEAM_SIZE:
        raise UsageError(
            f"[engine] nbest must be 0 (glossary-aware decoding off) or a count up to {MAX_BEAM_SIZE}, "
            f"got {value!r}",
            path=path,
            line=_line_of(text, "nbest"),
        )
    return value
