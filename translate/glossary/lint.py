"""Lint of the term base: duplicates, overlaps, conflicts, gaps and forms the rules get wrong."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from pathlib import Path

from translate.diagnostics import Finding, Location, Severity
from translate.glossary.matching import is_word_char
from translate.glossary.termbase import Rendering, Status, Term, TermBase, TermKind
from translate.languages import ALL_LANGUAGES, Language
from translate.morphology.paradigm import Paradigm


def _nested_terms(termbase: TermBase) -> Iterator[tuple[Term, Term, str]]:
    """``(term, other, form)`` where ``other``'s English ``form`` is a whole-word part of ``term.en``.

    One Aho-Corasick pass per term over every English form (a regex per pair recompiled each time
    once the base outgrew ``re``'s cache, so linting a thousand terms took minutes).
    """
    import ahocorasick

    terms = list(termbase)
    owners: dict[str, list[tuple[int, int, str]]] = {}
    for index, other in enumerate(terms):
        for rank, form in enumerate(other.english_forms):
            if form:
                owners.setdefault(form.casefold(), []).append((index, rank, form))
    automaton = ahocorasick.Automaton()
    for key in owners:
        automaton.add_word(key, key)
    if not owners:
        return
    automaton.make_automaton()
    for term in terms:
        text = term.en.casefold()
        best: dict[int, tuple[int, str]] = {}
        for end, key in automaton.iter(text):
            start = end - len(key) + 1
            if key == text or is_word_char(text, start - 1) or is_word_char(text, end + 1):
                continue
            for index, rank, form in owners[key]:
                if terms[index].id != term.id and (index not in best or rank < best[index][0]):
                    best[index] = (rank, form)
        for index in sorted(best):
            yield term, terms[index], best[index][1]


_FRONT = {Language.tk: frozenset("eäöüi"), Language.kk: frozenset("әөүіе")}
_BACK = {Language.tk: frozenset("aouy"), Language.kk: frozenset("аоұыя")}
_POSSESSIVE_FINALS = {Language.tk: ("y", "i"), Language.kk: ("ы", "і")}


def _paradigm_doubts(term: Term, rendering: Rendering, forms: Paradigm) -> list[tuple[str, Severity, str]]:
    """``(code, severity, message)``: why the forms of ``rendering`` may be wrong though they were generated.

    Russian: words pymorphy3 does not know but declines anyway (their forms are guesses: info).
    Turkic multiword renderings: a last word ending like a 3rd-person possessive that takes plain
    endings ("Ahal welaýaty" → "Ahal welaýatyda"), and forms whose ending breaks vowel harmony (a
    wrong ``stem`` or spelled-out form): warnings.
    """
    language = rendering.language
    if rendering.inflection.indeclinable or forms.problem:
        return []
    if language is Language.ru:
        return [("guessed-forms", Severity.info, message) for message in _unknown_russian(rendering, forms)]
    doubts: list[tuple[str, Severity, str]] = []
    words = rendering.text.split()
    last = words[-1]
    if len(words) < 2 or term.kind is TermKind.person:
        return doubts
    if not rendering.inflection.possessive and last.lower().endswith(_POSSESSIVE_FINALS[language]):
        loc = next((form.text for form in forms if form.key.case == "loc" and not form.key.possessive), "")
        doubts.append(
            (
                "possessive",
                Severity.warning,
                f"rendering {rendering.text!r} ends like a 3rd-person possessive but takes plain "
                f"endings ({loc!r}); set possessive = true if it is one",
            )
        )
    stem_back = _is_back(language, last)
    stem = last.lower()[:-1]
    # Front and back vowels are disjoint sets: an ending breaks harmony when it holds one of the other set.
    other = _FRONT[language] if stem_back else _BACK[language]
    for form in forms:
        if form.key.adjective or (language is Language.kk and form.key.case == "ins"):
            continue  # the Kazakh instrumental -мен/-бен/-пен does not harmonise
        words_of_form = form.text.split()
        tail = words_of_form[-1] if words_of_form else ""
        ending = tail[len(last) :] if tail.lower().startswith(stem) else ""
        if not other.isdisjoint(ending.lower()):
            doubts.append(
                (
                    "harmony",
                    Severity.warning,
                    f"form {form.key} {form.text!r} breaks vowel harmony with {last!r}",
                )
            )
            break
    return doubts


def _is_back(language: Language, word: str) -> bool:
    for char in reversed(word.lower()):
        if char in _BACK[language]:
            return True
        if char in _FRONT[language]:
            return False
    return True


def _unknown_russian(rendering: Rendering, forms: Paradigm) -> list[str]:
    """Words pymorphy3's dictionary does not know that still change in the forms: they are guesses."""
    from translate.morphology.ru import is_known_word

    words = rendering.text.split()
    changing = set()
    for form in forms:
        if form.key.adjective:
            continue
        for index, (word, got) in enumerate(zip(words, form.text.split(), strict=False)):
            if word != got:
                changing.add(index)
    unknown = [
        words[index]
        for index in sorted(changing)
        if words[index] not in rendering.inflection.fixed
        and not all(is_known_word(part) for part in words[index].split("-"))
    ]
    if not unknown:
        return []
    return [
        f"rendering {rendering.text!r}: pymorphy3 does not know {', '.join(map(repr, unknown))}; "
        "its forms are guessed (check `translate glossary forms`, or mark it fixed / give forms)"
    ]


def lint_termbase(termbase: TermBase, root: Path | None = None) -> list[Finding]:
    """Duplicates, overlaps, conflicts, missing or provisional languages, forms that can't be generated.

    Each finding is about a term (its ``subject``, which its message starts with), at the term's or the
    rendering's place in the term base, named relative to the project ``root`` when given; serious ones
    come first.
    """
    with _no_cycle_collection():
        return _lint(termbase, root)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while linting: building every paradigm of a large base allocates
    millions of small objects, and each full collection walks the whole base again (a third of the time
    at 16,000 terms). Nothing here makes reference cycles; the collector runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _lint(termbase: TermBase, root: Path | None) -> list[Finding]:
    findings: list[Finding] = []

    def where(location: Location | None) -> Location | None:
        return location.within(root) if location is not None else None

    def add(
        code: str, severity: Severity, term: Term, message: str, location: Location | None = None
    ) -> None:
        findings.append(
            Finding(
                code,
                severity,
                f"{term.id}: {message}",  # as a glossary violation names its term
                location=where(location or term.location),
                subject=term.id,
            )
        )

    owners: dict[str, Term] = {}
    for term in termbase:
        for form in term.english_forms:
            key = form.casefold()
            other = owners.get(key)
            if other is not None and other.id != term.id:
                if term.when or other.when:
                    # Two senses of one word, told apart by a sense rule ("Arkadag": city or title).
                    add(
                        "shared-form",
                        Severity.info,
                        term,
                        f"English form {form!r} is shared with {other.id}; `when` decides",
                    )
                else:
                    add(
                        "duplicate-form",
                        Severity.serious,
                        term,
                        f"English form {form!r} also belongs to {other.id} ({where(other.location)})",
                    )
            owners.setdefault(key, term)
    for term, other, inner in _nested_terms(termbase):
        add(
            "nested",
            Severity.info,
            term,
            f"contains {other.id} ({inner!r}); the longer term wins where both match",
        )
    for language in ALL_LANGUAGES:
        approved: dict[str, Term] = {}
        forbidden: dict[str, Term] = {}
        for term in termbase:
            rendering = term.rendering(language)
            if rendering is None:
                add(
                    "no-rendering",
                    Severity.warning,
                    term,
                    f"no {language.value} rendering; add [{term.id}.{language.value}]",
                )
                continue
            if rendering.status is Status.missing:
                add(
                    "missing",
                    Severity.warning,
                    term,
                    f"{language.value} rendering is marked missing",
                    rendering.location,
                )
                continue
            if rendering.status is Status.provisional:
                add(
                    "provisional",
                    Severity.info,
                    term,
                    f"{language.value} rendering {rendering.text!r} is provisional",
                    rendering.location,
                )
            for value in (rendering.text, *rendering.variants):
                other = approved.get(value.casefold())
                if other is not None and other.id != term.id:
                    add(
                        "shared-rendering",
                        Severity.info if term.when or other.when else Severity.warning,
                        term,
                        f"{language.value} rendering {value!r} is also used by {other.id}",
                        rendering.location,
                    )
                approved.setdefault(value.casefold(), term)
            for value in rendering.forbidden:
                forbidden.setdefault(value.casefold(), term)
            forms = rendering.paradigm(term.kind)
            if forms.problem:
                add(
                    "forms",
                    Severity.serious,
                    term,
                    f"{language.value} forms can't be generated: {forms.problem}",
                    rendering.location,
                )
            for code, severity, message in _paradigm_doubts(term, rendering, forms):
                add(code, severity, term, f"{language.value} {message}", rendering.location)
        for key, term in approved.items():
            other = forbidden.get(key)
            if other is not None and other.id != term.id:
                add(
                    "forbidden-conflict",
                    Severity.serious,
                    term,
                    f"{language.value} rendering {key!r} is forbidden by {other.id}",
                )
    return sorted(findings, key=lambda finding: -finding.severity.rank)
