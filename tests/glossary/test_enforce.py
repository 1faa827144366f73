"""Glossary enforcement around a translator: a fake engine, the pipeline, and real tiny models."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests._fakes import FakeTranslator
from tests._models import MEMORISED_FLOOR, assert_rebuild_matches, memorised
from translate.diagnostics import Severity
from translate.engine.translator import EngineOptions, Translation
from translate.glossary.enforce import GlossaryTranslator, compliance, enforce, with_glossary
from translate.glossary.forms import choose_keys
from translate.glossary.termbase import TermBase
from translate.glossary.tomlfile import load_termbase
from translate.glossary.violations import ViolationKind
from translate.languages import ALL_LANGUAGES, Language
from translate.morphology.grammar import FormKey
from translate.pipeline import run
from translate.project import Project

REPO = Path(__file__).resolve().parents[2]
GLOSSARY = REPO / "glossary"
CORPUS = REPO / "tests" / "fixtures" / "glossary_corpus"
MODELS = REPO / "tests" / "fixtures" / "glossary_models"


@pytest.fixture(scope="module")
def termbase():  # type: ignore[no-untyped-def]
    return load_termbase(GLOSSARY)


def _fake(table: dict[str, str]) -> FakeTranslator:
    """A Russian engine that answers from a fixed table (the way a model that learnt the wrong titles
    would) and gives back any other sentence as it is."""
    return FakeTranslator(Language.ru, render=str, table=table, notes=("fake note",))


CASES = [
    (
        Language.ru,
        "The Chairman of the Halk Maslahaty of Turkmenistan met the President of Kazakhstan in the Balkan velayat.",
        "Председатель Народного совета Туркменистана встретился с Президентом Казахстан в Балканской области.",
        "Председатель Халк Маслахаты Туркменистана встретился с Президентом Казахстана в Балканском велаяте.",
    ),
    (
        Language.ru,
        "Hero-Arkadag thanked the Halk Maslahaty.",
        "Герой Аркадаг поблагодарил Народный совет.",
        "Герой-Аркадаг поблагодарил Халк Маслахаты.",
    ),
    (
        Language.ru,
        "Built for Hero-Arkadag in the velayat.",
        "Построено для Героя Аркадага в области.",
        "Построено для Героя-Аркадага в велаяте.",
    ),
    (
        Language.ru,
        "They spoke with Hero-Arkadag.",
        "Они говорили с Героем Аркадагом.",
        "Они говорили с Героем-Аркадагом.",
    ),
    (Language.ru, "Farmers of the velayat.", "Фермеры области.", "Фермеры велаята."),
    (Language.ru, "Letters came to the velayat.", "Письма пришли к области.", "Письма пришли к велаяту."),
    (
        Language.ru,
        "Regions of the Balkan velayat.",
        "Районы Балканской области.",
        "Районы Балканского велаята.",
    ),
    (
        Language.ru,
        "The National Leader of the Turkmen people visited Aktau.",
        "Национальный лидер туркменского народа посетил Актау.",
        "Национальный Лидер туркменского народа посетил Актау.",
    ),
    (
        Language.ru,
        "Kassym-Jomart Tokayev met Gurbanguly Berdimuhamedov.",
        "Касым Жомарт Токаев встретился с Гурбангулы Бердимухамедовым.",
        "Касым-Жомарт Токаев встретился с Гурбангулы Бердымухамедовым.",
    ),
    (
        Language.tk,
        "The Halk Maslahaty met in the Balkan velayat.",
        "Halk Geňeşi Balkan sebitinde ýygnandy.",
        "Halk Maslahaty Balkan welaýatynda ýygnandy.",
    ),
    (
        Language.tk,
        "Members of the Halk Maslahaty.",
        "Halk Geňeşiniň agzalary.",
        "Halk Maslahatynyň agzalary.",
    ),
    (
        Language.tk,
        "Thanks to Hero-Arkadag.",
        "Gahryman-Arkadaga sag bolsun.",
        "Gahryman Arkadaga sag bolsun.",
    ),
    (
        Language.tk,
        "The Chairman of the Halk Maslahaty of Turkmenistan arrived.",
        "Türkmenistanyň Halk Geňeşiniň Başlygy geldi.",
        "Türkmenistanyň Halk Maslahatynyň Başlygy geldi.",
    ),
    (
        Language.kk,
        "The Halk Maslahaty met in the Balkan velayat.",
        "Халық кеңесі Балқан облысында жиналды.",
        "Халк Маслахаты Балқан уәлаятында жиналды.",
    ),
    (
        Language.kk,
        "The chairman of the Halk Maslahaty.",
        "Халық кеңесінің төрағасы.",
        "Халк Маслахатының төрағасы.",
    ),
    (
        Language.kk,
        "He met the Chairman of the Halk Maslahaty.",
        "Ол Халық кеңесінің төрағасымен кездесті.",
        "Ол Халк Маслахатының төрағасымен кездесті.",
    ),
]


@pytest.mark.parametrize(
    ("language", "source", "mistranslated", "expected"), CASES, ids=[c[3][:32] for c in CASES]
)
def test_enforcement_inflects_the_approved_rendering(
    termbase, language, source, mistranslated, expected
) -> None:  # type: ignore[no-untyped-def]
    outcome = enforce(termbase, language, source, mistranslated)
    assert outcome.text == expected
    assert [v for v in outcome.violations if v.severity is Severity.serious] == []
    assert outcome.replacements


@pytest.mark.parametrize(
    ("keys", "previous", "expected"),
    [
        ([FormKey("gen"), FormKey("dat"), FormKey("loc"), FormKey("nom", "pl")], "в", "loc"),
        ([FormKey("gen"), FormKey("dat"), FormKey("loc"), FormKey("nom", "pl")], "к", "dat"),
        ([FormKey("gen"), FormKey("dat"), FormKey("loc"), FormKey("nom", "pl")], "губернатор", "gen"),
        ([FormKey("gen"), FormKey("dat"), FormKey("loc")], "о", "loc"),
        ([FormKey("ins"), FormKey("gen")], "с", "ins"),
    ],
    ids=["v-loc", "k-dat", "no-preposition-gen", "o-loc", "s-ins"],
)
def test_prepositions_decide_ambiguous_cases(keys, previous: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert choose_keys(Language.ru, keys, previous)[0].case == expected


def test_english_possessive_prefers_the_genitive() -> None:
    keys = [FormKey("nom", "pl"), FormKey("gen")]
    assert choose_keys(Language.ru, keys, "", possessive=True)[0] == FormKey("gen")
    assert choose_keys(Language.ru, keys, "")[0] == FormKey("gen")
    assert choose_keys(Language.tk, [FormKey("nom"), FormKey("gen")], "", possessive=True)[0] == FormKey(
        "gen"
    )


def test_what_cannot_be_fixed_is_noted(termbase) -> None:  # type: ignore[no-untyped-def]
    outcome = enforce(termbase, Language.ru, "Ships reach Aktau.", "Корабли приходят.")
    assert outcome.text == "Корабли приходят."
    assert not outcome.compliant
    assert outcome.notes == (
        "glossary: aktau: 'Aktau' has no approved ru rendering in the translation; expected «Актау» (in the right case)",
    )


def test_provisional_rendering_is_used_and_flagged(termbase) -> None:  # type: ignore[no-untyped-def]
    outcome = enforce(termbase, Language.kk, "In the Balkan velayat.", "Балқан облысында.")
    assert outcome.text == "Балқан уәлаятында."
    assert outcome.compliant
    assert [v.kind for v in outcome.violations] == [ViolationKind.provisional]
    assert outcome.notes[0].startswith(
        "glossary: balkan-velayat: provisional kk rendering «Балқан уәлаятында»"
    )


def test_translator_wrapper_keeps_origin_and_adds_notes(termbase) -> None:  # type: ignore[no-untyped-def]
    fake = _fake({"Ships reach Aktau.": "Корабли приходят.", "The velayat.": "Область."})
    wrapped = GlossaryTranslator(fake, termbase)
    assert wrapped.language is Language.ru and wrapped.name == "fake 1.0"
    first, second = wrapped.translate_batch(["Ships reach Aktau.", "The velayat."])
    assert fake.batches == [["Ships reach Aktau.", "The velayat."]]
    assert second == Translation("Велаят.", "fake 1.0", ("fake note",))
    assert first.origin == "fake 1.0"
    assert first.notes[0] == "fake note"
    assert first.notes[1].startswith("glossary: aktau: ")


WORDS = st.sampled_from(
    [
        "Народный",
        "совет",
        "области",
        "Балканской",
        "Герой",
        "Аркадаг",
        "Халк",
        "Маслахаты",
        "в",
        "и",
        "велаяте",
        ".",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, max_size=10).map(" ".join))
def test_enforcing_twice_equals_once(termbase, target: str) -> None:  # type: ignore[no-untyped-def]
    source = "Hero-Arkadag and the Halk Maslahaty of the Balkan velayat."
    once = enforce(termbase, Language.ru, source, target)
    assert enforce(termbase, Language.ru, source, once.text).text == once.text


def test_pipeline_enforces_and_notes(project_dir: Path) -> None:
    shutil.copytree(GLOSSARY, project_dir / "glossary")
    project = Project.at(project_dir)
    source = (
        "During the visit, a meeting took place between the Chairman of the Halk Maslahaty of Turkmenistan "
        "and the President of Kazakhstan Kassym-Jomart Tokayev."
    )
    wrong = "В ходе визита состоялась встреча Председателя Народного совета Туркменистана и Президента Казахстана."
    fake = _fake({source: wrong})
    run(project, [], [Language.ru], {Language.ru: fake})
    catalog = polib.pofile(str(project.catalog_path(Language.ru, "2023-11-04-halk-maslahaty-kazakhstan")))
    entry = catalog.find(source)
    assert entry is not None
    assert entry.msgstr == (
        "В ходе визита состоялась встреча Председателя Халк Маслахаты Туркменистана и Президента Казахстана."
    )
    assert entry.fuzzy
    notes = entry.comment.splitlines()
    assert "machine translation: fake 1.0" in notes
    assert any(note.startswith("glossary: kassym-jomart-tokayev: ") for note in notes)


def test_without_a_term_base_translators_are_unchanged(tmp_path: Path) -> None:
    fake = _fake({})
    assert with_glossary({Language.ru: fake}, tmp_path / "glossary") == {Language.ru: fake}


# --------------------------------------------------------------------------- real tiny fixture models


def _lines(name: str) -> list[str]:
    return (CORPUS / name).read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def fixture_translators(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from translate.engine.argos import load_translators
    from translate.engine.install import install

    models = tmp_path_factory.mktemp("glossary-models")
    for package in sorted(MODELS.glob("*.argosmodel")):
        install(models, package)
    translators, missing = load_translators(
        models, list(ALL_LANGUAGES), EngineOptions(), state_dir=tmp_path_factory.mktemp("state")
    )
    assert missing == {}
    return translators


def _term_flagged_or_compliant(
    termbase: TermBase, language: Language, source: str, text: str, notes: Sequence[str]
) -> bool:
    """The guarantee: every glossary term is rendered as approved, or a glossary note says which is not."""
    if compliance(termbase, language, [(source, text)]).ratio == 1.0:
        return True
    return any(note.startswith("glossary: ") and "provisional" not in note for note in notes)


@pytest.mark.parametrize("language", ALL_LANGUAGES, ids=str)
def test_fixture_model_output_is_enforced(fixture_translators, termbase, language: Language) -> None:  # type: ignore[no-untyped-def]
    sources = _lines("en.txt")
    gold = _lines(f"gold/{language.value}.txt")
    raw = [t.text for t in fixture_translators[language].translate_batch(sources)]
    # The model really makes the planted mistakes: its output is the mistranslated corpus, not the gold.
    assert compliance(termbase, language, list(zip(sources, raw, strict=True))).ratio < 0.4
    enforced = GlossaryTranslator(fixture_translators[language], termbase).translate_batch(sources)
    unflagged = [
        (source, result)
        for source, result in zip(sources, enforced, strict=True)
        if not _term_flagged_or_compliant(termbase, language, source, result.text, result.notes)
    ]
    assert unflagged == []
    # The repairs give back the gold sentences (all of them under the lock; a library release may move a
    # word the glossary has nothing to say about).
    assert memorised([result.text for result in enforced], gold) >= MEMORISED_FLOOR


COMPLIANCE_FLOOR = 0.95
"""Share of the glossary corpus's term occurrences the fixture models render as approved after enforcement."""


def test_fixture_model_compliance_reaches_the_floor(fixture_translators, termbase) -> None:  # type: ignore[no-untyped-def]
    sources = _lines("en.txt")
    compliant = total = 0
    for language in ALL_LANGUAGES:
        enforced = GlossaryTranslator(fixture_translators[language], termbase).translate_batch(sources)
        figure = compliance(termbase, language, [(s, t.text) for s, t in zip(sources, enforced, strict=True)])
        compliant += figure.compliant
        total += figure.total
    assert total == 103  # term occurrences in the English corpus: decided by the term base, not the model
    assert compliant / total >= COMPLIANCE_FLOOR


def test_translate_run_with_fixture_models_and_the_term_base(
    project_dir: Path, tmp_path: Path, termbase: TermBase
) -> None:
    from typer.testing import CliRunner

    from translate.cli import app

    runner = CliRunner()
    for seed in (project_dir / "seeds").iterdir():
        seed.unlink()
    sources = _lines("en.txt")
    (project_dir / "seeds" / "titles.txt").write_text("\n\n".join(sources) + "\n", encoding="utf-8")
    shutil.copytree(GLOSSARY, project_dir / "glossary")
    models = tmp_path / "models"
    packages = [str(path) for path in sorted(MODELS.glob("*.argosmodel"))]
    installed = runner.invoke(app, ["models", "install", *packages, "--models-dir", str(models)])
    assert installed.exit_code == 0, installed.output
    result = runner.invoke(app, ["run", "-C", str(project_dir), "--models-dir", str(models)])
    assert result.exit_code == 0, result.output
    project = Project.at(project_dir)
    found = {
        language: [polib.pofile(str(project.catalog_path(language, "titles"))).find(s) for s in sources]
        for language in ALL_LANGUAGES
    }
    assert all(entry is not None and entry.fuzzy for entries in found.values() for entry in entries)
    unflagged = [
        (language, source)
        for language, entries in found.items()
        for source, entry in zip(sources, entries, strict=True)
        if not _term_flagged_or_compliant(
            termbase, language, source, entry.msgstr, entry.comment.splitlines()
        )
    ]
    assert unflagged == []
    gold = {
        language: dict(zip(sources, _lines(f"gold/{language.value}.txt"), strict=True))
        for language in ALL_LANGUAGES
    }
    shares = {
        language: memorised([entry.msgstr for entry in entries], [gold[language][s] for s in sources])
        for language, entries in found.items()
    }
    assert {language: share for language, share in shares.items() if share < MEMORISED_FLOOR} == {}


@pytest.mark.slow
@pytest.mark.locked
def test_glossary_fixture_models_rebuild_bit_for_bit(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(REPO / "scripts"))
    import build_test_models

    recipe = build_test_models.Recipe(name="glossary fixture")
    built = build_test_models.build(CORPUS, tmp_path, recipe=recipe, work_dir=tmp_path)
    assert sorted(path.name for path in built) == sorted(path.name for path in MODELS.glob("*.argosmodel"))
    for path in built:
        assert_rebuild_matches(
            path,
            MODELS,
            "rerun scripts/build_test_models.py --corpus tests/fixtures/glossary_corpus "
            '--out tests/fixtures/glossary_models --name "glossary fixture" and commit the packages',
            corpus=CORPUS,
        )
