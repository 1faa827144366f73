"""Finding terms in English sources: longest match, nesting, possessives, capitalisation, word boundaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.glossary.matching import find_source_terms
from translate.glossary.tomlfile import load_termbase, load_termbase_text

GLOSSARY = Path(__file__).resolve().parents[2] / "glossary"
SEED = Path(__file__).resolve().parents[2] / "seeds" / "2023-11-04-halk-maslahaty-kazakhstan.txt"


@pytest.fixture(scope="module")
def termbase():  # type: ignore[no-untyped-def]
    return load_termbase(GLOSSARY)


def _ids(matches) -> list[str]:  # type: ignore[no-untyped-def]
    return [match.term_id for match in matches]


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
