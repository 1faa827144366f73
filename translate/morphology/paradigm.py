"""The paradigm of a rendering: every case, number and possessive form of it, generated per language."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from translate.languages import Language
from translate.morphology.grammar import CASES, NOMINATIVE, NUMBERS, POSSESSIVES, FormKey, InflectionError
from translate.morphology.inflection import PLAIN, Inflection


@dataclass(frozen=True, slots=True)
class Form:
    """One form of a rendering; ``generated`` is False when the term base spelled it out."""

    key: FormKey
    text: str
    generated: bool = True


@dataclass(frozen=True, slots=True)
class Paradigm:
    """All forms of one rendering, nominative first; ``problem`` says why forms are missing, if they are."""

    language: Language
    text: str
    forms: tuple[Form, ...]
    problem: str = ""

    def __iter__(self) -> Iterator[Form]:
        return iter(self.forms)

    def get(self, key: FormKey) -> str | None:
        """The form at ``key`` or None."""
        for form in self.forms:
            if form.key == key:
                return form.text
        return None

    def keys_of(self, text: str) -> tuple[FormKey, ...]:
        """Every key whose form is ``text`` (compared without case and with ё = е)."""
        wanted = fold(text)
        return tuple(form.key for form in self.forms if fold(form.text) == wanted)

    @property
    def texts(self) -> tuple[str, ...]:
        """The distinct surface forms, longest first."""
        return tuple(sorted({form.text for form in self.forms}, key=lambda value: (-len(value), value)))


def fold(text: str) -> str:
    """Case- and ё-insensitive key for comparing forms."""
    return text.casefold().replace("ё", "е")


def paradigm(language: Language, text: str, kind: str, inflection: Inflection = PLAIN) -> Paradigm:
    """Every form of ``text`` in ``language``, inflected as ``inflection`` says.

    ``kind`` is what the term names (person, title, organization, place, thing or unit): names have
    no plural, and Turkic titles take honorific forms. Overrides in ``inflection.forms`` replace
    generated forms.
    """
    return _paradigm(language, text, kind, inflection, False)


def loose_paradigm(language: Language, text: str, kind: str, *, possessive: bool = False) -> Paradigm:
    """Forms of a rendering nobody curated (a forbidden one), generated generously for recognition."""
    return _paradigm(language, text, kind, Inflection(possessive=possessive, honorific=True), True)


@lru_cache(maxsize=4096)
def _paradigm(language: Language, text: str, kind: str, inflection: Inflection, loose: bool) -> Paradigm:
    generated: list[tuple[FormKey, str]] = []
    problem = ""
    if inflection.indeclinable:
        generated = [(FormKey(case), text) for case in CASES[language]]
    else:
        try:
            # Each language's rules load on first use: the Russian ones open pymorphy3's dictionaries.
            if language is Language.ru:
                from translate.morphology import ru

                generated = ru.inflect(text, kind=kind, fixed=frozenset(inflection.fixed), loose=loose)
            else:
                from translate.morphology import kk, tk, turkic

                suffixes = tk if language is Language.tk else kk
                generated = turkic.inflect(suffixes, text, kind=kind, inflection=inflection)
        except InflectionError as exc:
            problem = str(exc)
            generated = [(NOMINATIVE, text)]
    for adjective in inflection.adjectives:
        try:
            generated += _adjective_forms(language, adjective)
        except InflectionError as exc:
            problem = problem or str(exc)
            generated.append((FormKey("nom", adjective="masc"), adjective))
    forms: dict[FormKey, Form] = {}
    for key, value in generated:
        forms.setdefault(key, Form(key, value))
    for key_text, value in inflection.forms:
        key = FormKey.parse(key_text, language)
        forms[key] = Form(key, value, generated=False)
    ordered = sorted(forms.values(), key=lambda form: _order(language, form.key))
    return Paradigm(language=language, text=text, forms=tuple(ordered), problem=problem)


def _adjective_forms(language: Language, adjective: str) -> list[tuple[FormKey, str]]:
    if language is Language.ru:
        from translate.morphology import ru

        return ru.adjective_forms(adjective)
    # A Turkic attributive adjective does not agree with its noun: one form.
    return [(FormKey("nom", adjective="attr"), adjective)]


@cache  # a few hundred keys per language; sorting each paradigm asks for them again
def _order(language: Language, key: FormKey) -> tuple[int, int, int, int]:
    cases = CASES[language]
    return (
        bool(key.adjective),
        POSSESSIVES[language].index(key.possessive) if key.possessive in POSSESSIVES[language] else 9,
        NUMBERS.index(key.number),
        cases.index(key.case) if key.case in cases else 99,
    )
