"""Publishing settings: the date pattern each language is published with, from ``translate.toml``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from babel.core import UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.dates import parse_pattern

from translate.errors import PublishError, UsageError
from translate.languages import Language
from translate.project import Project
from translate.settings import read_settings

DEFAULT_DATE_FORMAT = "long"
"""CLDR's long date format: ru «3 ноября 2023 г.», tk "3 noýabr 2023", kk «2023 ж. 3 қараша»."""

_NAMED_FORMATS = ("short", "medium", "long", "full")
_DATE_FIELDS = "GyYuUrQqMLlwWdDFgEec"  # CLDR date field letters (no time fields: a date has no time)
_QUOTED = re.compile(r"'(?:[^']|'')+'|''")


def format_date(date: dt.date, language: Language, pattern: str = DEFAULT_DATE_FORMAT) -> str:
    """``date`` written the way ``language`` writes it, from babel's CLDR data.

    ``pattern`` is a CLDR format name (``short``, ``medium``, ``long``, ``full``) or a CLDR pattern such
    as ``d MMMM y 'г.'``. Note that CLDR's own long formats separate the year from «г.»/«ж.» with a narrow
    no-break space (U+202F), so the abbreviation never wraps away from the year.
    """
    return str(babel_format_date(date, pattern, locale=language.locale))


def check_date_pattern(pattern: str, where: str) -> str:
    """Return ``pattern`` when babel can format dates with it, else raise a PublishError naming ``where``."""
    if pattern in _NAMED_FORMATS:
        return pattern
    if not pattern.strip():
        raise PublishError(f"{where}: empty date pattern; use a CLDR pattern such as \"d MMMM y\" or 'long'")
    # babel formats unterminated quotes and time fields without complaint; a date pattern needs neither.
    unquoted = _QUOTED.sub("", pattern)
    if "'" in unquoted:
        raise PublishError(f"{where}: unclosed quote in date pattern {pattern!r}; quote literal text as 'г.'")
    if stray := sorted(set(re.findall(r"[A-Za-z]", unquoted)) - set(_DATE_FIELDS)):
        raise PublishError(
            f"{where}: date pattern {pattern!r} uses {', '.join(stray)}, which are not date fields; "
            "quote literal text as 'г.'"
        )
    try:
        parse_pattern(pattern)
        babel_format_date(dt.date(2023, 11, 3), pattern, locale="en")
    except (ValueError, KeyError, TypeError, AttributeError, UnknownLocaleError) as exc:
        raise PublishError(
            f'{where}: invalid date pattern {pattern!r} ({exc}); use a CLDR pattern such as "d MMMM y"'
        ) from None
    return pattern


@dataclass(frozen=True, slots=True)
class PublishConfig:
    """How a desk wants its articles published: a date pattern per language (CLDR ``long`` otherwise)."""

    date_formats: tuple[tuple[Language, str], ...] = ()

    def date_format(self, language: Language) -> str:
        """The date pattern for ``language``."""
        return dict(self.date_formats).get(language, DEFAULT_DATE_FORMAT)

    def with_date_formats(self, overrides: Mapping[Language, str]) -> PublishConfig:
        """This configuration with ``overrides`` taking precedence."""
        merged = dict(self.date_formats)
        merged.update(overrides)
        return PublishConfig(tuple(sorted(merged.items())))


_PUBLISH_KEYS = ("date_format",)


def load_publish_config(project: Project) -> PublishConfig:
    """Read ``[publish.date_format]`` from the project's ``translate.toml`` (absent file: defaults).

    Errors name the line; an unknown key under ``[publish]`` (a typo such as ``date_formats``) is an
    error rather than a setting silently ignored.
    """
    settings = read_settings(project.root, PublishError)
    if settings is None:
        return PublishConfig()
    path = settings.path
    publish = settings.table("publish", PublishError)
    for key in publish:
        if key not in _PUBLISH_KEYS:
            raise PublishError(
                f"[publish] has unknown setting {key!r}; the settings are: {', '.join(_PUBLISH_KEYS)}",
                path=path,
                line=settings.line_of(key),
            )
    table = publish.get("date_format", {})
    if not isinstance(table, dict):
        raise PublishError(
            "[publish.date_format] must be a table of language = pattern",
            path=path,
            line=settings.line_of("date_format"),
        )
    formats: dict[Language, str] = {}
    for code, pattern in table.items():
        line = settings.line_of(code)
        where = f"{path}:{line}" if line else str(path)
        language = Language.lookup(code)
        if language is None:
            raise PublishError(
                f"[publish.date_format] has unknown language {code!r}; use ru, tk or kk", path=path, line=line
            )
        if not isinstance(pattern, str):
            raise PublishError(
                f"[publish.date_format] {code} must be a text pattern, got {pattern!r}", path=path, line=line
            )
        formats[language] = check_date_pattern(pattern, f"{where}: [publish.date_format] {code}")
    return PublishConfig(tuple(sorted(formats.items())))


def parse_date_format_options(values: Iterable[str]) -> dict[Language, str]:
    """Parse ``--date-format LANG=PATTERN`` options."""
    formats: dict[Language, str] = {}
    for value in values:
        code, sep, pattern = value.partition("=")
        if not sep:
            raise UsageError(f"--date-format {value!r}: write it as LANG=PATTERN, e.g. ru=\"d MMMM y 'г.'\"")
        language = Language.lookup(code)
        if language is None:
            raise UsageError(f"--date-format {value!r}: unknown language {code!r}; use ru, tk or kk")
        try:
            formats[language] = check_date_pattern(pattern.strip(), f"--date-format {code}")
        except PublishError as exc:
            raise UsageError(str(exc)) from None  # a bad option value, not a broken file
    return formats
