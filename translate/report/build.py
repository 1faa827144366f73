"""The review report: one self-contained HTML page showing every document side by side in all languages."""

from __future__ import annotations

import datetime as dt
import enum
import html
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from translate.catalog.memory import MEMORY_NOTE_PREFIX, SUGGESTION_NOTE_PREFIX
from translate.catalog.pofile import read_catalog
from translate.catalog.template import CatalogStats, catalog_stats, is_translated
from translate.checks.checkers import IGNORE_FLAG_PREFIX, check_entry
from translate.checks.checkers import NOTE_PREFIX as CHECK_NOTE_PREFIX
from translate.document.source import Block, BlockKind, Document
from translate.errors import PublishError
from translate.glossary.enforce import NOTE_PREFIX as GLOSSARY_NOTE_PREFIX
from translate.glossary.forms import term_forms
from translate.glossary.matching import TermMatch, find_source_terms
from translate.glossary.termbase import Status, TermBase
from translate.glossary.tomlfile import load_project_termbase
from translate.glossary.violations import ViolationKind, check_translation
from translate.languages import Language
from translate.pipeline import MT_NOTE_PREFIX
from translate.project import Project
from translate.publish.job import (
    PublishConfig,
    SeriousCheck,
    check_outside_inputs,
    format_date,
    load_publish_config,
    markup_tags,
    resolve_document,
)

# ``#.`` notes that say where a translation came from: the pipeline writes the first, the translation
# memory the others.
_PROVENANCE_NOTES: tuple[tuple[str, str], ...] = ((MT_NOTE_PREFIX, "MT"), (MEMORY_NOTE_PREFIX, "TM"))
DEFAULT_REPORT = "reports/review.html"
"""Where ``translate report`` writes, relative to the project root."""

REPORT_SUFFIXES = (".html", ".htm")


def check_report_path(path: Path, project: Project) -> None:
    """Refuse a report path that could overwrite something else: it must be an ``.html`` file outside
    the project's sources, catalogs, term base and stores (a slip such as ``--out <doc>.po`` would
    otherwise replace a reviewer's catalog with HTML)."""
    if path.suffix.lower() not in REPORT_SUFFIXES:
        raise PublishError("the report is an HTML page; give --out a name ending in .html", path=path)
    if path.is_dir():
        raise PublishError("is a folder; give --out a file name ending in .html", path=path)
    check_outside_inputs(path, project, "write the report elsewhere (default: reports/review.html)")


SERIOUS_SEVERITIES = frozenset({"serious", "critical", "error"})
"""Finding severities counted as serious (what keeps a language from being published)."""

_CONTEXT_NOTES = frozenset({"title", "heading", "list item", "quotation"})
_STILL_RENDERED = (ViolationKind.capitalisation, ViolationKind.provisional)
_TAG = re.compile(r"</?(?:b|i|a\d+)>|<c\d+/>")


# --- what the report shows ----------------------------------------------------------------------------


class CellState(enum.StrEnum):
    """The review state of one segment in one language."""

    reviewed = "reviewed"
    fuzzy = "fuzzy"
    untranslated = "untranslated"
    missing = "missing"  # no catalog, or the entry is not in it (source changed since the last run)


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlighted span of a segment: a glossary term (``kind="term"``) or a term problem."""

    start: int
    end: int
    term_id: str
    kind: str = "term"
    title: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """A check finding as the report shows it."""

    severity: str
    check: str
    message: str
    ignored: bool = False  # acknowledged by the reviewer with ``#, ignore-<check>``

    @property
    def serious(self) -> bool:
        """Whether this finding keeps the language from being published."""
        return self.severity in SERIOUS_SEVERITIES and not self.ignored


@dataclass(frozen=True, slots=True)
class Cell:
    """One segment in one language."""

    text: str
    state: CellState
    provenance: str
    origin: str
    notes: tuple[str, ...]
    findings: tuple[Finding, ...]
    marks: tuple[Mark, ...]
    where: str


@dataclass(frozen=True, slots=True)
class Row:
    """One source segment and its cell per language."""

    number: int
    block: Block
    msgid: str
    marks: tuple[Mark, ...]
    cells: tuple[tuple[Language, Cell], ...]

    @property
    def has_problem(self) -> bool:
        """Some language is not reviewed or has a finding."""
        return any(cell.state is not CellState.reviewed or cell.findings for _, cell in self.cells)


@dataclass(frozen=True, slots=True)
class Progress:
    """Per-language counts of one document, and whether it passes the publishing gate."""

    language: Language
    stats: CatalogStats | None
    serious: int
    blockers: int
    last_translator: str


@dataclass(frozen=True, slots=True)
class DocumentView:
    """Everything the report shows of one document."""

    document: Document
    rows: tuple[Row, ...]
    progress: tuple[Progress, ...]
    dates: tuple[tuple[Language, str], ...]


@dataclass(frozen=True, slots=True)
class Inconsistency:
    """A name, title or segment rendered differently across documents, or left unrendered."""

    subject: str
    language: Language
    kind: str  # "differs" or "unrendered"
    renderings: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # rendering -> (document, segment)


# --- term lookup --------------------------------------------------------------------------------------


class Highlighter:
    """Finds glossary terms in English segments and their renderings (or problems) in translations."""

    def source(self, text: str) -> list[Mark]:
        """Term spans in an English segment."""
        return []

    def target(self, language: Language, source: str, target: str) -> tuple[list[Mark], list[Finding]]:
        """Rendering spans and term problems in a translation."""
        return [], []

    def renderings(self, language: Language, source: str, target: str) -> list[tuple[str, str, bool]]:
        """Per source term: ``(term, how the translation renders it, whether that is approved)``; an
        empty rendering means the term is not rendered at all."""
        return []


class GlossaryHighlighter(Highlighter):
    """Highlights with the project's term base: terms in English, their approved forms in translations,
    and forbidden or near-miss renderings as problems."""

    def __init__(self, termbase: TermBase) -> None:
        self.termbase = termbase

    def source(self, text: str) -> list[Mark]:
        """Outermost term spans, titled with the renderings per language."""
        marks = []
        for match in find_source_terms(self.termbase, text):
            term = self.termbase.find(match.term_id)
            title = match.term_id
            if term is not None:
                rendered = "; ".join(
                    f"{r.language.value}: {r.text}"
                    + (" (provisional)" if r.status is Status.provisional else "")
                    for r in term.renderings
                    if r.usable
                )
                title = f"{term.en} → {rendered}" if rendered else f"{term.en} (no rendering yet)"
            marks.append(Mark(match.start, match.end, match.term_id, "term", title))
        return marks

    def target(self, language: Language, source: str, target: str) -> tuple[list[Mark], list[Finding]]:
        """Approved forms of the source's terms, and the term base's violations with their spans."""
        marks: list[Mark] = []
        for match in find_source_terms(self.termbase, source):
            for inner in match.walk():
                term = self.termbase.find(inner.term_id)
                forms = term_forms(term, language) if term is not None else None
                if forms is None:
                    continue
                for occurrence in forms.approved_occurrences(target):
                    title = f"{term.en if term else inner.term_id} → {forms.main.text}"
                    marks.append(Mark(occurrence.start, occurrence.end, inner.term_id, "term", title))
        findings: list[Finding] = []
        for violation in check_translation(self.termbase, language, source, target):
            findings.append(
                Finding(violation.severity, f"glossary {violation.kind.value}", violation.message)
            )
            if violation.found_start is not None and violation.found_end is not None:
                kind = "violation" if violation.kind is ViolationKind.capitalisation else violation.kind.value
                marks.append(
                    Mark(
                        violation.found_start, violation.found_end, violation.term_id, kind, violation.message
                    )
                )
        return marks, findings

    def renderings(self, language: Language, source: str, target: str) -> list[tuple[str, str, bool]]:
        """How each source term comes out in ``target``: its approved rendering, the wrong text used, or
        an empty string when it is not rendered at all."""
        violations = {
            (v.term_id, v.source_start): v for v in check_translation(self.termbase, language, source, target)
        }
        spans = [(v.source_start, v.source_end) for v in violations.values()]
        found: list[tuple[str, str, bool]] = []

        def visit(match: TermMatch) -> None:
            term = self.termbase.find(match.term_id)
            forms = term_forms(term, language) if term is not None else None
            violation = violations.get((match.term_id, match.start))
            if forms is None or (
                violation is None and any(match.start <= start and end <= match.end for start, end in spans)
            ):
                for inner in match.nested:
                    visit(inner)
                return
            label = term.en if term is not None else match.term_id
            if violation is None or violation.kind in _STILL_RENDERED:
                found.append((label, forms.main.text, True))
            elif violation.kind is ViolationKind.missing:
                found.append((label, "", False))
            else:
                found.append((label, f"{violation.found} ({violation.kind.value})", False))

        for match in find_source_terms(self.termbase, source):
            visit(match)
        return found


EntryCheck = Callable[[polib.POEntry, Language], list[Finding]]


def project_highlighter(project: Project) -> Highlighter:
    """A glossary highlighter for the project's term base, or a plain one when it has none."""
    termbase = load_project_termbase(project.glossary_dir)
    return Highlighter() if termbase is None else GlossaryHighlighter(termbase)


def project_check(project: Project) -> EntryCheck:
    """The project's entry checks (with its term base), as report findings."""
    termbase = load_project_termbase(project.glossary_dir)

    def check(entry: polib.POEntry, language: Language) -> list[Finding]:
        return [
            Finding(f.severity.value, f.check, f.message, f.acknowledged)
            for f in check_entry(entry, language, termbase)
        ]

    return check


# --- building -----------------------------------------------------------------------------------------


def build_report(
    project: Project,
    documents: Sequence[Document],
    languages: Sequence[Language],
    *,
    highlighter: Highlighter | None = None,
    check: EntryCheck | None = None,
    config: PublishConfig | None = None,
) -> tuple[list[DocumentView], list[Inconsistency]]:
    """Read every catalog of ``documents`` and gather what the report shows.

    By default terms are highlighted with the project's term base, findings come from the project's
    checks, and dates follow the project's ``translate.toml``.
    """
    highlighter = highlighter or project_highlighter(project)
    check = check or project_check(project)
    config = config or load_publish_config(project)
    views: list[DocumentView] = []
    for document in documents:
        catalogs: dict[Language, polib.POFile | None] = {}
        for language in languages:
            path = project.catalog_path(language, document.doc_id)
            catalogs[language] = read_catalog(path) if path.exists() else None
        views.append(_document_view(project, document, languages, catalogs, highlighter, check, config))
    return views, _inconsistencies(views, languages, highlighter)


def _document_view(
    project: Project,
    document: Document,
    languages: Sequence[Language],
    catalogs: Mapping[Language, polib.POFile | None],
    highlighter: Highlighter,
    check: EntryCheck | None,
    config: PublishConfig,
) -> DocumentView:
    entries = {
        language: {e.msgid: e for e in catalog if not e.obsolete and e.msgctxt is None}
        for language, catalog in catalogs.items()
        if catalog is not None
    }
    rows: list[Row] = []
    seen: set[str] = set()
    for block, msgid in document.segments():
        if msgid in seen and block.kind is not BlockKind.title:
            continue
        seen.add(msgid)
        cells = []
        for language in languages:
            entry = entries.get(language, {}).get(msgid)
            path = project.catalog_path(language, document.doc_id)
            cells.append((language, _cell(entry, language, msgid, path, project, highlighter, check)))
        rows.append(Row(len(rows) + 1, block, msgid, tuple(highlighter.source(msgid)), tuple(cells)))
    progress = []
    for language in languages:
        catalog = catalogs[language]
        serious = _serious_from(check)
        resolution = resolve_document(
            document,
            language,
            catalog,
            project.catalog_path(language, document.doc_id),
            serious,
            project.root,
        )
        serious_count = sum(
            1
            for row in rows
            for lang, cell in row.cells
            if lang is language
            for f in cell.findings
            if f.serious
        )
        progress.append(
            Progress(
                language,
                catalog_stats(catalog) if catalog is not None else None,
                serious_count,
                len(resolution.blockers),
                catalog.metadata.get("Last-Translator", "") if catalog is not None else "",
            )
        )
    dates: tuple[tuple[Language, str], ...] = ()
    if document.date is not None:
        dates = tuple(
            (language, format_date(document.date, language, config.date_format(language)))
            for language in languages
        )
    return DocumentView(document, tuple(rows), tuple(progress), dates)


def _serious_from(check: EntryCheck | None) -> SeriousCheck | None:
    if check is None:
        return None

    def serious(entry: polib.POEntry, language: Language) -> list[str]:
        findings = check(entry, language)
        return [f"{f.check}: {f.message}" for f in findings if f.serious]

    return serious


def _cell(
    entry: polib.POEntry | None,
    language: Language,
    msgid: str,
    path: Path,
    project: Project,
    highlighter: Highlighter,
    check: EntryCheck | None,
) -> Cell:
    if entry is None:
        return Cell("", CellState.missing, "", "", (), (), (), "")
    where = f"{_relative(path, project)}:{entry.linenum}"
    notes = joined_notes(entry.comment)
    provenance, origin = _provenance(entry, notes)
    other_notes = tuple(
        note
        for note in notes
        if note not in _CONTEXT_NOTES
        # Live findings replace what an earlier check or glossary enforcement noted on the entry.
        and not (check is not None and note.startswith((CHECK_NOTE_PREFIX, GLOSSARY_NOTE_PREFIX)))
        and not any(note.startswith(p) for p, _ in _PROVENANCE_NOTES)
    )
    reviewer = tuple(f"reviewer: {line}" for line in entry.tcomment.splitlines() if line.strip())
    if entry.previous_msgid:  # msgmerge-style fuzzy match: say what the translation was made for
        reviewer += (f"source changed; the translation was made for: {entry.previous_msgid}",)
    if not is_translated(entry):
        return Cell("", CellState.untranslated, provenance, origin, other_notes + reviewer, (), (), where)
    state = CellState.fuzzy if "fuzzy" in entry.flags else CellState.reviewed
    findings: list[Finding] = list(check(entry, language)) if check else []
    if markup_tags(entry.msgstr) != markup_tags(msgid) and not any(f.check == "markup" for f in findings):
        findings.append(Finding("serious", "markup", "tags differ from the source"))
    marks, term_findings = highlighter.target(language, msgid, entry.msgstr)
    if check is None:  # the project's checks include glossary compliance; without them, show it here
        findings.extend(term_findings)
    return Cell(
        entry.msgstr,
        state,
        provenance,
        origin,
        other_notes + reviewer,
        tuple(findings),
        tuple(marks),
        where,
    )


_OUR_NOTE_PREFIXES = (
    CHECK_NOTE_PREFIX,
    GLOSSARY_NOTE_PREFIX,
    MT_NOTE_PREFIX,
    MEMORY_NOTE_PREFIX,
    SUGGESTION_NOTE_PREFIX,
)


def joined_notes(comment: str) -> tuple[str, ...]:
    """An entry's ``#.`` notes, one per note: the lines a PO writer wrapped are joined again.

    A PO writer (polib, msgcat, Poedit) wraps a long note onto lines that lose its prefix, and our own
    wrapped notes continue with ``<prefix>… ``; either way a continuation belongs to the note before
    it, and would otherwise show as a note of its own.
    """
    notes: list[str] = []
    for line in comment.splitlines():
        if not line.strip():
            continue
        previous = notes[-1] if notes else ""
        ours = next((prefix for prefix in _OUR_NOTE_PREFIXES if previous.startswith(prefix)), None)
        if ours is not None and line.startswith(ours + "… "):
            notes[-1] = f"{previous} {line[len(ours) + 2 :]}"
        elif ours is not None and not line.startswith(_OUR_NOTE_PREFIXES) and line not in _CONTEXT_NOTES:
            notes[-1] = f"{previous} {line.strip()}"
        else:
            notes.append(line)
    return tuple(notes)


def _relative(path: Path, project: Project) -> str:
    try:
        return path.resolve().relative_to(project.root).as_posix()
    except ValueError:
        return str(path)


def _provenance(entry: polib.POEntry, notes: Iterable[str]) -> tuple[str, str]:
    """(who produced the text, the note's detail): MT, TM, or a human; "reviewed" when the flag is off."""
    source, origin = "", ""
    for note in notes:
        for prefix, label in _PROVENANCE_NOTES:
            if note.startswith(prefix):
                source, origin = label, note[len(prefix) :].strip()
    if not is_translated(entry):
        return "", ""
    if "fuzzy" in entry.flags:
        return (source or "unreviewed", origin)
    return (f"{source} → reviewed" if source else "reviewer", origin)


def _inconsistencies(
    views: Sequence[DocumentView], languages: Sequence[Language], highlighter: Highlighter
) -> list[Inconsistency]:
    """Names and titles rendered in more than one way (across documents or within one), rendered other
    than the term base says, or left unrendered; and identical source sentences translated differently
    in different documents."""
    found: list[Inconsistency] = []
    for language in languages:
        Places = dict[str, list[tuple[str, int]]]
        by_term: dict[str, Places] = defaultdict(lambda: defaultdict(list))
        wrong: set[str] = set()
        by_segment: dict[str, Places] = defaultdict(lambda: defaultdict(list))
        for view in views:
            for row in view.rows:
                cell = dict(row.cells)[language]
                if cell.state not in (CellState.reviewed, CellState.fuzzy):
                    continue
                place = (view.document.doc_id, row.number)
                by_segment[row.msgid][cell.text].append(place)
                for subject, rendering, approved in highlighter.renderings(language, row.msgid, cell.text):
                    by_term[subject][rendering].append(place)
                    if not approved:
                        wrong.add(subject)
        for subject, renderings in sorted(by_term.items()):
            unrendered = "" in renderings
            if len(renderings) > 1 or subject in wrong:
                kind = "unrendered" if unrendered else "differs"
                found.append(Inconsistency(subject, language, kind, _sorted_places(renderings)))
        for msgid, translations in sorted(by_segment.items()):
            documents = {doc for places in translations.values() for doc, _ in places}
            if len(translations) > 1 and len(documents) > 1:
                found.append(Inconsistency(msgid, language, "differs", _sorted_places(translations)))
    return found


def _sorted_places(
    renderings: Mapping[str, list[tuple[str, int]]],
) -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
    return tuple(sorted((text, tuple(sorted(set(places)))) for text, places in renderings.items()))


# --- HTML ---------------------------------------------------------------------------------------------


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _marked(text: str, marks: Sequence[Mark]) -> str:
    """Escape ``text``, wrap non-overlapping ``marks`` (longest first) in ``<mark>``, show tags as chips."""
    chosen: list[Mark] = []
    # Problems win over plain terms, then longer spans over shorter ones.
    for mark in sorted(marks, key=lambda m: (m.kind == "term", -(m.end - m.start), m.start)):
        inside = 0 <= mark.start < mark.end <= len(text)
        if inside and all(mark.end <= other.start or mark.start >= other.end for other in chosen):
            chosen.append(mark)
    opens = {mark.start: mark for mark in chosen}
    closes = {mark.end for mark in chosen}
    cuts = sorted({0, len(text), *opens, *closes})
    out: list[str] = []
    for start, end in itertools.pairwise(cuts):
        if start in closes:
            out.append("</mark>")
        if (opening := opens.get(start)) is not None:
            css = "term" if opening.kind == "term" else f"term term-{_esc(opening.kind)}"
            out.append(
                f'<mark class="{css}" data-term="{_esc(opening.term_id)}" '
                f'title="{_esc(opening.title or opening.term_id)}">'
            )
        out.append(_chips(text[start:end]))
    if len(text) in closes:
        out.append("</mark>")
    return "".join(out)


def _chips(text: str) -> str:
    out: list[str] = []
    position = 0
    for match in _TAG.finditer(text):
        out.append(_esc(text[position : match.start()]))
        out.append(f'<span class="tag">{_esc(match.group(0))}</span>')
        position = match.end()
    out.append(_esc(text[position:]))
    return "".join(out)


_KIND_LABEL = {
    BlockKind.title: "title",
    BlockKind.heading: "heading",
    BlockKind.paragraph: "¶",
    BlockKind.list_item: "list",
    BlockKind.quote: "quote",
}


def render_report(
    views: Sequence[DocumentView],
    inconsistencies: Sequence[Inconsistency],
    languages: Sequence[Language],
    generated: dt.datetime,
    title: str = "Review report",
) -> str:
    """The report page: inline CSS and script, no external assets, readable on screen and on paper."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        f'<body data-languages="{" ".join(lang.value for lang in languages)}">',
        '<header class="top">',
        f"<h1>{_esc(title)}</h1>",
        f'<p class="generated">Generated {_esc(generated.strftime("%Y-%m-%d %H:%M UTC"))} · '
        f"{len(views)} document{'s' if len(views) != 1 else ''} · "
        + ", ".join(f"{_esc(lang.english_name)} ({lang.value})" for lang in languages)
        + "</p>",
        '<nav class="controls" id="controls" aria-label="Display"></nav>',
        _legend(),
        "</header>",
        "<main>",
        _progress_section(views, languages),
        _consistency_section(inconsistencies, languages, len(views) == 1),
    ]
    parts.extend(_document_section(view, languages) for view in views)
    parts.extend(["</main>", f"<script>{_SCRIPT}</script>", "</body>", "</html>", ""])
    return "\n".join(parts)


def _legend() -> str:
    return (
        '<p class="legend">'
        '<span class="badge state-reviewed">reviewed</span> '
        '<span class="badge state-fuzzy">fuzzy</span> '
        '<span class="badge state-untranslated">untranslated</span> '
        '<mark class="term">glossary term</mark> '
        '<span class="finding sev-serious">serious finding</span> '
        '<span class="finding sev-warning">warning</span> '
        '<span class="tag">&lt;b&gt;</span> markup kept from the source'
        "</p>"
    )


def _progress_section(views: Sequence[DocumentView], languages: Sequence[Language]) -> str:
    rows = [
        _progress_row(
            view.document.doc_id, item.language, item.stats, item.serious, item.blockers, item.last_translator
        )
        for view in views
        for item in view.progress
    ]
    totals = []
    if len(views) > 1:
        for language in languages:
            items = [item for view in views for item in view.progress if item.language is language]
            known = [item.stats for item in items if item.stats is not None]
            stats = CatalogStats(
                sum(s.entries for s in known),
                sum(s.translated for s in known),
                sum(s.fuzzy for s in known),
                sum(s.untranslated for s in known),
                sum(s.obsolete for s in known),
            )
            missing = len(items) - len(known)
            totals.append(
                _progress_row(
                    "all documents",
                    language,
                    stats,
                    sum(item.serious for item in items),
                    sum(item.blockers for item in items) + missing,
                    "",
                )
            )
    foot = f"<tfoot>{''.join(totals)}</tfoot>" if totals else ""
    return (
        '<section id="progress"><h2>Progress</h2><table class="progress"><thead><tr>'
        "<th>document</th><th>lang</th><th>reviewed</th><th>reviewed / entries</th><th>fuzzy</th>"
        "<th>untranslated</th><th>serious</th><th>publishing gate</th><th>last translator</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody>{foot}</table></section>"
    )


def _progress_row(
    label: str,
    language: Language,
    stats: CatalogStats | None,
    serious: int,
    blockers: int,
    last_translator: str,
) -> str:
    if stats is None:
        cells = '<td colspan="5" class="missing">no catalog: run <code>translate run</code></td>'
        gate = '<td class="gate blocked">blocked</td>'
    else:
        share = 100 * stats.translated / stats.entries if stats.entries else 100.0
        fuzzy = 100 * stats.fuzzy / max(stats.entries, 1)
        bar = (
            f'<div class="bar" role="img" aria-label="{share:.0f}% reviewed">'
            f'<span class="bar-reviewed" style="width:{share:.1f}%"></span>'
            f'<span class="bar-fuzzy" style="width:{fuzzy:.1f}%"></span></div>'
        )
        cells = (
            f"<td>{bar}<small>{share:.0f}%</small></td><td>{stats.translated}/{stats.entries}</td>"
            f"<td>{stats.fuzzy}</td><td>{stats.untranslated}</td><td>{serious}</td>"
        )
        gate = (
            '<td class="gate ready">ready to publish</td>'
            if not blockers
            else f'<td class="gate blocked">blocked ({blockers})</td>'
        )
    name = (
        f'<a href="#doc-{_esc(label)}">{_esc(label)}</a>' if label != "all documents" else f"<i>{label}</i>"
    )
    return (
        f'<tr data-lang="{language.value}"><th scope="row">{name}</th>'
        f'<td>{language.value}</td>{cells}{gate}<td class="who">{_esc(last_translator)}</td></tr>'
    )


def _consistency_section(
    items: Sequence[Inconsistency], languages: Sequence[Language], single_document: bool
) -> str:
    """One row per name, title or sentence, one column per language; long lists fold away on screen."""
    heading = "<h2>Consistency across documents</h2>"
    if not items:
        body = '<p class="ok">Every name, title and sentence is rendered one way, as the term base says.</p>'
        return f'<section id="consistency">{heading}{body}</section>'
    by_subject: dict[str, dict[Language, Inconsistency]] = defaultdict(dict)
    for found in items:
        by_subject[found.subject][found.language] = found
    languages = [language for language in languages if any(item.language is language for item in items)]
    rows = []
    for subject in sorted(by_subject, key=str.casefold):
        cells = []
        for language in languages:
            item = by_subject[subject].get(language)
            if item is None:
                cells.append(f'<td data-lang="{language.value}"></td>')
                continue
            renderings = "".join(
                f'<li><span class="rendering" lang="{language.value}">'
                + (_esc(text) if text else "<em>not rendered</em>")
                + f"</span> <small>{_place_links(places, single_document)}</small></li>"
                for text, places in item.renderings
            )
            verdict = "left unrendered" if item.kind == "unrendered" else "rendered differently"
            cells.append(
                f'<td class="inconsistency kind-{item.kind}" data-lang="{language.value}" '
                f'data-subject="{_esc(subject)}"><span class="verdict">{verdict}</span>'
                f"<ul>{renderings}</ul></td>"
            )
        rows.append(f'<tr><th scope="row">{_chips(subject)}</th>{"".join(cells)}</tr>')
    head = "".join(f'<th data-lang="{lang.value}">{lang.value}</th>' for lang in languages)
    summary = (
        f"{len(by_subject)} name{'s' if len(by_subject) != 1 else ''}, titles or sentences "
        "rendered in more than one way, rendered other than the term base says, or left unrendered"
    )
    table = (
        f'<table class="consistency"><thead><tr><th>name, title or sentence</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    opened = " open" if len(by_subject) <= 12 else ""
    return (
        f'<section id="consistency">{heading}<details class="consistency"{opened}>'
        f"<summary>{summary}</summary>{table}</details></section>"
    )


def _document_section(view: DocumentView, languages: Sequence[Language]) -> str:
    document = view.document
    head = "".join(
        f'<th class="lang-col" data-lang="{lang.value}" lang="{lang.value}">'
        f"{_esc(lang.english_name)} <small>{lang.value}</small></th>"
        for lang in languages
    )
    rows = []
    dates = dict(view.dates)
    for index, row in enumerate(view.rows):
        rows.append(_segment_row(document.doc_id, row))
        following = view.rows[index + 1].block.kind if index + 1 < len(view.rows) else None
        if dates and row.block.kind is BlockKind.title and following is not BlockKind.title:
            rows.append(_date_row(document, languages, dates))
    title = document.title or document.doc_id
    return (
        f'<section class="document" id="doc-{_esc(document.doc_id)}">'
        f"<h2>{_chips(title)}</h2>"
        f'<p class="meta">{_esc(document.doc_id)} · <code>{_esc(document.path.name)}</code>'
        f" · {len(view.rows)} segments</p>"
        '<table class="segments"><colgroup><col class="num-col"><col class="src-col">'
        + "".join(f'<col class="lang-col" data-lang="{lang.value}">' for lang in languages)
        + f"</colgroup><thead><tr><th>#</th><th>English <small>source</small></th>{head}</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></section>"
    )


def _date_row(document: Document, languages: Sequence[Language], dates: Mapping[Language, str]) -> str:
    cells = "".join(
        f'<td class="tgt date" data-lang="{lang.value}" lang="{lang.value}">{_esc(dates[lang])}</td>'
        for lang in languages
    )
    iso = document.date.isoformat() if document.date else ""
    return (
        f'<tr class="dateline"><td class="num"><small>date</small></td>'
        f'<td class="src" lang="en">{_esc(iso)} <small>(metadata, formatted per language)</small></td>'
        f"{cells}</tr>"
    )


def _row_id(doc_id: str, number: int) -> str:
    return f"seg-{doc_id}-{number}"


def _place_links(places: Sequence[tuple[str, int]], single_document: bool = False) -> str:
    """Links to segments, grouped by document: ``doc §2, §5`` (just ``§2, §5`` in a one-document report)."""
    grouped: dict[str, list[int]] = defaultdict(list)
    for doc_id, number in places:
        grouped[doc_id].append(number)
    return "; ".join(
        ("" if single_document else f"{_esc(doc_id)} ")
        + ", ".join(f'<a href="#{_esc(_row_id(doc_id, n))}">§{n}</a>' for n in numbers)
        for doc_id, numbers in grouped.items()
    )


def _segment_row(doc_id: str, row: Row) -> str:
    cells = "".join(_target_cell(language, cell) for language, cell in row.cells)
    kind = _KIND_LABEL.get(row.block.kind, row.block.kind.value)
    problem = " has-problem" if row.has_problem else ""
    return (
        f'<tr class="segment{problem}" id="{_esc(_row_id(doc_id, row.number))}">'
        f'<td class="num">{row.number}<small>{_esc(kind)}</small><small>line {row.block.line}</small></td>'
        f'<td class="src" lang="en">{_marked(row.msgid, row.marks)}</td>{cells}</tr>'
    )


def _target_cell(language: Language, cell: Cell) -> str:
    code = language.value
    attrs = f'class="tgt state-{cell.state.value}" data-lang="{code}" data-state="{cell.state.value}"'
    if cell.state is CellState.missing:
        return f'<td {attrs}><span class="badge state-missing">not in catalog</span></td>'
    if cell.state is CellState.untranslated:
        text = '<div class="text empty">—</div>'
    else:
        text = f'<div class="text" lang="{code}">{_marked(cell.text, cell.marks)}</div>'
    meta = [f'<span class="badge state-{cell.state.value}">{cell.state.value}</span>']
    if cell.provenance:
        origin = f' title="{_esc(cell.origin)}"' if cell.origin else ""
        label = cell.provenance + (f": {cell.origin}" if cell.origin else "")
        meta.append(f'<span class="prov"{origin}>{_esc(label)}</span>')
    findings = "".join(
        f'<li class="finding sev-{_esc(f.severity)}{" ignored" if f.ignored else ""}" '
        f'data-check="{_esc(f.check)}"><b>{_esc(f.severity)}</b> {_esc(f.check)}: {_esc(f.message)}'
        + (
            f" <i>(acknowledged: <code>#, {IGNORE_FLAG_PREFIX}{_esc(f.check)}</code>)</i>"
            if f.ignored
            else ""
        )
        + "</li>"
        for f in cell.findings
    )
    notes = "".join(f'<li class="note">{_esc(note)}</li>' for note in cell.notes)
    extra = f'<ul class="findings">{findings}{notes}</ul>' if findings or notes else ""
    return (
        f'<td {attrs}>{text}<div class="meta">{"".join(meta)}'
        f'<span class="where" title="{_esc(cell.where)}">PO line {_esc(cell.where.rpartition(":")[2])}</span>'
        f"</div>{extra}</td>"
    )


_CSS = """
:root { --ink:#1d2330; --muted:#5b6472; --line:#d9dde3; --term:#fff0a8; --term-line:#c9a400;
  --ok:#1a7f37; --fuzzy:#9a6700; --bad:#b42318; --bg-fuzzy:#fff8e6; --bg-bad:#fdecea; --bg-untr:#f3f4f6; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto,
  "Noto Sans", sans-serif; background: #fafbfc; }
header.top { padding: 1rem 1.5rem .5rem; background: #fff; border-bottom: 1px solid var(--line); }
header.top h1 { margin: 0; font-size: 1.4rem; }
.generated, .meta { color: var(--muted); margin: .2rem 0; }
main { padding: 0 1.5rem 2rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid var(--line); padding: .4rem .5rem; vertical-align: top; text-align: left; }
thead th { background: #f0f2f5; position: sticky; top: 0; }
table.progress { width: auto; min-width: 60%; }
table.progress td { white-space: nowrap; }
table.progress tfoot tr:first-child > * { border-top: 2px solid var(--ink); }
td.who { color: var(--muted); font-size: 12px; }
.bar { display: inline-flex; width: 8rem; height: .7rem; background: #e5e7eb; border-radius: 4px;
  overflow: hidden; vertical-align: middle; margin-right: .4rem; }
.bar-reviewed { background: var(--ok); } .bar-fuzzy { background: #e3b341; }
.gate.ready { color: var(--ok); font-weight: 600; } .gate.blocked { color: var(--bad); font-weight: 600; }
table.segments { table-layout: fixed; }
col.num-col { width: 4.2rem; }
td.num { color: var(--muted); font-variant-numeric: tabular-nums; }
td.num small { display: block; font-size: .75em; }
td.src { background: #fcfcfd; }
td.state-fuzzy { background: var(--bg-fuzzy); }
td.state-untranslated, td.state-missing { background: var(--bg-untr); }
td.tgt:has(.sev-serious:not(.ignored)) { background: var(--bg-bad); }
.text.empty { color: var(--muted); }
mark.term { background: var(--term); border-bottom: 2px solid var(--term-line); padding: 0 1px;
  border-radius: 2px; color: inherit; }
mark.term-forbidden, mark.term-unapproved-variant, mark.term-violation { background: #ffd6d1;
  border-bottom-color: var(--bad); }
mark.term-provisional { background: #ffe7c2; border-bottom-color: var(--fuzzy); }
.tag { font: 11px ui-monospace, monospace; background: #e8eaf6; color: #3949ab; border-radius: 3px;
  padding: 0 2px; }
.meta { display: flex; flex-wrap: wrap; gap: .3rem; align-items: center; margin-top: .35rem;
  font-size: 12px; }
.badge { display: inline-block; border-radius: 999px; padding: 0 .5rem; font-size: 11px;
  font-weight: 600; border: 1px solid currentColor; }
.badge.state-reviewed { color: var(--ok); } .badge.state-fuzzy { color: var(--fuzzy); }
.badge.state-untranslated, .badge.state-missing { color: var(--muted); }
.prov { color: var(--muted); } .where { color: #8a93a0; margin-left: auto; font-size: 11px; }
ul.findings { margin: .3rem 0 0; padding-left: 1rem; font-size: 12px; }
.finding.sev-serious { color: var(--bad); } .finding.sev-warning { color: var(--fuzzy); }
.finding.ignored { color: var(--muted); }
li.note { color: var(--muted); list-style: circle; }
.legend { font-size: 12px; color: var(--muted); display: flex; flex-wrap: wrap; gap: .6rem;
  align-items: center; margin: .4rem 0 0; }
.legend .finding { list-style: none; }
.controls { display: flex; gap: 1rem; flex-wrap: wrap; font-size: 13px; margin: .4rem 0 0; }
.controls label { cursor: pointer; }
table.consistency { font-size: 13px; margin-top: .4rem; width: auto; max-width: 100%; }
table.consistency th[scope=row] { max-width: 22rem; }
td.inconsistency ul { margin: .1rem 0 0; padding-left: 1rem; }
.inconsistency .verdict { color: var(--fuzzy); font-weight: 600; font-size: 12px; }
.inconsistency.kind-unrendered .verdict { color: var(--bad); }
details.consistency > summary { cursor: pointer; color: var(--muted); }
.ok { color: var(--ok); }
body.problems-only tr.segment:not(.has-problem) { display: none; }
body.hide-ru [data-lang="ru"], body.hide-tk [data-lang="tk"], body.hide-kk [data-lang="kk"] { display: none; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  body { background: #fff; font-size: 9pt; }
  header.top { position: static; border: 0; }
  .controls { display: none; }
  thead { display: table-header-group; }
  thead th { position: static; }
  tr { break-inside: avoid; }
  section.document { break-before: page; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

_SCRIPT = """
(function () {
  var body = document.body, nav = document.getElementById("controls");
  function toggle(label, onChange, checked) {
    var box = document.createElement("input"), text = document.createElement("label");
    box.type = "checkbox"; box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); });
    text.appendChild(box); text.appendChild(document.createTextNode(" " + label));
    nav.appendChild(text);
  }
  body.dataset.languages.split(" ").forEach(function (code) {
    if (code) toggle("show " + code, function (on) { body.classList.toggle("hide-" + code, !on); }, true);
  });
  var problems = document.querySelectorAll("tr.segment.has-problem").length;
  toggle("only segments needing attention (" + problems + ")", function (on) {
    body.classList.toggle("problems-only", on);
  }, false);
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  body.dataset.ready = "1";
})();
"""


def write_report_html(
    project: Project,
    documents: Sequence[Document],
    languages: Sequence[Language],
    generated: dt.datetime,
    *,
    highlighter: Highlighter | None = None,
    check: EntryCheck | None = None,
    config: PublishConfig | None = None,
) -> bytes:
    """The report's bytes for ``documents`` in ``languages``."""
    views, inconsistencies = build_report(
        project, documents, languages, highlighter=highlighter, check=check, config=config
    )
    return render_report(views, inconsistencies, languages, generated).encode("utf-8")
