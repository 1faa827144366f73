"""The report's HTML: the view values rendered through the Jinja2 templates in ``report/templates``."""

from __future__ import annotations

import datetime as dt
import functools
import html
import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import jinja2
import markupsafe

from translate.catalog.entries import CatalogStats
from translate.checks.checkers import IGNORE_FLAG_PREFIX
from translate.document.markup import tokenize
from translate.document.model import BlockKind
from translate.languages import Language
from translate.report.findings import counted, finding_groups
from translate.report.view import CellState, DocumentView, Inconsistency, Mark, Progress

# The inline tags a segment keeps from its source (the document's markup as placeholders).

_KIND_LABEL = {
    BlockKind.title: "title",
    BlockKind.heading: "heading",
    BlockKind.paragraph: "¶",
    BlockKind.list_item: "list",
    BlockKind.quote: "quote",
}


@dataclass(frozen=True, slots=True)
class Chunk:
    """A piece of segment text: plain text, or one inline tag (shown as a chip)."""

    text: str
    tag: bool = False


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of segment text under one mark, or under none."""

    mark: Mark | None
    chunks: tuple[Chunk, ...]


@dataclass(frozen=True, slots=True)
class ConsistencyTable:
    """The consistency section: a row per subject, a column per language that has an inconsistency."""

    languages: tuple[Language, ...]
    rows: tuple[tuple[str, tuple[tuple[Language, Inconsistency | None], ...]], ...]


def chunks(text: str) -> tuple[Chunk, ...]:
    """``text`` cut at its inline tags."""
    return tuple(
        Chunk(piece) if isinstance(piece, str) else Chunk(str(piece), tag=True) for piece in tokenize(text)
    )


def runs(text: str, marks: Sequence[Mark]) -> tuple[Run, ...]:
    """``text`` cut into runs under non-overlapping ``marks``: problems win over plain terms, then longer
    spans over shorter ones; marks outside the text are dropped."""
    chosen: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (m.kind == "term", -(m.end - m.start), m.start)):
        inside = 0 <= mark.start < mark.end <= len(text)
        if inside and all(mark.end <= other.start or mark.start >= other.end for other in chosen):
            chosen.append(mark)
    opens = {mark.start: mark for mark in chosen}
    cuts = sorted({0, len(text), *opens, *(mark.end for mark in chosen)})
    # Chosen marks do not overlap, so each mark is exactly one run between two cuts.
    return tuple(Run(opens.get(start), chunks(text[start:end])) for start, end in itertools.pairwise(cuts))


def by_document(places: Sequence[tuple[str, int]]) -> list[tuple[str, list[int]]]:
    """Segment numbers grouped by document, documents in the order they first appear."""
    grouped: dict[str, list[int]] = defaultdict(list)
    for doc_id, number in places:
        grouped[doc_id].append(number)
    return list(grouped.items())


def kind_label(kind: BlockKind) -> str:
    """The short label of a segment's block kind in the number column."""
    return _KIND_LABEL.get(kind, kind.value)


def consistency_table(items: Sequence[Inconsistency], languages: Sequence[Language]) -> ConsistencyTable:
    """Inconsistencies laid out by subject (case-insensitive order) and language."""
    by_subject: dict[str, dict[Language, Inconsistency]] = defaultdict(dict)
    for found in items:
        by_subject[found.subject][found.language] = found
    columns = tuple(language for language in languages if any(item.language is language for item in items))
    rows = tuple(
        (subject, tuple((language, by_subject[subject].get(language)) for language in columns))
        for subject in sorted(by_subject, key=str.casefold)
    )
    return ConsistencyTable(columns, rows)


ProgressRows = Sequence[tuple[str, Sequence[Progress]]]
"""The progress table's rows: each document's id with its progress per language."""


def progress_rows(views: Sequence[DocumentView]) -> list[tuple[str, tuple[Progress, ...]]]:
    """The progress table's rows for ``views``."""
    return [(view.document.doc_id, view.progress) for view in views]


def totals(rows: ProgressRows, languages: Sequence[Language]) -> list[Progress]:
    """Progress per language over all documents (none for a one-document report); a document without a
    catalog counts as one blocker."""
    if len(rows) <= 1:
        return []
    found = []
    for language in languages:
        items = [item for _, progress in rows for item in progress if item.language is language]
        known = [item.stats for item in items if item.stats is not None]
        stats = CatalogStats(
            sum(s.entries for s in known),
            sum(s.translated for s in known),
            sum(s.fuzzy for s in known),
            sum(s.untranslated for s in known),
            sum(s.obsolete for s in known),
        )
        missing = len(items) - len(known)
        blockers = sum(item.blockers for item in items) + missing
        found.append(Progress(language, stats, sum(item.serious for item in items), blockers, ""))
    return found


def _escaped(value: object) -> object:
    """Every value a template prints, escaped as :func:`html.escape` does unless it is already markup
    (a macro's output). Autoescaping would escape it too, but markupsafe writes ``'`` as ``&#39;`` where
    the page has always had ``&#x27;``; escaping here keeps its bytes."""
    if isinstance(value, markupsafe.Markup):
        return value
    return markupsafe.Markup(html.escape(str(value), quote=True))


@functools.cache
def environment() -> jinja2.Environment:
    """The templates, escaping every value (``default=True`` covers the CSS and script too); block tags
    leave no line breaks, so each section comes out as one line."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("translate.report"),
        autoescape=jinja2.select_autoescape(default=True),
        finalize=_escaped,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        chunks=chunks,
        runs=runs,
        by_document=by_document,
        kind_label=kind_label,
        counted=counted,
        finding_groups=finding_groups,
    )
    env.globals.update(BlockKind=BlockKind, CellState=CellState, IGNORE_FLAG_PREFIX=IGNORE_FLAG_PREFIX)
    return env


def render_report(
    views: Sequence[DocumentView],
    inconsistencies: Sequence[Inconsistency],
    languages: Sequence[Language],
    generated: dt.datetime,
    title: str = "Review report",
) -> str:
    """Everything on one page (a few documents): progress, consistency and every document's segments;
    inline CSS and script, no external assets, readable on screen and on paper."""
    rows = progress_rows(views)
    return _render(
        title=title,
        generated=generated,
        views=views,
        languages=languages,
        progress=rows,
        totals=totals(rows, languages),
        consistency=consistency_table(inconsistencies, languages),
        single_document=len(views) == 1,
        links={},
        home=None,
        document_count=len(views),
    )


def render_index(
    rows: ProgressRows,
    inconsistencies: Sequence[Inconsistency],
    languages: Sequence[Language],
    generated: dt.datetime,
    links: Mapping[str, str],
    title: str = "Review report",
) -> str:
    """The report's index page: every document's progress, linked to its page (``links``, by document
    id), totals, and the consistency across documents, whose places link into the documents' pages."""
    return _render(
        title=title,
        generated=generated,
        views=(),
        languages=languages,
        progress=rows,
        totals=totals(rows, languages),
        consistency=consistency_table(inconsistencies, languages),
        single_document=len(rows) == 1,
        links=links,
        home=None,
        document_count=len(rows),
    )


def render_document(
    view: DocumentView,
    languages: Sequence[Language],
    generated: dt.datetime,
    home: str,
    title: str = "Review report",
) -> str:
    """One document's page: its progress and its segments side by side, and a link ``home`` to the
    index."""
    return _render(
        title=f"{title}: {view.document.doc_id}",
        generated=generated,
        views=(view,),
        languages=languages,
        progress=progress_rows([view]),
        totals=[],
        consistency=None,
        single_document=True,
        links={},
        home=home,
        document_count=1,
    )


def _render(**context: object) -> str:
    return environment().get_template("report.html").render(**context)
