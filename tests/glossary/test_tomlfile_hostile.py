"""Control characters in any text field of the term base are refused with file:line, so TBX export and
import always agree (a NUL in a note used to be exported and then refused by the tool's own import)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.errors import GlossaryError
from translate.glossary.tbxfile import from_tbx, to_tbx
from translate.glossary.termbase import Rendering, Term
from translate.glossary.tomlfile import load_termbase, load_termbase_text, write_terms
from translate.languages import Language

HOSTILE = [
    # (id, TOML text, line, code point); TOML itself only lets control characters in as escapes.
    ("nul-in-note", '[a]\nen = "A"\nnote = "x\\u0000y"\n', 3, "0000"),
    ("escape-in-source", '[a]\nen = "A"\nsource = "\\u001b[31mred"\n', 3, "001B"),
    ("tab-in-note", '[a]\nen = "A"\nnote = "a\\tb"\n', 3, "0009"),
    ("newline-in-note", '[a]\nen = "A"\nnote = """\nfirst\nsecond"""\n', 3, "000A"),
    ("carriage-return-in-source", '[a]\nen = "A"\nsource = "a\\rb"\n', 3, "000D"),
    ("delete-in-note", '[a]\nen = "A"\nnote = "a\\u007fb"\n', 3, "007F"),
    ("next-line-in-note", '[a]\nen = "A"\nnote = "a\\u0085b"\n', 3, "0085"),
    (
        "line-separator-in-rendering-note",
        '[a]\nen = "A"\n\n[a.ru]\ntext = "Б"\nnote = "a\\u2028b"\n',
        6,
        "2028",
    ),
    ("nul-in-rendering-source", '[a]\nen = "A"\n\n[a.kk]\ntext = "Б"\nsource = "\\u0000"\n', 6, "0000"),
    ("noncharacter-in-source", '[a]\nen = "A"\nsource = "a\\uffffb"\n', 3, "FFFF"),
]


@pytest.mark.parametrize(
    ("text", "line", "code"), [case[1:] for case in HOSTILE], ids=[c[0] for c in HOSTILE]
)
def test_control_characters_in_notes_and_sources_are_refused(
    tmp_path: Path, text: str, line: int, code: str
) -> None:
    path = tmp_path / "terms.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GlossaryError, match=rf"holds the control character U\+{code}; remove it") as raised:
        load_termbase(tmp_path)
    assert str(raised.value).startswith(f"{path}:{line}: ")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('[a]\nen = "A\\u0000"\n', 2),
        ('[a]\nen = "A"\nvariants = ["B\\u001b"]\n', 3),
        ('[a]\nen = "A"\n\n[a.ru]\ntext = "Б"\nforms = { gen = "В\\u0007" }\n', 6),
        ('[a]\nen = "A"\n\n[a.tk]\ntext = "B"\nstem = "b\\uffff"\n', 6),
    ],
    ids=["en", "variants", "forms", "stem"],
)
def test_control_characters_in_short_texts_stay_refused(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "terms.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GlossaryError) as raised:
        load_termbase(tmp_path)
    assert str(raised.value).startswith(f"{path}:{line}: ")


def test_a_note_with_spaces_at_its_ends_is_still_accepted() -> None:
    # Long texts were never trimmed; only characters TBX cannot carry are new refusals.
    base = load_termbase_text('[a]\nen = "A"\nnote = " see the decree "\n')
    assert base.get("a").note == " see the decree "


def test_a_term_with_a_control_character_is_never_written(tmp_path: Path) -> None:
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    (glossary / "places.toml").write_text('[mary]\nen = "Mary"\nkind = "place"\n', encoding="utf-8")
    before = (glossary / "places.toml").read_bytes()
    term = Term("ashgabat", "Ashgabat", note="capital\x00", renderings=(Rendering(Language.ru, "Ашхабад"),))
    with pytest.raises(GlossaryError, match=r"cannot add ashgabat: .*U\+0000.*nothing was written"):
        write_terms(glossary, [term], file=glossary / "places.toml")
    assert (glossary / "places.toml").read_bytes() == before


# Whatever the TOML reader accepts in a note survives TBX export and import.
NOTE = st.text(max_size=30)


@settings(max_examples=150, deadline=None)
@given(NOTE, NOTE)
def test_every_note_the_reader_accepts_survives_tbx(note: str, source: str) -> None:
    text = f'[a]\nen = "A"\nnote = {_toml_string(note)}\nsource = {_toml_string(source)}\n'
    try:
        base = load_termbase_text(text)
    except GlossaryError:
        return
    terms = list(base.terms)
    assert from_tbx(to_tbx(terms), Path("terms.tbx")) == terms


def _toml_string(value: str) -> str:
    """``value`` as a TOML basic string, every character outside printable ASCII escaped."""
    out = []
    for char in value:
        if char in '"\\' or not (" " <= char <= "~"):
            out.append(f"\\U{ord(char):08x}" if ord(char) > 0xFFFF else f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
