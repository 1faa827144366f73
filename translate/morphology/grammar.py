"""The grammar forms are addressed by: cases, numbers and possessives per language, and the ``FormKey``."""

from __future__ import annotations

from dataclasses import dataclass

from translate.languages import Language

# Case names shared by the languages (ins = Russian творительный / Kazakh көмектес, loc = Russian
# предложный / Turkic locative, abl = Turkic ablative, attr = the Turkic locative-attributive -daky/-дағы).
CASES: dict[Language, tuple[str, ...]] = {
    Language.ru: ("nom", "gen", "dat", "acc", "ins", "loc"),
    Language.tk: ("nom", "gen", "dat", "acc", "loc", "abl", "attr"),
    Language.kk: ("nom", "gen", "dat", "acc", "loc", "abl", "ins", "attr"),
}
NUMBERS = ("sg", "pl")
POSSESSIVES: dict[Language, tuple[str, ...]] = {
    Language.ru: ("",),
    Language.tk: ("", "p3", "p1pl"),
    Language.kk: ("", "p3", "p1pl"),
}


class InflectionError(ValueError):
    """A rendering whose forms the rules cannot generate (the message says why)."""


@dataclass(frozen=True, slots=True, order=True)
class FormKey:
    """Grammatical address of one form: case, number and (Turkic) possessive, written ``p1pl.gen.pl``.

    ``adjective`` is set on the forms of an adjective derived from the term («туркменбашинского»):
    the Russian gender it agrees in (masc, femn, neut; plur in the plural), or ``attr`` in Turkic.
    """

    case: str
    number: str = "sg"
    possessive: str = ""
    adjective: str = ""

    def __str__(self) -> str:
        parts = [f"adj-{self.adjective}"] if self.adjective else []
        parts += [self.possessive] if self.possessive else []
        parts.append(self.case)
        if self.number != "sg":
            parts.append(self.number)
        return ".".join(parts)

    @classmethod
    def parse(cls, text: str, language: Language) -> FormKey:
        """Read ``"gen"``, ``"gen.pl"`` or ``"p3.dat"``; ValueError names the accepted parts."""
        parts = text.split(".")
        possessive = ""
        if parts and parts[0] in POSSESSIVES[language] and parts[0]:
            possessive = parts.pop(0)
        number = "sg"
        if parts and parts[-1] in NUMBERS:
            number = parts.pop()
        if len(parts) != 1 or parts[0] not in CASES[language]:
            cases = ", ".join(CASES[language])
            extra = " (optionally p3./p1pl. before it)" if language is not Language.ru else ""
            raise ValueError(
                f"{text!r} is not a {language.value} form key; use one of {cases}, .pl after it{extra}"
            )
        return cls(case=parts[0], number=number, possessive=possessive)


NOMINATIVE = FormKey("nom")
