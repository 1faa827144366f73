"""The term-base files: the shipped ones, validation with file:line errors, writing that keeps comments."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translate.errors import GlossaryError
from translate.glossary.termbase import Rendering, Status, Term, TermKind
from translate.glossary.tomlfile import load_project_termbase, load_termbase, parse_terms, write_terms
from translate.languages import Language
from translate.morphology.inflection import Inflection

GLOSSARY = Path(__file__).resolve().parents[2] / "glossary"

# The official renderings the term base must carry (kk ones marked provisional where unconfirmed).
TABLE = [
    ("halk-maslahaty", "Halk Maslahaty", "Халк Маслахаты", "Halk Maslahaty", "Халк Маслахаты"),
    (
        "chairman-halk-maslahaty-turkmenistan",
        "Chairman of the Halk Maslahaty of Turkmenistan",
        "Председатель Халк Маслахаты Туркменистана",
        "Türkmenistanyň Halk Maslahatynyň Başlygy",
        "Түрікменстан Халк Маслахатының төрағасы",
    ),
    (
        "national-leader",
        "National Leader of the Turkmen people",
        "Национальный Лидер туркменского народа",
        "türkmen halkynyň Milli Lideri",
        "Түрікмен халқының Ұлттық көшбасшысы*",
    ),
    ("hero-arkadag", "Hero-Arkadag", "Герой-Аркадаг", "Gahryman Arkadag", None),
    ("velayat", "velayat", "велаят", "welaýat", "уәлаят*"),
    ("balkan-velayat", "Balkan velayat", "Балканский велаят", "Balkan welaýaty", "Балқан уәлаяты*"),
    (
        "gurbanguly-berdimuhamedov",
        "Gurbanguly Berdimuhamedov",
        "Гурбангулы Бердымухамедов",
        "Gurbanguly Berdimuhamedow",
        "Гурбангулы Бердімұхамедов",
    ),
    (
        "kassym-jomart-tokayev",
        "Kassym-Jomart Tokayev",
        "Касым-Жомарт Токаев",
        "Kasym-Žomart Tokaýew",
        "Қасым-Жомарт Тоқаев",
    ),
    (
        "president-of-kazakhstan",
        "President of Kazakhstan",
        "Президент Казахстана",
        "Gazagystanyň Prezidenti",
        "Қазақстан Президенті",
    ),
    (
        "organization-of-turkic-states",
        "Organization of Turkic States",
        "Организация тюркских государств",
        "Türki Döwletleriň Guramasy",
        "Түркі мемлекеттері ұйымы",
    ),
    ("ots", "OTS", "ОТГ", "TDG*", "ТМҰ*"),
    ("turkmenbashi", "Turkmenbashi", "Туркменбаши", "Türkmenbaşy", "Түрікменбашы*"),
    ("aktau", "Aktau", "Актау", "Aktau", "Ақтау"),
    ("magtymguly-fragi", "Magtymguly Fragi", "Махтумкули Фраги", "Magtymguly Pyragy", "Мақтымқұлы Пырағы"),
    ("turksoy", "TURKSOY", "ТЮРКСОЙ", "TÜRKSOÝ", "ТҮРКСОЙ*"),
    ("turkmenistan", "Turkmenistan", "Туркменистан", "Türkmenistan", "Түрікменстан"),
    ("kazakhstan", "Kazakhstan", "Казахстан", "Gazagystan", "Қазақстан"),
    ("ashgabat", "Ashgabat", "Ашхабад", "Aşgabat", "Ашхабад"),
    ("astana", "Astana", "Астана", "Astana", "Астана"),
    ("working-visit", "working visit", "рабочий визит", "iş sapary", "жұмыс сапары"),
    ("caspian-sea", "Caspian Sea", "Каспийское море", "Hazar deňzi", "Каспий теңізі"),
    ("persian-gulf", "Persian Gulf", "Персидский залив", "Pars aýlagy", "Парсы шығанағы"),
    ("great-silk-road", "Great Silk Road", "Великий Шелковый путь", "Beýik Ýüpek ýoly", "Ұлы Жібек жолы"),
    ("iran", "Iran", "Иран", "Eýran", "Иран"),
    ("china", "China", "Китай", "Hytaý", "Қытай"),
    ("megawatt", "MW", "МВт", "MWt*", "МВт"),
]


@pytest.fixture(scope="module")
def shipped():  # type: ignore[no-untyped-def]
    return load_termbase(GLOSSARY)


@pytest.mark.parametrize(("term_id", "en", "ru", "tk", "kk"), TABLE, ids=[row[0] for row in TABLE])
def test_shipped_term_base_holds_the_official_renderings(shipped, term_id, en, ru, tk, kk) -> None:  # type: ignore[no-untyped-def]
    term = shipped.get(term_id)
    assert term.en == en
    for language, expected in ((Language.ru, ru), (Language.tk, tk), (Language.kk, kk)):
        rendering = term.rendering(language)
        if expected is None:
            assert rendering is not None and rendering.status is Status.missing
            continue
        assert rendering is not None
        assert rendering.text == expected.rstrip("*")
        assert (rendering.status is Status.provisional) == expected.endswith("*")


def test_forbidden_renderings_from_state_media_are_listed(shipped) -> None:  # type: ignore[no-untyped-def]
    assert "Народный совет" in shipped.get("halk-maslahaty").rendering(Language.ru).forbidden
    assert "область" in shipped.get("velayat").rendering(Language.ru).forbidden
    assert "Герой Аркадаг" in shipped.get("hero-arkadag").rendering(Language.ru).forbidden
    assert shipped.get("megawatt").variants == ("MGt",)


def test_unknown_term_names_close_ids(shipped) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(GlossaryError, match=r"no term 'maslahaty'.*halk-maslahaty"):
        shipped.get("maslahaty")


MALFORMED = [
    ("syntax", '[a]\nen = "x\n', 2, "not valid TOML"),
    ("unknown-term-key", '[a]\nen = "A"\ntekst = "b"\n', 3, "term a: unknown key 'tekst'"),
    ("missing-en", '[a]\nkind = "place"\n', 1, "missing the English form"),
    ("empty-en", '[a]\nen = " "\n', 2, "term a: en must not be empty"),
    ("bad-kind", '[a]\nen = "A"\nkind = "city"\n', 3, "kind 'city' is not one of"),
    ("top-level-value", 'title = "x"\n', 1, "'title' must be a table of a term"),
    ("bad-id", '[Bad_Id]\nen = "A"\n', 1, "term id 'Bad_Id' must be lower-case"),
    ("rendering-not-table", '[a]\nen = "A"\nru = "Б"\n', 3, "ru rendering must be a table"),
    ("unknown-language", '[a]\nen = "A"\n\n[a.de]\ntext = "B"\n', 4, "unknown key 'de'"),
    ("text-not-text", '[a]\nen = "A"\n\n[a.ru]\ntext = 42\n', 5, "ru text must be text, got a number"),
    ("missing-text", '[a]\nen = "A"\n\n[a.ru]\nnote = "x"\n', 4, "ru rendering needs text"),
    ("wrong-script", '[a]\nen = "A"\n\n[a.tk]\ntext = "Халк"\n', 5, "is not written in Latin letters"),
    ("latin-in-russian", '[a]\nen = "A"\n\n[a.ru]\ntext = "Halk"\n', 5, "is not written in Cyrillic letters"),
    ("bad-status", '[a]\nen = "A"\n\n[a.ru]\ntext = "Б"\nstatus = "ok"\n', 6, "status 'ok' is not one of"),
    (
        "missing-with-text",
        '[a]\nen = "A"\n\n[a.kk]\ntext = "Б"\nstatus = "missing"\n',
        5,
        "status is missing but a text",
    ),
    (
        "fixed-not-in-text",
        '[a]\nen = "A"\n\n[a.ru]\ntext = "Б В"\nfixed = ["Г"]\n',
        6,
        "fixed word 'Г' does not occur",
    ),
    (
        "allowed-and-forbidden",
        '[a]\nen = "A"\n\n[a.ru]\ntext = "Б"\n\nforbidden = ["б"]\n',
        7,
        "'б' is both allowed and forbidden",
    ),
    (
        "bad-form-key",
        '[a]\nen = "A"\n\n[a.ru]\ntext = "Б"\nforms = { genitive = "В" }\n',
        6,
        "'genitive' is not a ru form key",
    ),
    (
        "list-with-number",
        '[a]\nen = "A"\nvariants = ["B", 1]\n',
        3,
        "variants must hold non-empty single-line texts",
    ),
    ("list-duplicate", '[a]\nen = "A"\nvariants = ["B", "B"]\n', 3, "lists 'B' twice"),
    (
        "flag-not-bool",
        '[a]\nen = "A"\n\n[a.tk]\ntext = "B"\npossessive = "yes"\n',
        6,
        "possessive must be true or false",
    ),
    ("padded-text", '[a]\nen = "A "\n', 2, "must not start or end with spaces"),
    ("duplicate-key", '[a]\nen = "A"\nen = "B"\n', 3, "not valid TOML"),
]


@pytest.mark.parametrize(
    ("text", "line", "message"), [case[1:] for case in MALFORMED], ids=[c[0] for c in MALFORMED]
)
def test_malformed_file_reports_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "terms.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GlossaryError, match=message) as raised:
        load_termbase(tmp_path)
    assert str(raised.value).startswith(f"{path}:{line}: ")


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "terms.toml"
    path.write_bytes(b'[a]\nen = "A"\nnote = "\xff"\n')
    with pytest.raises(GlossaryError, match=r"terms.toml:3: is not valid UTF-8"):
        load_termbase(tmp_path)


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('[x]\nen = "X"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('\n[x]\nen = "Y"\n', encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"^\S*b\.toml:2: term x is already defined at .*a\.toml:1;"):
        load_termbase(tmp_path)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="no term base here"):
        load_termbase(tmp_path / "nope")


@pytest.mark.parametrize(
    "layout",
    ["no-folder", "empty-folder", "no-toml-files", "hidden-toml-only"],
)
def test_a_project_without_term_files_has_no_term_base(tmp_path: Path, layout: str) -> None:
    folder = tmp_path / "glossary"
    if layout != "no-folder":
        folder.mkdir()
    if layout == "no-toml-files":
        (folder / "README.md").write_text("notes\n", encoding="utf-8")
    if layout == "hidden-toml-only":
        (folder / ".draft.toml").write_text('[a]\nen = "A"\n', encoding="utf-8")
    assert load_project_termbase(folder) is None


def test_a_project_term_base_is_loaded_and_a_broken_one_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "places.toml").write_text('[mary]\nen = "Mary"\n', encoding="utf-8")
    base = load_project_termbase(folder)
    assert base is not None and [term.id for term in base] == ["mary"]
    (folder / "places.toml").write_text("[mary]\nen = 1\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"places.toml:2: term mary: en must be text"):
        load_project_termbase(folder)


FRAGMENTS = [
    "[a]",
    "[a.ru]",
    "[a.tk]",
    "[b]",
    "[[a]]",
    'en = "Halk Maslahaty"',
    "en = 1",
    'text = "Халк Маслахаты"',
    'text = "Halk"',
    "text = []",
    'status = "provisional"',
    'status = "missing"',
    'forbidden = ["Народный совет"]',
    'fixed = ["Халк"]',
    "forms = { gen = 1 }",
    'forms = { "p3.gen" = "x" }',
    "possessive = true",
    'kind = "person"',
    "ru = 3",
    "a = { ru = { text = 1 } }",
    'variants = ["x", "x"]',
    "= =",
    '"',
    "",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=12))
def test_fuzz_structured_files_raise_only_glossary_errors(lines: list[str]) -> None:
    try:
        parse_terms("\n".join(lines), Path("fuzz.toml"))
    except GlossaryError as exc:
        assert str(exc).startswith("fuzz.toml")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.binary(max_size=300) | st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass"))
)
def test_fuzz_arbitrary_bytes_raise_only_glossary_errors(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "fuzz.toml").write_bytes(data)
    with contextlib.suppress(GlossaryError):
        load_termbase(tmp_path)


def test_write_keeps_comments_and_validates(tmp_path: Path) -> None:
    folder = tmp_path / "glossary"
    shutil.copytree(GLOSSARY, folder)
    before = (folder / "places.toml").read_text(encoding="utf-8")
    term = Term(
        id="mary",
        en="Mary",
        kind=TermKind.place,
        renderings=(
            Rendering(Language.ru, "Мары", inflection=Inflection(indeclinable=True)),
            Rendering(Language.tk, "Mary"),
        ),
    )
    written = write_terms(folder, [term])
    assert written == [folder / "places.toml"]
    after = (folder / "places.toml").read_text(encoding="utf-8")
    assert after.startswith(before)
    assert "# Countries, cities, regions and geographic names." in after
    assert "# The final t voices before a vowel: Aşgabadyň, Aşgabada." in after
    reloaded = load_termbase(folder)
    assert reloaded.get("mary") == term
    with pytest.raises(GlossaryError, match="term mary already exists"):
        write_terms(folder, [term])


def test_write_refuses_what_the_reader_would_refuse(tmp_path: Path) -> None:
    folder = tmp_path / "glossary"
    folder.mkdir()
    bad = Term(id="x", en="X", renderings=(Rendering(Language.tk, "Кириллица"),))
    with pytest.raises(GlossaryError, match="not written in Latin letters"):
        write_terms(folder, [bad])
    assert not (folder / "general.toml").exists()


def test_replace_rewrites_the_term_where_it_lives(tmp_path: Path) -> None:
    folder = tmp_path / "glossary"
    shutil.copytree(GLOSSARY, folder)
    term = Term(
        id="aktau",
        en="Aktau",
        kind=TermKind.place,
        note="port on the Caspian",
        renderings=(Rendering(Language.ru, "Актау", inflection=Inflection(indeclinable=True)),),
    )
    assert write_terms(folder, [term], replace=True) == [folder / "places.toml"]
    text = (folder / "places.toml").read_text(encoding="utf-8")
    assert text.count("[aktau]") == 1 and "[aktau.tk]" not in text
    assert "# The final t voices before a vowel: Aşgabadyň, Aşgabada." in text
    assert load_termbase(folder).get("aktau") == term
