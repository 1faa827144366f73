"""CSV for spreadsheets and other tools: the term base one row per term, and the glossary CSVs others write.

Three layouts are read, told apart by the header row:

* the full table ``to_csv`` writes (``id``, ``kind``, ``source`` = the English term, …, ``ru``, ``ru_status``,
  …): everything the term base holds, so it round-trips; the English column is called ``source`` and the
  citation ``citation`` because translate-toolkit (``csv2tbx``) and Weblate read a column named ``source``
  as the source-language term. Older exports (an ``en`` column and ``source`` for the citation) are read too;
* a two-column glossary, ``source,target`` (Weblate, translate-toolkit, DeepL, Google; with or without the
  header), whose target language the caller names;
* a multi-language glossary headed by language codes, ``en,ru,tk,kk`` (Google's equivalent-term sets).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

from translate.diagnostics import Location
from translate.errors import GlossaryError, UsageError
from translate.glossary.tbxfile import slug
from translate.glossary.termbase import TERM_ID, Rendering, Status, Term, TermBase, TermKind, check_unique
from translate.languages import ALL_LANGUAGES, SOURCE_LANGUAGE, Language
from translate.morphology.inflection import Inflection

# Spreadsheets run cells starting with these as formulas; such cells are exported behind a quote.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")

_SUFFIXES = ("", "_status", "_variants", "_forbidden", "_morphology", "_note", "_citation")
CSV_COLUMNS = (
    "id",
    "kind",
    "source",
    "en_variants",
    "en_plurals",
    "ignore_case",
    "when",
    "notes",
    "citation",
    *(f"{language.value}{suffix}" for language in ALL_LANGUAGES for suffix in _SUFFIXES),
)
"""The full table's header; ``source`` is the English term and ``notes`` the term's note (the names
translate-toolkit's CSV reader gives those two)."""

# Columns of other tools' glossary CSVs that hold a note on the term.
_NOTE_COLUMNS = ("notes", "note", "description", "translator_comments", "developer_comments", "comment")
# Columns a multi-language glossary may have besides its languages (Google's has ``pos`` and ``description``).
_EXTRA = (*_NOTE_COLUMNS, "pos")


def escape_cell(value: str) -> str:
    """Quote a cell a spreadsheet would run as a formula (=, +, -, @ ...); a leading quote is doubled."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def unescape_cell(value: str) -> str:
    """Undo ``escape_cell``."""
    return value[1:] if value.startswith("'") else value


def to_csv(termbase: TermBase | Sequence[Term], language: Language | None = None) -> str:
    """The term base as CSV, one row per term; lists are one item per line inside a cell.

    With ``language``, a ``target`` column after ``source`` holds that language's usable rendering, so
    a two-column reader (``csv2tbx``, Weblate) gets the pair; ``from_csv`` ignores it (``ru`` etc. hold it).
    """
    columns = list(CSV_COLUMNS)
    if language is not None:
        columns.insert(columns.index("source") + 1, "target")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for term in termbase:
        row: dict[str, str] = {
            "id": term.id,
            "kind": term.kind.value,
            "source": term.en,
            "en_variants": "\n".join(term.variants),
            "en_plurals": "\n".join(term.plurals),
            "ignore_case": "true" if term.ignore_case else "",
            "when": "\n".join(term.when),
            "notes": term.note,
            "citation": term.source,
        }
        if language is not None:
            usable = term.usable_rendering(language)
            row["target"] = usable.text if usable is not None else ""
        for rendering in term.renderings:
            code = rendering.language.value
            row[code] = rendering.text
            row[f"{code}_status"] = rendering.status.value
            row[f"{code}_variants"] = "\n".join(rendering.variants)
            row[f"{code}_forbidden"] = "\n".join(rendering.forbidden)
            hints = rendering.inflection.hints()
            row[f"{code}_morphology"] = json.dumps(hints, ensure_ascii=False) if hints else ""
            row[f"{code}_note"] = rendering.note
            row[f"{code}_citation"] = rendering.source
        writer.writerow([escape_cell(row.get(column, "")) for column in columns])
    return out.getvalue()


def from_csv(text: str, path: Path, language: Language | None = None) -> list[Term]:
    """Terms from any of the three layouts (see the module docstring); each term's location is ``path:line``.

    ``language`` names the target column of a two-column glossary; the other layouts name their languages.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((start, row))  # a row's first line: a quoted cell may span several
            start = reader.line_num + 1
    except csv.Error as exc:
        raise GlossaryError(f"not valid CSV: {exc}", path=path, line=start) from None
    if not rows:
        raise GlossaryError(
            "empty CSV; expected a header row such as id,kind,source or source,target", path=path
        )
    header_line, first = rows[0]
    header = [unescape_cell(cell).strip().lower() for cell in first]
    if "id" in header and "kind" in header:
        terms = [_full_term(_cells(header, row, path, line), path, line) for line, row in rows[1:]]
    elif "source" in header and "target" in header:
        terms = _pairs(header, rows[1:], path, _need(language, path, header_line))
    elif header[0] not in ("", "id") and all(_language_code(name) for name in header if name not in _EXTRA):
        terms = _by_language(header, rows[1:], path, header_line)
    elif len(header) == 2:
        # No header: DeepL's and Google's glossary CSVs are bare source,target pairs.
        terms = _pairs(["source", "target"], rows, path, _need(language, path, header_line))
    else:
        raise GlossaryError(
            f"CSV header {','.join(first)!r} is not one this reader knows: use the table `glossary export` "
            "writes (id,kind,source,...), a two-column source,target glossary, or language codes "
            "(en,ru,tk,kk)",
            path=path,
            line=header_line,
        )
    check_unique(terms)
    return terms


def _need(language: Language | None, path: Path, line: int) -> Language:
    if language is None:
        raise UsageError(
            f"{path}:{line}: a two-column glossary CSV does not say its target language; "
            "pass --lang (ru, tk or kk)"
        )
    return language


def _language_code(name: str) -> str:
    """The base language code a header cell names (``en``, ``ru-RU`` → ``ru``), or "" for other text."""
    base = name.replace("_", "-").split("-")[0]
    return base if len(base) in (2, 3) and base.isalpha() and base.isascii() else ""


def _cells(header: list[str], row: list[str], path: Path, line: int) -> dict[str, str]:
    if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
        raise GlossaryError(
            f"row has {len(row)} cells but the header has {len(header)}; quote cells that hold commas",
            path=path,
            line=line,
        )
    return {name: unescape_cell(value) for name, value in zip(header, row, strict=False)}


def _lines(value: str) -> tuple[str, ...]:
    return tuple(item for item in value.split("\n") if item)


def _full_term(cells: dict[str, str], path: Path, line: int) -> Term:
    # Exports before the rename had the English term in ``en`` and the citations in ``source``.
    legacy = "en" in cells
    english_column, citation = ("en", "source") if legacy else ("source", "citation")
    term_id = cells.get("id", "")
    if not TERM_ID.fullmatch(term_id):
        raise GlossaryError(
            f"id {term_id!r} is not a valid term id (lower-case letters, digits, hyphens)",
            path=path,
            line=line,
        )
    english = cells.get(english_column, "")
    if not english:
        raise GlossaryError(
            f"term {term_id} has no English form ({english_column} column)", path=path, line=line
        )
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
                source=cells.get(f"{code}_{citation}", ""),
                location=Location.at(path, line),
            )
        )
    return Term(
        id=term_id,
        en=english,
        kind=kind,
        variants=_lines(cells.get("en_variants", "")),
        plurals=_lines(cells.get("en_plurals", "")),
        ignore_case=cells.get("ignore_case", "").strip().lower() == "true",
        note=cells.get("note" if legacy else "notes", ""),
        source=cells.get(citation, ""),
        renderings=tuple(renderings),
        location=Location.at(path, line),
        when=_lines(cells.get("when", "")),
    )


def _note(cells: dict[str, str]) -> str:
    return " ".join(value.strip() for name in _NOTE_COLUMNS if (value := cells.get(name, "")).strip())


def _pairs(
    header: list[str], rows: list[tuple[int, list[str]]], path: Path, language: Language
) -> list[Term]:
    """A two-column glossary: English in ``source``, ``language`` in ``target``."""
    terms: list[Term] = []
    seen: dict[str, int] = {}
    taken: set[str] = set()
    for line, row in rows:
        cells = _cells(header, row, path, line)
        english, target = cells.get("source", "").strip(), cells.get("target", "").strip()
        if not english:
            raise GlossaryError("row has no source (English) term", path=path, line=line)
        if english in seen:
            raise GlossaryError(f"{english!r} is already on line {seen[english]}", path=path, line=line)
        seen[english] = line
        given = cells.get("id", "")
        term_id = given if TERM_ID.fullmatch(given) and given not in taken else slug(english, taken)
        taken.add(term_id)
        where = Location.at(path, line)
        renderings = (Rendering(language, target, location=where),) if target else ()
        terms.append(Term(term_id, english, note=_note(cells), renderings=renderings, location=where))
    return terms


def _by_language(
    header: list[str], rows: list[tuple[int, list[str]]], path: Path, header_line: int
) -> list[Term]:
    """A glossary headed by language codes: one column per language, English required."""
    codes = [_language_code(name) if name not in _EXTRA else "" for name in header]
    if SOURCE_LANGUAGE not in codes:
        raise GlossaryError(
            f"the header names no English column ({SOURCE_LANGUAGE}); the term base is keyed by English",
            path=path,
            line=header_line,
        )
    terms: list[Term] = []
    seen: dict[str, int] = {}
    taken: set[str] = set()
    for line, row in rows:
        cells = _cells(header, row, path, line)
        by_code = {
            code: unescape_cell(value).strip() for code, value in zip(codes, row, strict=False) if code
        }
        english = by_code.get(SOURCE_LANGUAGE, "")
        if not english:
            raise GlossaryError("row has no English term", path=path, line=line)
        if english in seen:
            raise GlossaryError(f"{english!r} is already on line {seen[english]}", path=path, line=line)
        seen[english] = line
        where = Location.at(path, line)
        renderings = tuple(
            Rendering(language, by_code[language.value], location=where)
            for language in ALL_LANGUAGES
            if by_code.get(language.value)
        )
        term_id = slug(english, taken)
        taken.add(term_id)
        terms.append(Term(term_id, english, note=_note(cells), renderings=renderings, location=where))
    return terms
