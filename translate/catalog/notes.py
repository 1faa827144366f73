"""The ``#.`` notes the toolkit writes on catalog entries: their kinds, prefixes, writing and reading."""

from __future__ import annotations

import enum
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polib

from translate.document.model import BlockKind

NOTE_WIDTH = 75
"""Longest ``#.`` note text polib writes on one line (it wraps at 78 with the ``#. `` marker)."""

CONTINUATION = "… "
"""What follows the prefix on the second and later lines of a note we wrap ourselves."""


class NoteKind(enum.Enum):
    """Who wrote a ``#.`` note (translate-toolkit's ``addnote(origin)``), told apart by how it starts.

    ``context`` notes are the template's labels (``title``, ``heading``…), whole lines with no prefix;
    every other kind is a stage of a run that replaces its own lines by their prefix.

    ``machine_translation`` says the msgstr is what the engine suggested; a run that finds the text
    changed since (the MT cache still holds the suggestion) turns it into ``edited_machine_translation``,
    so a reviewer's own words are not credited to the engine. ``not_machine_translated`` is the
    engine's reason for leaving a sentence untranslated (too long for the model).
    """

    context = "context"
    machine_translation = "machine translation"
    edited_machine_translation = "edited after machine translation"
    not_machine_translated = "not machine-translated"
    memory = "translation memory"
    memory_suggestion = "translation memory suggestion"
    glossary = "glossary"
    check = "check"

    @property
    def prefix(self) -> str:
        """How this kind's lines start (empty for ``context``)."""
        return _PREFIXES[self]


_PREFIXES = {
    NoteKind.context: "",
    NoteKind.machine_translation: "machine translation: ",
    NoteKind.edited_machine_translation: "edited after machine translation: ",
    NoteKind.not_machine_translated: "not machine-translated: ",
    NoteKind.memory: "translation memory: ",
    NoteKind.memory_suggestion: "translation memory suggestion ",  # followed by "(92%): <target>"
    NoteKind.glossary: "glossary: ",
    NoteKind.check: "check: ",
}
_PREFIXED = tuple(kind for kind in NoteKind if kind is not NoteKind.context)

# Kinds whose notes we wrap so that every line keeps the prefix. Machine-translation and glossary notes
# have always been written one line each (polib wraps them on disk without the prefix, and read_notes
# joins them again); wrapping them here would change the bytes every fill writes.
_WRAPPED = frozenset({NoteKind.memory, NoteKind.memory_suggestion, NoteKind.check})

_CONTEXT_LABELS = {
    BlockKind.title: "title",
    BlockKind.heading: "heading",
    BlockKind.list_item: "list item",
    BlockKind.quote: "quotation",
}
_LABELS = frozenset(_CONTEXT_LABELS.values())


@dataclass(frozen=True, slots=True)
class Note:
    """One ``#.`` note: its kind (None for a note another tool or a person wrote) and its text, the
    prefix left off and wrapped lines joined with a space."""

    kind: NoteKind | None
    text: str

    @property
    def line(self) -> str:
        """The note as one line, prefix included, as it would read unwrapped."""
        return (self.kind.prefix if self.kind is not None else "") + self.text


def context_label(kind: BlockKind) -> str | None:
    """The context note a template writes on a segment of a ``kind`` block (None: plain paragraph)."""
    return _CONTEXT_LABELS.get(kind)


def kind_of(line: str) -> NoteKind | None:
    """The kind of one ``#.`` line (None: not a note of ours)."""
    if line in _LABELS:
        return NoteKind.context
    return next((kind for kind in _PREFIXED if line.startswith(kind.prefix)), None)


def note_lines(kind: NoteKind, text: str) -> list[str]:
    """``text`` as ``#.`` lines of ``kind`` that all start with its prefix.

    polib would wrap a long note into lines without the prefix, and a later run could then not tell
    them from other notes when it replaces its own; wrapping here keeps every line recognisable.
    """
    return textwrap.wrap(
        text,
        NOTE_WIDTH,
        initial_indent=kind.prefix,
        subsequent_indent=kind.prefix + CONTINUATION,
        break_long_words=True,
        break_on_hyphens=False,
    ) or [kind.prefix.rstrip()]


def replace_notes(entry: polib.POEntry, kind: NoteKind, texts: Iterable[str]) -> None:
    """Drop the entry's ``kind`` notes and add ``texts`` as new ones after the others.

    Other notes (the template's context, other stages', other tools') stay as they are, in order; a
    dropped note goes with the lines a PO writer wrapped it onto.
    """
    if kind is NoteKind.context:
        raise ValueError("context notes come from the template; merge_comments places them")
    lines = [
        line for note, raw in _grouped(entry.comment) if note is None or note.kind is not kind for line in raw
    ]
    for text in texts:
        lines.extend(note_lines(kind, text) if kind in _WRAPPED else [kind.prefix + text])
    entry.comment = "\n".join(lines)


def keep_notes(entry: polib.POEntry, keep: Callable[[Note], bool]) -> bool:
    """Drop the notes ``keep`` says no to, with all their lines; return whether any was dropped.

    Kept notes keep their lines exactly as they were, so a file whose notes all still hold keeps its
    bytes.
    """
    lines: list[str] = []
    dropped = False
    for note, raw in _grouped(entry.comment):
        if note is None or keep(note):
            lines.extend(raw)
        else:
            dropped = True
    if dropped:
        entry.comment = "\n".join(lines)
    return dropped


def relabel_notes(entry: polib.POEntry, old: NoteKind, new: NoteKind) -> None:
    """Make the entry's ``old`` notes ``new`` ones, where they stand: only the prefixes change, and a
    line a PO writer wrapped the note onto stays as it is."""
    if NoteKind.context in (old, new):
        raise ValueError("context notes come from the template; merge_comments places them")
    lines: list[str] = []
    for note, raw in _grouped(entry.comment):
        if note is None or note.kind is not old:
            lines.extend(raw)
            continue
        for line in raw:
            lines.append(new.prefix + line[len(old.prefix) :] if line.startswith(old.prefix) else line)
    entry.comment = "\n".join(lines)


def read_notes(entry: polib.POEntry) -> list[Note]:
    """The entry's ``#.`` notes, one per note, in order; blank lines are skipped.

    A long note is on several lines: ours continue with ``<prefix>… ``, and a PO writer (polib,
    msgcat, Poedit) wraps one onto lines without any prefix. Either way a continuation belongs to the
    note of ours before it and is joined to it with a space; a line after another tool's note, a
    context label, or a line that starts like one of our notes starts a note of its own.
    """
    return [note for note, _ in _grouped(entry.comment) if note is not None]


def _grouped(comment: str) -> list[tuple[Note | None, list[str]]]:
    """Each note of ``comment`` with the lines it is written on (None for a blank line)."""
    kinds: list[NoteKind | None] = []
    texts: list[str] = []
    raws: list[list[str]] = []
    order: list[int] = []  # for each group: its index in kinds and texts, -1 for a blank line
    last = -1  # the group of the latest note
    for line in comment.splitlines():
        if not line.strip():
            order.append(-1)
            raws.append([line])
            continue
        kind = kind_of(line)
        ours = kinds[-1] if kinds and kinds[-1] not in (None, NoteKind.context) else None
        if ours is not None and line.startswith(ours.prefix + CONTINUATION):
            texts[-1] += " " + line[len(ours.prefix) + len(CONTINUATION) :]
            raws[last].append(line)
        elif ours is not None and kind is None:
            texts[-1] += " " + line.strip()
            raws[last].append(line)
        else:
            kinds.append(kind)
            texts.append(line[len(kind.prefix) :] if kind is not None else line)
            order.append(len(kinds) - 1)
            raws.append([line])
            last = len(raws) - 1
    return [
        (None, raw) if index < 0 else (Note(kinds[index], texts[index]), raw)
        for index, raw in zip(order, raws, strict=True)
    ]
