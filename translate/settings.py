"""The project's settings file, ``translate.toml``: read and parsed once here, each table by its owner.

``[engine]`` (``engine.config``), ``[glossary]`` (``glossary.style``) and ``[publish]``
(``publish.config``) each validate their own table; what they share is reading the file safely, TOML
errors with their line, and finding the line of a key for their own messages.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.errors import ToolkitError
from translate.fileio import decode_utf8, read_regular_if_present
from translate.project import CONFIG_FILE

MAX_SETTINGS_BYTES = 1024 * 1024
"""A settings file is a few lines; anything larger is not one."""

_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


@dataclass(frozen=True, slots=True)
class Settings:
    """``translate.toml`` as parsed, with the text its messages point into."""

    path: Path
    text: str
    data: dict[str, Any]

    def line_of(self, key: str) -> int | None:
        """The first line that sets ``key`` (``key = …``) or opens a table ending in it (``[… .key]``).

        tomllib keeps no positions, so the line is found in the text; it names the place in a message.
        """
        assignment = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        header = re.compile(rf"^\s*\[[^\]]*\b{re.escape(key)}\s*\]")
        for number, line in enumerate(self.text.splitlines(), start=1):
            if assignment.match(line) or header.match(line):
                return number
        return None

    def table(self, name: str, error: type[ToolkitError], what: str = "a table") -> dict[str, Any]:
        """The top-level table ``name`` (empty when the file has none); ``error`` when it is not a table."""
        table = self.data.get(name, {})
        if not isinstance(table, dict):
            raise error(f"[{name}] must be {what}", path=self.path, line=self.line_of(name))
        return table


def parse_settings(text: str, path: Path, error: type[ToolkitError]) -> Settings:
    """Parse settings ``text`` read from ``path``; invalid TOML is ``error`` at its line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_POSITION.search(str(exc))
        message = _TOML_POSITION.sub("", str(exc)).strip()
        raise error(
            f"invalid TOML: {message}", path=path, line=int(found.group(1)) if found else None
        ) from None
    return Settings(path, text, data)


def read_settings(root: Path, error: type[ToolkitError]) -> Settings | None:
    """``root/translate.toml`` parsed, or None when there is none; every failure is ``error``."""
    path = root / CONFIG_FILE
    data = read_regular_if_present(path, MAX_SETTINGS_BYTES, what="configuration", error=error)
    if data is None:
        return None
    return parse_settings(decode_utf8(data, path, error), path, error)
