"""GNU gettext's line breaking of PO strings (write-po.c over libunistring), so our files match msgcat's."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from enum import IntEnum
from functools import lru_cache

PAGE_WIDTH = 79
"""gettext's default page width (``msgcat -w``): a line is at most this many columns."""


class Break(IntEnum):
    """A break opportunity before a character, as libunistring names and numbers them."""

    UNDEFINED = 0
    PROHIBITED = 1
    POSSIBLE = 2
    MANDATORY = 3


# UAX #14 line breaking classes, in the column order of the pair table below. SP, BK, CM and ZW are
# handled by the loop, not the table.
_CLASSES = tuple(
    [
        "WJ",
        "GL",
        "B2",
        "BA",
        "BB",
        "HY",
        "CL",
        "CP",
        "EX",
        "IN",
        "NS",
        "OP",
        "QU",
        "IS",
        "NU",
        "PO",
        "PR",
        "SY",
        "AL",
        "H2",
        "H3",
        "ID",
        "JL",
        "JV",
        "JT",
        "HL",
        "RI",
        "ZWJ",
        "EB",
        "EM",
    ]
)
_INDEX = {name: index for index, name in enumerate(_CLASSES)}

# The pair table of UAX #14 (D direct break, I break only after a space, P prohibited) as libunistring
# 1.0 (gettext 0.21's) applies it, read off that library pair by pair, including its change from the
# standard: (IS, AL) is D, so "sentence.</b>" may break before the tag. Row: the class before; column:
# the class after.
_TABLE = {
    "WJ": "PIIIIIPPPIIIIPIIIPIIIIIIIIIIII",
    "GL": "PIIIIIPPPIIIIPIIIPIIIIIIIIIIII",
    "B2": "PIPIDIPPPIIDIPDDDPDDDDDDDDDIDD",
    "BA": "PDDIDIPPPIIDIPDDDPDDDDDDDDDIDD",
    "BB": "PIIIIIPPPIIIIPIIIPIIIIIIIIIIII",
    "HY": "PDDIDIPPPIIDIPIDDPDDDDDDDDDIDD",
    "CL": "PIDIDIPPPIPDIPDIIPDDDDDDDDDIDD",
    "CP": "PIDIDIPPPIIDIPIIIPIDDDDDDIDIDD",
    "EX": "PIDIDIPPPIIDIPDDDPDDDDDDDDDIDD",
    "IN": "PIDIDIPPPIIDIPDDDPDDDDDDDDDIDD",
    "NS": "PIDIDIPPPIIDIPDDDPDDDDDDDDDIDD",
    "OP": "PPPPPPPPPPPPPPPPPPPPPPPPPPPIPP",
    "QU": "PIIIIIPPPIIPIPIIIPIIIIIIIIIIII",
    "IS": "PIDIDIPPPIIDIPIDDPDDDDDDDDDIDD",
    "NU": "PIDIDIPPPIIIIPIIIPIDDDDDDIDIDD",
    "PO": "PIDIDIPPPIIIIPIDDPIDDDDDDIDIDD",
    "PR": "PIDIDIPPPIIIIPIDDPIIIIIIIIDIII",
    "SY": "PIDIDIPPPIIDIPIDDPDDDDDDDIDIDD",
    "AL": "PIDIDIPPPIIIIPIIIPIDDDDDDIDIDD",
    "H2": "PIDIDIPPPIIDIPDIDPDDDDDIIDDIDD",
    "H3": "PIDIDIPPPIIDIPDIDPDDDDDDIDDIDD",
    "ID": "PIDIDIPPPIIDIPDIDPDDDDDDDDDIDD",
    "JL": "PIDIDIPPPIIDIPDIDPDIIDIIDDDIDD",
    "JV": "PIDIDIPPPIIDIPDIDPDDDDDIIDDIDD",
    "JT": "PIDIDIPPPIIDIPDIDPDDDDDDIDDIDD",
    "HL": "PIDIDIPPPIIIIPIIIPIDDDDDDIDIDD",
    "RI": "PIDIDIPPPIIDIPDDDPDDDDDDDDIIDD",
    "ZWJ": "PIIIIIPPPIIIIPIIIPIIIIIIIIIIII",
    "EB": "PIDIDIPPPIIDIPDIDPDDDDDDDDDIDI",
    "EM": "PIDIDIPPPIIDIPDIDPDDDDDDDDDIDD",
}

# The characters news text uses whose class the Unicode category alone does not tell (UAX #14's
# LineBreak.txt); every other character is classed by its category in _category_class.
_EXPLICIT = {
    "\t": "BA",
    "\n": "BK",
    "\x0b": "BK",
    "\x0c": "BK",
    "\r": "BK",
    " ": "SP",
    "!": "EX",
    '"': "QU",
    "#": "AL",
    "$": "PR",
    "%": "PO",
    "&": "AL",
    "'": "QU",
    "(": "OP",
    ")": "CP",
    "*": "AL",
    "+": "PR",
    ",": "IS",
    "-": "HY",
    ".": "IS",
    "/": "SY",
    ":": "IS",
    ";": "IS",
    "<": "AL",
    "=": "AL",
    ">": "AL",
    "?": "EX",
    "@": "AL",
    "[": "OP",
    "\\": "PR",
    "]": "CP",
    "^": "AL",
    "_": "AL",
    "`": "AL",
    "{": "OP",
    "|": "BA",
    "}": "CL",
    "~": "AL",
    "\x85": "BK",
    "\xa0": "GL",
    "\xa1": "OP",
    "\xa2": "PO",
    "\xa3": "PR",
    "\xa4": "PR",
    "\xa5": "PR",
    "\xab": "QU",
    "\u02c8": "BB",
    "\u02cc": "BB",
    "\u02df": "BB",
    "\u034f": "GL",
    "\u037e": "IS",
    "\u2015": "B2",
    "\u2034": "PO",
    "\u2035": "PO",
    "\u2036": "PO",
    "\u2037": "PO",
    "\u203c": "NS",
    "\u203d": "NS",
    "\u2047": "NS",
    "\u2048": "NS",
    "\u2049": "NS",
    "\u2103": "PO",
    "\u2109": "PO",
    "\u2213": "PR",
    "\u20a7": "PO",
    "\u20b6": "PO",
    "\u20bb": "PO",
    "\u20be": "PO",
    "\u20c0": "PO",
    "\xad": "BA",
    "\xb0": "PO",
    "\xb1": "PR",
    "\xb4": "BB",
    "\xbb": "QU",
    "\xbf": "OP",
    "\u2007": "GL",
    "\u200b": "ZW",
    "\u200d": "ZWJ",
    "\u2010": "BA",
    "\u2011": "GL",
    "\u2012": "BA",
    "\u2013": "BA",
    "\u2014": "B2",
    "\u2018": "QU",
    "\u2019": "QU",
    "\u201a": "OP",
    "\u201b": "QU",
    "\u201c": "QU",
    "\u201d": "QU",
    "\u201e": "OP",
    "\u201f": "QU",
    "\u2024": "IN",
    "\u2025": "IN",
    "\u2026": "IN",
    "\u2027": "BA",
    "\u2028": "BK",
    "\u2029": "BK",
    "\u202f": "GL",
    "\u2030": "PO",
    "\u2031": "PO",
    "\u2032": "PO",
    "\u2033": "PO",
    "\u2039": "QU",
    "\u203a": "QU",
    "\u2044": "IS",
    "\u2060": "WJ",
    "\u2116": "PR",
    "\u2212": "PR",
    "\ufeff": "WJ",
    "\u3000": "BA",
}


@lru_cache(maxsize=4096)
def _class(char: str) -> str:
    """The UAX #14 class of ``char``, resolved as libunistring resolves AI, SA and XX (to AL)."""
    explicit = _EXPLICIT.get(char)
    if explicit is not None:
        return explicit
    category = unicodedata.category(char)
    if category in ("Mn", "Mc", "Me", "Cc", "Cf"):
        return "CM"
    if category == "Zs":
        return "BA"  # the fixed-width spaces U+2000..U+200A; U+00A0, U+2007, U+202F are GL above
    if category == "Nd":
        return "NU"
    if category == "Ps":
        return "OP"
    if category == "Pe":
        return "CL"
    if category in ("Pi", "Pf"):
        return "QU"
    if category == "Pd":
        return "BA"
    if category == "Sc":
        return "PR"
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return "ID"
    if "\u0590" <= char <= "\u05ff":
        return "HL"
    return "AL"


def _possible_breaks(text: Sequence[str]) -> list[Break]:
    """UAX #14's break opportunity before each character (libunistring's u8_possible_linebreaks)."""
    result = [Break.PROHIBITED] * len(text)
    last = "BK"  # the class of the last character that is not a space
    seen_space: int | None = None
    for index, char in enumerate(text):
        prop = _class(char)
        if prop == "BK":
            result[index] = Break.MANDATORY
            last, seen_space = "BK", None
            continue
        if prop == "SP":
            seen_space = index
            continue
        if prop == "ZW":
            last, seen_space = "ZW", None
            continue
        if prop == "CM":
            if last == "ZW":
                result[index] = Break.POSSIBLE
                last, seen_space = "AL", None
                continue
            if seen_space is not None:
                # A mark after a space is a letter of its own, and a line may start with it.
                result[index] = Break.POSSIBLE
                last, seen_space = "AL", None
                continue
            if last != "BK":
                continue  # a mark stays with the character before it
            prop = "AL"  # so is a mark at the start
        if last == "BK":
            result[index] = Break.PROHIBITED
        elif last == "ZW":
            result[index] = Break.POSSIBLE
        else:
            rule = _TABLE[last][_INDEX[prop]]
            if rule == "D" or (rule == "I" and seen_space is not None):
                result[index] = Break.POSSIBLE
        last, seen_space = prop, None
    return result


def column_width(char: str) -> int:
    """Columns ``char`` takes in a terminal (libunistring's uc_width in a UTF-8 locale)."""
    if unicodedata.category(char) in ("Mn", "Me", "Cf") or "\u1160" <= char <= "\u11ff":
        return 0
    if unicodedata.category(char) == "Cc":
        return 0  # gettext ignores control characters' width (uc_width gives -1)
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def width_breaks(
    text: Sequence[str], width: int, start_column: int, overrides: Sequence[Break]
) -> list[Break]:
    """Where to break ``text`` so that no line is wider than ``width`` (libunistring's greedy
    u8_width_linebreaks): POSSIBLE marks a break before that character."""
    possible = _possible_breaks(text)
    result = [Break.PROHIBITED] * len(text)
    last_break: int | None = None
    last_column = start_column
    piece = 0
    for index, char in enumerate(text):
        here = overrides[index] if overrides[index] != Break.UNDEFINED else possible[index]
        ends_piece = here in (Break.POSSIBLE, Break.MANDATORY)
        if ends_piece and last_break is not None and last_column + piece > width:
            result[last_break] = Break.POSSIBLE
            last_column = 0
        if here == Break.MANDATORY:
            result[index] = Break.MANDATORY
            last_break, last_column, piece = None, 0, 0
            continue
        if here == Break.POSSIBLE:
            last_break = index
            last_column += piece
            piece = 0
        piece += column_width(char)
    if last_break is not None and last_column + piece > width:
        result[last_break] = Break.POSSIBLE
    return result
