"""The phrase rules Turkmen and Kazakh share: the last word of a rendering takes its language's endings."""

from __future__ import annotations

from typing import Protocol

from translate.languages import Language
from translate.morphology.grammar import CASES, FormKey, InflectionError
from translate.morphology.inflection import Inflection


class Suffixes(Protocol):
    """A language's suffix rules, as ``inflect`` uses them: the ``tk`` and ``kk`` modules are two."""

    LANGUAGE: Language
    POSSESSIVE_FINALS: tuple[str, ...]
    """Last letters of a word carrying the 3rd-person possessive (Turkmen -y/-i, Kazakh -ы/-і)."""

    def plain_cases(self, word: str, stem: str = "") -> dict[str, str]:
        """Case forms of a word without a 3rd-person possessive."""
        ...

    def possessive_cases(self, word: str) -> dict[str, str]:
        """Case forms of a word ending in the 3rd-person possessive."""
        ...

    def possessive3(self, word: str, stem: str = "") -> str:
        """The 3rd-person possessive of a word."""
        ...

    def possessive1pl(self, word: str, stem: str = "") -> str:
        """The 1st-person plural possessive of a word."""
        ...

    def strip_possessive3(self, word: str) -> str:
        """A word with its 3rd-person possessive undone."""
        ...

    def plural(self, word: str) -> str:
        """The plural of a word."""
        ...


def inflect(suffixes: Suffixes, text: str, *, kind: str, inflection: Inflection) -> list[tuple[FormKey, str]]:
    """Every form of ``text``: cases, plus plural and possessive forms where the term kind has them.

    Only the last word inflects (after a hyphen, its last part); a ``fixed`` last word or one without
    letters stays as it is. Acronyms keep their letters and take the lower-case ending after a
    hyphen (TÜRKSOÝ-nyň, ТҮРКСОЙ-дың). A rendering marked ``possessive`` takes the n-forms of the
    possessive and, for titles and honorifics, the 1st-person plural; otherwise common nouns (things
    and titles) get their possessive forms, and things their plurals.
    """
    cases = CASES[suffixes.LANGUAGE]
    head, sep, last = text.rpartition(" ")
    prefix = head + sep
    compound, dash, word = last.rpartition("-")
    prefix += compound + dash
    if last in inflection.fixed or not any(char.isalpha() for char in word):
        return [(FormKey(case), text) for case in cases]
    if len(word) > 1 and word.isupper():
        lower = word.lower()
        return [
            (FormKey(case), prefix + (word if case == "nom" else f"{word}-{form[len(lower) :]}"))
            for case, form in suffixes.plain_cases(lower).items()
        ]
    forms: list[tuple[FormKey, str]] = []

    def add(endings: dict[str, str], number: str = "sg", owner: str = "") -> None:
        for case in cases:
            forms.append((FormKey(case, number, owner), prefix + endings[case]))

    stem = inflection.stem
    common = kind in ("thing", "title")
    if inflection.possessive:
        if word[-1:].lower() not in suffixes.POSSESSIVE_FINALS:
            raise InflectionError(
                f"{word!r} is marked possessive but does not end in a 3rd-person possessive"
            )
        add(suffixes.possessive_cases(word))
        if inflection.honorific or kind == "title":
            bare = suffixes.strip_possessive3(word)
            add(suffixes.plain_cases(suffixes.possessive1pl(bare, stem)), owner="p1pl")
        return forms
    add(suffixes.plain_cases(word, stem))
    if common:
        add(suffixes.possessive_cases(suffixes.possessive3(word, stem)), owner="p3")
    if common or inflection.honorific:
        add(suffixes.plain_cases(suffixes.possessive1pl(word, stem)), owner="p1pl")
    if kind == "thing":
        many = suffixes.plural(word)
        add(suffixes.plain_cases(many), number="pl")
        add(suffixes.possessive_cases(suffixes.possessive3(many)), number="pl", owner="p3")
    return forms
