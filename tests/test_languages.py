"""Languages: one parser for every spelling of a locale code the desk's files carry."""

from __future__ import annotations

import pytest

from translate.errors import UsageError
from translate.languages import Language, parse_languages


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("ru", Language.ru),
        ("RU", Language.ru),
        ("ru-RU", Language.ru),
        ("ru_RU.UTF-8", Language.ru),
        (" kk ", Language.kk),
        ("kk-Cyrl-KZ", Language.kk),
        ("tk@latin", Language.tk),
        ("tk_TM", Language.tk),
    ],
    ids=str,
)
def test_from_code_reads_every_spelling(code: str, language: Language) -> None:
    assert Language.from_code(code) is language


@pytest.mark.parametrize("code", ["", "en", "uz", "rus", "-ru", "kkk"], ids=repr)
def test_from_code_refuses_other_languages_naming_the_known_ones(code: str) -> None:
    with pytest.raises(UsageError, match=r"unknown language code .*use one of: ru, tk, kk"):
        Language.from_code(code)


def test_parse_languages_keeps_order_and_drops_repeats() -> None:
    assert parse_languages(["kk,ru-RU", "KK", " tk"]) == (Language.kk, Language.ru, Language.tk)
