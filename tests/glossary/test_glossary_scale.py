"""Glossary matching and checking grow linearly with the text and the term base: counted operations
(folds, fuzzy comparisons, span lookups, term ids checked) on N and 4N copies of a sentence, and the
same findings on a long text as on its sentences one by one."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.glossary import forms, tomlfile, violations
from translate.glossary.matching import TermMatch, find_source_terms
from translate.glossary.termbase import TermBase
from translate.glossary.tomlfile import load_termbase
from translate.glossary.violations import TermViolation, check_translation
from translate.languages import Language

GLOSSARY = Path(__file__).resolve().parents[2] / "glossary"
SLACK = 40  # operations that do not depend on the text (loading forms, first uses)

# Sentences with something for every part of the check to do: approved, forbidden, misspelt,
# missing, nested and lower-case renderings.
SENTENCES: list[tuple[Language, str, str]] = [
    (
        Language.ru,
        "The Chairman of the Halk Maslahaty of Turkmenistan met the President of Kazakhstan.",
        "Председатель Халк Маслахаты Туркменистана встретился с Президентом Казахстана.",
    ),
    (
        Language.ru,
        "Hero-Arkadag visited the Balkan velayat and Kazakhstan.",
        "Аркадаг посетил Балканский вилаят и Казакстан.",
    ),
    (
        Language.ru,
        "The Halk Maslahaty met in Turkmenbashi, and the Chairman of the Halk Maslahaty spoke.",
        "Народный совет собрался в Туркменбаши, и выступил председатель Халк Маслахаты.",
    ),
    (
        Language.tk,
        "The Chairman of the Halk Maslahaty visited the Balkan velayat.",
        "Halk Maslahatynyň Başlygy Balkan welaýatyna bardy.",
    ),
    (
        Language.tk,
        "Magtymguly Fragi and Turkmenistan.",
        "Magtymguly Pyragy we Türkmenistan.",
    ),
    (
        Language.kk,
        "The President of Kazakhstan met the President of Turkmenistan.",
        "Қазақстан Президенті Түркменстан Президентімен кездесті.",
    ),
]


@pytest.fixture(scope="module")
def termbase() -> TermBase:
    return load_termbase(GLOSSARY)


class Calls:
    """Counts the calls of real functions (wrapped, not replaced) and, optionally, a size per call."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def wrap(self, name: str, function: Callable[..., Any], size: Callable[..., int] | None = None) -> Any:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.counts[name] += size(*args, **kwargs) if size else 1
            return function(*args, **kwargs)

        return counted


def _cdist_pairs(queries: Any, choices: Any, **_: Any) -> int:
    return len(queries) * len(choices)


def _operations(monkeypatch: pytest.MonkeyPatch, run: Callable[[], object]) -> Counter[str]:
    calls = Calls()
    with monkeypatch.context() as patch:
        patch.setattr(forms, "fold", calls.wrap("fold", forms.fold))
        patch.setattr(forms.process, "cdist", calls.wrap("fuzzy pairs", forms.process.cdist, _cdist_pairs))
        patch.setattr(forms, "normalise", calls.wrap("normalised", forms.normalise, len))
        holders = violations._Spans.holders
        patch.setattr(violations._Spans, "holders", calls.wrap("span lookups", holders))
        patch.setattr(forms.Target, "finditer", calls.wrap("pattern runs", forms.Target.finditer))
        run()
    return calls.counts


def _long(sentence: str, copies: int) -> str:
    return " ".join([sentence] * copies)


@pytest.mark.parametrize(
    ("language", "source", "target"),
    SENTENCES,
    ids=[f"{language.value}-{number}" for number, (language, _, _) in enumerate(SENTENCES)],
)
def test_checking_work_grows_linearly_with_the_text(
    monkeypatch: pytest.MonkeyPatch, termbase: TermBase, language: Language, source: str, target: str
) -> None:
    check_translation(termbase, language, source, target)  # forms computed before counting
    copies = 8

    def counted(times: int) -> Counter[str]:
        return _operations(
            monkeypatch,
            lambda: check_translation(termbase, language, _long(source, times), _long(target, times)),
        )

    small, large = counted(copies), counted(4 * copies)
    assert small["fold"] > 0 and small["pattern runs"] > 0
    for operation in ("fold", "fuzzy pairs", "normalised", "span lookups", "pattern runs"):
        assert large[operation] <= 4 * small[operation] + SLACK, (operation, small, large)


def test_each_term_runs_its_patterns_once_per_text_whatever_its_occurrences(
    monkeypatch: pytest.MonkeyPatch, termbase: TermBase
) -> None:
    """The target is prepared once; each term found in the source looks for its approved and forbidden
    forms once, not once per occurrence."""
    language, source, target = SENTENCES[0]
    check_translation(termbase, language, source, target)
    counts = _operations(
        monkeypatch, lambda: check_translation(termbase, language, _long(source, 50), _long(target, 50))
    )
    terms = {match.term_id for top in find_source_terms(termbase, source) for match in top.walk()}
    assert counts["pattern runs"] <= 3 * len(terms)  # approved, forbidden, bare compound
    # The target is normalised once, then only the short occurrences found in it, to compare them;
    # normalising it once per term occurrence would be 150 times its length.
    assert counts["normalised"] <= 4 * len(_long(target, 50))


def test_matching_work_grows_linearly_with_the_text(
    monkeypatch: pytest.MonkeyPatch, termbase: TermBase
) -> None:
    sentence = " ".join(source for _, source, _ in SENTENCES)
    calls = Calls()
    from translate.glossary import matching

    def count(times: int) -> int:
        calls.counts.clear()
        with monkeypatch.context() as patch:
            patch.setattr(matching, "in_headline", calls.wrap("headline", matching.in_headline))
            patch.setattr(matching.TermBase, "get", calls.wrap("get", matching.TermBase.get))
            patch.setattr(matching, "_sense_patterns", calls.wrap("senses", matching._sense_patterns))
            find_source_terms(termbase, _long(sentence.upper(), times) + " " + _long(sentence, times))
        return sum(calls.counts.values())

    assert count(40) <= 4 * count(10) + SLACK


def _shifted(violation: TermViolation, source_by: int, target_by: int) -> TermViolation:
    moved = dataclasses.replace(
        violation,
        source_start=violation.source_start + source_by,
        source_end=violation.source_end + source_by,
    )
    if violation.found_start is None or violation.found_end is None:
        return moved
    return dataclasses.replace(
        moved, found_start=violation.found_start + target_by, found_end=violation.found_end + target_by
    )


def _shifted_match(match: TermMatch, by: int) -> TermMatch:
    nested = tuple(_shifted_match(inner, by) for inner in match.nested)
    return dataclasses.replace(match, start=match.start + by, end=match.end + by, nested=nested)


def _copies(source: str, target: str, times: int) -> Iterator[tuple[int, int]]:
    for number in range(times):
        yield number * (len(source) + 1), number * (len(target) + 1)


@settings(max_examples=20, deadline=None)
@given(index=st.integers(0, len(SENTENCES) - 1), times=st.integers(1, 12))
def test_a_long_text_gets_the_findings_of_its_sentences(index: int, times: int) -> None:
    """N copies of a sentence in one segment: each copy's terms, matches and violations are those of the
    sentence alone, at the copy's offsets, in order."""
    termbase = _TERMBASE
    language, source, target = SENTENCES[index]
    alone = check_translation(termbase, language, source, target)
    together = check_translation(termbase, language, _long(source, times), _long(target, times))
    expected = [_shifted(v, s, t) for s, t in _copies(source, target, times) for v in alone]
    assert together == expected
    matches = find_source_terms(termbase, source)
    assert find_source_terms(termbase, _long(source, times)) == [
        _shifted_match(match, s) for s, _ in _copies(source, target, times) for match in matches
    ]


_TERMBASE = load_termbase(GLOSSARY)


def test_a_30_kb_segment_is_checked_with_work_in_proportion(
    monkeypatch: pytest.MonkeyPatch, termbase: TermBase
) -> None:
    """The case that took 42 s: a 30 kB segment. Its counted work is that of its sentences together
    (give or take the word windows that span two sentences), as it is for ten of them."""
    language, source, target = SENTENCES[1]
    times = 30_000 // len(target)
    some = _operations(
        monkeypatch, lambda: check_translation(termbase, language, _long(source, 10), _long(target, 10))
    )
    many = _operations(
        monkeypatch, lambda: check_translation(termbase, language, _long(source, times), _long(target, times))
    )
    assert len(_long(target, times)) > 29_000
    for operation in ("fold", "fuzzy pairs", "span lookups", "normalised"):
        assert many[operation] <= 1.1 * times / 10 * some[operation] + SLACK, (operation, some, many)


def test_load_checks_each_term_id_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    per_file = 300
    for number in range(4):
        (glossary / f"part{number}.toml").write_text(
            "\n".join(f'[t{number}-{index}]\nen = "Term {number} {index}"\n' for index in range(per_file)),
            encoding="utf-8",
        )
    calls = Calls()
    monkeypatch.setattr(
        tomlfile, "check_unique", calls.wrap("ids", tomlfile.check_unique, lambda terms, *_: len(terms))
    )
    base = load_termbase(glossary)
    assert len(base) == 4 * per_file
    assert calls.counts["ids"] == len(base)


def test_a_term_id_defined_in_two_files_is_still_refused(tmp_path: Path) -> None:
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    (glossary / "a.toml").write_text('[caspian-sea]\nen = "Caspian Sea"\n', encoding="utf-8")
    (glossary / "b.toml").write_text(
        '[aral-sea]\nen = "Aral Sea"\n\n[caspian-sea]\nen = "Caspian"\n', "utf-8"
    )
    with pytest.raises(
        tomlfile.GlossaryError, match=r"b\.toml:4: term caspian-sea is already defined at .*a\.toml:1"
    ):
        load_termbase(glossary)


def test_case_key_treats_alike_what_a_case_insensitive_regex_does() -> None:
    """Each letter a case-insensitive regex takes for another (Python's own table of them) has the same
    key, so a term's pattern is tried wherever it can match."""
    casefix = pytest.importorskip("re._casefix")
    for code, partners in casefix._EXTRA_CASES.items():
        for partner in partners:
            assert forms.case_key(chr(code)) == forms.case_key(chr(partner)), (chr(code), chr(partner))
    for letter in ("İ", "K", "Σ", "ς", "ẞ", "ǅ", "Ё", "Ӏ"):
        for other in {letter.lower(), letter.upper(), letter.casefold()}:
            if len(other) == 1 and re.fullmatch(re.escape(letter), other, re.IGNORECASE):
                assert forms.case_key(letter) == forms.case_key(other), (letter, other)
