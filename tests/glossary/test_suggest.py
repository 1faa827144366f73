"""Candidate terms from the seed: the names a term base misses, and none it already has."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.glossary.suggest import suggest_terms
from translate.glossary.tomlfile import load_termbase, load_termbase_text

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "2023-11-04-halk-maslahaty-kazakhstan.txt"

# Only the rows of the official-renderings table, without the seed's other recurring names.
TABLE_ONLY = "\n".join(
    f'[t{index}]\nen = "{english}"'
    for index, english in enumerate(
        [
            "Halk Maslahaty",
            "Chairman of the Halk Maslahaty of Turkmenistan",
            "National Leader of the Turkmen people",
            "Hero-Arkadag",
            "velayat",
            "Balkan velayat",
            "Gurbanguly Berdimuhamedov",
            "Kassym-Jomart Tokayev",
            "President of Kazakhstan",
            "Organization of Turkic States",
            "OTS",
            "Turkmenbashi",
            "Aktau",
            "Magtymguly Fragi",
            "TURKSOY",
            "Turkmenistan",
            "Kazakhstan",
            "Ashgabat",
            "Astana",
            "working visit",
        ]
    )
)


def _suggested(base_text: str | None) -> dict[str, int]:
    base = load_termbase(REPO / "glossary") if base_text is None else load_termbase_text(base_text)
    return {
        candidate.text: candidate.count for candidate in suggest_terms(base, [(SEED.name, SEED.read_text())])
    }


def test_suggest_proposes_the_names_the_table_misses() -> None:
    found = _suggested(TABLE_ONLY)
    for name in (
        "Caspian Sea",
        "Persian Gulf",
        "Great Silk Road",
        "Iran",
        "China",
        "Republic of Kazakhstan",
        "MGt",
    ):
        assert name in found, name
    assert found["Iran"] == 2
    assert found["Turkmen-Kazakh"] == 4
    assert "International Organization of Turkic Culture" in found
    # Names the table has are never proposed, whatever their surroundings.
    for known in (
        "Halk Maslahaty",
        "Kazakhstan",
        "Turkmenistan",
        "Aktau",
        "Hero-Arkadag",
        "Gurbanguly Berdimuhamedov",
    ):
        assert known not in found, known
    # Sentence-initial words are not names.
    for word in ("During", "The", "In", "As", "One"):
        assert word not in found


def test_suggest_on_the_shipped_term_base_finds_only_what_it_lacks() -> None:
    found = _suggested(None)
    assert "Caspian Sea" not in found and "Iran" not in found and "Balkan" not in found
    assert {"Turkmen-Kazakh", "Culture Days", "Cinema Days", "Year of Magtymguly Fragi"} <= set(found)


def test_most_frequent_first_with_contexts() -> None:
    base = load_termbase_text(TABLE_ONLY)
    candidates = suggest_terms(base, [(SEED.name, SEED.read_text())])
    counts = [candidate.count for candidate in candidates]
    assert counts == sorted(counts, reverse=True)
    top = candidates[0]
    assert top.sources == (SEED.name,)
    assert all(top.text in context for context in top.contexts)


def _names(text: str) -> dict[str, tuple[str, ...]]:
    return {c.text: c.contexts for c in suggest_terms(load_termbase_text(""), [("doc.txt", text)])}


def test_contexts_are_cut_between_words() -> None:
    text = (
        "Representatives of neighbouring administrations gathered yesterday in Gorgan Valley to "
        "discuss irrigation arrangements thoroughly."
    )
    (context,) = _names(text)["Gorgan Valley"]
    # 40 characters either side end inside "neighbouring" and "thoroughly": both are left out whole.
    assert context == "administrations gathered yesterday in Gorgan Valley to discuss irrigation arrangements"


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        ("Delegates greeted the President warmly at the Gorgan Forum.", "President", "Gorgan Forum"),
        ("The charter of the Organization was read at the Gorgan Forum.", "Organization", "Gorgan Forum"),
        ("He is a poet of the East, born near Gorgan Valley.", "East", "Gorgan Valley"),
    ],
    ids=["president", "organization", "east"],
)
def test_generic_capitalised_nouns_are_not_names(text: str, absent: str, present: str) -> None:
    found = _names(text)
    assert absent not in found and present in found


def test_a_word_capitalised_by_its_sentence_is_left_off() -> None:
    found = _names("The bilateral forum opened. Bilateral Gorgan Forum talks went on.")
    assert "Gorgan Forum" in found and "Bilateral Gorgan Forum" not in found
    # After a semicolon a capital is the writer's own: the name keeps its first word.
    assert "Culture Days" in _names("They held concerts; Culture Days followed, and culture thrived.")
