"""Finding terms in English sources: one automaton pass, overlaps resolved by span, nested terms inside."""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ahocorasick

from translate.glossary.termbase import TermBase, _sense_patterns

_SAME_LENGTH = str.maketrans({"’": "'", "‘": "'", "\u00a0": " ", "\u202f": " ", "ё": "е", "Ё": "Е"})
_FOLDED = re.compile("[" + "".join(map(chr, _SAME_LENGTH)) + "]")


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
    # Most texts have none of these: finding that out is much cheaper than translating.
    return text.translate(_SAME_LENGTH) if _FOLDED.search(text) else text


def _lower_same_length(text: str) -> str:
    # Only «İ» lowers to two characters, and only «Σ» lowers by context (a final «ς»): without them
    # the whole string lowers as its characters do, at C speed.
    if "\u0130" not in text and "\u03a3" not in text:
        return text.lower()
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
    cased = upper = 0
    for char, times in Counter(line).items():  # each distinct character looked at once
        if char.isalpha() and char.lower() != char.upper():
            cased += times
            upper += times if char.isupper() else 0
    return cased >= 4 and upper >= 0.8 * cased


def is_word_char(text: str, index: int) -> bool:
    """Whether ``text[index]`` exists and is what ``\\w`` matches in a ``str`` pattern (a letter, digit
    or numeral, or ``_``), tested without a regex call: every automaton hit is tested at both ends."""
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] == "_")


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
    senses = _Senses(termbase, normal)
    headlines: dict[int, bool] = {}
    candidates: dict[tuple[int, int, str], TermMatch] = {}
    for end_index, (length, entries) in automaton.iter(lowered):
        start, end = end_index - length + 1, end_index + 1
        if is_word_char(normal, start - 1) or is_word_char(normal, end):
            continue
        surface = normal[start:end]
        possessive = normal[end : end + 2] == "'s" and not is_word_char(normal, end + 2)
        headline = surface.isupper() and _in_headline_line(normal, start, end, headlines)
        for term_id, form, ignore_case in entries:
            if not (_case_ok(surface, form, ignore_case) or (headline and surface == form.upper())):
                continue
            if not senses.applies(term_id, start, end):
                continue
            if (start, end, term_id) not in candidates:
                candidates[(start, end, term_id)] = TermMatch(
                    term_id, start, end, text[start:end], form, possessive
                )
                break
    # The longest match wins an overlap wherever it starts ("Balkan velayat" over a shorter term ending
    # inside it), so the result does not depend on which term the English names first.
    if len(candidates) <= 1:
        return list(candidates.values())  # nothing to choose between (most sentences)
    ordered = sorted(candidates.values(), key=lambda match: (-(match.end - match.start), match.start))
    return _Selection(ordered).select(0, len(text), None)


class _Senses:
    """Where each sense rule of a term matches in one text, found once per term, not per occurrence."""

    def __init__(self, termbase: TermBase, text: str) -> None:
        self.termbase = termbase
        self.text = text
        self.found: dict[str, tuple[list[int], list[int]] | None] = {}

    def applies(self, term_id: str, start: int, end: int) -> bool:
        """``Term.applies`` at ``text[start:end]``, from the rule's matches found the first time."""
        if term_id not in self.found:
            term = self.termbase.get(term_id)
            if not term.when:
                self.found[term_id] = None
            else:
                spans = sorted(
                    found.span()
                    for pattern in _sense_patterns(term.when)
                    for found in pattern.finditer(self.text)
                )
                reach: list[int] = []  # the furthest end among the spans up to each one
                for _, span_end in spans:
                    reach.append(max(span_end, reach[-1]) if reach else span_end)
                self.found[term_id] = ([span_start for span_start, _ in spans], reach)
        found = self.found[term_id]
        if found is None:
            return True
        starts, reach = found
        count = bisect.bisect_left(starts, end)  # the spans that start before ``end``
        return count > 0 and reach[count - 1] > start


def _in_headline_line(text: str, start: int, end: int, lines: dict[int, bool]) -> bool:
    """``in_headline``, judged once per line of ``text`` (a long text has many matches per line)."""
    line_start = text.rfind("\n", 0, start) + 1
    if line_start not in lines:
        lines[line_start] = in_headline(text, start, end)
    return lines[line_start]


class _Selection:
    """Which candidates win their overlaps, level by level (each pick in O(log n), not O(n))."""

    def __init__(self, ordered: Sequence[TermMatch]) -> None:
        self.rank = {id(match): rank for rank, match in enumerate(ordered)}
        self.ordered = ordered
        self.by_start = sorted(ordered, key=lambda match: match.start)
        self.starts = [match.start for match in self.by_start]

    def select(self, low: int, high: int, parent: TermMatch | None) -> list[TermMatch]:
        """The candidates inside ``[low, high]`` (not the parent's own span), longest first, each with
        the terms nested in it; disjoint, in text order."""
        if parent is None:
            inside: Sequence[TermMatch] = self.ordered
        else:
            first, last = bisect.bisect_left(self.starts, low), bisect.bisect_left(self.starts, high)
            if last - first == 1:
                return []  # the parent alone starts in its span (most matches have nothing inside)
            inside = sorted(
                (
                    match
                    for match in self.by_start[first:last]
                    if match.end <= high and (match.start, match.end) != (parent.start, parent.end)
                ),
                key=lambda match: self.rank[id(match)],
            )
        starts: list[int] = []
        chosen: dict[int, TermMatch] = {}  # by start: the chosen matches never overlap
        for match in inside:
            place = bisect.bisect_left(starts, match.start)
            if place < len(starts) and starts[place] < match.end:
                continue
            if place > 0 and chosen[starts[place - 1]].end > match.start:
                continue
            nested = self.select(match.start, match.end, match)
            starts.insert(place, match.start)
            # A candidate has nothing nested yet: without nested terms it is its own result.
            chosen[match.start] = dataclasses.replace(match, nested=tuple(nested)) if nested else match
        return [chosen[start] for start in starts]
