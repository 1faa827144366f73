"""Lint of the term base: duplicates, overlaps, conflicts, gaps and forms the rules cannot generate."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from translate.glossary.termbase import Status, Term, TermBase
from translate.languages import ALL_LANGUAGES


@dataclass(frozen=True, slots=True)
class LintFinding:
    """One problem (or hint) about the term base; ``severity`` is error, warning or info."""

    severity: str
    term_id: str
    location: str
    message: str


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
            if key == text or _is_word_char(text, start - 1) or _is_word_char(text, end + 1):
                continue
            for index, rank, form in owners[key]:
                if terms[index].id != term.id and (index not in best or rank < best[index][0]):
                    best[index] = (rank, form)
        for index in sorted(best):
            yield term, terms[index], best[index][1]


def _is_word_char(text: str, index: int) -> bool:
    """Whether ``text[index]`` exists and is what ``\\w`` matches."""
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] == "_")


def lint_termbase(termbase: TermBase) -> list[LintFinding]:
    """Duplicates, overlaps, conflicts, missing or provisional languages, forms that can't be generated."""
    findings: list[LintFinding] = []

    def add(severity: str, term: Term, message: str, location: str = "") -> None:
        findings.append(LintFinding(severity, term.id, location or term.location, message))

    owners: dict[str, Term] = {}
    for term in termbase:
        for form in term.english_forms:
            key = form.casefold()
            other = owners.get(key)
            if other is not None and other.id != term.id:
                add("error", term, f"English form {form!r} also belongs to {other.id} ({other.location})")
            owners.setdefault(key, term)
    for term, other, inner in _nested_terms(termbase):
        add("info", term, f"contains {other.id} ({inner!r}); the longer term wins where both match")
    for language in ALL_LANGUAGES:
        approved: dict[str, Term] = {}
        forbidden: dict[str, Term] = {}
        for term in termbase:
            rendering = term.rendering(language)
            if rendering is None:
                add("warning", term, f"no {language.value} rendering; add [{term.id}.{language.value}]")
                continue
            if rendering.status is Status.missing:
                add("warning", term, f"{language.value} rendering is marked missing", rendering.location)
                continue
            if rendering.status is Status.provisional:
                add(
                    "info",
                    term,
                    f"{language.value} rendering {rendering.text!r} is provisional",
                    rendering.location,
                )
            for value in (rendering.text, *rendering.variants):
                other = approved.get(value.casefold())
                if other is not None and other.id != term.id:
                    add(
                        "warning",
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
                    "error",
                    term,
                    f"{language.value} forms can't be generated: {forms.problem}",
                    rendering.location,
                )
        for key, term in approved.items():
            other = forbidden.get(key)
            if other is not None and other.id != term.id:
                add("error", term, f"{language.value} rendering {key!r} is forbidden by {other.id}")
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda finding: order[finding.severity])
