"""The report page as a file: where it may be written, and its bytes for a set of documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from translate.checks.checkers import EntryCheck
from translate.document.model import Document
from translate.errors import PublishError
from translate.languages import Language
from translate.project import Project
from translate.publish.config import PublishConfig
from translate.publish.paths import check_outside_inputs
from translate.report.build import build_report
from translate.report.highlight import Highlighter
from translate.report.render import render_report

DEFAULT_REPORT = "reports/review.html"
"""Where ``translate report`` writes, relative to the project root."""

REPORT_SUFFIXES = (".html", ".htm")
"""The file name endings a report may have (it is one HTML page)."""


def check_report_path(path: Path, project: Project) -> None:
    """Refuse a report path that could overwrite something else: it must be an ``.html`` file outside
    the project's sources, catalogs, term base and stores (a slip such as ``--out <doc>.po`` would
    otherwise replace a reviewer's catalog with HTML)."""
    if path.suffix.lower() not in REPORT_SUFFIXES:
        raise PublishError("the report is an HTML page; give --out a name ending in .html", path=path)
    if path.is_dir():
        raise PublishError("is a folder; give --out a file name ending in .html", path=path)
    check_outside_inputs(path, project, "write the report elsewhere (default: reports/review.html)")


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
    """The report's bytes for ``documents`` in ``languages`` (the caller writes them, atomically)."""
    views, inconsistencies = build_report(
        project, documents, languages, highlighter=highlighter, check=check, config=config
    )
    return render_report(views, inconsistencies, languages, generated).encode("utf-8")
