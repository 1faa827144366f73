"""Glossary enforcement around a translator: machine output gets the approved rendering in the right form.

Models mistranslate titles ("Halk Maslahaty" → «Народный совет», "velayat" → «область»). For each term
found in the English source, the translation is searched for, in order: an approved form (kept, its
capitalisation fixed); a forbidden rendering in any of its forms (replaced by the approved rendering in
the same case, number and possessive — «в Балканской области» → «в Балканском велаяте», the case taken
from the forbidden form and, where that is ambiguous, from the preposition before it); the nested terms
of a longer term (each enforced on its own); a near miss of an approved form (replaced by the form it is
closest to, which carries its case). What is still not compliant afterwards is reported in notes saying
which term and why; provisional renderings are used but flagged for review.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.catalog.notes import NoteKind
from translate.diagnostics import Severity
from translate.engine.translator import Translation, Translator
from translate.glossary.forms import (
    Occurrence,
    at_sentence_start,
    best_variant,
    choose_keys,
    covers,
    expected_case,
    forms_of,
    previous_word,
)
from translate.glossary.matching import TermMatch, find_source_terms
from translate.glossary.termbase import TermBase
from translate.glossary.tomlfile import load_project_termbase
from translate.glossary.violations import (
    Key,
    TermViolation,
    ViolationKind,
    assign,
    check_arguments,
    check_translation,
    key_of,
)
from translate.languages import Language, as_language


@dataclass(frozen=True, slots=True)
class Replacement:
    """One change enforcement made to a translation."""

    term_id: str
    old: str
    new: str
    reason: ViolationKind


@dataclass(frozen=True, slots=True)
class Enforcement:
    """A translation after enforcement: the text, what changed, and what is still wrong."""

    text: str
    replacements: tuple[Replacement, ...]
    violations: tuple[TermViolation, ...]

    @property
    def compliant(self) -> bool:
        """True when no error-severity violation is left (provisional renderings are warnings)."""
        return not any(violation.severity is Severity.serious for violation in self.violations)

    @property
    def notes(self) -> tuple[str, ...]:
        """``#.`` lines for the catalog: which term is still wrong and why, and provisional renderings."""
        return tuple(NoteKind.glossary.prefix + violation.message for violation in self.violations)


class _Enforcer:
    def __init__(self, termbase: TermBase, language: Language, text: str) -> None:
        self.termbase = termbase
        self.language = language
        self.text = text
        self.taken: list[tuple[int, int]] = []
        self.replacements: list[Replacement] = []
        self.settled: set[Key] = set()  # matches whose approved rendering is already in the text

    def settle(self, matches: Sequence[TermMatch]) -> None:
        """Keep every approved rendering already there (handed out by span, as the checker does)."""
        assignment = assign(self.termbase, self.language, matches, self.text)
        # Nested matches are left to ``enforce``: their outer match may still be a near miss over them.
        hits = sorted(
            ((key, hit) for key, hit in assignment.hits.items() if assignment.parents[key] is None),
            key=lambda item: -item[1].start,
        )
        for key, hit in hits:
            self.settled.add(key)
            self.settled.update(other for other in assignment.parents if key in assignment.ancestors(other))
            self.taken.append((hit.start, hit.end))
        for key, hit in hits:  # right to left, so a fix never moves a span still to be fixed
            forms = assignment.forms[key]
            if not forms.capitalisation_ok(self.text, hit):
                self.taken.remove((hit.start, hit.end))
                fixed = expected_case(self.text, hit.start, hit.form)
                self.replace(key[0], hit, fixed, ViolationKind.capitalisation)

    def free(self, occurrences: Sequence[Occurrence]) -> Occurrence | None:
        for occurrence in occurrences:
            if not any(occurrence.start < end and start < occurrence.end for start, end in self.taken):
                return occurrence
        return None

    def replace(self, term_id: str, occurrence: Occurrence, new: str, reason: ViolationKind) -> None:
        if at_sentence_start(self.text, occurrence.start):
            new = new[:1].upper() + new[1:]
        delta = len(new) - (occurrence.end - occurrence.start)
        self.text = self.text[: occurrence.start] + new + self.text[occurrence.end :]
        self.taken = [
            (start + delta, end + delta) if start >= occurrence.end else (start, end)
            for start, end in self.taken
        ]
        self.taken.append((occurrence.start, occurrence.start + len(new)))
        if new != occurrence.text:
            self.replacements.append(Replacement(term_id, occurrence.text, new, reason))

    def enforce(self, match: TermMatch) -> bool:
        """Make the translation carry ``match``'s approved rendering; say whether it does."""
        if key_of(match) in self.settled:
            return True
        forms = forms_of(self.termbase, match.term_id, self.language)
        if forms is None:
            return all([self.enforce(inner) for inner in match.nested])
        hit, bad = (
            self.free(forms.approved_occurrences(self.text)),
            self.free(forms.forbidden_occurrences(self.text)),
        )
        if hit is not None and bad is not None and covers(bad, hit):
            hit = None  # a forbidden rendering that contains an allowed one («Герой Аркадаг»)
        if hit is not None:
            if forms.capitalisation_ok(self.text, hit):
                self.taken.append((hit.start, hit.end))
            else:
                fixed = expected_case(self.text, hit.start, hit.form)
                self.replace(match.term_id, hit, fixed, ViolationKind.capitalisation)
            return True
        if bad is not None:
            previous = previous_word(self.text, bad.start)
            keys = choose_keys(self.language, bad.keys, previous, possessive=match.possessive)
            self.replace(match.term_id, bad, forms.form_for(keys), ViolationKind.forbidden)
            return True
        if match.nested:
            taken = len(self.taken)
            if not all([self.enforce(inner) for inner in match.nested]):
                return False
            # With the nested renderings right, the longer rendering may now be there, or be a near
            # miss over them; its span includes theirs.
            spans = self.taken[taken:]
            del self.taken[taken:]
            hit = self.free(forms.approved_occurrences(self.text))
            if hit is not None:
                self.taken.append((hit.start, hit.end))
                return True
            near = best_variant(forms, self.text, self.taken)
            if near is not None:
                self.replace(match.term_id, near, near.form, ViolationKind.unapproved_variant)
                return True
            self.taken.extend(spans)
            return False
        near = best_variant(forms, self.text, self.taken)
        if near is not None:
            self.replace(match.term_id, near, near.form, ViolationKind.unapproved_variant)
            return True
        return False


def enforce(termbase: TermBase, language: Language | str, source: str, target: str) -> Enforcement:
    """Enforce the term base on ``target``, a translation of English ``source`` (``language`` is a
    ``Language`` or a code such as ``"ru"``)."""
    check_arguments(termbase, source, target)
    language = as_language(language)
    enforcer = _Enforcer(termbase, language, target)
    matches = find_source_terms(termbase, source)
    enforcer.settle(matches)
    for match in matches:
        enforcer.enforce(match)
    violations = check_translation(termbase, language, source, enforcer.text)
    return Enforcement(enforcer.text, tuple(enforcer.replacements), tuple(violations))


class GlossaryTranslator:
    """A ``Translator`` that enforces the term base on another translator's output.

    It composes like a cache: ``GlossaryTranslator(CachedTranslator(engine), termbase)``. Notes of
    terms still not compliant (and of provisional renderings) are added to ``Translation.notes``.
    """

    def __init__(self, inner: Translator, termbase: TermBase) -> None:
        self.inner = inner
        self.termbase = termbase

    @property
    def language(self) -> Language:
        """The target language (the inner translator's)."""
        return self.inner.language

    @property
    def name(self) -> str:
        """Provenance: the inner translator's name (enforcement is reported in notes)."""
        return self.inner.name

    def translate_batch(self, segments: Sequence[str]) -> list[Translation]:
        """Translate with the inner translator, then enforce the term base on each result."""
        results = self.inner.translate_batch(segments)
        return [self.apply(source, result) for source, result in zip(segments, results, strict=True)]

    def apply(self, source: str, result: Translation) -> Translation:
        """Enforce the term base on one result of the inner translator."""
        outcome = enforce(self.termbase, self.language, source, result.text)
        return Translation(text=outcome.text, origin=result.origin, notes=(*result.notes, *outcome.notes))


@dataclass(frozen=True, slots=True)
class Compliance:
    """How many term occurrences of a set of translations use an approved rendering."""

    compliant: int
    total: int

    @property
    def ratio(self) -> float:
        """Compliant share (1.0 when there are no terms)."""
        return self.compliant / self.total if self.total else 1.0


def compliance(termbase: TermBase, language: Language, pairs: Sequence[tuple[str, str]]) -> Compliance:
    """Count outermost term occurrences in the sources and those whose translation has no error."""
    compliant = total = 0
    for source, target in pairs:
        violations = [
            v for v in check_translation(termbase, language, source, target) if v.severity is Severity.serious
        ]
        for match in find_source_terms(termbase, source):
            if _has_rendering(termbase, language, match):
                total += 1
                if not any(match.start <= v.source_start and v.source_end <= match.end for v in violations):
                    compliant += 1
    return Compliance(compliant, total)


def _has_rendering(termbase: TermBase, language: Language, match: TermMatch) -> bool:
    return any(
        (term := termbase.find(inner.term_id)) is not None and term.usable_rendering(language) is not None
        for inner in match.walk()
    )


def with_glossary(
    translators: Mapping[Language, Translator], glossary_dir: Path
) -> dict[Language, Translator]:
    """Wrap every translator in glossary enforcement when ``glossary_dir`` holds a term base.

    The term base is loaded (and validated) once, before any catalog is touched; without one the
    translators are returned as they are. An engine that returns n-best lists decodes glossary-aware
    first (``translate.glossary.decoding``); enforcement is the last step either way.
    """
    termbase = load_project_termbase(glossary_dir) if translators else None
    if termbase is None:
        return dict(translators)
    return wrap_translators(translators, termbase)


def wrap_translators(
    translators: Mapping[Language, Translator], termbase: TermBase
) -> dict[Language, Translator]:
    """Every translator behind ``termbase``: glossary-aware decoding where the engine returns n-best
    lists (``translate.glossary.decoding``), then enforcement as the last step."""
    from translate.glossary.decoding import term_aware

    return {
        language: GlossaryTranslator(term_aware(translator, termbase), termbase)
        for language, translator in translators.items()
    }
