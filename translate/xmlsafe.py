"""Untrusted XML (TBX, TMX) is refused when it declares entities, before it is parsed (defusedxml's rules)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from xml.parsers import expat

from translate.errors import ToolkitError

MAX_DEPTH = 100
"""Deepest element nesting accepted: TBX and TMX need about ten levels; the parsers that read the file
after the scan recurse per level."""


class _Entity(Exception):
    """Raised from the pre-scan when an entity is declared or an external entity is referenced."""


class _TooDeep(Exception):
    """Raised from the pre-scan when elements nest deeper than ``MAX_DEPTH``."""


def refuse_unsafe_xml(data: bytes, path: Path, error: type[ToolkitError], kind: str) -> None:
    """Scan ``data`` with expat and raise ``error`` on an entity declaration, deep nesting or bad XML.

    The rules are defusedxml's: a DOCTYPE naming a DTD (``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``, which TMX
    1.4b asks writers to put and translate-toolkit's po2tmx writes) is accepted, and nothing it names is
    ever fetched (neither this scan nor ElementTree loads external DTDs or entities); any entity
    declaration, internal or external, is refused, since entities can expand a small file into
    gigabytes or pull in local files. The scan runs in any encoding before ElementTree sees the bytes.
    """

    def refuse(*_: object) -> None:
        raise _Entity

    def refuse_reference(*_: object) -> int:
        raise _Entity

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
    scanner.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    scanner.EntityDeclHandler = refuse
    scanner.UnparsedEntityDeclHandler = refuse
    scanner.ExternalEntityRefHandler = refuse_reference
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
    except _Entity:
        raise error(
            f"declares entities (<!ENTITY …>), which {kind} files do not need; refused (entity "
            "expansion). Remove the [ … ] part of the <!DOCTYPE …>",
            path=path,
            line=scanner.CurrentLineNumber,
        ) from None
    except expat.ExpatError as exc:
        raise error(
            f"is not well-formed XML ({expat.errors.messages[exc.code]}); check the {kind} file",
            path=path,
            line=exc.lineno,
        ) from None


def fromstring(data: bytes) -> ET.Element:
    """Parse XML that passed ``refuse_unsafe_xml`` with defusedxml's parser, which refuses entity
    declarations and external references itself too (a DOCTYPE naming a DTD is allowed, never fetched)."""
    import defusedxml.ElementTree

    element: ET.Element = defusedxml.ElementTree.fromstring(data, forbid_dtd=False)
    return element
