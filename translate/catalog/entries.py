"""Catalog entries: identity, the states reviewers know (translated, fuzzy, reviewed), copies, counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polib

Key = tuple[str | None, str]
"""An entry's identity in gettext: (msgctxt, msgid)."""


@dataclass(frozen=True, slots=True)
class CatalogStats:
    """Entry counts of one catalog (obsolete entries excluded from the others)."""

    entries: int
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int

    @property
    def complete(self) -> bool:
        """Every entry translated and none fuzzy."""
        return self.translated == self.entries


def entry_key(entry: polib.POEntry) -> Key:
    """An entry's identity in gettext: msgctxt and msgid."""
    return (entry.msgctxt, entry.msgid)


def is_translated(entry: polib.POEntry) -> bool:
    """Has a translation (all plural forms filled), whether or not it is fuzzy.

    Unlike polib's ``translated()``, which also wants it not fuzzy: that is ``is_reviewed``.
    """
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def is_reviewed(entry: polib.POEntry) -> bool:
    """Translated and cleared by a reviewer (not fuzzy, not obsolete)."""
    return is_translated(entry) and not entry.fuzzy and not entry.obsolete


def copy_entry(entry: polib.POEntry) -> polib.POEntry:
    """A deep enough copy of an entry to edit without touching the original."""
    return polib.POEntry(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        msgid_plural=entry.msgid_plural,
        msgstr_plural=dict(entry.msgstr_plural),
        msgctxt=entry.msgctxt,
        comment=entry.comment,
        tcomment=entry.tcomment,
        occurrences=list(entry.occurrences),
        flags=list(entry.flags),
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        previous_msgctxt=entry.previous_msgctxt,
        obsolete=entry.obsolete,
    )


def catalog_stats(catalog: Iterable[polib.POEntry]) -> CatalogStats:
    """Count entries, reviewed translations, fuzzy and untranslated ones."""
    entries = translated = fuzzy = untranslated = obsolete = 0
    for entry in catalog:
        if entry.obsolete:
            obsolete += 1
            continue
        entries += 1
        if not is_translated(entry):
            untranslated += 1
        elif entry.fuzzy:
            fuzzy += 1
        else:
            translated += 1
    return CatalogStats(entries, translated, fuzzy, untranslated, obsolete)
