"""The report as files: where they may be written, and the index and one page per document."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from translate.checks.checkers import EntryCheck
from translate.document.model import Document
from translate.document.source import document_ids
from translate.errors import PublishError
from translate.fileio import atomic_write_bytes
from translate.languages import Language
from translate.project import Project
from translate.publish.config import PublishConfig
from translate.publish.paths import check_outside_inputs
from translate.report.build import Consistency, build_report, document_views
from translate.report.highlight import Highlighter, project_highlighter
from translate.report.render import render_document, render_index, render_report
from translate.report.view import Progress

REPORT_SUFFIXES = (".html", ".htm")
"""The file name endings a report page may have."""


def pages_folder(index: Path) -> Path:
    """The folder of the documents' pages beside the index: ``reports/review/`` for
    ``reports/review.html``."""
    return index.with_suffix("")


def check_report_path(path: Path, project: Project) -> None:
    """Refuse a report path that could overwrite something else: it must be an ``.html`` file outside
    the project's sources, catalogs, term base and stores, and so must its pages' folder (a slip such
    as ``--out <doc>.po`` would otherwise replace a reviewer's catalog with HTML)."""
    if path.suffix.lower() not in REPORT_SUFFIXES:
        raise PublishError("the report is an HTML page; give --out a name ending in .html", path=path)
    if path.is_dir():
        raise PublishError("is a folder; give --out a file name ending in .html", path=path)
    check_outside_inputs(path, project, "write the report elsewhere (default: reports/review.html)")
    folder = pages_folder(path)
    if folder.exists() and not folder.is_dir():
        raise PublishError(
            "is a file, but the report's document pages go in a folder of this name; choose another --out",
            path=folder,
        )


@dataclass(frozen=True, slots=True)
class ReportFiles:
    """What ``write_report`` wrote: the index and each document's page, in document order."""

    index: Path
    pages: tuple[Path, ...]


def _page_name(doc_id: str) -> str:
    if not doc_id or doc_id in (".", "..") or Path(doc_id).name != doc_id or "\\" in doc_id:
        raise PublishError(f"document id {doc_id!r} cannot name a report page; rename its source")
    return f"{doc_id}.html"


def write_report(
    project: Project,
    documents: Sequence[Document],
    languages: Sequence[Language],
    generated: dt.datetime,
    index: Path,
    *,
    highlighter: Highlighter | None = None,
    check: EntryCheck | None = None,
    config: PublishConfig | None = None,
) -> ReportFiles:
    """Write the report of ``documents``: a page per document in ``pages_folder(index)``, then the index.

    Documents are read, rendered and written one at a time; between them only their progress and how
    their terms and sentences are rendered (for the consistency table) are kept. Each page is written
    atomically and is self-contained; the index is written last, so it never links to a page not yet
    there.
    """
    names = [_page_name(doc_id) for doc_id in document_ids(documents)]  # refuse before writing anything
    highlighter = highlighter or project_highlighter(project)
    folder = pages_folder(index)
    home = f"../{quote(index.name)}"
    folder.mkdir(parents=True, exist_ok=True)
    consistency = Consistency(languages, highlighter)
    rows: list[tuple[str, tuple[Progress, ...]]] = []
    pages: list[Path] = []
    views = document_views(project, documents, languages, highlighter=highlighter, check=check, config=config)
    for view, name in zip(views, names, strict=True):
        consistency.add(view)
        rows.append((view.document.doc_id, view.progress))
        page = folder / name
        atomic_write_bytes(page, render_document(view, languages, generated, home).encode("utf-8"))
        pages.append(page)
        del view
    links = {
        doc_id: f"{quote(folder.name)}/{quote(name)}" for (doc_id, _), name in zip(rows, names, strict=True)
    }
    html = render_index(rows, consistency.inconsistencies(), languages, generated, links)
    atomic_write_bytes(index, html.encode("utf-8"))
    return ReportFiles(index, tuple(pages))


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
    """Every document on one page, as bytes (for a handful of documents; the caller writes them,
    atomically). ``write_report`` writes an index and a page per document instead."""
    views, inconsistencies = build_report(
        project, documents, languages, highlighter=highlighter, check=check, config=config
    )
    return render_report(views, inconsistencies, languages, generated).encode("utf-8")
