"""What the report shows of the catalogs: states, provenance, terms, findings, consistency and progress."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from tests.report._desk import parse, report
from translate.languages import Language
from translate.project import Project


def test_report_shows_segments_side_by_side_with_states_and_provenance(desk: Path) -> None:
    page = parse(report(desk))
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
    page = parse(report(desk))
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
    page = parse(report(desk))
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
    page = parse(report(desk))
    progress = {
        (attrs["data-lang"], text.split(attrs["data-lang"])[0]): text
        for attrs, text in page.find("tr")
        if "data-lang" in attrs and "inconsistency" not in attrs.get("class", "")
    }
    assert progress[("kk", "forum")] == "forumkk100%3/3000ready to publishAigerim <aigerim@example.org>"
    # A catalog no person has saved names no one (gettext's placeholder is not shown).
    assert progress[("ru", "visit")] == "visitru67%2/3101blocked (1)"
    assert progress[("tk", "visit")].startswith("visittk33%1/3020blocked (2)")
    # Totals per language over both documents.
    assert progress[("kk", "all documents")] == "all documentskk50%3/6030blocked (3)"


def test_acknowledged_findings_are_shown_but_do_not_block(desk: Path) -> None:
    project = Project.at(desk)
    path = project.catalog_path(Language.ru, "forum")
    catalog = polib.pofile(str(path))
    catalog.find("The President of Kazakhstan sent greetings to the forum.").flags.append("ignore-glossary")
    catalog.find("A forum opened in Ashgabat").msgstr = "В Ашхабаде открылся форум"
    catalog.save()
    page = parse(report(desk))
    acknowledged = [text for _, text in page.find("li", "ignored")]
    assert len(acknowledged) == 1
    assert "'Kazakhstan' has no approved ru rendering" in acknowledged[0]
    assert acknowledged[0].endswith("(acknowledged: #, ignore-glossary)")
    gates = [
        text for attrs, text in page.find("tr") if attrs.get("data-lang") == "ru" and text.startswith("forum")
    ]
    assert gates == ["forumru100%3/3000ready to publish"]


def test_consistency_lists_the_first_places_of_a_rendering_and_counts_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import datetime as dt

    from translate.document.model import Block, BlockKind, Document, SourceFormat
    from translate.report import build
    from translate.report.render import render_index
    from translate.report.view import Cell, CellState, DocumentView, Row

    class NoTerms:
        def renderings(self, language: Language, source: str, target: str) -> list[tuple[str, str, bool]]:
            return []

    monkeypatch.setattr(build, "PLACES_LISTED", 4)
    consistency = build.Consistency([Language.ru], NoTerms())
    sentence = "Talks were held."
    block = Block(BlockKind.paragraph, 1, (sentence,))
    for number in range(13):  # doc-0 … doc-12: even ones say «А.», odd ones «Б.»
        text = "А." if number % 2 == 0 else "Б."
        cell = Cell(text, CellState.reviewed, "", "", (), (), (), "", 0)
        document = Document(f"doc-{number}", Path(f"doc-{number}.txt"), SourceFormat.text, (block,))
        consistency.add(
            DocumentView(document, (Row(1, block, sentence, (), ((Language.ru, cell),)),), (), ())
        )
    (found,) = consistency.inconsistencies()
    assert found.subject == sentence and found.kind == "differs"
    # places in order of document id (as text) and segment: the first four listed, the rest counted
    assert found.renderings == (
        ("А.", (("doc-0", 1), ("doc-10", 1), ("doc-12", 1), ("doc-2", 1))),
        ("Б.", (("doc-1", 1), ("doc-11", 1), ("doc-3", 1), ("doc-5", 1))),
    )
    assert found.unlisted == (3, 2)  # 7 «А.» places, 6 «Б.»
    page = render_index([], [found], [Language.ru], dt.datetime(2026, 12, 3, tzinfo=dt.UTC), {})
    assert "and 3 more places" in page and "and 2 more places" in page
