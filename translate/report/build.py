"""Building the review report: every catalog of the documents read into the report's view values."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import polib

from translate.catalog.entries import catalog_stats, is_translated
from translate.catalog.pofile import read_catalog
from translate.catalog.template import last_translator
from translate.checks.checkers import EntryCheck
from translate.diagnostics import Finding, Severity, count, project_path
from translate.document.markup import same_tags
from translate.document.model import BlockKind, Document
from translate.languages import Language
from translate.project import Project
from translate.publish.config import PublishConfig, format_date, load_publish_config
from translate.publish.gate import project_check, resolve_document
from translate.report.highlight import Highlighter, project_highlighter
from translate.report.notes import entry_notes, other_notes, provenance
from translate.report.view import (
    Cell,
    CellState,
    DocumentView,
    Inconsistency,
    Progress,
    Row,
)


def build_report(
    project: Project,
    documents: Sequence[Document],
    languages: Sequence[Language],
    *,
    highlighter: Highlighter | None = None,
    check: EntryCheck | None = None,
    config: PublishConfig | None = None,
) -> tuple[list[DocumentView], list[Inconsistency]]:
    """Read every catalog of ``documents`` and gather what the report shows, all at once (for a few
    documents; :func:`document_views` gives them one at a time).

    By default terms are highlighted with the project's term base, findings come from the project's
    checks, and dates follow the project's ``translate.toml``.
    """
    highlighter = highlighter or project_highlighter(project)
    consistency = Consistency(languages, highlighter)
    views = [
        consistency.add(view)
        for view in document_views(
            project, documents, languages, highlighter=highlighter, check=check, config=config
        )
    ]
    return views, consistency.inconsistencies()


def document_views(
    project: Project,
    documents: Sequence[Document],
    languages: Sequence[Language],
    *,
    highlighter: Highlighter | None = None,
    check: EntryCheck | None = None,
    config: PublishConfig | None = None,
) -> Iterator[DocumentView]:
    """Each document's view in turn: its catalogs are read, shown and dropped before the next document's
    are read, so an archive is reported in the memory of its largest document."""
    highlighter = highlighter or project_highlighter(project)
    check = check or project_check(project)
    config = config or load_publish_config(project)
    for document in documents:
        catalogs: dict[Language, polib.POFile | None] = {}
        for language in languages:
            path = project.catalog_path(language, document.doc_id)
            catalogs[language] = read_catalog(path) if path.exists() else None
        view = _document_view(project, document, languages, catalogs, highlighter, check, config)
        del catalogs
        yield view


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
    # Each entry is checked once: its cell, the gate and the counts share the findings.
    check = _once(check) if check is not None else None
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
        resolution = resolve_document(
            document,
            language,
            catalog,
            project.catalog_path(language, document.doc_id),
            check,
            project.root,
        )
        if check is not None:  # the catalog's findings, counted as `translate check` counts them
            counted = count(resolution.findings)
        else:  # no checks: what the cells show (the term base's violations)
            counted = count(f for cell in _cells(rows, language) for f in cell.findings)
        progress.append(
            Progress(
                language,
                catalog_stats(catalog) if catalog is not None else None,
                counted.serious,
                len(resolution.blockers),
                last_translator(catalog.metadata) if catalog is not None else "",
            )
        )
    dates: tuple[tuple[Language, str], ...] = ()
    if document.date is not None:
        dates = tuple(
            (language, format_date(document.date, language, config.date_format(language)))
            for language in languages
        )
    return DocumentView(document, tuple(rows), tuple(progress), dates)


def _cells(rows: Sequence[Row], language: Language) -> list[Cell]:
    """The cells of ``language`` in ``rows``."""
    return [cell for row in rows for lang, cell in row.cells if lang is language]


def _once(check: EntryCheck) -> EntryCheck:
    """``check``, run once per entry."""
    seen: dict[tuple[int, Language], tuple[polib.POEntry, tuple[Finding, ...]]] = {}

    def checked(entry: polib.POEntry, language: Language) -> tuple[Finding, ...]:
        key = (id(entry), language)
        if key not in seen:
            seen[key] = (entry, tuple(check(entry, language)))  # the entry kept: its id stays its own
        return seen[key][1]

    return checked


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
        return Cell("", CellState.missing, "", "", (), (), (), "", 0)
    relative = project_path(path, project.root)
    notes = entry_notes(entry)
    produced_by, origin = provenance(entry, notes)
    shown = other_notes(notes, live_findings=check is not None)
    reviewer = tuple(f"reviewer: {line}" for line in entry.tcomment.splitlines() if line.strip())
    if entry.previous_msgid:  # msgmerge-style fuzzy match: say what the translation was made for
        reviewer += (f"source changed; the translation was made for: {entry.previous_msgid}",)
    if not is_translated(entry):
        return Cell(
            "", CellState.untranslated, produced_by, origin, shown + reviewer, (), (), relative, entry.linenum
        )
    state = CellState.fuzzy if entry.fuzzy else CellState.reviewed
    findings: list[Finding] = list(check(entry, language)) if check else []
    if not same_tags(msgid, entry.msgstr) and not any(f.check == "markup" for f in findings):
        findings.append(Finding("markup", Severity.serious, "tags differ from the source"))
    marks, term_findings = highlighter.target(language, msgid, entry.msgstr)
    if check is None:  # the project's checks include glossary compliance; without them, show it here
        findings.extend(term_findings)
    return Cell(
        entry.msgstr,
        state,
        produced_by,
        origin,
        shown + reviewer,
        tuple(findings),
        tuple(marks),
        relative,
        entry.linenum,
    )


_TERM, _SEGMENT = "term", "segment"
# What makes a subject inconsistent, over its places: a term rendered two ways or as the term base
# forbids; a sentence translated two ways in two documents (or more).
_TERM_INCONSISTENT = "COUNT(DISTINCT rendering) > 1 OR MIN(approved) = 0"
_SEGMENT_INCONSISTENT = "COUNT(DISTINCT rendering) > 1 AND COUNT(DISTINCT document) > 1"
PLACES_LISTED = 20
"""Places listed per rendering in the consistency table; the rest are counted ("and 980 more")."""


class Consistency:
    """Gathers, document by document, how each term and each source sentence is rendered, and then names
    the inconsistencies.

    The renderings and their places go to a temporary on-disk SQLite database (sqlite's empty file
    name), not to memory: a report of ten thousand documents holds millions of places, of which the
    index page shows only the inconsistent few.
    """

    def __init__(self, languages: Sequence[Language], highlighter: Highlighter) -> None:
        self.languages = tuple(languages)
        self.highlighter = highlighter
        self._db = sqlite3.connect("")
        self._db.execute(
            "CREATE TABLE place (language TEXT, kind TEXT, subject TEXT, rendering TEXT, document TEXT, "
            "number INTEGER, approved INTEGER)"
        )

    def add(self, view: DocumentView) -> DocumentView:
        """Take in one document's renderings; return the view, unchanged."""
        places: list[tuple[str, str, str, str, str, int, int]] = []
        doc_id = view.document.doc_id
        for language in self.languages:
            for row in view.rows:
                cell = dict(row.cells)[language]
                if cell.state not in (CellState.reviewed, CellState.fuzzy):
                    continue
                places.append((language.value, _SEGMENT, row.msgid, cell.text, doc_id, row.number, 1))
                for subject, rendering, approved in self.highlighter.renderings(
                    language, row.msgid, cell.text
                ):
                    places.append((language.value, _TERM, subject, rendering, doc_id, row.number, approved))
        self._db.executemany("INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?)", places)
        return view

    def inconsistencies(self) -> list[Inconsistency]:
        """Names and titles rendered in more than one way (across documents or within one), rendered
        other than the term base says, or left unrendered; and identical source sentences translated
        differently in different documents."""
        self._db.execute(
            "CREATE INDEX IF NOT EXISTS by_subject ON place (language, kind, subject, rendering)"
        )
        found: list[Inconsistency] = []
        for language in self.languages:
            for subject in self._subjects(
                language, _TERM, "COUNT(DISTINCT rendering) > 1 OR MIN(approved) = 0"
            ):
                renderings, unlisted = self._places(language, _TERM, subject)
                kind = "unrendered" if any(text == "" for text, _ in renderings) else "differs"
                found.append(Inconsistency(subject, language, kind, renderings, unlisted))
            for msgid in self._subjects(language, _SEGMENT, _SEGMENT_INCONSISTENT):
                renderings, unlisted = self._places(language, _SEGMENT, msgid)
                found.append(Inconsistency(msgid, language, "differs", renderings, unlisted))
        return found

    def _subjects(self, language: Language, kind: str, having: str) -> list[str]:
        """The subjects of ``kind`` in ``language`` whose places meet ``having``, in order."""
        # SQLite orders text by its UTF-8 bytes, which is the order of code points, as Python's.
        found = self._db.execute(
            f"SELECT subject FROM place WHERE language = ? AND kind = ? GROUP BY subject HAVING {having} "
            "ORDER BY subject",
            (language.value, kind),
        )
        return [subject for (subject,) in found]

    def _places(
        self, language: Language, kind: str, subject: str
    ) -> tuple[tuple[tuple[str, tuple[tuple[str, int], ...]], ...], tuple[int, ...]]:
        """Each rendering of ``subject`` with its first ``PLACES_LISTED`` distinct places (in order of
        document id and segment), and how many places each leaves out (empty when none)."""
        where = "language = ? AND kind = ? AND subject = ?"
        key = (language.value, kind, subject)
        renderings = []
        unlisted = []
        for (text,) in self._db.execute(
            f"SELECT DISTINCT rendering FROM place WHERE {where} ORDER BY rendering", key
        ).fetchall():
            places = self._db.execute(
                f"SELECT DISTINCT document, number FROM place WHERE {where} AND rendering = ? "
                "ORDER BY document, number",
                (*key, text),
            )
            listed = tuple((document, number) for document, number in places.fetchmany(PLACES_LISTED))
            left = sum(1 for _ in places)
            renderings.append((text, listed))
            unlisted.append(left)
        return tuple(renderings), tuple(unlisted) if any(unlisted) else ()
