"""The report meets WCAG 2.1 AA: axe-core finds nothing in a real browser, the keyboard reaches and works
every control, and the stylesheet's colours keep their contrast."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.report._chromium import Chromium, find_chromium
from tests.report._desk import REPO, runner
from translate.cli import app

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
"""axe-core as ``npm ci --prefix tests/report/axe`` installs it (scripts/setup.sh runs that)."""

WCAG_21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
"""The axe rule tags of WCAG 2.0 and 2.1, levels A and AA."""

SEED = "2023-11-04-halk-maslahaty-kazakhstan"
CSS = REPO / "translate" / "report" / "templates" / "report.css"

# The stylesheet's colour properties by role. Every text colour must read at 4.5:1 on every surface (a
# finding, a badge or a tag chip can sit in any cell state or under a term mark), every UI colour at 3:1
# on what it is drawn against; a new colour property has to be sorted in here before the tests pass.
TEXT = ("ink", "muted", "link", "ok", "fuzzy", "bad", "tag-ink")
SURFACES = (
    "paper",
    "page",
    "head",
    "src",
    "bg-fuzzy",
    "bg-bad",
    "bg-untr",
    "term",
    "term-bad",
    "term-provisional",
    "tag",
)
UI = {
    "focus": SURFACES,  # the focus ring, around anything on any surface
    "term-line": SURFACES,  # the underline that marks a term without relying on its pale background
    "bar-reviewed": ("bar-track", "paper"),
    "bar-fuzzy": ("bar-track", "paper"),
}
DECORATION = ("line", "bar-track")  # cell borders and the empty bar: the content differs on either side

RESULTS = """
(violations) => violations.map((v) => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.length,
  first: v.nodes.slice(0, 3).map((n) => ({target: n.target.join(" "), html: n.html, why: n.failureSummary})),
}))
"""


@pytest.fixture
def realistic_report(desk: Path) -> Path:
    """``translate report`` over the report tests' two-document desk plus the seed article with its
    committed reviewed catalogs: every cell state, provenance, notes, acknowledged findings, inconsistencies
    and a 33-segment article whose terms are found again and again. The index page is returned; the
    documents' pages are in ``reports/review/``."""
    shutil.copy(REPO / "seeds" / f"{SEED}.txt", desk / "seeds")
    for language in ("ru", "tk", "kk"):
        shutil.copy(
            REPO / "tests" / "fixtures" / "reviewed" / language / f"{SEED}.po",
            desk / "locales" / language / "LC_MESSAGES",
        )
    result = runner.invoke(app, ["report", "--project", str(desk)])
    assert result.exit_code == 0, result.output
    return desk / "reports" / "review.html"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    """Headless Chromium with axe-core at hand; the tests skip, saying why, where either is missing."""
    executable = find_chromium()
    if executable is None:
        pytest.skip("chromium is not installed; scripts/setup.sh installs Debian's chromium package")
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed at {AXE}; run npm ci --prefix tests/report/axe")
    with Chromium(executable, tmp_path_factory.mktemp("chromium") / "profile") as chromium:
        yield chromium


def _open(browser: Chromium, page: Path) -> None:
    browser.open(page.as_uri())
    assert browser.evaluate("document.body.dataset.ready") == "1", "the report's script did not run"


def _axe(browser: Chromium) -> list[dict[str, Any]]:
    if not browser.evaluate("typeof axe === 'object'"):
        browser.evaluate(AXE.read_text("utf-8"))
    options = json.dumps({"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]})
    violations: list[dict[str, Any]] = browser.evaluate(
        f"axe.run(document, {options}).then((r) => ({RESULTS})(r.violations))"
    )
    return violations


def _described(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}, {v['nodes']} elements): {v['help']}")
        for node in v["first"]:
            lines.append(f"    {node['target']}: {node['html'][:160]}")
            lines.append("      " + " ".join(node["why"].split())[:300])
    return "\n".join(lines)


def _seed_page(index: Path) -> Path:
    return index.parent / "review" / f"{SEED}.html"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("page", "folded_list"),
    [("index", "names, titles or sentences rendered"), ("document", "Glossary findings by term")],
    ids=["index", "document-page"],
)
def test_report_has_no_wcag_21_aa_violations(
    browser: Chromium, realistic_report: Path, page: str, folded_list: str
) -> None:
    """axe-core finds nothing on the index nor on a document's page as they open, nor with every folded
    list open (what a reader unfolds, and what the printed page shows)."""
    _open(browser, realistic_report if page == "index" else _seed_page(realistic_report))
    as_opened = _axe(browser)
    assert not as_opened, "axe-core, the page as it opens:\n" + _described(as_opened)
    summaries = browser.evaluate(
        "Array.from(document.querySelectorAll('details:not([open]) > summary'), (s) => s.textContent)"
    )
    assert any(folded_list in summary for summary in summaries), summaries  # it starts folded
    browser.evaluate("document.querySelectorAll('details').forEach((d) => (d.open = true))")
    unfolded = _axe(browser)
    assert not unfolded, "axe-core, every folded list open:\n" + _described(unfolded)


FOCUSED = """(() => {
  const e = document.activeElement, style = getComputedStyle(e), box = e.getBoundingClientRect();
  return {
    tag: e.tagName.toLowerCase(), id: e.id, cls: e.className, href: e.getAttribute("href") || "",
    label: (e.closest("label") || e).textContent.trim(), checked: e.checked === true,
    ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight,
  };
})()"""


def _tab(browser: Chromium) -> dict[str, Any]:
    browser.press("Tab")
    focused: dict[str, Any] = browser.evaluate(FOCUSED)
    assert focused["ring"] and focused["onScreen"], f"focus is not visible on {focused}"
    return focused


def _body_classes(browser: Chromium) -> set[str]:
    return set(browser.evaluate("document.body.className").split())


@pytest.mark.slow
def test_report_is_usable_from_the_keyboard(browser: Chromium, realistic_report: Path) -> None:
    """On a document's page, Tab reaches a skip link, the link back to the index, every filter, the
    folded lists and the link from a cell's finding to the document's term list, each with a visible
    focus ring; Enter and Space work them."""
    page = _seed_page(realistic_report)
    _open(browser, page)
    skip = _tab(browser)
    assert (skip["cls"], skip["href"], skip["label"]) == ("skip-link", "#main", "Skip to the report")
    browser.press("Enter")
    assert browser.evaluate("document.activeElement.id") == "main"
    assert _tab(browser)["href"].startswith("#doc-")  # past the header, on the progress table's first link

    _open(browser, page)
    _tab(browser)  # the skip link
    assert _tab(browser)["href"] == "../review.html"  # back to the index
    filters = []
    for hidden in ("hide-ru", "hide-tk", "hide-kk", "problems-only"):
        focused = _tab(browser)
        filters.append((focused["tag"], focused["label"]))
        browser.press("Space")
        assert hidden in _body_classes(browser)
        browser.press("Space")
        assert hidden not in _body_classes(browser)
    assert filters == [
        ("input", "show ru"),
        ("input", "show tk"),
        ("input", "show kk"),
        ("input", "only segments needing attention (31)"),
    ]

    # On through the page: the folded lists open and close with Enter, and a cell's link to the term list
    # unfolds it and lands on the group it names.
    summaries = []
    for _ in range(100):
        focused = _tab(browser)
        if focused["tag"] == "summary":
            summaries.append(focused["label"].split(":")[0])
            browser.press("Enter")
            assert browser.evaluate("document.activeElement.parentElement.open") is True
            browser.press("Enter")
            assert browser.evaluate("document.activeElement.parentElement.open") is False
        if focused["href"].startswith("#terms-"):
            break
    else:
        pytest.fail(f"no link to the term list within 100 tabs; the summaries reached: {summaries}")
    assert summaries[:1] == ["Glossary findings by term"]
    assert focused["label"].startswith("same finding in ")
    browser.press("Enter")
    landed = browser.evaluate(
        """(() => {
          const group = document.getElementById(location.hash.slice(1)), box = group.getBoundingClientRect();
          return {hash: location.hash, open: group.closest("details").open, text: group.textContent,
                  onScreen: box.top >= 0 && box.bottom <= innerHeight};
        })()"""
    )
    assert landed["hash"] == focused["href"] and landed["open"] and landed["onScreen"], landed
    assert re.search(r" ×\d+ — ", landed["text"]), landed["text"]


def _colours() -> dict[str, str]:
    css = CSS.read_text("utf-8")
    root = re.search(r":root\s*\{(.*?)\n\}", css, re.S)
    assert root, "report.css declares its colours in one :root block"
    return dict(re.findall(r"--([\w-]+)\s*:\s*(#[0-9a-fA-F]{6})\s*;", root.group(1)))


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """The WCAG 2.1 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0), ("#767676", "#ffffff", 4.54)],
    ids=["black-on-white", "same", "grey-just-passing"],
)
def test_contrast_is_wcag_ratio(first: str, second: str, expected: float) -> None:
    assert round(contrast(first, second), 2) == expected


def test_report_css_sorts_every_colour_into_a_role() -> None:
    colours = _colours()
    assert sorted(colours) == sorted({*TEXT, *SURFACES, *UI, *DECORATION})
    outside = re.sub(r":root\s*\{.*?\n\}", "", CSS.read_text("utf-8"), count=1, flags=re.S)
    assert not re.findall(r"#[0-9a-fA-F]{3,8}\b|rgba?\(|hsla?\(", outside), "colours belong in :root"
    used = set(re.findall(r"var\(--([\w-]+)\)", outside))
    assert used <= set(colours), f"undefined colours: {sorted(used - set(colours))}"


PAIRS = [
    *((text, surface, 4.5) for text, surface in itertools.product(TEXT, SURFACES)),
    *((ui, surface, 3.0) for ui, surfaces in UI.items() for surface in surfaces),
]


@pytest.mark.parametrize(
    ("foreground", "background", "minimum"), PAIRS, ids=[f"{f}-on-{b}" for f, b, _ in PAIRS]
)
def test_report_colours_meet_wcag_aa_contrast(foreground: str, background: str, minimum: float) -> None:
    colours = _colours()
    ratio = contrast(colours[foreground], colours[background])
    assert ratio >= minimum, f"--{foreground} on --{background}: {ratio:.2f}:1, needs {minimum}:1"
