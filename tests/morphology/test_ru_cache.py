"""Russian forms are worked out once per word: a word shared by many renderings is parsed once, and
each rendering still gets its own capitals and spelling."""

from __future__ import annotations

import pytest

from translate.morphology import ru
from translate.morphology.grammar import FormKey

# «Министерство» twice, as a title (capitalised) and in running text (lower case), and in capitals.
SHARED = {
    "capitalised": ("Министерство энергетики", "Министерства энергетики"),
    "lower-case": ("министерство энергетики", "министерства энергетики"),
    "all-caps": ("МИНИСТЕРСТВО ЭНЕРГЕТИКИ", "МИНИСТЕРСТВА ЭНЕРГЕТИКИ"),
}


@pytest.mark.parametrize(("text", "genitive"), SHARED.values(), ids=SHARED.keys())
def test_a_shared_word_keeps_each_renderings_capitals(text: str, genitive: str) -> None:
    forms = dict(ru.inflect(text, kind="organization", fixed=frozenset()))
    assert forms[FormKey("gen")] == genitive


def test_a_word_already_seen_is_not_parsed_again() -> None:
    ru.inflect("Министерство промышленности", kind="organization", fixed=frozenset())
    before = ru._parses_of_lower.cache_info().misses
    forms = dict(ru.inflect("министерство Промышленности", kind="organization", fixed=frozenset()))
    assert ru._parses_of_lower.cache_info().misses == before
    assert forms[FormKey("dat")] == "министерству Промышленности"


def test_ye_is_kept_only_where_the_rendering_writes_it() -> None:
    plain = dict(ru.inflect("Соловьев", kind="person", fixed=frozenset()))
    dotted = dict(ru.inflect("Соловьёв", kind="person", fixed=frozenset()))
    assert (plain[FormKey("ins")], dotted[FormKey("ins")]) == ("Соловьевым", "Соловьёвым")
