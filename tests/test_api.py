"""The public Python API takes what users pass (a language code or ``Language``, a ``str`` or ``Path``)
and refuses anything else clearly; file readers read any spelling of a locale code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest

import translate
from translate.checks.files import catalog_language
from translate.glossary.tbxfile import from_tbx
from translate.glossary.termbase import TermBase
from translate.languages import Language, as_language

REPO = Path(__file__).resolve().parent.parent
SOURCE = "The Chairman of the Halk Maslahaty met the governor of the Balkan velayat."
TARGET = "Председатель Народного совета встретился с губернатором Балканской области."


@pytest.fixture(scope="module")
def termbase() -> TermBase:
    return translate.load_termbase(str(REPO / "glossary"))


@pytest.mark.parametrize("language", ["ru", "RU", "ru-RU", "ru_RU.UTF-8", Language.ru], ids=str)
def test_check_translation_takes_a_code_or_a_language(termbase: object, language: str | Language) -> None:
    expected = translate.check_translation(termbase, Language.ru, SOURCE, TARGET)
    assert expected  # the target misses official renderings
    assert translate.check_translation(termbase, language, SOURCE, TARGET) == expected


def test_enforce_takes_a_code(termbase: object) -> None:
    assert translate.enforce(termbase, "ru", SOURCE, TARGET) == translate.enforce(
        termbase, Language.ru, SOURCE, TARGET
    )


@pytest.mark.parametrize("path", [str(REPO / "glossary"), REPO / "glossary"], ids=["str", "Path"])
def test_load_termbase_takes_str_or_path(path: str | Path) -> None:
    assert len(translate.load_termbase(path)) > 10


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda tb: translate.check_translation(tb, None, SOURCE, TARGET), "language must be a Language"),
        (lambda tb: translate.check_translation(tb, 7, SOURCE, TARGET), "got int"),
        (lambda tb: translate.enforce("glossary", "ru", SOURCE, TARGET), "termbase must be a TermBase"),
        (lambda tb: translate.enforce(tb, "ru", SOURCE, None), "target must be text"),
        (lambda tb: translate.load_termbase(None), "path must be a path"),
        (lambda tb: translate.read_catalog(42), "path must be a path"),
        (lambda tb: translate.load_document(b"a.txt"), "path must be a path"),
        (lambda tb: translate.check_catalog("ru.po", "ru"), "read_catalog"),
        (lambda tb: translate.check_catalog([], "ru", "glossary"), "termbase must be a TermBase or None"),
    ],
    ids=[
        "none-language",
        "int-language",
        "path-termbase",
        "none-text",
        "none-path",
        "int-path",
        "bytes-path",
        "path-catalog",
        "str-termbase",
    ],
)
def test_anything_else_is_a_type_error(termbase: object, call: object, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        call(termbase)  # type: ignore[operator]


def test_an_unknown_code_is_a_usage_error(termbase: object) -> None:
    with pytest.raises(translate.UsageError, match="unknown language code 'de'"):
        translate.check_translation(termbase, "de", SOURCE, TARGET)


def test_as_language() -> None:
    assert as_language("kk-Cyrl-KZ") is Language.kk
    assert as_language(Language.tk) is Language.tk


def test_import_translate_is_cheap() -> None:
    script = "import sys, translate\nprint(sorted(m for m in ('babel', 'polib', 'rich') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# ------------------------------------------------------------------------- file readers and locale codes


def _po(path: Path, language_header: str) -> Path:
    catalog = polib.POFile()
    catalog.metadata = {
        "Language": language_header,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    catalog.append(polib.POEntry(msgid="Talks.", msgstr="Переговоры."))
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(str(path))
    return path


@pytest.mark.parametrize("header", ["ru-RU", "ru_RU.UTF-8", "ru@cyrillic"], ids=str)
def test_a_catalog_in_its_folder_accepts_any_spelling_of_its_language(tmp_path: Path, header: str) -> None:
    path = _po(tmp_path / "locales" / "ru" / "LC_MESSAGES" / "doc.po", header)
    catalog = translate.read_catalog(str(path))
    assert catalog_language(path, catalog) is Language.ru


@pytest.mark.parametrize(("header", "language"), [("tk@latin", Language.tk), ("kk-KZ", Language.kk)], ids=str)
def test_a_loose_catalog_takes_its_language_from_the_header(
    tmp_path: Path, header: str, language: Language
) -> None:
    path = _po(tmp_path / "loose.po", header)
    assert catalog_language(path, translate.read_catalog(path)) is language


def test_tbx_reads_region_codes() -> None:
    data = """<?xml version="1.0"?>
<martif type="TBX" xml:lang="en-US"><text><body>
<termEntry id="aktau">
  <langSet xml:lang="en-GB"><tig><term>Aktau</term></tig></langSet>
  <langSet xml:lang="ru_RU"><tig><term>Актау</term></tig></langSet>
  <langSet xml:lang="KK-kz"><tig><term>Ақтау</term></tig></langSet>
</termEntry></body></text></martif>""".encode()
    (term,) = from_tbx(data, Path("terms.tbx"))
    assert term.en == "Aktau"
    assert [rendering.language for rendering in term.renderings] == [Language.ru, Language.kk]
