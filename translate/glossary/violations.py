"""How a translation fails the term base: each term of the source checked against its renderings."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from translate.diagnostics import Finding, Location, Severity
from translate.glossary.forms import (
    Occurrence,
    TermForms,
    best_variant,
    choose_keys,
    covers,
    expected_case,
    overlaps,
    previous_word,
    term_forms,
)
from translate.glossary.matching import TermMatch, find_source_terms
from translate.glossary.termbase import Status, TermBase
from translate.languages import Language, as_language

Key = tuple[str, int, int]
"""A source match's identity: term id and span."""


class ViolationKind(enum.StrEnum):
    """How a translation fails a term."""

    forbidden = "forbidden"
    missing = "missing"
    unapproved_variant = "unapproved-variant"
    capitalisation = "capitalisation"
    provisional = "provisional"

    @property
    def severity(self) -> Severity:
        """``serious`` keeps an entry fuzzy; ``warning`` (a provisional rendering) asks for a look."""
        return Severity.warning if self is ViolationKind.provisional else Severity.serious


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
    def severity(self) -> Severity:
        """``serious``, or ``warning`` for a provisional rendering."""
        return self.kind.severity

    def finding(self, location: Location | None = None) -> Finding:
        """This violation as a finding (its kind as the check), at ``location``."""
        return Finding(self.kind.value, self.severity, self.message, location=location, subject=self.term_id)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the ``--json`` shape of ``translate glossary check``)."""
        return {
            "term": self.term_id,
            "kind": self.kind.value,
            "severity": self.severity.value,
            "language": self.language.value,
            "source_span": [self.source_start, self.source_end],
            "source": self.source_text,
            "found": self.found,
            "found_span": None if self.found_start is None else [self.found_start, self.found_end],
            "expected": self.expected,
            "message": self.message,
        }


def quote(value: str) -> str:
    """A rendering as notes and messages show it."""
    return f"«{value}»"


def check_arguments(termbase: object, source: object, target: object) -> None:
    """Refuse, with ``TypeError``, a term base that is not a ``TermBase`` or texts that are not ``str``
    (a path passed for the term base, ``None`` for a text), instead of failing somewhere inside."""
    if not isinstance(termbase, TermBase):
        raise TypeError(
            f"termbase must be a TermBase (load it with load_termbase(path)), got {type(termbase).__name__}"
        )
    for name, value in (("source", source), ("target", target)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be text (str), got {type(value).__name__}")


def check_translation(
    termbase: TermBase, language: Language | str, source: str, target: str
) -> list[TermViolation]:
    """Every way ``target`` (a translation of English ``source``) fails the term base.

    Each term found in the source needs one of its approved forms in the target (any case, number or
    possessive form counts). A forbidden rendering, a near-miss spelling (unapproved variant), no
    rendering at all (missing) and a rendering with the wrong capitalisation are errors; a provisional
    rendering used as it should be is a warning. Which target words belong to which term does not
    depend on the order of the English: the longest rendering found wins an overlap (see ``assign``).
    A term nested in a longer term is checked on its own, in its own span, only when the longer
    term's rendering is not there.

    ``language`` is a ``Language`` or a code (``"ru"``, ``"ru-RU"``).
    """
    check_arguments(termbase, source, target)
    language = as_language(language)
    matches = find_source_terms(termbase, source)
    assignment = assign(termbase, language, matches, target)
    checker = _Checker(termbase, language, target, assignment)
    for match in matches:
        checker.check(match)
    return checker.violations


def key_of(match: TermMatch) -> Key:
    """The identity of a source match."""
    return (match.term_id, match.start, match.end)


@dataclass(slots=True)
class Assignment:
    """Which target words each source match was given: approved forms (``hits``), forbidden ones."""

    forms: dict[Key, TermForms]
    hits: dict[Key, Occurrence]
    bad: dict[Key, Occurrence]
    parents: dict[Key, Key | None]

    def ancestors(self, key: Key) -> list[Key]:
        """The keys of the matches ``key`` is nested in, innermost first."""
        found = []
        parent = self.parents.get(key)
        while parent is not None:
            found.append(parent)
            parent = self.parents.get(parent)
        return found

    def spans(self, *, besides: Iterable[Key] = ()) -> list[tuple[int, int]]:
        """The target spans given to matches (except those of ``besides``)."""
        skip = set(besides)
        return [
            (occurrence.start, occurrence.end)
            for table in (self.hits, self.bad)
            for key, occurrence in table.items()
            if key not in skip
        ]


def assign(termbase: TermBase, language: Language, matches: Sequence[TermMatch], target: str) -> Assignment:
    """Give each source match the target words of its rendering, longest rendering first.

    Approved forms are handed out first, then forbidden ones, each from the longest occurrence down:
    «Председатель Халк Маслахаты» goes to "Chairman of the Halk Maslahaty" before the shorter
    "Halk Maslahaty" can take its last two words, whichever the English names first. A match nested
    in another gets words only while the outer one has none; once the outer one is given words, its
    nested matches give theirs back (the outer rendering contains them).
    """
    style = termbase.style.of(language)
    assignment = Assignment(forms={}, hits={}, bad={}, parents={})
    nodes: list[TermMatch] = []

    def visit(match: TermMatch, parent: Key | None) -> None:
        key = key_of(match)
        assignment.parents[key] = parent
        nodes.append(match)
        term = termbase.find(match.term_id)
        forms = term_forms(term, language, style) if term is not None else None
        if forms is not None:
            assignment.forms[key] = forms
        for inner in match.nested:
            visit(inner, key)

    for match in matches:
        visit(match, None)
    approved: list[tuple[Occurrence, int, Key]] = []
    forbidden: list[tuple[Occurrence, int, Key]] = []
    for order, match in enumerate(nodes):
        key = key_of(match)
        forms = assignment.forms.get(key)
        if forms is None:
            continue
        bad = forms.forbidden_occurrences(target)
        for hit in forms.approved_occurrences(target):
            # «Герой Аркадаг» is forbidden even though «Аркадаг» alone is allowed
            if not any(covers(wrong, hit) for wrong in bad):
                approved.append((hit, order, key))
        forbidden += [(wrong, order, key) for wrong in bad]
    for table, pairs in ((assignment.hits, approved), (assignment.bad, forbidden)):
        pairs.sort(key=lambda pair: (-(pair[0].end - pair[0].start), pair[0].start, pair[1]))
        for occurrence, _, key in pairs:
            if key in assignment.hits or key in assignment.bad:
                continue
            if any(up in assignment.hits or up in assignment.bad for up in assignment.ancestors(key)):
                continue
            inner = [other for other in assignment.parents if key in assignment.ancestors(other)]
            if overlaps((occurrence.start, occurrence.end), assignment.spans(besides=inner)):
                continue
            for other in inner:
                assignment.hits.pop(other, None)
                assignment.bad.pop(other, None)
            table[key] = occurrence
    return assignment


class _Checker:
    def __init__(self, termbase: TermBase, language: Language, target: str, assignment: Assignment) -> None:
        self.termbase = termbase
        self.language = language
        self.target = target
        self.assignment = assignment
        self.extra: dict[Key, tuple[int, int]] = {}  # spans of near misses, by match
        self.violations: list[TermViolation] = []

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

    def taken(self, besides: Iterable[Key] = ()) -> list[tuple[int, int]]:
        skip = set(besides)
        spans = self.assignment.spans(besides=skip)
        return spans + [span for key, span in self.extra.items() if key not in skip]

    def check(self, match: TermMatch) -> None:
        key = key_of(match)
        forms = self.assignment.forms.get(key)
        if forms is None:
            for inner in match.nested:
                self.check(inner)
            return
        lang = self.language.value
        hit = self.assignment.hits.get(key)
        if hit is not None:
            self.check_hit(match, forms, hit)
            return
        bad = self.assignment.bad.get(key)
        if bad is not None:
            keys = choose_keys(
                self.language, bad.keys, previous_word(self.target, bad.start), possessive=match.possessive
            )
            expected = forms.form_for(keys)
            self.add(
                match,
                ViolationKind.forbidden,
                expected,
                bad,
                f"forbidden rendering {quote(bad.text)}; use {quote(expected)}",
            )
            return
        before = len(self.violations)
        for inner in match.nested:
            self.check(inner)
        found = self.violations[before:]
        if any(v.kind not in (ViolationKind.unapproved_variant, ViolationKind.provisional) for v in found):
            return  # the nested terms explain why the longer rendering is not there
        # The nested terms are fine or near misses on their own; the longer rendering may be a near
        # miss that spans them («Президентом Казахстан», "Balkan welaýatyda"), so look for it over
        # their spans too: a near miss of the whole is the better explanation.
        nested = [other for other in self.assignment.parents if key in self.assignment.ancestors(other)]
        near = best_variant(forms, self.target, self.taken(besides=nested))
        if near is None and found:
            return
        if near is not None:
            del self.violations[before:]
            for other in nested:
                self.extra.pop(other, None)
            self.extra[key] = (near.start, near.end)
            self.add(
                match,
                ViolationKind.unapproved_variant,
                near.form,
                near,
                f"{quote(near.text)} is not an approved {lang} form; use {quote(near.form)}",
            )
            return
        nominative = forms.main.text
        self.add(
            match,
            ViolationKind.missing,
            nominative,
            None,
            f"{match.text!r} has no approved {lang} rendering in the translation; "
            f"expected {quote(nominative)} (in the right case)",
        )

    def check_hit(self, match: TermMatch, forms: TermForms, hit: Occurrence) -> None:
        lang = self.language.value
        miss = forms.short_variant_miss(self.target, hit)
        if miss is not None and not overlaps((miss.start, miss.end), self.taken(besides=[key_of(match)])):
            self.add(
                match,
                ViolationKind.unapproved_variant,
                miss.form,
                miss,
                f"{quote(miss.text)} is not an approved {lang} form; use {quote(miss.form)}",
            )
            return
        if not forms.capitalisation_ok(self.target, hit):
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
