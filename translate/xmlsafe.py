"""Untrusted XML (TBX, TMX) is refused when it declares a DOCTYPE or entities, before it is parsed."""

from __future__ import annotations

from pathlib import Path
from xml.parsers import expat

from translate.errors import ToolkitError

MAX_DEPTH = 100
"""Deepest element nesting accepted: TBX and TMX need about ten levels; the parsers that read the file
after the scan recurse per level."""


class _Doctype(Exception):
    """Raised from the pre-scan when a DOCTYPE or an entity declaration starts."""


class _TooDeep(Exception):
    """Raised from the pre-scan when elements nest deeper than ``MAX_DEPTH``."""


def refuse_doctype(data: bytes, path: Path, error: type[ToolkitError], kind: str) -> None:
    """Scan ``data`` with expat and raise ``error`` on a DOCTYPE, an entity declaration or bad XML.

    Neither TBX nor TMX needs a DOCTYPE, and entities can expand a small file into gigabytes or pull
    in local files, so they are refused in any encoding before ElementTree ever sees the bytes.
    """

    def refuse(*_: object) -> None:
        raise _Doctype

    depth = 0

    def start(*_: object) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise _TooDeep

    def end(*_: object) -> None:
        nonlocal depth
        depth -= 1

    scanner = expat.ParserCreate()
    scanner.StartDoctypeDeclHandler = refuse
    scanner.EntityDeclHandler = refuse
    scanner.StartElementHandler = start
    scanner.EndElementHandler = end
    try:
        scanner.Parse(data, True)
    except _TooDeep:
        raise error(
            f"nests elements more than {MAX_DEPTH} levels deep, which no {kind} file needs; refused",
            path=path,
            line=scanner.CurrentLineNumber,
        ) from None
    except (LookupError, ValueError) as exc:
        # expat decodes only UTF-8, UTF-16 and Latin-1 itself; Python's codecs supply the rest, and
        # refuse unknown names (LookupError) and multi-byte or stateful ones such as UTF-7 (ValueError).
        raise error(
            f"declares an encoding the XML reader cannot decode ({exc}); save the {kind} file as UTF-8",
            path=path,
            line=1,
        ) from None
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
