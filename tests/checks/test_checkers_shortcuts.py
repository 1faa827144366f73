"""The checks' quick paths (pre-tests, reordered and possessive patterns) find what the plain patterns find."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translate.checks import checkers
from translate.languages import Language

# Pieces that meet the patterns' edges: digits of several scripts, separators, currencies, scale words
# in odd cases, letters whose case re and str treat differently, marks, closers, placeholders.
_PIECES = (
    *("1", "12", "123", "2023", "0", "٣", ",", ".", ",000", ".5", "-", "th", "ND", "$", "€", "%s", "{0}"),
    *(" ", "  ", "\u00a0", "\u202f", "\u2009", "\t", "\n"),
    *("thousand", "THOUSAND", "thouſand", "MİLLİON", "mıllıon", "billion", "a ", "one "),
    *("тыс.", "тысяч", "ТЫСЯЧИ", "млн", "Миллиард", "мың", "müň", "mln", "Milliard", "ᲄысяч"),
    *("в", "В", "ΑΣ", "ασ", "ς", "İ", "i", "I", "ß", "ss", "²", "_", "word", "Word", "Mr", "г", "x"),
    *(".", "!", "?", "…", ":", ";", "«", "»", "“", "”", '"', "'", ")", "(", "]", "[", "@", "://"),
)
_TEXT = st.one_of(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join), st.text(max_size=30))
_SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# The plain forms of the module's patterns: lookbehinds first, no possessive quantifiers.
_PLAIN_SENTENCE_END = re.compile(r"(?<![^\W_])([^\W_]*)[.!?…]+[»”\"')\]]*\s+(?=[«“\"(]?[^\W\d_])")
_PLAIN_PATTERNS = {
    "date": (r"(?<![\w.,])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\w.]\d)", checkers._NUMERIC_DATE),
    "decimal point": (r"(?<![\w.])\d+\.\d+(?![\w.])", checkers._DECIMAL_POINT),
    "comma thousands": (r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d,])", checkers._COMMA_THOUSANDS),
}


def _spans(matches: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(match.span(), match.groups()) for match in matches]  # type: ignore[attr-defined]


def _plain_target_pattern(language: Language) -> re.Pattern[str]:
    decimal = re.escape(checkers._decimal_symbol(language))
    groups = "".join(sorted({checkers._group_symbol(language), " ", "\u00a0", "\u202f", "\u2009"}))
    scales = "|".join(sorted(checkers._TARGET_SCALES[language], key=len, reverse=True))
    return re.compile(
        rf"(?<![\w.,])(?P<int>\d{{1,3}}(?:[{groups}]\d{{3}})+(?!\d)|\d+)(?:{decimal}(?P<frac>\d+))?"
        rf"(?:-[^\W\d_]+)?(?:\s*(?P<scale>(?:{scales})[^\W\d_]*)\.?)?",
        re.IGNORECASE,
    )


def _numbers_agree(text: str) -> None:
    plain = re.compile(checkers._EN_NUMBER.pattern, re.IGNORECASE)
    assert _spans(checkers._matches_by_digits(checkers._EN_NUMBER, text, 2)) == _spans(plain.finditer(text))
    for plain_pattern, pattern in _PLAIN_PATTERNS.values():
        assert _spans(pattern.finditer(text)) == _spans(re.finditer(plain_pattern, text))
    for language in Language:
        target = checkers._target_number_pattern(language)
        assert _spans(target.finditer(text)) == _spans(_plain_target_pattern(language).finditer(text))


def _sentences_agree(text: str) -> None:
    count = 1
    for match in _PLAIN_SENTENCE_END.finditer(text.strip()):
        word = match[1]
        if not ((len(word) == 1 and word.isalpha()) or word.casefold() in checkers._ABBREVIATIONS):
            count += 1
    assert checkers.sentence_count(text) == count


def _punctuation_agrees(text: str) -> None:
    end = re.search(r"[.!?:;…]+[»”\")\]]*\s*$", text)
    assert checkers._final_mark(text) == (end.group(0).strip()[:1] if end else "")
    assert bool(checkers._SPACE_BEFORE_MARK.search(text)) == bool(re.search(r"\s[,.;:!?](?!\d)", text))


def _pre_tests_pass(text: str) -> None:
    if checkers._DOUBLED.search(text):
        assert checkers._may_double(checkers._words(text), text)
    if checkers._EN_BARE_SCALE.search(text):
        assert checkers._may_name_scale(text)


_AGREE = (_numbers_agree, _sentences_agree, _punctuation_agrees, _pre_tests_pass)


@_SETTINGS
@given(st.one_of(_TEXT, st.lists(st.sampled_from(_PIECES), max_size=10).map(" ".join)))
def test_quick_paths_agree_with_the_plain_patterns(text: str) -> None:
    for agree in _AGREE:
        agree(text)


@pytest.mark.parametrize(
    "text",
    [
        "$ 5 million and € 1,000th",
        "1,03.11.2023 and 5.03.11.2023",
        "x2.5 and ,1,000",
        "One.  Two",
        "One. «Two",
        "One.» (Two",
        "One?\n\u00a0“Two",
        "Mr. Smith. J. Smith",
        "İstanbul istanbul",
        "ΑΣ ασ",
        "the TRİLLİON",
        "mıllıon",
        "said .5 and , then",
        "He said «yes.»",
        "(Really?) ",
        "1 000 000 тыс. and 5\u00a0000,5 млн",
    ],
)
def test_quick_paths_agree_on_edges(text: str) -> None:
    for agree in _AGREE:
        agree(text)


@_SETTINGS
@given(_TEXT, _TEXT)
def test_same_text_is_equal_normal_texts(source: str, target: str) -> None:
    for other in (target, source.swapcase(), f" {source.upper()}\t"):
        assert checkers._same_text(source, other) == (checkers._normal(source) == checkers._normal(other))
