"""Templates and catalogs: entries per sentence, occurrences, headers per language, msgfmt -c."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from tests.conftest import SEED
from translate.catalog.entries import catalog_stats
from translate.catalog.pofile import write_po
from translate.catalog.store import write_po_if_changed
from translate.catalog.template import CATALOG_DATES, build_template, new_catalog
from translate.document.source import load_document, parse_document
from translate.languages import Language

NOW = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)


def test_template_has_one_entry_per_distinct_sentence() -> None:
    document = parse_document("Title one.\n\nSame line. Other.\n\nSame line.\n", Path("doc.txt"))
    template = build_template(document, Path.cwd(), NOW)
    assert [entry.msgid for entry in template] == ["Title one.", "Same line.", "Other."]
    shared = template.find("Same line.")
    assert shared is not None
    assert shared.occurrences == [("doc.txt", "3"), ("doc.txt", "5")]


def test_seed_template_entries_and_context() -> None:
    document = load_document(SEED)
    template = build_template(document, SEED.parent.parent, NOW)
    assert len(template) == 33
    title = template[0]
    assert title.comment == "title"
    assert title.occurrences == [(f"seeds/{SEED.name}", "1")]
    assert template[1].occurrences == [(f"seeds/{SEED.name}", "5")]
    assert template.metadata["POT-Creation-Date"] == "2026-01-02 03:04+0000"


@pytest.mark.parametrize(
    ("language", "nplurals", "team"),
    [(Language.ru, 3, "Russian"), (Language.tk, 2, "Turkmen"), (Language.kk, 2, "Kazakh")],
    ids=["ru", "tk", "kk"],
)
def test_headers_per_language(language: Language, nplurals: int, team: str) -> None:
    template = build_template(load_document(SEED), SEED.parent.parent, NOW)
    catalog = new_catalog(template, language, "doc", NOW)
    metadata = catalog.metadata
    assert metadata["Language"] == language.value
    assert metadata["Language-Team"] == team
    assert metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert metadata["Plural-Forms"].startswith(f"nplurals={nplurals}; plural=")
    assert metadata["PO-Revision-Date"] == "2026-01-02 03:04+0000"
    assert language.num_plurals == nplurals


def test_ru_plural_expression_picks_cldr_forms() -> None:
    expression = Language.ru.plural_forms.split("plural=")[1].rstrip(";")
    python = expression.replace("&&", "and").replace("||", "or")
    python = _ternary_to_python(python)
    assert [eval(python, {"n": n}) for n in (1, 2, 5, 11, 21, 22, 25)] == [0, 1, 2, 2, 0, 1, 2]


def _ternary_to_python(expr: str) -> str:
    condition, rest = expr.split("?", 1)
    then, otherwise = rest.split(":", 1)
    otherwise = _ternary_to_python(otherwise) if "?" in otherwise else otherwise
    return f"({then.strip()} if {condition.strip()} else {otherwise.strip()})"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is installed by scripts/setup.sh")
@pytest.mark.parametrize("language", list(Language), ids=[language.value for language in Language])
def test_written_catalogs_pass_msgfmt_check(tmp_path: Path, language: Language) -> None:
    template = build_template(load_document(SEED), SEED.parent.parent, NOW)
    catalog = new_catalog(template, language, "doc", NOW)
    catalog[0].msgstr = "Перевод"
    path = tmp_path / f"{language.value}.po"
    path.write_bytes(write_po(catalog))
    pot = tmp_path / "doc.pot"
    pot.write_bytes(write_po(template))
    for target in (path, pot):
        result = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(target)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr


def test_stats_count_each_state() -> None:
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgid="a", msgstr="x"))
    catalog.append(polib.POEntry(msgid="b", msgstr="y", flags=["fuzzy"]))
    catalog.append(polib.POEntry(msgid="c", msgstr=""))
    catalog.append(polib.POEntry(msgid="d", msgstr="z", obsolete=True))
    stats = catalog_stats(catalog)
    assert (stats.entries, stats.translated, stats.fuzzy, stats.untranslated, stats.obsolete) == (
        3,
        1,
        1,
        1,
        1,
    )
    assert not stats.complete


def test_unchanged_catalog_is_not_rewritten_and_keeps_its_date() -> None:
    template = build_template(load_document(SEED), SEED.parent.parent, NOW)
    first = new_catalog(template, Language.kk, "doc", NOW)
    previous = polib.pofile(write_po(first).decode())
    later = NOW + dt.timedelta(days=3)
    again = new_catalog(template, Language.kk, "doc", later)
    assert write_po_if_changed(again, previous, CATALOG_DATES, later) is None
    again[0].msgstr = "Кездесу"
    data = write_po_if_changed(again, previous, CATALOG_DATES, later)
    assert data is not None
    assert b"PO-Revision-Date: 2026-01-05 03:04+0000" in data
