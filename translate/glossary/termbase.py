"""The term base: official renderings of titles, names and places, and how each inflects."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from translate.diagnostics import Location
from translate.errors import GlossaryError
from translate.glossary.style import DEFAULT_STYLE, HouseStyle
from translate.languages import Language
from translate.morphology.inflection import PLAIN, Inflection
from translate.morphology.paradigm import Paradigm, paradigm

TERM_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")


class TermKind(enum.Enum):
    """What a term names; decides how its renderings inflect and which file ``add`` writes it to."""

    person = "person"
    title = "title"
    organization = "organization"
    place = "place"
    thing = "thing"
    unit = "unit"

    @property
    def is_name(self) -> bool:
        """Proper names have no plural and no possessive forms of their own."""
        return self in (TermKind.person, TermKind.organization, TermKind.place, TermKind.unit)


class Status(enum.StrEnum):
    """Whether a rendering may be used as it stands."""

    approved = "approved"
    provisional = "provisional"
    missing = "missing"


@dataclass(frozen=True, slots=True)
class Rendering:
    """How one term is written in one language, and how it inflects there (``inflection``)."""

    language: Language
    text: str
    status: Status = Status.approved
    variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    inflection: Inflection = PLAIN
    note: str = ""
    source: str = ""
    location: Location | None = field(default=None, compare=False)  # where it is defined

    @property
    def usable(self) -> bool:
        """True when there is a rendering to use (approved or provisional)."""
        return self.status is not Status.missing and bool(self.text)

    def paradigm(self, kind: TermKind, variant: str | None = None) -> Paradigm:
        """Every form of the rendering's text, or of ``variant`` (another approved spelling of it)."""
        # Morphology takes the kind's word: it must not depend on the term base.
        if variant is None or variant == self.text:
            return paradigm(self.language, self.text, kind.value, self.inflection)
        return paradigm(self.language, variant, kind.value, self.inflection.for_variant(variant, self.text))


@dataclass(frozen=True, slots=True)
class Term:
    """One entry of the term base: an English name and its renderings per language."""

    id: str
    en: str
    kind: TermKind = TermKind.thing
    variants: tuple[str, ...] = ()
    plurals: tuple[str, ...] = ()
    ignore_case: bool = False
    note: str = ""
    source: str = ""
    renderings: tuple[Rendering, ...] = ()
    location: Location | None = field(default=None, compare=False)  # where it is defined
    when: tuple[str, ...] = ()

    def applies(self, source: str, start: int, end: int) -> bool:
        """Whether the term's sense rule (``when``) allows it at ``source[start:end]``.

        An English word with two senses ("Arkadag": the city, or the title Hero-Arkadag) is the term
        only where one of its ``when`` patterns matches over those words; a term without rules always
        applies.
        """
        if not self.when:
            return True
        return any(
            found.start() < end and start < found.end()
            for pattern in _sense_patterns(self.when)
            for found in pattern.finditer(source)
        )

    @property
    def english_forms(self) -> tuple[str, ...]:
        """Every English form the term is recognised by: canonical, variants, plurals."""
        return (self.en, *self.variants, *self.plurals)

    def rendering(self, language: Language) -> Rendering | None:
        """The entry for ``language`` (which may have status ``missing``), or None when there is none."""
        for rendering in self.renderings:
            if rendering.language is language:
                return rendering
        return None

    def usable_rendering(self, language: Language) -> Rendering | None:
        """The rendering to use in ``language``, or None when the term base has none."""
        rendering = self.rendering(language)
        return rendering if rendering is not None and rendering.usable else None


@dataclass(frozen=True, slots=True, eq=False, weakref_slot=True)
class TermBase:
    """All terms of a project, in file order, and the desk's house style for them.

    Hashed by identity (and weakly referable) so lookups built from it can be cached for as long as
    it lives.
    """

    terms: tuple[Term, ...]
    files: tuple[Path, ...] = ()
    style: HouseStyle = DEFAULT_STYLE

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def get(self, term_id: str) -> Term:
        """The term with ``term_id``; a GlossaryError names close ids when there is none."""
        term = _index(self).get(term_id)
        if term is None:
            close = [known for known in _index(self) if term_id.lower() in known][:5]
            hint = f"; did you mean {', '.join(close)}?" if close else "; see `translate glossary list`"
            raise GlossaryError(f"no term {term_id!r} in the term base{hint}")
        return term

    def find(self, term_id: str) -> Term | None:
        """The term with ``term_id`` or None."""
        return _index(self).get(term_id)


@lru_cache(maxsize=256)
def _sense_patterns(rules: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rule) for rule in rules)


@lru_cache(maxsize=16)
def _index(base: TermBase) -> dict[str, Term]:
    return {term.id: term for term in base.terms}


def check_unique(terms: Sequence[Term], seen: dict[str, Term] | None = None) -> None:
    """Refuse a term id defined twice (in one file TOML itself refuses; across files this does).

    ``seen`` holds the terms already checked (by id) and gains ``terms``: a reader that checks file
    by file passes the same dict each time, so each term is looked at once.
    """
    seen = {} if seen is None else seen
    for term in terms:
        if term.id in seen:
            first = seen[term.id]
            where = f"{term.location}: " if term.location else ""
            raise GlossaryError(
                f"{where}term {term.id} is already defined at {first.location}; ids must be unique, "
                "rename or remove one"
            )
        seen[term.id] = term
