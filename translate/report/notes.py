"""An entry's ``#.`` notes as the report shows them: provenance as a badge, the rest listed under a cell."""

from __future__ import annotations

from collections.abc import Iterable

import polib

from translate.catalog.entries import is_translated
from translate.catalog.notes import Note, NoteKind, read_notes

# Notes that say where a translation came from: the pipeline writes the first, the memory the second.
_PROVENANCE = {NoteKind.machine_translation: "MT", NoteKind.memory: "TM"}


def provenance(entry: polib.POEntry, notes: Iterable[Note]) -> tuple[str, str]:
    """(who produced the text, the note's detail): MT, TM, or a human; "reviewed" when the flag is off."""
    source, origin = "", ""
    for note in notes:
        if note.kind in _PROVENANCE:
            source, origin = _PROVENANCE[note.kind], note.text.strip()
    if not is_translated(entry):
        return "", ""
    if entry.fuzzy:
        return (source or "unreviewed", origin)
    return (f"{source} → reviewed" if source else "reviewer", origin)


def other_notes(notes: Iterable[Note], *, live_findings: bool) -> tuple[str, ...]:
    """The notes the report lists under a cell: not the block kind, not provenance (shown as a badge),
    and, when the report runs the checks itself (``live_findings``), not what an earlier check or
    glossary enforcement noted, since the live findings replace it."""
    return tuple(
        note.line
        for note in notes
        if note.kind is not NoteKind.context
        and note.kind not in _PROVENANCE
        and not (live_findings and note.kind in (NoteKind.check, NoteKind.glossary))
    )


def entry_notes(entry: polib.POEntry) -> tuple[Note, ...]:
    """The entry's notes, one per note however a PO writer wrapped them."""
    return tuple(read_notes(entry))
