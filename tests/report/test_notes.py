"""Reading an entry's ``#.`` notes for the report: wrapped lines are one note again."""

from __future__ import annotations

import polib
import pytest

from translate.report.notes import entry_notes


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        (
            "glossary: national-leader: provisional kk rendering «Түрікмен халқының\n"
            "Ұлттық көшбасшысына» (no official source yet); check it",
            (
                "glossary: national-leader: provisional kk rendering «Түрікмен халқының Ұлттық көшбасшысына» "
                "(no official source yet); check it",
            ),
        ),
        (
            "title\ncheck: [serious] numbers: «2023» (2023) is missing or changed in the\ncheck: … translation",
            ("title", "check: [serious] numbers: «2023» (2023) is missing or changed in the translation"),
        ),
        (
            "machine translation: m 1.0\nextracted by another tool",
            ("machine translation: m 1.0 extracted by another tool",),
        ),
        ("a tool's note\nanother note", ("a tool's note", "another note")),
    ],
    ids=["polib-wrapped-glossary", "our-wrapped-check", "after-provenance", "foreign-notes"],
)
def test_wrapped_notes_are_shown_as_one(comment: str, expected: tuple[str, ...]) -> None:
    notes = entry_notes(polib.POEntry(msgid="x", comment=comment))
    assert tuple(note.line for note in notes) == expected
