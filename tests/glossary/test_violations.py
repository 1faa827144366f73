"""Checking translations against the term base: inflected forms recognised, and each kind of violation."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.diagnostics import Severity
from translate.glossary.tomlfile import load_termbase
from translate.glossary.violations import ViolationKind, check_translation
from translate.languages import Language

GLOSSARY = Path(__file__).resolve().parents[2] / "glossary"


@pytest.fixture(scope="module")
def termbase():  # type: ignore[no-untyped-def]
    return load_termbase(GLOSSARY)


RECOGNISED = [
    (
        Language.ru,
        "A meeting with the Chairman of the Halk Maslahaty.",
        "Встреча Председателя Халк Маслахаты.",
    ),
    (Language.ru, "The book of Hero-Arkadag.", "Книга Героя-Аркадага."),
    (Language.ru, "Thanks to Hero-Arkadag.", "Спасибо Герою-Аркадагу."),
    (Language.ru, "Roads of the Balkan velayat.", "Дороги Балканского велаята."),
    (Language.ru, "A plant in the Balkan velayat.", "Станция в Балканском велаяте."),
    (
        "ru",
        "A letter to the Chairman of the Halk Maslahaty of Turkmenistan.",
        "Письмо Председателю Халк Маслахаты Туркменистана.",
    ),
    (Language.ru, "Talks with Kassym-Jomart Tokayev.", "Переговоры с Касым-Жомартом Токаевым."),
    (Language.ru, "Velayats of Turkmenistan.", "Велаяты Туркменистана."),
    (Language.tk, "Members of the Halk Maslahaty.", "Halk Maslahatynyň agzalary."),
    (Language.tk, "A letter to the Halk Maslahaty.", "Halk Maslahatyna hat."),
    (Language.tk, "The streets of Ashgabat.", "Aşgabadyň köçeleri."),
    (Language.tk, "The etrap hospital.", "Etrabyň hassahanasy."),
    (Language.tk, "Hero-Arkadag spoke.", "Gahryman Arkadagymyz çykyş etdi."),
    (
        Language.tk,
        "The National Leader of the Turkmen people spoke.",
        "Türkmen halkynyň Milli Lideri çykyş etdi.",
    ),
    (Language.kk, "Members of the Halk Maslahaty.", "Халк Маслахатының мүшелері."),
    (
        "kk",
        "Meeting of the Chairman of the Halk Maslahaty of Turkmenistan.",
        "Түрікменстан Халк Маслахатының төрағасының кездесуі.",
    ),
    (Language.kk, "He met Kassym-Jomart Tokayev.", "Ол Қасым-Жомарт Тоқаевпен кездесті."),
    (Language.kk, "Ships from Aktau.", "Ақтаудан кемелер."),
]


@pytest.mark.parametrize(("language", "source", "target"), RECOGNISED, ids=[r[2][:30] for r in RECOGNISED])
def test_inflected_forms_are_recognised(termbase, language, source: str, target: str) -> None:  # type: ignore[no-untyped-def]
    assert check_translation(termbase, Language(language), source, target) == []


def test_forbidden(termbase) -> None:  # type: ignore[no-untyped-def]
    source = "The deputies of the Halk Maslahaty met."
    (violation,) = check_translation(termbase, Language.ru, source, "Депутаты Народного совета собрались.")
    assert violation.kind is ViolationKind.forbidden
    assert violation.term_id == "halk-maslahaty"
    assert violation.found == "Народного совета"
    assert violation.expected == "Халк Маслахаты"
    assert (violation.source_start, violation.source_end) == (20, 34)
    assert violation.severity is Severity.serious


def test_forbidden_in_its_case_names_the_approved_form_in_that_case(termbase) -> None:  # type: ignore[no-untyped-def]
    (violation,) = check_translation(termbase, Language.ru, "In the Balkan velayat.", "В Балканской области.")
    assert violation.kind is ViolationKind.forbidden
    assert violation.expected in ("Балканском велаяте", "Балканского велаята")


def test_forbidden_wins_over_a_shorter_allowed_variant(termbase) -> None:  # type: ignore[no-untyped-def]
    (violation,) = check_translation(termbase, Language.ru, "Hero-Arkadag spoke.", "Герой Аркадаг выступил.")
    assert violation.kind is ViolationKind.forbidden
    assert violation.found == "Герой Аркадаг"


def test_missing(termbase) -> None:  # type: ignore[no-untyped-def]
    (violation,) = check_translation(termbase, Language.tk, "Ships reach Aktau.", "Gämiler gelýär.")
    assert violation.kind is ViolationKind.missing
    assert violation.expected == "Aktau"
    assert violation.found == ""


def test_unapproved_variant(termbase) -> None:  # type: ignore[no-untyped-def]
    source = "Talks with Gurbanguly Berdimuhamedov."
    (violation,) = check_translation(
        termbase, Language.ru, source, "Переговоры с Гурбангулы Бердымухамедовом."
    )
    assert violation.kind is ViolationKind.unapproved_variant
    assert violation.found == "Гурбангулы Бердымухамедовом"
    assert violation.expected == "Гурбангулы Бердымухамедовым"


def test_unapproved_variant_over_correct_nested_terms(termbase) -> None:  # type: ignore[no-untyped-def]
    (violation,) = check_translation(
        termbase, Language.ru, "He met the President of Kazakhstan.", "Он встретил Президентом Казахстан."
    )
    assert violation.kind is ViolationKind.unapproved_variant
    assert violation.term_id == "president-of-kazakhstan"


def test_wrong_capitalisation(termbase) -> None:  # type: ignore[no-untyped-def]
    source = "He thanked the National Leader of the Turkmen people."
    (violation,) = check_translation(
        termbase, Language.ru, source, "Он поблагодарил Национального лидера туркменского народа."
    )
    assert violation.kind is ViolationKind.capitalisation
    assert violation.expected == "Национального Лидера туркменского народа"


def test_sentence_start_may_capitalise(termbase) -> None:  # type: ignore[no-untyped-def]
    source = "The National Leader of the Turkmen people spoke."
    assert check_translation(termbase, Language.tk, source, "Türkmen halkynyň Milli Lideri çykyş etdi.") == []
    (violation,) = check_translation(
        termbase, Language.tk, source, "Biz türkmen halkynyň milli Lideri bilen."
    )
    assert violation.kind is ViolationKind.capitalisation


def test_provisional(termbase) -> None:  # type: ignore[no-untyped-def]
    (violation,) = check_translation(termbase, Language.kk, "In the Balkan velayat.", "Балқан уәлаятында.")
    assert violation.kind is ViolationKind.provisional
    assert violation.severity == "warning"
    assert violation.found == "Балқан уәлаятында"


def test_term_without_a_rendering_is_not_checked(termbase) -> None:  # type: ignore[no-untyped-def]
    assert check_translation(termbase, Language.kk, "Hero-Arkadag spoke.", "Батыр Аркадаг сөйледі.") == []


def test_each_occurrence_needs_its_own_rendering(termbase) -> None:  # type: ignore[no-untyped-def]
    source = "Iran and Iran."
    assert check_translation(termbase, Language.ru, source, "Иран и Иран.") == []
    (violation,) = check_translation(termbase, Language.ru, source, "Иран и Персия.")
    assert violation.kind is ViolationKind.missing
    assert violation.source_start == 9


def test_json_shape(termbase) -> None:  # type: ignore[no-untyped-def]
    (violation,) = check_translation(
        termbase, Language.ru, "The Halk Maslahaty met.", "Народный совет собрался."
    )
    assert violation.as_dict() == {
        "term": "halk-maslahaty",
        "kind": "forbidden",
        "severity": "serious",
        "language": "ru",
        "source_span": [4, 18],
        "source": "Halk Maslahaty",
        "found": "Народный совет",
        "found_span": [0, 14],
        "expected": "Халк Маслахаты",
        "message": "halk-maslahaty: forbidden rendering «Народный совет»; use «Халк Маслахаты»",
    }


def test_short_names_are_not_guessed_as_variants(termbase) -> None:  # type: ignore[no-untyped-def]
    (violation,) = check_translation(termbase, Language.ru, "Talks with Iran.", "Переговоры с Ираком.")
    assert violation.kind is ViolationKind.missing
