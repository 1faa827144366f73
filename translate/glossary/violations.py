"""How a translation fails the term base: each term of the source checked against its renderings."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from translate.glossary.forms import (
    Occurrence,
    best_variant,
    capitalisation_ok,
    covers,
    expected_case,
    overlaps,
    term_forms,
)
from translate.glossary.matching import TermMatch, find_source_terms
from translate.glossary.termbase import Status, TermBase
from translate.languages import Language


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


def quote(value: str) -> str:
    """A rendering as notes and messages show it."""
    return f"«{value}»"


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
            if not overlaps((occurrence.start, occurrence.end), self.taken):
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
