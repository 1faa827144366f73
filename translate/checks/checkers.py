"""Quality checks on translations: small functions, each finding with a severity, listed in ``CHECKS``."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from os import PathLike
from typing import Any, NamedTuple

import polib
from babel.messages.plurals import get_plural
from babel.numbers import get_decimal_symbol, get_group_symbol

from translate.catalog.entries import is_reviewed, is_translated
from translate.catalog.formats import entry_range, format_problem
from translate.catalog.notes import NoteKind, keep_notes, note_lines, replace_notes
from translate.catalog.plurals import plural_rule
from translate.diagnostics import Counts, Finding, Location, Severity
from translate.diagnostics import count as count_findings
from translate.document import markup
from translate.glossary.termbase import TermBase
from translate.languages import Language, as_language

IGNORE_FLAG_PREFIX = "ignore-"
"""A reviewer acknowledges a check's findings on one entry with the flag ``#, ignore-<check>`` (Weblate's
convention), e.g. ``#, ignore-length`` for a translation that is rightly much shorter than its source."""


def note_text(finding: Finding) -> str:
    """What a finding's ``#.`` note says, without its prefix: ``[serious] numbers: …``."""
    return f"[{finding.label}] {finding.check}: {finding.message}"


def finding_note(finding: Finding) -> list[str]:
    """The ``#.`` lines that show ``finding`` to a reviewer in any PO editor."""
    return note_lines(NoteKind.check, note_text(finding))


@dataclass(frozen=True, slots=True)
class Subject:
    """What a check looks at: one English source and its translation."""

    source: str
    target: str
    language: Language
    termbase: TermBase | None = None
    flags: frozenset[str] = frozenset()  # the entry's ``#,`` flags (``c-format``, ``no-python-format``…)

    @property
    def source_words(self) -> tuple[str, ...]:
        """The source's words (runs of letters), split once for all the checks that read them."""
        return _words(self.source)

    @property
    def target_words(self) -> tuple[str, ...]:
        """The translation's words (runs of letters), split once for all the checks that read them."""
        return _words(self.target)


_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=64)  # an entry's texts (plural forms too) while its checks run
def _words(text: str) -> tuple[str, ...]:
    """The runs of word characters other than digits and ``_`` in ``text``: every letter of it
    (``str.isalpha``) is in one."""
    return tuple(_WORD.findall(text))


CheckFunction = Callable[[Subject], Iterable[Finding]]

EntryCheck = Callable[[polib.POEntry, Language], Sequence[Finding]]
"""Every finding on one catalog entry in one language (what the publishing gate and the report run)."""


@dataclass(frozen=True, slots=True)
class Check:
    """A registered check: its id, the severity of its main finding, and the function."""

    id: str
    severity: Severity
    function: CheckFunction
    description: str


@dataclass(frozen=True, slots=True)
class EntryFindings:
    """The findings for one entry of a catalog."""

    msgid: str
    msgctxt: str | None
    line: int | None
    fuzzy: bool
    findings: tuple[Finding, ...]

    @property
    def serious(self) -> int:
        """How many of the findings are serious."""
        return count_findings(self.findings).serious


# --------------------------------------------------------------------------------------------- numbers

_EN_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
# Abbreviated and full scale words as news in each language writes them ("1 млрд долларов").
_TARGET_SCALES: dict[Language, dict[str, int]] = {
    Language.ru: {
        "тыс": 10**3,
        "тысяч": 10**3,
        "млн": 10**6,
        "миллион": 10**6,
        "млрд": 10**9,
        "миллиард": 10**9,
        "трлн": 10**12,
        "триллион": 10**12,
    },
    Language.kk: {
        "мың": 10**3,
        "млн": 10**6,
        "миллион": 10**6,
        "млрд": 10**9,
        "миллиард": 10**9,
        "трлн": 10**12,
        "триллион": 10**12,
    },
    Language.tk: {
        "müň": 10**3,
        "mln": 10**6,
        "million": 10**6,
        "mlrd": 10**9,
        "milliard": 10**9,
        "trln": 10**12,
        "trillion": 10**12,
    },
}
_CURRENCIES: dict[str, dict[Language, tuple[str, ...]]] = {
    "$": {Language.ru: ("доллар",), Language.kk: ("доллар",), Language.tk: ("dollar",)},
    "€": {Language.ru: ("евро",), Language.kk: ("еуро", "евро"), Language.tk: ("ýewro", "euro")},
}
# Case is ignored only where there are letters: an IGNORECASE class costs a lowercasing per character
# tried, and the classes here match the same characters either way.
_EN_NUMBER = re.compile(
    r"(?<![\w.,])(?P<currency>[$€])?\s?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    r"(?P<ordinal>(?i:st|nd|rd|th))?(?![\w])(?:\s+(?P<scale>(?i:thousand|million|billion|trillion))\b)?"
)
_EN_BARE_SCALE = re.compile(r"\b(?:a\s+|one\s+)?(thousand|million|billion|trillion)\b", re.IGNORECASE)
# A lookbehind after the first digit rather than before it: the search then skips to digits in C.
_NUMERIC_DATE = re.compile(r"(\d(?<![\w.,]\d)\d?)\.(\d{1,2})\.(\d{4})(?![\w.]\d)")
_ROMAN = re.compile(r"\b[IVXLC]{1,7}\b")
_NOT_DIGIT = re.compile(r"\D")
_DIGIT = re.compile(r"\d")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


class _Number(NamedTuple):  # a tuple: built for every number of every entry, at C speed
    value: Decimal
    text: str
    start: int
    end: int


@cache
def _decimal_symbol(language: Language) -> str:
    return get_decimal_symbol(language.value)


@cache
def _group_symbol(language: Language) -> str:
    return get_group_symbol(language.value)


def _decimal(integer: str, fraction: str | None) -> Decimal:
    return Decimal(f"{integer}.{fraction}" if fraction else integer)


def source_numbers(text: str) -> list[_Number]:
    """Numbers in English text with their value: ``$1 billion`` → 10⁹, ``300th`` → 300, ``1,574`` → 1574."""
    found: list[_Number] = []
    covered: list[tuple[int, int]] = []
    for match in _matches_by_digits(_EN_NUMBER, text, 2):  # "$ 5": two characters before its digits
        value = _decimal(match["int"].replace(",", ""), match["frac"])
        if match["scale"]:
            value *= _EN_SCALES[match["scale"].lower()]
        found.append(_Number(value, match.group(0).strip(), match.start(), match.end()))
        covered.append(match.span())
    for match in _EN_BARE_SCALE.finditer(text) if _may_name_scale(text) else ():
        if not any(start <= match.start() < end for start, end in covered):
            found.append(_Number(Decimal(_EN_SCALES[match[1].lower()]), match[0], match.start(), match.end()))
    return found


def _may_name_scale(text: str) -> bool:
    """Whether ``_EN_BARE_SCALE`` can match in ``text``: its casefolded text then holds one of these.

    re's IGNORECASE takes "ı" and "İ" for "i", which ``casefold()`` leaves as "ı" and writes "i̇"; every
    other letter re takes for one of these casefolds to it.
    """
    folded = text.casefold()
    return "thousand" in folded or "llion" in folded or "llıon" in folded or "lli\u0307on" in folded


def _matches_by_digits(pattern: re.Pattern[str], text: str, reach: int) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern with a digit among the first ``reach + 1`` characters of
    every match: each search starts just before the next digit, found quickly, so the pattern is not
    tried at every character before it (its lookbehinds still see the text there)."""
    end = 0
    while (digit := _DIGIT.search(text, end)) is not None:
        match = pattern.search(text, max(end, digit.start() - reach))
        if match is None:
            return
        yield match
        end = match.end()


@cache
def _target_number_pattern(language: Language) -> re.Pattern[str]:
    decimal = re.escape(_decimal_symbol(language))
    groups = "".join(sorted({_group_symbol(language), " ", "\u00a0", "\u202f", "\u2009"}))
    scales = "|".join(sorted(_TARGET_SCALES[language], key=len, reverse=True))
    return re.compile(
        rf"(?P<int>\d(?<![\w.,]\d)(?:\d{{0,2}}(?:[{groups}]\d{{3}})+(?!\d)|\d*))(?:{decimal}(?P<frac>\d+))?"
        rf"(?:-[^\W\d_]+)?(?:\s*(?P<scale>(?i:{scales})[^\W\d_]*)\.?)?"
    )


@cache
def _target_scale_pattern(language: Language) -> re.Pattern[str]:
    words = [word for word in _TARGET_SCALES[language] if len(word) > 4]  # full words only, not "млн"
    return re.compile(rf"(?<!\w)(?P<scale>(?i:{'|'.join(words)})[^\W\d_]*)")


def _scale_value(language: Language, word: str) -> int:
    lowered = word.lower().rstrip(".")
    for stem in sorted(_TARGET_SCALES[language], key=len, reverse=True):
        if lowered.startswith(stem):
            return _TARGET_SCALES[language][stem]
    return 1


def target_numbers(text: str, language: Language) -> list[_Number]:
    """Numbers in a translation, read in the language's conventions (``1 млрд`` → 10⁹, ``8,5``)."""
    found: list[_Number] = []
    covered: list[tuple[int, int]] = []
    digits = _DIGIT.search(text) is not None  # every number but a bare scale word has a digit
    for match in _NUMERIC_DATE.finditer(text) if digits else ():  # 03.11.2023: three numbers
        for group in (1, 2, 3):
            found.append(_Number(Decimal(match[group]), match[group], match.start(group), match.end(group)))
        covered.append(match.span())
    for match in _target_number_pattern(language).finditer(text) if digits else ():
        if covered and any(start <= match.start() < end for start, end in covered):
            continue
        integer = match["int"]
        if not integer.isdecimal():  # what \d matches
            integer = _NOT_DIGIT.sub("", integer)
        try:
            value = _decimal(integer, match["frac"])
        except InvalidOperation:
            continue
        if match["scale"]:
            value *= _scale_value(language, match["scale"])
        found.append(_Number(value, match.group(0).strip(), match.start(), match.end()))
        covered.append(match.span())
    for match in _target_scale_pattern(language).finditer(text):
        if not (covered and any(start <= match.start() < end for start, end in covered)):
            found.append(
                _Number(Decimal(_scale_value(language, match["scale"])), match[0], match.start(), match.end())
            )
    return found


def _roman(text: str) -> set[Decimal]:
    values: set[Decimal] = set()
    for match in _ROMAN.finditer(text):
        digits = [_ROMAN_VALUES[char] for char in match[0]]
        total = sum(-d if i + 1 < len(digits) and d < digits[i + 1] else d for i, d in enumerate(digits))
        values.add(Decimal(total))
    return values


def _format(value: Decimal) -> str:
    normal = value.normalize()
    return f"{normal:f}"


def check_numbers(subject: Subject) -> Iterator[Finding]:
    """Every number of the source is in the translation, with the same value, in the target's conventions."""
    source = source_numbers(subject.source)
    target = target_numbers(subject.target, subject.language)
    if sorted(n.value for n in source) != sorted(n.value for n in target):  # most entries: the same
        yield from _changed_numbers(subject, source, target)
    yield from _currency(subject)
    yield from _number_style(subject)


def _changed_numbers(subject: Subject, source: list[_Number], target: list[_Number]) -> Iterator[Finding]:
    """The numbers of the source missing from the translation, then those the translation adds."""
    in_source = Counter(n.value for n in source)
    in_target = Counter(n.value for n in target)
    missing, extra = in_source - in_target, in_target - in_source
    roman: set[Decimal] | None = None  # read only when a number is missing
    english: set[Decimal] | None = None  # the translation's numbers read as English, likewise
    for number in source:
        if missing[number.value] <= 0:
            continue
        missing[number.value] -= 1
        if roman is None:
            roman = _roman(subject.target) if subject.language is not Language.tk else set()
        if number.value in roman:
            continue  # "10th Summit" → «X саммит»
        if english is None:
            english = {n.value for n in source_numbers(subject.target)}
        hint = _format_hint(subject, number, english)
        yield Finding(
            "numbers",
            Severity.serious,
            f"«{number.text}» ({_format(number.value)}) is missing or changed in the translation{hint}",
        )
    for value, count in extra.items():
        if count > 0:
            yield Finding(
                "numbers",
                Severity.warning,
                f"the number {_format(value)} in the translation is not in the source",
            )


def _format_hint(subject: Subject, number: _Number, english: set[Decimal]) -> str:
    """Say so when the number is there but written the English way (``english``: the translation's
    numbers read as English)."""
    if number.value in english:
        return f"; write it as in {subject.language.english_name} (e.g. {_example(subject.language)})"
    return ""


def _example(language: Language) -> str:
    group = _group_symbol(language).replace("\u00a0", " ")
    return f"12{group}000 and 8{_decimal_symbol(language)}5"


# Lookbehinds after the first digit, as in _NUMERIC_DATE.
_DECIMAL_POINT = re.compile(r"\d(?<![\w.]\d)\d*\.\d+(?![\w.])")
_COMMA_THOUSANDS = re.compile(r"\d(?<![\w.,]\d)\d{0,2}(?:,\d{3})+(?![\d,])")


def _number_style(subject: Subject) -> Iterator[Finding]:
    if _DIGIT.search(subject.target) is None:
        return
    decimal = _decimal_symbol(subject.language)
    if decimal != "." and _DECIMAL_POINT.search(subject.target):
        yield Finding(
            "numbers",
            Severity.warning,
            f"a decimal point in the translation; {subject.language.english_name} writes "
            f"{_example(subject.language)}",
        )
    if _COMMA_THOUSANDS.search(subject.target):
        yield Finding(
            "numbers",
            Severity.warning,
            f"thousands separated by commas; {subject.language.english_name} writes "
            f"{_example(subject.language)}",
        )


def _currency(subject: Subject) -> Iterator[Finding]:
    for symbol, words in _CURRENCIES.items():
        if symbol not in subject.source:
            continue
        lowered = subject.target.lower()
        if symbol not in subject.target and not any(word in lowered for word in words[subject.language]):
            yield Finding(
                "numbers",
                Severity.serious,
                f"the source has an amount in {symbol} but the translation names no currency "
                f"(expected «{words[subject.language][0]}…» or {symbol})",
            )


# -------------------------------------------------------------------------------------------- glossary


def check_glossary(subject: Subject) -> Iterator[Finding]:
    """Terms of the term base are rendered as approved (errors serious, provisional renderings warnings)."""
    if subject.termbase is None:
        return
    from translate.glossary.violations import check_translation  # the automaton is built on first use

    for violation in check_translation(subject.termbase, subject.language, subject.source, subject.target):
        severity = violation.severity
        message = violation.message or f"{violation.kind.value}: expected «{violation.expected}»"
        if not message.startswith(violation.term_id):
            message = f"{violation.term_id}: {message}"
        yield Finding("glossary", severity, message)


# ---------------------------------------------------------------------------------------- untranslated


NOT_TRANSLATED = Finding("untranslated", Severity.info, "not translated yet")
"""An entry without a translation: a state the catalog's counts already give, so only a hint."""


def check_unchanged(subject: Subject) -> Iterator[Finding]:
    """The translation is not the English source copied over."""
    if not subject.target.strip():
        yield NOT_TRANSLATED
        return
    if _same_text(subject.source, subject.target) and len(subject.source_words) >= 3:
        yield Finding("untranslated", Severity.serious, "the translation is the English source unchanged")


def _same_text(source: str, target: str) -> bool:
    """Whether ``source`` and ``target`` differ in case and spacing only."""
    if source.lstrip()[:1].casefold()[:1] != target.lstrip()[:1].casefold()[:1]:
        return False  # their first letters differ, so their _normal texts do (a quick no for most)
    return _normal(source) == _normal(target)


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


# ----------------------------------------------------------------------------------------------- script


@cache
def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    for script in ("LATIN", "CYRILLIC", "GREEK", "ARABIC"):
        if name.startswith(script):
            return script
    return "OTHER"


@lru_cache(maxsize=65536)
def _word_scripts(word: str) -> frozenset[str]:
    """The scripts of a word's letters (news repeats its words, so each is looked at once)."""
    return frozenset(_script(char) for char in word)


def _letter_scripts(text: str) -> Counter[str]:
    """How many letters of ``text`` are in each script (distinct characters looked up once)."""
    letters: Counter[str] = Counter()
    for char, times in Counter(text).items():
        if char.isalpha():
            letters[_script(char)] += times
    return letters


_ONLY = {script: frozenset({script}) for script in ("LATIN", "CYRILLIC")}


def check_script(subject: Subject) -> Iterator[Finding]:
    """Cyrillic for ru and kk, Turkmen Latin for tk; no word mixing scripts (Cyrillic «а» in Latin)."""
    expected = "LATIN" if subject.language.script == "Latn" else "CYRILLIC"
    # A word all in the expected script finds nothing here, and when every word is, so is every letter.
    others = [word for word in subject.target_words if _word_scripts(word) != _ONLY[expected]]
    if not others:
        yield from check_alphabet(subject)
        return
    source_words: set[str] | None = None  # the source's words, read only if a stray word needs them
    letters = _letter_scripts(subject.target)
    total = sum(letters.values())
    if total >= 12 and letters[expected] < total / 2:
        yield Finding(
            "script",
            Severity.serious,
            f"most letters are not {expected.title()}; {subject.language.english_name} is written in "
            f"{'Latin' if expected == 'LATIN' else 'Cyrillic'} script here",
        )
        return
    stray: list[str] = []
    for word in others:
        scripts = _word_scripts(word)
        if len(scripts) > 1:
            odd = "".join(char for char in word if _script(char) != _majority(word))
            yield Finding(
                "script",
                Severity.serious,
                f"«{word}» mixes scripts ({' and '.join(sorted(s.title() for s in scripts))}; "
                f"odd letters «{odd}»)",
            )
        elif len(word) > 1:
            if source_words is None:
                source_words = {word.casefold() for word in subject.source_words}
            if word.casefold() not in source_words:
                stray.append(word)
    if stray:
        yield Finding(
            "script",
            Severity.warning,
            f"words not in {expected.title()} script that are not in the source: {', '.join(stray[:5])}",
        )
    yield from check_alphabet(subject)


_KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
"""Cyrillic letters Kazakh uses and Russian does not: they tell Kazakh text from Russian."""
_KAZAKH_LETTER = re.compile(f"[{''.join(sorted(_KAZAKH_LETTERS))}]")  # searched for in C, not char by char
_KAZAKH_TEXT_WORDS = 3  # this many Kazakh-lettered words (or a third) in a Russian translation: Kazakh
_RUSSIAN_TEXT_WORDS = 8  # this many Cyrillic words without one Kazakh letter: likely Russian text


def check_alphabet(subject: Subject) -> Iterator[Finding]:
    """Russian and Kazakh share the Cyrillic script, so a translation pasted from the other language's
    catalog passes the script check; the letters only Kazakh uses tell them apart."""
    if subject.language is Language.tk:
        return
    if subject.language is Language.ru and _KAZAKH_LETTER.search(subject.target) is None:
        return  # only these letters are flagged in a Russian translation
    words = [word for word in subject.target_words if _script(word[0]) == "CYRILLIC"]
    kazakh = [word for word in words if _KAZAKH_LETTERS.intersection(word)]
    if subject.language is Language.ru and kazakh:
        many = len(kazakh) >= _KAZAKH_TEXT_WORDS or 3 * len(kazakh) >= len(words)
        yield Finding(
            "script",
            Severity.serious if many else Severity.warning,
            f"letters Russian does not use (Kazakh ә, ғ, қ, ң, ө, ұ, ү, һ, і) in {', '.join(kazakh[:5])}"
            + ("; is this Kazakh text?" if many else ""),
        )
    elif subject.language is Language.kk and len(words) >= _RUSSIAN_TEXT_WORDS and not kazakh:
        yield Finding(
            "script",
            Severity.warning,
            f"none of Kazakh's own letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і) in {len(words)} words; is this "
            "Russian text?",
        )


def _majority(word: str) -> str:
    return Counter(_script(char) for char in word).most_common(1)[0][0]


# ----------------------------------------------------------------------------------- quotes, punctuation

# CLDR's delimiters (quotationStart/End, alternateQuotationStart/End in common/main/<lang>.xml): babel's
# locale data leaves them out, so they are written here. Turkmen also prints «…» in its press.
_QUOTES: dict[Language, tuple[str, ...]] = {
    Language.ru: ("«", "»", "„", "“"),
    Language.kk: ("«", "»", "“", "”"),
    Language.tk: ("“", "”", "«", "»"),
}
_PAIRS = (("«", "»"), ("(", ")"), ("[", "]"), ("“", "”"))
# The mark looked for first, the space before it after: marks are rarer than spaces.
_SPACE_BEFORE_MARK = re.compile(r"[,.;:!?](?<=\s[,.;:!?])(?!\d)")


def check_punctuation(subject: Subject) -> Iterator[Finding]:
    """Quotes as the language writes them («…» for ru and kk), balanced pairs, the same sentence end."""
    allowed = _QUOTES[subject.language]
    if '"' in subject.target or (
        "“" in subject.target and "“" not in allowed[:2] and "„" not in subject.target
    ):
        opening, closing = _QUOTES[subject.language][:2]
        yield Finding(
            "punctuation",
            Severity.warning,
            f"{subject.language.english_name} quotes are {opening}…{closing}, not straight or English quotes",
        )
    for left, right in _PAIRS:
        if subject.target.count(left) != subject.target.count(right):
            yield Finding("punctuation", Severity.warning, f"unbalanced {left}…{right} in the translation")
    source_mark, target_mark = _final_mark(subject.source), _final_mark(subject.target)
    if source_mark != target_mark and not {source_mark, target_mark} <= {".", "…"}:
        yield Finding(
            "punctuation",
            Severity.warning,
            f"the source ends {_ending(source_mark)}, the translation {_ending(target_mark)}",
        )
    if _SPACE_BEFORE_MARK.search(subject.target):
        yield Finding("punctuation", Severity.info, "a space before a punctuation mark")


def _final_mark(text: str) -> str:
    """The first of the marks ``.!?:;…`` that end ``text`` before its closing quotes, brackets and
    spaces; empty when none does."""
    body = text.rstrip().rstrip('»”")]')
    return body[len(body.rstrip(".!?:;…")) :][:1]


def _ending(mark: str) -> str:
    return f"with «{mark}»" if mark else "without a final punctuation mark"


# ---------------------------------------------------------------------------------------------- length

LENGTH_RATIO = (0.5, 2.5)
"""Expected range of len(translation)/len(source) for ru, tk and kk news sentences."""


def check_length(subject: Subject) -> Iterator[Finding]:
    """The translation is not much shorter or longer than the source (a truncated or runaway output)."""
    source_length = len(subject.source.strip())
    if source_length < 20 or not subject.target.strip():
        return
    ratio = len(subject.target.strip()) / source_length
    low, high = LENGTH_RATIO
    if ratio < low / 2 and source_length >= 40:
        yield Finding(
            "length",
            Severity.serious,
            f"the translation is {ratio:.0%} of the source's length; is it cut off?",
        )
    elif not low <= ratio <= high:
        yield Finding(
            "length",
            Severity.warning,
            f"the translation is {ratio:.0%} of the source's length (expected {low:.0%}-{high:.0%})",
        )


# ---------------------------------------------------------------------------------------------- markup

_PLACEHOLDER = re.compile(
    r"\{\d*\}|%\(?\w*\)?[sd]|&(?:lt|gt|amp|quot);|⟦[^⟧]*⟧|@@\w+@@|\bZZ\d+\w*\b|</?[A-Za-z][\w-]*\s*/?>"
)
_PLACEHOLDER_MARK = re.compile(r"[{%&⟦<]|@@|ZZ\d")
"""What every match of ``_PLACEHOLDER`` contains."""


def check_markup(subject: Subject) -> Iterator[Finding]:
    """Inline markup (``<b>…</b>``, ``<i>…</i>``, ``<aN>…</aN>``, ``<cN/>``) kept and well nested; no leftover
    placeholders or escaped markup."""
    source, target = subject.source, subject.target
    if "<" not in source and "<" not in target and not _PLACEHOLDER_MARK.search(target):
        return  # no tag and nothing a placeholder starts with (most news sentences)
    source_tags = Counter(markup.tags(source))
    target_tags = Counter(markup.tags(target))
    for tag, count in (source_tags - target_tags).items():
        yield Finding("markup", Severity.serious, f"{tag} is missing from the translation ({count}×)")
    for tag, count in (target_tags - source_tags).items():
        yield Finding(
            "markup", Severity.serious, f"{tag} is in the translation but not in the source ({count}×)"
        )
    if source_tags == target_tags and not markup.well_nested(subject.target):
        yield Finding("markup", Severity.serious, "the tags in the translation are not properly nested")
    stripped_source = set(_PLACEHOLDER.findall(subject.source))
    for leftover in _PLACEHOLDER.findall(subject.target):
        if leftover not in stripped_source and not markup.is_tag(leftover):
            yield Finding("markup", Severity.serious, f"leftover placeholder or markup {leftover!r}")


# ------------------------------------------------------------------------------ pofilter's functional set

_URL = re.compile(
    r"\b(?:https?|ftp)://[^\s<>«»\"“”]+[^\s<>«»\"“”.,;:!?)\]]|\bwww\.[^\s<>«»\"“”]+[^\s<>«»\"“”.,;:!?)\]]"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")


def check_urls(subject: Subject) -> Iterator[Finding]:
    """Web addresses and e-mail addresses are copied as they are (pofilter's ``urls`` and ``emails``)."""
    both = subject.source + subject.target
    for kind, pattern, marks in (("address", _URL, ("://", "www.")), ("e-mail address", _EMAIL, ("@",))):
        if not any(mark in both for mark in marks):
            continue  # every match holds one of these
        missing = Counter(pattern.findall(subject.source)) - Counter(pattern.findall(subject.target))
        for text in missing:
            yield Finding(
                "urls", Severity.serious, f"the {kind} {text} is missing or changed in the translation"
            )
        extra = Counter(pattern.findall(subject.target)) - Counter(pattern.findall(subject.source))
        for text in extra:
            yield Finding(
                "urls", Severity.warning, f"the {kind} {text} in the translation is not in the source"
            )


# printf directives (POSIX positions, Python names), conversions named by C and Python only: a «%» before
# a Cyrillic letter is a percentage, not a directive.
_PRINTF = re.compile(
    r"%(?:\d+\$|\([A-Za-z_]\w*\))?[-+#0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcrsa]"
)
_BRACE = re.compile(r"(?<!\{)\{(?:\d+|[A-Za-z_]\w*)?(?:![rsa])?(?::[^{}]*)?\}(?!\})")


def check_placeholders(subject: Subject) -> Iterator[Finding]:
    """printf (``%s``, ``%(name)d``, ``%1$s``) and brace (``{0}``, ``{name}``) placeholders of the source
    are all in the translation (pofilter's ``printf`` and ``pythonbraceformat``).

    An entry flagged ``c-format``, ``python-format`` or ``python-brace-format`` is compared exactly as
    ``msgfmt -c`` compares it (``check_formats``); ``no-…-format`` says the text has none of that kind.
    """
    kinds = []
    if not subject.flags & {"c-format", "python-format", "no-c-format", "no-python-format"}:
        kinds.append(("printf", _PRINTF))
    if not subject.flags & {"python-brace-format", "no-python-brace-format"}:
        kinds.append(("brace", _BRACE))
    for kind, pattern in kinds:
        mark = "%" if pattern is _PRINTF else "{"
        if mark not in subject.source and mark not in subject.target:
            continue
        source = Counter(pattern.findall(subject.source.replace("%%", "")))
        target = Counter(pattern.findall(subject.target.replace("%%", "")))
        for text in source - target:
            yield Finding(
                "placeholders",
                Severity.serious,
                f"the {kind} placeholder {text} is missing from the translation",
            )
        for text in target - source:
            yield Finding(
                "placeholders", Severity.serious, f"the {kind} placeholder {text} is not in the source"
            )


def check_whitespace(subject: Subject) -> Iterator[Finding]:
    """Spaces at the start and end as in the source, no doubled spaces the source does not have
    (pofilter's ``startwhitespace``, ``endwhitespace`` and ``doublespacing``)."""
    source, target = subject.source, subject.target
    if _lead(source) != _lead(target):
        yield Finding(
            "whitespace", Severity.warning, "the translation starts with other whitespace than the source"
        )
    if _trail(source) != _trail(target):
        yield Finding(
            "whitespace", Severity.warning, "the translation ends with other whitespace than the source"
        )
    if target.strip().count("  ") > source.strip().count("  "):
        yield Finding("whitespace", Severity.warning, "a double space in the translation")


def _lead(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trail(text: str) -> str:
    return text[len(text.rstrip()) :]


_DOUBLED = re.compile(r"(?<![\w-])([^\W\d_]+)\s+\1(?![\w-])", re.IGNORECASE)


def check_doubled_words(subject: Subject) -> Iterator[Finding]:
    """No word written twice in a row («в в»), unless the source repeats it too (pofilter's
    ``doublewords``)."""
    if not _may_double(subject.target_words, subject.target):
        return
    doubled = _DOUBLED.findall(subject.target)
    if not doubled:
        return
    source = {word.casefold() for word in _DOUBLED.findall(subject.source)}
    for word in dict.fromkeys(doubled):
        if word.casefold() not in source:
            yield Finding("doubled-words", Severity.warning, f"«{word} {word}»: a word written twice")


def _may_double(words: Sequence[str], text: str) -> bool:
    """Whether ``_DOUBLED`` can match in ``text``, whose words are ``words``: a match is two neighbouring
    words equal letter by letter once lowercased."""
    if "İ" in text or "Σ" in text:
        return True  # str.lower() writes them "i̇" and, ending a word, "ς"; re compares "i" and "σ"
    lowered = list(map(str.lower, words))
    return any(map(str.__eq__, lowered, lowered[1:]))


def check_brackets(subject: Subject) -> Iterator[Finding]:
    """As many of each bracket as in the source (pofilter's ``brackets``)."""
    for bracket in "()[]{}":
        have, want = subject.target.count(bracket), subject.source.count(bracket)
        if have != want:
            yield Finding(
                "brackets", Severity.warning, f"{have}× «{bracket}» in the translation, {want}× in the source"
            )


_FIRST_LETTER = re.compile(r"[^\W\d_]")
# Each pattern with what every one of its matches contains.
_WORDLESS = ((_PRINTF, ("%",)), (_BRACE, ("{",)), (_URL, ("://", "www.")), (_EMAIL, ("@",)))


def check_start_case(subject: Subject) -> Iterator[Finding]:
    """The translation starts with a capital when the source does, and with a small letter when the
    source does (pofilter's ``startcaps``)."""
    source = _FIRST_LETTER.search(_words_only(subject.source))
    target = _FIRST_LETTER.search(_words_only(subject.target))
    if source is None or target is None:
        return
    if source[0].isupper() and target[0].islower():
        yield Finding(
            "start-case",
            Severity.warning,
            "the translation starts with a small letter, the source with a capital",
        )
    elif source[0].islower() and target[0].isupper():
        yield Finding(
            "start-case",
            Severity.warning,
            "the translation starts with a capital, the source with a small letter",
        )


def _words_only(text: str) -> str:
    """``text`` without its placeholders and addresses, whose letters are not words."""
    for pattern, marks in _WORDLESS:
        for mark in marks:  # a plain loop: an any() generator costs more than these tests
            if mark in text:
                text = pattern.sub(" ", text)
                break
    return text


# English abbreviations whose full stop ends no sentence.
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "no", "vs", "etc", "gen", "lt", "col", "prof", "inc", "ltd"}
    | {"co", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)
# Possessive: no part of a match can give back what it took and let the next part match.
_SENTENCE_END = re.compile(r"(?<![^\W_])([^\W_]*+)[.!?…]++[»”\"')\]]*+\s++(?=[«“\"(]?[^\W\d_])")
_SENTENCE_BREAK = re.compile(r"[.!?…][»”\"')\]]*\s+[«“\"(]?[^\W\d_]")
"""What every match of ``_SENTENCE_END`` and its lookahead hold: a quick search, as it starts with one of a
few marks, that most texts fail."""


def sentence_count(text: str) -> int:
    """How many sentences ``text`` holds: ends of sentence followed by a new one, plus one."""
    text = text.strip()
    if _SENTENCE_BREAK.search(text) is None:
        return 1
    count = 1
    for match in _SENTENCE_END.finditer(text):
        word = match[1]
        if (len(word) == 1 and word.isalpha()) or word.casefold() in _ABBREVIATIONS:
            continue  # "г. Ашхабад", "J. Smith", "Mr. Smith"
        count += 1
    return count


def check_sentence_count(subject: Subject) -> Iterator[Finding]:
    """As many sentences as the source (pofilter's ``sentencecount``): a sentence lost, or two run into
    one, shows here."""
    source, target = sentence_count(subject.source), sentence_count(subject.target)
    if source != target:
        yield Finding(
            "sentences", Severity.warning, f"{target} sentence(s) in the translation, {source} in the source"
        )


# Bidirectional controls can make a text read otherwise than it is stored (CVE-2021-42574); the other
# invisible format characters only break search, line breaking and copy-paste.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def check_invisible(subject: Subject) -> Iterator[Finding]:
    """No invisible characters the source does not have: zero-width spaces and joiners, soft hyphens,
    word joiners, byte-order marks, bidirectional controls (pofilter lets these through)."""
    if subject.target.isprintable():
        return  # format characters (Cf) are never printable
    source = Counter(char for char in subject.source if unicodedata.category(char) == "Cf")
    target = Counter(char for char in subject.target if unicodedata.category(char) == "Cf")
    for char in target - source:
        name = unicodedata.name(char, f"U+{ord(char):04X}")
        severity = Severity.serious if char in _BIDI else Severity.warning
        yield Finding(
            "invisible", severity, f"an invisible character U+{ord(char):04X} {name} in the translation"
        )


# --------------------------------------------------------------------------------------------- registry

CHECKS: tuple[Check, ...] = (
    Check("untranslated", Severity.serious, check_unchanged, "untranslated, or the source copied unchanged"),
    Check("numbers", Severity.serious, check_numbers, "numbers, amounts and years keep their value"),
    Check("glossary", Severity.serious, check_glossary, "terms rendered as the term base says"),
    Check("script", Severity.serious, check_script, "the language's script; no mixed-script words"),
    Check("markup", Severity.serious, check_markup, "inline tags kept; no leftover placeholders"),
    Check("punctuation", Severity.warning, check_punctuation, "quotes and sentence punctuation"),
    Check("length", Severity.warning, check_length, "length ratio to the source"),
    Check("urls", Severity.serious, check_urls, "web and e-mail addresses copied as they are"),
    Check("placeholders", Severity.serious, check_placeholders, "printf and brace placeholders kept"),
    Check("whitespace", Severity.warning, check_whitespace, "leading, trailing and doubled spaces"),
    Check("doubled-words", Severity.warning, check_doubled_words, "no word written twice in a row"),
    Check("brackets", Severity.warning, check_brackets, "as many brackets as the source"),
    Check("start-case", Severity.warning, check_start_case, "a capital at the start when the source has one"),
    Check("sentences", Severity.warning, check_sentence_count, "as many sentences as the source"),
    Check(
        "invisible",
        Severity.serious,
        check_invisible,
        "no zero-width, bidirectional or other invisible characters",
    ),
)


def check_pair(
    source: str,
    target: str,
    language: Language,
    termbase: TermBase | None = None,
    flags: Iterable[str] = (),
) -> list[Finding]:
    """Run every check on one source and its translation (``flags``: its entry's ``#,`` flags)."""
    subject = Subject(source, target, language, termbase, frozenset(flags))
    if not target.strip():
        return list(check_unchanged(subject))
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check.function(subject))
    return findings


def ignored_checks(entry: polib.POEntry) -> frozenset[str]:
    """The check ids a reviewer has acknowledged on ``entry`` with ``ignore-<check>`` flags."""
    return frozenset(
        flag[len(IGNORE_FLAG_PREFIX) :] for flag in entry.flags if flag.startswith(IGNORE_FLAG_PREFIX)
    )


def check_entry(
    entry: polib.POEntry, language: Language | str, termbase: TermBase | None = None
) -> list[Finding]:
    """Every finding for a catalog entry (none for obsolete entries and the header).

    Findings of a check the entry's flags acknowledge (``#, ignore-<check>``) are marked
    ``acknowledged`` and no longer count as serious, so ``translate check``, ``translate status``, the
    publishing gate and the report agree. A missing translation is never acknowledged, nor are format
    directives ``msgfmt -c`` would reject (``check_formats``).
    """
    language = as_language(language)
    if entry.obsolete or not entry.msgid:
        return []
    if not entry.msgid_plural:
        findings = check_pair(entry.msgid, entry.msgstr, language, termbase, entry.flags)
    else:
        findings = []
        for index, target in sorted(entry.msgstr_plural.items()):
            source = entry.msgid if index == 0 else entry.msgid_plural
            for finding in check_pair(source, target, language, termbase, entry.flags):
                if finding not in findings:
                    findings.append(finding)
    findings.extend(check_formats(entry, language))
    ignored = ignored_checks(entry)
    if not ignored:
        return findings
    return [
        dataclasses.replace(finding, acknowledged=True)
        if finding.check in ignored and finding != NOT_TRANSLATED and finding.check != "format"
        else finding
        for finding in findings
    ]


def check_formats(entry: polib.POEntry, language: Language) -> list[Finding]:
    """Format directives of an entry flagged ``c-format``, ``python-format`` or ``python-brace-format``,
    compared as ``msgfmt -c`` compares them (a serious finding).

    The catalog reader refuses a reviewed entry like this outright, as msgfmt does; a fuzzy one is
    found here, before a reviewer clears it into a file no tool would then compile.
    """
    if not any(flag.endswith("-format") for flag in entry.flags):
        return []
    targets = (
        [entry.msgstr]
        if not entry.msgid_plural
        else [text for _, text in sorted(entry.msgstr_plural.items())]
    )
    if not targets or not targets[0]:
        return []
    problem = format_problem(
        entry.flags,
        entry.msgid,
        entry.msgid_plural or None,
        targets,
        plural_rule(get_plural(language.value).plural_expr),
        range_=entry_range(entry.flags),
    )
    return [] if problem is None else [Finding("format", Severity.serious, problem)]


def entry_checker(termbase: TermBase | None) -> EntryCheck:
    """The checks of one entry with ``termbase``, as the gate and the report call them."""

    def check(entry: polib.POEntry, language: Language) -> list[Finding]:
        return check_entry(entry, language, termbase)

    return check


def check_catalog(
    catalog: Iterable[polib.POEntry],
    language: Language | str,
    termbase: TermBase | None = None,
    path: Location | None = None,
) -> list[EntryFindings]:
    """Findings for every entry of ``catalog`` (a ``polib.POFile`` or its entries) that has any, placed
    at ``path`` and the entry's line; ``language`` is a ``Language`` or a code such as ``"ru"``."""
    if isinstance(catalog, str | PathLike):
        raise TypeError("catalog must be a polib.POFile or its entries; read a file with read_catalog(path)")
    if termbase is not None and not isinstance(termbase, TermBase):
        raise TypeError(f"termbase must be a TermBase or None, got {type(termbase).__name__}")
    language = as_language(language)
    results: list[EntryFindings] = []
    for entry in catalog:
        findings = check_entry(entry, language, termbase)
        if path is not None:
            where = Location(path.path, entry.linenum)
            findings = [finding.placed(where, entry.msgid) for finding in findings]
        if findings:
            results.append(
                EntryFindings(entry.msgid, entry.msgctxt, entry.linenum, entry.fuzzy, tuple(findings))
            )
    return results


def count_results(results: Iterable[EntryFindings]) -> Counts:
    """The counts of every finding in ``results`` (:func:`translate.diagnostics.count`)."""
    return count_findings(finding for result in results for finding in result.findings)


def serious_count(results: Sequence[EntryFindings]) -> int:
    """How many serious findings in ``results``."""
    return count_results(results).serious


def annotate_entry(entry: polib.POEntry, findings: Sequence[Finding]) -> bool:
    """Bring the entry's ``#. check:`` and ``#. glossary:`` notes in line with ``findings``, the findings
    for its msgstr as it is now; return whether the notes changed.

    - An entry awaiting review (fuzzy) gets one check note per finding (info left out), replacing the old
      ones; only a reviewer clears the fuzzy flag.
    - A reviewed entry keeps the check and glossary notes that still hold and loses the others: a
      reviewer who fixed the text sees the stale findings go, while nothing new is added to text a
      reviewer cleared (``translate check`` lists its findings).
    - An untranslated entry has nothing to check: its check and glossary notes go.

    Glossary notes (the enforcement's, written when the engine's text came in) are kept while the
    glossary check still finds the same thing, so ``findings`` must come from a check with the term base.
    The msgstr, flags and translator comments are never touched.
    """
    if entry.obsolete:
        return False
    before = entry.comment
    if not is_translated(entry):
        keep_notes(entry, lambda note: note.kind not in _FINDING_NOTES)
        return bool(entry.comment != before)
    glossary = {_spaced(f.message) for f in findings if f.check == "glossary"}
    keep_notes(entry, lambda note: note.kind is not NoteKind.glossary or _spaced(note.text) in glossary)
    if is_reviewed(entry):
        said = {_spaced(note_text(f)) for f in findings if f.severity is not Severity.info}
        keep_notes(entry, lambda note: note.kind is not NoteKind.check or _spaced(note.text) in said)
        return bool(entry.comment != before)
    replace_notes(entry, NoteKind.check, ())  # old findings must not count as already said below
    # The glossary wrapper already noted what it could not fix; the same words twice help no one.
    existing = " ".join(entry.comment.split())
    replace_notes(
        entry,
        NoteKind.check,
        (
            note_text(finding)
            for finding in findings
            if finding.severity is not Severity.info
            and not (finding.check == "glossary" and " ".join(finding.message.split()) in existing)
        ),
    )
    return bool(entry.comment != before)


_FINDING_NOTES = (NoteKind.check, NoteKind.glossary)


def _spaced(text: str) -> str:
    """``text`` with its whitespace as wrapping and joining a note leaves it."""
    return " ".join(text.split())


def annotate_catalog(catalog: polib.POFile, language: Language, termbase: TermBase | None = None) -> int:
    """Refresh the check notes of every entry awaiting review; return how many entries changed."""
    changed = 0
    for entry in catalog:
        if annotate_entry(entry, check_entry(entry, language, termbase)):
            changed += 1
    return changed


def findings_json(language: Language, results: Sequence[EntryFindings]) -> list[dict[str, Any]]:
    """The ``--json`` rows of ``translate check`` for one catalog: each finding's shape
    (:meth:`translate.diagnostics.Finding.as_dict`) with the entry's language, msgid, msgctxt and state."""
    return [
        {
            **finding.as_dict(),
            "language": language.value,
            "msgid": result.msgid,
            "msgctxt": result.msgctxt,
            "fuzzy": result.fuzzy,
        }
        for result in results
        for finding in result.findings
    ]
