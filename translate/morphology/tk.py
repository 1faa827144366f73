"""Turkmen suffix rules: the case, possessive and plural endings of a word, written by hand.

No well-kept Python library inflects Turkmen (there is no pymorphy for it and the finite-state
analysers are research code without packages), so the rules are written here: the last word of a
phrase takes the endings; suffix vowels follow front/back harmony (the orthography writes y/i, not the
rounded u/ü, in suffixes); a final k, p, ç (and t in a few words such as Aşgabat) voices before a
vowel in words of more than one syllable; after the 3rd-person possessive -y/-i/-sy/-si the endings
take their n-forms (Halk Maslahaty → Halk Maslahatynyň, -na, -ny, -nda, -ndan).
"""

from __future__ import annotations

from translate.languages import Language
from translate.morphology.grammar import InflectionError

LANGUAGE = Language.tk
# The letters a word ends in when it carries the 3rd-person possessive.
POSSESSIVE_FINALS = ("y", "i")
BACK = frozenset("aouy")
FRONT = frozenset("eäöüi")
VOWELS = BACK | FRONT
_VOICE = {"k": "g", "p": "b", "ç": "j", "t": "d"}
# Word-final t voices only in these stems and in the -abat town names (Türkmenabat → Türkmenabada);
# loanwords such as welaýat, maslahat, döwlet keep it.
_VOICED_T = frozenset({"aşgabat", "ýurt", "at"})


def is_back(word: str) -> bool:
    """True when the word's last vowel is a back vowel (suffixes take a/y), False for front (e/i)."""
    for char in reversed(word.lower()):
        if char in BACK:
            return True
        if char in FRONT:
            return False
    return True


def _syllables(word: str) -> int:
    return sum(1 for char in word.lower() if char in VOWELS)


def _ends_in_vowel(word: str) -> bool:
    return word[-1:].lower() in VOWELS


def vowel_stem(word: str, stem: str = "") -> str:
    """The word as it stands before a vowel-initial suffix (Aşgabat → Aşgabad, etrap → etrab)."""
    if stem:
        return stem
    lower = word.lower()
    last = lower[-1:]
    if (
        last in _VOICE
        and _syllables(lower) >= 2
        and lower[-2:-1] in VOWELS
        and (last != "t" or lower in _VOICED_T or lower.endswith("abat"))
    ):
        return word[:-1] + _VOICE[last]
    return word


def _pick(word: str, back: str, front: str) -> str:
    return back if is_back(word) else front


def plain_cases(word: str, stem: str = "") -> dict[str, str]:
    """Case forms of a word without a 3rd-person possessive."""
    if _ends_in_vowel(word):
        last = word[-1].lower()
        dative = (
            word
            if last == "a"
            else word[:-1] + "ä"
            if last in "ei"
            else word[:-1] + "a"
            if last == "y"
            else word + _pick(word, "a", "e")
        )
        return {
            "nom": word,
            "gen": word + _pick(word, "nyň", "niň"),
            "dat": dative,
            "acc": word + _pick(word, "ny", "ni"),
            "loc": word + _pick(word, "da", "de"),
            "abl": word + _pick(word, "dan", "den"),
            "attr": word + _pick(word, "daky", "däki"),
        }
    voiced = vowel_stem(word, stem)
    return {
        "nom": word,
        "gen": voiced + _pick(word, "yň", "iň"),
        "dat": voiced + _pick(word, "a", "e"),
        "acc": voiced + _pick(word, "y", "i"),
        "loc": word + _pick(word, "da", "de"),
        "abl": word + _pick(word, "dan", "den"),
        "attr": word + _pick(word, "daky", "däki"),
    }


def possessive_cases(word: str) -> dict[str, str]:
    """Case forms of a word ending in the 3rd-person possessive: the n-forms."""
    return {
        "nom": word,
        "gen": word + _pick(word, "nyň", "niň"),
        "dat": word + _pick(word, "na", "ne"),
        "acc": word + _pick(word, "ny", "ni"),
        "loc": word + _pick(word, "nda", "nde"),
        "abl": word + _pick(word, "ndan", "nden"),
        "attr": word + _pick(word, "ndaky", "ndäki"),
    }


def possessive3(word: str, stem: str = "") -> str:
    """3rd-person possessive: etrap → etraby, gurama → guramasy, welaýat → welaýaty."""
    if _ends_in_vowel(word):
        return word + _pick(word, "sy", "si")
    return vowel_stem(word, stem) + _pick(word, "y", "i")


def possessive1pl(word: str, stem: str = "") -> str:
    """1st-person plural possessive: Arkadag → Arkadagymyz, Lider → Liderimiz."""
    if _ends_in_vowel(word):
        return word + _pick(word, "myz", "miz")
    return vowel_stem(word, stem) + _pick(word, "ymyz", "imiz")


def strip_possessive3(word: str) -> str:
    """Undo the 3rd-person possessive: Maslahaty → Maslahat, Başlygy → Başlyg, Guramasy → Gurama."""
    lower = word.lower()
    if lower[-2:] in ("sy", "si") and lower[-3:-2] in VOWELS:
        return word[:-2]
    if lower[-1:] in ("y", "i") and len(word) > 2:
        return word[:-1]
    raise InflectionError(f"{word!r} does not end in a 3rd-person possessive (-y/-i/-sy/-si)")


def plural(word: str) -> str:
    """Plural: welaýat → welaýatlar, etrap → etraplar, şäher → şäherler."""
    return word + _pick(word, "lar", "ler")
