"""Checks on translated entries: the seed's numbers, scripts, quotes, length, markup and the glossary."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from translate.catalog.notes import NoteKind
from translate.checks.checkers import (
    CHECKS,
    NOT_TRANSLATED,
    annotate_catalog,
    check_catalog,
    check_entry,
    check_pair,
    finding_note,
    serious_count,
    source_numbers,
    target_numbers,
)
from translate.diagnostics import Finding, Severity
from translate.glossary.tomlfile import load_termbase
from translate.languages import Language

REPO = Path(__file__).resolve().parents[2]

# Sentences of the seed article that carry numbers, with faithful translations.
BILLION = (
    "At the same time, it was noted that there is significant untapped potential in trade relations, "
    "which must be used to increase trade turnover by $1 billion."
)
PLANT = (
    "In this regard, the National Leader of the Turkmen people informed President Kassym-Jomart Tokayev "
    "that today the Head of Turkmenistan launched the construction of a power plant with a capacity of "
    "1574 MGt in the Balkan velayat."
)
BORDER = (
    "The new facility will be built on the shores of the Caspian Sea, approximately 250 kilometers from "
    "the Turkmen-Kazakh border."
)
ANNIVERSARY = (
    "Hero-Arkadag noted that next year the 300th anniversary of the birth of the great Turkmen poet, "
    "thinker of the East Magtymguly Fragi is celebrated."
)
YEAR = (
    "Within the framework of the International Organization of Turkic Culture TURKSOY, 2024 has been "
    "declared the Year of Magtymguly Fragi."
)
VISIT = (
    "On November 3, 2023, the working visit took place to participate in the 10th Summit of Heads of "
    "State of the Organization of Turkic States."
)

GOOD = [
    pytest.param(
        BILLION,
        "Вместе с тем было отмечено, что в торговых отношениях имеется значительный неиспользованный "
        "потенциал, который необходимо задействовать для увеличения товарооборота на 1 млрд долларов.",
        Language.ru,
        id="ru-billion-abbreviated",
    ),
    pytest.param(
        BILLION,
        "Вместе с тем было отмечено, что в торговых отношениях имеется значительный потенциал, который "
        "нужно использовать, чтобы увеличить товарооборот на миллиард долларов.",
        Language.ru,
        id="ru-billion-as-a-word",
    ),
    pytest.param(
        BILLION,
        "Şol bir wagtyň özünde söwda gatnaşyklarynda haryt dolanyşygyny 1 milliard dollara çenli "
        "artdyrmak üçin peýdalanylmaly uly mümkinçilikleriň bardygy bellenildi.",
        Language.tk,
        id="tk-billion",
    ),
    pytest.param(
        BILLION,
        "Сонымен қатар сауда қатынастарында тауар айналымын 1 миллиард долларға арттыру үшін "
        "пайдаланылуы тиіс айтарлықтай әлеует бар екені атап өтілді.",
        Language.kk,
        id="kk-billion",
    ),
    pytest.param(
        PLANT,
        "В этой связи Национальный Лидер туркменского народа сообщил Президенту Касым-Жомарту Токаеву, "
        "что сегодня Глава Туркменистана дал старт строительству электростанции мощностью 1574 МВт в "
        "Балканском велаяте.",
        Language.ru,
        id="ru-1574",
    ),
    pytest.param(
        BORDER,
        "Новый объект будет построен на побережье Каспийского моря, примерно в 250 километрах от "
        "туркмено-казахстанской границы.",
        Language.ru,
        id="ru-250-kilometers",
    ),
    pytest.param(
        ANNIVERSARY,
        "Герой-Аркадаг отметил, что в следующем году отмечается 300-летие со дня рождения великого "
        "туркменского поэта, мыслителя Востока Махтумкули Фраги.",
        Language.ru,
        id="ru-300th",
    ),
    pytest.param(
        ANNIVERSARY,
        "Gahryman Arkadag indiki ýyl Gündogaryň beýik akyldar şahyry Magtymguly Pyragynyň doglan "
        "gününiň 300 ýyllygynyň bellenilýändigini belläp geçdi.",
        Language.tk,
        id="tk-300th",
    ),
    pytest.param(
        YEAR,
        "В рамках Международной организации тюркской культуры ТЮРКСОЙ 2024 год объявлен Годом "
        "Махтумкули Фраги.",
        Language.ru,
        id="ru-2024",
    ),
    pytest.param(
        VISIT,
        "3 ноября 2023 года состоялся рабочий визит для участия в X Саммите глав государств Организации "
        "тюркских государств.",
        Language.ru,
        id="ru-date-and-roman-ordinal",
    ),
    pytest.param(
        VISIT,
        "03.11.2023 состоялся рабочий визит для участия в 10-м Саммите глав государств Организации "
        "тюркских государств.",
        Language.ru,
        id="ru-numeric-date",
    ),
    pytest.param(
        "The plan for 2024-2026 covers $1.5 billion and 12,500 tonnes.",
        "План на 2024–2026 годы охватывает 1,5 млрд долларов и 12 500 тонн.",
        Language.ru,
        id="ru-range-decimal-amount-and-grouping",
    ),
    pytest.param(
        VISIT,
        "2023 жылғы 3 қарашада Түркі мемлекеттері ұйымы мемлекет басшыларының 10-шы саммитіне қатысу "
        "үшін жұмыс сапары өтті.",
        Language.kk,
        id="kk-date-and-ordinal",
    ),
]


@pytest.mark.parametrize(("source", "target", "language"), GOOD)
def test_faithful_translations_have_no_serious_findings(source: str, target: str, language: Language) -> None:
    findings = check_pair(source, target, language)
    assert [f for f in findings if f.serious] == []


BAD = [
    pytest.param(
        BILLION,
        "…для увеличения товарооборота на 1 млн долларов.",
        Language.ru,
        "numbers",
        r"«\$1 billion» \(1000000000\) is missing",
        id="million-instead-of-billion",
    ),
    pytest.param(
        PLANT,
        "…строительству электростанции мощностью 1547 МВт в Балканском велаяте.",
        Language.ru,
        "numbers",
        r"«1574»",
        id="digits-swapped",
    ),
    pytest.param(
        BORDER,
        "Новый объект будет построен на побережье Каспийского моря, примерно в 25 километрах от границы.",
        Language.ru,
        "numbers",
        r"«250»",
        id="digit-dropped",
    ),
    pytest.param(
        ANNIVERSARY,
        "Герой-Аркадаг отметил, что в следующем году отмечается юбилей великого поэта Махтумкули Фраги.",
        Language.ru,
        "numbers",
        r"«300th» \(300\)",
        id="ordinal-lost",
    ),
    pytest.param(
        YEAR,
        "В рамках ТЮРКСОЙ 2042 год объявлен Годом Махтумкули Фраги.",
        Language.ru,
        "numbers",
        r"«2024»",
        id="year-changed",
    ),
    pytest.param(
        BILLION,
        "…увеличения товарооборота на 1 миллиард.",
        Language.ru,
        "numbers",
        "names no currency",
        id="currency-lost",
    ),
    pytest.param(
        "The figure rose to 8.5 percent.",
        "Показатель вырос до 8.5 процента.",
        Language.ru,
        "numbers",
        "write it as in Russian",
        id="english-decimal-point",
    ),
    pytest.param(
        BORDER,
        BORDER,
        Language.ru,
        "untranslated",
        "English source unchanged",
        id="unchanged-from-source",
    ),
    pytest.param(
        "The President of Turkmenistan spoke.",
        "Türkmenistanyň Prezidentі çykyş etdi.",  # a Cyrillic і (U+0456) inside a Latin word
        Language.tk,
        "script",
        "«Prezidentі» mixes scripts",
        id="tk-cyrillic-letter-in-latin-word",
    ),
    pytest.param(
        "The President of Turkmenistan spoke.",
        "Türkmenistаnyň Prezidenti çykyş etdi.",  # a Cyrillic а (U+0430), as real Turkmen web text has
        Language.tk,
        "script",
        "«Türkmenistаnyň» mixes scripts",
        id="tk-cyrillic-a-in-latin-word",
    ),
    pytest.param(
        "The President of Turkmenistan spoke.",
        "Прeзидент Туркменистана выступил.",  # a Latin e inside a Russian word
        Language.ru,
        "script",
        "«Прeзидент» mixes scripts",
        id="ru-latin-e-in-cyrillic-word",
    ),
    pytest.param(
        "The President of Turkmenistan spoke.",
        "Президент Туркменистана выступил с речью.",
        Language.tk,
        "script",
        "most letters are not Latin",
        id="tk-in-cyrillic",
    ),
    pytest.param(
        "Read <b>the statement</b> and <a1>the decree</a1>.",
        "Прочитайте заявление и <a1>указ</a1>.",
        Language.ru,
        "markup",
        "<b> is missing",
        id="tag-dropped",
    ),
    pytest.param(
        "Read <b>the statement</b> and <c1/>.",
        "Прочитайте <b>заявление</i> и <c1/>.",
        Language.ru,
        "markup",
        "</i> is in the translation but not in the source",
        id="tag-mismatched",
    ),
    pytest.param(
        "Read the statement carefully, please.",
        "Прочитайте заявление {0} внимательно.",
        Language.ru,
        "markup",
        "leftover placeholder",
        id="leftover-placeholder",
    ),
    pytest.param(
        "The meeting between the two presidents took place in Astana yesterday evening.",
        "Встреча.",
        Language.ru,
        "length",
        "cut off",
        id="truncated",
    ),
]


@pytest.mark.parametrize(("source", "target", "language", "check", "pattern"), BAD)
def test_broken_translations_have_a_serious_finding(
    source: str, target: str, language: Language, check: str, pattern: str
) -> None:
    findings = check_pair(source, target, language)
    matching = [f for f in findings if f.check == check]
    assert matching, findings
    assert any(re.search(pattern, f.message) for f in matching), matching
    assert check != "numbers" or pattern.startswith("write") or any(f.serious for f in matching)


@pytest.mark.parametrize(
    ("target", "language", "pattern"),
    [
        pytest.param('Он сказал: "Да".', Language.ru, "quotes are «…»", id="ru-straight-quotes"),
        pytest.param("Ол «иә» деді.", Language.kk, None, id="kk-guillemets-fine"),
        pytest.param("Ol “hawa” diýdi.", Language.tk, None, id="tk-curly-quotes-fine"),
        pytest.param("Он сказал «да.", Language.ru, "unbalanced «…»", id="ru-unbalanced"),
        pytest.param("Он сказал «да»?", Language.ru, "ends with «.»", id="different-end"),
    ],
)
def test_quotes_and_punctuation_are_warnings(target: str, language: Language, pattern: str | None) -> None:
    findings = [f for f in check_pair('He said "yes".', target, language) if f.check == "punctuation"]
    if pattern is None:
        assert findings == []
    else:
        assert any(pattern in f.message for f in findings), findings
        assert all(f.severity is not Severity.serious for f in findings)


def test_numbers_are_read_in_each_languages_conventions() -> None:
    assert [str(n.value) for n in source_numbers("$1 billion, 1,574 MW, 8.5%, the 300th, 10 thousand")] == [
        "1000000000",
        "1574",
        "8.5",
        "300",
        "10000",
    ]
    values = [str(n.value) for n in target_numbers("1 млрд, 12 000, 8,5, 300-летие, 2,5 тыс.", Language.ru)]
    assert values == ["1000000000", "12000", "8.5", "300", "2500.0"]
    assert [str(n.value) for n in target_numbers("1 milliard, 12 000 müň", Language.tk)] == [
        "1000000000",
        "12000000",
    ]


def test_registry_lists_each_check_once_with_a_severity() -> None:
    ids = [check.id for check in CHECKS]
    assert len(ids) == len(set(ids))
    assert {
        *("numbers", "glossary", "untranslated", "script", "punctuation", "length", "markup"),
        *("urls", "placeholders", "whitespace", "doubled-words", "brackets", "start-case", "sentences"),
        "invisible",
    } == set(ids)
    assert all(isinstance(check.severity, Severity) for check in CHECKS)


def test_glossary_check_uses_the_term_base() -> None:
    termbase = load_termbase(REPO / "glossary")
    source = "The Chairman of the Halk Maslahaty of Turkmenistan arrived."
    wrong = "Председатель Народного совета Туркменистана прибыл."
    findings = check_pair(source, wrong, Language.ru, termbase)
    assert any(f.check == "glossary" and f.serious for f in findings), findings
    assert not any(f.check == "glossary" for f in check_pair(source, wrong, Language.ru, None))


def test_check_entry_skips_obsolete_and_reports_untranslated() -> None:
    assert check_entry(polib.POEntry(msgid="Gone.", msgstr="", obsolete=True), Language.ru) == []
    (finding,) = check_entry(polib.POEntry(msgid="Not yet.", msgstr=""), Language.ru)
    assert finding == Finding("untranslated", Severity.info, "not translated yet")


def test_annotate_writes_notes_on_fuzzy_entries_only_and_replaces_old_ones() -> None:
    catalog = polib.POFile()
    fuzzy = polib.POEntry(
        msgid=YEAR, msgstr="В 2042 году.", flags=["fuzzy"], comment="machine translation: x"
    )
    reviewed = polib.POEntry(msgid=YEAR, msgstr="Тоже 2042.", msgctxt="other")
    catalog.append(fuzzy)
    catalog.append(reviewed)
    assert annotate_catalog(catalog, Language.ru) == 1
    notes = [line for line in fuzzy.comment.splitlines() if line.startswith(NoteKind.check.prefix)]
    assert notes and all(len(line) <= 75 for line in notes)
    assert any("[serious] numbers" in line for line in notes)
    assert fuzzy.fuzzy
    assert (reviewed.comment, reviewed.flags) == ("", [])
    # A second pass finds the same and changes nothing; a fixed translation loses its notes.
    assert annotate_catalog(catalog, Language.ru) == 0
    fuzzy.msgstr = "В рамках Международной организации тюркской культуры ТЮРКСОЙ 2024 год объявлен Годом Махтумкули Фраги."
    assert annotate_catalog(catalog, Language.ru) == 1
    assert fuzzy.comment == "machine translation: x"
    results = check_catalog(catalog, Language.ru)
    # The reviewed entry is still reported (numbers and length), the fixed one no more.
    assert [(r.msgctxt, sorted(f.check for f in r.findings if f.serious)) for r in results] == [
        ("other", ["length", "numbers"])
    ]
    assert serious_count(results) == 2


@pytest.mark.parametrize(
    ("flags", "serious"),
    [([], ["numbers"]), (["ignore-numbers"], []), (["ignore-length"], ["numbers"])],
    ids=["plain", "acknowledged", "other-check-acknowledged"],
)
def test_ignore_flags_acknowledge_findings(flags: list[str], serious: list[str]) -> None:
    entry = polib.POEntry(msgid="It was founded in 1574.", msgstr="Он был основан давно.", flags=flags)
    findings = check_entry(entry, Language.ru)
    assert [f.check for f in findings if f.serious] == serious
    numbers = [f for f in findings if f.check == "numbers"]
    assert numbers and all(f.acknowledged == ("ignore-numbers" in flags) for f in numbers)
    if "ignore-numbers" in flags:
        assert finding_note(numbers[0])[0].startswith("check: [serious, acknowledged] numbers:")
        assert numbers[0].as_dict()["acknowledged"] is True


def test_a_missing_translation_is_never_acknowledged() -> None:
    entry = polib.POEntry(msgid="Not yet.", msgstr="", flags=["ignore-untranslated"])
    (finding,) = check_entry(entry, Language.ru)
    assert finding == NOT_TRANSLATED and not finding.acknowledged


@pytest.mark.parametrize(
    ("target", "language", "severity"),
    [
        ("Тараптар Астанада келіссөздер жүргізді.", Language.ru, Severity.serious),
        (
            "Тараптар Астанада екі ел арасындағы ынтымақтастық туралы келіссөздер жүргізді.",
            Language.ru,
            Severity.serious,
        ),
        (
            "Стороны провели переговоры в Астане с делегацией из Қазақстана и Туркменистана.",
            Language.ru,
            Severity.warning,
        ),
        (
            "Стороны провели переговоры в Астане о будущем двух стран и народов.",
            Language.kk,
            Severity.warning,
        ),
        ("Стороны провели переговоры в Астане.", Language.ru, None),
        ("Тараптар Астанада келіссөздер жүргізді.", Language.kk, None),
        ("Батыр Аркадаг Халк Маслахаты туралы айтты.", Language.kk, None),
    ],
    ids=["kk-in-ru", "long-kk-in-ru", "one-kazakh-word-in-ru", "ru-in-kk", "ru", "kk", "short-kk-of-names"],
)
def test_russian_and_kazakh_are_told_apart_by_their_letters(
    target: str, language: Language, severity: Severity | None
) -> None:
    source = "The sides held talks in Astana on the future of the two countries."
    findings = [f for f in check_pair(source, target, language) if f.check == "script"]
    assert [f.severity for f in findings] == ([severity] if severity else [])


def test_check_notes_do_not_repeat_the_glossary_wrappers_notes() -> None:
    termbase = load_termbase(REPO / "glossary")
    entry = polib.POEntry(
        msgid="The Halk Maslahaty met in Ashgabat.",
        msgstr="Народный совет собрался в Ашхабаде.",
        flags=["fuzzy"],
    )
    (glossary_finding,) = [f for f in check_entry(entry, Language.ru, termbase) if f.check == "glossary"]
    entry.comment = f"machine translation: test 1.0\nglossary: {glossary_finding.message}"
    annotate_catalog([entry], Language.ru, termbase)  # type: ignore[arg-type]
    assert not any(
        line.startswith(NoteKind.check.prefix) and "glossary" in line for line in entry.comment.splitlines()
    )
    entry.comment = "machine translation: test 1.0"
    annotate_catalog([entry], Language.ru, termbase)  # type: ignore[arg-type]
    assert any(
        line.startswith(NoteKind.check.prefix) and "glossary" in line for line in entry.comment.splitlines()
    )


@pytest.mark.parametrize(
    ("flags", "msgid", "msgstr", "problem"),
    [
        (["c-format", "fuzzy"], "%s has %d", "%d есть %s", "for argument 1 are not the same"),
        (
            ["python-format", "fuzzy"],
            "%(name)s has %(n)d",
            "%(n)d есть",
            "argument 'name' doesn't exist in 'msgstr'",
        ),
        (
            ["python-brace-format", "fuzzy"],
            "{name} has {0}",
            "{0} есть {nam}",
            "argument 'nam' doesn't exist",
        ),
        (["c-format", "fuzzy"], "%s has %d", "%2$d есть %1$s", None),
        (["fuzzy"], "%s has %d", "%d есть %s", None),
    ],
    ids=["c-format", "python-format", "python-brace-format", "c-format-positional", "no-flag"],
)
def test_format_directives_of_a_fuzzy_entry_are_a_serious_finding(
    flags: list[str], msgid: str, msgstr: str, problem: str | None
) -> None:
    """The reader refuses a reviewed entry like this (as msgfmt -c does); a fuzzy one is a finding, so a
    reviewer sees it before clearing the flag."""
    entry = polib.POEntry(msgid=msgid, msgstr=msgstr, flags=[*flags, "ignore-format"])
    findings = [finding for finding in check_entry(entry, Language.ru) if finding.check == "format"]
    if problem is None:
        assert findings == []
        return
    (finding,) = findings
    assert finding.serious, "ignore-format must not acknowledge what msgfmt would refuse"
    assert problem in finding.message


# --- pofilter's functional set, one sentence per phenomenon and language -------------------------------

PARITY = [
    # (check, language, source, a translation with the problem, the same translation without it)
    (
        "urls",
        Language.ru,
        "See https://example.org/news for details.",
        "Подробности о встрече читайте на сайте https://example.org/новости.",
        "Подробности на https://example.org/news в разделе новостей.",
    ),
    (
        "urls",
        Language.tk,
        "See https://example.org/news for details.",
        "Jikme-jik maglumat example.org sahypasynda.",
        "Jikme-jik maglumat https://example.org/news sahypasynda.",
    ),
    (
        "urls",
        Language.kk,
        "See https://example.org/news for details.",
        "Кездесу туралы толығырақ сайтта: https://example.kz/news.",
        "Кездесу туралы https://example.org/news сайтынан оқыңыз.",
    ),
    (
        "urls",
        Language.ru,
        "Write to press@example.org today.",
        "Пишите на пресс@example.org сегодня.",
        "Пишите на press@example.org сегодня.",
    ),
    (
        "urls",
        Language.tk,
        "Write to press@example.org today.",
        "Şu gün press@example.tm salgysyna ýazyň.",
        "Şu gün press@example.org salgysyna ýazyň.",
    ),
    (
        "urls",
        Language.kk,
        "Write to press@example.org today.",
        "Бүгін баспасөз қызметіне жазыңыз.",
        "Бүгін press@example.org адресіне жазыңыз.",
    ),
    ("placeholders", Language.ru, "Visitors came from %s.", "Пришли гости.", "Пришли гости из %s."),
    (
        "placeholders",
        Language.tk,
        "%(count)d visitors came.",
        "%(san)d myhman geldi.",
        "%(count)d myhman geldi.",
    ),
    ("placeholders", Language.kk, "{0} visitors came.", "{1} қонақ келді.", "{0} қонақ келді."),
    ("whitespace", Language.ru, "The talks ended.", "Переговоры  завершились.", "Переговоры завершились."),
    ("whitespace", Language.tk, "The talks ended.", " Gepleşikler tamamlandy.", "Gepleşikler tamamlandy."),
    ("whitespace", Language.kk, "The talks ended.", "Келіссөздер аяқталды. ", "Келіссөздер аяқталды."),
    (
        "doubled-words",
        Language.ru,
        "The forum was held in the capital.",
        "Форум прошёл в в столице.",
        "Форум прошёл в столице.",
    ),
    (
        "doubled-words",
        Language.tk,
        "The forum was held in the capital.",
        "Forum paýtagtda paýtagtda geçirildi.",
        "Forum paýtagtda geçirildi.",
    ),
    (
        "doubled-words",
        Language.kk,
        "The forum was held in the capital.",
        "Форум елордада өтті өтті.",
        "Форум елордада өтті.",
    ),
    (
        "brackets",
        Language.ru,
        "The agency (TDH) reported it.",
        "Об этом сообщило агентство ТДХ.",
        "Об этом сообщило агентство (ТДХ).",
    ),
    (
        "brackets",
        Language.tk,
        "The agency (TDH) reported it.",
        "Bu barada (TDH) agentligi habar berdi (.",
        "Bu barada (TDH) agentligi habar berdi.",
    ),
    (
        "brackets",
        Language.kk,
        "The agency (TDH) reported it.",
        "Бұл туралы [TDH] агенттігі хабарлады.",
        "Бұл туралы (TDH) агенттігі хабарлады.",
    ),
    (
        "punctuation",
        Language.ru,
        'He called it "historic".',
        'Он назвал его "историческим".',
        "Он назвал его «историческим».",
    ),
    (
        "punctuation",
        Language.tk,
        'He called it "historic".',
        'Ol muny "taryhy" diýip atlandyrdy.',
        "Ol muny “taryhy” diýip atlandyrdy.",
    ),
    (
        "punctuation",
        Language.kk,
        'He called it "historic".',
        'Ол оны "тарихи" деп атады.',
        "Ол оны «тарихи» деп атады.",
    ),
    (
        "start-case",
        Language.ru,
        "The meeting began at noon.",
        "встреча началась в полдень.",
        "Встреча началась в полдень.",
    ),
    (
        "start-case",
        Language.tk,
        "The meeting began at noon.",
        "duşuşyk günortan başlandy.",
        "Duşuşyk günortan başlandy.",
    ),
    (
        "start-case",
        Language.kk,
        "The meeting began at noon.",
        "кездесу түсте басталды.",
        "Кездесу түсте басталды.",
    ),
    (
        "sentences",
        Language.ru,
        "The talks ended. A statement was signed.",
        "Переговоры завершились подписанием заявления.",
        "Переговоры завершились. Подписано заявление.",
    ),
    (
        "sentences",
        Language.tk,
        "The talks ended. A statement was signed.",
        "Gepleşikler tamamlandy. Beýannama gol çekildi. Baýramçylyk boldy.",
        "Gepleşikler tamamlandy. Beýannama gol çekildi.",
    ),
    (
        "sentences",
        Language.kk,
        "The talks ended. A statement was signed.",
        "Келіссөздер мәлімдемеге қол қоюмен аяқталды.",
        "Келіссөздер аяқталды. Мәлімдемеге қол қойылды.",
    ),
    (
        "invisible",
        Language.ru,
        "The talks ended.",
        "Переговоры\u200b завершились.",
        "Переговоры завершились.",
    ),
    (
        "invisible",
        Language.tk,
        "The talks ended.",
        "Gepleşikler \u202etamamlandy.",
        "Gepleşikler tamamlandy.",
    ),
    ("invisible", Language.kk, "The talks ended.", "Келіс\u00adсөздер аяқталды.", "Келіссөздер аяқталды."),
]


@pytest.mark.parametrize(
    ("check", "language", "source", "bad", "good"),
    PARITY,
    ids=[f"{c}-{lang.value}-{i}" for i, (c, lang, *_) in enumerate(PARITY)],
)
def test_each_phenomenon_is_found_and_its_fix_is_clean(
    check: str, language: Language, source: str, bad: str, good: str
) -> None:
    assert check in {finding.check for finding in check_pair(source, bad, language)}
    assert [f for f in check_pair(source, good, language) if f.severity is not Severity.info] == []


@pytest.mark.parametrize(
    ("flags", "found"),
    [
        pytest.param([], True, id="unflagged-looks-like-printf"),
        pytest.param(["no-c-format"], False, id="no-c-format"),
        pytest.param(["c-format"], False, id="c-format-is-msgfmts"),
    ],
)
def test_placeholder_check_honours_format_flags(flags: list[str], found: bool) -> None:
    findings = check_pair("%d visitors came.", "Пришли посетители.", Language.ru, flags=flags)
    assert ("placeholders" in {f.check for f in findings}) is found


def test_bidirectional_controls_are_serious_and_zero_width_ones_warnings() -> None:
    findings = check_pair("The talks ended.", "Переговоры\u2067 заверши\u200dлись.", Language.ru)
    assert sorted((f.severity.value, f.message[:46]) for f in findings if f.check == "invisible") == [
        ("serious", "an invisible character U+2067 RIGHT-TO-LEFT IS"),
        ("warning", "an invisible character U+200D ZERO WIDTH JOINE"),
    ]
