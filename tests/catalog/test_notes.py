"""The ``#.`` note protocol: kinds told apart by prefix, replacing one kind's notes, reading notes back."""

from __future__ import annotations

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.catalog.notes import (
    Note,
    NoteKind,
    keep_notes,
    kind_of,
    note_lines,
    read_notes,
    relabel_notes,
    replace_notes,
)
from translate.document.model import BlockKind


def _entry(comment: str) -> polib.POEntry:
    return polib.POEntry(msgid="Hello.", msgstr="", comment=comment)


@pytest.mark.parametrize(
    ("kind", "prefix"),
    [
        (NoteKind.machine_translation, "machine translation: "),
        (NoteKind.memory, "translation memory: "),
        (NoteKind.memory_suggestion, "translation memory suggestion "),
        (NoteKind.glossary, "glossary: "),
        (NoteKind.check, "check: "),
        (NoteKind.context, ""),
    ],
    ids=lambda value: value.name if isinstance(value, NoteKind) else None,
)
def test_prefixes_are_the_ones_catalogs_on_disk_carry(kind: NoteKind, prefix: str) -> None:
    assert kind.prefix == prefix
    if prefix:
        assert kind_of(prefix + "text") is kind


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("title", NoteKind.context),
        ("list item", NoteKind.context),
        ("translation memory suggestion (92%): Новый объект", NoteKind.memory_suggestion),
        ("translation memory: exact match from doc", NoteKind.memory),
        ("a title", None),
        ("extracted by another tool", None),
    ],
    ids=["title", "list-item", "suggestion", "memory", "not-a-label", "foreign"],
)
def test_kind_of_a_line(line: str, kind: NoteKind | None) -> None:
    assert kind_of(line) is kind


def test_replace_notes_drops_only_its_own_kind_and_adds_after_the_others() -> None:
    entry = _entry(
        "title\ncheck: [serious] numbers: old\ncheck: … finding\nglossary: term\nextracted by a tool"
    )
    replace_notes(entry, NoteKind.check, ["[warning] length: new"])
    assert entry.comment == "title\nglossary: term\nextracted by a tool\ncheck: [warning] length: new"
    replace_notes(entry, NoteKind.check, ())
    assert entry.comment == "title\nglossary: term\nextracted by a tool"


def test_replace_notes_wraps_with_the_prefix_on_every_line() -> None:
    entry = _entry("")
    text = "[serious] numbers: «2023» (2023) is missing or changed in the translation of this sentence"
    replace_notes(entry, NoteKind.check, [text])
    lines = entry.comment.splitlines()
    assert lines == note_lines(NoteKind.check, text)
    assert len(lines) == 2 and lines[1].startswith("check: … ")
    assert all(len(line) <= 75 for line in lines)


def test_machine_translation_notes_stay_one_line() -> None:
    # As they always were: polib wraps them on disk and read_notes joins them again.
    entry = _entry("")
    origin = "Argos Translate English–Russian, a long package name with its version number 1.9"
    replace_notes(entry, NoteKind.machine_translation, [origin])
    assert entry.comment == f"machine translation: {origin}"


def test_context_notes_are_the_templates_to_write() -> None:
    with pytest.raises(ValueError, match="context notes come from the template"):
        replace_notes(_entry("title"), NoteKind.context, ["heading"])


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        (
            "glossary: national-leader: provisional kk rendering «Түрікмен халқының\n"
            "Ұлттық көшбасшысына» (no official source yet); check it",
            [
                Note(
                    NoteKind.glossary,
                    "national-leader: provisional kk rendering «Түрікмен халқының Ұлттық көшбасшысына» "
                    "(no official source yet); check it",
                )
            ],
        ),
        (
            "title\ncheck: [serious] numbers: «2023» (2023) is missing or changed in the\ncheck: … translation",
            [
                Note(NoteKind.context, "title"),
                Note(
                    NoteKind.check,
                    "[serious] numbers: «2023» (2023) is missing or changed in the translation",
                ),
            ],
        ),
        (
            "machine translation: m 1.0\nextracted by another tool",
            [Note(NoteKind.machine_translation, "m 1.0 extracted by another tool")],
        ),
        ("a tool's note\nanother note", [Note(None, "a tool's note"), Note(None, "another note")]),
        (
            "translation memory: exact match from doc\n\ntitle\nglossary: x",
            [
                Note(NoteKind.memory, "exact match from doc"),
                Note(NoteKind.context, "title"),
                Note(NoteKind.glossary, "x"),
            ],
        ),
        ("", []),
    ],
    ids=[
        "polib-wrapped-glossary",
        "our-wrapped-check",
        "after-provenance",
        "foreign-notes",
        "blank-and-label",
        "none",
    ],
)
def test_read_notes_joins_wrapped_lines(comment: str, expected: list[Note]) -> None:
    assert read_notes(_entry(comment)) == expected


def test_a_note_line_puts_the_prefix_back() -> None:
    assert Note(NoteKind.memory, "exact match from doc").line == "translation memory: exact match from doc"
    assert Note(None, "a tool's note").line == "a tool's note"


def test_context_labels_are_kind_context() -> None:
    from translate.catalog.notes import context_label

    labels = [context_label(kind) for kind in BlockKind]
    assert [label for label in labels if label] == ["title", "heading", "list item", "quotation"]
    assert all(kind_of(label) is NoteKind.context for label in labels if label)


_WORD = st.text(alphabet="abcф«»%()-:", min_size=1, max_size=20)
_TEXTS = st.lists(st.lists(_WORD, min_size=1, max_size=25).map(" ".join), max_size=3)
_OTHERS = st.lists(st.sampled_from(["title", "glossary: x y", "machine translation: m 1.0", "a tool's note"]))
_WRAPPED = [NoteKind.memory, NoteKind.memory_suggestion, NoteKind.check]


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(_WRAPPED), texts=_TEXTS, others=_OTHERS)
def test_replaced_notes_read_back_and_replacing_twice_is_replacing_once(
    kind: NoteKind, texts: list[str], others: list[str]
) -> None:
    entry = _entry("\n".join(others))
    replace_notes(entry, kind, texts)
    once = entry.comment
    assert [note.text for note in read_notes(entry) if note.kind is kind] == texts
    replace_notes(entry, kind, texts)
    assert entry.comment == once


def test_a_dropped_note_goes_with_the_lines_a_po_writer_wrapped_it_onto() -> None:
    entry = _entry(
        "title\nextracted by a tool\nglossary: turkmenistan: 'Turkmenistan' has no approved ru rendering\n"
        "in the translation\ncheck: [warning] length: short"
    )
    assert keep_notes(entry, lambda note: note.kind is not NoteKind.glossary)
    assert entry.comment == "title\nextracted by a tool\ncheck: [warning] length: short"
    assert not keep_notes(entry, lambda note: True)  # nothing dropped: the lines stay as they were


def test_relabel_keeps_a_note_where_it_stands() -> None:
    entry = _entry("title\nmachine translation: a model with a name long enough to\nbe wrapped\nglossary: x")
    relabel_notes(entry, NoteKind.machine_translation, NoteKind.edited_machine_translation)
    assert entry.comment == (
        "title\nedited after machine translation: a model with a name long enough to\nbe wrapped\nglossary: x"
    )
    assert kind_of("not machine-translated: too long") is NoteKind.not_machine_translated
