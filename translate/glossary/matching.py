"""Finding terms in English sources: one automaton pass, overlaps resolved by span, nested terms inside."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ahocorasick

from translate.glossary.termbase import TermBase

_SAME_LENGTH = str.maketrans({"’": "'", "‘": "'", "\u00a0": " ", "\u202f": " ", "ё": "е", "Ё": "Е"})
_WORD_CHAR = re.compile(r"\w")


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


def normalise(text: str) -> str:
    """``text`` with quotes, spaces and ё folded to one spelling, at the same length (so spans stay valid)."""
    return text.translate(_SAME_LENGTH)


def _lower_same_length(text: str) -> str:
    return "".join(lower if len(lower := char.lower()) == 1 else char for char in text)


@lru_cache(maxsize=8)
def _automaton(termbase: TermBase) -> Any:
    automaton = ahocorasick.Automaton()
    entries: dict[str, list[tuple[str, str, bool]]] = {}
    for term in termbase:
        for form in term.english_forms:
            key = _lower_same_length(normalise(form))
            entries.setdefault(key, [])
            if all(existing[0] != term.id for existing in entries[key]):
                entries[key].append((term.id, normalise(form), term.ignore_case))
    for values in entries.values():
        # A term with a sense rule is the more specific reading of a shared form: try it first.
        values.sort(key=lambda value: not termbase.get(value[0]).when)
    for key, values in entries.items():
        automaton.add_word(key, (len(key), tuple(values)))
    if entries:
        automaton.make_automaton()
    return automaton


def in_headline(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` sits in an ALL-CAPS line (a headline), so its capitals say nothing."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    cased = [char for char in line if char.isalpha() and char.lower() != char.upper()]
    if len(cased) < 4:
        return False
    return sum(char.isupper() for char in cased) >= 0.8 * len(cased)


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
    normal = normalise(text)
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
        headline = surface.isupper() and in_headline(normal, start, end)
        for term_id, form, ignore_case in entries:
            if not (_case_ok(surface, form, ignore_case) or (headline and surface == form.upper())):
                continue
            if not termbase.get(term_id).applies(normal, start, end):
                continue
            if (start, end, term_id) not in candidates:
                candidates[(start, end, term_id)] = TermMatch(
                    term_id, start, end, text[start:end], form, possessive
                )
                break
    # The longest match wins an overlap wherever it starts ("Balkan velayat" over a shorter term ending
    # inside it), so the result does not depend on which term the English names first.
    ordered = sorted(candidates.values(), key=lambda match: (-(match.end - match.start), match.start))
    return _select(ordered, 0, len(text), None)


def _select(
    candidates: Sequence[TermMatch], low: int, high: int, parent: TermMatch | None
) -> list[TermMatch]:
    chosen: list[TermMatch] = []
    inside = [
        match
        for match in candidates
        if low <= match.start
        and match.end <= high
        and (parent is None or (match.start, match.end) != (parent.start, parent.end))
    ]
    for match in inside:
        if any(match.start < other.end and other.start < match.end for other in chosen):
            continue
        nested = _select(inside, match.start, match.end, match)
        chosen.append(
            TermMatch(
                match.term_id, match.start, match.end, match.text, match.form, match.possessive, tuple(nested)
            )
        )
    return sorted(chosen, key=lambda match: match.start)
