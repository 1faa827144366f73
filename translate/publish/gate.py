"""The publishing gate: each segment matched with its catalog entry, and what keeps a language back."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib

from translate.catalog.entries import is_translated
from translate.checks.checkers import EntryCheck, entry_checker
from translate.diagnostics import Finding, Location, Severity
from translate.document import markup
from translate.document.model import Document, SourceFormat
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


BLOCKER_SEVERITY = Severity.serious
"""What every blocker is: it keeps its language from being published."""


@dataclass(frozen=True, slots=True)
class Blocker:
    """One thing that keeps ``language`` from being published, with where to fix it (and, for a serious
    finding, the finding)."""

    doc_id: str
    language: Language
    reason: BlockReason
    location: Location
    msgid: str = ""
    detail: str = ""
    finding: Finding | None = None

    @property
    def message(self) -> str:
        """What blocks, without the place: ``fuzzy: “On November 3, …”``."""
        text = self.reason.value
        if self.detail:
            text += f" ({self.detail})"
        if self.msgid:
            text += f": “{_excerpt(self.msgid)}”"
        return text

    def describe(self) -> str:
        """One line as compilers print it: ``locales/ru/...po:23: serious: fuzzy: “On November 3, …”``."""
        return f"{self.location}: {BLOCKER_SEVERITY.value}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of a blocker (paths project-relative)."""
        return {
            "document": self.doc_id,
            "path": self.location.path,
            "line": self.location.line,
            "severity": BLOCKER_SEVERITY.value,
            "reason": self.reason.value,
            "msgid": self.msgid,
            "detail": self.detail,
            "check": self.finding.check if self.finding is not None else None,
        }


def _excerpt(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


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
    findings: tuple[Finding, ...] = ()  # every entry's findings, as `translate check` finds them

    @property
    def kept_in_source(self) -> int:
        """Distinct segments that will appear in the source language."""
        return sum(1 for r in self.renditions.values() if r.state is SegmentState.untranslated)


def resolve_document(
    document: Document,
    language: Language,
    catalog: polib.POFile | None,
    catalog_path: Path,
    check: EntryCheck | None = None,
    root: Path | None = None,
) -> Resolution:
    """Match every segment of ``document`` with its catalog entry and list what blocks publishing.

    A segment is publishable when its entry is translated, not fuzzy, has the source's markup tags, and
    ``check`` finds nothing serious; a fuzzy translation is never published (as ``msgfmt`` leaves fuzzy
    entries out), so it falls back to the source text. ``check`` runs on every entry of the catalog,
    and the resolution keeps its findings (placed at the entry's line) so they count as
    ``translate check`` counts them.
    """
    where_po = Location.at(catalog_path, root=root)
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
    found: dict[int, tuple[Finding, ...]] = {}
    if check is not None:
        for entry in catalog:
            if not entry.obsolete and entry.msgid:
                at = Location(where_po.path, entry.linenum)
                found[id(entry)] = tuple(f.placed(at, entry.msgid) for f in check(entry, language))
    entries = {entry.msgid: entry for entry in catalog if not entry.obsolete and entry.msgctxt is None}
    renditions: dict[str, Rendition] = {}
    blockers: list[Blocker] = []
    for block, msgid in document.segments():
        if msgid in renditions:
            continue
        entry = entries.get(msgid)
        if entry is None:
            where = Location.at(document.path, block.line, root=root)
            blockers.append(
                Blocker(
                    document.doc_id,
                    language,
                    BlockReason.not_in_catalog,
                    where,
                    msgid,
                    f"the source changed since {where_po.path} was updated; run `translate run`",
                )
            )
            renditions[msgid] = Rendition(msgid, SegmentState.untranslated)
            continue
        where = Location(where_po.path, entry.linenum)
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
        for finding in found.get(id(entry), ()):
            if not finding.serious or (tags_differ and finding.check == "markup"):
                continue  # markup: already reported above, with what to do
            detail = f"{finding.check}: {finding.message}"
            blockers.append(
                Blocker(document.doc_id, language, BlockReason.serious, where, msgid, detail, finding)
            )
            state = SegmentState.flagged
        renditions[msgid] = Rendition(entry.msgstr, state)
    findings = tuple(finding for entry_findings in found.values() for finding in entry_findings)
    return Resolution(document.doc_id, language, renditions, tuple(blockers), findings)


def project_check(project: Project) -> EntryCheck:
    """The gate's checks: the project's checks, with its term base when it has one.

    Findings of a check the reviewer acknowledged on the entry (``#, ignore-<check>``) do not block:
    ``check_entry`` marks them acknowledged, so they are not serious.
    """
    return entry_checker(load_project_termbase(project.glossary_dir))
