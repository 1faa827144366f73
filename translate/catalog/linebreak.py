"""GNU gettext's line breaking of PO strings (write-po.c over libunistring), so our files match msgcat's."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection

PAGE_WIDTH = 79
"""gettext's default page width (``msgcat -w``): a line is at most this many columns."""


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
# LineBreak.txt); every other character is classed by its Unicode category in line_class.
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


def line_class(char: str) -> str:
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


def column_width(char: str) -> int:
    """Columns ``char`` takes in a terminal (libunistring's uc_width in a UTF-8 locale)."""
    if unicodedata.category(char) in ("Mn", "Me", "Cf") or "\u1160" <= char <= "\u11ff":
        return 0
    if unicodedata.category(char) == "Cc":
        return 0  # gettext ignores control characters' width (uc_width gives -1)
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


class _Memo(dict[str, object]):
    """A character's class or width, computed once per character the process meets."""

    __slots__ = ("compute",)

    def __init__(self, compute: Callable[[str], object]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, char: str) -> object:
        value = self[char] = self.compute(char)
        return value


_CLASS_OF: dict[str, str] = _Memo(line_class)  # type: ignore[assignment]
_WIDTH_OF: dict[str, int] = _Memo(column_width)  # type: ignore[assignment]

# _TABLE as {before: {after: rule}}, so the loop below looks a pair up without indexing strings.
_RULES = {before: dict(zip(_CLASSES, row, strict=True)) for before, row in _TABLE.items()}

# Letters and digits one column wide: no pair of AL and NU has a direct break ("I" or "P" both ways
# in _TABLE), so inside a run of them no break is possible and only the run's first character needs
# the pair table; the run takes one column per character. The ranges are the scripts of our
# languages (Latin, Cyrillic) and Greek; every other character is looked at one by one.
_RUN_CLASSES = ("AL", "NU")
_RUN_CHARS = "".join(
    char
    for char in map(chr, [*range(0x21, 0x7F), *range(0xA0, 0x530)])
    if line_class(char) in _RUN_CLASSES and column_width(char) == 1
)
# A token is a run with the spaces after it (they only mark that a space came), or one character.
_TOKEN = re.compile(f"[{re.escape(_RUN_CHARS)}]+ *|.", re.DOTALL)

_NO_INDEXES: frozenset[int] = frozenset()


def wrap_points(
    text: str, width: int, start_column: int = 0, prohibited: Collection[int] = _NO_INDEXES
) -> list[int]:
    """Where to break ``text`` so that no line is wider than ``width`` columns when its first line
    starts at ``start_column``: the indexes of the characters that begin a new line, in order.

    This is libunistring's greedy ``u8_width_linebreaks`` over its UAX #14 break opportunities
    (``u8_possible_linebreaks``), as gettext's write-po.c calls them: a break goes at the last
    opportunity before a line would overflow (a piece wider than a line stays whole). ``prohibited``
    are indexes where the caller forbids a break whatever UAX #14 says (inside an escape sequence).
    A mandatory break (U+0085, U+2028, U+2029) restarts the count of columns and is not reported.
    """
    if start_column + len(text) * (1 if text.isascii() else 2) <= width:
        return []  # it fits whatever its characters (none takes more than two columns)
    points: list[int] = []
    classes, widths, rules = _CLASS_OF, _WIDTH_OF, _RULES
    last = "BK"  # the class of the last character that is not a space
    space = False  # whether spaces came since that character
    last_break = -1  # the last break opportunity of the current line (-1: none yet)
    column = start_column  # the line's columns up to last_break
    piece = 0  # columns since last_break
    for match in _TOKEN.finditer(text):
        token = match.group()
        index = match.start()
        prop = classes[token[0]]
        possible = False
        if prop == "BK":
            last, space = "BK", False
            if index not in prohibited:
                if last_break >= 0 and column + piece > width:
                    points.append(last_break)
                last_break, column, piece = -1, 0, 0
                continue  # a mandatory break's own width does not count
        elif prop == "SP":
            space = True
        elif prop == "ZW":
            last, space = "ZW", False
        elif prop == "CM" and (last == "ZW" or space):
            # After a zero-width space, or a space, a mark is a letter of its own and may start a line.
            possible = True
            last, space = "AL", False
        elif prop != "CM" or last == "BK":  # a mark elsewhere stays with the character before it
            if prop == "CM":
                prop = "AL"  # a mark at the start is a letter
            if last == "ZW":
                possible = True
            elif last != "BK":
                rule = rules[last][prop]
                possible = rule == "D" or (rule == "I" and space)
            if len(token) == 1:
                last, space = prop, False
            elif token[-1] == " ":
                last, space = classes[token.rstrip(" ")[-1]], True
            else:
                last, space = classes[token[-1]], False
        if possible and index not in prohibited:
            if last_break >= 0 and column + piece > width:
                points.append(last_break)
                column = 0
            last_break = index
            column += piece
            piece = 0
        piece += widths[token] if len(token) == 1 else len(token)
    if last_break >= 0 and column + piece > width:
        points.append(last_break)
    return points
