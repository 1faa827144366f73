"""The publish job: every document in every language whose catalogs pass the gate, written atomically."""

from __future__ import annotations

import io
import pickle
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, overload

import polib

from translate.catalog.pofile import read_catalog
from translate.checks.checkers import EntryCheck
from translate.diagnostics import Counts, count
from translate.document.model import Document
from translate.document.source import document_ids
from translate.fileio import write_if_changed
from translate.languages import Language
from translate.project import Project
from translate.publish.config import PublishConfig, format_date, load_publish_config
from translate.publish.gate import Blocker, BlockReason, project_check, resolve_document
from translate.publish.paths import check_output_folder, output_path
from translate.publish.render import ALL_FORMATS, Article, OutputFormat, render_article

_FLAGS = (BlockReason.serious, BlockReason.markup)


class Blockers(Sequence[Blocker]):
    """What keeps one language back, across an archive: kept in a temporary file a document at a time
    (an unreviewed archive has a blocker for nearly every segment), with the counts a summary needs
    counted as they come."""

    def __init__(self, blockers: Iterable[Blocker] = ()) -> None:
        self._file: IO[bytes] | None = None
        self._chunks: list[int] = []  # where each document's blockers start in the file
        self._count = 0
        self.missing = 0
        """Catalogs missing."""
        self.entries = 0
        """Entries that need attention (other than missing catalogs)."""
        self.flagged = 0
        """Segments with an open serious finding or a markup mismatch."""
        self.reasons: Counter[BlockReason] = Counter()
        """Blockers by reason, missing catalogs left out."""
        self.add(tuple(blockers))

    def add(self, blockers: Sequence[Blocker]) -> None:
        """Take in the blockers of one document."""
        if not blockers:
            return
        if self._file is None:
            # Lives as long as this object (it is the storage, not a file opened for one block).
            self._file = tempfile.TemporaryFile(prefix="translate-blockers-")  # noqa: SIM115
        self._file.seek(0, io.SEEK_END)
        self._chunks.append(self._file.tell())
        pickle.dump(tuple(blockers), self._file, pickle.HIGHEST_PROTOCOL)
        self._count += len(blockers)
        others = [blocker for blocker in blockers if blocker.reason is not BlockReason.missing_catalog]
        self.missing += len(blockers) - len(others)
        # One document's blockers are all of its entries' (doc ids differ between documents), so the
        # distinct entries of the archive are the sum of each document's.
        self.entries += len({(blocker.doc_id, blocker.location, blocker.msgid) for blocker in others})
        self.flagged += len(
            {(blocker.doc_id, blocker.location) for blocker in others if blocker.reason in _FLAGS}
        )
        self.reasons.update(blocker.reason for blocker in others)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Blocker]:
        index = 0
        while index < len(self._chunks):  # as a list's iterator, it sees what is added meanwhile
            assert self._file is not None
            self._file.seek(self._chunks[index])
            chunk: tuple[Blocker, ...] = pickle.load(self._file)  # this object's own file
            index += 1
            yield from chunk

    @overload
    def __getitem__(self, index: int) -> Blocker: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Blocker]: ...

    def __getitem__(self, index: int | slice) -> Blocker | Sequence[Blocker]:
        return list(self)[index]


@dataclass(frozen=True, slots=True)
class LanguageResult:
    """What publishing did for one language."""

    language: Language
    published: bool
    files: tuple[Path, ...]
    written: tuple[Path, ...]
    blockers: Blockers
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
    for doc_id in document_ids(documents):
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
            blockers = Blockers()
            counts = Counts()
            kept = 0
            for document in documents:
                path = project.catalog_path(language, document.doc_id)
                resolution = resolve_document(
                    document, language, _read_optional(path), path, check, project.root
                )
                pickle.dump((document, resolution.renditions), spill, pickle.HIGHEST_PROTOCOL)
                blockers.add(resolution.blockers)
                counts += count(resolution.findings)
                kept += resolution.kept_in_source
                del resolution
            missing = blockers.missing > 0
            if blockers and (not allow_incomplete or missing):
                results.append(LanguageResult(language, False, (), (), blockers, 0, counts))
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
        results.append(LanguageResult(language, True, tuple(files), tuple(written), blockers, kept, counts))
    return PublishReport(out, tuple(results))


def _read_optional(path: Path) -> polib.POFile | None:
    return read_catalog(path) if path.exists() else None
