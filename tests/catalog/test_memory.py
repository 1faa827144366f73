"""Translation memory: learning from reviewed entries, exact and close matches, pre-fill, TMX round trips."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import polib
import pytest

from translate.catalog.memory import TranslationMemory, export_tmx, import_tmx, prefill
from translate.catalog.notes import NoteKind
from translate.catalog.tmxfile import read_tmx
from translate.errors import CatalogError
from translate.languages import Language

BILLION = "There is significant untapped potential in trade relations, which must be used to increase trade turnover by $1 billion."
BILLION_RU = (
    "Существует значительный неиспользованный потенциал в торговых отношениях, который необходимо "
    "использовать для увеличения товарооборота на 1 млрд долларов."
)
PLANT = "The new facility will be built approximately 250 kilometers from the border."
PLANT_RU = "Новый объект будет построен примерно в 250 километрах от границы."


def _catalog(*entries: polib.POEntry) -> polib.POFile:
    catalog = polib.POFile()
    for entry in entries:
        catalog.append(entry)
    return catalog


@pytest.fixture
def memory(tmp_path: Path) -> Iterator[TranslationMemory]:
    with TranslationMemory.at(tmp_path / ".translate") as opened:
        yield opened


def test_learns_only_reviewed_entries(memory: TranslationMemory) -> None:
    catalog = _catalog(
        polib.POEntry(msgid=BILLION, msgstr=BILLION_RU),
        polib.POEntry(msgid=PLANT, msgstr="машинный перевод", flags=["fuzzy"]),
        polib.POEntry(msgid="Untranslated.", msgstr=""),
        polib.POEntry(msgid="Gone.", msgstr="Ушло.", obsolete=True),
    )
    assert memory.learn(catalog, Language.ru, "seed-doc") == 1
    assert [(u.source, u.target, u.origin) for u in memory.units()] == [(BILLION, BILLION_RU, "seed-doc")]
    assert memory.learn(catalog, Language.ru, "seed-doc") == 0  # learning twice stores nothing new


def test_exact_and_close_matches_are_per_language(memory: TranslationMemory) -> None:
    memory.add_many([(Language.ru, PLANT, PLANT_RU, "a"), (Language.kk, PLANT, "Жаңа нысан", "b")])
    exact = memory.exact(Language.ru, PLANT)
    assert exact is not None and exact.exact and exact.target == PLANT_RU
    assert memory.exact(Language.tk, PLANT) is None
    close = memory.suggest(Language.ru, PLANT.replace("250", "300"))
    assert [(m.target, m.exact) for m in close] == [(PLANT_RU, False)]
    assert close[0].score > 95
    assert memory.suggest(Language.ru, "Completely unrelated words about culture.") == []


def test_memory_is_shared_across_opens(tmp_path: Path) -> None:
    with TranslationMemory.at(tmp_path) as first:
        first.add_many([(Language.tk, PLANT, "Täze desga", "doc-a")])
    with TranslationMemory.at(tmp_path) as second:
        match = second.exact(Language.tk, PLANT)
    assert match is not None and match.origin == "doc-a"


@pytest.mark.parametrize("trust", [False, True], ids=["fuzzy-by-default", "trusted"])
def test_prefill_exact_match(memory: TranslationMemory, trust: bool) -> None:
    memory.add_many([(Language.ru, BILLION, BILLION_RU, "earlier-article")])
    entry = polib.POEntry(msgid=BILLION, msgstr="", comment="title")
    filled = prefill(_catalog(entry), Language.ru, memory, trust_exact=trust)
    assert filled == {(None, BILLION)}
    assert entry.msgstr == BILLION_RU
    assert entry.fuzzy is not trust
    assert entry.comment == "title\ntranslation memory: exact match from earlier-article"


def test_prefill_notes_close_matches_and_never_touches_translations(memory: TranslationMemory) -> None:
    memory.add_many([(Language.ru, PLANT, PLANT_RU, "x")])
    close = polib.POEntry(msgid=PLANT.replace("approximately", "about"), msgstr="")
    reviewed = polib.POEntry(msgid=PLANT, msgstr="Своё, проверенное.")
    filled = prefill(_catalog(close, reviewed), Language.ru, memory)
    assert filled == set()
    assert close.msgstr == ""
    assert close.comment.startswith("translation memory suggestion (92%): ")
    assert all(
        line.startswith(NoteKind.memory_suggestion.prefix) and len(line) <= 75
        for line in close.comment.splitlines()
    )
    assert "(92%): Новый объект" in close.comment and "250 километрах от границы." in close.comment
    assert (reviewed.msgstr, reviewed.flags, reviewed.comment) == ("Своё, проверенное.", [], "")


def test_tmx_round_trip(tmp_path: Path, memory: TranslationMemory) -> None:
    units = [
        (Language.ru, BILLION, BILLION_RU, "doc"),
        (Language.kk, PLANT, "Жаңа нысан шекарадан шамамен 250 шақырым жерде салынады.", "doc"),
        (Language.tk, "Magtymguly <b>Fragi</b> & friends", "Magtymguly <b>Pyragy</b> & dostlary", "doc"),
    ]
    memory.add_many(units)
    path = tmp_path / "export.tmx"
    assert export_tmx(memory, path, [Language.ru, Language.tk, Language.kk]) == 3
    with TranslationMemory(tmp_path / "other.sqlite3") as other:
        assert import_tmx(other, path) == 3
        assert sorted((u.language, u.source, u.target) for u in other.units()) == sorted(
            (language, source, target) for language, source, target, _ in units
        )


def test_tmx_from_another_tool(tmp_path: Path) -> None:
    data = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en-US" segtype="sentence" creationtool="x" creationtoolversion="1"
 adminlang="en" datatype="plaintext" o-tmf="x"/>
<body>
 <tu><tuv xml:lang="en-US"><seg>Press <ph x="1">&lt;b&gt;</ph>OK</seg></tuv>
     <tuv xml:lang="ru-RU"><seg>Нажмите <ph x="1">&lt;b&gt;</ph>OK</seg></tuv>
     <tuv xml:lang="de-DE"><seg>Drücken Sie OK</seg></tuv></tu>
 <tu><tuv xml:lang="fr"><seg>Bonjour</seg></tuv><tuv xml:lang="ru"><seg>Привет</seg></tuv></tu>
</body></tmx>""".encode()
    assert read_tmx(data, tmp_path / "desk.tmx") == [
        (Language.ru, "Press <c1/>OK", "Нажмите <c1/>OK", "tmx:desk.tmx")
    ]


def test_broken_tmx_names_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"desk\.tmx:2: is not well-formed XML"):
        read_tmx(b"<tmx>\n<body><tu></body></tmx>", tmp_path / "desk.tmx")


def test_the_latest_reviewed_translation_wins(memory: TranslationMemory) -> None:
    def learn(target: str, day: int) -> None:
        memory.learn(
            _catalog(polib.POEntry(msgid=PLANT, msgstr=target)),
            Language.ru,
            "doc",
            dt.datetime(2024, 1, day, tzinfo=dt.UTC),
        )

    learn("Первый вариант.", 1)
    learn("Второй вариант.", 2)
    assert (match := memory.exact(Language.ru, PLANT)) is not None and match.target == "Второй вариант."
    learn("Первый вариант.", 3)  # the reviewer went back to the first wording
    assert (match := memory.exact(Language.ru, PLANT)) is not None and match.target == "Первый вариант."
    assert len(list(memory.units(Language.ru))) == 2


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa">]>',
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd" [<!ENTITY a "a">]>',
        '<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    ],
    ids=["internal-entity", "external-dtd-and-entity", "external-entity"],
)
def test_tmx_with_entities_is_refused(tmp_path: Path, memory: TranslationMemory, prolog: str) -> None:
    path = tmp_path / "desk.tmx"
    path.write_text(
        f'<?xml version="1.0"?>\n{prolog}\n<tmx version="1.4"><header srclang="en"/><body><tu>'
        '<tuv xml:lang="en"><seg>Press OK</seg></tuv><tuv xml:lang="ru"><seg>Нажмите</seg></tuv>'
        "</tu></body></tmx>\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogError, match=r"desk\.tmx:2: declares entities"):
        import_tmx(memory, path)
    assert list(memory.units(Language.ru)) == []


def _tmx(*units: tuple[str, str], tuid: bool = False) -> bytes:
    body = "".join(
        (f'<tu tuid="u{index}">' if tuid else "<tu>")
        + f'<tuv xml:lang="en"><seg>{source}</seg></tuv><tuv xml:lang="ru"><seg>{target}</seg></tuv></tu>\n'
        for index, (source, target) in enumerate(units, start=1)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"/><body>\n{body}</body></tmx>\n'.encode()


@pytest.mark.parametrize(
    ("character", "name"),
    [
        ("\u2028", "U+2028 line separator"),
        ("\u0085", "U+0085 next line"),
        ("\u2029", "U+2029 paragraph separator"),
    ],
    ids=["u2028", "u0085", "u2029"],
)
def test_a_tmx_unit_a_catalog_cannot_hold_is_refused_naming_file_and_unit(
    tmp_path: Path, memory: TranslationMemory, character: str, name: str
) -> None:
    """Issue 17, item 2: a TMX target with U+2028 or U+0085 went into a catalog that every later run,
    status and check then refused."""
    path = tmp_path / "desk.tmx"
    path.write_bytes(_tmx(("Press OK", "Нажмите"), (PLANT, f"Новый{character}объект"), tuid=True))
    with pytest.raises(
        CatalogError, match=rf"desk\.tmx: unit 2 \(tuid 'u2'\): the ru text contains {re.escape(name)}"
    ):
        import_tmx(memory, path)
    assert list(memory.units()) == []  # nothing of the file was imported


def test_a_tmx_source_a_catalog_cannot_hold_is_refused(tmp_path: Path, memory: TranslationMemory) -> None:
    path = tmp_path / "desk.tmx"
    path.write_bytes(_tmx(("Press\u2028OK", "Нажмите")))
    with pytest.raises(CatalogError, match=r"desk\.tmx: unit 1: the en text contains U\+2028"):
        import_tmx(memory, path)


@pytest.mark.parametrize("trust", [False, True], ids=["fuzzy", "trust-exact"])
def test_an_exact_match_whose_newlines_differ_from_the_msgid_never_goes_in_reviewed(
    memory: TranslationMemory, trust: bool
) -> None:
    """Issue 17, item 2: with --trust-exact, a TMX unit ending in a newline became a reviewed entry that
    msgfmt -c rejects (msgid and msgstr must agree on leading and trailing newlines)."""
    memory.add_many([(Language.ru, PLANT, PLANT_RU + "\n", "tmx:desk.tmx")])
    entry = polib.POEntry(msgid=PLANT, msgstr="")
    prefill(_catalog(entry), Language.ru, memory, trust_exact=trust)
    assert entry.msgstr == PLANT_RU + "\n"
    assert entry.fuzzy


def test_memory_text_a_catalog_cannot_hold_is_passed_over(memory: TranslationMemory) -> None:
    """A memory filled before TMX units were checked must not poison the catalogs it fills."""
    memory.add_many([(Language.ru, PLANT, "Новый\u2028объект", "tmx:old.tmx")])
    memory.add_many([(Language.ru, PLANT + " Soon.", "Новый\u0085объект скоро", "tmx:old.tmx")])
    entry = polib.POEntry(msgid=PLANT, msgstr="")
    prefill(_catalog(entry), Language.ru, memory, trust_exact=True)
    assert entry.msgstr == "" and "\u2028" not in entry.comment and "\u0085" not in entry.comment


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda path: os.mkfifo(path), "is a FIFO, not a TMX file"),
        (lambda path: path.symlink_to("/dev/zero"), "is a symbolic link"),
        (lambda path: path.mkdir(), "is a folder, not a TMX file"),
    ],
    ids=["fifo", "link-to-device", "folder"],
)
def test_a_tmx_path_that_is_no_regular_file_is_refused_at_once(
    tmp_path: Path, memory: TranslationMemory, make: Callable[[Path], object], message: str
) -> None:
    """Issue 17, item 4: a FIFO as TMX blocked forever."""
    path = tmp_path / "desk.tmx"
    make(path)
    with pytest.raises(CatalogError, match=rf"desk\.tmx: {re.escape(message)}"):
        import_tmx(memory, path)


def test_tm_import_of_dev_zero_is_refused_at_once(tmp_path: Path) -> None:
    """Issue 17, item 4: ``tm import /dev/zero`` grew 80 MB/s without limit."""
    from typer.testing import CliRunner

    from translate.cli import app

    started = time.monotonic()
    result = CliRunner().invoke(app, ["tm", "import", "/dev/zero", "--project", str(tmp_path)])
    assert result.exit_code == 1
    assert "/dev/zero: is a character device, not a TMX file" in result.output
    assert "Traceback" not in result.output
    assert time.monotonic() - started < 10


def test_a_tmx_over_the_limit_is_refused_before_it_is_read(
    tmp_path: Path, memory: TranslationMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("translate.catalog.memory.MAX_TMX_BYTES", 100)
    path = tmp_path / "desk.tmx"
    path.write_bytes(_tmx(("Press OK", "Нажмите")))
    with pytest.raises(CatalogError, match=r"desk\.tmx: is larger than the 100-byte limit for a TMX file"):
        import_tmx(memory, path)
