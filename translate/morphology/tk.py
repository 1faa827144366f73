"""Turkmen case and possessive forms of renderings, by hand-written suffix rules.

No well-kept Python library inflects Turkmen (there is no pymorphy for it and the finite-state
analysers are research code without packages), so the rules are written here: the last word of a
phrase takes the endings; suffix vowels follow front/back harmony (the orthography writes y/i, not the
rounded u/ü, in suffixes); a final k, p, ç (and t in a few words such as Aşgabat) voices before a
vowel in words of more than one syllable; after the 3rd-person possessive -y/-i/-sy/-si the endings
take their n-forms (Halk Maslahaty → Halk Maslahatynyň, -na, -ny, -nda, -ndan).
"""

from __future__ import annotations

from translate.morphology import FormKey, InflectionError

BACK = frozenset("aouy")
FRONT = frozenset("eäöüi")
VOWELS = BACK | FRONT
_VOICE = {"k": "g", "p": "b", "ç": "j", "t": "d"}
# Word-final t voices only in these stems; loanwords such as welaýat, maslahat, döwlet keep it.
_VOICED_T = frozenset({"aşgabat", "ýurt", "at"})
CASES = ("nom", "gen", "dat", "acc", "loc", "abl", "attr")


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
        and (last != "t" or lower in _VOICED_T)
    ):
        return word[:-1] + _VOICE[last]
    return word


def _pick(word: str, back: str, front: str) -> str:
    return back if is_back(word) else front


def _plain_cases(word: str, stem: str = "") -> dict[str, str]:
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


def _possessive_cases(word: str) -> dict[str, str]:
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


def inflect(
    text: str, *, kind: str, fixed: frozenset[str], possessive: bool, honorific: bool, stem: str
) -> list[tuple[FormKey, str]]:
    """Every form of ``text``: cases, plus plural and possessive forms where the term kind has them."""
    head, sep, last = text.rpartition(" ")
    prefix = head + sep
    compound, dash, word = last.rpartition("-")
    prefix += compound + dash
    if last in fixed or not any(char.isalpha() for char in word):
        return [(FormKey(case), text) for case in CASES]
    if len(word) > 1 and word.isupper():
        # Acronyms keep their letters and take the lower-case ending after a hyphen: TÜRKSOÝ-nyň.
        lower = word.lower()
        return [
            (FormKey(case), prefix + (word if case == "nom" else f"{word}-{form[len(lower) :]}"))
            for case, form in _plain_cases(lower).items()
        ]
    forms: list[tuple[FormKey, str]] = []

    def add(cases: dict[str, str], number: str = "sg", owner: str = "") -> None:
        for case in CASES:
            forms.append((FormKey(case, number, owner), prefix + cases[case]))

    common = kind in ("thing", "title")
    if possessive:
        if word[-1:].lower() not in ("y", "i"):
            raise InflectionError(
                f"{word!r} is marked possessive but does not end in a 3rd-person possessive"
            )
        add(_possessive_cases(word))
        if honorific or kind == "title":
            add(_plain_cases(possessive1pl(strip_possessive3(word), stem)), owner="p1pl")
        return forms
    add(_plain_cases(word, stem))
    if common:
        add(_possessive_cases(possessive3(word, stem)), owner="p3")
    if common or honorific:
        add(_plain_cases(possessive1pl(word, stem)), owner="p1pl")
    if kind == "thing":
        plural = word + _pick(word, "lar", "ler")
        add(_plain_cases(plural), number="pl")
        add(_possessive_cases(plural + _pick(word, "y", "i")), number="pl", owner="p3")
    return forms
