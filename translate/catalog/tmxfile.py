"""TMX 1.4b files read and written, inline <bpt>/<ept>/<ph> codes mapped to the catalog's neutral tags."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from translate import __version__
from translate.catalog.pofile import refused_character
from translate.document.markup import Tag, TagKind, tokenize
from translate.errors import CatalogError
from translate.languages import SOURCE_LANGUAGE, Language
from translate.xmlsafe import fromstring, refuse_unsafe_xml

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
"""What TMX 1.4b asks a writer to declare; readers (ours too) never fetch the DTD."""

# TMX's type values for paired codes (TMX 1.4b, "type" of <bpt>) and the neutral tag each stands for.
_PAIRED_TYPES = {TagKind.bold: "bold", TagKind.italic: "italic", TagKind.link: "link"}
_TAG_OF_TYPE = {"bold": TagKind.bold, "strong": TagKind.bold, "italic": TagKind.italic, "em": TagKind.italic}


class TmxUnit(Protocol):
    """What a TMX translation unit is written from (``MemoryUnit`` has these fields)."""

    @property
    def language(self) -> Language: ...
    @property
    def source(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def origin(self) -> str: ...
    @property
    def updated(self) -> str: ...


def write_tmx(units: Iterable[TmxUnit]) -> bytes:
    """``units`` as a TMX 1.4b document (valid against ``tmx14.dtd``): the neutral tags of a segment
    become ``<bpt>``/``<ept>`` pairs (``<b>``, ``<i>``, ``<aN>``) and ``<ph>`` (``<cN/>``) whose
    content is the tag itself, so a tool that shows native codes shows ours."""
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "translate-desk",
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": "translate-desk",
            "adminlang": SOURCE_LANGUAGE,
            "srclang": SOURCE_LANGUAGE,
            "datatype": "plaintext",
        },
    )
    body = ET.SubElement(root, "body")
    segments: list[tuple[ET.Element, str]] = []
    for unit in units:
        tu = ET.SubElement(body, "tu", creationdate=unit.updated)
        ET.SubElement(tu, "prop", type="x-origin").text = unit.origin
        for code, text in ((SOURCE_LANGUAGE, unit.source), (unit.language.value, unit.target)):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: code})
            segments.append((ET.SubElement(tuv, "seg"), text))
    ET.indent(root)
    # Filled after indenting: white space inside a <seg> would be part of the text.
    for seg, text in segments:
        _fill_segment(seg, text)
    declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'
    return (declaration + DOCTYPE + "\n" + ET.tostring(root, encoding="unicode") + "\n").encode("utf-8")


def _fill_segment(seg: ET.Element, text: str) -> None:
    """Write ``text`` into ``seg``, its tags as TMX inline codes; a tag without its partner becomes an
    isolated ``<it>``, since ``<bpt>`` and ``<ept>`` must pair up within a segment."""
    tokens = list(tokenize(text))
    partner = _pairs(tokens)
    last: ET.Element | None = None
    pair_ids: dict[int, int] = {}

    def add_text(value: str) -> None:
        if last is None:
            seg.text = (seg.text or "") + value
        else:
            last.tail = (last.tail or "") + value

    for index, token in enumerate(tokens):
        if isinstance(token, str):
            add_text(token)
            continue
        attributes: dict[str, str] = {}
        if token.number:
            attributes["x"] = str(token.number)
        if token.empty:
            element = ET.SubElement(seg, "ph", {**attributes, "type": "x-code"})
        elif index not in partner:
            pos = "end" if token.closing else "begin"
            element = ET.SubElement(seg, "it", {**attributes, "pos": pos, "type": _PAIRED_TYPES[token.kind]})
        elif not token.closing:
            pair_ids[index] = len(pair_ids) + 1
            attributes = {"i": str(pair_ids[index]), **attributes, "type": _PAIRED_TYPES[token.kind]}
            element = ET.SubElement(seg, "bpt", attributes)
        else:
            element = ET.SubElement(seg, "ept", i=str(pair_ids[partner[index]]))
        element.text = str(token)
        last = element


def _pairs(tokens: list[str | Tag]) -> dict[int, int]:
    """Index of each paired tag's partner (opening ↔ closing), matched innermost first."""
    partner: dict[int, int] = {}
    open_tags: list[tuple[int, Tag]] = []
    for index, token in enumerate(tokens):
        if isinstance(token, str) or token.empty:
            continue
        if not token.closing:
            open_tags.append((index, token))
            continue
        for depth in range(len(open_tags) - 1, -1, -1):
            if open_tags[depth][1].name == token.name:
                opening, _ = open_tags.pop(depth)
                partner[opening], partner[index] = index, opening
                break
    return partner


def read_tmx(data: bytes, path: Path) -> list[tuple[Language, str, str, str]]:
    """Parse TMX ``data`` into ``(language, source, target, origin)`` pairs for our languages.

    A DOCTYPE naming the TMX DTD is fine (nothing is fetched); entity declarations are refused. Units
    in other languages are skipped. Inline codes become neutral tags: ``<bpt>``/``<ept>`` and ``<it>``
    of type bold or italic become ``<b>``/``<i>``, other paired codes ``<aN>``, ``<ph>`` ``<cN/>``; a
    code whose content is itself a neutral tag (what ``write_tmx`` writes) keeps that tag. ``<hi>``
    keeps its text; ``<ut>`` and ``<sub>`` (native code) are dropped.
    """
    refuse_unsafe_xml(data, path, CatalogError, "TMX")
    try:
        root = fromstring(data)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise CatalogError(
            f"is not valid TMX/XML ({exc.msg}); check the export", path=path, line=line
        ) from None
    if root.tag != "tmx":
        raise CatalogError(f"is not a TMX file (root element <{root.tag}>)", path=path, line=1)
    header = root.find("header")
    srclang = (header.get("srclang", SOURCE_LANGUAGE) if header is not None else SOURCE_LANGUAGE).lower()
    if srclang == "*all*":
        srclang = SOURCE_LANGUAGE
    origin = f"tmx:{path.name}"
    pairs: list[tuple[Language, str, str, str]] = []
    for number, tu in enumerate(root.iter("tu"), start=1):
        variants: list[tuple[str, str]] = []
        for tuv in tu.findall("tuv"):
            code = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower()
            seg = tuv.find("seg")
            if seg is not None and code:
                variants.append((code, "".join(_segment_text(seg))))
        sources = [text for code, text in variants if _base(code) == _base(srclang)]
        if not sources:
            continue
        for code, text in variants:
            try:
                language = Language(_base(code))
            except ValueError:
                continue  # a language this desk does not translate into
            for side, value in ((srclang, sources[0]), (code, text)):
                _refuse_unwritable(path, number, tu, side, value)
            pairs.append((language, sources[0], text, origin))
    return pairs


def _refuse_unwritable(path: Path, number: int, tu: ET.Element, code: str, text: str) -> None:
    """Refuse a unit whose ``code`` text could not be written into a catalog."""
    found = refused_character(text)
    if found is None:
        return
    tuid = tu.get("tuid")
    unit = f"unit {number}" + (f" (tuid {tuid!r})" if tuid else "")
    raise CatalogError(
        f"{unit}: the {code} text contains {found}, which a PO catalog cannot hold; remove it from the "
        "TMX file and import it again (nothing was imported)",
        path=path,
    )


def _base(code: str) -> str:
    return code.replace("_", "-").split("-")[0]


def _segment_text(seg: ET.Element) -> Iterator[str]:
    """The text of a ``<seg>`` with its inline codes as neutral tags."""
    opened: dict[str, Tag] = {}  # <bpt i> → the tag it opened
    numbers = {"link": 0, "code": 0}

    def numbered(kind: TagKind, x: str | None) -> Tag:
        key = "code" if kind is TagKind.placeable else "link"
        numbers[key] += 1
        number = int(x) if x and x.isdigit() and 0 < int(x) < 10_000 else numbers[key]
        return Tag(kind, number)

    def own_tag(element: ET.Element) -> Tag | None:
        tokens = list(tokenize("".join(element.itertext())))
        return tokens[0] if len(tokens) == 1 and isinstance(tokens[0], Tag) else None

    def paired(element: ET.Element) -> Tag:
        own = own_tag(element)
        if own is not None and not own.empty:
            return Tag(own.kind, own.number)
        kind = _TAG_OF_TYPE.get((element.get("type") or "").lower())
        return Tag(kind) if kind is not None else numbered(TagKind.link, element.get("x"))

    def walk(element: ET.Element) -> Iterator[str]:
        yield element.text or ""
        for child in element:
            if child.tag == "bpt":
                tag = paired(child)
                opened[child.get("i", "")] = tag
                yield str(tag)
            elif child.tag == "ept":
                tag = opened.pop(child.get("i", "")) if child.get("i", "") in opened else paired(child)
                yield str(tag.closed())
            elif child.tag == "it":
                tag = paired(child)
                yield str(tag.closed() if child.get("pos") == "end" else tag)
            elif child.tag == "ph":
                own = own_tag(child)
                yield str(
                    own if own is not None and own.empty else numbered(TagKind.placeable, child.get("x"))
                )
            elif child.tag == "hi":
                yield from walk(child)
            yield child.tail or ""

    return walk(seg)
