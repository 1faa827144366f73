"""TBX (ISO 30042) and CSV exchange of the term base: round trips, formula escaping, refused input."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.errors import GlossaryError
from translate.glossary.csvfile import escape_cell, from_csv, to_csv, unescape_cell
from translate.glossary.interchange import read_terms, write_exchange
from translate.glossary.tbxfile import from_tbx, to_tbx
from translate.glossary.termbase import Rendering, Status, Term, TermKind
from translate.glossary.tomlfile import load_termbase
from translate.languages import Language
from translate.morphology.inflection import Inflection

GLOSSARY = Path(__file__).resolve().parent.parent / "glossary"
HERE = Path("terms.tbx")

# Single-line text as the term base allows it: no control characters, no padding.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=20
).filter(lambda value: value == value.strip() and value != "")
NOTE = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30).filter(
    lambda value: value == value.strip()
)
LIST = st.lists(TEXT, max_size=3, unique=True).map(tuple)


@st.composite
def renderings(draw: st.DrawFn, language: Language) -> Rendering:
    status = draw(st.sampled_from(list(Status)))
    if status is Status.missing:
        return Rendering(language, "", status, note=draw(NOTE), source=draw(NOTE))
    return Rendering(
        language=language,
        text=draw(TEXT),
        status=status,
        variants=draw(LIST),
        forbidden=draw(LIST),
        inflection=Inflection(
            fixed=draw(LIST),
            indeclinable=draw(st.booleans()),
            possessive=draw(st.booleans()),
            honorific=draw(st.booleans()),
            stem=draw(NOTE),
            forms=tuple(
                draw(st.dictionaries(st.sampled_from(["gen", "dat", "loc.pl"]), TEXT, max_size=2)).items()
            ),
        ),
        note=draw(NOTE),
        source=draw(NOTE),
    )


@st.composite
def terms(draw: st.DrawFn) -> list[Term]:
    ids = draw(
        st.lists(
            st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True), min_size=1, max_size=4, unique=True
        )
    )
    result = []
    for term_id in ids:
        languages = draw(st.lists(st.sampled_from(list(Language)), unique=True, max_size=3))
        order = {language: index for index, language in enumerate(Language)}
        result.append(
            Term(
                id=term_id,
                en=draw(TEXT),
                kind=draw(st.sampled_from(list(TermKind))),
                variants=draw(LIST),
                plurals=draw(LIST),
                ignore_case=draw(st.booleans()),
                note=draw(NOTE),
                source=draw(NOTE),
                renderings=tuple(draw(renderings(language)) for language in sorted(languages, key=order.get)),
            )
        )
    return result


def _normalise(items: list[Term]) -> list[Term]:
    # English variants equal to the canonical form are dropped on import; so are forms listed twice.
    out = []
    for term in items:
        variants = tuple(v for v in term.variants if v != term.en and v not in term.plurals)
        out.append(
            Term(
                term.id,
                term.en,
                term.kind,
                variants,
                term.plurals,
                term.ignore_case,
                term.note,
                term.source,
                term.renderings,
            )
        )
    return out


@settings(max_examples=80, deadline=None)
@given(terms())
def test_tbx_round_trip(items: list[Term]) -> None:
    items = _normalise(items)
    assert from_tbx(to_tbx(items), HERE) == items


@settings(max_examples=80, deadline=None)
@given(terms())
def test_csv_round_trip(items: list[Term]) -> None:
    items = _normalise(items)
    assert from_csv(to_csv(items), Path("terms.csv")) == items


def test_shipped_term_base_round_trips_through_both_formats(tmp_path: Path) -> None:
    base = load_termbase(GLOSSARY)
    # Sense rules (``when``) have no TBX or CSV field yet: the exchange formats carry everything else.
    expected = [dataclasses.replace(term, when=()) for term in base.terms]
    for name in ("glossary.tbx", "glossary.csv"):
        write_exchange(base, tmp_path / name)
        assert read_terms(tmp_path / name) == expected


def test_tbx_is_iso_30042_shaped() -> None:
    base = load_termbase(GLOSSARY)
    data = to_tbx([base.get("halk-maslahaty")]).decode("utf-8")
    assert data.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<tbx xmlns="urn:iso:std:iso:30042:ed-2"')
    assert 'type="TBX-Basic"' in data and 'style="dca"' in data
    assert '<conceptEntry id="halk-maslahaty">' in data
    assert '<langSec xml:lang="ru">' in data
    assert "<term>Народный совет</term>" in data
    assert '<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>' in data


def test_tbx_2008_martif_is_read() -> None:
    data = """<?xml version="1.0"?>
<martif type="TBX" xml:lang="en"><text><body>
<termEntry id="aktau">
  <langSet xml:lang="en"><tig><term>Aktau</term></tig></langSet>
  <langSet xml:lang="ru"><tig><term>Актау</term></tig></langSet>
  <langSet xml:lang="de"><tig><term>Aktau</term></tig></langSet>
</termEntry></body></text></martif>""".encode()
    (term,) = from_tbx(data, HERE)
    assert term.en == "Aktau"
    assert term.rendering(Language.ru) == Rendering(Language.ru, "Актау")


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("=HYPERLINK()", "'=HYPERLINK()"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM", "'@SUM"),
        ("'q", "''q"),
        ("Ok", "Ok"),
    ],
    ids=["equals", "plus", "minus", "at", "quote", "plain"],
)
def test_csv_formula_escaping(value: str, escaped: str) -> None:
    assert escape_cell(value) == escaped
    assert unescape_cell(escaped) == value


def test_csv_export_escapes_dangerous_cells() -> None:
    term = Term("x", "=cmd|' /C calc'!A0", note="@risk", renderings=(Rendering(Language.ru, "-минус"),))
    text = to_csv([term])
    assert ",'=cmd|' /C calc'!A0," in text
    assert "'@risk" in text and "'-минус" in text
    assert from_csv(text, Path("t.csv")) == [term]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<tbx><text><body><conceptEntry id='a'>", "not well-formed XML"),
        (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><tbx/>', "declares entities"),
        (b"<html/>", "not a TBX document"),
        (b"<tbx><conceptEntry id='Bad Id'/></tbx>", "is not a valid term id"),
        (b"<tbx><conceptEntry id='a'/></tbx>", "has no English term"),
    ],
    ids=["broken", "entities", "not-tbx", "bad-id", "no-english"],
)
def test_bad_tbx_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(GlossaryError, match=message):
        from_tbx(data, HERE)


def test_bad_csv_names_the_line() -> None:
    text = "id,kind,en\nok,place,Aktau\nBad Id,place,X\n"
    with pytest.raises(GlossaryError, match=r"t\.csv:3: id 'Bad Id' is not a valid term id"):
        from_csv(text, Path("t.csv"))


def test_imported_terms_are_validated_like_the_term_base(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("id,kind,en,tk\nx,place,X,Кириллица\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="not written in Latin letters"):
        read_terms(path)


def test_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "terms.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(GlossaryError, match=r"use a \.tbx or \.csv file"):
        read_terms(path)


def test_entities_are_refused_in_any_encoding() -> None:
    data = '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]><tbx>&a;</tbx>'.encode(
        "utf-16"
    )
    with pytest.raises(GlossaryError, match="declares entities"):
        from_tbx(data, HERE)


def test_a_tbx_doctype_naming_its_dtd_is_read_and_nothing_is_fetched() -> None:
    term = Term(id="mary", en="Mary", kind=TermKind.place, renderings=(Rendering(Language.ru, "Мары"),))
    data = to_tbx([term]).replace(
        b"?>", b'?>\n<!DOCTYPE tbx SYSTEM "http://127.0.0.1:9/TBXcoreStructV03.dtd">', 1
    )
    assert from_tbx(data, HERE) == [term]
