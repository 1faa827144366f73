"""Tests of publishing: rebuilt articles, dates per language, the gate, escaping, path safety."""

from __future__ import annotations

import datetime as dt
import html
import os
import shutil
from pathlib import Path

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from translate.checks.checkers import check_entry
from translate.cli import app
from translate.diagnostics import Finding, Severity
from translate.document.source import parse_document
from translate.errors import PublishError, UsageError
from translate.glossary.tomlfile import load_termbase
from translate.languages import Language
from translate.pipeline import load_documents
from translate.project import Project
from translate.publish.config import (
    PublishConfig,
    check_date_pattern,
    format_date,
    load_publish_config,
    parse_date_format_options,
)
from translate.publish.gate import BlockReason
from translate.publish.job import publish
from translate.publish.paths import output_path
from translate.publish.render import OutputFormat, inline_html, inline_markdown, parse_formats

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()

SMALL_SEED = """\
date 2023-11-03 Meeting in Astana

03/11/2023

The President of Kazakhstan met the delegation. Talks were held in Astana.

Trade grew by 8.5 percent.
"""

# Hand-written translations of SMALL_SEED's segments.
SMALL_TRANSLATIONS: dict[Language, dict[str, str]] = {
    Language.ru: {
        "Meeting in Astana": "Встреча в Астане",
        "The President of Kazakhstan met the delegation.": "Президент Казахстана встретился с делегацией.",
        "Talks were held in Astana.": "Переговоры прошли в Астане.",
        "Trade grew by 8.5 percent.": "Товарооборот вырос на 8,5 процента.",
    },
    Language.tk: {
        "Meeting in Astana": "Astanada duşuşyk",
        "The President of Kazakhstan met the delegation.": "Gazagystanyň Prezidenti wekiliýet bilen duşuşdy.",
        "Talks were held in Astana.": "Gepleşikler Astanada geçirildi.",
        "Trade grew by 8.5 percent.": "Söwda dolanyşygy 8,5 göterim artdy.",
    },
    Language.kk: {
        "Meeting in Astana": "Астанадағы кездесу",
        "The President of Kazakhstan met the delegation.": "Қазақстан Президенті делегациямен кездесті.",
        "Talks were held in Astana.": "Келіссөздер Астанада өтті.",
        "Trade grew by 8.5 percent.": "Тауар айналымы 8,5 пайызға өсті.",
    },
}


def _small_project(tmp_path: Path, text: str = SMALL_SEED, name: str = "2023-11-03-astana.txt") -> Path:
    root = tmp_path / "desk"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / name).write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["run", "--project", str(root)])
    assert result.exit_code == 0, result.output
    return root


def _fill(
    root: Path,
    doc_id: str,
    translations: dict[Language, dict[str, str]],
    *,
    fuzzy: frozenset[str] = frozenset(),
) -> None:
    """Play the reviewer: write translations, clear fuzzy (except for ``fuzzy`` msgids)."""
    project = Project.at(root)
    for language, table in translations.items():
        path = project.catalog_path(language, doc_id)
        catalog = polib.pofile(str(path), wrapwidth=78)
        for entry in catalog:
            if entry.msgid in table:
                entry.msgstr = table[entry.msgid]
            if entry.fuzzy and entry.msgid not in fuzzy:
                entry.flags.remove("fuzzy")
            if entry.msgid in fuzzy and "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
        catalog.save(str(path))


def _publish(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["publish", "--project", str(root), *args])
    return result.exit_code, result.output


# --- dates --------------------------------------------------------------------------------------------

NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("language", "pattern", "expected"),
    [
        (Language.ru, "long", f"3 ноября 2023{NNBSP}г."),
        (Language.tk, "long", "3 noýabr 2023"),
        (Language.kk, "long", f"2023{NNBSP}ж. 3 қараша"),
        (Language.ru, "d MMMM y 'г.'", "3 ноября 2023 г."),
        (Language.kk, "y 'ж.' d MMMM", "2023 ж. 3 қараша"),
        (Language.tk, "d.MM.y", "3.11.2023"),
        (Language.tk, "full", "3 noýabr 2023, anna"),
    ],
    ids=["ru-cldr", "tk-cldr", "kk-cldr", "ru-desk", "kk-desk", "tk-numeric", "tk-full"],
)
def test_format_date_per_language(language: Language, pattern: str, expected: str) -> None:
    assert format_date(dt.date(2023, 11, 3), language, pattern) == expected


@pytest.mark.parametrize(
    "pattern",
    ["", "   ", "d MMMM 'y", "d MMMM y HH:mm", "qqqqqq"],
    ids=["empty", "blank", "unclosed-quote", "time-fields", "bad-length"],
)
def test_bad_date_pattern_is_refused(pattern: str) -> None:
    with pytest.raises(PublishError, match="date pattern"):
        check_date_pattern(pattern, "translate.toml: [publish.date_format] ru")


def test_date_format_config_file(tmp_path: Path) -> None:
    (tmp_path / "translate.toml").write_text(
        '[publish.date_format]\nru = "d MMMM y \'г.\'"\nkk = "medium"\n', encoding="utf-8"
    )
    config = load_publish_config(Project.at(tmp_path))
    assert config.date_format(Language.ru) == "d MMMM y 'г.'"
    assert config.date_format(Language.kk) == "medium"
    assert config.date_format(Language.tk) == "long"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[publish.date_format]\nxx = 'long'\n", r":2: \[publish.date_format\] has unknown language 'xx'"),
        ("[publish.date_format]\ntk = 'long'\nru = 5\n", ":3: .*must be a text pattern"),
        ("[publish]\ndate_format = 'long'\n", ":2: .*must be a table"),
        ("# desk\n[publish.date_format\n", ":2: invalid TOML"),
        ("[publish.date_formats]\nru = 'd MMMM y'\n", r":1: \[publish\] has unknown setting 'date_formats'"),
        ("[publish]\ndate_fromat = {ru = 'long'}\n", r":2: \[publish\] has unknown setting 'date_fromat'"),
        ('[publish.date_format]\nru = "d MMMM \'y"\n', r":2: \[publish.date_format\] ru: unclosed quote"),
    ],
    ids=["unknown-language", "not-text", "not-table", "bad-toml", "typo-table", "typo-key", "bad-pattern"],
)
def test_bad_config_file(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "translate.toml").write_text(content, encoding="utf-8")
    with pytest.raises(PublishError, match=rf"translate\.toml{message}"):
        load_publish_config(Project.at(tmp_path))


def test_date_format_option_overrides_config() -> None:
    options = parse_date_format_options(["ru=d MMMM y 'г.'"])
    config = PublishConfig(((Language.ru, "short"), (Language.tk, "medium"))).with_date_formats(options)
    assert config.date_format(Language.ru) == "d MMMM y 'г.'"
    assert config.date_format(Language.tk) == "medium"
    with pytest.raises(UsageError, match="LANG=PATTERN"):
        parse_date_format_options(["ru"])
    with pytest.raises(UsageError, match="unknown language"):
        parse_date_format_options(["de=long"])


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], ("txt", "md", "html")),
        (["all"], ("txt", "md", "html")),
        (["html"], ("html",)),
        (["md,txt", "md"], ("md", "txt")),
    ],
    ids=["default", "all", "one", "comma-and-repeat"],
)
def test_parse_formats(values: list[str], expected: tuple[str, ...]) -> None:
    assert tuple(fmt.value for fmt in parse_formats(values)) == expected


def test_unknown_format_is_refused() -> None:
    with pytest.raises(UsageError, match="unknown output format 'pdf'"):
        parse_formats(["pdf"])


def test_published_dates_per_language_and_configured_pattern(tmp_path: Path) -> None:
    root = _small_project(tmp_path)
    _fill(root, "2023-11-03-astana", SMALL_TRANSLATIONS)
    code, output = _publish(root, "--format", "txt", "--date-format", "ru=d MMMM y 'г.'")
    assert code == 0, output
    lines = {
        language: (root / "public" / language.value / "2023-11-03-astana.txt").read_text("utf-8").split("\n")
        for language in Language
    }
    assert lines[Language.ru][2] == "3 ноября 2023 г."
    assert lines[Language.tk][2] == "3 noýabr 2023"
    assert lines[Language.kk][2] == f"2023{NNBSP}ж. 3 қараша"


# --- whole articles -----------------------------------------------------------------------------------


def test_publish_small_seed_in_every_format(tmp_path: Path) -> None:
    root = _small_project(tmp_path)
    _fill(root, "2023-11-03-astana", SMALL_TRANSLATIONS)
    code, output = _publish(root, "--to", "ru")
    assert code == 0, output
    assert "ru: published 3 files" in output
    folder = root / "public" / "ru"
    assert (folder / "2023-11-03-astana.txt").read_text("utf-8") == (
        "Встреча в Астане\n\n"
        f"3 ноября 2023{NNBSP}г.\n\n"
        "Президент Казахстана встретился с делегацией. Переговоры прошли в Астане.\n\n"
        "Товарооборот вырос на 8,5 процента.\n"
    )
    assert (folder / "2023-11-03-astana.md").read_text("utf-8") == (
        "# Встреча в Астане\n\n"
        f"3 ноября 2023{NNBSP}г.\n\n"
        "Президент Казахстана встретился с делегацией. Переговоры прошли в Астане.\n\n"
        "Товарооборот вырос на 8,5 процента.\n"
    )
    page = (folder / "2023-11-03-astana.html").read_text("utf-8")
    assert '<html lang="ru">' in page
    assert '<meta charset="utf-8">' in page
    assert "<title>Встреча в Астане</title>" in page
    assert "<h1>Встреча в Астане</h1>" in page
    assert f'<p class="dateline"><time datetime="2023-11-03">3 ноября 2023{NNBSP}г.</time></p>' in page
    assert "<p>Товарооборот вырос на 8,5 процента.</p>" in page
    assert "untranslated" not in page.split("</style>")[1]
    assert not (root / "public" / "tk").exists()


def test_translation_may_reorder_tags_but_not_drop_them(tmp_path: Path) -> None:
    source = "# Notes\n\nSee *the* [map](https://example.org/map) here.\n"
    root = _small_project(tmp_path, source, "notes.md")
    path = Project.at(root).catalog_path(Language.ru, "notes")
    catalog = polib.pofile(str(path))
    catalog.find("Notes").msgstr = "Заметки"
    catalog.find("See <i>the</i> <a1>map</a1> here.").msgstr = "Смотрите <a1>карту</a1> <i>здесь</i>."
    catalog.save(str(path))
    code, output = _publish(root, "--to", "ru", "-f", "html")
    assert code == 0, output
    page = (root / "public" / "ru" / "notes.html").read_text("utf-8")
    assert '<p>Смотрите <a href="https://example.org/map">карту</a> <em>здесь</em>.</p>' in page

    catalog.find("See <i>the</i> <a1>map</a1> here.").msgstr = "Смотрите карту здесь."
    catalog.save(str(path))
    code, output = _publish(root, "--to", "ru", "-f", "html")
    assert code == 1
    assert "markup differs" in output


# --- the gate -----------------------------------------------------------------------------------------


def test_gate_blocks_a_language_with_fuzzy_or_untranslated_entries(tmp_path: Path) -> None:
    root = _small_project(tmp_path)
    partial = dict(SMALL_TRANSLATIONS)
    partial[Language.tk] = {k: v for k, v in SMALL_TRANSLATIONS[Language.tk].items() if "Trade" not in k}
    _fill(root, "2023-11-03-astana", partial, fuzzy=frozenset({"Talks were held in Astana."}))
    code, output = _publish(root, "-v")
    assert code == 1
    # Every language has the fuzzy entry; tk also has an untranslated one: nothing is published at all.
    assert not (root / "public").exists()
    assert "ru: not published" in output
    assert "tk: not published: 2 entries need attention (1 fuzzy, 1 untranslated)" in output
    assert "locales/tk/LC_MESSAGES/2023-11-03-astana.po:" in output
    assert "serious: untranslated: “Trade grew by 8.5 percent.”" in output
    assert "fuzzy: “Talks were held in Astana.”" in output


def test_gate_publishes_the_languages_that_pass(tmp_path: Path) -> None:
    root = _small_project(tmp_path)
    _fill(root, "2023-11-03-astana", SMALL_TRANSLATIONS)
    project = Project.at(root)
    catalog = polib.pofile(str(project.catalog_path(Language.kk, "2023-11-03-astana")))
    catalog.find("Meeting in Astana").flags.append("fuzzy")
    catalog.save()
    code, output = _publish(root)
    assert code == 1
    assert sorted(p.name for p in (root / "public").iterdir()) == ["ru", "tk"]
    assert "kk: not published: 1 entry needs attention (1 fuzzy)" in output


def test_gate_blocks_on_serious_findings_and_missing_catalogs(tmp_path: Path) -> None:
    root = _small_project(tmp_path)
    _fill(root, "2023-11-03-astana", SMALL_TRANSLATIONS)
    project = Project.at(root)
    project.catalog_path(Language.tk, "2023-11-03-astana").unlink()
    documents = load_documents(project.source_files())

    def numbers_kept(entry: polib.POEntry, language: Language) -> list[Finding]:
        wrong = "8.5" in entry.msgid and "8,5" not in entry.msgstr
        return [Finding("numbers", Severity.serious, "number 8.5 is missing")] if wrong else []

    catalog = polib.pofile(str(project.catalog_path(Language.ru, "2023-11-03-astana")))
    catalog.find("Trade grew by 8.5 percent.").msgstr = "Товарооборот вырос."
    catalog.save()
    report = publish(project, documents, list(Language), check=numbers_kept, allow_incomplete=True)
    by_language = {result.language: result for result in report.results}
    assert [b.reason for b in by_language[Language.ru].blockers] == [BlockReason.serious]
    assert "number 8.5 is missing" in by_language[Language.ru].blockers[0].describe()
    assert by_language[Language.ru].published  # --allow-incomplete publishes it, flagged
    page = (root / "public" / "ru" / "2023-11-03-astana.html").read_text("utf-8")
    assert '<span class="flagged" title="Published despite an open review finding">Товарооборот' in page
    assert "1 of 4 segments are published with an open review finding (outlined in red)." in page
    # A missing catalog blocks even with --allow-incomplete.
    assert [b.reason for b in by_language[Language.tk].blockers] == [BlockReason.missing_catalog]
    assert not by_language[Language.tk].published
    assert by_language[Language.kk].published and not by_language[Language.kk].blockers


def test_gate_notices_a_source_changed_since_the_last_run(tmp_path: Path) -> None:
    root = _small_project(tmp_path)
    _fill(root, "2023-11-03-astana", SMALL_TRANSLATIONS)
    seed = root / "seeds" / "2023-11-03-astana.txt"
    seed.write_text(SMALL_SEED + "\nA new sentence.\n", encoding="utf-8")
    code, output = _publish(root, "--to", "ru", "--verbose")
    assert code == 1
    assert "seeds/2023-11-03-astana.txt:9: serious: not in catalog" in output
    assert "run `translate run`" in output


def test_allow_incomplete_keeps_english_and_marks_it(tmp_path: Path) -> None:
    root = _small_project(tmp_path)
    partial = {Language.ru: {k: v for k, v in SMALL_TRANSLATIONS[Language.ru].items() if "Talks" not in k}}
    _fill(root, "2023-11-03-astana", partial, fuzzy=frozenset({"Meeting in Astana"}))
    code, output = _publish(root, "--to", "ru", "--allow-incomplete")
    assert code == 0, output
    assert "ru: published INCOMPLETE (--allow-incomplete): 2 segments kept in English" in output
    folder = root / "public" / "ru"
    text = (folder / "2023-11-03-astana.txt").read_text("utf-8")
    # The fuzzy title is not published: like msgfmt, a fuzzy translation counts as none. English text is
    # marked in every format, not only in HTML.
    notice = "Incomplete translation: 2 of 4 segments are shown in English (marked ⟦EN: …⟧).\n\n"
    assert text.startswith(notice + "⟦EN: Meeting in Astana⟧\n\n")
    assert "Президент Казахстана встретился с делегацией. ⟦EN: Talks were held in Astana.⟧\n" in text
    markdown = (folder / "2023-11-03-astana.md").read_text("utf-8")
    assert markdown.startswith(notice + "# ⟦EN: Meeting in Astana⟧\n\n")
    assert "встретился с делегацией. ⟦EN: Talks were held in Astana.⟧\n" in markdown
    page = (folder / "2023-11-03-astana.html").read_text("utf-8")
    assert '<p class="notice" lang="en">Incomplete translation: 2 of 4 segments' in page
    marked = '<span class="untranslated" lang="en" title="Not translated yet: shown in English">'
    assert f"<h1>{marked}Meeting in Astana</span></h1>" in page
    assert (
        f"<p>Президент Казахстана встретился с делегацией. {marked}Talks were held in Astana.</span></p>"
        in page
    )


def test_allow_incomplete_marks_flagged_segments_in_text_and_markdown(tmp_path: Path) -> None:
    """A reviewed translation with an open serious finding (here a lost number) is published bracketed as
    ⟦CHECK: …⟧ in plain text and Markdown, as HTML outlines it in red."""
    root = _small_project(tmp_path)
    _fill(root, "2023-11-03-astana", SMALL_TRANSLATIONS)
    path = Project.at(root).catalog_path(Language.ru, "2023-11-03-astana")
    catalog = polib.pofile(str(path))
    catalog.find("Trade grew by 8.5 percent.").msgstr = "Товарооборот вырос."
    catalog.save()
    code, output = _publish(root, "--to", "ru", "-f", "txt,md", "--allow-incomplete")
    assert code == 0, output
    notice = "1 of 4 segments are published with an open review finding (marked ⟦CHECK: …⟧).\n\n"
    for name in ("2023-11-03-astana.txt", "2023-11-03-astana.md"):
        published = (root / "public" / "ru" / name).read_text("utf-8")
        assert published.startswith(notice), name
        assert published.endswith("\n\n⟦CHECK: Товарооборот вырос.⟧\n"), name
        assert "⟦EN:" not in published


def test_markdown_source_marks_segments_inside_its_structure(tmp_path: Path) -> None:
    root = _small_project(tmp_path, "# Notes\n\n- See the *map* here. It is new.\n", "notes.md")
    path = Project.at(root).catalog_path(Language.ru, "notes")
    catalog = polib.pofile(str(path))
    catalog.find("Notes").msgstr = "Заметки"
    catalog.find("See the <i>map</i> here.").msgstr = "Смотрите <i>карту</i> здесь."
    catalog.save(str(path))
    code, output = _publish(root, "--to", "ru", "-f", "md", "--allow-incomplete")
    assert code == 0, output
    assert (root / "public" / "ru" / "notes.md").read_text("utf-8") == (
        "Incomplete translation: 1 of 3 segments are shown in English (marked ⟦EN: …⟧).\n\n"
        "# Заметки\n\n- Смотрите *карту* здесь. ⟦EN: It is new.⟧\n"
    )


# --- safety -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "doc_id",
    [
        "..",
        "../escape",
        "/etc/passwd",
        "a/b",
        "a\\b",
        "..hidden",
        "a..b",
        "with space",
        "тест",
        "",
        ".dot",
        "a\x00",
    ],
    ids=[
        "dotdot",
        "parent",
        "absolute",
        "slash",
        "backslash",
        "leading-dotdot",
        "inner-dotdot",
        "space",
        "non-ascii",
        "empty",
        "hidden",
        "nul",
    ],
)
def test_unsafe_document_ids_are_refused(tmp_path: Path, doc_id: str) -> None:
    with pytest.raises(PublishError, match="cannot be a file name"):
        output_path(tmp_path, Language.ru, doc_id, OutputFormat.html)


def test_symlinked_language_folder_pointing_outside_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "public"
    elsewhere = tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    os.symlink(elsewhere, out / "ru")
    with pytest.raises(PublishError, match="would leave the output folder"):
        output_path(out, Language.ru, "article", OutputFormat.txt)
    assert output_path(out, Language.kk, "article", OutputFormat.txt) == out.resolve() / "kk" / "article.txt"


def test_publish_refuses_unsafe_ids_before_writing(tmp_path: Path) -> None:
    root = _small_project(tmp_path)
    _fill(root, "2023-11-03-astana", SMALL_TRANSLATIONS)
    project = Project.at(root)
    good = load_documents(project.source_files())[0]
    bad = parse_document("Text.\n", Path("x.txt"))
    bad = type(bad)("../x", bad.path, bad.format, bad.blocks)
    with pytest.raises(PublishError, match="cannot be a file name"):
        publish(project, [good, bad], [Language.ru])
    assert not (root / "public").exists()


HOSTILE = {
    "Meeting in Astana": 'Встреча <script>alert("x")</script> & «друзья»',
    "The President of Kazakhstan met the delegation.": "Президент <img src=x onerror=alert(1)>.",
    "Talks were held in Astana.": "</p><p>Переговоры</b> прошли в Астане.",
    "Trade grew by 8.5 percent.": "Товарооборот &amp; вырос на 8,5 процента.",
}


def test_html_escapes_everything_from_text(tmp_path: Path) -> None:
    root = _small_project(tmp_path)
    _fill(root, "2023-11-03-astana", {Language.ru: HOSTILE})
    code, output = _publish(root, "--to", "ru", "-f", "html", "-v")
    assert code == 1, output  # the checks call the stray </b> a markup problem
    assert "serious finding (markup: </b> is in the translation but not in the source" in output
    code, output = _publish(root, "--to", "ru", "-f", "html", "--allow-incomplete")
    assert code == 0, output
    page = (root / "public" / "ru" / "2023-11-03-astana.html").read_text("utf-8")
    assert "<script>" not in page and "<img" not in page
    assert '<title>Встреча &lt;script&gt;alert("x")&lt;/script&gt; &amp; «друзья»</title>' in page
    assert "&lt;/p&gt;&lt;p&gt;Переговоры&lt;/b&gt; прошли" in page
    assert "Товарооборот &amp;amp; вырос" in page


def test_unsafe_link_schemes_are_dropped(tmp_path: Path) -> None:
    document = parse_document(
        "Click [here](javascript:alert) or [there](https://ok.example).\n", Path("a.md")
    )
    block = document.blocks[0]
    rendered = inline_html(block.segments[0], block)
    assert rendered == 'Click here or <a href="https://ok.example">there</a>.'


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=80))
def test_text_without_tags_is_escaped_exactly(text: str) -> None:
    document = parse_document("Plain.\n", Path("p.txt"))
    block = document.blocks[0]
    if "<" not in text:
        assert inline_html(text, block) == html.escape(text, quote=False)
    else:
        assert "<script" not in inline_html(text, block)


@given(st.text(alphabet="<>/abic12 x", max_size=40))
def test_broken_markup_never_emits_foreign_tags(text: str) -> None:
    document = parse_document("Plain [a](https://a.example) `c`.\n", Path("p.md"))
    block = document.blocks[0]
    rendered = inline_html(text, block)
    stripped = rendered
    for tag in (
        "<strong>",
        "</strong>",
        "<em>",
        "</em>",
        '<a href="https://a.example">',
        "</a>",
        "<code>",
        "</code>",
    ):
        stripped = stripped.replace(tag, "")
    assert "<" not in stripped and ">" not in stripped


def test_publishing_is_deterministic_and_idempotent(tmp_path: Path) -> None:
    root = _small_project(tmp_path)
    _fill(root, "2023-11-03-astana", SMALL_TRANSLATIONS)
    assert _publish(root)[0] == 0
    first = {p: p.read_bytes() for p in sorted((root / "public").rglob("*.*"))}
    assert len(first) == 9
    stamps = {p: p.stat().st_mtime_ns for p in first}
    code, output = _publish(root)
    assert code == 0
    assert "(0 written, 3 unchanged)" in output
    assert {p: p.stat().st_mtime_ns for p in first} == stamps
    # A fresh copy of the project publishes the same bytes.
    copy = tmp_path / "copy"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("public"))
    assert _publish(copy)[0] == 0
    second = {p: p.read_bytes() for p in sorted((copy / "public").rglob("*.*"))}
    assert [data for data in first.values()] == [data for data in second.values()]


def test_out_option_and_json(tmp_path: Path) -> None:
    root = _small_project(tmp_path)
    _fill(root, "2023-11-03-astana", SMALL_TRANSLATIONS)
    out = tmp_path / "site"
    result = runner.invoke(
        app, ["publish", "--project", str(root), "--out", str(out), "-t", "tk", "-f", "md", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert (out / "tk" / "2023-11-03-astana.md").read_text("utf-8").startswith("# Astanada duşuşyk\n")
    assert '"published": true' in result.output
    assert not (root / "public").exists()


# --- the seed, end to end through the real engine -------------------------------------------------------

FIXTURE_MODELS = REPO / "tests" / "fixtures" / "models"
EXPECTED = REPO / "tests" / "expected" / "publish"
REVIEWED = REPO / "tests" / "fixtures" / "reviewed"
"""The seed's catalogs as a reviewer left them, the input of the golden publish test."""
SEED_ID = "2023-11-04-halk-maslahaty-kazakhstan"
REGENERATE = os.environ.get("TRANSLATE_REGENERATE_EXPECTED") == "1"
"""Set TRANSLATE_REGENERATE_EXPECTED=1 to rewrite tests/expected/publish/ and tests/fixtures/reviewed/
(then review the diff)."""


def _review_everything(root: Path) -> int:
    """Play the reviewer of the seed: accept every machine translation (clear fuzzy) and acknowledge the
    checks that still find something serious (``#, ignore-<check>``); return how many were acknowledged."""
    project = Project.at(root)
    termbase = load_termbase(project.glossary_dir)
    acknowledged = 0
    for language in Language:
        path = project.catalog_path(language, SEED_ID)
        catalog = polib.pofile(str(path), wrapwidth=78)
        for entry in catalog:
            if entry.fuzzy:
                entry.flags.remove("fuzzy")
            for check in sorted({f.check for f in check_entry(entry, language, termbase) if f.serious}):
                entry.flags.append(f"ignore-{check}")
                acknowledged += 1
        catalog.save(str(path))
    return acknowledged


@pytest.mark.slow
def test_publish_the_seed_through_the_fixture_models(project_dir: Path, isolated_environment: Path) -> None:
    shutil.copytree(REPO / "glossary", project_dir / "glossary")
    models = isolated_environment / "models"
    packages = sorted(str(path) for path in FIXTURE_MODELS.glob("*.argosmodel"))
    assert len(packages) == 3
    result = runner.invoke(app, ["models", "install", "--models-dir", str(models), *packages])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["run", "--project", str(project_dir), "--models-dir", str(models)])
    assert result.exit_code == 0, result.output

    # Machine output is fuzzy: the gate publishes nothing.
    code, output = _publish(project_dir)
    assert code == 1
    assert all(
        f"{lang.value}: not published: 33 entries need attention (33 fuzzy)" in output for lang in Language
    )
    assert not (project_dir / "public").exists()

    # Cleared by a reviewer, entries with serious findings still block until acknowledged.
    project = Project.at(project_dir)
    for language in Language:
        path = project.catalog_path(language, SEED_ID)
        catalog = polib.pofile(str(path), wrapwidth=78)
        for entry in catalog:
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        catalog.save(str(path))
    code, output = _publish(project_dir, "-v")
    assert code == 1
    assert "serious finding (glossary:" in output
    assert not (project_dir / "public").exists()

    assert _review_everything(project_dir) > 0
    code, output = _publish(project_dir, "--format", "all")
    assert code == 0, output
    produced = sorted((project_dir / "public").rglob("*.*"))
    assert [p.relative_to(project_dir / "public").as_posix() for p in produced] == [
        f"{lang}/{SEED_ID}.{ext}" for lang in ("kk", "ru", "tk") for ext in ("html", "md", "txt")
    ]
    # What the model wrote and the reviewer accepted is what went out, in every format.
    for language in Language:
        catalog = polib.pofile(str(project.catalog_path(language, SEED_ID)))
        published = (project_dir / "public" / language.value / f"{SEED_ID}.txt").read_text("utf-8")
        translated = [entry.msgstr for entry in catalog if entry.msgstr]
        assert len(translated) == 33
        assert all(msgstr in published for msgstr in translated), language
        if REGENERATE:
            target = REVIEWED / language.value / f"{SEED_ID}.po"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(project.catalog_path(language, SEED_ID), target)


def test_publish_golden_files_from_reviewed_catalogs(project_dir: Path) -> None:
    """The renderers' bytes, from catalogs whose content the test fixes (not from a model's output)."""
    shutil.copytree(REPO / "glossary", project_dir / "glossary")
    project = Project.at(project_dir)
    for language in Language:
        target = project.catalog_path(language, SEED_ID)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REVIEWED / language.value / f"{SEED_ID}.po", target)
    code, output = _publish(project_dir, "--format", "all")
    assert code == 0, output
    produced = sorted((project_dir / "public").rglob("*.*"))
    assert [p.relative_to(project_dir / "public").as_posix() for p in produced] == [
        f"{lang}/{SEED_ID}.{ext}" for lang in ("kk", "ru", "tk") for ext in ("html", "md", "txt")
    ]
    for path in produced:
        expected = EXPECTED / path.relative_to(project_dir / "public")
        if REGENERATE:
            expected.parent.mkdir(parents=True, exist_ok=True)
            expected.write_bytes(path.read_bytes())
        assert path.read_bytes() == expected.read_bytes(), f"{path.name} differs from {expected}"


def test_out_must_be_a_folder(tmp_path: Path) -> None:
    root = _small_project(tmp_path)
    _fill(root, "2023-11-03-astana", SMALL_TRANSLATIONS)
    target = tmp_path / "a-file"
    target.write_text("keep me", encoding="utf-8")
    code, output = _publish(root, "--out", str(target))
    assert code == 1
    assert "a-file: is not a folder; choose another --out" in output
    assert "Traceback" not in output
    assert target.read_text("utf-8") == "keep me"


@pytest.mark.parametrize(
    ("args", "config", "message"),
    [
        (["--format", "pdf"], None, "unknown output format 'pdf'"),
        (["--date-format", "ru"], None, "write it as LANG=PATTERN"),
        (["--date-format", "ru=d MMMM 'y"], None, "unclosed quote in date pattern"),
        (["--to", "de"], None, "unknown language code 'de'"),
        (
            [],
            "[publish.date_format]\nru = 'HH:mm'\n",
            "translate.toml:2: [publish.date_format] ru: date pattern",
        ),
    ],
    ids=["format", "date-format-shape", "date-format-pattern", "language", "config"],
)
def test_cli_errors_are_one_line_and_write_nothing(
    tmp_path: Path, args: list[str], config: str | None, message: str
) -> None:
    root = _small_project(tmp_path)
    _fill(root, "2023-11-03-astana", SMALL_TRANSLATIONS)
    if config is not None:
        (root / "translate.toml").write_text(config, encoding="utf-8")
    code, output = _publish(root, *args)
    assert code == (1 if config else 2)  # a bad option is a usage error (2); a bad translate.toml is not
    assert message in output
    assert output.count("\n") == 1 and "Traceback" not in output
    assert not (root / "public").exists()


def test_markdown_output_escapes_html_from_translations() -> None:
    """Markdown renderers pass raw HTML through: a translation may not add any; the source's own stays as
    the placeable it was read into."""
    document = parse_document("Hello <br> world *x*.\n", Path("a.md"))
    block = document.blocks[0]
    assert block.segments == ("Hello <c1/> world <i>x</i>.",)
    rendered = inline_markdown("Привет <c1/> мир <br><script>alert(1)</script> <i>x</i>.", block)
    assert rendered == "Привет <br> мир \\<br\\>\\<script\\>alert(1)\\</script\\> *x*."
    seed = parse_document("Plain <b>bold</b> * star_.\n", Path("p.txt"))
    plain = seed.blocks[0]
    assert inline_markdown(plain.segments[0], plain, tagged=False) == "Plain \\<b\\>bold\\</b\\> \\* star\\_."


@pytest.mark.parametrize(
    "inside", ["locales", "locales/ru/LC_MESSAGES", "seeds", "glossary", ".translate"], ids=lambda v: v
)
def test_out_inside_the_projects_inputs_is_refused(tmp_path: Path, inside: str) -> None:
    root = _small_project(tmp_path)
    _fill(root, "2023-11-03-astana", SMALL_TRANSLATIONS)
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    code, output = _publish(root, "--out", str(root / inside))
    assert code == 1, output
    assert "published files must not mix with them" in output and "Traceback" not in output
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before


def test_out_at_the_project_root_is_allowed(tmp_path: Path) -> None:
    root = _small_project(tmp_path)
    _fill(root, "2023-11-03-astana", SMALL_TRANSLATIONS)
    code, output = _publish(root, "--out", str(root), "-t", "ru", "-f", "txt")
    assert code == 0, output
    assert (root / "ru" / "2023-11-03-astana.txt").is_file()


def test_blocked_messages_say_what_helps(tmp_path: Path) -> None:
    root = _small_project(tmp_path)
    _fill(root, "2023-11-03-astana", SMALL_TRANSLATIONS, fuzzy=frozenset(SMALL_TRANSLATIONS[Language.ru]))
    Project.at(root).catalog_path(Language.kk, "2023-11-03-astana").unlink()
    code, output = _publish(root, "-t", "ru,kk", "-f", "txt", "--allow-incomplete", "-v")
    assert code == 1
    lines = output.splitlines()
    # A missing catalog: --allow-incomplete cannot help, so it is not suggested.
    (kk,) = [line for line in lines if line.startswith("kk: not published")]
    assert kk == "kk: not published: 1 catalog missing; run `translate run` to create it:"
    # No HTML was written, so nothing claims the English segments are marked in it.
    (ru,) = [line for line in lines if line.startswith("ru: published INCOMPLETE")]
    assert "kept in English;" in ru and "HTML" not in ru
    code, output = _publish(root, "-t", "ru", "-f", "txt")
    assert "; review them, or use --allow-incomplete (--verbose lists them)" in output
    assert "serious: fuzzy:" not in output  # the summary only, by default


def test_incomplete_publication_says_what_was_published_with_findings(tmp_path: Path) -> None:
    root = _small_project(tmp_path)
    _fill(root, "2023-11-03-astana", SMALL_TRANSLATIONS)
    path = Project.at(root).catalog_path(Language.ru, "2023-11-03-astana")
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if any(ch.isdigit() for ch in e.msgid))
    entry.msgstr = "Без чисел."  # a reviewed translation that loses the source's number: serious
    catalog.save()
    code, output = _publish(root, "-t", "ru", "--allow-incomplete")
    assert code == 0, output
    (line,) = [line for line in output.splitlines() if line.startswith("ru: published INCOMPLETE")]
    assert "1 segment published with an open serious finding, marked in the HTML" in line
    assert "kept in English" not in line


def test_blockers_are_kept_on_disk_and_counted_as_they_come() -> None:
    from translate.diagnostics import Location
    from translate.publish.gate import Blocker
    from translate.publish.job import Blockers

    def document(doc_id: str, *reasons: tuple[BlockReason, int]) -> list[Blocker]:
        path = f"locales/ru/LC_MESSAGES/{doc_id}.po"
        return [
            Blocker(doc_id, Language.ru, reason, Location(path, line), msgid=f"segment at {line}")
            for reason, line in reasons
        ]

    a = document("a", (BlockReason.fuzzy, 5), (BlockReason.serious, 5), (BlockReason.untranslated, 9))
    b = document("b", (BlockReason.missing_catalog, 0))
    c = document("c", (BlockReason.markup, 5), (BlockReason.serious, 5), (BlockReason.fuzzy, 7))
    blockers = Blockers()
    assert not blockers and list(blockers) == []
    blockers.add(a)
    seen = iter(blockers)
    assert next(seen) == a[0]
    blockers.add(b)  # added while an iteration is under way: both see every blocker in order
    blockers.add([])
    blockers.add(c)
    assert [*seen] == a[1:] + b + c
    assert list(blockers) == a + b + c and len(blockers) == 7 and blockers[-1] == c[-1]
    assert blockers.missing == 1
    assert blockers.entries == 4  # a:5, a:9, c:5, c:7
    assert blockers.flagged == 2  # a:5 (serious), c:5 (markup and serious)
    assert blockers.reasons == {
        BlockReason.fuzzy: 2,
        BlockReason.serious: 2,
        BlockReason.untranslated: 1,
        BlockReason.markup: 1,
    }
