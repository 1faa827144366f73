"""Merging a fresh template into an existing catalog without losing a translator's work."""

from __future__ import annotations

import polib

from translate.catalog import copy_entry


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def merge_catalog(existing: polib.POFile, template: polib.POFile) -> polib.POFile:
    """Bring ``existing`` up to date with ``template``, keeping every translation.

    Entries still in the template keep msgstr, flags and comments (occurrences and extracted comments
    come from the template); entries no longer in it become obsolete; new ones are added untranslated.
    """
    merged = polib.POFile(wrapwidth=existing.wrapwidth, check_for_duplicates=False)
    merged.header = existing.header
    merged.metadata = dict(existing.metadata)
    old = {_key(entry): entry for entry in existing if not entry.obsolete}
    obsolete = {_key(entry): entry for entry in existing if entry.obsolete}
    seen: set[tuple[str | None, str]] = set()
    for fresh in template:
        key = _key(fresh)
        seen.add(key)
        previous = old.get(key) or obsolete.get(key)
        if previous is None:
            merged.append(copy_entry(fresh))
            continue
        entry = copy_entry(previous)
        entry.obsolete = False
        entry.occurrences = list(fresh.occurrences)
        entry.comment = _merge_comments(fresh.comment, previous.comment)
        merged.append(entry)
    for key, entry in old.items():
        if key not in seen:
            gone = copy_entry(entry)
            gone.obsolete = True
            merged.append(gone)
    for key, entry in obsolete.items():
        if key not in seen:
            merged.append(copy_entry(entry))
    return merged


def _merge_comments(template_comment: str, old_comment: str) -> str:
    """Template context first, then the notes we added earlier (provenance, findings)."""
    lines = [line for line in template_comment.splitlines() if line]
    for line in old_comment.splitlines():
        if line and line not in lines:
            lines.append(line)
    return "\n".join(lines)
