"""Plural-Forms rules parsed and evaluated as gettext does (msgfmt -c's range, unsigned long arithmetic)."""

from __future__ import annotations

import gettext

import pytest
from babel.messages.plurals import get_plural

from translate.catalog.plurals import CHECKED_N, PluralError, plural_rule
from translate.languages import ALL_LANGUAGES, Language


@pytest.mark.parametrize("language", ALL_LANGUAGES, ids=[language.value for language in ALL_LANGUAGES])
def test_the_desks_rules_give_what_python_gettext_gives(language: Language) -> None:
    expression = get_plural(language.value).plural_expr
    rule = plural_rule(expression)
    python = gettext.c2py(expression)
    assert list(rule.forms) == [python(n) for n in CHECKED_N]


def test_msgfmt_checks_n_up_to_1000_included() -> None:
    assert CHECKED_N[-1] == 1000
    assert max(plural_rule("n == 1000 ? 7 : 0").forms) == 7


def test_which_forms_are_used_often() -> None:
    kk = plural_rule("(n != 1)")
    assert not kk.often(0) and kk.often(1)
    assert kk.count_between(0, 1, 1) == 1  # n = 0 only


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("n / (n - 5)", "divides by zero for n = 5"),
        ("n - 1", "negative value for n = 0"),
        ("-1", "expected n, a number"),
        ("n % \u0661\u0660", "ASCII digits only"),
        ("n | 1", r"unexpected '\|'"),
        ("(n", r"expected '\)'"),
        ("m != 1", "unexpected 'm'"),
        ("", "is empty"),
    ],
    ids=[
        "division-by-zero",
        "negative",
        "unary-minus",
        "arabic-indic",
        "single-bar",
        "open",
        "not-n",
        "empty",
    ],
)
def test_what_gettext_refuses(expression: str, reason: str) -> None:
    with pytest.raises(PluralError, match=reason):
        plural_rule(expression)


def test_and_or_look_right_only_when_c_would() -> None:
    assert plural_rule("n != 0 && 10 / n > 1 ? 1 : 0").forms[:3] == (0, 1, 1)
    assert plural_rule("n == 0 || 10 / n > 1 ? 1 : 0").forms[0] == 1


def test_arithmetic_wraps_like_unsigned_long() -> None:
    assert plural_rule("18446744073709551617 == 1").forms[0] == 1
    assert plural_rule("(n - 2 > 5) ? 1 : 0").forms[0] == 1  # 0 - 2 is a huge unsigned number in C
