"""The PO files the toolkit writes are the bytes GNU gettext writes: msgcat and msgmerge rewrap nothing."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests._fakes import FakeTranslator
from translate.catalog.pofile import read_po, write_po
from translate.languages import ALL_LANGUAGES, Language
from translate.pipeline import run
from translate.project import Project

REPO = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)
SEED_ID = "2023-11-04-halk-maslahaty-kazakhstan"

needs_gettext = pytest.mark.skipif(
    shutil.which("msgcat") is None or shutil.which("msgmerge") is None,
    reason="GNU gettext (msgcat, msgmerge) is not installed; scripts/setup.sh installs it",
)
pytestmark = needs_gettext


EXTRA = {"ru": "«Туркменистан» — партнёр", "kk": "Қазақстан мен Түрікменстан", "tk": "Türkmenistan"}


def long_translator(language: Language) -> FakeTranslator:
    """A fake engine whose output is long enough to wrap, in the desk's scripts."""
    return FakeTranslator(language, render=lambda text: f"{EXTRA[language.value]}: {text} {text}")


def _msgcat(data: bytes) -> bytes:
    done = subprocess.run(["msgcat", "-", "-o", "-"], input=data, capture_output=True, check=True)
    return done.stdout


def _without_unknown_flags(data: bytes) -> bytes:
    """The file as msgcat writes it: gettext drops flags it does not know (the reviewer's
    ``#, ignore-<check>`` acknowledgements), so a ``#,`` line of only those disappears."""
    lines = data.decode().split("\n")
    kept = [line for line in lines if not (line.startswith("#, ") and line[3:].startswith("ignore-"))]
    return "\n".join(kept).encode()


def _run_everything(project_dir: Path) -> Project:
    project = Project.at(project_dir)
    engines = {language: long_translator(language) for language in ALL_LANGUAGES}
    run(project, [], ALL_LANGUAGES, engines, now=NOW)
    # A changed source adds entries and makes one obsolete, with its previous msgid kept.
    seed = project_dir / "seeds" / f"{SEED_ID}.txt"
    text = seed.read_text()
    seed.write_text(text.replace("working visit", "official working visit", 1) + "\n\nA new closing line.\n")
    run(project, [], ALL_LANGUAGES, engines, now=NOW + dt.timedelta(days=1))
    return project


WRITTEN = [
    *(f"{language.value}/LC_MESSAGES/{SEED_ID}.po" for language in ALL_LANGUAGES),
    f"templates/{SEED_ID}.pot",
]
"""What a run writes under locales/: a catalog per language and the template."""


def test_a_run_writes_a_template_and_a_catalog_per_language(project_dir: Path) -> None:
    locales = _run_everything(project_dir).root / "locales"
    written = [
        str(path.relative_to(locales)) for path in locales.rglob("*") if path.suffix in (".po", ".pot")
    ]
    assert sorted(written) == sorted(WRITTEN)


@pytest.mark.parametrize(
    "written", WRITTEN, ids=[*(language.value for language in ALL_LANGUAGES), "template"]
)
def test_msgcat_leaves_every_catalog_a_run_writes_byte_for_byte(project_dir: Path, written: str) -> None:
    path = _run_everything(project_dir).root / "locales" / written
    out = path.with_suffix(path.suffix + ".msgcat")
    subprocess.run(["msgcat", str(path), "-o", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == path.read_bytes(), f"msgcat rewrapped {path.name}"


@pytest.mark.parametrize(
    "path",
    sorted([*(REPO / "locales").rglob("*.po*"), *(REPO / "tests" / "fixtures" / "reviewed").rglob("*.po")]),
    ids=lambda path: str(path.relative_to(REPO)),
)
def test_msgcat_leaves_the_committed_catalogs_as_they_are(path: Path) -> None:
    data = path.read_bytes()
    assert write_po(read_po(data, path)) == data  # they are in the writer's form
    assert _msgcat(data) == _without_unknown_flags(data)


@pytest.mark.parametrize("tool", ["msgcat", "msgmerge"])
def test_a_catalog_saved_by_gettext_changes_only_where_the_run_changes_it(
    project_dir: Path, tool: str
) -> None:
    project = Project.at(project_dir)
    engines = {Language.ru: long_translator(Language.ru)}
    run(project, [], [Language.ru], engines, now=NOW)
    catalog = project.catalog_path(Language.ru, SEED_ID)
    template = project.template_path(SEED_ID)
    # The reviewer's tool saves the file: msgcat rewrites it, msgmerge merges it with the template.
    command = ["msgcat", str(catalog), "-o", str(catalog)]
    if tool == "msgmerge":
        command = ["msgmerge", "--quiet", "--previous", "-o", str(catalog), str(catalog), str(template)]
    subprocess.run(command, check=True, capture_output=True)
    saved = catalog.read_bytes()
    seed = project_dir / "seeds" / f"{SEED_ID}.txt"
    first = polib.pofile(saved.decode())[1].msgid  # the first sentence of the body
    seed.write_text(seed.read_text().replace(first, first.replace("working visit", "official visit"), 1))
    run(project, [], [Language.ru], engines, now=NOW + dt.timedelta(days=1))
    before = saved.decode().rstrip("\n").split("\n\n")
    after = catalog.read_bytes().decode().rstrip("\n").split("\n\n")
    if tool == "msgmerge":
        # msgmerge takes `#.` lines from the template, so it drops the tool's notes (the engine's
        # origin, check findings); the run puts them back and changes nothing else in those entries.
        bare = {_without_notes(block) for block in before}
        restored = [b for b in after if b not in before and "#. " in b and _without_notes(b) in bare]
        assert restored
        after = [block for block in after if block not in restored]
        before = [
            block for block in before if _without_notes(block) not in {_without_notes(b) for b in restored}
        ]
    changed = [block for block in after if block not in before]
    removed = [block for block in before if block not in after]
    # The header (its PO-Revision-Date), the new entry, and the old one made obsolete: nothing else.
    assert len(changed) == 3 and len(removed) == 2, (changed, removed)
    assert 'msgid ""' in changed[0] and "PO-Revision-Date: 2026-01-03" in changed[0]
    assert "official visit" in changed[1] and "#~ msgid" in changed[2]


def _without_notes(block: str) -> str:
    return "\n".join(line for line in block.split("\n") if not line.startswith("#. "))


_TEXT = st.lists(
    st.sampled_from(
        list("abcxyz ABC  012 .,;:!?-–—/\\\"'()[]{}<>%$@#&*+=_|~«»“”„…№€₽₸\t\n")
        + list("абвгдеёжзийклмнопрстуфхцчшщъыьэюя ҚқҢңӘәҒғҮүҰұҺһӨөІі ňşžçäöüýŇŞŽÇÄÖÜÝ")
        + ["<b>", "</b>", "<a1>", "</a1>", "<c1/>", "https://tdh.gov.tm/ru/post/1-2?x=y", "10,5", "3.14"]
    ),
    max_size=120,
).map("".join)


@given(st.lists(st.tuples(_TEXT, _TEXT, st.booleans()), min_size=1, max_size=25))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_write_po_breaks_lines_exactly_where_msgcat_does(pairs: list[tuple[str, str, bool]]) -> None:
    catalog = polib.POFile(wrapwidth=79)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ru"}
    for index, (msgid, msgstr, obsolete) in enumerate(pairs):
        entry = polib.POEntry(msgid=f"{msgid}{index}", msgstr=msgstr or "x", obsolete=obsolete)
        if not obsolete:
            entry.previous_msgid = msgstr + "."
        catalog.append(entry)
    data = write_po(catalog)
    assert _msgcat(data) == data
