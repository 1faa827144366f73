"""Finding a term in a translation: every form of its renderings, approved or forbidden, as occurrences."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from translate.glossary.matching import normalise
from translate.glossary.termbase import Status, Term
from translate.languages import Language
from translate.morphology.grammar import NOMINATIVE, FormKey
from translate.morphology.paradigm import Paradigm, fold, loose_paradigm

VARIANT_THRESHOLD = 80.0
MIN_VARIANT_LENGTH = 8


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A form of a rendering found in a translation."""

    start: int
    end: int
    text: str
    form: str
    keys: tuple[FormKey, ...]


@dataclass(frozen=True, slots=True)
class TermForms:
    """Every recognisable form of one term in one language: approved (text and variants) and forbidden."""

    term: Term
    language: Language
    status: Status
    approved: tuple[Paradigm, ...]
    forbidden: tuple[Paradigm, ...]
    approved_pattern: re.Pattern[str] | None = field(default=None)
    forbidden_pattern: re.Pattern[str] | None = field(default=None)

    @property
    def main(self) -> Paradigm:
        """The paradigm of the approved rendering itself."""
        return self.approved[0]

    def form_for(self, keys: Sequence[FormKey]) -> str:
        """The approved form for the first of ``keys`` the paradigm has (nominative as a last resort)."""
        for key in keys:
            value = self.main.get(key)
            if value is not None:
                return value
        return self.main.get(NOMINATIVE) or self.main.text

    def approved_occurrences(self, text: str) -> list[Occurrence]:
        """Approved forms in ``text``, left to right."""
        return _occurrences(self.approved_pattern, self.approved, text)

    def forbidden_occurrences(self, text: str) -> list[Occurrence]:
        """Forbidden renderings (in any form) in ``text``, left to right."""
        return _occurrences(self.forbidden_pattern, self.forbidden, text)


def _pattern(paradigms: Sequence[Paradigm]) -> re.Pattern[str] | None:
    texts = sorted(
        {normalise(value) for paradigm_ in paradigms for value in paradigm_.texts}, key=lambda v: -len(v)
    )
    if not texts:
        return None
    alternatives = "|".join(r"\s+".join(re.escape(word) for word in value.split()) for value in texts)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def _occurrences(
    pattern: re.Pattern[str] | None, paradigms: Sequence[Paradigm], text: str
) -> list[Occurrence]:
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(normalise(text)):
        surface = " ".join(match.group(0).split())
        for paradigm_ in paradigms:
            keys = paradigm_.keys_of(surface)
            if keys:
                form = next(form.text for form in paradigm_.forms if fold(form.text) == fold(surface))
                found.append(
                    Occurrence(match.start(), match.end(), text[match.start() : match.end()], form, keys)
                )
                break
    return found


@lru_cache(maxsize=4096)
def term_forms(term: Term, language: Language) -> TermForms | None:
    """The forms of ``term`` in ``language``, or None when the term base has no rendering there."""
    rendering = term.usable_rendering(language)
    if rendering is None:
        return None
    approved = [rendering.paradigm(term.kind)]
    approved += [rendering.paradigm(term.kind, variant) for variant in rendering.variants]
    forbidden: list[Paradigm] = []
    for value in rendering.forbidden:
        forbidden.append(loose_paradigm(language, value, term.kind.value, possessive=False))
        if language is not Language.ru:
            forbidden.append(loose_paradigm(language, value, term.kind.value, possessive=True))
    return TermForms(
        term=term,
        language=language,
        status=rendering.status,
        approved=tuple(approved),
        forbidden=tuple(forbidden),
        approved_pattern=_pattern(approved),
        forbidden_pattern=_pattern(forbidden),
    )


def at_sentence_start(text: str, start: int) -> bool:
    """True when ``start`` begins a sentence (only quotes, dashes or spaces since the last full stop)."""
    before = text[:start].rstrip(" \t\n«\"“„'(—–-")
    return not before or before[-1] in ".!?…:"


def expected_case(text: str, start: int, form: str) -> str:
    """``form`` as it should be written at ``start`` (capitalised at a sentence start)."""
    if at_sentence_start(text, start):
        return form[:1].upper() + form[1:]
    return form


def capitalisation_ok(text: str, occurrence: Occurrence) -> bool:
    """True when the occurrence is written as the term base writes it (a sentence may capitalise it)."""
    surface = " ".join(normalise(occurrence.text).split())
    form = normalise(occurrence.form)
    if surface == form:
        return True
    return at_sentence_start(text, occurrence.start) and surface == form[:1].upper() + form[1:]


def covers(outer: Occurrence, inner: Occurrence) -> bool:
    """True when ``outer`` is a longer stretch of text that includes ``inner``."""
    return (
        outer.start <= inner.start
        and inner.end <= outer.end
        and outer.end - outer.start > inner.end - inner.start
    )


def overlaps(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    """True when ``span`` shares a character with any of ``spans``."""
    return any(span[0] < end and start < span[1] for start, end in spans)


def best_variant(forms: TermForms, text: str, taken: Iterable[tuple[int, int]]) -> Occurrence | None:
    """The stretch of ``text`` most like some approved form, if it is close enough to be a variant of it."""
    taken = list(taken)
    tokens = [match for match in re.finditer(r"\w+(?:-\w+)*", text)]
    best: tuple[float, Occurrence] | None = None
    lengths = {len(form.text.split()) + delta for form in forms.main.forms for delta in (-1, 0, 1)}
    for size in sorted(length for length in lengths if length > 0):
        for index in range(len(tokens) - size + 1):
            start, end = tokens[index].start(), tokens[index + size - 1].end()
            if overlaps((start, end), taken):
                continue
            window = fold(" ".join(token.group(0) for token in tokens[index : index + size]))
            for form in forms.main.forms:
                if " " not in form.text and len(form.text) < MIN_VARIANT_LENGTH:
                    continue  # «Ираком» is not a misspelt «Ираном»: short names are too alike to guess
                score = fuzz.ratio(window, fold(form.text))
                if score >= VARIANT_THRESHOLD and (best is None or score > best[0]):
                    best = (score, Occurrence(start, end, text[start:end], form.text, (form.key,)))
    return best[1] if best else None
