"""Untrusted XML (TBX, TMX) is refused when it declares a DOCTYPE or entities, before it is parsed."""

from __future__ import annotations

from pathlib import Path
from xml.parsers import expat

from translate.errors import ToolkitError


class _Doctype(Exception):
    """Raised from the pre-scan when a DOCTYPE or an entity declaration starts."""


def refuse_doctype(data: bytes, path: Path, error: type[ToolkitError], kind: str) -> None:
    """Scan ``data`` with expat and raise ``error`` on a DOCTYPE, an entity declaration or bad XML.

    Neither TBX nor TMX needs a DOCTYPE, and entities can expand a small file into gigabytes or pull
    in local files, so they are refused in any encoding before ElementTree ever sees the bytes.
    """

    def refuse(*_: object) -> None:
        raise _Doctype

    scanner = expat.ParserCreate()
    scanner.StartDoctypeDeclHandler = refuse
    scanner.EntityDeclHandler = refuse
    try:
        scanner.Parse(data, True)
    except _Doctype:
        raise error(
            f"has a DOCTYPE or entity declarations, which {kind} files do not need; refused (entity "
            "expansion). Remove the <!DOCTYPE …> part",
            path=path,
            line=scanner.CurrentLineNumber,
        ) from None
    except expat.ExpatError as exc:
        raise error(
            f"is not well-formed XML ({expat.errors.messages[exc.code]}); check the {kind} file",
            path=path,
            line=exc.lineno,
        ) from None
