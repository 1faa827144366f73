"""Exchange of the term base with other tools: TBX (ISO 30042) and CSV, both ways."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from translate.errors import GlossaryError
from translate.glossary.termbase import TERM_ID, Rendering, Status, Term, TermBase, TermKind, check_unique
from translate.languages import ALL_LANGUAGES, Language
from translate.xmlsafe import refuse_doctype

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PREFERRED = "preferredTerm-admn-sts"
_ADMITTED = "admittedTerm-admn-sts"
_DEPRECATED = "deprecatedTerm-admn-sts"
_WORKING = {Status.approved: "finalizedElement", Status.provisional: "workingElement"}
# Inflection hints have no TBX data category; they travel in one private termNote as JSON.
_MORPHOLOGY = "x-morphology"
_PLURAL = "x-plural"
# Spreadsheets run cells starting with these as formulas; such cells are exported behind a quote.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


# ------------------------------------------------------------------------------------------------ TBX


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
            hints = _hints(rendering)
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


def _hints(rendering: Rendering) -> dict[str, Any]:
    hints: dict[str, Any] = {}
    if rendering.fixed:
        hints["fixed"] = list(rendering.fixed)
    for key in ("indeclinable", "possessive", "honorific"):
        if getattr(rendering, key):
            hints[key] = True
    if rendering.stem:
        hints["stem"] = rendering.stem
    if rendering.forms:
        hints["forms"] = dict(rendering.forms)
    return hints


def from_tbx(data: bytes, path: Path) -> list[Term]:
    """Terms from a TBX document (ISO 30042:2019 ``tbx`` or the 2008 ``martif`` layout)."""
    refuse_doctype(data, path, GlossaryError, "TBX")
    try:
        root = ET.fromstring(data)
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
        code = (section.get(XML_LANG) or section.get("lang") or "").lower().split("-")[0]
        terms = [
            _read_term(term_sec) for term_sec in _children(section, "termSec") + _children(section, "tig")
        ]
        if code == "en":
            english.extend((text, status, plural) for text, status, _, plural in terms)
            ignore_case = _typed(section, "descrip", "x-ignoreCase") == "true"
            continue
        try:
            language = Language(code)
        except ValueError:
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
        forms = tuple((str(key), str(value)) for key, value in dict(hints.get("forms", {})).items())
        return Rendering(
            language=language,
            text=main[0],
            status=Status.provisional if hints.get("_provisional") else Status.approved,
            variants=variants,
            forbidden=forbidden,
            fixed=tuple(str(word) for word in hints.get("fixed", ())),
            indeclinable=bool(hints.get("indeclinable", False)),
            possessive=bool(hints.get("possessive", False)),
            honorific=bool(hints.get("honorific", False)),
            stem=str(hints.get("stem", "")),
            forms=forms,
            note=note,
            source=source,
        )
    except (TypeError, ValueError):
        raise GlossaryError(
            f"TBX entry {term_id}: unreadable {_MORPHOLOGY} note in {language.value}", path=path
        ) from None


# ------------------------------------------------------------------------------------------------ CSV

CSV_COLUMNS = (
    "id",
    "kind",
    "en",
    "en_variants",
    "en_plurals",
    "ignore_case",
    "note",
    "source",
    *(
        f"{language.value}{suffix}"
        for language in ALL_LANGUAGES
        for suffix in ("", "_status", "_variants", "_forbidden", "_morphology", "_note", "_source")
    ),
)


def escape_cell(value: str) -> str:
    """Quote a cell a spreadsheet would run as a formula (=, +, -, @ ...); a leading quote is doubled."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def unescape_cell(value: str) -> str:
    """Undo ``escape_cell``."""
    return value[1:] if value.startswith("'") else value


def to_csv(termbase: TermBase | Sequence[Term]) -> str:
    """The term base as CSV, one row per term; lists are one item per line inside a cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for term in termbase:
        row: dict[str, str] = {
            "id": term.id,
            "kind": term.kind.value,
            "en": term.en,
            "en_variants": "\n".join(term.variants),
            "en_plurals": "\n".join(term.plurals),
            "ignore_case": "true" if term.ignore_case else "",
            "note": term.note,
            "source": term.source,
        }
        for rendering in term.renderings:
            code = rendering.language.value
            row[code] = rendering.text
            row[f"{code}_status"] = rendering.status.value
            row[f"{code}_variants"] = "\n".join(rendering.variants)
            row[f"{code}_forbidden"] = "\n".join(rendering.forbidden)
            hints = _hints(rendering)
            row[f"{code}_morphology"] = json.dumps(hints, ensure_ascii=False) if hints else ""
            row[f"{code}_note"] = rendering.note
            row[f"{code}_source"] = rendering.source
        writer.writerow([escape_cell(row.get(column, "")) for column in CSV_COLUMNS])
    return out.getvalue()


def from_csv(text: str, path: Path) -> list[Term]:
    """Terms from CSV written by ``to_csv`` (or by hand with the same header)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise GlossaryError("empty CSV; expected a header row starting with id,kind,en", path=path) from None
    except csv.Error as exc:
        raise GlossaryError(f"not valid CSV: {exc}", path=path, line=1) from None
    header = [unescape_cell(cell).strip() for cell in header]
    for required in ("id", "en"):
        if required not in header:
            raise GlossaryError(f"CSV header has no {required!r} column", path=path, line=1)
    terms = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            cells = {name: unescape_cell(value) for name, value in zip(header, row, strict=False)}
            terms.append(_csv_term(cells, path, line))
    except csv.Error as exc:
        raise GlossaryError(f"not valid CSV: {exc}", path=path, line=reader.line_num) from None
    check_unique(terms)
    return terms


def _lines(value: str) -> tuple[str, ...]:
    return tuple(item for item in value.split("\n") if item)


def _csv_term(cells: dict[str, str], path: Path, line: int) -> Term:
    term_id = cells.get("id", "")
    if not TERM_ID.fullmatch(term_id):
        raise GlossaryError(
            f"id {term_id!r} is not a valid term id (lower-case letters, digits, hyphens)",
            path=path,
            line=line,
        )
    if not cells.get("en"):
        raise GlossaryError(f"term {term_id} has no English form", path=path, line=line)
    try:
        kind = TermKind(cells.get("kind") or TermKind.thing.value)
    except ValueError:
        raise GlossaryError(
            f"term {term_id}: unknown kind {cells.get('kind')!r}", path=path, line=line
        ) from None
    renderings = []
    for language in ALL_LANGUAGES:
        code = language.value
        text = cells.get(code, "")
        status_name = cells.get(f"{code}_status", "")
        if not text and not status_name:
            continue
        try:
            status = Status(status_name or Status.approved.value)
        except ValueError:
            raise GlossaryError(
                f"term {term_id}: unknown {code} status {status_name!r}", path=path, line=line
            ) from None
        morphology = cells.get(f"{code}_morphology", "")
        try:
            hints = json.loads(morphology) if morphology else {}
            if not isinstance(hints, dict):
                raise ValueError("not an object")
            forms = tuple((str(key), str(value)) for key, value in dict(hints.get("forms", {})).items())
        except (ValueError, TypeError):
            raise GlossaryError(
                f"term {term_id}: {code}_morphology is not a JSON object", path=path, line=line
            ) from None
        renderings.append(
            Rendering(
                language=language,
                text=text,
                status=status,
                variants=_lines(cells.get(f"{code}_variants", "")),
                forbidden=_lines(cells.get(f"{code}_forbidden", "")),
                fixed=tuple(str(word) for word in hints.get("fixed", ())),
                indeclinable=bool(hints.get("indeclinable", False)),
                possessive=bool(hints.get("possessive", False)),
                honorific=bool(hints.get("honorific", False)),
                stem=str(hints.get("stem", "")),
                forms=forms,
                note=cells.get(f"{code}_note", ""),
                source=cells.get(f"{code}_source", ""),
            )
        )
    return Term(
        id=term_id,
        en=cells["en"],
        kind=kind,
        variants=_lines(cells.get("en_variants", "")),
        plurals=_lines(cells.get("en_plurals", "")),
        ignore_case=cells.get("ignore_case", "").strip().lower() == "true",
        note=cells.get("note", ""),
        source=cells.get("source", ""),
        renderings=tuple(renderings),
    )


def read_terms(path: Path) -> list[Term]:
    """Terms from a ``.tbx`` (or ``.xml``) or ``.csv`` file, validated as the term base would be."""
    from translate.fileio import decode_utf8
    from translate.glossary.termbase import parse_terms, render_terms

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"cannot read ({exc.strerror})", path=path) from None
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml"):
        terms = from_tbx(data, path)
    elif suffix == ".csv":
        terms = from_csv(decode_utf8(data, path, GlossaryError).lstrip("\ufeff"), path)
    else:
        raise GlossaryError("unknown exchange format; use a .tbx or .csv file", path=path)
    # Validate exactly as a term-base file would be, so an import can never write a file the reader refuses.
    parse_terms(render_terms("", terms), path.with_suffix(".toml"))
    return terms


def write_exchange(termbase: TermBase, path: Path) -> None:
    """Export the term base to ``path`` (``.tbx`` or ``.csv``), atomically."""
    from translate.fileio import atomic_write_bytes

    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml"):
        atomic_write_bytes(path, to_tbx(termbase))
    elif suffix == ".csv":
        atomic_write_bytes(path, to_csv(termbase).encode("utf-8"))
    else:
        raise GlossaryError("unknown exchange format; use a .tbx or .csv file", path=path)
