"""The report's HTML: self-contained, escaped, deterministic, marks laid out, and the page in a real browser."""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
from pathlib import Path

import pytest

from tests.report._chromium import CHROMIUM_FLAGS, find_chromium
from tests.report._desk import NOW, REPO, parse, report
from translate.catalog.entries import CatalogStats
from translate.diagnostics import Finding, Severity
from translate.document.model import Block, BlockKind, Document, SourceFormat
from translate.languages import Language
from translate.report.render import Chunk, Run, render_report, runs
from translate.report.view import Cell, CellState, DocumentView, Inconsistency, Mark, Progress, Row

ARTIFACTS = REPO / "test-artifacts"

# Markup, quotes, an entity and template syntax: a page that shows it as text escapes it once, and never
# runs it as a template.
HOSTILE = """<script>alert("x")</script> & 'q' &amp; {{ 7*7 }} {% if x %}"""


def test_report_is_self_contained_escaped_and_deterministic(desk: Path) -> None:
    first = report(desk)
    assert first == report(desk)
    page = parse(first)
    assert page.external == []
    assert "url(" not in first and "@import" not in first
    assert "<script>alert(1)</script>" not in first
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in first
    assert first.count("<script>") == 1  # the page's own


def _chromium() -> str:
    found = find_chromium()
    if found is None:
        pytest.fail("chromium is not installed; run scripts/setup.sh (it installs Debian's chromium package)")
    return found


def _run_chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "chromium-profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.mark.slow
def test_report_in_headless_chromium(desk: Path, tmp_path: Path) -> None:
    """The page's own script runs in a real browser, the DOM holds segments, terms and findings, and a
    screenshot is kept as a test artifact."""
    path = tmp_path / "review.html"
    path.write_text(report(desk), encoding="utf-8")
    dom = _run_chromium(tmp_path, "--virtual-time-budget=2000", "--dump-dom", path.as_uri()).stdout
    assert re.search(r'<body[^>]*data-ready="1"', dom), "the report's script did not run"
    page = parse(dom)
    labels = [text.strip() for _, text in page.find("label")]
    assert labels == ["show ru", "show tk", "show kk", "only segments needing attention (6)"]
    assert len(page.find("tr", "segment")) == 6
    assert len([1 for attrs, _ in page.find("mark", "term") if attrs.get("data-term")]) >= 8
    assert any("forbidden rendering" in text for _, text in page.find("li", "finding"))
    assert page.find("mark", "term-forbidden")

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "review-report.png"
    shot.unlink(missing_ok=True)
    _run_chromium(tmp_path, "--window-size=1366,1400", f"--screenshot={shot}", path.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000

    # Printable: the print stylesheet lays it out on A4 landscape pages.
    pdf = ARTIFACTS / "review-report.pdf"
    pdf.unlink(missing_ok=True)
    _run_chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", path.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    # One page per document (each starts on a new page) plus the first with progress and consistency.
    assert len(re.findall(rb"/Type\s*/Page\b", data)) >= 3
    boxes = {tuple(float(v) for v in box.split()) for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", data)}
    assert boxes and all(round(w) == 842 and round(h) == 595 for _, _, w, h in boxes)  # A4 landscape


@pytest.fixture(scope="module")
def hostile_page() -> str:
    """One document whose every shown text (source, translation, term, note, finding, provenance,
    catalog path, translator, date, inconsistency) is ``HOSTILE``."""
    title = Block(BlockKind.title, 1, (HOSTILE,))
    paragraph = Block(BlockKind.paragraph, 3, (f"{HOSTILE} <b>bold</b>",))
    document = Document(
        "doc", Path("seeds/doc.md"), SourceFormat.markdown, (title, paragraph), dt.date(2023, 11, 3)
    )
    cell = Cell(
        text=HOSTILE,
        state=CellState.fuzzy,
        provenance="MT",
        origin=HOSTILE,
        notes=(HOSTILE,),
        findings=(Finding(HOSTILE, Severity.serious, HOSTILE, acknowledged=True),),
        marks=(Mark(0, len("<script>"), HOSTILE, "forbidden", HOSTILE),),
        path=HOSTILE,
        line=7,
    )
    rows = (
        Row(1, title, HOSTILE, (Mark(0, 8, HOSTILE, "term", HOSTILE),), ((Language.ru, cell),)),
        Row(2, paragraph, f"{HOSTILE} <b>bold</b>", (), ((Language.ru, cell),)),
    )
    progress = (Progress(Language.ru, CatalogStats(2, 2, 2, 0, 0), 0, 0, HOSTILE),)
    view = DocumentView(document, rows, progress, ((Language.ru, HOSTILE),))
    inconsistency = Inconsistency(
        HOSTILE, Language.ru, "differs", ((HOSTILE, (("doc", 1),)), ("", (("doc", 2),)))
    )
    return render_report([view], [inconsistency], [Language.ru], NOW, title=HOSTILE)


def test_hostile_text_is_escaped_once_and_never_run(hostile_page: str) -> None:
    assert hostile_page.count("<script>") == 1  # the page's own
    assert HOSTILE not in hostile_page
    assert html.escape(HOSTILE) in hostile_page
    assert "&amp;amp;" in hostile_page and "&amp;amp;amp;" not in hostile_page  # escaped once, not twice
    assert "49" not in parse(hostile_page).find("main")[0][1]  # {{ 7*7 }} is text, not an expression


@pytest.mark.parametrize(
    ("tag", "css", "attribute", "expected"),
    [
        ("title", None, None, HOSTILE),
        ("h1", None, None, HOSTILE),
        ("mark", "term-forbidden", "data-term", HOSTILE),
        ("mark", "term-forbidden", "title", HOSTILE),
        ("td", "src", None, HOSTILE),
        ("div", "text", None, HOSTILE),
        ("li", "note", None, HOSTILE),
        ("li", "finding", "data-check", HOSTILE),
        ("li", "finding", None, f"serious {HOSTILE}: {HOSTILE} (acknowledged: #, ignore-{HOSTILE})"),
        ("span", "prov", "title", HOSTILE),
        ("span", "prov", None, f"MT: {HOSTILE}"),
        ("span", "where", "title", f"{HOSTILE}:7"),
        ("td", "who", None, HOSTILE),
        ("td", "date", None, HOSTILE),
        ("td", "inconsistency", "data-subject", HOSTILE),
        ("span", "rendering", None, HOSTILE),
    ],
    ids=[
        "page-title",
        "heading",
        "term-id",
        "term-title",
        "source",
        "translation",
        "note",
        "check-name",
        "finding",
        "origin",
        "provenance",
        "catalog-path",
        "translator",
        "date",
        "subject",
        "rendering",
    ],
)
def test_hostile_text_reads_back_as_written(
    hostile_page: str, tag: str, css: str | None, attribute: str | None, expected: str
) -> None:
    attrs, text = parse(hostile_page).find(tag, css)[0]
    assert (attrs[attribute] if attribute else text) == expected


@pytest.mark.parametrize(
    ("text", "marks", "expected"),
    [
        ("plain", [], (Run(None, (Chunk("plain"),)),)),
        (
            "a <b>b</b><c1/>",
            [],
            (
                Run(
                    None,
                    (Chunk("a "), Chunk("<b>", True), Chunk("b"), Chunk("</b>", True), Chunk("<c1/>", True)),
                ),
            ),
        ),
        (
            "one two",
            [Mark(4, 7, "two")],
            (Run(None, (Chunk("one "),)), Run(Mark(4, 7, "two"), (Chunk("two"),))),
        ),
        (
            "one two",
            [Mark(0, 7, "long"), Mark(4, 7, "bad", "forbidden")],
            (Run(None, (Chunk("one "),)), Run(Mark(4, 7, "bad", "forbidden"), (Chunk("two"),))),
        ),
        (
            "one two",
            [Mark(0, 3, "short"), Mark(0, 7, "long")],
            (Run(Mark(0, 7, "long"), (Chunk("one two"),)),),
        ),
        ("one", [Mark(2, 9, "past the end"), Mark(1, 1, "empty")], (Run(None, (Chunk("one"),)),)),
        ("", [], ()),
    ],
    ids=["no-marks", "tags-as-chips", "one-term", "problem-wins", "longer-wins", "outside-dropped", "empty"],
)
def test_runs_lay_marks_out_without_overlap(text: str, marks: list[Mark], expected: tuple[Run, ...]) -> None:
    assert runs(text, marks) == expected
