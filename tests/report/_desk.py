"""Shared by the report tests: a two-document desk with hand-filled catalogs, and a reader for the page."""

from __future__ import annotations

import datetime as dt
import shutil
from html.parser import HTMLParser
from pathlib import Path

import polib
from typer.testing import CliRunner

from translate.cli import app
from translate.languages import Language
from translate.pipeline import load_documents
from translate.project import Project
from translate.report.build import project_check
from translate.report.highlight import project_highlighter
from translate.report.page import write_report_html

REPO = Path(__file__).resolve().parents[2]
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


def make_desk(tmp_path: Path) -> Path:
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


def report(root: Path) -> str:
    """The report page of every document of the desk at ``root``, in all languages."""
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


class Page(HTMLParser):
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


def parse(page: str) -> Page:
    """The page's elements."""
    parser = Page()
    parser.feed(page)
    return parser
