"""TBX (ISO 30042), the term-base exchange standard: the term base as a TBX-Basic document and back."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from translate.errors import GlossaryError
from translate.glossary.termbase import TERM_ID, Rendering, Status, Term, TermBase, TermKind, check_unique
from translate.languages import ALL_LANGUAGES, Language
from translate.morphology.inflection import Inflection
from translate.xmlsafe import fromstring, refuse_unsafe_xml

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PREFERRED = "preferredTerm-admn-sts"
_ADMITTED = "admittedTerm-admn-sts"
_DEPRECATED = "deprecatedTerm-admn-sts"
_WORKING = {Status.approved: "finalizedElement", Status.provisional: "workingElement"}
# Inflection hints have no TBX data category; they travel in one private termNote as JSON.
_MORPHOLOGY = "x-morphology"
_PLURAL = "x-plural"


def to_tbx(termbase: TermBase | Sequence[Term]) -> bytes:
    """The term base as a TBX-Basic document (ISO 30042:2019, DCA style), UTF-8."""
    ET.register_namespace("", TBX_NAMESPACE)
    q = _qualify
    root = ET.Element(q("tbx"), {"type": "TBX-Basic", "style": "dca", XML_LANG: "en"})
    header = ET.SubElement(root, q("tbxHeader"))
    file_desc = ET.SubElement(header, q("fileDesc"))
    source_desc = ET.SubElement(file_desc, q("sourceDesc"))
    ET.SubElement(source_desc, q("p")).text = "translate-desk term base"
    body = ET.SubElement(ET.SubElement(root, q("text")), q("body"))
    for term in termbase:
        entry = ET.SubElement(body, q("conceptEntry"), {"id": term.id})
        _descrip(entry, "subjectField", term.kind.value)
        if term.note:
            ET.SubElement(entry, q("note")).text = term.note
        if term.source:
            _descrip(entry, "source", term.source)
        english = ET.SubElement(entry, q("langSec"), {XML_LANG: "en"})
        if term.ignore_case:
            _descrip(english, "x-ignoreCase", "true")
        _term_sec(english, term.en, _PREFERRED)
        for variant in term.variants:
            _term_sec(english, variant, _ADMITTED)
        for plural in term.plurals:
            _term_sec(english, plural, _ADMITTED, part=_PLURAL)
        for rendering in term.renderings:
            section = ET.SubElement(entry, q("langSec"), {XML_LANG: rendering.language.value})
            if rendering.note:
                ET.SubElement(section, q("note")).text = rendering.note
            if rendering.source:
                _descrip(section, "source", rendering.source)
            if rendering.status is Status.missing:
                _descrip(section, "x-status", "missing")
                continue
            main = _term_sec(section, rendering.text, _PREFERRED)
            ET.SubElement(main, q("admin"), {"type": "elementWorkingStatus"}).text = _WORKING[
                rendering.status
            ]
            hints = rendering.inflection.hints()
            if hints:
                ET.SubElement(main, q("termNote"), {"type": _MORPHOLOGY}).text = json.dumps(
                    hints, ensure_ascii=False
                )
            for variant in rendering.variants:
                _term_sec(section, variant, _ADMITTED)
            for forbidden in rendering.forbidden:
                _term_sec(section, forbidden, _DEPRECATED)
    ET.indent(root)
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        + ET.tostring(root, encoding="unicode").encode("utf-8")
        + b"\n"
    )


def _qualify(tag: str) -> str:
    return f"{{{TBX_NAMESPACE}}}{tag}"


def _descrip(parent: ET.Element, kind: str, text: str) -> None:
    ET.SubElement(parent, _qualify("descrip"), {"type": kind}).text = text


def _term_sec(parent: ET.Element, text: str, status: str, part: str = "") -> ET.Element:
    section = ET.SubElement(parent, _qualify("termSec"))
    ET.SubElement(section, _qualify("term")).text = text
    ET.SubElement(section, _qualify("termNote"), {"type": "administrativeStatus"}).text = status
    if part:
        ET.SubElement(section, _qualify("termNote"), {"type": part}).text = "true"
    return section


def from_tbx(data: bytes, path: Path) -> list[Term]:
    """Terms from a TBX document (ISO 30042:2019 ``tbx`` or the 2008 ``martif`` layout)."""
    refuse_unsafe_xml(data, path, GlossaryError, "TBX")
    try:
        root = fromstring(data)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise GlossaryError(f"not well-formed XML: {exc}", path=path, line=line) from None
    terms = []
    for entry in root.iter():
        if _local(entry.tag) in ("conceptEntry", "termEntry"):
            terms.append(_read_entry(entry, path))
    if _local(root.tag) not in ("tbx", "martif"):
        raise GlossaryError(f"not a TBX document (root element is <{_local(root.tag)}>)", path=path)
    check_unique(terms)
    return terms


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _typed(element: ET.Element, name: str, kind: str) -> str | None:
    for child in _children(element, name):
        if child.get("type") == kind:
            return child.text or ""
    return None


def _read_entry(entry: ET.Element, path: Path) -> Term:
    term_id = entry.get("id") or ""
    if not TERM_ID.fullmatch(term_id):
        raise GlossaryError(
            f"TBX entry id {term_id!r} is not a valid term id (lower-case letters, digits, hyphens)",
            path=path,
        )
    kind_name = _typed(entry, "descrip", "subjectField") or TermKind.thing.value
    try:
        kind = TermKind(kind_name)
    except ValueError:
        kind = TermKind.thing
    note = "".join(child.text or "" for child in _children(entry, "note"))
    source = _typed(entry, "descrip", "source") or ""
    english: list[tuple[str, str, bool]] = []
    ignore_case = False
    renderings: list[Rendering] = []
    for section in _children(entry, "langSec") + _children(entry, "langSet"):
        code = section.get(XML_LANG) or section.get("lang") or ""
        terms = [
            _read_term(term_sec) for term_sec in _children(section, "termSec") + _children(section, "tig")
        ]
        if code.strip().replace("_", "-").split("-", 1)[0].lower() == "en":
            english.extend((text, status, plural) for text, status, _, plural in terms)
            ignore_case = _typed(section, "descrip", "x-ignoreCase") == "true"
            continue
        language = Language.lookup(code)
        if language is None:
            continue  # languages the desk does not publish are kept out of the term base
        renderings.append(_read_rendering(section, language, terms, term_id, path))
    preferred = [text for text, status, _ in english if status == _PREFERRED] or [
        text for text, _, _ in english
    ]
    if not preferred:
        raise GlossaryError(f"TBX entry {term_id} has no English term", path=path)
    en = preferred[0]
    variants = tuple(text for text, _, plural in english if text != en and not plural)
    plurals = tuple(text for text, _, plural in english if plural)
    order = {language: index for index, language in enumerate(ALL_LANGUAGES)}
    renderings.sort(key=lambda rendering: order[rendering.language])
    return Term(
        id=term_id,
        en=en,
        kind=kind,
        variants=variants,
        plurals=plurals,
        ignore_case=ignore_case,
        note=note,
        source=source,
        renderings=tuple(renderings),
    )


def _read_term(section: ET.Element) -> tuple[str, str, dict[str, Any], bool]:
    text = ""
    for child in section.iter():
        if _local(child.tag) == "term":
            text = child.text or ""
            break
    status = ""
    hints: dict[str, Any] = {}
    plural = False
    for child in section.iter():
        if _local(child.tag) != "termNote":
            continue
        if child.get("type") == "administrativeStatus":
            status = child.text or ""
        elif child.get("type") == _MORPHOLOGY:
            try:
                loaded = json.loads(child.text or "{}")
            except json.JSONDecodeError:
                loaded = {}
            hints = loaded if isinstance(loaded, dict) else {}
        elif child.get("type") == _PLURAL:
            plural = True
    working = ""
    for child in section.iter():
        if _local(child.tag) == "admin" and child.get("type") == "elementWorkingStatus":
            working = child.text or ""
    if working == "workingElement":
        hints = {**hints, "_provisional": True}
    return text, status, hints, plural


def _read_rendering(
    section: ET.Element,
    language: Language,
    terms: list[tuple[str, str, dict[str, Any], bool]],
    term_id: str,
    path: Path,
) -> Rendering:
    note = "".join(child.text or "" for child in _children(section, "note"))
    source = _typed(section, "descrip", "source") or ""
    if _typed(section, "descrip", "x-status") == "missing" or not terms:
        return Rendering(language=language, text="", status=Status.missing, note=note, source=source)
    main = next((term for term in terms if term[1] == _PREFERRED), terms[0])
    hints = main[2]
    variants = tuple(t[0] for t in terms if t is not main and t[1] != _DEPRECATED)
    forbidden = tuple(t[0] for t in terms if t[1] == _DEPRECATED)
    try:
        inflection = Inflection.from_hints(hints)
    except (TypeError, ValueError):
        raise GlossaryError(
            f"TBX entry {term_id}: unreadable {_MORPHOLOGY} note in {language.value}", path=path
        ) from None
    return Rendering(
        language=language,
        text=main[0],
        status=Status.provisional if hints.get("_provisional") else Status.approved,
        variants=variants,
        forbidden=forbidden,
        inflection=inflection,
        note=note,
        source=source,
    )
