"""Russian forms of multiword renderings, built on pymorphy3's dictionary and guesser."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

import pymorphy3

from translate.languages import Language
from translate.morphology.grammar import CASES, FormKey, InflectionError

_GRAMMEME = {"nom": "nomn", "gen": "gent", "dat": "datv", "acc": "accs", "ins": "ablt", "loc": "loct"}
_NUMBER = {"sg": "sing", "pl": "plur"}
# Surnames pymorphy3 does not know decline like a known surname with the same suffix.
_SURNAME_MODELS = (
    ("ёв", "соловьёв"),
    ("ев", "лебедев"),
    ("ов", "иванов"),
    ("ин", "пушкин"),
    ("ын", "солженицын"),
)
_ADJECTIVE = {"ADJF", "PRTF"}


@cache
def _analyzer() -> Any:
    return pymorphy3.MorphAnalyzer()


def inflect(text: str, *, kind: str, fixed: frozenset[str], loose: bool = False) -> list[tuple[FormKey, str]]:
    """Every case (and, for common nouns, number) of ``text``, nominative singular first.

    In a noun phrase the head noun and the adjectives before it inflect, genitive complements and
    ``fixed`` words stay («Председателю Халк Маслахаты Туркменистана»); every part of a hyphenated head
    inflects («Герою-Аркадагу»). In a person's name every word declines as a name or surname, a
    hyphenated first name in its last part only («Касым-Жомартом Токаевым»). ``loose`` also inflects
    nouns after the head (for recognising renderings nobody curated, such as «Героя Аркадага»).
    """
    words = text.split(" ")
    person = kind == "person"
    if person:
        plans = [_name_word(word, fixed) for word in words]
        animate = True
    else:
        plans, animate = _noun_phrase(words, fixed, kind, loose)
    # A spelled-out unit takes the plural after numbers («500 мегаватт», «мегаваттами»).
    numbers = ("sg",) if person or kind in ("organization", "place") else ("sg", "pl")
    forms: list[tuple[FormKey, str]] = []
    for number in numbers:
        if number == "pl" and not all(plan.can_plural for plan in plans):
            continue
        for case in CASES_RU:
            try:
                rendered = [plan.form(case, number, animate) for plan in plans]
            except InflectionError:
                if number == "pl":
                    break
                raise
            forms.append((FormKey(case, number), " ".join(rendered)))
    return forms


CASES_RU = CASES[Language.ru]


def adjective_forms(word: str) -> list[tuple[FormKey, str]]:
    """Every gender, case and number of an adjective derived from a name («туркменбашинский»).

    pymorphy3's guesser reads an unknown -ский/-ной word as an adjective from its ending, which is how
    official prose coins them from toponyms («ахалский», «велаятский»).
    """
    parse = _adjective_nominative(word)
    if parse is None:
        raise InflectionError(f"{word!r} is not an adjective pymorphy3 can decline; spell its forms out")
    forms: list[tuple[FormKey, str]] = []
    for gender in ("masc", "femn", "neut", "plur"):
        number = "pl" if gender == "plur" else "sg"
        for case in CASES_RU:
            grammemes = {_GRAMMEME[case], _NUMBER[number]} | ({gender} if number == "sg" else set())
            if case == "acc" and gender in ("masc", "plur"):
                grammemes.add(
                    "inan"
                )  # the name of a place or body agrees as inanimate: «в туркменбашинский порт»
            result = _inflected(parse, frozenset(grammemes))
            if result is None:
                raise InflectionError(f"pymorphy3 has no {case} {gender} form of {word!r}")
            text = _match_case(word, _keep_yo(word, result))
            forms.append((FormKey(case, number, adjective=gender), text))
    return forms


class _Word:
    """How one word of a rendering changes: stays, inflects as a noun, or agrees as an adjective."""

    def __init__(
        self, word: str, parts: list[Any | None], *, adjective: bool = False, surname: str = ""
    ) -> None:
        self.word = word
        self.parts = parts  # one pymorphy parse per hyphen part, None where the part stays
        self.adjective = adjective
        self.surname = surname
        self.gender = "masc"

    @property
    def can_plural(self) -> bool:
        return all(part is None or "Sgtm" not in part.tag for part in self.parts) and not self.surname

    def form(self, case: str, number: str, animate: bool) -> str:
        pieces = self.word.split("-")
        out = []
        for piece, parse in zip(pieces, self.parts, strict=True):
            if parse is None:
                out.append(piece)
                continue
            out.append(
                _piece_form(piece, parse, self.surname, self.adjective, self.gender, case, number, animate)
            )
        return "-".join(out)


# A term base asks for the same forms of a shared word («Республики», «Министерства») over and over.
@lru_cache(maxsize=1 << 16)
def _piece_form(
    piece: str, parse: Any, surname: str, adjective: bool, gender: str, case: str, number: str, animate: bool
) -> str:
    """One hyphen part of a word in ``case`` and ``number``, as ``_Word.form`` spells it."""
    if surname:
        return _match_case(piece, _surname_form(piece.lower(), surname, case))
    grammemes = {_NUMBER[number]}
    target = case
    if case == "acc" and animate and (number == "pl" or gender == "masc"):
        target = "gen"  # animate accusative = genitive (Героя-Аркадага, Национального Лидера)
    elif case == "acc" and adjective and (number == "pl" or gender in ("masc", "neut")):
        target = "nom"
    grammemes.add(_GRAMMEME[target])
    if (adjective and number == "sg") or "Surn" in parse.tag:
        grammemes.add(gender)
    result = _inflected(parse, frozenset(grammemes))
    if result is None:
        raise InflectionError(f"pymorphy3 has no {case} {number} form of {parse.word!r}")
    return _match_case(piece, _keep_yo(piece, result))


def is_known_word(word: str) -> bool:
    """True when pymorphy3's dictionary has ``word`` (its forms are looked up, not guessed)."""
    return _is_known_lower(word.lower())


@lru_cache(maxsize=1 << 16)
def _is_known_lower(word: str) -> bool:
    # Each ``is_known`` walks the dictionary again (with its ё/е substitutions): once per word.
    return any(parse.is_known for parse in _parses_of_lower(word))


def is_common_word(word: str) -> bool:
    """True for a dictionary word that is not a proper name («председатель», not «Туркменистана»).

    Russian writes common words of a title in lower case in running text; names keep their capitals.
    """
    return _is_common_lower(word.lower())


@lru_cache(maxsize=1 << 16)
def _is_common_lower(word: str) -> bool:
    parses = [parse for parse in _parses_of_lower(word) if parse.is_known]
    proper = ("Geox", "Name", "Surn", "Patr", "Orgn", "Trad", "Abbr")
    return bool(parses) and not any(grammeme in parses[0].tag for grammeme in proper)


def _keep_yo(template: str, word: str) -> str:
    # Official texts mostly write е for ё; keep the rendering's spelling choice.
    return word if "ё" in template.lower() else word.replace("ё", "е")


def _parses(word: str) -> tuple[Any, ...]:
    return _parses_of_lower(word.lower())


# A term base repeats its words across thousands of renderings («Республики», «Министерство»):
# pymorphy3's guesser costs about a millisecond a word, so each distinct word is parsed once.
# Parses are immutable (named tuples), so sharing them is safe; the bound (a few tens of MB of parses at
# most) keeps a hostile base from holding every word it ever named.
@lru_cache(maxsize=1 << 15)
def _parses_of_lower(word: str) -> tuple[Any, ...]:
    return tuple(_analyzer().parse(word))


# Inflecting rebuilds the word's whole lexeme each time; a term base asks for the same few forms
# of a shared word over and over.
@lru_cache(maxsize=1 << 16)
def _inflected(parse: Any, grammemes: frozenset[str]) -> str | None:
    result = parse.inflect(set(grammemes))
    return None if result is None else str(result.word)


@lru_cache(maxsize=1 << 16)  # a word's readings are fixed: looked through once per word
def _noun_nominative(word: str, *, prefer: tuple[str, ...] = ()) -> Any | None:
    candidates = [
        parse
        for parse in _parses(word)
        if parse.tag.POS == "NOUN"
        and "nomn" in parse.tag
        and "Fixd" not in parse.tag
        and "Abbr" not in parse.tag
    ]
    if not candidates:
        return None
    singular = [parse for parse in candidates if "sing" in parse.tag] or candidates
    for grammeme in prefer:
        preferred = [parse for parse in singular if grammeme in parse.tag]
        if preferred:
            return preferred[0]
    return singular[0]


@lru_cache(maxsize=1 << 16)  # a word's readings are fixed: looked through once per word
def _adjective_nominative(word: str) -> Any | None:
    for parse in _parses(word):
        if parse.tag.POS in _ADJECTIVE and "nomn" in parse.tag:
            return parse
    return None


@lru_cache(maxsize=1 << 16)  # a word's readings are fixed: looked through once per word
def _is_fixd(word: str) -> bool:
    parses = _parses(word)
    return bool(parses) and all("Fixd" in parse.tag or parse.tag.POS is None for parse in parses[:1])


def _noun_phrase(words: list[str], fixed: frozenset[str], kind: str, loose: bool) -> tuple[list[_Word], bool]:
    plans: list[_Word] = []
    head: int | None = None
    unknown: list[str] = []  # words that stay only because no reading fits, not because they are fixed
    for index, word in enumerate(words):
        if word in fixed or _is_fixd(word):
            plans.append(_Word(word, [None] * len(word.split("-"))))
            continue
        following = words[index + 1] if index + 1 < len(words) else None
        adjective = _adjective_nominative(word) if "-" not in word else None
        if head is None and adjective is not None and following is not None and following not in fixed:
            plans.append(_Word(word, [adjective], adjective=True))
            continue
        nouns = [_noun_nominative(part) for part in word.split("-")]
        if head is None and nouns[0] is not None:
            head = index
            plans.append(_Word(word, nouns))
            continue
        if loose and head is not None and nouns[0] is not None and word[:1].isupper():
            plans.append(_Word(word, nouns))  # a name in apposition: «Героя Аркадага»
            continue
        plans.append(_Word(word, [None] * len(word.split("-"))))
        if head is None:
            unknown.append(word)
    if head is None:
        if not unknown:
            return plans, False  # every word is fixed or indeclinable: the rendering never changes
        raise InflectionError(f"no head noun found in {' '.join(words)!r}; mark words fixed or give forms")
    head_parse = next(part for part in plans[head].parts if part is not None)
    gender = next((g for g in ("masc", "femn", "neut") if g in head_parse.tag), "masc")
    animate = kind in ("person", "title") or any(
        part is not None and "anim" in part.tag and "inan" not in part.tag for part in plans[head].parts
    )
    for plan in plans:
        plan.gender = gender
    # Adjectives agree only with the head they precede; anything after the head that is not an
    # apposition stays (genitive complements such as «туркменского народа»).
    for plan in plans[head + 1 :]:
        if plan.adjective:
            plan.adjective = False
            plan.parts = [None] * len(plan.parts)
    return plans, animate


def _name_word(word: str, fixed: frozenset[str]) -> _Word:
    if word in fixed:
        return _Word(word, [None] * len(word.split("-")))
    parts: list[Any | None] = []
    surname = ""
    pieces = word.split("-")
    for position, piece in enumerate(pieces):
        lower = piece.lower()
        if position < len(pieces) - 1:
            # In a hyphenated personal name only the last part declines: «Касым-Жомарта».
            parts.append(None)
            continue
        known = [
            parse
            for parse in _parses(piece)
            if "Surn" in parse.tag and "nomn" in parse.tag and "masc" in parse.tag
        ]
        if known:
            parts.append(known[0])
            continue
        model = next(
            (model for suffix, model in _SURNAME_MODELS if lower.endswith(suffix) and len(lower) > 4), ""
        )
        if model and len(pieces) == 1:
            surname = model
            parts.append(True)
            continue
        noun = _noun_nominative(piece, prefer=("Name", "masc"))
        if noun is None or ("masc" not in noun.tag and "Name" not in noun.tag):
            parts.append(None)  # no masculine reading: leave it as written (mark it fixed to be explicit)
        else:
            parts.append(noun)
    plan = _Word(word, parts, surname=surname)
    return plan


@cache
def _surname_endings(model: str) -> dict[str, str]:
    parse = next(parse for parse in _parses(model) if "Surn" in parse.tag and "masc" in parse.tag)
    endings = {}
    for case, grammeme in _GRAMMEME.items():
        form = parse.inflect({grammeme, "sing", "masc"})
        if form is None:
            raise InflectionError(f"pymorphy3 cannot decline the model surname {model!r}")
        endings[case] = str(form.word)[len(model) :]
    return endings


def _surname_form(word: str, model: str, case: str) -> str:
    return word + _surname_endings(model)[case]


def _match_case(template: str, word: str) -> str:
    """Give ``word`` the capitalisation pattern of ``template`` (ALL CAPS, Capitalised or lower)."""
    if len(template) > 1 and template.isupper():
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
