"""The report as an index and a page per document: the pages exist, link to each other correctly, each is
self-contained, and the report holds one document's catalogs at a time."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from urllib.parse import unquote, urlsplit

import polib
import pytest

from tests.report._desk import NOW, parse, runner
from translate.cli import app
from translate.languages import Language
from translate.pipeline import load_documents
from translate.project import Project
from translate.report import build, page


def _links(path: Path) -> list[tuple[Path, str]]:
    """Every link on the page at ``path``: the file it points to and its fragment."""
    found = []
    for attrs, _ in parse(path.read_text("utf-8")).find("a"):
        parts = urlsplit(attrs["href"])
        target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
        found.append((target, parts.fragment))
    return found


def _ids(path: Path) -> set[str]:
    return {attrs["id"] for attrs, _ in parse(path.read_text("utf-8")).find() if "id" in attrs}


@pytest.fixture
def written(desk: Path) -> Path:
    result = runner.invoke(app, ["report", "--project", str(desk)])
    assert result.exit_code == 0, result.output
    assert "2 document pages" in result.output
    return desk / "reports" / "review.html"


def test_report_writes_an_index_and_a_page_per_document(written: Path) -> None:
    pages = sorted(path.name for path in (written.parent / "review").iterdir())
    assert pages == ["forum.html", "visit.html"]
    index = parse(written.read_text("utf-8"))
    assert index.find("tr", "segment") == []  # the index shows progress and consistency, not segments
    documents = {attrs["href"] for attrs, _ in index.find("a") if "#doc-" in attrs.get("href", "")}
    assert documents == {"review/forum.html#doc-forum", "review/visit.html#doc-visit"}
    visit = parse((written.parent / "review" / "visit.html").read_text("utf-8"))
    assert len(visit.find("tr", "segment")) == 3
    assert ("../review.html", "All documents: progress and consistency") in [
        (attrs["href"], text) for attrs, text in visit.find("a")
    ]


@pytest.mark.parametrize("name", ["review.html", "review/forum.html", "review/visit.html"], ids=str)
def test_every_link_of_a_page_lands_on_an_element(written: Path, name: str) -> None:
    path = written.parent / name
    links = _links(path)
    assert links
    missing = [(target, fragment) for target, fragment in links if not target.is_file()]
    assert missing == []
    unanchored = [(t.name, f) for t, f in links if f and f not in _ids(t)]
    assert unanchored == []


@pytest.mark.parametrize("name", ["review.html", "review/forum.html", "review/visit.html"], ids=str)
def test_each_page_is_self_contained(written: Path, name: str) -> None:
    path = written.parent / name
    text = path.read_text("utf-8")
    # Nothing is loaded from elsewhere: the only links out of the page are to the report's own pages.
    report = {written.resolve(), *(p.resolve() for p in (written.parent / "review").iterdir())}
    outside = [
        href for href in parse(text).external if (path.parent / urlsplit(href).path).resolve() not in report
    ]
    assert outside == []
    assert "url(" not in text and "@import" not in text
    assert text.count("<style>") == 1 and text.count("<script>") == 1  # its own CSS and script inline


def test_consistency_on_the_index_links_into_the_documents_pages(written: Path) -> None:
    index = parse(written.read_text("utf-8"))
    places = [attrs["href"] for attrs, _ in index.find("a") if "#seg-" in attrs.get("href", "")]
    assert "review/visit.html#seg-visit-3" in places and "review/forum.html#seg-forum-3" in places


def test_the_report_holds_one_documents_catalogs_at_a_time(
    desk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[weakref.ref[polib.POFile]] = []
    alive_at_each_read: list[int] = []
    alive_at_each_page: list[int] = []
    real_read, real_render = build.read_catalog, page.render_document

    def reading(path: Path) -> polib.POFile:
        gc.collect()
        alive_at_each_read.append(sum(ref() is not None for ref in read))
        catalog = real_read(path)
        read.append(weakref.ref(catalog))
        return catalog

    def rendering(*args: object, **kwargs: object) -> str:
        gc.collect()
        alive_at_each_page.append(sum(ref() is not None for ref in read))
        return real_render(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "read_catalog", reading)
    monkeypatch.setattr(page, "render_document", rendering)
    project = Project.at(desk)
    files = page.write_report(
        project, load_documents(project.source_files()), list(Language), NOW, tmp_path / "r.html"
    )
    assert len(files.pages) == 2 and len(read) == 6
    # A document's three catalogs are read side by side; the previous document's are gone by then, and
    # its page is rendered from the view alone.
    assert alive_at_each_read == [0, 1, 2, 0, 1, 2]
    assert alive_at_each_page == [0, 0]
