"""Findings on the page: the same one counted once per cell, glossary ones said once per term with a count."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from tests.report._desk import NOW, parse
from translate.diagnostics import Finding, Severity
from translate.document.model import Block, BlockKind, Document, SourceFormat
from translate.languages import Language
from translate.report.findings import FindingGroup, counted, finding_groups, term_and_detail
from translate.report.render import render_report
from translate.report.view import Cell, CellState, DocumentView, Row

KAZAKHSTAN = Finding(
    "glossary",
    Severity.serious,
    "kazakhstan: 'Kazakhstan' has no approved ru rendering in the translation; expected «Казахстан»",
)
TURKMENISTAN = Finding(
    "glossary",
    Severity.serious,
    "turkmenistan: 'Turkmenistan' has no approved ru rendering",
    acknowledged=True,
)
NUMBERS = Finding("numbers", Severity.serious, "«2023» (2023) is missing or changed in the translation")
HOSTILE = """<script>alert("x")</script> & 'q' &amp; {{ 7*7 }}"""


def _cell(*findings: Finding) -> Cell:
    return Cell("text", CellState.reviewed, "", "", (), findings, (), "locales/x.po", 3)


def _view(*cells: tuple[Cell, Cell]) -> DocumentView:
    """A document with one paragraph per pair of cells (ru, tk)."""
    blocks = tuple(Block(BlockKind.paragraph, 2 * n + 1, (f"segment {n}",)) for n in range(len(cells)))
    document = Document("doc", Path("seeds/doc.md"), SourceFormat.markdown, blocks, None)
    rows = tuple(
        Row(n, block, f"segment {n}", (), ((Language.ru, ru), (Language.tk, tk)))
        for n, (block, (ru, tk)) in enumerate(zip(blocks, cells, strict=True), start=1)
    )
    return DocumentView(document, rows, (), ())


VIEW = _view(
    (_cell(KAZAKHSTAN, NUMBERS, KAZAKHSTAN), _cell(KAZAKHSTAN)),  # the term twice in one segment
    (_cell(TURKMENISTAN, KAZAKHSTAN), _cell()),
    (_cell(NUMBERS), _cell()),
)


def test_a_cell_counts_the_same_finding_once() -> None:
    assert counted([KAZAKHSTAN, NUMBERS, KAZAKHSTAN]) == [(KAZAKHSTAN, 2), (NUMBERS, 1)]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("kazakhstan: 'Kazakhstan' has no approved ru", ("kazakhstan", "'Kazakhstan' has no approved ru")),
        ("astana: forbidden: expected «Астана»", ("astana", "forbidden: expected «Астана»")),
        ("no term here", ("", "no term here")),
    ],
    ids=["term-first", "split-at-the-first-colon", "no-term"],
)
def test_a_glossary_message_starts_with_its_term(message: str, expected: tuple[str, str]) -> None:
    assert term_and_detail(Finding("glossary", Severity.serious, message)) == expected


def test_glossary_findings_are_grouped_per_language_by_term() -> None:
    groups = finding_groups(VIEW, [Language.ru, Language.tk])
    assert list(groups.values()) == [
        FindingGroup(
            "terms-doc-1",
            Language.ru,
            KAZAKHSTAN,
            "kazakhstan",
            KAZAKHSTAN.message.removeprefix("kazakhstan: "),
            3,
            (1, 2),
        ),
        FindingGroup(
            "terms-doc-2",
            Language.ru,
            TURKMENISTAN,
            "turkmenistan",
            "'Turkmenistan' has no approved ru rendering",
            1,
            (2,),
        ),
        FindingGroup(
            "terms-doc-3",
            Language.tk,
            KAZAKHSTAN,
            "kazakhstan",
            KAZAKHSTAN.message.removeprefix("kazakhstan: "),
            1,
            (1,),
        ),
    ]  # numbers findings are per segment, never grouped
    assert [group.repeated for group in groups.values()] == [True, False, False]


def test_a_repeated_glossary_finding_is_said_once_and_linked() -> None:
    page = parse(render_report([VIEW], [], [Language.ru, Language.tk], NOW))
    groups = page.find("li", "term-group")
    assert [(attrs["id"], attrs["data-lang"], attrs["class"]) for attrs, _ in groups] == [
        ("terms-doc-1", "ru", "term-group sev-serious"),
        ("terms-doc-2", "ru", "term-group sev-serious acknowledged"),
        ("terms-doc-3", "tk", "term-group sev-serious"),
    ]
    assert groups[0][1] == (
        "serious ru · kazakhstan ×3 — 'Kazakhstan' has no approved ru rendering in the translation; "
        "expected «Казахстан» in §1, §2"
    )
    assert groups[1][1] == (
        "serious ru · turkmenistan ×1 — 'Turkmenistan' has no approved ru rendering "
        "(acknowledged: #, ignore-glossary) in §2"
    )
    summary = [text for _, text in page.find("summary") if text.startswith("Glossary")]
    assert summary == ["Glossary findings by term: 5 findings, 3 distinct"]
    findings = [text for _, text in page.find("li", "finding")]
    assert findings == [
        "serious glossary: kazakhstan ×2 — same finding in 2 segments",  # ru §1
        f"serious numbers: {NUMBERS.message}",
        f"serious glossary: {KAZAKHSTAN.message}",  # tk §1: the only one in Turkmen, said in full
        "serious glossary: turkmenistan: 'Turkmenistan' has no approved ru rendering "
        "(acknowledged: #, ignore-glossary)",
        "serious glossary: kazakhstan — same finding in 2 segments",  # ru §2
        f"serious numbers: {NUMBERS.message}",
    ]
    links = {attrs["href"] for attrs, text in page.find("a") if text.startswith("same finding")}
    assert links == {"#terms-doc-1"}
    segment_links = [attrs["href"] for attrs, _ in page.find("a") if attrs["href"].startswith("#seg-")]
    assert segment_links[:2] == ["#seg-doc-1", "#seg-doc-2"]


def test_a_document_without_glossary_findings_has_no_term_list() -> None:
    page = parse(render_report([_view((_cell(NUMBERS), _cell()))], [], [Language.ru, Language.tk], NOW))
    assert page.find("li", "term-group") == [] and page.find("details") == []


def test_a_hostile_term_and_message_read_back_as_written() -> None:
    hostile = Finding("glossary", Severity.serious, f"{HOSTILE}: {HOSTILE}")
    page_text = render_report(
        [_view((_cell(hostile), _cell()), (_cell(hostile), _cell()))], [], [Language.ru, Language.tk], NOW
    )
    assert HOSTILE not in page_text and html.escape(HOSTILE) in page_text
    page = parse(page_text)
    assert page.find("li", "term-group")[0][1] == f"serious ru · {HOSTILE} ×2 — {HOSTILE} in §1, §2"
    assert page.find("li", "finding")[0][1] == f"serious glossary: {HOSTILE} — same finding in 2 segments"
