"""Findings as the page lays them out: counted once per cell, and glossary ones grouped by term."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from translate.diagnostics import Finding
from translate.languages import Language
from translate.report.view import DocumentView

GROUPED_CHECK = "glossary"
"""The check whose findings are grouped by term: its message starts with the term's id and repeats,
word for word, in every segment that uses the term the same wrong way."""


@dataclass(frozen=True, slots=True)
class FindingGroup:
    """One glossary finding in one language of a document: its term, how often and in which segments."""

    anchor: str  # the group's element id, the target of the cells' links
    language: Language
    finding: Finding
    term: str
    detail: str  # the message after the term id
    count: int  # occurrences: a segment that uses the term twice counts twice
    numbers: tuple[int, ...]  # the segments, in order

    @property
    def repeated(self) -> bool:
        """Found in more than one segment: the cells point here instead of repeating the message."""
        return len(self.numbers) > 1


FindingGroups = dict[tuple[Language, Finding], FindingGroup]
"""A document's glossary finding groups, in page order, by language and finding."""


def counted(findings: Sequence[Finding]) -> list[tuple[Finding, int]]:
    """A cell's findings, each once with how often it occurs (a term used twice is found twice)."""
    return list(Counter(findings).items())


def term_and_detail(finding: Finding) -> tuple[str, str]:
    """A glossary finding's message split into the term id it starts with and the rest."""
    term, separator, detail = finding.message.partition(": ")
    return (term, detail) if separator else ("", finding.message)


def finding_groups(view: DocumentView, languages: Sequence[Language]) -> FindingGroups:
    """The document's glossary findings grouped per language by identical finding, ordered by language
    (as the columns), then term, then message, so each group names its term once with a count."""
    counts: dict[tuple[Language, Finding], Counter[int]] = {}
    for row in view.rows:
        for language, cell in row.cells:
            for finding in cell.findings:
                if finding.check == GROUPED_CHECK:
                    counts.setdefault((language, finding), Counter())[row.number] += 1
    column = {language: index for index, language in enumerate(languages)}
    ordered = sorted(
        counts.items(),
        key=lambda item: (
            column.get(item[0][0], len(column)),
            item[0][1].message.casefold(),
            item[0][1].severity,
            item[0][1].acknowledged,
        ),
    )
    groups: FindingGroups = {}
    for index, ((language, finding), numbers) in enumerate(ordered, start=1):
        term, detail = term_and_detail(finding)
        groups[language, finding] = FindingGroup(
            f"terms-{view.document.doc_id}-{index}",
            language,
            finding,
            term,
            detail,
            sum(numbers.values()),
            tuple(sorted(numbers)),
        )
    return groups
