"""Glossary CSVs of other tools (Weblate, translate-toolkit, DeepL, Google) in, and csv2tbx on the export."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.errors import GlossaryError, UsageError
from translate.glossary.csvfile import from_csv, to_csv
from translate.glossary.interchange import read_exchange
from translate.glossary.termbase import Rendering, Term
from translate.glossary.tomlfile import load_termbase
from translate.languages import Language

REPO = Path(__file__).resolve().parents[2]
TTK = Path(os.environ.get("TRANSLATE_TTK", REPO / ".venv-ttk")) / "bin"
needs_ttk = pytest.mark.skipif(
    not (TTK / "python").exists(),
    reason="translate-toolkit's venv .venv-ttk is missing; scripts/setup.sh creates it (CI has it)",
)
HERE = Path("g.csv")
SEA = Term("caspian-sea", "Caspian Sea", renderings=(Rendering(Language.ru, "Каспийское море"),))


def _plain(terms: list[Term]) -> list[tuple[str, str, dict[str, str], str]]:
    return [
        (term.id, term.en, {r.language.value: r.text for r in term.renderings}, term.note) for term in terms
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("source,target\nCaspian Sea,Каспийское море\n", [SEA]),
        (
            "Caspian Sea,Каспийское море\nAktau,Актау\n",
            [SEA, Term("aktau", "Aktau", renderings=(Rendering(Language.ru, "Актау"),))],
        ),
        (
            # translate-toolkit's and Weblate's CSV columns
            '"location","source","target","id","fuzzy","context","translator_comments","developer_comments"\n'
            '"","Caspian Sea","Каспийское море","","False","","a sea",""\n',
            [
                Term(
                    "caspian-sea",
                    "Caspian Sea",
                    note="a sea",
                    renderings=(Rendering(Language.ru, "Каспийское море"),),
                )
            ],
        ),
        ("source,target\nAktau,\n", [Term("aktau", "Aktau")]),
    ],
    ids=["weblate-header", "deepl-no-header", "translate-toolkit-columns", "untranslated"],
)
def test_two_column_glossaries(text: str, expected: list[Term]) -> None:
    assert from_csv(text, HERE, Language.ru) == expected


def test_multi_language_glossary() -> None:
    text = "en,ru,tk,kk,de,description\nCaspian Sea,Каспийское море,Hazar deňzi,Каспий теңізі,Kaspisches Meer,a sea\n"
    assert _plain(from_csv(text, HERE)) == [
        (
            "caspian-sea",
            "Caspian Sea",
            {"ru": "Каспийское море", "tk": "Hazar deňzi", "kk": "Каспий теңізі"},
            "a sea",
        )
    ]


def test_language_codes_with_regions() -> None:
    text = "en-US,ru-RU\nAktau,Актау\n"
    assert _plain(from_csv(text, HERE)) == [("aktau", "Aktau", {"ru": "Актау"}, "")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("source,target\nAktau,Актау\nAktau,Актау\n", r"g\.csv:3: 'Aktau' is already on line 2"),
        ("source,target\n,Актау\n", r"g\.csv:2: row has no source \(English\) term"),
        ("source,target\nA,B,C\n", r"g\.csv:2: row has 3 cells but the header has 2"),
        ("en,ru\nAktau,Актау\n,Каспий\n", r"g\.csv:3: row has no English term"),
        ("ru,kk\nАктау,Ақтау\n", r"g\.csv:1: the header names no English column"),
        ('source,target\n"Aktau,Актау\n', r"g\.csv:2: not valid CSV"),
        (
            "word,meaning,comment\nA,B,C\n",
            r"g\.csv:1: CSV header 'word,meaning,comment' is not one this reader",
        ),
    ],
    ids=[
        "duplicate",
        "no-source",
        "extra-cell",
        "no-english",
        "no-english-column",
        "open-quote",
        "unknown-header",
    ],
)
def test_bad_rows_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(GlossaryError, match=message):
        from_csv(text, HERE, Language.ru)


def test_two_columns_need_the_language() -> None:
    with pytest.raises(
        UsageError, match=r"g\.csv:1: a two-column glossary CSV does not say its target language"
    ):
        from_csv("source,target\nAktau,Актау\n", HERE)


def test_a_bad_rendering_is_named_at_its_csv_row(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("en,tk\nAktau,Aktau\nAshgabat,Ашхабад\n", encoding="utf-8")
    with pytest.raises(
        GlossaryError, match=r"in\.csv:3: term ashgabat: tk rendering: 'Ашхабад' is not written in Latin"
    ):
        read_exchange(path)


def test_older_exports_are_still_read() -> None:
    # Before the English column was called ``source``, it was ``en`` and ``source`` held the citation.
    text = "id,kind,en,note,source,ru,ru_source\naktau,place,Aktau,port,an atlas,Актау,a map\n"
    (term,) = from_csv(text, HERE)
    assert (term.en, term.note, term.source) == ("Aktau", "port", "an atlas")
    assert term.renderings == (Rendering(Language.ru, "Актау", source="a map"),)


def test_cli_import_of_a_bad_csv_is_one_line_and_writes_nothing(project_dir: Path) -> None:
    shutil.copytree(REPO / "glossary", project_dir / "glossary")
    before = {path.name: path.read_bytes() for path in (project_dir / "glossary").iterdir()}
    bad = project_dir / "weblate.csv"
    bad.write_text("source,target\nCaspian Sea,Каспийское море\n,Актау\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["glossary", "import", str(bad), "--lang", "ru", "-C", str(project_dir)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {bad}:3: row has no source (English) term"
    assert {path.name: path.read_bytes() for path in (project_dir / "glossary").iterdir()} == before


@needs_ttk
def test_csv2tbx_reads_the_export(tmp_path: Path) -> None:
    import subprocess

    base = load_termbase(REPO / "glossary")
    (tmp_path / "glossary.csv").write_text(to_csv(base, Language.ru), encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run(
        [str(TTK / "csv2tbx"), "glossary.csv", "glossary.tbx"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    # The TBX csv2tbx wrote has the English term as source (not the citation), the ru rendering as
    # target (language "xx": csv2tbx knows none), the term id and the note; read it back.
    read = read_exchange(tmp_path / "glossary.tbx", Language.ru)
    assert [(t.id, t.en, t.note) for t in read.terms] == [(t.id, t.en, t.note) for t in base]
    assert [tuple(r.text for r in t.renderings) for t in read.terms] == [
        tuple(r.text for r in t.renderings if r.language is Language.ru and r.usable) for t in base
    ]
