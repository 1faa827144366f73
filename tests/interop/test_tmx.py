"""TMX exchange with translate-toolkit (po2tmx, its TMX reader) and the TMX 1.4b DTD; inline codes both ways."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.catalog.memory import TranslationMemory, export_tmx, import_tmx
from translate.catalog.pofile import write_po
from translate.catalog.tmxfile import read_tmx, write_tmx
from translate.languages import Language

REPO = Path(__file__).resolve().parents[2]
TTK = REPO / ".venv-ttk" / "bin"
# The published schemas live beside the project (../shared/standards), not in it; a clone elsewhere
# names them with TRANSLATE_STANDARDS.
STANDARDS = next(
    (
        folder
        for folder in (
            Path(os.environ.get("TRANSLATE_STANDARDS", REPO.parent / "shared" / "standards")),
            Path("/work/shared/standards"),
        )
        if (folder / "tmx14.dtd").is_file()
    ),
    None,
)
needs_ttk = pytest.mark.skipif(
    not (TTK / "python").exists(),
    reason="translate-toolkit's venv .venv-ttk is missing; scripts/setup.sh creates it (CI has it)",
)
NOW = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)

PAIRS = [
    ("Press <b>OK</b> to go on.", "Нажмите <b>OK</b>, чтобы продолжить."),
    ("Read <a1>the statement</a1> of <i>TDH</i>.", "Прочитайте <a1>заявление</a1> <i>TDH</i>."),
    ("Run <c1/> first.", "Сначала выполните <c1/>."),
]


def ttk(*args: str, cwd: Path) -> str:
    """Run a translate-toolkit command from .venv-ttk, isolated from this project's ``translate``."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def ttk_python(code: str, *args: str, cwd: Path) -> str:
    return ttk(str(TTK / "python"), "-I", "-c", code, *args, cwd=cwd)


@dataclass(frozen=True)
class Unit:
    language: Language
    source: str
    target: str
    origin: str = "doc"
    updated: str = "20240301T000000Z"


def _catalog(pairs: list[tuple[str, str]]) -> bytes:
    catalog = polib.POFile(wrapwidth=79)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ru"}
    for source, target in pairs:
        catalog.append(polib.POEntry(msgid=source, msgstr=target))
    return write_po(catalog)


@needs_ttk
def test_a_tmx_from_po2tmx_imports_with_its_doctype(tmp_path: Path) -> None:
    (tmp_path / "doc.po").write_bytes(_catalog(PAIRS))
    ttk(str(TTK / "po2tmx"), "-l", "ru", "doc.po", "desk.tmx", cwd=tmp_path)
    data = (tmp_path / "desk.tmx").read_bytes()
    assert b'<!DOCTYPE tmx SYSTEM "tmx14.dtd">' in data  # what the issue saw refused
    with TranslationMemory(tmp_path / "memory.sqlite3") as memory:
        assert import_tmx(memory, tmp_path / "desk.tmx") == 3
        assert sorted((unit.source, unit.target) for unit in memory.units(Language.ru)) == sorted(PAIRS)


@needs_ttk
def test_translate_toolkit_reads_our_export_with_our_tags(tmp_path: Path) -> None:
    with TranslationMemory(tmp_path / "memory.sqlite3") as memory:
        memory.add_many([(Language.ru, source, target, "doc") for source, target in PAIRS], now=NOW)
        assert export_tmx(memory, tmp_path / "out.tmx", [Language.ru]) == 3
    data = (tmp_path / "out.tmx").read_bytes()
    assert b"<bpt " in data and b"<ept " in data and b"<ph " in data  # codes, not escaped text
    read = ttk_python(
        "import json, sys\n"
        "from translate.storage.tmx import tmxfile\n"
        "units = tmxfile.parsefile(sys.argv[1]).units\n"
        "print(json.dumps(sorted([u.source, u.target] for u in units)))",
        "out.tmx",
        cwd=tmp_path,
    )
    assert json.loads(read) == sorted([list(pair) for pair in PAIRS])


@needs_ttk
@pytest.mark.skipif(
    STANDARDS is None, reason="tmx14.dtd not found: set TRANSLATE_STANDARDS to ../shared/standards"
)
def test_our_export_is_valid_tmx_14b(tmp_path: Path) -> None:
    assert STANDARDS is not None
    path = tmp_path / "out.tmx"
    path.write_bytes(
        write_tmx([Unit(Language.kk, *pair) for pair in PAIRS] + [Unit(Language.tk, "a </b>", "b <i>")])
    )
    verdict = ttk_python(
        "import sys\nfrom lxml import etree\n"
        "dtd = etree.DTD(sys.argv[1])\n"
        "ok = dtd.validate(etree.parse(sys.argv[2], etree.XMLParser(no_network=True, resolve_entities=False)))\n"
        "print('valid' if ok else dtd.error_log)",
        str(STANDARDS / "tmx14.dtd"),
        str(path),
        cwd=tmp_path,
    )
    assert verdict.strip() == "valid"


def test_standard_inline_codes_become_neutral_tags(tmp_path: Path) -> None:
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4"><header srclang="en" segtype="sentence" creationtool="x" creationtoolversion="1"
 adminlang="en" datatype="html" o-tmf="x"/><body>
<tu><tuv xml:lang="en"><seg>A <bpt i="1" type="bold">&lt;strong&gt;</bpt>big<ept i="1">&lt;/strong&gt;</ept> \
<bpt i="2">&lt;a href="x"&gt;</bpt>deal<ept i="2">&lt;/a&gt;</ept><ph x="7">&lt;br/&gt;</ph> \
<it pos="begin" type="italic">&lt;em&gt;</it>x<hi type="b">y</hi><ut>&lt;u&gt;</ut></seg></tuv>
<tuv xml:lang="ru"><seg>\xd0\x91</seg></tuv></tu></body></tmx>"""
    ((language, source, target, _),) = read_tmx(data, tmp_path / "x.tmx")
    assert (language, target) == (Language.ru, "\u0411")
    assert source == "A <b>big</b> <a1>deal</a1><c7/> <i>xy"


_PIECE = st.sampled_from(
    [
        "word ",
        "слово",
        " ",
        "<b>",
        "</b>",
        "<i>",
        "</i>",
        "<a1>",
        "</a1>",
        "<a2>",
        "</a2>",
        "<c1/>",
        "<c3/>",
        "&",
        "<",
        ">",
        '"',
    ]
)


@given(st.lists(st.lists(_PIECE, max_size=12).map("".join), min_size=2, max_size=2))
@settings(max_examples=150, deadline=None)
def test_write_tmx_then_read_tmx_gives_back_every_tag(texts: list[str]) -> None:
    source, target = texts
    data = write_tmx([Unit(Language.ru, source, target)])
    assert read_tmx(data, Path("x.tmx")) == [(Language.ru, source, target, "tmx:x.tmx")]
