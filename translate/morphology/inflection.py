"""How one rendering inflects beyond what the rules read from its text: its inflection settings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Inflection:
    """The inflection settings of one rendering, as the term base spells them (all optional).

    ``fixed`` lists words that never inflect; ``indeclinable`` keeps the whole rendering as it is;
    ``possessive`` says the last word already carries the 3rd-person possessive (Turkmen and Kazakh
    izafet: "Halk Maslahaty"), so case endings take their n-forms; ``honorific`` adds the 1st-person
    plural possessive forms official Turkmen prose uses ("Arkadagymyz"); ``stem`` is the last word's
    stem before a vowel where the rules would get the consonant alternation wrong; ``forms`` override
    generated forms by form key ("gen", "p3.dat"). The field names are the term base's keys.
    """

    fixed: tuple[str, ...] = ()
    indeclinable: bool = False
    possessive: bool = False
    honorific: bool = False
    stem: str = ""
    forms: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_hints(cls, hints: Mapping[str, Any]) -> Inflection:
        """The settings in ``hints`` (the shape ``hints()`` gives); TypeError or ValueError when malformed.

        Values are taken as loosely as JSON from another tool needs (``"1"`` for a flag is true); what
        comes in this way is validated afterwards as a term-base file would be.
        """
        return cls(
            fixed=tuple(str(word) for word in hints.get("fixed", ())),
            indeclinable=bool(hints.get("indeclinable", False)),
            possessive=bool(hints.get("possessive", False)),
            honorific=bool(hints.get("honorific", False)),
            stem=str(hints.get("stem", "")),
            forms=tuple((str(key), str(value)) for key, value in dict(hints.get("forms", {})).items()),
        )

    def hints(self) -> dict[str, Any]:
        """The settings that differ from the defaults, by key, in field order, JSON-ready."""
        hints: dict[str, Any] = {}
        if self.fixed:
            hints["fixed"] = list(self.fixed)
        for key in ("indeclinable", "possessive", "honorific"):
            if getattr(self, key):
                hints[key] = True
        if self.stem:
            hints["stem"] = self.stem
        if self.forms:
            hints["forms"] = dict(self.forms)
        return hints

    def for_variant(self) -> Inflection:
        """The settings that carry over to another spelling of the same rendering (a variant).

        Fixed words, the stem, the spelled-out forms and indeclinability are about the rendering's own
        words; whether the phrase ends in a possessive and takes honorific forms holds for any spelling.
        """
        return Inflection(possessive=self.possessive, honorific=self.honorific)


PLAIN = Inflection()
"""The settings of a rendering that inflects by the rules alone."""
