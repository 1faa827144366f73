"""Line breaking: the run-at-a-time ``wrap_points`` breaks exactly where libunistring's per-character
algorithm does (kept here, character by character, as the reference), and write_po where msgcat does."""

from __future__ import annotations

import shutil
import subprocess

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translate.catalog.linebreak import _CLASSES, _TABLE, PAGE_WIDTH, column_width, line_class, wrap_points
from translate.catalog.pofile import write_po

_INDEX = {name: index for index, name in enumerate(_CLASSES)}


def _reference_opportunities(text: str) -> list[str]:
    """u8_possible_linebreaks one character at a time: "P" possible, "M" mandatory, "" none."""
    result = [""] * len(text)
    last = "BK"
    seen_space = False
    for index, char in enumerate(text):
        prop = line_class(char)
        if prop == "BK":
            result[index], last, seen_space = "M", "BK", False
            continue
        if prop == "SP":
            seen_space = True
            continue
        if prop == "ZW":
            last, seen_space = "ZW", False
            continue
        if prop == "CM":
            if last == "ZW" or seen_space:
                result[index], last, seen_space = "P", "AL", False
                continue
            if last != "BK":
                continue
            prop = "AL"
        if last == "ZW":
            result[index] = "P"
        elif last != "BK":
            rule = _TABLE[last][_INDEX[prop]]
            if rule == "D" or (rule == "I" and seen_space):
                result[index] = "P"
        last, seen_space = prop, False
    return result


def _reference_wrap(text: str, width: int, start_column: int, prohibited: set[int]) -> list[int]:
    """u8_width_linebreaks one character at a time, as gettext 0.21 runs it."""
    possible = _reference_opportunities(text)
    points: list[int] = []
    last_break: int | None = None
    column, piece = start_column, 0
    for index, char in enumerate(text):
        here = "" if index in prohibited else possible[index]
        if here and last_break is not None and column + piece > width:
            points.append(last_break)
            column = 0
        if here == "M":
            last_break, column, piece = None, 0, 0
            continue
        if here == "P":
            last_break, column, piece = index, column + piece, 0
        piece += column_width(char)
    if last_break is not None and column + piece > width:
        points.append(last_break)
    return points


# Letters and digits of our scripts (the runs), every kind of punctuation and space the table knows,
# marks, zero-width and wide characters, mandatory breaks, control characters.
_PIECES = [
    *"abcxyz ABC  012 .,;:!?-–—/\\\"'()[]{}<>%$@#&*+=_|~«»“”„…№€₽₸\t",
    *"абвгдеёжзийклмнопрстуфхцчшщъыьэюя ҚқҢңӘәҒғҮүҰұҺһӨөІі ňşžçäöüýŇŞŽÇÄÖÜÝ αβγ",
    *"\u0301\u0483\u200b\u200d\u2060\u00a0\u2007\u202f\u3000\u2002\u00ad\u2010\u2011\u2014\u2015\u4e00\u3001",
    *"\uff01\uac00\u1100\u1160\u05d0\u0e01\U0001f600\U0001f3fb\U0001f1e6\x01\x7f\x85\u2028\u2029\ufeff",
    "word",
    "Слово",
    "<b>",
    "</b>",
    "https://tdh.gov.tm/ru/post/1-2?x=y",
    "10,5",
    "3.14",
    "  ",
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=80).map("".join)


@given(
    _TEXT,
    st.integers(min_value=1, max_value=90),
    st.integers(min_value=0, max_value=100),
    st.sets(st.integers(min_value=0, max_value=300)),
)
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_wrap_points_equal_the_per_character_algorithm(
    text: str, width: int, start_column: int, prohibited: set[int]
) -> None:
    assert wrap_points(text, width, start_column, prohibited) == _reference_wrap(
        text, width, start_column, prohibited
    )


@pytest.mark.parametrize(
    ("text", "start_column", "expected"),
    [
        pytest.param("word " * 20, 0, [75], id="breaks-after-the-space"),
        pytest.param("x" * 100, 0, [], id="no-opportunity-no-break"),
        pytest.param("a " + "x" * 100, 0, [2], id="a-long-piece-gets-its-own-line"),
        pytest.param("слово " * 20, 0, [72], id="cyrillic-counts-columns-not-bytes"),
        pytest.param("\u4e00" * 50, 0, [38], id="wide-characters-count-two"),
        pytest.param("well-known " * 8, 70, [5, 82], id="after-a-hyphen"),
    ],
)
def test_wrap_points_of_plain_text(text: str, start_column: int, expected: list[int]) -> None:
    assert wrap_points(text, PAGE_WIDTH - 2, start_column) == expected
    assert _reference_wrap(text, PAGE_WIDTH - 2, start_column, set()) == expected


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext (msgcat) is not installed")
@given(st.lists(st.tuples(_TEXT, _TEXT), min_size=1, max_size=30))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_msgcat_rewraps_nothing_of_what_write_po_writes(pairs: list[tuple[str, str]]) -> None:
    # Characters a catalog cannot hold (the reader refuses them) are left out, and obsolete entries
    # have a msgstr (msgcat drops those without one, write_po keeps them).
    refused = "\x01\x7f\x85\u2028\u2029"
    catalog = polib.POFile(wrapwidth=PAGE_WIDTH)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ru"}
    for index, (msgid, msgstr) in enumerate(pairs):
        clean = [text.translate({ord(char): None for char in refused}) for text in (msgid, msgstr)]
        entry = polib.POEntry(
            msgid=f"{clean[0]}{index}", msgstr=clean[1], obsolete=index % 4 == 3 and bool(clean[1])
        )
        entry.msgctxt = clean[1][:30] if index % 3 == 1 else None
        catalog.append(entry)
    data = write_po(catalog)
    done = subprocess.run(["msgcat", "-", "-o", "-"], input=data, capture_output=True, check=True)
    assert done.stdout == data
