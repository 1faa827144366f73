"""TBX (ISO 30042) and CSV exchange of the term base: round trips, formula escaping, refused input."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from translate.cli import app
from translate.errors import GlossaryError
from translate.glossary.csvfile import escape_cell, from_csv, to_csv, unescape_cell
from translate.glossary.interchange import ExchangeFormat, read_terms, write_exchange
from translate.glossary.tbxfile import from_tbx, to_martif, to_tbx
from translate.glossary.termbase import Rendering, Status, Term, TermKind
from translate.glossary.tomlfile import load_termbase, load_termbase_text, render_terms
from translate.languages import Language
from translate.morphology.inflection import Inflection

GLOSSARY = Path(__file__).resolve().parents[2] / "glossary"
HERE = Path("terms.tbx")

# Single-line text as the term base allows it: no control characters, no padding.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=20
).filter(lambda value: value == value.strip() and value != "")
NOTE = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30).filter(
    lambda value: value == value.strip()
)
LIST = st.lists(TEXT, max_size=3, unique=True).map(tuple)
RULES = st.lists(st.from_regex(r"[A-Za-z ]{1,8}", fullmatch=True), max_size=2, unique=True).map(tuple)


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
                when=draw(RULES),
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
                when=term.when,
            )
        )
    return out


@settings(max_examples=80, deadline=None)
@given(terms())
def test_tbx_round_trip(items: list[Term]) -> None:
    items = _normalise(items)
    assert from_tbx(to_tbx(items), HERE) == items


@settings(max_examples=40, deadline=None)
@given(terms())
def test_tbx_v2_round_trip(items: list[Term]) -> None:
    items = _normalise(items)
    assert from_tbx(to_martif(items), HERE) == items


@settings(max_examples=80, deadline=None)
@given(terms())
def test_csv_round_trip(items: list[Term]) -> None:
    items = _normalise(items)
    assert from_csv(to_csv(items), Path("terms.csv")) == items


@pytest.mark.parametrize(
    ("name", "format"),
    [
        ("glossary.tbx", None),
        ("glossary-v2.tbx", ExchangeFormat.tbx2),
        ("glossary.csv", None),
    ],
    ids=["tbx-basic", "tbx2", "csv"],
)
def test_shipped_term_base_round_trips_through_every_format(
    tmp_path: Path, name: str, format: ExchangeFormat | None
) -> None:
    base = load_termbase(GLOSSARY)
    assert any(term.when for term in base)  # sense rules travel too
    write_exchange(base, tmp_path / name, format)
    assert read_terms(tmp_path / name) == list(base.terms)


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
        (b"<tbx><conceptEntry id='a'/></tbx>", r"no TBX entry has an English term \(a: no English term\)"),
    ],
    ids=["broken", "entities", "not-tbx", "no-english"],
)
def test_bad_tbx_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(GlossaryError, match=message):
        from_tbx(data, HERE)


@pytest.mark.parametrize(
    ("entry_id", "made"),
    [("Caspian Sea", "caspian-sea"), ("C1", "c1"), ("", "aktau"), ("aktau", "aktau")],
    ids=["csv2tbx-source-text", "upper-case", "empty", "valid"],
)
def test_tbx_ids_of_other_tools_become_term_ids(entry_id: str, made: str) -> None:
    data = (
        f"<martif><text><body><termEntry id='{entry_id}'><langSet xml:lang='en'><tig><term>Aktau</term>"
        "</tig></langSet></termEntry></body></text></martif>"
    ).encode()
    assert [term.id for term in from_tbx(data, HERE)] == [made]


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


# ------------------------------------------------------------------------------- the CLI's edges

runner = CliRunner()


def _glossary(args: list[str], project: Path):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["glossary", *args, "-C", str(project)], catch_exceptions=False)


@pytest.fixture
def project(project_dir: Path) -> Path:
    shutil.copytree(GLOSSARY, project_dir / "glossary")
    return project_dir


def _files(project: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((project / "glossary").glob("*.toml"))}


@pytest.mark.parametrize("name", ["terms.tbx", "terms.csv"], ids=["tbx", "csv"])
def test_replace_with_an_unchanged_export_keeps_every_comment(
    project: Path, tmp_path: Path, name: str
) -> None:
    before = _files(project)
    assert b"\n[ashgabat.tk]\n# The final t voices" in before["places.toml"]  # a comment inside a term table
    assert _glossary(["export", str(tmp_path / name)], project).exit_code == 0
    result = _glossary(["import", str(tmp_path / name), "--replace"], project)
    assert result.exit_code == 0, result.stderr
    assert "imported 42 terms" in result.stdout and "42 replaced" in result.stdout
    assert _files(project) == before


def test_replace_changes_only_the_values_that_differ() -> None:
    text = (GLOSSARY / "places.toml").read_text(encoding="utf-8")
    base = load_termbase(GLOSSARY / "places.toml")
    term = base.get("ashgabat")
    tk = dataclasses.replace(term.renderings[1], variants=("Aşgabad",))
    changed = dataclasses.replace(
        term, note="capital", renderings=(term.renderings[0], tk, term.renderings[2])
    )
    after = render_terms(text, [changed], replace=True)
    assert "# The final t voices before a vowel: Aşgabadyň, Aşgabada." in after
    added = set(after.splitlines()) - set(text.splitlines())
    assert added == {'note = "capital"', 'variants = ["Aşgabad"]'}
    assert set(text.splitlines()) - set(after.splitlines()) == set()
    assert load_termbase_text(after).get("ashgabat") == changed


def test_import_names_every_clash_and_can_skip_them(project: Path, tmp_path: Path) -> None:
    export = tmp_path / "terms.csv"
    assert _glossary(["export", str(export)], project).exit_code == 0
    fresh = tmp_path / "fresh"
    (fresh / "glossary").mkdir(parents=True)
    shutil.copy(project / "glossary" / "people.toml", fresh / "glossary")
    people = [term.id for term in load_termbase(fresh / "glossary")]
    clash = _glossary(["import", str(export)], fresh)
    assert clash.exit_code == 1
    assert f"{len(people)} terms already exist: " in clash.stderr
    assert all(f"{term_id} (" in clash.stderr for term_id in people)
    assert "--skip-existing" in clash.stderr
    skipped = _glossary(["import", str(export), "--skip-existing"], fresh)
    assert skipped.exit_code == 0, skipped.stderr
    assert f"imported {42 - len(people)} terms into" in skipped.stdout
    assert f"{len(people)} existing terms skipped" in skipped.stdout
    assert (fresh / "glossary" / "people.toml").read_bytes() == (
        project / "glossary" / "people.toml"
    ).read_bytes()


def test_one_term_is_one_term(project: Path, tmp_path: Path) -> None:
    one = tmp_path / "one.csv"
    one.write_text("en,ru\nQuiet Lake,Тихое озеро\n", encoding="utf-8")
    result = _glossary(["import", str(one)], project)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("imported 1 term into ")


@pytest.mark.parametrize("name", ["out.csv", "out.tbx", "sub/out.csv"], ids=["csv", "tbx", "subfolder"])
def test_export_into_the_term_base_folder_is_refused(project: Path, name: str) -> None:
    (project / "glossary" / "sub").mkdir()
    before = sorted(path.name for path in (project / "glossary").rglob("*"))
    result = _glossary(["export", str(project / "glossary" / name)], project)
    assert result.exit_code == 1
    assert "an export may not go into the term-base folder" in result.stderr
    assert sorted(path.name for path in (project / "glossary").rglob("*")) == before


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["--format", "tbx2"], b'<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic"'),
        ([], b'<?xml version="1.0" encoding="UTF-8"?>\n<tbx xmlns="urn:iso:std:iso:30042:ed-2"'),
        (["--format", "csv"], b"id,kind,source,"),
    ],
    ids=["tbx2", "default-tbx-basic", "csv"],
)
def test_export_format(project: Path, tmp_path: Path, args: list[str], start: bytes) -> None:
    result = _glossary(["export", str(tmp_path / "out.tbx"), *args], project)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out.tbx").read_bytes().startswith(start)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xlsx"], "unknown --format 'xlsx'; use one of: tbx-basic, tbx2, csv"),
        (["--lang", "ru"], "--lang applies to CSV exports only"),
    ],
    ids=["unknown-format", "lang-on-tbx"],
)
def test_export_options_are_checked(project: Path, tmp_path: Path, args: list[str], message: str) -> None:
    result = _glossary(["export", str(tmp_path / "out.tbx"), *args], project)
    assert result.exit_code == 2 and message in result.stderr
    assert not (tmp_path / "out.tbx").exists()


def test_a_tbx_doctype_naming_its_dtd_is_read_and_nothing_is_fetched() -> None:
    term = Term(id="mary", en="Mary", kind=TermKind.place, renderings=(Rendering(Language.ru, "Мары"),))
    data = to_tbx([term]).replace(
        b"?>", b'?>\n<!DOCTYPE tbx SYSTEM "http://127.0.0.1:9/TBXcoreStructV03.dtd">', 1
    )
    assert from_tbx(data, HERE) == [term]
