"""An entry's ``#.`` notes as the report reads them: joined again, sorted into provenance and the rest."""

from __future__ import annotations

from collections.abc import Iterable

import polib

from translate.catalog.memory import MEMORY_NOTE_PREFIX, SUGGESTION_NOTE_PREFIX
from translate.catalog.template import is_translated
from translate.checks.checkers import NOTE_PREFIX as CHECK_NOTE_PREFIX
from translate.glossary.enforce import NOTE_PREFIX as GLOSSARY_NOTE_PREFIX
from translate.pipeline import MT_NOTE_PREFIX

# ``#.`` notes that say where a translation came from: the pipeline writes the first, the translation
# memory the others.
_PROVENANCE_NOTES: tuple[tuple[str, str], ...] = ((MT_NOTE_PREFIX, "MT"), (MEMORY_NOTE_PREFIX, "TM"))

# The block kind the template notes on each entry: the report shows it in its own column, not as a note.
_CONTEXT_NOTES = frozenset({"title", "heading", "list item", "quotation"})

_OUR_NOTE_PREFIXES = (
    CHECK_NOTE_PREFIX,
    GLOSSARY_NOTE_PREFIX,
    MT_NOTE_PREFIX,
    MEMORY_NOTE_PREFIX,
    SUGGESTION_NOTE_PREFIX,
)


def joined_notes(comment: str) -> tuple[str, ...]:
    """An entry's ``#.`` notes, one per note: the lines a PO writer wrapped are joined again.

    A PO writer (polib, msgcat, Poedit) wraps a long note onto lines that lose its prefix, and our own
    wrapped notes continue with ``<prefix>… ``; either way a continuation belongs to the note before
    it, and would otherwise show as a note of its own.
    """
    notes: list[str] = []
    for line in comment.splitlines():
        if not line.strip():
            continue
        previous = notes[-1] if notes else ""
        ours = next((prefix for prefix in _OUR_NOTE_PREFIXES if previous.startswith(prefix)), None)
        if ours is not None and line.startswith(ours + "… "):
            notes[-1] = f"{previous} {line[len(ours) + 2 :]}"
        elif ours is not None and not line.startswith(_OUR_NOTE_PREFIXES) and line not in _CONTEXT_NOTES:
            notes[-1] = f"{previous} {line.strip()}"
        else:
            notes.append(line)
    return tuple(notes)


def provenance(entry: polib.POEntry, notes: Iterable[str]) -> tuple[str, str]:
    """(who produced the text, the note's detail): MT, TM, or a human; "reviewed" when the flag is off."""
    source, origin = "", ""
    for note in notes:
        for prefix, label in _PROVENANCE_NOTES:
            if note.startswith(prefix):
                source, origin = label, note[len(prefix) :].strip()
    if not is_translated(entry):
        return "", ""
    if "fuzzy" in entry.flags:
        return (source or "unreviewed", origin)
    return (f"{source} → reviewed" if source else "reviewer", origin)


def other_notes(notes: Iterable[str], *, live_findings: bool) -> tuple[str, ...]:
    """The notes the report lists under a cell: not the block kind, not provenance (shown as a badge),
    and, when the report runs the checks itself (``live_findings``), not what an earlier check or
    glossary enforcement noted, since the live findings replace it."""
    return tuple(
        note
        for note in notes
        if note not in _CONTEXT_NOTES
        and not (live_findings and note.startswith((CHECK_NOTE_PREFIX, GLOSSARY_NOTE_PREFIX)))
        and not any(note.startswith(p) for p, _ in _PROVENANCE_NOTES)
    )
