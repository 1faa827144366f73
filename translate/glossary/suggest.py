"""Candidate terms: recurring capitalised names in English sources that the term base does not know yet."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from translate.glossary.matching import find_source_terms
from translate.glossary.termbase import TermBase

# Words that are capitalised only because they start a sentence, and calendar names.
_STARTER_WORDS = (
    "a an the in on at as of for from with by to during after before along within between over under "
    "this that these those there it its our their his her we they he she one two some many all each "
    "today tomorrow yesterday however meanwhile also and but or if when while since according among "
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday"
)
_STARTERS = frozenset(_STARTER_WORDS.split())
# Common nouns that news English capitalises when they stand for an entity named in full nearby ("the
# Organization" for the Organization of Turkic States, "President" before a name, "the East"): alone they
# name nothing a term base could render once and for all, and the full name is proposed where it occurs.
_GENERIC_WORDS = (
    "president minister chairman head leader organization council government ministry parliament committee "
    "summit state states republic city region union east west north south"
)
_GENERIC = frozenset(_GENERIC_WORDS.split())
_CONTEXT = 40
"""Characters of context on either side of a candidate, widened or narrowed to whole words."""
_CONNECTORS = ("of the", "of", "de")
_CAPITALISED = r"(?:[A-Z][A-Za-z’']*(?:-[A-Z][A-Za-z’']*)*|[A-Z]{2,}\d*)"
_JOINERS = "|".join(connector.replace(" ", r"\s+") for connector in _CONNECTORS)
_NAME = re.compile(rf"{_CAPITALISED}(?:(?:\s+(?:{_JOINERS}))?\s+{_CAPITALISED})*")
_SENTENCE_END = re.compile(r"[.!?:;\n]\s*[\"“«(]*$")
# Only a new sentence capitalises a common word; after ";" or ":" a capital is the writer's own.
_FULL_STOP = re.compile(r"[.!?\n]\s*[\"“«(]*$")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A name the term base could take: how often it occurs, where, and a few contexts."""

    text: str
    count: int
    sources: tuple[str, ...]
    contexts: tuple[str, ...]


def _sentence_start(text: str, start: int, end: re.Pattern[str] = _SENTENCE_END) -> bool:
    before = text[max(0, start - 5) : start]
    return start == 0 or not text[:start].strip() or bool(end.search(before))


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a found name: drop a sentence-initial function word, split long hyphen chains (routes)."""
    words = list(re.finditer(r"\S+", text[start:end]))
    while words and (
        words[0].group(0).lower() in _STARTERS or (words[0].group(0).lower() in ("of", "the", "de"))
    ):
        words.pop(0)
    while words and words[-1].group(0).lower() in ("of", "the", "de"):
        words.pop()
    if not words:
        return []
    first, last = start + words[0].start(), start + words[-1].end()
    if len(words) == 1 and words[0].group(0).count("-") >= 2:
        # "China-Kazakhstan-Turkmenistan-Iran" is a route of names, not one name.
        pieces = []
        offset = first
        for part in words[0].group(0).split("-"):
            pieces.append((offset, offset + len(part)))
            offset += len(part) + 1
        return pieces
    return [(first, last)]


def suggest_terms(
    termbase: TermBase, documents: Sequence[tuple[str, str]], *, min_count: int = 1
) -> list[Candidate]:
    """Capitalised names in ``documents`` (pairs of name and English text) not covered by the term base.

    A name is a run of capitalised words (with "of", "of the"... inside), an acronym, or a hyphenated
    name; a lone capitalised word counts only away from a sentence start. Names whose every word the
    term base already matches are left out. Most frequent first.
    """
    found: dict[str, list[tuple[str, str]]] = {}
    # Words the sources also write in lower case are common words wherever a sentence capitalises them.
    common = {word for _, text in documents for word in re.findall(r"(?<![\w'’-])[a-z][a-z'’]*", text)}
    for name, text in documents:
        known = [
            (inner.start, inner.end) for match in find_source_terms(termbase, text) for inner in match.walk()
        ]
        for match in _NAME.finditer(text):
            for start, end in _pieces(text, match.start(), match.end()):
                trimmed = _trim_known(text, start, end, known)
                if trimmed is None:
                    continue
                start, end = trimmed
                first = re.match(r"\S+", text[start:end])
                if (
                    first is not None
                    and first.end() < end - start
                    and _sentence_start(text, start, _FULL_STOP)
                    and first.group().lower() in common
                ):
                    # "Bilateral Talks ..." at a sentence start: the first word is capitalised only there.
                    start = (
                        start
                        + first.end()
                        + len(text[start + first.end() :])
                        - len(text[start + first.end() :].lstrip())
                    )
                value = text[start:end].replace("’", "'")
                if value.endswith("'s"):
                    value, end = value[:-2], end - 2
                words = value.split()
                lone = len(words) == 1 and "-" not in value and not value.isupper()
                if lone and (
                    _sentence_start(text, start) or value.lower() in _STARTERS or value.lower() in _GENERIC
                ):
                    continue
                found.setdefault(value, []).append((name, _context(text, start, end)))
    candidates = [
        Candidate(
            text=value,
            count=len(places),
            sources=tuple(dict.fromkeys(name for name, _ in places)),
            contexts=tuple(dict.fromkeys(context for _, context in places))[:3],
        )
        for value, places in found.items()
        if len(places) >= min_count
    ]
    return sorted(
        candidates, key=lambda candidate: (-candidate.count, -len(candidate.text.split()), candidate.text)
    )


def _context(text: str, start: int, end: int) -> str:
    """About ``_CONTEXT`` characters either side of ``text[start:end]``, cut only between words."""
    left = max(0, start - _CONTEXT)
    if left > 0 and not text[left - 1].isspace():
        # Mid-word: start after the partial word (or at the candidate, when one word fills the window).
        space = re.search(r"\s", text[left:start])
        left = left + space.end() if space else start
    right = min(len(text), end + _CONTEXT)
    if right < len(text) and not text[right].isspace():
        breaks = [found.start() for found in re.finditer(r"\s", text[end:right])]
        right = end + breaks[-1] if breaks else end
    return " ".join(text[left:right].split())


def _trim_known(text: str, start: int, end: int, known: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """Drop known names at either end of a run when only a space joins them («Hero-Arkadag Gurbanguly»).

    None when the term base covers every capitalised word of the run.
    """
    words = []
    for word in re.finditer(r"\S+", text[start:end]):
        first = start + word.start()
        last = first + len(re.sub(r"['’]s$", "", word.group(0)))
        words.append((first, start + word.end(), any(s <= first and last <= e for s, e in known)))
    if all(covered for first, _, covered in words if text[first].isupper()):
        return None

    def blocks_end(items: list[tuple[int, int, bool]]) -> int:
        count = 0
        while count < len(items) and items[-1 - count][2]:
            count += 1
        return count

    # A known name joined by a bare space to an unknown capitalised word is apposition: drop it.
    tail = blocks_end(words)
    if 0 < tail < len(words) and text[words[-1 - tail][0]].isupper() and not words[-1 - tail][2]:
        words = words[: len(words) - tail]
    head = blocks_end(words[::-1])
    if 0 < head < len(words) and text[words[head][0]].isupper() and not words[head][2]:
        words = words[head:]
    return words[0][0], words[-1][1]
