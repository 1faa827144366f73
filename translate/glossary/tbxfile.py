"""TBX (ISO 30042), the term-base exchange standard: the term base as TBX-Basic (v3 or v2 martif) and back.

What the term base holds maps onto TBX-Basic's own data categories: the kind is the concept's
``subjectField``, a citation an ``admin type="source"``, a note a ``note``; approved renderings and English
forms are ``preferredTerm-admn-sts``, variants ``admittedTerm-admn-sts``, forbidden renderings
``deprecatedTerm-admn-sts``; every term has ``partOfSpeech`` ``noun`` (the base holds names and titles) and
variants and acronyms a ``termType``. What TBX-Basic has no data category for (inflection hints, a
provisional status, English plurals, case-insensitive matching, sense rules, a language known to have no
rendering) travels as JSON in a ``note`` that starts with ``translate-desk:``. A note is the only place the
DCA Schematron allows it: it refuses every ``type`` outside the dialect's list and every element of another
namespace (so no private module either).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate.errors import GlossaryError
from translate.glossary.termbase import TERM_ID, Rendering, Status, Term, TermBase, TermKind, check_unique
from translate.languages import ALL_LANGUAGES, Language
from translate.morphology.inflection import Inflection
from translate.xmlsafe import fromstring, refuse_unsafe_xml

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
SUPERSEDED = "supersededTerm-admn-sts"
EXTENSION = "translate-desk: "
"""How a note holding the term base's own settings (as a JSON object) begins."""
_ACRONYM = re.compile(r"[A-ZА-ЯЁ0-9]*[A-ZА-ЯЁ][A-ZА-ЯЁ0-9]+")
# Pretty-printed TBX wraps long texts; a run of white space holding a line break is one space. The term
# base's own texts never hold tabs or line breaks, so this changes nothing that it wrote.
_WRAPPED = re.compile(r"[ \t\r\n]*[\t\r\n][ \t\r\n]*")


@dataclass(frozen=True, slots=True)
class _Dialect:
    """Element names of one TBX version (ISO 30042:2019 ``tbx`` or the 2008 ``martif``)."""

    root: str
    header: str
    entry: str
    language: str
    term: str
    namespace: str
    attributes: dict[str, str] = field(default_factory=dict)

    def q(self, tag: str) -> str:
        return f"{{{self.namespace}}}{tag}" if self.namespace else tag


TBX_BASIC = _Dialect(
    "tbx",
    "tbxHeader",
    "conceptEntry",
    "langSec",
    "termSec",
    TBX_NAMESPACE,
    {"type": "TBX-Basic", "style": "dca"},
)
TBX_V2 = _Dialect("martif", "martifHeader", "termEntry", "langSet", "tig", "", {"type": "TBX-Basic"})


def to_tbx(termbase: TermBase | Sequence[Term]) -> bytes:
    """The term base as a TBX-Basic document (ISO 30042:2019, DCA style), UTF-8."""
    return _write(termbase, TBX_BASIC)


def to_martif(termbase: TermBase | Sequence[Term]) -> bytes:
    """The term base as a TBX v2 (ISO 30042:2008) ``martif`` document, which translate-toolkit reads."""
    return _write(termbase, TBX_V2)


def _write(termbase: TermBase | Sequence[Term], dialect: _Dialect) -> bytes:
    if dialect.namespace:
        ET.register_namespace("", dialect.namespace)
    q = dialect.q
    root = ET.Element(q(dialect.root), {**dialect.attributes, XML_LANG: "en"})
    header = ET.SubElement(root, q(dialect.header))
    file_desc = ET.SubElement(header, q("fileDesc"))
    source_desc = ET.SubElement(file_desc, q("sourceDesc"))
    ET.SubElement(source_desc, q("p")).text = "translate-desk term base"
    body = ET.SubElement(ET.SubElement(root, q("text")), q("body"))
    for term in termbase:
        _write_entry(body, term, dialect)
    ET.indent(root)
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        + ET.tostring(root, encoding="unicode").encode("utf-8")
        + b"\n"
    )


def _write_entry(body: ET.Element, term: Term, dialect: _Dialect) -> None:
    q = dialect.q
    # An XML ID cannot start with a digit; no term id starts with "_", so the prefix reads back unambiguously.
    entry_id = term.id if term.id[0].isalpha() else f"_{term.id}"
    entry = ET.SubElement(body, q(dialect.entry), {"id": entry_id})
    ET.SubElement(entry, q("descrip"), {"type": "subjectField"}).text = term.kind.value
    if term.source:
        ET.SubElement(entry, q("admin"), {"type": "source"}).text = term.source
    if term.note:
        ET.SubElement(entry, q("note")).text = term.note
    settings: dict[str, Any] = {}
    if term.ignore_case:
        settings["ignore_case"] = True
    if term.when:
        settings["when"] = list(term.when)
    missing = {
        rendering.language.value: {
            key: value for key in ("note", "source") if (value := getattr(rendering, key))
        }
        for rendering in term.renderings
        if rendering.status is Status.missing
    }
    if missing:
        settings["missing"] = missing
    _extension(entry, settings, dialect)
    english = ET.SubElement(entry, q(dialect.language), {XML_LANG: "en"})
    _term(english, term.en, PREFERRED, dialect)
    for variant in term.variants:
        _term(english, variant, ADMITTED, dialect, term_type="variant")
    for plural in term.plurals:
        _term(english, plural, ADMITTED, dialect, term_type="variant", settings={"plural": True})
    for rendering in term.renderings:
        if rendering.status is Status.missing and not rendering.forbidden:
            continue  # TBX has no empty language section: the entry's settings note says "missing"
        section = ET.SubElement(entry, q(dialect.language), {XML_LANG: rendering.language.value})
        if rendering.status is not Status.missing:
            if rendering.source:
                ET.SubElement(section, q("admin"), {"type": "source"}).text = rendering.source
            if rendering.note:
                ET.SubElement(section, q("note")).text = rendering.note
            own: dict[str, Any] = {}
            if rendering.status is Status.provisional:
                own["status"] = Status.provisional.value
            hints = rendering.inflection.hints()
            if hints:
                own["inflection"] = hints
            # A provisional rendering is not yet the preferred term; its settings note marks it the main one.
            status = PREFERRED if rendering.status is Status.approved else ADMITTED
            _term(section, rendering.text, status, dialect, settings=own)
            for variant in rendering.variants:
                _term(section, variant, ADMITTED, dialect, term_type="variant")
        for forbidden in rendering.forbidden:
            _term(section, forbidden, DEPRECATED, dialect)


def _term(
    parent: ET.Element,
    text: str,
    status: str,
    dialect: _Dialect,
    *,
    term_type: str = "",
    settings: dict[str, Any] | None = None,
) -> None:
    q = dialect.q
    section = ET.SubElement(parent, q(dialect.term))
    ET.SubElement(section, q("term")).text = text
    ET.SubElement(section, q("termNote"), {"type": "administrativeStatus"}).text = status
    ET.SubElement(section, q("termNote"), {"type": "partOfSpeech"}).text = "noun"
    if _ACRONYM.fullmatch(text):
        term_type = "acronym"
    if term_type:
        ET.SubElement(section, q("termNote"), {"type": "termType"}).text = term_type
    _extension(section, settings or {}, dialect)


def _extension(parent: ET.Element, settings: dict[str, Any], dialect: _Dialect) -> None:
    if settings:
        ET.SubElement(parent, dialect.q("note")).text = EXTENSION + json.dumps(settings, ensure_ascii=False)


# --------------------------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class TbxTerms:
    """The terms read from a TBX document, and the entries left out with why (``c17: no English term``)."""

    terms: tuple[Term, ...]
    skipped: tuple[str, ...] = ()


def from_tbx(data: bytes, path: Path) -> list[Term]:
    """Terms from a TBX document (ISO 30042:2019 ``tbx`` or the 2008 ``martif`` layout); see ``read_tbx``."""
    return list(read_tbx(data, path).terms)


def read_tbx(data: bytes, path: Path, language: Language | None = None) -> TbxTerms:
    """Terms from a TBX document (ISO 30042:2019 ``tbx`` or the 2008 ``martif`` layout).

    An entry without an id, or with one that is no term id (``csv2tbx`` writes the English term), gets
    one made from it or from its English term (``Caspian Sea`` → ``caspian-sea``). Entries without an
    English term (a bibliography entry of another term base) are skipped, since the term base is keyed
    by English; languages other than English, ru, tk and kk are left out. ``language`` names the
    language of sections marked ``xx`` or ``und`` (``csv2tbx`` knows no target language and writes ``xx``).
    """
    refuse_unsafe_xml(data, path, GlossaryError, "TBX")
    try:
        root = fromstring(data)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise GlossaryError(f"not well-formed XML: {exc}", path=path, line=line) from None
    if _local(root.tag) not in ("tbx", "martif"):
        raise GlossaryError(f"not a TBX document (root element is <{_local(root.tag)}>)", path=path)
    taken: set[str] = set()
    terms = []
    skipped = []
    for number, entry in enumerate(
        (entry for entry in root.iter() if _local(entry.tag) in ("conceptEntry", "termEntry")), start=1
    ):
        term = _read_entry(entry, path, taken, language)
        if term is None:
            skipped.append(f"{entry.get('id') or f'entry {number}'}: no English term")
            continue
        taken.add(term.id)
        terms.append(term)
    if skipped and not terms:
        raise GlossaryError(f"no TBX entry has an English term ({skipped[0]})", path=path)
    check_unique(terms)
    return TbxTerms(tuple(terms), tuple(skipped))


def slug(text: str, taken: set[str]) -> str:
    """A term id made from ``text`` ("Caspian Sea" → ``caspian-sea``), numbered when ``taken`` has it."""
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:70].strip("-") or "term"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, *names: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) in names]


def _text(element: ET.Element) -> str:
    text = "".join(element.itertext())
    return _WRAPPED.sub(" ", text).strip(" ") if _WRAPPED.search(text) else text


def _typed(element: ET.Element, name: str, kind: str) -> str:
    """The text of ``element``'s child ``name`` of type ``kind``, also inside a ``…Grp`` wrapper."""
    for child in element:
        local = _local(child.tag)
        if local == name and child.get("type") == kind:
            return _text(child)
        if local == f"{name}Grp":
            found = _typed(child, name, kind)
            if found:
                return found
    return ""


@dataclass(frozen=True, slots=True)
class _Notes:
    """An element's human notes (joined) and its ``translate-desk:`` settings."""

    text: str
    settings: dict[str, Any]


def _notes(element: ET.Element, path: Path, where: str) -> _Notes:
    texts: list[str] = []
    settings: dict[str, Any] = {}
    for child in _children(element, "note"):
        value = _text(child)
        if value.startswith(EXTENSION):
            try:
                loaded = json.loads(value[len(EXTENSION) :])
            except json.JSONDecodeError:
                loaded = None
            if not isinstance(loaded, dict):
                raise GlossaryError(f"{where}: the {EXTENSION.strip()} note is not a JSON object", path=path)
            settings.update(loaded)
        elif value:
            texts.append(value)
    return _Notes(" ".join(texts), settings)


@dataclass(frozen=True, slots=True)
class _TermSec:
    text: str
    status: str
    settings: dict[str, Any]


def _read_entry(entry: ET.Element, path: Path, taken: set[str], unnamed: Language | None) -> Term | None:
    raw_id = entry.get("id")
    sections = _children(entry, "langSec", "langSet")
    english: list[_TermSec] = []
    for section in sections:
        if _code(section) == "en":
            english += _terms(section, path, raw_id or "")
    preferred = [t.text for t in english if t.status == PREFERRED] or [t.text for t in english]
    if not preferred:
        return None
    own = raw_id[1:] if raw_id is not None and raw_id.startswith("_") else raw_id
    if own is not None and TERM_ID.fullmatch(own) and own not in taken:
        term_id = own
    else:
        # Other tools' ids follow other rules (csv2tbx uses the English term, MultiTerm "C1"): one is made.
        term_id = slug(raw_id or preferred[0], taken)
    where = f"TBX entry {term_id}"
    try:
        kind = TermKind(_typed(entry, "descrip", "subjectField"))
    except ValueError:
        kind = TermKind.thing  # another tool's subject field ("General") is no kind of the term base
    notes = _notes(entry, path, where)
    en = preferred[0]
    plurals = tuple(t.text for t in english if t.settings.get("plural"))
    variants = tuple(t.text for t in english if t.text != en and t.text not in plurals)
    missing = notes.settings.get("missing", {})
    if not isinstance(missing, dict):
        raise GlossaryError(
            f"{where}: 'missing' in the {EXTENSION.strip()} note must be an object", path=path
        )
    renderings: dict[Language, Rendering] = {}
    for code, details in missing.items():
        language = _language(code)
        if language is not None:
            info = details if isinstance(details, dict) else {}
            renderings[language] = Rendering(
                language,
                "",
                Status.missing,
                note=str(info.get("note", "")),
                source=str(info.get("source", "")),
            )
    for section in sections:
        code = _code(section)
        language = unnamed if code in ("xx", "und", "") and unnamed is not None else _language(code)
        if language is not None:
            renderings[language] = _read_rendering(section, language, renderings.get(language), path, where)
    when = notes.settings.get("when", [])
    return Term(
        id=term_id,
        en=en,
        kind=kind,
        variants=tuple(dict.fromkeys(variants)),
        plurals=tuple(dict.fromkeys(plurals)),
        ignore_case=bool(notes.settings.get("ignore_case", False)),
        note=notes.text,
        source=_typed(entry, "admin", "source"),
        renderings=tuple(renderings[language] for language in ALL_LANGUAGES if language in renderings),
        when=tuple(str(rule) for rule in when) if isinstance(when, list) else (),
    )


def _code(section: ET.Element) -> str:
    return (section.get(XML_LANG) or section.get("lang") or "").lower().replace("_", "-").split("-")[0]


def _language(code: str) -> Language | None:
    try:
        return Language(code)
    except ValueError:
        return None  # languages the desk does not publish are kept out of the term base


def _terms(section: ET.Element, path: Path, where: str) -> list[_TermSec]:
    found = []
    for group in _children(section, "termSec", "tig", "ntig"):
        text = next((_text(child) for child in group.iter() if _local(child.tag) == "term"), "")
        status = ""
        for child in group.iter():
            if _local(child.tag) == "termNote" and child.get("type") == "administrativeStatus":
                status = _text(child).strip()
        if text:
            found.append(_TermSec(text, status, _notes(group, path, where).settings))
    return found


def _read_rendering(
    section: ET.Element, language: Language, missing: Rendering | None, path: Path, where: str
) -> Rendering:
    terms = _terms(section, path, where)
    forbidden = tuple(dict.fromkeys(t.text for t in terms if t.status in (DEPRECATED, SUPERSEDED)))
    allowed = [t for t in terms if t.status not in (DEPRECATED, SUPERSEDED)]
    if not allowed:
        base = missing or Rendering(language, "", Status.missing)
        return Rendering(
            language, "", Status.missing, forbidden=forbidden, note=base.note, source=base.source
        )
    main = next(
        (t for t in allowed if t.settings.get("status") == Status.provisional.value),
        next((t for t in allowed if t.status == PREFERRED), allowed[0]),
    )
    hints = main.settings.get("inflection", {})
    try:
        if not isinstance(hints, dict):
            raise TypeError("not an object")
        inflection = Inflection.from_hints(hints)
    except (TypeError, ValueError):
        raise GlossaryError(
            f"{where}: unreadable inflection settings in {language.value}", path=path
        ) from None
    notes = _notes(section, path, where)
    return Rendering(
        language=language,
        text=main.text,
        status=Status.provisional
        if main.settings.get("status") == Status.provisional.value
        else Status.approved,
        variants=tuple(t.text for t in allowed if t is not main),
        forbidden=forbidden,
        inflection=inflection,
        note=notes.text,
        source=_typed(section, "admin", "source"),
    )
