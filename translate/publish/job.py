"""The publish job: every document in every language whose catalogs pass the gate, written atomically."""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from translate.catalog.pofile import read_catalog
from translate.checks.checkers import EntryCheck
from translate.diagnostics import Counts, count
from translate.document.model import Document
from translate.document.source import DocumentFiles
from translate.fileio import write_if_changed
from translate.languages import Language
from translate.project import Project
from translate.publish.config import PublishConfig, format_date, load_publish_config
from translate.publish.gate import Blocker, BlockReason, project_check, resolve_document
from translate.publish.paths import check_output_folder, output_path
from translate.publish.render import ALL_FORMATS, Article, OutputFormat, render_article


@dataclass(frozen=True, slots=True)
class LanguageResult:
    """What publishing did for one language."""

    language: Language
    published: bool
    files: tuple[Path, ...]
    written: tuple[Path, ...]
    blockers: tuple[Blocker, ...]
    kept_in_source: int
    counts: Counts = field(
        default_factory=Counts
    )  # the catalogs' findings, counted as `translate check` does

    @property
    def incomplete(self) -> bool:
        """Published with some segments still in the source language or flagged."""
        return self.published and bool(self.blockers)


@dataclass(frozen=True, slots=True)
class PublishReport:
    """The outcome of ``publish``, one result per language."""

    out_dir: Path
    results: tuple[LanguageResult, ...]

    @property
    def blocked(self) -> tuple[LanguageResult, ...]:
        """Languages that were not published."""
        return tuple(result for result in self.results if not result.published)


def publish(
    project: Project,
    documents: Sequence[Document],
    languages: Sequence[Language],
    formats: Sequence[OutputFormat] = ALL_FORMATS,
    *,
    out_dir: Path | None = None,
    allow_incomplete: bool = False,
    config: PublishConfig | None = None,
    check: EntryCheck | None = None,
) -> PublishReport:
    """Publish ``documents`` in each language whose catalogs pass the gate.

    A language passes when every segment of every document has a translated, non-fuzzy entry with the
    source's markup and no serious finding; otherwise nothing is written for it and its blockers are
    returned. ``allow_incomplete`` publishes anyway, keeping untranslated and fuzzy segments in English;
    every format marks them, and segments with an open finding (``render.TEXT_MARKS``, HTML's highlights).
    Files are written atomically and only when their bytes change. ``config`` defaults to the project's
    ``translate.toml`` and ``check`` to the project's checks with its term base.
    """
    out = (out_dir or project.public_dir).resolve()
    check_output_folder(out, project)
    config = config or load_publish_config(project)
    check = check or project_check(project)
    # Refuse unsafe ids before anything is read or written.
    doc_ids = documents.doc_ids if isinstance(documents, DocumentFiles) else [d.doc_id for d in documents]
    for doc_id in doc_ids:
        for language in languages:
            for fmt in formats:
                output_path(out, language, doc_id, fmt)
    results: list[LanguageResult] = []
    for language in languages:
        # One catalog at a time: each document's catalog is read, resolved and dropped. Its segments'
        # texts go to a temporary file (they are published only once the whole language is known to
        # pass), so an archive is published in the memory of its largest document; what is kept is the
        # blockers and the count of the findings.
        with tempfile.TemporaryFile(prefix="translate-publish-") as spill:
            blockers: list[Blocker] = []
            counts = Counts()
            kept = 0
            for document in documents:
                path = project.catalog_path(language, document.doc_id)
                resolution = resolve_document(
                    document, language, _read_optional(path), path, check, project.root
                )
                pickle.dump((document, resolution.renditions), spill, pickle.HIGHEST_PROTOCOL)
                blockers.extend(resolution.blockers)
                counts += count(resolution.findings)
                kept += resolution.kept_in_source
                del resolution
            missing = any(blocker.reason is BlockReason.missing_catalog for blocker in blockers)
            if blockers and (not allow_incomplete or missing):
                results.append(LanguageResult(language, False, (), (), tuple(blockers), 0, counts))
                continue
            pattern = config.date_format(language)
            files: list[Path] = []
            written: list[Path] = []
            spill.seek(0)
            for _ in range(len(documents)):
                document, texts = pickle.load(spill)  # the file this loop wrote, nothing from outside
                date_text = format_date(document.date, language, pattern) if document.date else None
                article = Article(document, language, texts, date_text)
                for fmt in formats:
                    path = output_path(out, language, document.doc_id, fmt)
                    files.append(path)
                    if write_if_changed(path, render_article(article, fmt)):
                        written.append(path)
        results.append(
            LanguageResult(language, True, tuple(files), tuple(written), tuple(blockers), kept, counts)
        )
    return PublishReport(out, tuple(results))


def _read_optional(path: Path) -> polib.POFile | None:
    return read_catalog(path) if path.exists() else None
