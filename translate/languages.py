"""Target languages of the desk and their locale data from babel's CLDR tables."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from functools import cache

from babel import Locale
from babel.messages.plurals import get_plural

from translate.errors import UsageError

SOURCE_LANGUAGE = "en"


class Language(enum.StrEnum):
    """A target language, named by its ISO 639-1 code (shared by the library and the CLI)."""

    ru = "ru"
    tk = "tk"
    kk = "kk"

    @classmethod
    def from_code(cls, code: str) -> Language:
        """The language a locale code names, as PO headers, TMX and TBX write it: ``ru``, ``RU``,
        ``ru-RU``, ``ru_RU.UTF-8``, ``kk-Cyrl-KZ``, ``tk@latin``; a clear error for any other."""
        base = code.strip().replace("_", "-").split(".", 1)[0].split("@", 1)[0].split("-", 1)[0].lower()
        try:
            return cls(base)
        except ValueError:
            known = ", ".join(language.value for language in ALL_LANGUAGES)
            raise UsageError(f"unknown language code {code!r}; use one of: {known}") from None

    @classmethod
    def lookup(cls, code: str) -> Language | None:
        """The language ``code`` names (as ``from_code`` reads it), or None for a language the desk
        does not publish (a file reader's "not one of ours", not an error)."""
        try:
            return cls.from_code(code)
        except UsageError:
            return None

    @property
    def locale(self) -> Locale:
        """Babel locale of the language."""
        return _locale(self.value)

    @property
    def english_name(self) -> str:
        """English name from CLDR, e.g. "Kazakh"."""
        return _english_name(self.value)

    @property
    def plural_forms(self) -> str:
        """The gettext ``Plural-Forms`` header value from babel's CLDR plural data."""
        plural = get_plural(self.value)
        return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"

    @property
    def num_plurals(self) -> int:
        """Number of plural forms gettext expects for this language."""
        return get_plural(self.value).num_plurals

    @property
    def script(self) -> str:
        """ISO 15924 script the desk publishes this language in."""
        return "Latn" if self is Language.tk else "Cyrl"


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


@cache  # messages of every check ask for it; babel looks it up anew each time
def _english_name(code: str) -> str:
    return str(_locale(code).get_display_name("en"))


ALL_LANGUAGES: tuple[Language, ...] = (Language.ru, Language.tk, Language.kk)


def as_language(value: Language | str) -> Language:
    """What a caller passed as a language: a ``Language`` or a code (``"ru"``, ``"ru-RU"``).

    Anything else is refused with ``TypeError`` (a ``None`` or a number must not pass as "no language").
    """
    if isinstance(value, Language):
        return value
    if isinstance(value, str):
        return Language.from_code(value)
    raise TypeError(f"language must be a Language or a code such as 'ru', got {type(value).__name__}")


def parse_languages(values: Iterable[str]) -> tuple[Language, ...]:
    """Parse codes such as ``["ru,tk", "kk"]`` into languages, in order, without duplicates."""
    found: list[Language] = []
    for value in values:
        for code in value.split(","):
            code = code.strip()
            if not code:
                continue
            language = Language.from_code(code)
            if language not in found:
                found.append(language)
    if not found:
        raise UsageError("no target language given; use one or more of: ru, tk, kk")
    return tuple(found)
