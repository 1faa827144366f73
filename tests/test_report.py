"""Tests of the review report: content, provenance, consistency, escaping, and the page in a real browser."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from translate.catalog.template import GENERATOR
from translate.cli import app
from translate.languages import Language
from translate.pipeline import load_documents
from translate.project import Project
from translate.report.build import project_check
from translate.report.highlight import project_highlighter
from translate.report.notes import joined_notes
from translate.report.page import write_report_html

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
NOW = dt.datetime(2023, 11, 5, 9, 30, tzinfo=dt.UTC)
runner = CliRunner()

VISIT = """\
date 2023-11-03 The President of Kazakhstan met the Chairman of the Halk Maslahaty

03/11/2023

The President of Kazakhstan met the Chairman of the Halk Maslahaty of Turkmenistan. Talks were held in Astana.
"""

FORUM = """\
date 2023-11-10 A forum opened in Ashgabat

10/11/2023

The President of Kazakhstan sent greetings to the forum. Talks were held in Astana.
"""

RU = {
    "visit": {
        "The President of Kazakhstan met the Chairman of the Halk Maslahaty": (
            "Президент Казахстана встретился с Председателем Халк Маслахаты",
            [],
            "machine translation: argos translate-en_ru 1.0",
        ),
        "The President of Kazakhstan met the Chairman of the Halk Maslahaty of Turkmenistan.": (
            "Президент Казахстана встретился с Председателем Народного совета Туркменистана.",
            ["fuzzy"],
            "machine translation: argos translate-en_ru 1.0",
        ),
        "Talks were held in Astana.": ("Переговоры прошли в Астане.", [], "translation memory: exact match"),
    },
    "forum": {
        "A forum opened in Ashgabat": ("В Ашхабаде открылся форум <script>alert(1)</script>", [], ""),
        "The President of Kazakhstan sent greetings to the forum.": (
            "Глава государства направил приветствие форуму.",
            [],
            "",
        ),
        "Talks were held in Astana.": ("Переговоры состоялись в Астане.", [], ""),
    },
}


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """Two documents with the real term base, ru filled by hand (MT, TM and reviewer provenance), tk
    partly filled, kk left untranslated."""
    root = tmp_path / "desk"
    (root / "seeds").mkdir(parents=True)
    shutil.copytree(REPO / "glossary", root / "glossary")
    (root / "seeds" / "visit.txt").write_text(VISIT, encoding="utf-8")
    (root / "seeds" / "forum.txt").write_text(FORUM, encoding="utf-8")
    result = runner.invoke(app, ["run", "--project", str(root)])
    assert result.exit_code == 0, result.output
    project = Project.at(root)
    for doc_id, table in RU.items():
        path = project.catalog_path(Language.ru, doc_id)
        catalog = polib.pofile(str(path))
        for entry in catalog:
            text, flags, note = table[entry.msgid]
            entry.msgstr = text
            entry.flags = flags
            if note:
                entry.comment = note
        catalog.find("Talks were held in Astana.").tcomment = "checked against the TDH article"
        if doc_id == "visit":
            catalog.find(
                "The President of Kazakhstan met the Chairman of the Halk Maslahaty of Turkmenistan."
            ).previous_msgid = "The President of Kazakhstan met the Chairman."
        catalog.save()
    path = project.catalog_path(Language.tk, "visit")
    catalog = polib.pofile(str(path))
    catalog.find("Talks were held in Astana.").msgstr = "Gepleşikler Astanada geçirildi."
    catalog.save()
    return root


def _report(root: Path) -> str:
    project = Project.at(root)
    documents = load_documents(project.source_files())
    data = write_report_html(
        project,
        documents,
        list(Language),
        NOW,
        highlighter=project_highlighter(project),
        check=project_check(project),
    )
    return data.decode("utf-8")


class _Page(HTMLParser):
    """Collects elements by class, with their text, from an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []
        self.open: list[tuple[str, dict[str, str], list[str]]] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in ("src", "href"):
            if values.get(name) and not values[name].startswith("#"):
                self.external.append(values[name])
        if tag == "link":
            self.external.append(values.get("href", "link"))
        if tag in ("br", "meta", "col", "input", "hr", "link", "img"):
            return
        element = (tag, values, [])
        self.elements.append(element)
        self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, _, text in self.open:
            text.append(data)

    def find(self, tag: str | None = None, css: str | None = None) -> list[tuple[dict[str, str], str]]:
        """(attributes, text) of elements with ``tag`` and/or class ``css``."""
        return [
            (attrs, "".join(text))
            for name, attrs, text in self.elements
            if (tag is None or name == tag) and (css is None or css in attrs.get("class", "").split())
        ]


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


def test_report_shows_segments_side_by_side_with_states_and_provenance(desk: Path) -> None:
    page = _parse(_report(desk))
    rows = page.find("tr", "segment")
    assert len(rows) == 6  # 2 titles + 2 sentences + 2 sentences (identical ones shown once per document)
    cells = [cell for cell in page.find("td", "tgt") if "data-state" in cell[0]]
    states = [attrs["data-state"] for attrs, _ in cells if attrs.get("data-lang") == "ru"]
    # Documents in file name order: forum, then visit.
    assert states == ["reviewed", "reviewed", "reviewed", "reviewed", "fuzzy", "reviewed"]
    assert [attrs["data-state"] for attrs, _ in cells if attrs.get("data-lang") == "kk"] == [
        "untranslated"
    ] * 6
    provenance = [text for _, text in page.find("span", "prov")]
    assert "MT → reviewed: argos translate-en_ru 1.0" in provenance
    assert "MT: argos translate-en_ru 1.0" in provenance
    assert "TM → reviewed: exact match" in provenance
    assert "reviewer" in provenance
    notes = [text for _, text in page.find("li", "note")]
    assert "reviewer: checked against the TDH article" in notes
    assert (
        "source changed; the translation was made for: The President of Kazakhstan met the Chairman." in notes
    )
    dates = [text for attrs, text in page.find("td", "date") if attrs.get("data-lang") == "kk"]
    assert dates == ["2023\u202fж. 10 қараша", "2023\u202fж. 3 қараша"]


def test_report_highlights_terms_in_both_columns_and_marks_findings(desk: Path) -> None:
    page = _parse(_report(desk))
    source_terms = [
        (attrs["data-term"], text) for attrs, text in page.find("mark", "term") if "data-term" in attrs
    ]
    assert ("president-of-kazakhstan", "President of Kazakhstan") in source_terms
    assert ("president-of-kazakhstan", "Президент Казахстана") in source_terms
    assert ("chairman-halk-maslahaty", "Chairman of the Halk Maslahaty") in source_terms
    assert ("chairman-halk-maslahaty", "Председателем Халк Маслахаты") in source_terms  # inflected
    assert ("astana", "Astanada") in source_terms  # tk, with its locative ending
    forbidden = [(attrs["data-term"], text) for attrs, text in page.find("mark", "term-forbidden")]
    assert forbidden == [
        ("chairman-halk-maslahaty-turkmenistan", "Председателем Народного совета Туркменистана")
    ]
    findings = [text for _, text in page.find("li", "finding")]
    assert any(
        text.startswith("serious glossary:") and "forbidden rendering «Председателем Народного совета" in text
        for text in findings
    )
    assert any(
        text.startswith("serious glossary:") and "'Kazakhstan' has no approved ru" in text
        for text in findings
    )
    assert "serious markup: leftover placeholder or markup '<script>'" in findings


def test_report_lists_inconsistencies_across_documents(desk: Path) -> None:
    page = _parse(_report(desk))
    rows = {
        (attrs["data-lang"], attrs["data-subject"]): text for attrs, text in page.find("td", "inconsistency")
    }
    assert sorted(rows) == [
        ("ru", "Chairman of the Halk Maslahaty of Turkmenistan"),
        ("ru", "Kazakhstan"),
        ("ru", "Talks were held in Astana."),
    ]
    # “Глава государства” leaves Kazakhstan unrendered in the forum article's second segment.
    assert rows[("ru", "Kazakhstan")].endswith("left unrenderednot rendered forum §2")
    # The same sentence translated two ways in two documents.
    assert rows[("ru", "Talks were held in Astana.")] == (
        "rendered differentlyПереговоры прошли в Астане. visit §3Переговоры состоялись в Астане. forum §3"
    )
    # A forbidden rendering of a title.
    assert rows[("ru", "Chairman of the Halk Maslahaty of Turkmenistan")] == (
        "rendered differentlyПредседателем Народного совета Туркменистана (forbidden) visit §2"
    )


def test_report_progress_and_gate(desk: Path) -> None:
    project = Project.at(desk)
    # The forum's Kazakh catalog is fully reviewed and clean: the report says it may be published.
    path = project.catalog_path(Language.kk, "forum")
    catalog = polib.pofile(str(path))
    catalog.find("A forum opened in Ashgabat").msgstr = "Ашхабадта форум ашылды"
    catalog.find(
        "The President of Kazakhstan sent greetings to the forum."
    ).msgstr = "Қазақстан Президенті форумға құттықтау жолдады."
    catalog.find("Talks were held in Astana.").msgstr = "Келіссөздер Астанада өтті."
    catalog.metadata["Last-Translator"] = "Aigerim <aigerim@example.org>"
    catalog.save()
    page = _parse(_report(desk))
    progress = {
        (attrs["data-lang"], text.split(attrs["data-lang"])[0]): text
        for attrs, text in page.find("tr")
        if "data-lang" in attrs and "inconsistency" not in attrs.get("class", "")
    }
    assert progress[("kk", "forum")] == "forumkk100%3/3000ready to publishAigerim <aigerim@example.org>"
    assert progress[("ru", "visit")] == f"visitru67%2/3101blocked (1){GENERATOR}"
    assert progress[("tk", "visit")].startswith("visittk33%1/3020blocked (2)")
    # Totals per language over both documents.
    assert progress[("kk", "all documents")] == "all documentskk50%3/6030blocked (3)"


def test_report_is_self_contained_escaped_and_deterministic(desk: Path) -> None:
    first = _report(desk)
    assert first == _report(desk)
    page = _parse(first)
    assert page.external == []
    assert "url(" not in first and "@import" not in first
    assert "<script>alert(1)</script>" not in first
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in first
    assert first.count("<script>") == 1  # the page's own


def test_report_command_writes_one_file(desk: Path) -> None:
    result = runner.invoke(app, ["report", "--project", str(desk), "--to", "ru,kk"])
    assert result.exit_code == 0, result.output
    report = desk / "reports" / "review.html"
    assert report.is_file()
    assert "file://" in result.output
    text = report.read_text("utf-8")
    assert 'data-languages="ru kk"' in text
    out = desk / "elsewhere" / "r.html"
    result = runner.invoke(app, ["report", "--project", str(desk), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()


CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("chromium is not installed; run scripts/setup.sh (it installs Debian's chromium package)")


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
    path.write_text(_report(desk), encoding="utf-8")
    dom = _run_chromium(tmp_path, "--virtual-time-budget=2000", "--dump-dom", path.as_uri()).stdout
    assert re.search(r'<body[^>]*data-ready="1"', dom), "the report's script did not run"
    page = _parse(dom)
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


def test_acknowledged_findings_are_shown_but_do_not_block(desk: Path) -> None:
    project = Project.at(desk)
    path = project.catalog_path(Language.ru, "forum")
    catalog = polib.pofile(str(path))
    catalog.find("The President of Kazakhstan sent greetings to the forum.").flags.append("ignore-glossary")
    catalog.find("A forum opened in Ashgabat").msgstr = "В Ашхабаде открылся форум"
    catalog.save()
    page = _parse(_report(desk))
    acknowledged = [text for _, text in page.find("li", "ignored")]
    assert len(acknowledged) == 1
    assert "'Kazakhstan' has no approved ru rendering" in acknowledged[0]
    assert acknowledged[0].endswith("(acknowledged: #, ignore-glossary)")
    gates = [
        text for attrs, text in page.find("tr") if attrs.get("data-lang") == "ru" and text.startswith("forum")
    ]
    assert gates == ["forumru100%3/3000ready to publish" + GENERATOR]


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("locales/ru/LC_MESSAGES/visit.po", "give --out a name ending in .html"),
        ("seeds/visit.txt", "give --out a name ending in .html"),
        ("locales/review.html", "is inside locales/"),
        ("glossary/review.html", "is inside glossary/"),
    ],
    ids=["over-a-catalog", "over-a-source", "inside-locales", "inside-glossary"],
)
def test_report_out_never_overwrites_the_projects_inputs(desk: Path, out: str, message: str) -> None:
    before = {p: p.read_bytes() for p in desk.rglob("*") if p.is_file()}
    result = runner.invoke(app, ["report", "--project", str(desk), "--out", str(desk / out)])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert {p: p.read_bytes() for p in desk.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        (
            "glossary: national-leader: provisional kk rendering «Түрікмен халқының\n"
            "Ұлттық көшбасшысына» (no official source yet); check it",
            (
                "glossary: national-leader: provisional kk rendering «Түрікмен халқының Ұлттық көшбасшысына» "
                "(no official source yet); check it",
            ),
        ),
        (
            "title\ncheck: [serious] numbers: «2023» (2023) is missing or changed in the\ncheck: … translation",
            ("title", "check: [serious] numbers: «2023» (2023) is missing or changed in the translation"),
        ),
        (
            "machine translation: m 1.0\nextracted by another tool",
            ("machine translation: m 1.0 extracted by another tool",),
        ),
        ("a tool's note\nanother note", ("a tool's note", "another note")),
    ],
    ids=["polib-wrapped-glossary", "our-wrapped-check", "after-provenance", "foreign-notes"],
)
def test_wrapped_notes_are_shown_as_one(comment: str, expected: tuple[str, ...]) -> None:
    assert joined_notes(comment) == expected
