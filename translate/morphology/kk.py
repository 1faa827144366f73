"""Kazakh suffix rules: the case, possessive and plural endings of a word, written by hand.

No well-kept Python library inflects Kazakh (Apertium's analyser is a C++/HFST toolchain without a
maintained wheel), so the rules are written here: the last word of a phrase takes the endings; suffix
vowels follow back/front harmony; a suffix's first consonant depends on the stem's last sound (vowel,
nasal м н ң, sonorant л р й у, voiced з ж, or voiceless — Russian loans ending in б в г д count as
voiceless: Тоқаевтың, Ашхабадқа); к, қ, п become г, ғ, б before a vowel; after the 3rd-person
possessive -ы/-і/-сы/-сі the endings take their n-forms (төрағасы → төрағасының, -на, -н, -нда, -нан).
"""

from __future__ import annotations

from translate.languages import Language
from translate.morphology.grammar import InflectionError

LANGUAGE = Language.kk
# The letters a word ends in when it carries the 3rd-person possessive.
POSSESSIVE_FINALS = ("ы", "і")
BACK = frozenset("аоұыя")
FRONT = frozenset("әөүіеэ")
VOWELS = BACK | FRONT | frozenset("иуюё")
NASAL = frozenset("мнң")
SONORANT = frozenset("лрйу")
VOICED = frozenset("зж")
_ALTERNATE = {"к": "г", "қ": "ғ", "п": "б"}


def is_back(word: str) -> bool:
    """True when the word's last harmonising vowel is back (suffixes take а/ы), False for front (е/і).

    и, у and ю carry no harmony; in Russian surnames the е of -ев after a vowel is really "йе" and
    the vowel before it decides (Тоқаевтың).
    """
    lower = word.lower()
    if lower.endswith("ев") and lower[-3:-2] in VOWELS:
        lower = lower[:-2]
    for char in reversed(lower):
        if char in BACK:
            return True
        if char in FRONT:
            return False
    return True


def _sound(word: str) -> str:
    last = word[-1:].lower()
    if last in SONORANT and (last != "у" or word[-2:-1].lower() in VOWELS):
        return "sonorant"
    if last in VOWELS:
        return "vowel"
    if last in NASAL:
        return "nasal"
    if last in VOICED:
        return "voiced"
    return "voiceless"


def _pick(word: str, back: str, front: str) -> str:
    return back if is_back(word) else front


# First consonant of each ending by the stem's last sound (vowel, nasal, sonorant, voiced, voiceless).
_ONSETS = {
    "gen": {"vowel": "н", "nasal": "н", "sonorant": "д", "voiced": "д", "voiceless": "т"},
    "acc": {"vowel": "н", "nasal": "д", "sonorant": "д", "voiced": "д", "voiceless": "т"},
    "dat": {"vowel": "ғ", "nasal": "ғ", "sonorant": "ғ", "voiced": "ғ", "voiceless": "қ"},
    "loc": {"vowel": "д", "nasal": "д", "sonorant": "д", "voiced": "д", "voiceless": "т"},
    "abl": {"vowel": "д", "nasal": "н", "sonorant": "д", "voiced": "д", "voiceless": "т"},
    "ins": {"vowel": "м", "nasal": "м", "sonorant": "м", "voiced": "б", "voiceless": "п"},
    "plural": {"vowel": "л", "nasal": "д", "sonorant": "л", "voiced": "д", "voiceless": "т"},
}
_FRONT_ONSET = {"ғ": "г", "қ": "к"}


def _ending(word: str, case: str, back: str, front: str) -> str:
    onset = _ONSETS[case][_sound(word)]
    if word[-1:].lower() == "л" and case == "plural":
        onset = "д"
    if not is_back(word):
        onset = _FRONT_ONSET.get(onset, onset)
    return onset + _pick(word, back, front)


def plain_cases(word: str, stem: str = "") -> dict[str, str]:
    """Case forms of a word without a 3rd-person possessive.

    Every Kazakh case ending starts with a consonant, so ``stem`` (the word before a vowel) never applies;
    it is taken so the Turkic phrase rules can ask both languages alike.
    """
    loc = word + _ending(word, "loc", "а", "е")
    return {
        "nom": word,
        "gen": word + _ending(word, "gen", "ың", "ің"),
        "dat": word + _ending(word, "dat", "а", "е"),
        "acc": word + _ending(word, "acc", "ы", "і"),
        "loc": loc,
        "abl": word + _ending(word, "abl", "ан", "ен"),
        "ins": word + _ONSETS["ins"][_sound(word)] + "ен",
        "attr": loc + _pick(word, "ғы", "гі"),
    }


def possessive_cases(word: str) -> dict[str, str]:
    """Case forms of a word ending in the 3rd-person possessive: the n-forms."""
    return {
        "nom": word,
        "gen": word + _pick(word, "ның", "нің"),
        "dat": word + _pick(word, "на", "не"),
        "acc": word + "н",
        "loc": word + _pick(word, "нда", "нде"),
        "abl": word + _pick(word, "нан", "нен"),
        "ins": word + "мен",
        "attr": word + _pick(word, "ндағы", "ндегі"),
    }


def vowel_stem(word: str, stem: str = "") -> str:
    """The word before a vowel-initial suffix: к, қ, п voice (мектеп → мектеб-)."""
    if stem:
        return stem
    last = word[-1:]
    if last.lower() in _ALTERNATE and word[-2:-1].lower() in VOWELS:
        replacement = _ALTERNATE[last.lower()]
        return word[:-1] + (replacement.upper() if last.isupper() else replacement)
    return word


def possessive3(word: str, stem: str = "") -> str:
    """3rd-person possessive: уәлаят → уәлаяты, төраға → төрағасы, мектеп → мектебі."""
    if _sound(word) == "vowel":
        return word + _pick(word, "сы", "сі")
    return vowel_stem(word, stem) + _pick(word, "ы", "і")


def possessive1pl(word: str, stem: str = "") -> str:
    """1st-person plural possessive: көшбасшы → көшбасшымыз, Президент → Президентіміз."""
    if _sound(word) == "vowel":
        return word + _pick(word, "мыз", "міз")
    return vowel_stem(word, stem) + _pick(word, "ымыз", "іміз")


def strip_possessive3(word: str) -> str:
    """Undo the 3rd-person possessive: көшбасшысы → көшбасшы, Президенті → Президент."""
    lower = word.lower()
    if lower[-2:] in ("сы", "сі") and lower[-3:-2] in VOWELS:
        return word[:-2]
    if lower[-1:] in ("ы", "і") and len(word) > 2:
        return word[:-1]
    raise InflectionError(f"{word!r} does not end in a 3rd-person possessive (-ы/-і/-сы/-сі)")


def plural(word: str) -> str:
    """Plural: уәлаят → уәлаяттар, ел → елдер, қала → қалалар."""
    return word + _ending(word, "plural", "ар", "ер")
