"""CSV for spreadsheets: the term base one row per term and back, with formula-like cells defused."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

from translate.errors import GlossaryError
from translate.glossary.termbase import TERM_ID, Rendering, Status, Term, TermBase, TermKind, check_unique
from translate.languages import ALL_LANGUAGES
from translate.morphology.inflection import Inflection

# Spreadsheets run cells starting with these as formulas; such cells are exported behind a quote.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")

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
            hints = rendering.inflection.hints()
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
            inflection = Inflection.from_hints(hints)
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
                inflection=inflection,
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
