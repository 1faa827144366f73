"""How a translation fails the term base: each term of the source checked against its renderings."""

from __future__ import annotations

import bisect
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from translate.diagnostics import Finding, Location, Severity
from translate.glossary.forms import (
    Occurrence,
    Target,
    TermForms,
    choose_keys,
    covers,
    expected_case,
    forms_of,
    previous_word,
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
    if not matches:
        return []
    prepared = Target(target)  # normalised, keyed and split into words once for every term
    assignment = assign(termbase, language, matches, prepared)
    checker = _Checker(termbase, language, prepared, assignment)
    for match in matches:
        checker.check(match)
        checker.finished.add(key_of(match))
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
    children: dict[Key, list[Key]] = field(default_factory=dict)
    given: _Spans = field(default_factory=lambda: _Spans())  # the spans of hits and bad, by key

    def ancestors(self, key: Key) -> list[Key]:
        """The keys of the matches ``key`` is nested in, innermost first."""
        found = []
        parent = self.parents.get(key)
        while parent is not None:
            found.append(parent)
            parent = self.parents.get(parent)
        return found

    def descendants(self, key: Key) -> list[Key]:
        """The keys of the matches nested in ``key``, at any depth."""
        found: list[Key] = []
        stack = list(self.children.get(key, ()))
        while stack:
            other = stack.pop()
            found.append(other)
            stack.extend(self.children.get(other, ()))
        return found

    def root(self, key: Key) -> Key:
        """The outermost match ``key`` is nested in (itself when it is not nested)."""
        parent = self.parents.get(key)
        while parent is not None:
            key, parent = parent, self.parents.get(parent)
        return key

    def spans(self, *, besides: Iterable[Key] = ()) -> list[tuple[int, int]]:
        """The target spans given to matches (except those of ``besides``)."""
        skip = set(besides)
        return [
            (occurrence.start, occurrence.end)
            for table in (self.hits, self.bad)
            for key, occurrence in table.items()
            if key not in skip
        ]


class _Spans:
    """Spans of the target held by matches, sorted, for overlap queries in O(log n + found)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.items: list[tuple[int, int, Key]] = []
        self.longest = 0

    def add(self, start: int, end: int, key: Key) -> None:
        place = bisect.bisect_right(self.starts, start)
        self.starts.insert(place, start)
        self.items.insert(place, (start, end, key))
        self.longest = max(self.longest, end - start)

    def remove(self, start: int, end: int, key: Key) -> None:
        place = bisect.bisect_left(self.starts, start)
        while self.items[place] != (start, end, key):
            place += 1
        del self.starts[place], self.items[place]

    def holders(self, start: int, end: int) -> list[Key]:
        """The keys whose spans share a character with ``[start, end)`` (``overlaps``)."""
        found = []
        place = bisect.bisect_left(self.starts, end) - 1
        while place >= 0 and self.items[place][0] >= start - self.longest:
            other_start, other_end, key = self.items[place]
            if start < other_end and other_start < end:
                found.append(key)
            place -= 1
        return found


def assign(
    termbase: TermBase, language: Language, matches: Sequence[TermMatch], target: str | Target
) -> Assignment:
    """Give each source match the target words of its rendering, longest rendering first.

    Approved forms are handed out first, then forbidden ones, each from the longest occurrence down:
    «Председатель Халк Маслахаты» goes to "Chairman of the Halk Maslahaty" before the shorter
    "Halk Maslahaty" can take its last two words, whichever the English names first. A match nested
    in another gets words only while the outer one has none; once the outer one is given words, its
    nested matches give theirs back (the outer rendering contains them). Of two matches of one term
    wanting the same words, the one the English names first gets them.

    Each term's renderings are looked for once, whatever the number of its matches; each occurrence
    then goes to the first of its term's matches still free, so the work grows with the matches and
    occurrences, not with their product.
    """
    prepared = target if isinstance(target, Target) else Target(target)
    assignment = Assignment(forms={}, hits={}, bad={}, parents={})
    order: dict[Key, int] = {}
    by_term: dict[str, list[Key]] = {}

    def visit(match: TermMatch, parent: Key | None) -> None:
        key = key_of(match)
        assignment.parents[key] = parent
        if parent is not None:
            assignment.children.setdefault(parent, []).append(key)
        order.setdefault(key, len(order))
        forms = forms_of(termbase, match.term_id, language)
        if forms is not None:
            assignment.forms[key] = forms
            by_term.setdefault(match.term_id, []).append(key)
        for inner in match.nested:
            visit(inner, key)

    for match in matches:
        visit(match, None)
    approved: list[tuple[Occurrence, str]] = []
    forbidden: list[tuple[Occurrence, str]] = []
    for term_id, keys in by_term.items():
        forms = assignment.forms[keys[0]]
        bad = forms.forbidden_occurrences(prepared)
        starts = [wrong.start for wrong in bad]
        for hit in forms.approved_occurrences(prepared):
            # «Герой Аркадаг» is forbidden even though «Аркадаг» alone is allowed
            if not _covered(hit, bad, starts):
                approved.append((hit, term_id))
        forbidden += [(wrong, term_id) for wrong in bad]
    handout = _Handout(assignment, order, by_term)
    for table, found in ((assignment.hits, approved), (assignment.bad, forbidden)):
        found.sort(key=lambda pair: (-(pair[0].end - pair[0].start), pair[0].start))
        group: list[tuple[Occurrence, str]] = []
        for pair in found:
            if group and (group[0][0].start, group[0][0].end) != (pair[0].start, pair[0].end):
                handout.give(group, table)
                group = []
            group.append(pair)
        if group:
            handout.give(group, table)
    return assignment


def _covered(hit: Occurrence, bad: Sequence[Occurrence], starts: Sequence[int]) -> bool:
    """Whether a forbidden occurrence covers ``hit`` (``bad`` never overlap: one pattern found them)."""
    place = bisect.bisect_right(starts, hit.start) - 1
    while place >= 0 and bad[place].end >= hit.end:
        if covers(bad[place], hit):
            return True
        place -= 1
    return False


class _Handout:
    """Hands occurrences to matches as pairing every occurrence with every match of its term, sorted
    by (longest, leftmost, first named), would, without building those pairs."""

    def __init__(self, assignment: Assignment, order: dict[Key, int], by_term: dict[str, list[Key]]) -> None:
        self.assignment = assignment
        self.order = order
        self.by_term = by_term
        self.skip = {term_id: list(range(len(keys) + 1)) for term_id, keys in by_term.items()}

    def held(self, key: Key) -> bool:
        return key in self.assignment.hits or key in self.assignment.bad

    def free(self, key: Key) -> bool:
        """Neither the match nor one it is nested in holds words (once held, it stays so)."""
        return not self.held(key) and not any(self.held(up) for up in self.assignment.ancestors(key))

    def first_free(self, term_id: str) -> Key | None:
        keys, skip = self.by_term[term_id], self.skip[term_id]
        index = _next(skip, 0)
        while index < len(keys):
            if self.free(keys[index]):
                return keys[index]
            skip[index] = index + 1  # a match that lost its chance never gets one again
            index = _next(skip, index + 1)
        return None

    def candidate(self, occurrence: Occurrence, term_id: str) -> Key | None:
        """The first match of the term that may take ``occurrence`` now."""
        holders = self.assignment.given.holders(occurrence.start, occurrence.end)
        if not holders:
            return self.first_free(term_id)
        # Words already held go only to a match the holders are all nested in.
        options = [
            up
            for up in self.assignment.ancestors(holders[0])
            if up[0] == term_id
            and self.free(up)
            and all(up in self.assignment.ancestors(holder) for holder in holders)
        ]
        return min(options, key=self.order.__getitem__, default=None)

    def give(self, group: Sequence[tuple[Occurrence, str]], table: dict[Key, Occurrence]) -> None:
        """Hand out occurrences that share one span (of different terms), first named match first."""
        while True:
            best: tuple[int, Occurrence, Key] | None = None
            for occurrence, term_id in group:
                key = self.candidate(occurrence, term_id)
                if key is not None and (best is None or self.order[key] < best[0]):
                    best = (self.order[key], occurrence, key)
            if best is None:
                return
            _, occurrence, key = best
            for other in self.assignment.descendants(key):
                for inner_table in (self.assignment.hits, self.assignment.bad):
                    lost = inner_table.pop(other, None)
                    if lost is not None:
                        self.assignment.given.remove(lost.start, lost.end, other)
            table[key] = occurrence
            self.assignment.given.add(occurrence.start, occurrence.end, key)


def _next(skip: list[int], index: int) -> int:
    """The first index from ``index`` not skipped (a union-find walk, halving the path as it goes)."""
    while skip[index] != index:
        skip[index] = skip[skip[index]]
        index = skip[index]
    return index


class _Checker:
    def __init__(
        self, termbase: TermBase, language: Language, target: Target, assignment: Assignment
    ) -> None:
        self.termbase = termbase
        self.language = language
        self.prepared = target
        self.target = target.text
        self.assignment = assignment
        self.extra: dict[Key, tuple[int, int]] = {}  # spans of near misses, by match
        self.extra_spans = _Spans()
        self.finished: set[Key] = set()  # outermost matches checked: their spans are final
        self.gone: dict[int, list[int]] = {}  # per term's forms: near misses no match can take any more
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

    def holders(self, start: int, end: int, besides: set[Key]) -> list[Key]:
        """The matches (except ``besides``) whose words or near misses overlap ``[start, end)``."""
        return [
            key
            for spans in (self.assignment.given, self.extra_spans)
            for key in spans.holders(start, end)
            if key not in besides
        ]

    def final(self, key: Key) -> bool:
        """Whether ``key``'s spans stay as they are for every match still to check: it is outermost
        (never excepted as nested), or its outermost match has been checked."""
        return self.assignment.parents.get(key) is None or self.assignment.root(key) in self.finished

    def near_miss(self, forms: TermForms, besides: set[Key]) -> Occurrence | None:
        """``best_variant`` over the text's near misses of ``forms`` that no match but ``besides``
        holds; one held for good is skipped from then on, so each is looked at about once."""
        windows = self.prepared.windows
        near = windows.near_misses(forms)
        skip = self.gone.get(id(forms))
        if skip is None:
            skip = self.gone[id(forms)] = list(range(len(near) + 1))
        index = _next(skip, 0)
        while index < len(near):
            _, start, end = near[index]
            holders = self.holders(start, end, besides)
            if not holders:
                return windows.variant_at(forms, start, end)
            if any(self.final(key) for key in holders):
                skip[index] = index + 1
            index = _next(skip, index + 1)
        return None

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
        nested = self.assignment.descendants(key)
        near = self.near_miss(forms, set(nested))
        if near is None and found:
            return
        if near is not None:
            del self.violations[before:]
            for other in nested:
                span = self.extra.pop(other, None)
                if span is not None:
                    self.extra_spans.remove(*span, other)
            self.extra[key] = (near.start, near.end)
            self.extra_spans.add(near.start, near.end, key)
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
        if miss is not None and not self.holders(miss.start, miss.end, {key_of(match)}):
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
