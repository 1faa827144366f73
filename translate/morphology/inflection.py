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
    generated forms by form key ("gen", "p3.dat"); ``adjectives`` are the adjectives official prose
    derives from the name («туркменбашинский» from «Туркменбаши»), accepted for the term in every
    form. The field names are the term base's keys.
    """

    fixed: tuple[str, ...] = ()
    indeclinable: bool = False
    possessive: bool = False
    honorific: bool = False
    stem: str = ""
    forms: tuple[tuple[str, str], ...] = ()
    adjectives: tuple[str, ...] = ()

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
            adjectives=tuple(str(word) for word in hints.get("adjectives", ())),
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
        if self.adjectives:
            hints["adjectives"] = list(self.adjectives)
        return hints

    def for_variant(self, variant: str, text: str) -> Inflection:
        """The settings that carry over from the rendering ``text`` to ``variant``, another spelling of it.

        A variant that shares a word with the rendering is a shortening or respelling of it
        («Махтумкули» of «Махтумкули Фраги»): it keeps indeclinability, the fixed words it contains
        and, when it ends in the same word, the stem. A variant with no word in common is another word
        for the same thing («мегаватт» for «МВт») and inflects by the rules. Whether the phrase ends in
        a possessive and takes honorific forms holds for any spelling; spelled-out forms do not carry.
        """
        words, own = set(variant.split()), set(text.split())
        related = bool(words & own)
        same_last = variant.split()[-1:] == text.split()[-1:]
        return Inflection(
            fixed=tuple(word for word in self.fixed if word in words),
            indeclinable=self.indeclinable and related,
            possessive=self.possessive,
            honorific=self.honorific,
            stem=self.stem if same_last else "",
        )


PLAIN = Inflection()
"""The settings of a rendering that inflects by the rules alone."""
