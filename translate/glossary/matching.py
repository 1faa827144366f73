"""Finding terms in English sources: one automaton pass, longest match first, nested terms inside."""

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
