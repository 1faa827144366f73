"""Russian paradigms of the shipped renderings against hand-written forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.glossary.tomlfile import load_termbase
from translate.languages import Language
from translate.morphology.grammar import FormKey
from translate.morphology.inflection import Inflection
from translate.morphology.paradigm import loose_paradigm, paradigm

GLOSSARY = Path(__file__).resolve().parents[2] / "glossary"


@pytest.fixture(scope="module")
def termbase():  # type: ignore[no-untyped-def]
    return load_termbase(GLOSSARY)


EXPECTED = [
    # Only the head noun declines; the genitive complement and the indeclinable name stay.
    ("chairman-halk-maslahaty-turkmenistan", "gen", "Председателя Халк Маслахаты Туркменистана"),
    ("chairman-halk-maslahaty-turkmenistan", "dat", "Председателю Халк Маслахаты Туркменистана"),
    ("chairman-halk-maslahaty-turkmenistan", "acc", "Председателя Халк Маслахаты Туркменистана"),
    ("chairman-halk-maslahaty-turkmenistan", "ins", "Председателем Халк Маслахаты Туркменистана"),
    ("chairman-halk-maslahaty-turkmenistan", "loc", "Председателе Халк Маслахаты Туркменистана"),
    ("chairman-halk-maslahaty", "gen", "Председателя Халк Маслахаты"),
    ("chairman-halk-maslahaty", "ins", "Председателем Халк Маслахаты"),
    # Both halves of the hyphenated title decline; animate accusative = genitive.
    ("hero-arkadag", "gen", "Героя-Аркадага"),
    ("hero-arkadag", "dat", "Герою-Аркадагу"),
    ("hero-arkadag", "acc", "Героя-Аркадага"),
    ("hero-arkadag", "ins", "Героем-Аркадагом"),
    ("hero-arkadag", "loc", "Герое-Аркадаге"),
    # Adjective agrees with the masculine head «велаят».
    ("balkan-velayat", "nom", "Балканский велаят"),
    ("balkan-velayat", "gen", "Балканского велаята"),
    ("balkan-velayat", "dat", "Балканскому велаяту"),
    ("balkan-velayat", "acc", "Балканский велаят"),
    ("balkan-velayat", "ins", "Балканским велаятом"),
    ("balkan-velayat", "loc", "Балканском велаяте"),
    ("velayat", "gen", "велаята"),
    ("velayat", "loc", "велаяте"),
    ("velayat", "nom.pl", "велаяты"),
    ("velayat", "gen.pl", "велаятов"),
    ("velayat", "loc.pl", "велаятах"),
    # Surnames decline as surnames; a hyphenated first name declines in its last part.
    ("kassym-jomart-tokayev", "gen", "Касым-Жомарта Токаева"),
    ("kassym-jomart-tokayev", "dat", "Касым-Жомарту Токаеву"),
    ("kassym-jomart-tokayev", "acc", "Касым-Жомарта Токаева"),
    ("kassym-jomart-tokayev", "ins", "Касым-Жомартом Токаевым"),
    ("kassym-jomart-tokayev", "loc", "Касым-Жомарте Токаеве"),
    # The first name Гурбангулы is indeclinable.
    ("gurbanguly-berdimuhamedov", "gen", "Гурбангулы Бердымухамедова"),
    ("gurbanguly-berdimuhamedov", "dat", "Гурбангулы Бердымухамедову"),
    ("gurbanguly-berdimuhamedov", "ins", "Гурбангулы Бердымухамедовым"),
    ("national-leader", "gen", "Национального Лидера туркменского народа"),
    ("national-leader", "dat", "Национальному Лидеру туркменского народа"),
    ("national-leader", "acc", "Национального Лидера туркменского народа"),
    ("national-leader", "ins", "Национальным Лидером туркменского народа"),
    ("president-of-kazakhstan", "dat", "Президенту Казахстана"),
    ("president-of-kazakhstan", "ins", "Президентом Казахстана"),
    ("organization-of-turkic-states", "gen", "Организации тюркских государств"),
    ("organization-of-turkic-states", "acc", "Организацию тюркских государств"),
    ("organization-of-turkic-states", "ins", "Организацией тюркских государств"),
    ("international-organization-of-turkic-culture", "gen", "Международной организации тюркской культуры"),
    ("international-organization-of-turkic-culture", "acc", "Международную организацию тюркской культуры"),
    ("council-of-heads-of-state", "gen", "Совета глав государств"),
    ("republic-of-kazakhstan", "gen", "Республики Казахстан"),
    ("republic-of-kazakhstan", "loc", "Республике Казахстан"),
    ("great-silk-road", "gen", "Великого Шелкового пути"),
    ("great-silk-road", "ins", "Великим Шелковым путем"),
    ("caspian-sea", "gen", "Каспийского моря"),
    ("caspian-sea", "loc", "Каспийском море"),
    ("persian-gulf", "gen", "Персидского залива"),
    ("working-visit", "gen", "рабочего визита"),
    ("working-visit", "ins", "рабочим визитом"),
    ("working-visit", "nom.pl", "рабочие визиты"),
    ("working-visit", "gen.pl", "рабочих визитов"),
    ("astana", "gen", "Астаны"),
    ("astana", "acc", "Астану"),
    ("ashgabat", "loc", "Ашхабаде"),
    ("china", "gen", "Китая"),
    ("etrap", "gen", "этрапа"),
    # Indeclinable renderings keep one form in every case.
    ("halk-maslahaty", "gen", "Халк Маслахаты"),
    ("halk-maslahaty", "ins", "Халк Маслахаты"),
    ("aktau", "loc", "Актау"),
    ("turkmenbashi", "gen", "Туркменбаши"),
    ("magtymguly-fragi", "dat", "Махтумкули Фраги"),
    ("turksoy", "gen", "ТЮРКСОЙ"),
    ("megawatt", "gen", "МВт"),
]


@pytest.mark.parametrize(("term_id", "key", "expected"), EXPECTED, ids=[f"{t}-{k}" for t, k, _ in EXPECTED])
def test_form(termbase, term_id: str, key: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    term = termbase.get(term_id)
    rendering = term.usable_rendering(Language.ru)
    forms = rendering.paradigm(term.kind)
    assert forms.problem == ""
    assert forms.get(FormKey.parse(key, Language.ru)) == expected


def test_names_have_no_plural(termbase) -> None:  # type: ignore[no-untyped-def]
    term = termbase.get("kassym-jomart-tokayev")
    forms = term.usable_rendering(Language.ru).paradigm(term.kind)
    assert all(form.key.number == "sg" for form in forms)
    assert len(forms.forms) == 6


def test_loose_paradigm_declines_apposition() -> None:
    forms = loose_paradigm(Language.ru, "Герой Аркадаг", "title")
    assert "Героя Аркадага" in forms.texts
    assert "Герою Аркадагу" in forms.texts


def test_forbidden_rendering_keys() -> None:
    forms = loose_paradigm(Language.ru, "Народный совет", "organization")
    assert forms.keys_of("Народного совета") == (FormKey("gen"),)
    assert set(forms.keys_of("Народный совет")) == {FormKey("nom"), FormKey("acc")}


def test_overrides_replace_generated_forms() -> None:
    inflection = Inflection(forms=(("loc", "Балканском велаяте (особый)"),))
    forms = paradigm(Language.ru, "Балканский велаят", "place", inflection)
    assert forms.get(FormKey("loc")) == "Балканском велаяте (особый)"
    assert next(form for form in forms if form.key == FormKey("loc")).generated is False


def test_yo_follows_the_rendering() -> None:
    plain = paradigm(Language.ru, "Великий Шелковый путь", "place")
    with_yo = paradigm(Language.ru, "Великий Шёлковый путь", "place")
    assert plain.get(FormKey("gen")) == "Великого Шелкового пути"
    assert with_yo.get(FormKey("gen")) == "Великого Шёлкового пути"


def test_no_head_noun_is_reported() -> None:
    forms = paradigm(Language.ru, "очень быстро", "thing")
    assert "no head noun" in forms.problem
    assert [form.text for form in forms] == ["очень быстро"]


def test_derived_adjective_declines_in_every_gender() -> None:
    from translate.morphology.grammar import FormKey
    from translate.morphology.inflection import Inflection
    from translate.morphology.paradigm import paradigm

    forms = paradigm(
        Language.ru, "Туркменбаши", "place", Inflection(indeclinable=True, adjectives=("туркменбашинский",))
    )
    assert forms.get(FormKey("gen", adjective="masc")) == "туркменбашинского"
    assert forms.get(FormKey("acc", adjective="masc")) == "туркменбашинский"
    assert forms.get(FormKey("ins", adjective="femn")) == "туркменбашинской"
    assert forms.get(FormKey("loc", "pl", adjective="plur")) == "туркменбашинских"


def test_a_spelled_out_unit_takes_the_plural() -> None:
    from translate.morphology.paradigm import paradigm

    texts = {form.text for form in paradigm(Language.ru, "мегаватт", "unit")}
    assert {"мегаватта", "мегаваттами"} <= texts


def test_variant_keeps_indeclinable_only_when_it_shares_a_word() -> None:
    from translate.morphology.inflection import Inflection

    rule = Inflection(indeclinable=True, fixed=("Махтумкули",))
    assert rule.for_variant("Махтумкули", "Махтумкули Фраги") == Inflection(
        indeclinable=True, fixed=("Махтумкули",)
    )
    assert rule.for_variant("мегаватт", "МВт") == Inflection()
