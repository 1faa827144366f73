"""The checker on sentences shaped like published ru/tk/kk news: correct ones pass, wrong ones are flagged.

Every sentence here is made up for one failure class of issue 12 (none is copied from published
text). A row is (language, class, English source, translation, verdict): ``ACCEPT`` means no
error may be reported (provisional warnings are fine); otherwise the verdict names the term that must
be flagged, so an error found for another reason does not count. ``test_figures`` prints the
accepted/flagged counts per class.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from translate.diagnostics import Severity
from translate.glossary.enforce import enforce
from translate.glossary.style import STRICT_STYLE
from translate.glossary.termbase import TermBase
from translate.glossary.tomlfile import load_termbase
from translate.glossary.violations import TermViolation, check_translation
from translate.languages import Language

GLOSSARY = Path(__file__).resolve().parents[2] / "glossary"
ACCEPT = "accept"
ru, tk, kk = Language.ru, Language.tk, Language.kk

OVERLAP = "1 overlapping terms"
COMPOUND = "2 hyphen/dash compounds"
VARIANT_FLAGS = "3 variants keep their flags"
SHORT_VARIANT = "4 short variant hides an error"
FORMS = "5 forms of official prose"
SENSE = "6 one word, two senses"
NEW_TERMS = "7 new terms and units"
CASE_OF_FIX = "8 fix in the case of the text"
HOUSE_STYLE = "9 house style (defaults)"

CASES: list[tuple[Language, str, str, str, str]] = [
    # 1. The short term named first must not take the words of the longer one.
    (
        ru,
        OVERLAP,
        "The Halk Maslahaty met, and the Chairman of the Halk Maslahaty opened the session.",
        "Председатель Халк Маслахаты открыл заседание, на которое собрался Халк Маслахаты.",
        ACCEPT,
    ),
    (
        ru,
        OVERLAP,
        "The Halk Maslahaty met, and the Chairman of the Halk Maslahaty opened the session.",
        "Председатель Халк Маслахаты открыл заседание, на которое собрался Народный совет.",
        "halk-maslahaty",
    ),
    (
        tk,
        OVERLAP,
        "The Halk Maslahaty met, and the Chairman of the Halk Maslahaty opened the session.",
        "Halk Maslahatynyň Başlygy mejlisi açdy, oňa Halk Maslahaty ýygnandy.",
        ACCEPT,
    ),
    (
        tk,
        OVERLAP,
        "The Halk Maslahaty met, and the Chairman of the Halk Maslahaty opened the session.",
        "Halk Maslahatynyň Başlygy mejlisi açdy, oňa Halk Geňeşi ýygnandy.",
        "halk-maslahaty",
    ),
    (
        kk,
        OVERLAP,
        "The Halk Maslahaty met, and the Chairman of the Halk Maslahaty opened the session.",
        "Халк Маслахатының төрағасы отырысты ашты, оған Халк Маслахаты жиналды.",
        ACCEPT,
    ),
    (
        kk,
        OVERLAP,
        "The Halk Maslahaty met, and the Chairman of the Halk Maslahaty opened the session.",
        "Халк Маслахатының төрағасы отырысты ашты, оған Халық кеңесі жиналды.",
        "halk-maslahaty",
    ),
    # 2. Names joined by hyphens or dashes are each a term, on both sides.
    (
        ru,
        COMPOUND,
        "Freight on the Kazakhstan-Turkmenistan-Iran railway grew.",
        "Грузопоток по железной дороге Казахстан-Туркменистан-Иран вырос.",
        ACCEPT,
    ),
    (
        ru,
        COMPOUND,
        "Freight on the Kazakhstan–Turkmenistan–Iran railway grew.",
        "Грузопоток по железной дороге Казахстан–Туркмения–Иран вырос.",
        "turkmenistan",
    ),
    (
        tk,
        COMPOUND,
        "Freight on the Kazakhstan-Turkmenistan-Iran railway grew.",
        "Gazagystan-Türkmenistan-Eýran demir ýoly boýunça ýük artdy.",
        ACCEPT,
    ),
    (
        tk,
        COMPOUND,
        "Freight on the Kazakhstan-Turkmenistan-Iran railway grew.",
        "Gazakystan-Türkmenistan-Eýran demir ýoly boýunça ýük artdy.",
        "kazakhstan",
    ),
    (
        kk,
        COMPOUND,
        "Freight on the Kazakhstan–Turkmenistan–Iran railway grew.",
        "Қазақстан–Түрікменстан–Иран темір жолымен жүк көбейді.",
        ACCEPT,
    ),
    (
        kk,
        COMPOUND,
        "Freight on the Kazakhstan-Turkmenistan-Iran railway grew.",
        "Қазақстан-Түркменстан-Иран темір жолымен жүк көбейді.",
        "turkmenistan",
    ),
    # 3. A variant of an indeclinable rendering is indeclinable too.
    (ru, VARIANT_FLAGS, "The poems of Magtymguly Fragi were read.", "Прозвучали стихи Махтумкули.", ACCEPT),
    (
        ru,
        VARIANT_FLAGS,
        "The poems of Magtymguly Fragi were read.",
        "Прозвучали стихи Махтумкуля.",
        "magtymguly-fragi",
    ),
    (tk, VARIANT_FLAGS, "The poems of Magtymguly were read.", "Magtymgulynyň goşgulary okaldy.", ACCEPT),
    (
        tk,
        VARIANT_FLAGS,
        "The poems of Magtymguly were read.",
        "Magtymgulyň goşgulary okaldy.",
        "magtymguly-fragi",
    ),
    (kk, VARIANT_FLAGS, "The poems of Magtymguly were read.", "Мақтымқұлының өлеңдері оқылды.", ACCEPT),
    (
        kk,
        VARIANT_FLAGS,
        "The poems of Magtymguly were read.",
        "Мақтымқұлыдың өлеңдері оқылды.",
        "magtymguly-fragi",
    ),
    # 4. The first name alone is fine; the first name with a misspelt surname is not.
    (ru, SHORT_VARIANT, "The legacy of Magtymguly Fragi is studied.", "Наследие Махтумкули изучают.", ACCEPT),
    (
        ru,
        SHORT_VARIANT,
        "The legacy of Magtymguly Fragi is studied.",
        "Наследие Махтумкули Фараги изучают.",
        "magtymguly-fragi",
    ),
    (
        tk,
        SHORT_VARIANT,
        "The legacy of Magtymguly Fragi is studied.",
        "Magtymgulynyň mirasy öwrenilýär.",
        ACCEPT,
    ),
    (
        tk,
        SHORT_VARIANT,
        "The legacy of Magtymguly Fragi is studied.",
        "Magtymguly Firaginiň mirasy öwrenilýär.",
        "magtymguly-fragi",
    ),
    (
        kk,
        SHORT_VARIANT,
        "The legacy of Magtymguly Fragi is studied.",
        "Мақтымқұлы мұрасы зерттеледі.",
        ACCEPT,
    ),
    (
        kk,
        SHORT_VARIANT,
        "The legacy of Magtymguly Fragi is studied.",
        "Мақтымқұлы Фрағидің мұрасы зерттеледі.",
        "magtymguly-fragi",
    ),
    # 5. Predicative, attributive, enclitic, derived adjective, ALL-CAPS headline.
    (tk, FORMS, "Our capital is Ashgabat.", "Paýtagtymyz Aşgabatdyr.", ACCEPT),
    (tk, FORMS, "Plants in the Balkan velayat grew.", "Balkan welaýatyndaky kärhanalar ösdi.", ACCEPT),
    (
        tk,
        FORMS,
        "Plants in the Balkan velayat grew.",
        "Balkan welaýatydaky kärhanalar ösdi.",
        "balkan-velayat",
    ),
    (tk, FORMS, "Turkmenistan also supported it.", "Türkmenistan-da muny goldady.", ACCEPT),
    (kk, FORMS, "Kazakhstan also supported it.", "Қазақстан да мұны қолдады.", ACCEPT),
    (kk, FORMS, "Kazakhstan also supported it.", "Қазақстан тағы да қолдады.", ACCEPT),
    (ru, FORMS, "Ships left the Turkmenbashi port.", "Суда вышли из туркменбашинского порта.", ACCEPT),
    (ru, FORMS, "Farmers of the Ahal velayat sowed wheat.", "Ахалские земледельцы посеяли пшеницу.", ACCEPT),
    (ru, FORMS, "The velayat hospital opened.", "Открылась велаятская больница.", ACCEPT),
    (
        ru,
        FORMS,
        "Ships left the Turkmenbashi port.",
        "Суда вышли из туркменбашийского порта.",
        "turkmenbashi",
    ),
    (
        ru,
        FORMS,
        "CHAIRMAN OF THE HALK MASLAHATY OF TURKMENISTAN RECEIVED GUESTS",
        "ПРЕДСЕДАТЕЛЬ ХАЛК МАСЛАХАТЫ ТУРКМЕНИСТАНА ПРИНЯЛ ГОСТЕЙ",
        ACCEPT,
    ),
    (
        ru,
        FORMS,
        "CHAIRMAN OF THE HALK MASLAHATY OF TURKMENISTAN RECEIVED GUESTS",
        "ПРЕДСЕДАТЕЛЬ НАРОДНОГО СОВЕТА ТУРКМЕНИСТАНА ПРИНЯЛ ГОСТЕЙ",
        "chairman-halk-maslahaty-turkmenistan",
    ),
    (
        tk,
        FORMS,
        "THE CHAIRMAN OF THE HALK MASLAHATY RECEIVED GUESTS",
        "HALK MASLAHATYNYŇ BAŞLYGY MYHMANLARY KABUL ETDI",
        ACCEPT,
    ),
    (
        kk,
        FORMS,
        "PRESIDENT OF KAZAKHSTAN ARRIVED IN ASHGABAT",
        "ҚАЗАҚСТАН ПРЕЗИДЕНТІ АШХАБАДҚА КЕЛДІ",
        ACCEPT,
    ),
    # 6. "Arkadag" the city is not the title Hero-Arkadag.
    (tk, SENSE, "A school opened in the city of Arkadag.", "Arkadag şäherinde mekdep açyldy.", ACCEPT),
    (tk, SENSE, "Hero-Arkadag visited Arkadag city.", "Gahryman Arkadag Arkadag şäherine bardy.", ACCEPT),
    (tk, SENSE, "A school opened in the city of Arkadag.", "Şäherde mekdep açyldy.", "arkadag-city"),
    (ru, SENSE, "A school opened in the city of Arkadag.", "В городе Аркадаг открылась школа.", ACCEPT),
    (ru, SENSE, "Hero-Arkadag spoke.", "Выступил Герой Аркадаг.", "hero-arkadag"),
    (kk, SENSE, "A school opened in the city of Arkadag.", "Аркадаг қаласында мектеп ашылды.", ACCEPT),
    (kk, SENSE, "A school opened in the city of Arkadag.", "Қалада мектеп ашылды.", "arkadag-city"),
    # 7. Terms the domain needs, and the spelled-out unit.
    (
        ru,
        NEW_TERMS,
        "A 1574 MW power plant was built.",
        "Построена электростанция мощностью 1574 мегаватта.",
        ACCEPT,
    ),
    (
        ru,
        NEW_TERMS,
        "A 1574 MW power plant was built.",
        "Построена электростанция мощностью 1574 МВт.",
        ACCEPT,
    ),
    (
        ru,
        NEW_TERMS,
        "A 1574 MW power plant was built.",
        "Построена электростанция мощностью 1574 МГт.",
        "megawatt",
    ),
    (
        ru,
        NEW_TERMS,
        "Talks with the People's Republic of China.",
        "Переговоры с Китайской Народной Республикой.",
        ACCEPT,
    ),
    (
        ru,
        NEW_TERMS,
        "Talks with the People's Republic of China.",
        "Переговоры с Народной Республикой Китай.",
        "peoples-republic-of-china",
    ),
    (tk, NEW_TERMS, "The Mejlis adopted the law.", "Mejlis kanuny kabul etdi.", ACCEPT),
    (tk, NEW_TERMS, "The Mejlis adopted the law.", "Parlament kanuny kabul etdi.", "mejlis"),
    (tk, NEW_TERMS, "He went to Turkmenabat.", "Ol Türkmenabada gitdi.", ACCEPT),
    (tk, NEW_TERMS, "He went to Turkmenabat.", "Ol Türkmenabata gitdi.", "turkmenabat"),
    (tk, NEW_TERMS, "Cotton in the Ahal velayat.", "Ahal welaýatynda pagta.", ACCEPT),
    (tk, NEW_TERMS, "Cotton in the Ahal velayat.", "Ahal welaýatyda pagta.", "ahal-velayat"),
    (kk, NEW_TERMS, "Cotton in the Lebap velayat.", "Лебап уәлаятында мақта.", ACCEPT),
    (kk, NEW_TERMS, "Cotton in the Lebap velayat.", "Лебап облысында мақта.", "lebap-velayat"),
    # 8. Near misses are flagged (the fix's case is checked in test_fix_keeps_the_case_of_the_text).
    (ru, CASE_OF_FIX, "Wheat grows in the velayat.", "Пшеница растёт в вилаяте.", "velayat"),
    (
        tk,
        CASE_OF_FIX,
        "Wheat grows in the Balkan velayat.",
        "Bugdaý Balkan welaýatinda ösýär.",
        "balkan-velayat",
    ),
    (
        kk,
        CASE_OF_FIX,
        "Wheat grows in the Balkan velayat.",
        "Бидай Балқан уалаятында өседі.",
        "balkan-velayat",
    ),
    # 9. The default house style: lower-case offices in ru and kk, bare Turkic compounds.
    (
        ru,
        HOUSE_STYLE,
        "He met the President of Kazakhstan.",
        "Он встретился с президентом Казахстана.",
        ACCEPT,
    ),
    (kk, HOUSE_STYLE, "He met the President of Kazakhstan.", "Ол Қазақстан президентімен кездесті.", ACCEPT),
    (
        tk,
        HOUSE_STYLE,
        "He met the President of Kazakhstan.",
        "Ol Gazagystanyň prezidenti bilen duşuşdy.",
        "president-of-kazakhstan",
    ),
    (tk, HOUSE_STYLE, "The Balkan velayat administration met.", "Balkan welaýat häkimligi ýygnandy.", ACCEPT),
    (kk, HOUSE_STYLE, "The Balkan velayat administration met.", "Балқан уәлаят әкімдігі жиналды.", ACCEPT),
    (
        ru,
        HOUSE_STYLE,
        "He thanked the National Leader of the Turkmen people.",
        "Он поблагодарил Национального лидера туркменского народа.",
        "national-leader",
    ),
]


@pytest.fixture(scope="module")
def termbase() -> TermBase:
    return load_termbase(GLOSSARY)


def _errors(termbase: TermBase, language: Language, source: str, target: str) -> list[TermViolation]:
    return [
        v for v in check_translation(termbase, language, source, target) if v.severity is Severity.serious
    ]


def _verdict_ok(errors: list[TermViolation], verdict: str) -> bool:
    if verdict == ACCEPT:
        return not errors
    return any(error.term_id == verdict for error in errors)


@pytest.mark.parametrize(
    ("language", "kind", "source", "target", "verdict"),
    CASES,
    ids=[f"{case[0].value}-{case[1][:1]}-{case[4]}-{index}" for index, case in enumerate(CASES)],
)
def test_sentence(
    termbase: TermBase, language: Language, kind: str, source: str, target: str, verdict: str
) -> None:
    errors = _errors(termbase, language, source, target)
    assert _verdict_ok(errors, verdict), [error.message for error in errors]


def test_figures(termbase: TermBase) -> None:
    accepted: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for language, kind, source, target, verdict in CASES:
        ok = _verdict_ok(_errors(termbase, language, source, target), verdict)
        if verdict == ACCEPT:
            correct[kind] += 1
            accepted[kind] += ok
        else:
            wrong[kind] += 1
            flagged[kind] += ok
    print()
    for kind in sorted(set(correct) | set(wrong)):
        print(
            f"{kind:34} correct accepted {accepted[kind]}/{correct[kind]}"
            f"   errors flagged for the right term {flagged[kind]}/{wrong[kind]}"
        )
    assert accepted == correct and flagged == wrong


@pytest.mark.parametrize(
    ("language", "source", "target", "expected", "fixed"),
    [
        (
            ru,
            "Wheat grows in the velayat.",
            "Пшеница растёт в вилаяте.",
            "велаяте",
            "Пшеница растёт в велаяте.",
        ),
        (ru, "Roads of the velayat.", "Дороги вилаята.", "велаята", "Дороги велаята."),
        (
            tk,
            "Wheat grows in the Balkan velayat.",
            "Bugdaý Balkan welaýatinda.",
            "Balkan welaýatynda",
            "Bugdaý Balkan welaýatynda.",
        ),
        (
            kk,
            "Wheat grows in the Balkan velayat.",
            "Бидай Балқан уалаятында.",
            "Балқан уәлаятында",
            "Бидай Балқан уәлаятында.",
        ),
    ],
    ids=["ru-loc", "ru-gen", "tk-loc", "kk-loc"],
)
def test_fix_keeps_the_case_of_the_text(
    termbase: TermBase, language: Language, source: str, target: str, expected: str, fixed: str
) -> None:
    (violation,) = _errors(termbase, language, source, target)
    assert violation.kind.value == "unapproved-variant"
    assert violation.expected == expected
    assert enforce(termbase, language, source, target).text == fixed


def test_strict_style_refuses_lower_case_titles(termbase: TermBase) -> None:
    strict = TermBase(terms=termbase.terms, style=STRICT_STYLE)
    (violation,) = _errors(
        strict, ru, "He met the President of Kazakhstan.", "Он встретился с президентом Казахстана."
    )
    assert violation.kind.value == "capitalisation"
    assert _errors(strict, tk, "The Balkan velayat administration met.", "Balkan welaýat häkimligi ýygnandy.")


def test_sense_rule_keeps_the_title_where_the_english_means_it(termbase: TermBase) -> None:
    from translate.glossary.matching import find_source_terms

    def ids(text: str) -> list[str]:
        return [match.term_id for match in find_source_terms(termbase, text)]

    assert ids("Arkadag spoke at the session.") == ["hero-arkadag"]
    assert ids("A school opened in the city of Arkadag.") == ["arkadag-city"]
    assert ids("A school opened in Arkadag.") == ["arkadag-city"]
    assert ids("Mary Smith arrived.") == []
    assert ids("Cotton from Mary reached the port.") == ["mary-city"]
