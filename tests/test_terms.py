"""Finding terms in English sources and their inflected renderings in translations; violation kinds."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.glossary.matching import find_source_terms
from translate.glossary.tomlfile import load_termbase, load_termbase_text
from translate.glossary.violations import ViolationKind, check_translation
from translate.languages import Language

GLOSSARY = Path(__file__).resolve().parent.parent / "glossary"
SEED = Path(__file__).resolve().parent.parent / "seeds" / "2023-11-04-halk-maslahaty-kazakhstan.txt"


@pytest.fixture(scope="module")
def termbase():  # type: ignore[no-untyped-def]
    return load_termbase(GLOSSARY)


def _ids(matches) -> list[str]:  # type: ignore[no-untyped-def]
    return [match.term_id for match in matches]


# ------------------------------------------------------------------------------------------- English


def test_longest_match_with_nested_terms(termbase) -> None:  # type: ignore[no-untyped-def]
    text = "The Chairman of the Halk Maslahaty of Turkmenistan arrived."
    (match,) = find_source_terms(termbase, text)
    assert match.term_id == "chairman-halk-maslahaty-turkmenistan"
    assert text[match.start : match.end] == "Chairman of the Halk Maslahaty of Turkmenistan"
    assert _ids(match.nested) == ["chairman-halk-maslahaty", "turkmenistan"]
    assert _ids(match.nested[0].nested) == ["halk-maslahaty"]
    assert [inner.term_id for inner in match.walk()] == [
        "chairman-halk-maslahaty-turkmenistan",
        "chairman-halk-maslahaty",
        "halk-maslahaty",
        "turkmenistan",
    ]


def test_possessive(termbase) -> None:  # type: ignore[no-untyped-def]
    text = "Turkmenistan’s readiness and Kazakhstan's interest"
    matches = find_source_terms(termbase, text)
    assert _ids(matches) == ["turkmenistan", "kazakhstan"]
    assert [match.possessive for match in matches] == [True, True]
    assert matches[0].text == "Turkmenistan"


def test_sentence_initial_capital_of_a_lower_case_term(termbase) -> None:  # type: ignore[no-untyped-def]
    assert _ids(find_source_terms(termbase, "Velayat officials met. The velayat grew.")) == [
        "velayat",
        "velayat",
    ]
    assert _ids(find_source_terms(termbase, "Working visit of the President.")) == ["working-visit"]


def test_case_aware(termbase) -> None:  # type: ignore[no-untyped-def]
    # Proper names match only as written; a lower-case "halk maslahaty" or "china" is not the name.
    assert find_source_terms(termbase, "the halk maslahaty of china") == []
    assert _ids(find_source_terms(termbase, "porcelain from China")) == ["china"]


def test_word_boundaries_and_hyphenated_routes(termbase) -> None:  # type: ignore[no-untyped-def]
    assert _ids(find_source_terms(termbase, "Kazakhstan-Turkmenistan-Iran railway")) == [
        "kazakhstan",
        "turkmenistan",
        "iran",
    ]
    assert find_source_terms(termbase, "Irano-Chinese Aktaus") == []


def test_variants_plurals_and_garbled_unit(termbase) -> None:  # type: ignore[no-untyped-def]
    text = "Hero Arkadag visited two velayats; a 1574 MGt plant; Arkadag spoke."
    assert _ids(find_source_terms(termbase, text)) == ["hero-arkadag", "velayat", "megawatt", "hero-arkadag"]


def test_hyphenated_title_wins_over_its_part(termbase) -> None:  # type: ignore[no-untyped-def]
    (match,) = find_source_terms(termbase, "proposed by Hero-Arkadag Gurbanguly Berdimuhamedov"[:29])
    assert match.term_id == "hero-arkadag"
    assert match.text == "Hero-Arkadag"


def test_seed_terms(termbase) -> None:  # type: ignore[no-untyped-def]
    found = {
        inner.term_id for match in find_source_terms(termbase, SEED.read_text()) for inner in match.walk()
    }
    assert {
        "chairman-halk-maslahaty-turkmenistan",
        "president-of-kazakhstan",
        "national-leader",
        "hero-arkadag",
        "gurbanguly-berdimuhamedov",
        "kassym-jomart-tokayev",
        "organization-of-turkic-states",
        "ots",
        "balkan-velayat",
        "caspian-sea",
        "persian-gulf",
        "great-silk-road",
        "turkmenbashi",
        "aktau",
        "magtymguly-fragi",
        "turksoy",
        "megawatt",
        "working-visit",
        "iran",
        "china",
    } <= found


def test_one_pass_scales_to_many_terms() -> None:
    text = "\n".join(f'[t{i}]\nen = "Name{i} Place"' for i in range(2000))
    base = load_termbase_text(text)
    matches = find_source_terms(base, "From Name1999 Place to Name7 Place and Name70 Place.")
    assert _ids(matches) == ["t1999", "t7", "t70"]


# ----------------------------------------------------------------------------------------- targets

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
    assert violation.severity == "error"


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
        "severity": "error",
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
