"""Kazakh paradigms of the shipped renderings and of the suffix rules against hand-written forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.glossary.tomlfile import load_termbase
from translate.languages import Language
from translate.morphology import kk
from translate.morphology.grammar import FormKey
from translate.morphology.inflection import Inflection
from translate.morphology.paradigm import paradigm

GLOSSARY = Path(__file__).resolve().parents[2] / "glossary"


@pytest.fixture(scope="module")
def termbase():  # type: ignore[no-untyped-def]
    return load_termbase(GLOSSARY)


EXPECTED = [
    # n-forms after the 3rd-person possessive.
    ("halk-maslahaty", "gen", "Халк Маслахатының"),
    ("halk-maslahaty", "dat", "Халк Маслахатына"),
    ("halk-maslahaty", "acc", "Халк Маслахатын"),
    ("halk-maslahaty", "loc", "Халк Маслахатында"),
    ("halk-maslahaty", "abl", "Халк Маслахатынан"),
    ("halk-maslahaty", "ins", "Халк Маслахатымен"),
    ("halk-maslahaty", "attr", "Халк Маслахатындағы"),
    ("chairman-halk-maslahaty-turkmenistan", "gen", "Түрікменстан Халк Маслахатының төрағасының"),
    ("chairman-halk-maslahaty-turkmenistan", "dat", "Түрікменстан Халк Маслахатының төрағасына"),
    ("chairman-halk-maslahaty-turkmenistan", "ins", "Түрікменстан Халк Маслахатының төрағасымен"),
    ("chairman-halk-maslahaty-turkmenistan", "p1pl.nom", "Түрікменстан Халк Маслахатының төрағамыз"),
    # Suffix onsets after a nasal.
    ("kazakhstan", "gen", "Қазақстанның"),
    ("kazakhstan", "dat", "Қазақстанға"),
    ("kazakhstan", "acc", "Қазақстанды"),
    ("kazakhstan", "loc", "Қазақстанда"),
    ("kazakhstan", "abl", "Қазақстаннан"),
    ("kazakhstan", "ins", "Қазақстанмен"),
    ("turkmenistan", "gen", "Түрікменстанның"),
    # After a vowel.
    ("astana", "gen", "Астананың"),
    ("astana", "dat", "Астанаға"),
    ("astana", "acc", "Астананы"),
    ("astana", "abl", "Астанадан"),
    ("astana", "ins", "Астанамен"),
    # After у and й (sonorants).
    ("aktau", "gen", "Ақтаудың"),
    ("aktau", "dat", "Ақтауға"),
    ("aktau", "acc", "Ақтауды"),
    ("aktau", "loc", "Ақтауда"),
    ("china", "gen", "Қытайдың"),
    ("china", "dat", "Қытайға"),
    ("iran", "gen", "Иранның"),
    # Russian surnames in -ев: voiceless onsets, harmony from before the suffix.
    ("kassym-jomart-tokayev", "gen", "Қасым-Жомарт Тоқаевтың"),
    ("kassym-jomart-tokayev", "dat", "Қасым-Жомарт Тоқаевқа"),
    ("kassym-jomart-tokayev", "loc", "Қасым-Жомарт Тоқаевта"),
    ("kassym-jomart-tokayev", "ins", "Қасым-Жомарт Тоқаевпен"),
    ("ashgabat", "dat", "Ашхабадқа"),
    ("ashgabat", "loc", "Ашхабадта"),
    # Voiceless final т.
    ("velayat", "gen", "уәлаяттың"),
    ("velayat", "dat", "уәлаятқа"),
    ("velayat", "p3.nom", "уәлаяты"),
    ("velayat", "p3.gen", "уәлаятының"),
    ("velayat", "nom.pl", "уәлаяттар"),
    ("velayat", "gen.pl", "уәлаяттардың"),
    ("balkan-velayat", "loc", "Балқан уәлаятында"),
    # п → б before a vowel.
    ("etrap", "p3.nom", "етрабы"),
    # Front harmony.
    ("president-of-kazakhstan", "gen", "Қазақстан Президентінің"),
    ("president-of-kazakhstan", "dat", "Қазақстан Президентіне"),
    ("president-of-kazakhstan", "loc", "Қазақстан Президентінде"),
    ("caspian-sea", "gen", "Каспий теңізінің"),
    ("caspian-sea", "dat", "Каспий теңізіне"),
    ("organization-of-turkic-states", "gen", "Түркі мемлекеттері ұйымының"),
    ("great-silk-road", "loc", "Ұлы Жібек жолында"),
    ("national-leader", "p1pl.nom", "Түрікмен халқының Ұлттық көшбасшымыз"),
    ("national-leader", "p1pl.gen", "Түрікмен халқының Ұлттық көшбасшымыздың"),
    ("national-leader", "p1pl.ins", "Түрікмен халқының Ұлттық көшбасшымызбен"),
    ("turksoy", "gen", "ТҮРКСОЙ-дың"),
    ("megawatt", "dat", "МВт"),
]


@pytest.mark.parametrize(("term_id", "key", "expected"), EXPECTED, ids=[f"{t}-{k}" for t, k, _ in EXPECTED])
def test_form(termbase, term_id: str, key: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    term = termbase.get(term_id)
    forms = term.usable_rendering(Language.kk).paradigm(term.kind)
    assert forms.problem == ""
    assert forms.get(FormKey.parse(key, Language.kk)) == expected


@pytest.mark.parametrize(
    ("word", "plural"),
    [("ел", "елдер"), ("қала", "қалалар"), ("мектеп", "мектептер"), ("адам", "адамдар"), ("жер", "жерлер")],
    ids=["l", "vowel", "voiceless", "nasal", "r"],
)
def test_plural(word: str, plural: str) -> None:
    assert kk.plural(word) == plural


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("мектеп", "мектебі"),
        ("төраға", "төрағасы"),
        ("уәлаят", "уәлаяты"),
        ("құлақ", "құлағы"),
        ("көрік", "көрігі"),
    ],
    ids=["p-b", "vowel", "t", "q-gh", "k-g"],
)
def test_possessive3(word: str, expected: str) -> None:
    assert kk.possessive3(word) == expected


def test_harmony_of_surnames() -> None:
    assert kk.is_back("Тоқаев") is True
    assert kk.is_back("Президент") is False


def test_plain_noun_cases() -> None:
    forms = paradigm(Language.kk, "мектеп", "thing")
    assert forms.get(FormKey("gen")) == "мектептің"
    assert forms.get(FormKey("dat")) == "мектепке"
    assert forms.get(FormKey("abl")) == "мектептен"
    assert forms.get(FormKey("ins")) == "мектеппен"
    assert forms.get(FormKey("nom", "sg", "p3")) == "мектебі"


def test_possessive_flag_needs_a_possessive_ending() -> None:
    forms = paradigm(Language.kk, "Қазақстан", "place", Inflection(possessive=True))
    assert "does not end in a 3rd-person possessive" in forms.problem
