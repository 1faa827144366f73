"""The publishing gate: each segment matched with its catalog entry, and what keeps a language back."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import polib

from translate.catalog.entries import is_translated
from translate.checks.checkers import check_entry
from translate.document import markup
from translate.document.source import Document, SourceFormat
from translate.glossary.tomlfile import load_project_termbase
from translate.languages import Language
from translate.project import Project


class BlockReason(enum.StrEnum):
    """Why a segment keeps its language from being published."""

    missing_catalog = "no catalog"
    not_in_catalog = "not in catalog"
    untranslated = "untranslated"
    fuzzy = "fuzzy"
    serious = "serious finding"
    markup = "markup differs"


@dataclass(frozen=True, slots=True)
class Blocker:
    """One thing that keeps ``language`` from being published, with where to fix it."""

    doc_id: str
    language: Language
    reason: BlockReason
    where: str
    msgid: str = ""
    detail: str = ""

    def describe(self) -> str:
        """One line for the terminal: ``locales/ru/...po:23: fuzzy: “On November 3, …”``."""
        text = f"{self.where}: {self.reason.value}"
        if self.detail:
            text += f" ({self.detail})"
        if self.msgid:
            text += f": “{_excerpt(self.msgid)}”"
        return text


def _excerpt(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


SeriousCheck = Callable[[polib.POEntry, Language], list[str]]
"""Returns the messages of the serious findings on an entry (empty when it may be published)."""


class SegmentState(enum.StrEnum):
    """How a segment comes out in a published document."""

    translated = "translated"
    untranslated = "untranslated"  # kept in the source language
    flagged = "flagged"  # translated, but a serious finding or markup problem remains


@dataclass(frozen=True, slots=True)
class Rendition:
    """The text a segment is published with, and whether it is a clean translation."""

    text: str
    state: SegmentState


@dataclass(frozen=True, slots=True)
class Resolution:
    """A document's segments resolved against one catalog: what to publish and what blocks it."""

    doc_id: str
    language: Language
    renditions: Mapping[str, Rendition]
    blockers: tuple[Blocker, ...]

    @property
    def kept_in_source(self) -> int:
        """Distinct segments that will appear in the source language."""
        return sum(1 for r in self.renditions.values() if r.state is SegmentState.untranslated)


def resolve_document(
    document: Document,
    language: Language,
    catalog: polib.POFile | None,
    catalog_path: Path,
    serious: SeriousCheck | None = None,
    root: Path | None = None,
) -> Resolution:
    """Match every segment of ``document`` with its catalog entry and list what blocks publishing.

    A segment is publishable when its entry is translated, not fuzzy, has the source's markup tags, and
    ``serious`` reports nothing; a fuzzy translation is never published (as ``msgfmt`` leaves fuzzy
    entries out), so it falls back to the source text.
    """
    where_po = _display_path(catalog_path, root)
    if catalog is None:
        blocker = Blocker(
            document.doc_id,
            language,
            BlockReason.missing_catalog,
            where_po,
            detail="run `translate run` first",
        )
        fallback = {msgid: Rendition(msgid, SegmentState.untranslated) for _, msgid in document.segments()}
        return Resolution(document.doc_id, language, fallback, (blocker,))
    entries = {entry.msgid: entry for entry in catalog if not entry.obsolete and entry.msgctxt is None}
    renditions: dict[str, Rendition] = {}
    blockers: list[Blocker] = []
    for block, msgid in document.segments():
        if msgid in renditions:
            continue
        entry = entries.get(msgid)
        if entry is None:
            where = f"{_display_path(document.path, root)}:{block.line}"
            blockers.append(
                Blocker(
                    document.doc_id,
                    language,
                    BlockReason.not_in_catalog,
                    where,
                    msgid,
                    f"the source changed since {where_po} was updated; run `translate run`",
                )
            )
            renditions[msgid] = Rendition(msgid, SegmentState.untranslated)
            continue
        where = f"{where_po}:{entry.linenum}"
        if not is_translated(entry) or entry.msgid_plural:
            blockers.append(Blocker(document.doc_id, language, BlockReason.untranslated, where, msgid))
            renditions[msgid] = Rendition(msgid, SegmentState.untranslated)
            continue
        if entry.fuzzy:
            blockers.append(Blocker(document.doc_id, language, BlockReason.fuzzy, where, msgid))
            renditions[msgid] = Rendition(msgid, SegmentState.untranslated)
            continue
        state = SegmentState.translated
        tags_differ = document.format is SourceFormat.markdown and not markup.same_tags(msgid, entry.msgstr)
        if tags_differ:
            blockers.append(
                Blocker(
                    document.doc_id,
                    language,
                    BlockReason.markup,
                    where,
                    msgid,
                    "keep the source's <b>, <i>, <aN> and <cN/> tags",
                )
            )
            state = SegmentState.flagged
        for message in serious(entry, language) if serious else ():
            if tags_differ and message.startswith("markup:"):
                continue  # already reported above, with what to do
            blockers.append(Blocker(document.doc_id, language, BlockReason.serious, where, msgid, message))
            state = SegmentState.flagged
        renditions[msgid] = Rendition(entry.msgstr, state)
    return Resolution(document.doc_id, language, renditions, tuple(blockers))


def _display_path(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root).as_posix()
        except ValueError:
            pass
    return str(path)


def serious_check(project: Project) -> SeriousCheck:
    """The gate's check for serious findings: the project's checks, with its term base when it has one.

    Findings of a check the reviewer acknowledged on the entry (``#, ignore-<check>``) do not block:
    ``check_entry`` marks them acknowledged, so they are not serious.
    """
    termbase = load_project_termbase(project.glossary_dir)

    def serious(entry: polib.POEntry, language: Language) -> list[str]:
        return [
            f"{finding.check}: {finding.message}"
            for finding in check_entry(entry, language, termbase)
            if finding.serious
        ]

    return serious
