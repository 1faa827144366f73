"""Finding terms: in English sources with one automaton pass, in translations by any form of a rendering."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import ahocorasick
from rapidfuzz import fuzz

from translate.glossary.termbase import Status, Term, TermBase
from translate.languages import Language
from translate.morphology.grammar import NOMINATIVE, FormKey
from translate.morphology.paradigm import Paradigm, fold, loose_paradigm

# Same-length normalisation, so spans found in the normalised text are spans of the original.
_SAME_LENGTH = str.maketrans({"’": "'", "‘": "'", "\u00a0": " ", "\u202f": " ", "ё": "е", "Ё": "Е"})
_WORD_CHAR = re.compile(r"\w")
VARIANT_THRESHOLD = 80.0
MIN_VARIANT_LENGTH = 8


class ViolationKind(enum.StrEnum):
    """How a translation fails a term."""

    forbidden = "forbidden"
    missing = "missing"
    unapproved_variant = "unapproved-variant"
    capitalisation = "capitalisation"
    provisional = "provisional"

    @property
    def severity(self) -> str:
        """``error`` keeps an entry fuzzy; ``warning`` (a provisional rendering) asks for a look."""
        return "warning" if self is ViolationKind.provisional else "error"


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A term found in English text: ``text[start:end]``, and the terms found inside it."""

    term_id: str
    start: int
    end: int
    text: str
    form: str
    possessive: bool = False
    nested: tuple[TermMatch, ...] = ()

    def walk(self) -> Iterable[TermMatch]:
        """This match and every nested one, outermost first."""
        yield self
        for inner in self.nested:
            yield from inner.walk()


@dataclass(frozen=True, slots=True)
class TermViolation:
    """One way a translation fails the term base, with spans in the source and (if found) the target."""

    term_id: str
    kind: ViolationKind
    language: Language
    source_start: int
    source_end: int
    source_text: str
    expected: str
    found: str = ""
    found_start: int | None = None
    found_end: int | None = None
    message: str = ""

    @property
    def severity(self) -> str:
        """``error`` or ``warning``."""
        return self.kind.severity

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the ``--json`` shape of ``translate glossary check``)."""
        return {
            "term": self.term_id,
            "kind": self.kind.value,
            "severity": self.severity,
            "language": self.language.value,
            "source_span": [self.source_start, self.source_end],
            "source": self.source_text,
            "found": self.found,
            "found_span": None if self.found_start is None else [self.found_start, self.found_end],
            "expected": self.expected,
            "message": self.message,
        }


# ----------------------------------------------------------------------------------------- English side


def _normalise(text: str) -> str:
    return text.translate(_SAME_LENGTH)


def _lower_same_length(text: str) -> str:
    return "".join(lower if len(lower := char.lower()) == 1 else char for char in text)


@lru_cache(maxsize=8)
def _automaton(termbase: TermBase) -> Any:
    automaton = ahocorasick.Automaton()
    entries: dict[str, list[tuple[str, str, bool]]] = {}
    for term in termbase:
        for form in term.english_forms:
            key = _lower_same_length(_normalise(form))
            entries.setdefault(key, [])
            if all(existing[0] != term.id for existing in entries[key]):
                entries[key].append((term.id, _normalise(form), term.ignore_case))
    for key, values in entries.items():
        automaton.add_word(key, (len(key), tuple(values)))
    if entries:
        automaton.make_automaton()
    return automaton


def _case_ok(surface: str, form: str, ignore_case: bool) -> bool:
    if ignore_case or surface == form:
        return True
    # A lower-case term may start a sentence or a headline word ("Working visit", "Velayat").
    return form[:1].islower() and surface == form[:1].upper() + form[1:]


def find_source_terms(termbase: TermBase, text: str) -> list[TermMatch]:
    """Terms in English ``text``, longest match first, each with the terms nested inside it.

    One pass of an Aho-Corasick automaton finds every form of every term; matches must sit on word
    boundaries (a hyphen counts: "Kazakhstan-Turkmenistan-Iran"), respect the term's capitalisation
    (a lower-case term may be capitalised at a sentence start), and may carry a possessive 's.
    """
    if not len(termbase) or not text:
        return []
    automaton = _automaton(termbase)
    if not len(automaton):
        return []
    normal = _normalise(text)
    lowered = _lower_same_length(normal)
    candidates: dict[tuple[int, int, str], TermMatch] = {}
    for end_index, (length, entries) in automaton.iter(lowered):
        start, end = end_index - length + 1, end_index + 1
        if start > 0 and _WORD_CHAR.match(normal[start - 1]) and normal[start - 1] not in "'":
            continue
        if end < len(normal) and _WORD_CHAR.match(normal[end]):
            continue
        surface = normal[start:end]
        possessive = normal[end : end + 2] == "'s" and not _WORD_CHAR.match(normal[end + 2 : end + 3] or " ")
        for term_id, form, ignore_case in entries:
            if _case_ok(surface, form, ignore_case) and (start, end, term_id) not in candidates:
                candidates[(start, end, term_id)] = TermMatch(
                    term_id, start, end, text[start:end], form, possessive
                )
                break
    ordered = sorted(candidates.values(), key=lambda match: (match.start, -(match.end - match.start)))
    return _select(ordered, 0, len(text), None)


def _select(
    candidates: Sequence[TermMatch], low: int, high: int, parent: TermMatch | None
) -> list[TermMatch]:
    chosen: list[TermMatch] = []
    position = low
    inside = [
        match
        for match in candidates
        if low <= match.start
        and match.end <= high
        and (parent is None or (match.start, match.end) != (parent.start, parent.end))
    ]
    for match in inside:
        if match.start < position:
            continue
        nested = _select(inside, match.start, match.end, match)
        chosen.append(
            TermMatch(
                match.term_id, match.start, match.end, match.text, match.form, match.possessive, tuple(nested)
            )
        )
        position = match.end
    return chosen


# ----------------------------------------------------------------------------------------- target side


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
        {_normalise(value) for paradigm_ in paradigms for value in paradigm_.texts}, key=lambda v: -len(v)
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
    for match in pattern.finditer(_normalise(text)):
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
    surface = " ".join(_normalise(occurrence.text).split())
    form = _normalise(occurrence.form)
    if surface == form:
        return True
    return at_sentence_start(text, occurrence.start) and surface == form[:1].upper() + form[1:]


def quote(value: str) -> str:
    """A rendering as notes and messages show it."""
    return f"«{value}»"


def covers(outer: Occurrence, inner: Occurrence) -> bool:
    """True when ``outer`` is a longer stretch of text that includes ``inner``."""
    return (
        outer.start <= inner.start
        and inner.end <= outer.end
        and outer.end - outer.start > inner.end - inner.start
    )


def _overlaps(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
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
            if _overlaps((start, end), taken):
                continue
            window = fold(" ".join(token.group(0) for token in tokens[index : index + size]))
            for form in forms.main.forms:
                if " " not in form.text and len(form.text) < MIN_VARIANT_LENGTH:
                    continue  # «Ираком» is not a misspelt «Ираном»: short names are too alike to guess
                score = fuzz.ratio(window, fold(form.text))
                if score >= VARIANT_THRESHOLD and (best is None or score > best[0]):
                    best = (score, Occurrence(start, end, text[start:end], form.text, (form.key,)))
    return best[1] if best else None


def check_translation(
    termbase: TermBase, language: Language, source: str, target: str
) -> list[TermViolation]:
    """Every way ``target`` (a translation of English ``source``) fails the term base.

    Each term found in the source needs one of its approved forms in the target (any case, number or
    possessive form counts). A forbidden rendering, a near-miss spelling (unapproved variant), no
    rendering at all (missing) and a rendering with the wrong capitalisation are errors; a provisional
    rendering used as it should be is a warning. A term nested in a longer term is checked on its own
    only when the longer term's rendering is not there.
    """
    checker = _Checker(termbase, language, target)
    for match in find_source_terms(termbase, source):
        checker.check(match)
    return checker.violations


class _Checker:
    def __init__(self, termbase: TermBase, language: Language, target: str) -> None:
        self.termbase = termbase
        self.language = language
        self.target = target
        self.taken: list[tuple[int, int]] = []
        self.violations: list[TermViolation] = []

    def free(self, occurrences: Iterable[Occurrence]) -> Occurrence | None:
        for occurrence in occurrences:
            if not _overlaps((occurrence.start, occurrence.end), self.taken):
                return occurrence
        return None

    def add(
        self, match: TermMatch, kind: ViolationKind, expected: str, found: Occurrence | None, message: str
    ) -> None:
        self.violations.append(
            TermViolation(
                term_id=match.term_id,
                kind=kind,
                language=self.language,
                source_start=match.start,
                source_end=match.end,
                source_text=match.text,
                expected=expected,
                found=found.text if found else "",
                found_start=found.start if found else None,
                found_end=found.end if found else None,
                message=f"{match.term_id}: {message}",
            )
        )

    def check(self, match: TermMatch) -> None:
        term = self.termbase.find(match.term_id)
        forms = term_forms(term, self.language) if term is not None else None
        if forms is None:
            for inner in match.nested:
                self.check(inner)
            return
        lang = self.language.value
        nominative = forms.main.text
        hit, bad = (
            self.free(forms.approved_occurrences(self.target)),
            self.free(forms.forbidden_occurrences(self.target)),
        )
        if hit is not None and bad is not None and covers(bad, hit):
            hit = None  # «Герой Аркадаг» is forbidden even though «Аркадаг» alone is allowed
        if hit is not None:
            self.taken.append((hit.start, hit.end))
            if not capitalisation_ok(self.target, hit):
                expected = expected_case(self.target, hit.start, hit.form)
                self.add(
                    match,
                    ViolationKind.capitalisation,
                    expected,
                    hit,
                    f"write {quote(expected)}, not {quote(hit.text)}",
                )
            if forms.status is Status.provisional:
                self.add(
                    match,
                    ViolationKind.provisional,
                    hit.form,
                    hit,
                    f"provisional {lang} rendering {quote(hit.text)} (no official source yet); check it",
                )
            return
        if bad is not None:
            self.taken.append((bad.start, bad.end))
            expected = forms.form_for(bad.keys)
            self.add(
                match,
                ViolationKind.forbidden,
                expected,
                bad,
                f"forbidden rendering {quote(bad.text)}; use {quote(expected)}",
            )
            return
        before, taken = len(self.violations), len(self.taken)
        for inner in match.nested:
            self.check(inner)
        if len(self.violations) > before:
            return  # the nested terms explain why the longer rendering is not there
        # The nested terms are fine on their own; the longer rendering may still be a near miss
        # that spans them («Президентом Казахстан»), so look for it over their spans too.
        inner_spans = self.taken[taken:]
        del self.taken[taken:]
        near = best_variant(forms, self.target, self.taken)
        if near is None:
            self.taken.extend(inner_spans)
        if near is not None:
            self.taken.append((near.start, near.end))
            self.add(
                match,
                ViolationKind.unapproved_variant,
                near.form,
                near,
                f"{quote(near.text)} is not an approved {lang} form; use {quote(near.form)}",
            )
            return
        self.add(
            match,
            ViolationKind.missing,
            nominative,
            None,
            f"{match.text!r} has no approved {lang} rendering in the translation; "
            f"expected {quote(nominative)} (in the right case)",
        )


def count_source_terms(termbase: TermBase, language: Language, source: str) -> int:
    """How many term occurrences in ``source`` have a rendering in ``language`` (outermost ones only)."""
    total = 0
    for match in find_source_terms(termbase, source):
        total += _count(termbase, language, match)
    return total


def _count(termbase: TermBase, language: Language, match: TermMatch) -> int:
    term = termbase.find(match.term_id)
    if term is not None and term.usable_rendering(language) is not None:
        return 1
    return sum(_count(termbase, language, inner) for inner in match.nested)
