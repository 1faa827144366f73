"""The desk's house style for terms, per language: the ``[glossary]`` settings of ``translate.toml``.

What media write correctly differs by desk, not by grammar: Kazakhstani and Russian-language news write
titles of office in lower case («президент Казахстана», «Қазақстан президенті») where Turkmen state
media capitalise them, and Turkic prose drops a term's possessive ending inside a longer compound
("Balkan welaýat häkimligi"). These settings say which of those spellings the checker accepts::

    [glossary]                 # every language
    bare_compounds = true

    [glossary.ru]              # one language; overrides the table above
    lowercase_titles = false

Defaults (``DEFAULT_STYLE``): lower-case titles of office are accepted in ru and kk and refused in tk;
Turkic compounds without the possessive are accepted in tk and kk (Russian has no such form). An
honorific title («Национальный Лидер», marked ``honorific`` in the term base) keeps its capitals under
any setting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from translate.errors import GlossaryError
from translate.languages import ALL_LANGUAGES, Language
from translate.settings import Settings, parse_settings, read_settings

TABLE = "glossary"


@dataclass(frozen=True, slots=True)
class LanguageStyle:
    """What one language's desk accepts beyond the term base's own spelling."""

    lowercase_titles: bool = False
    """A title of office may be written in lower case (its proper names keep their capitals)."""
    bare_compounds: bool = False
    """A Turkic term ending in a possessive may drop it when another noun follows (izafet chains)."""


@dataclass(frozen=True, slots=True)
class HouseStyle:
    """The house style of every language."""

    ru: LanguageStyle = LanguageStyle(lowercase_titles=True)
    tk: LanguageStyle = LanguageStyle(bare_compounds=True)
    kk: LanguageStyle = LanguageStyle(lowercase_titles=True, bare_compounds=True)

    def of(self, language: Language) -> LanguageStyle:
        """The style of ``language``."""
        style: LanguageStyle = getattr(self, language.value)
        return style


DEFAULT_STYLE = HouseStyle()
STRICT_STYLE = HouseStyle(ru=LanguageStyle(), tk=LanguageStyle(), kk=LanguageStyle())
"""Only the term base's own spellings (for tests and for desks that want no leeway)."""

_KEYS = tuple(setting.name for setting in fields(LanguageStyle))


def parse_house_style(text: str, path: Path) -> HouseStyle:
    """The ``[glossary]`` settings in ``translate.toml`` text (defaults where a setting is absent)."""
    return _house_style(parse_settings(text, path, GlossaryError))


def _house_style(settings: Settings) -> HouseStyle:
    table = settings.table(TABLE, GlossaryError, "a table of settings")
    common = _settings(table, f"[{TABLE}]", settings, allow_languages=True)
    style = DEFAULT_STYLE
    for language in ALL_LANGUAGES:
        sub = table.get(language.value, {})
        if not isinstance(sub, dict):
            raise GlossaryError(
                f"[{TABLE}.{language.value}] must be a table of settings",
                path=settings.path,
                line=settings.line_of(language.value),
            )
        overrides = {**common, **_settings(sub, f"[{TABLE}.{language.value}]", settings)}
        style = replace(style, **{language.value: replace(style.of(language), **overrides)})
    return style


def _settings(
    table: Mapping[str, Any], where: str, settings: Settings, *, allow_languages: bool = False
) -> dict[str, bool]:
    languages = {language.value for language in ALL_LANGUAGES} if allow_languages else set()
    values: dict[str, bool] = {}
    for key, value in table.items():
        if key in languages:
            continue
        if key not in _KEYS:
            raise GlossaryError(
                f"{where} has unknown setting {key!r}; the settings are: {', '.join(_KEYS)}"
                + (" (or a table per language: ru, tk, kk)" if allow_languages else ""),
                path=settings.path,
                line=settings.line_of(key),
            )
        if not isinstance(value, bool):
            raise GlossaryError(
                f"{where} {key} must be true or false", path=settings.path, line=settings.line_of(key)
            )
        values[key] = value
    return values


def load_house_style(root: Path) -> HouseStyle:
    """The house style in ``root/translate.toml``; the defaults when there is no such file."""
    settings = read_settings(root, GlossaryError)
    return DEFAULT_STYLE if settings is None else _house_style(settings)
