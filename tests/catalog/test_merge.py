"""Merging templates into catalogs, compared case by case with ``msgmerge --previous``.

Where we differ from msgmerge, it is on purpose and the case says so:

1. A translated entry whose sentence is gone stays as an obsolete ``#~`` entry even when its
   translation also seeded a fuzzy match; msgmerge drops it once used. Keeping it means the approved
   pair comes back intact if the sentence returns, whatever the reviewer does to the fuzzy entry.
2. Flags we do not know (``my-flag``) survive a fuzzy match; msgmerge keeps only format flags.
3. Our own ``#.`` notes (provenance, findings, suggestions) survive a merge; msgmerge replaces all
   extracted comments with the template's. The template's context labels are still refreshed.
4. A reviewed entry keeps its extracted comments as they were; msgmerge takes the template's.
5. An untranslated entry whose sentence is gone is kept as obsolete when a translator commented on it;
   msgmerge drops it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from translate.catalog.merge import FUZZY_THRESHOLD, merge_catalog, set_required_headers
from translate.catalog.template import language_headers
from translate.languages import Language

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"X-Reviewer-Tool: Poedit 3.4\\n"\n\n'
)


def _po(body: str) -> str:
    return HEADER + body


def _pot(*msgids: str) -> str:
    return HEADER + "".join(f'#: a.txt:{n}\nmsgid "{m}"\nmsgstr ""\n\n' for n, m in enumerate(msgids, 1))


Row = tuple[str, str, bool, str | None, bool, str]


def _rows(catalog: polib.POFile) -> list[Row]:
    return [(e.msgid, e.msgstr, e.fuzzy, e.previous_msgid, bool(e.obsolete), e.tcomment) for e in catalog]


def _ours(old: str, pot: str) -> polib.POFile:
    return merge_catalog(polib.pofile(old), polib.pofile(pot))


def _msgmerge(tmp_path: Path, old: str, pot: str) -> polib.POFile:
    (tmp_path / "old.po").write_text(old, encoding="utf-8")
    (tmp_path / "new.pot").write_text(pot, encoding="utf-8")
    out = tmp_path / "out.po"
    subprocess.run(
        ["msgmerge", "--previous", "-q", "-o", str(out), str(tmp_path / "old.po"), str(tmp_path / "new.pot")],
        check=True,
    )
    return polib.pofile(str(out))


PRESIDENT = "The President visited the city of Ashgabat today."
PRESIDENT_RU = "Президент сегодня посетил Ашхабад."

# (id, old catalog, new template, rows msgmerge gives that we give differently → our rows, difference no.)
CASES = [
    pytest.param(
        _po(f'msgid "{PRESIDENT}"\nmsgstr "{PRESIDENT_RU}"\n'),
        _pot(PRESIDENT),
        {},
        id="unchanged-entry-kept",
    ),
    pytest.param(
        _po(f'# reviewer says: check the date\nmsgid "{PRESIDENT}"\nmsgstr "{PRESIDENT_RU}"\n'),
        _pot(PRESIDENT.replace("today", "yesterday")),
        # 1: the reviewed pair also stays as obsolete.
        {
            "append": [(PRESIDENT, PRESIDENT_RU, False, None, True, "reviewer says: check the date")],
        },
        id="changed-sentence-becomes-fuzzy-with-previous",
    ),
    pytest.param(
        _po('msgid "Completely different words here."\nmsgstr "Совсем другие слова."\n'),
        _pot("Talks on gas supply were held in Aktau on Monday."),
        {},
        id="removed-sentence-becomes-obsolete",
    ),
    pytest.param(
        _po(
            'msgid "Kept."\nmsgstr "Оставлено."\n\n#~ msgid "An old sentence returns."\n#~ msgstr "Старое возвращается."\n'
        ),
        _pot("Kept.", "An old sentence returns."),
        {},
        id="obsolete-entry-revived",
    ),
    pytest.param(
        _po('#~ msgid "An old sentence returns."\n#~ msgstr "Старое возвращается."\n'),
        _pot("An old sentence returns again."),
        # 1: the obsolete pair that seeded the match stays.
        {"append": [("An old sentence returns.", "Старое возвращается.", False, None, True, "")]},
        id="obsolete-entry-seeds-fuzzy-match",
    ),
    pytest.param(
        _po(
            '#, fuzzy\n#| msgid "Gas supply talks were held."\nmsgid "Gas supply talks were held in Aktau."\n'
            'msgstr "Переговоры о газе."\n'
        ),
        _pot("Gas supply talks were held in Aktau on Monday."),
        # 1: the fuzzy pair stays obsolete, with its own #~| line.
        {
            "append": [
                (
                    "Gas supply talks were held in Aktau.",
                    "Переговоры о газе.",
                    True,
                    "Gas supply talks were held.",
                    True,
                    "",
                )
            ]
        },
        id="fuzzy-entry-keeps-its-older-previous-msgid",
    ),
    pytest.param(
        _po('msgid "Untranslated sentence about trade."\nmsgstr ""\n'),
        _pot("Untranslated sentence about trade and energy."),
        {},
        id="untranslated-entries-seed-nothing-and-are-dropped",
    ),
    pytest.param(
        _po('# ask the editor\nmsgid "Untranslated and gone."\nmsgstr ""\n'),
        _pot("Something else entirely, nothing alike."),
        # 5: a translator's comment keeps the entry.
        {"append": [("Untranslated and gone.", "", False, None, True, "ask the editor")]},
        id="commented-untranslated-entry-kept-obsolete",
    ),
    pytest.param(
        _po(f'msgid "{PRESIDENT}"\nmsgstr "{PRESIDENT_RU}"\n'),
        _pot("The Minister met the ambassador of Japan in the capital."),
        {},
        id="dissimilar-sentence-is-not-matched",
    ),
    pytest.param(
        _po(f'msgid "{PRESIDENT}"\nmsgstr "{PRESIDENT_RU}"\n\nmsgid "Second."\nmsgstr "Второе."\n'),
        _pot(
            "Second.",
            PRESIDENT.replace("today", "today and tomorrow"),
            PRESIDENT.replace("today", "yesterday"),
        ),
        {"append": [(PRESIDENT, PRESIDENT_RU, False, None, True, "")]},
        id="one-old-translation-seeds-two-new-entries-in-template-order",
    ),
]


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="gettext is not installed")
@pytest.mark.parametrize(("old", "pot", "difference"), CASES)
def test_merge_matches_msgmerge_previous(
    tmp_path: Path, old: str, pot: str, difference: dict[str, list[Row]]
) -> None:
    expected = _rows(_msgmerge(tmp_path, old, pot)) + difference.get("append", [])
    assert _rows(_ours(old, pot)) == expected


def test_unknown_flags_and_our_notes_survive_a_fuzzy_match() -> None:
    old = _po(
        f"#. machine translation: argos 1.9\n#. check: [serious] numbers: stale\n#. title\n#, my-flag\n"
        f'msgid "{PRESIDENT}"\nmsgstr "x"\n'
    )
    pot = HEADER + f'#. heading\nmsgid "{PRESIDENT.replace("today", "yesterday")}"\nmsgstr ""\n'
    (entry, _gone) = list(_ours(old, pot))
    assert entry.flags == ["fuzzy", "my-flag"]  # difference 2
    assert entry.comment == "heading\nmachine translation: argos 1.9"  # difference 3


def test_reviewed_entry_keeps_everything_but_occurrences() -> None:
    old = _po(
        f'# note\n#. title\n#. check: ok\n#: a.txt:9\n#, my-flag\nmsgid "{PRESIDENT}"\nmsgstr "{PRESIDENT_RU}"\n'
    )
    pot = HEADER + f'#. heading\n#: a.txt:1\nmsgid "{PRESIDENT}"\nmsgstr ""\n'
    (entry,) = list(_ours(old, pot))
    assert (entry.msgstr, entry.tcomment, entry.comment, entry.flags) == (
        PRESIDENT_RU,
        "note",
        "title\ncheck: ok",  # difference 4
        ["my-flag"],
    )
    assert entry.occurrences == [("a.txt", "1")]


def test_header_fields_and_comment_survive() -> None:
    old = "# Russian translation, reviewed by A.\n" + _po('msgid "a"\nmsgstr "б"\n')
    merged = _ours(old, _pot("a"))
    assert merged.header == "Russian translation, reviewed by A."
    assert merged.metadata["X-Reviewer-Tool"] == "Poedit 3.4"


def test_threshold_is_msgmerges_fstrcmp_cutoff() -> None:
    # 2·LCS/(len₁+len₂): "abcdef" vs "abcxyz" = 6/12 = 0.5 < 0.6 → no match; vs "abcdez" = 10/12 → match.
    old = _po('msgid "abcdef"\nmsgstr "АБВ"\n')
    assert FUZZY_THRESHOLD == 60.0
    assert [e.msgstr for e in _ours(old, _pot("abcxyz")) if not e.obsolete] == [""]
    assert [e.msgstr for e in _ours(old, _pot("abcdez")) if not e.obsolete] == ["АБВ"]


def test_merging_twice_changes_nothing() -> None:
    old = _po(f'msgid "{PRESIDENT}"\nmsgstr "{PRESIDENT_RU}"\n\nmsgid "b"\nmsgstr ""\n')
    pot = polib.pofile(_pot(PRESIDENT.replace("today", "yesterday"), "c"))
    once = merge_catalog(polib.pofile(old), pot)
    twice = merge_catalog(polib.pofile(str(once)), pot)
    assert str(twice) == str(once)


def test_repeated_note_lines_survive_a_merge() -> None:
    # Two wrapped findings can end in the same continuation line; both must stay.
    note = "#. check: [serious] numbers: one\n#. check: … translation\n#. check: [serious] numbers: two\n#. check: … translation\n"
    old = _po(f'{note}#, fuzzy\nmsgid "{PRESIDENT}"\nmsgstr "x"\n')
    (entry,) = list(_ours(old, _pot(PRESIDENT)))
    assert entry.comment.count("check: … translation") == 2


@pytest.mark.parametrize(
    ("name", "current", "kept"),
    [
        ("Language-Team", "Russian <ru@example.com>", True),
        ("Language", "ru_RU", True),
        ("Language", "kk", False),
        (
            "Plural-Forms",
            "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
            True,
        ),
        ("Plural-Forms", "nplurals=2; plural=(n != 1);", False),
        ("Content-Type", "text/plain; charset=utf-8", True),
        ("Content-Type", "text/plain; charset=CHARSET", False),
        ("Content-Transfer-Encoding", "8bit", True),
        ("Language", "", False),
    ],
    ids=[
        "team",
        "region",
        "other-language",
        "poedit-plurals",
        "wrong-plurals",
        "charset-case",
        "charset-placeholder",
        "encoding",
        "empty",
    ],
)
def test_required_headers_keep_an_editors_equivalent_values(name: str, current: str, kept: bool) -> None:
    required = language_headers(Language.ru)
    metadata = {"X-Poedit-Bookmarks": "3,-1,-1", name: current}
    set_required_headers(metadata, required)
    assert metadata[name] == (current if kept else required[name])
    assert metadata["X-Poedit-Bookmarks"] == "3,-1,-1"
    assert all(metadata[key] for key in required)
