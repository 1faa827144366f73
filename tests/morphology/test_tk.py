"""Turkmen paradigms of the shipped renderings and of the suffix rules against hand-written forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.glossary.tomlfile import load_termbase
from translate.languages import Language
from translate.morphology import tk
from translate.morphology.grammar import FormKey, InflectionError
from translate.morphology.inflection import Inflection
from translate.morphology.paradigm import paradigm

GLOSSARY = Path(__file__).resolve().parents[2] / "glossary"


@pytest.fixture(scope="module")
def termbase():  # type: ignore[no-untyped-def]
    return load_termbase(GLOSSARY)


EXPECTED = [
    # After the 3rd-person possessive the endings take their n-forms.
    ("halk-maslahaty", "gen", "Halk Maslahatynyň"),
    ("halk-maslahaty", "dat", "Halk Maslahatyna"),
    ("halk-maslahaty", "acc", "Halk Maslahatyny"),
    ("halk-maslahaty", "loc", "Halk Maslahatynda"),
    ("halk-maslahaty", "abl", "Halk Maslahatyndan"),
    ("halk-maslahaty", "attr", "Halk Maslahatyndaky"),
    # Final t of Aşgabat voices before a vowel, not before a consonant.
    ("ashgabat", "gen", "Aşgabadyň"),
    ("ashgabat", "dat", "Aşgabada"),
    ("ashgabat", "acc", "Aşgabady"),
    ("ashgabat", "loc", "Aşgabatda"),
    ("ashgabat", "abl", "Aşgabatdan"),
    # p voices: etrap → etraby.
    ("etrap", "p3.nom", "etraby"),
    ("etrap", "gen", "etrabyň"),
    ("etrap", "dat", "etraba"),
    ("etrap", "loc", "etrapda"),
    ("etrap", "p3.gen", "etrabynyň"),
    ("etrap", "nom.pl", "etraplar"),
    # welaýat is a loanword that keeps its t.
    ("velayat", "gen", "welaýatyň"),
    ("velayat", "p3.nom", "welaýaty"),
    ("velayat", "p3.loc", "welaýatynda"),
    ("velayat", "nom.pl", "welaýatlar"),
    ("velayat", "gen.pl", "welaýatlaryň"),
    ("balkan-velayat", "gen", "Balkan welaýatynyň"),
    ("balkan-velayat", "loc", "Balkan welaýatynda"),
    ("balkan-velayat", "dat", "Balkan welaýatyna"),
    # The 1st-person plural possessive of official prose.
    ("hero-arkadag", "gen", "Gahryman Arkadagyň"),
    ("hero-arkadag", "dat", "Gahryman Arkadaga"),
    ("hero-arkadag", "p1pl.nom", "Gahryman Arkadagymyz"),
    ("hero-arkadag", "p1pl.gen", "Gahryman Arkadagymyzyň"),
    ("hero-arkadag", "p1pl.dat", "Gahryman Arkadagymyza"),
    # Front harmony: Lideri → Lideriniň, Liderimiz.
    ("national-leader", "gen", "türkmen halkynyň Milli Lideriniň"),
    ("national-leader", "dat", "türkmen halkynyň Milli Liderine"),
    ("national-leader", "p1pl.nom", "türkmen halkynyň Milli Liderimiz"),
    ("national-leader", "p1pl.dat", "türkmen halkynyň Milli Liderimize"),
    ("chairman-halk-maslahaty-turkmenistan", "gen", "Türkmenistanyň Halk Maslahatynyň Başlygynyň"),
    ("chairman-halk-maslahaty-turkmenistan", "dat", "Türkmenistanyň Halk Maslahatynyň Başlygyna"),
    ("chairman-halk-maslahaty-turkmenistan", "p1pl.nom", "Türkmenistanyň Halk Maslahatynyň Başlygymyz"),
    ("president-of-kazakhstan", "gen", "Gazagystanyň Prezidentiniň"),
    ("president-of-kazakhstan", "dat", "Gazagystanyň Prezidentine"),
    ("turkmenistan", "gen", "Türkmenistanyň"),
    ("turkmenistan", "dat", "Türkmenistana"),
    ("turkmenistan", "loc", "Türkmenistanda"),
    ("turkmenistan", "abl", "Türkmenistandan"),
    ("kazakhstan", "gen", "Gazagystanyň"),
    ("astana", "gen", "Astananyň"),
    ("astana", "loc", "Astanada"),
    ("turkmenbashi", "gen", "Türkmenbaşynyň"),
    ("turkmenbashi", "dat", "Türkmenbaşa"),
    ("kassym-jomart-tokayev", "gen", "Kasym-Žomart Tokaýewiň"),
    ("gurbanguly-berdimuhamedov", "gen", "Gurbanguly Berdimuhamedowyň"),
    ("gurbanguly-berdimuhamedov", "dat", "Gurbanguly Berdimuhamedowa"),
    ("caspian-sea", "gen", "Hazar deňziniň"),
    ("caspian-sea", "loc", "Hazar deňzinde"),
    ("working-visit", "gen", "iş saparynyň"),
    ("working-visit", "acc", "iş saparyny"),
    ("iran", "gen", "Eýranyň"),
    ("china", "loc", "Hytaýda"),
    ("great-silk-road", "gen", "Beýik Ýüpek ýolynyň"),
    ("megawatt", "gen", "MWt"),
]


@pytest.mark.parametrize(("term_id", "key", "expected"), EXPECTED, ids=[f"{t}-{k}" for t, k, _ in EXPECTED])
def test_form(termbase, term_id: str, key: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    term = termbase.get(term_id)
    forms = term.usable_rendering(Language.tk).paradigm(term.kind)
    assert forms.problem == ""
    assert forms.get(FormKey.parse(key, Language.tk)) == expected


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("Aşgabat", "Aşgabad"),
        ("etrap", "etrab"),
        ("Başlyk", "Başlyg"),
        ("welaýat", "welaýat"),
        ("halk", "halk"),
    ],
    ids=["t-lexical", "p", "k", "loanword-t", "monosyllable"],
)
def test_vowel_stem(word: str, stem: str) -> None:
    assert tk.vowel_stem(word) == stem


@pytest.mark.parametrize(
    ("word", "back"), [("Halk", True), ("Lider", False), ("Türkmenistan", True), ("iş", False)], ids=str
)
def test_harmony(word: str, back: bool) -> None:
    assert tk.is_back(word) is back


def test_possessive_helpers() -> None:
    assert tk.possessive3("gurama") == "guramasy"
    assert tk.possessive3("etrap") == "etraby"
    assert tk.strip_possessive3("Guramasy") == "Gurama"
    assert tk.strip_possessive3("Başlygy") == "Başlyg"
    assert tk.possessive1pl("Lider") == "Liderimiz"
    with pytest.raises(InflectionError, match="does not end in a 3rd-person possessive"):
        tk.strip_possessive3("Lider")


def test_acronym_takes_ending_after_hyphen() -> None:
    forms = paradigm(Language.tk, "TÜRKSOÝ", "organization")
    assert forms.get(FormKey("gen")) == "TÜRKSOÝ-yň"
    assert forms.get(FormKey("nom")) == "TÜRKSOÝ"


def test_stem_override() -> None:
    forms = paradigm(Language.tk, "ýurt", "thing", Inflection(stem="ýurd"))
    assert forms.get(FormKey("p3", "sg", "")) is None
    assert forms.get(FormKey("nom", "sg", "p3")) == "ýurdy"


def test_possessive_flag_needs_a_possessive_ending() -> None:
    forms = paradigm(Language.tk, "Halk Geňeş", "organization", Inflection(possessive=True))
    assert "does not end in a 3rd-person possessive" in forms.problem
    assert [form.text for form in forms] == ["Halk Geňeş"]


@pytest.mark.parametrize(
    ("word", "dative"),
    [("Türkmenabat", "Türkmenabada"), ("Balkanabat", "Balkanabada"), ("welaýat", "welaýata")],
)
def test_abat_towns_voice_their_final_t(word: str, dative: str) -> None:
    from translate.morphology import tk

    assert tk.plain_cases(word)["dat"] == dative
