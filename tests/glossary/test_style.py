"""House style from translate.toml: defaults, per-language overrides, and errors that name the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.errors import GlossaryError
from translate.glossary.style import DEFAULT_STYLE, LanguageStyle, load_house_style, parse_house_style
from translate.glossary.tomlfile import load_termbase
from translate.languages import Language

HERE = Path("translate.toml")


def test_defaults_when_there_is_no_file(tmp_path: Path) -> None:
    assert load_house_style(tmp_path) == DEFAULT_STYLE
    assert DEFAULT_STYLE.of(Language.ru) == LanguageStyle(lowercase_titles=True, bare_compounds=False)
    assert DEFAULT_STYLE.of(Language.tk) == LanguageStyle(lowercase_titles=False, bare_compounds=True)
    assert DEFAULT_STYLE.of(Language.kk) == LanguageStyle(lowercase_titles=True, bare_compounds=True)


def test_common_settings_and_a_language_override() -> None:
    style = parse_house_style(
        "[publish]\nx = 1\n[glossary]\nlowercase_titles = false\n[glossary.kk]\nlowercase_titles = true\n",
        HERE,
    )
    assert not style.of(Language.ru).lowercase_titles
    assert not style.of(Language.tk).lowercase_titles
    assert style.of(Language.kk).lowercase_titles
    assert style.of(Language.tk).bare_compounds  # untouched settings keep their default


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[glossary]\nlowercase_title = true\n", r"\[glossary\] has unknown setting 'lowercase_title'"),
        ("[glossary.ru]\nbare_compounds = 1\n", r"\[glossary.ru\] bare_compounds must be true or false"),
        ("[glossary.ru]\nfoo = true\n", r"unknown setting 'foo'"),
    ],
    ids=["typo", "not-a-flag", "unknown-in-language"],
)
def test_errors_name_the_setting(text: str, message: str) -> None:
    with pytest.raises(GlossaryError, match=message):
        parse_house_style(text, HERE)


def test_the_project_style_rides_on_the_term_base(tmp_path: Path) -> None:
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    (glossary / "t.toml").write_text('[x]\nen = "X"\n[x.ru]\ntext = "Икс"\n', encoding="utf-8")
    (tmp_path / "translate.toml").write_text("[glossary.ru]\nlowercase_titles = false\n", encoding="utf-8")
    assert not load_termbase(glossary).style.of(Language.ru).lowercase_titles
