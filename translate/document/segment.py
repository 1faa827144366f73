"""Offline sentence segmentation of English paragraphs, tuned for news text.

No sentence splitter that works offline without a model download handles the cases a news desk needs
(initials, ``U.S.``, ``No. 5``, quoted speech), so the rules are written here and tested on a table.
"""

from __future__ import annotations

import re

# Abbreviations that end with a period but do not end a sentence when a capital or digit follows.
ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt", "capt", "gov",
        "sen", "rep", "pres", "rev", "hon", "messrs", "no", "nos", "vol", "art", "fig", "p", "pp", "para",
        "approx", "est", "dept", "univ", "inc", "ltd", "co", "corp", "vs", "etc", "cf", "al",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)  # fmt: skip

# Abbreviations that may legitimately end a sentence ("... in the U.S. The next day ...") are treated as
# not ending one: a missed split is a longer segment, a wrong split breaks a sentence in two for MT.
_MULTI_DOT_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.){2,}$")
_INITIAL = re.compile(r"(?:^|[\s(\"«“'‘-])[A-Z]\.$")

OPENING_QUOTES = '"«“‘„'
CLOSING_QUOTES = '"»”’“'
_TERMINATORS = ".!?…"

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then whitespace.
_BOUNDARY = re.compile(r"[.!?…]+[\"»”’)\]]*(?=\s+)")


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences; whitespace inside the paragraph is normalised to one space.

    Linear in the paragraph's length: the quote state is carried along rather than recounted from the
    sentence start at every candidate, so a megabyte-long paragraph without a sentence end is fast.
    """
    text = " ".join(paragraph.split())
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    quotes = _QuoteState()
    scanned = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        quotes.feed(text, scanned, end)
        scanned = end
        if quotes.open or not _is_sentence_end(text, start, match.start(), end):
            continue
        sentence = text[start:end].strip()
        if sentence:
            sentences.append(sentence)
        start = end
        quotes = _QuoteState()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _is_sentence_end(text: str, start: int, punct_start: int, end: int) -> bool:
    following = _NEXT_CHARACTER.match(text, end)
    if following is None:
        return True
    # ``text`` has single spaces, so the last word is what follows the last space before the punctuation.
    word = text[max(start, text.rfind(" ", start, punct_start) + 1) : punct_start]
    punct = text[punct_start:end]
    first = following.group(1)
    # A sentence starts with a capital, a digit, an opening quote or bracket.
    if not (first.isupper() or first.isdigit() or first in OPENING_QUOTES or first in "(["):
        return False
    if punct.startswith(".") and not punct.startswith(".."):
        bare = word.lstrip("(\"«“'‘[")
        if bare.lower() in ABBREVIATIONS:
            return False
        if _MULTI_DOT_ABBREVIATION.search(bare + "."):
            return False
        if _INITIAL.search(" " + bare + "."):
            return False
    return True


_NEXT_CHARACTER = re.compile(r"\s*(\S)")


class _QuoteState:
    """Whether the text fed so far leaves a quotation open (a period inside it is quoted speech)."""

    __slots__ = ("depth", "straight_open")

    def __init__(self) -> None:
        self.depth = 0
        self.straight_open = False

    def feed(self, text: str, begin: int, end: int) -> None:
        """Account for ``text[begin:end]``."""
        for char in text[begin:end]:
            if char == '"':
                self.straight_open = not self.straight_open
            elif char in "«“„":
                self.depth += 1
            elif char in "»”" and self.depth > 0:
                self.depth -= 1

    @property
    def open(self) -> bool:
        """A quotation is still open."""
        return self.straight_open or self.depth > 0
