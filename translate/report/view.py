"""What the review report shows: one frozen value per document, segment, language cell and finding."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from translate.catalog.entries import CatalogStats
from translate.diagnostics import Finding
from translate.document.model import Block, Document
from translate.languages import Language


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
class Cell:
    """One segment in one language; ``path`` and ``line`` say where its entry is (empty when missing)."""

    text: str
    state: CellState
    provenance: str
    origin: str
    notes: tuple[str, ...]
    findings: tuple[Finding, ...]  # as the entry's checks found them (not yet placed in the file)
    marks: tuple[Mark, ...]
    path: str
    line: int


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
    serious: int  # serious findings in the catalog, counted as `translate check` counts them
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
    unlisted: tuple[int, ...] = ()
    """Per rendering, how many of its places are not in ``renderings`` (a list is cut at
    ``PLACES_LISTED``: an archive-wide rendering has thousands); empty when every place is listed."""
