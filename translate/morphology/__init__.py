"""Inflection of term renderings: every case, number and possessive form of a rendering, per language."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from translate.languages import Language

if TYPE_CHECKING:
    from translate.glossary.termbase import Rendering, TermKind

# Case names shared by the languages (ins = Russian творительный / Kazakh көмектес, loc = Russian
# предложный / Turkic locative, abl = Turkic ablative, attr = the Turkic locative-attributive -daky/-дағы).
CASES: dict[Language, tuple[str, ...]] = {
    Language.ru: ("nom", "gen", "dat", "acc", "ins", "loc"),
    Language.tk: ("nom", "gen", "dat", "acc", "loc", "abl", "attr"),
    Language.kk: ("nom", "gen", "dat", "acc", "loc", "abl", "ins", "attr"),
}
NUMBERS = ("sg", "pl")
POSSESSIVES: dict[Language, tuple[str, ...]] = {
    Language.ru: ("",),
    Language.tk: ("", "p3", "p1pl"),
    Language.kk: ("", "p3", "p1pl"),
}


class InflectionError(ValueError):
    """A rendering whose forms the rules cannot generate (the message says why)."""


@dataclass(frozen=True, slots=True, order=True)
class FormKey:
    """Grammatical address of one form: case, number and (Turkic) possessive, written ``p1pl.gen.pl``."""

    case: str
    number: str = "sg"
    possessive: str = ""

    def __str__(self) -> str:
        parts = [self.possessive] if self.possessive else []
        parts.append(self.case)
        if self.number != "sg":
            parts.append(self.number)
        return ".".join(parts)

    @classmethod
    def parse(cls, text: str, language: Language) -> FormKey:
        """Read ``"gen"``, ``"gen.pl"`` or ``"p3.dat"``; ValueError names the accepted parts."""
        parts = text.split(".")
        possessive = ""
        if parts and parts[0] in POSSESSIVES[language] and parts[0]:
            possessive = parts.pop(0)
        number = "sg"
        if parts and parts[-1] in NUMBERS:
            number = parts.pop()
        if len(parts) != 1 or parts[0] not in CASES[language]:
            cases = ", ".join(CASES[language])
            extra = " (optionally p3./p1pl. before it)" if language is not Language.ru else ""
            raise ValueError(
                f"{text!r} is not a {language.value} form key; use one of {cases}, .pl after it{extra}"
            )
        return cls(case=parts[0], number=number, possessive=possessive)


NOMINATIVE = FormKey("nom")


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


def paradigm(rendering: Rendering, kind: TermKind, text: str | None = None) -> Paradigm:
    """Every form of ``rendering`` (or of ``text``, another rendering of the same term, e.g. a variant).

    Overrides in ``rendering.forms`` replace generated forms (only for the rendering's own text).
    """
    own = text is None or text == rendering.text
    value = rendering.text if text is None else text
    fixed = tuple(rendering.fixed) if own else ()
    overrides = tuple(rendering.forms) if own else ()
    return _paradigm(
        rendering.language,
        value,
        kind.value,
        fixed,
        rendering.indeclinable and own,
        rendering.possessive,
        rendering.honorific,
        rendering.stem if own else "",
        overrides,
        False,
    )


def loose_paradigm(language: Language, text: str, kind: TermKind, *, possessive: bool = False) -> Paradigm:
    """Forms of a rendering nobody curated (a forbidden one), generated generously for recognition."""
    return _paradigm(language, text, kind.value, (), False, possessive, True, "", (), True)


@lru_cache(maxsize=4096)
def _paradigm(
    language: Language,
    text: str,
    kind: str,
    fixed: tuple[str, ...],
    indeclinable: bool,
    possessive: bool,
    honorific: bool,
    stem: str,
    overrides: tuple[tuple[str, str], ...],
    loose: bool,
) -> Paradigm:
    generated: list[tuple[FormKey, str]] = []
    problem = ""
    if indeclinable:
        generated = [(FormKey(case), text) for case in CASES[language]]
    else:
        try:
            if language is Language.ru:
                from translate.morphology import ru

                generated = ru.inflect(text, kind=kind, fixed=frozenset(fixed), loose=loose)
            else:
                from translate.morphology import kk, tk

                module = tk if language is Language.tk else kk
                generated = module.inflect(
                    text,
                    kind=kind,
                    fixed=frozenset(fixed),
                    possessive=possessive,
                    honorific=honorific,
                    stem=stem,
                )
        except InflectionError as exc:
            problem = str(exc)
            generated = [(NOMINATIVE, text)]
    forms: dict[FormKey, Form] = {}
    for key, value in generated:
        forms.setdefault(key, Form(key, value))
    for key_text, value in overrides:
        key = FormKey.parse(key_text, language)
        forms[key] = Form(key, value, generated=False)
    ordered = sorted(forms.values(), key=lambda form: _order(language, form.key))
    return Paradigm(language=language, text=text, forms=tuple(ordered), problem=problem)


def _order(language: Language, key: FormKey) -> tuple[int, int, int]:
    cases = CASES[language]
    return (
        POSSESSIVES[language].index(key.possessive) if key.possessive in POSSESSIVES[language] else 9,
        NUMBERS.index(key.number),
        cases.index(key.case) if key.case in cases else 99,
    )


def match_case(template: str, word: str) -> str:
    """Give ``word`` the capitalisation pattern of ``template`` (ALL CAPS, Capitalised or lower)."""
    if len(template) > 1 and template.isupper():
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
