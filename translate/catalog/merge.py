"""Merging a fresh template into an existing catalog the way ``msgmerge --previous`` does, losing nothing."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import polib
from rapidfuzz import fuzz, process

from translate.catalog.entries import Key, copy_entry, entry_key, is_reviewed, is_translated
from translate.catalog.notes import NoteKind, kind_of, replace_notes

FUZZY_THRESHOLD = 60.0
"""Similarity (0-100) from which an old translation is offered for a changed sentence.

rapidfuzz's ``fuzz.ratio`` is 2·LCS/(len₁+len₂), the measure gettext's ``fstrcmp`` computes, and
msgmerge's threshold is 0.6; the same cut-off makes our fuzzy matches the ones reviewers know.
"""


def merge_catalog(
    existing: polib.POFile, template: polib.POFile, *, threshold: float = FUZZY_THRESHOLD
) -> polib.POFile:
    """Bring ``existing`` up to date with ``template`` without losing any translator's work.

    - An entry whose sentence is still in the template is kept; a reviewed one (translated, not fuzzy)
      exactly as it was apart from its ``#:`` occurrences.
    - An obsolete ``#~`` entry whose sentence is back is revived as it was.
    - A new sentence close enough (``threshold``) to a translated old one starts from that translation,
      marked fuzzy with the old msgid as ``#|`` (kept from the old entry if it already had one).
    - A translated entry whose sentence is gone becomes obsolete ``#~``, even when its translation
      was also offered to a changed sentence, so it comes back intact if the sentence returns.
    - Untranslated entries whose sentence is gone are dropped, unless a translator commented on them.

    Active entries follow the template's order; obsolete entries follow, in the old file's order.
    The header, header comment and every unknown header field are kept.
    """
    merged = polib.POFile(wrapwidth=existing.wrapwidth, check_for_duplicates=False)
    merged.header = existing.header
    merged.metadata = dict(existing.metadata)
    merged.metadata_is_fuzzy = existing.metadata_is_fuzzy
    active = {entry_key(entry): entry for entry in existing if not entry.obsolete}
    retired = {entry_key(entry): entry for entry in existing if entry.obsolete}
    candidates = [entry for entry in existing if is_translated(entry) and entry.msgid]
    choices = [entry.msgid for entry in candidates]
    matched: set[Key] = set()
    for fresh in template:
        key = entry_key(fresh)
        old = active.get(key) or retired.get(key)
        if old is not None:
            matched.add(key)
            merged.append(_carry_over(old, fresh))
            continue
        source = _closest(fresh, candidates, choices, threshold)
        merged.append(_new_entry(fresh) if source is None else _fuzzy_from(source, fresh))
    for old in existing:
        if entry_key(old) in matched:
            continue
        if old.obsolete:
            merged.append(copy_entry(old))
        elif is_translated(old) or old.tcomment:
            gone = copy_entry(old)
            gone.obsolete = True
            merged.append(gone)
    return merged


def _carry_over(old: polib.POEntry, fresh: polib.POEntry) -> polib.POEntry:
    """The old entry for a sentence still in the source: everything kept, occurrences refreshed."""
    entry = copy_entry(old)
    entry.occurrences = list(fresh.occurrences)
    if not (is_reviewed(old) and not old.obsolete):
        entry.comment = merge_comments(fresh.comment, old.comment)
    entry.obsolete = False
    return entry


def _new_entry(fresh: polib.POEntry) -> polib.POEntry:
    entry = copy_entry(fresh)
    entry.msgstr = ""
    entry.msgstr_plural = {}
    return entry


def _fuzzy_from(source: polib.POEntry, fresh: polib.POEntry) -> polib.POEntry:
    """A changed sentence starting from the translation of a close old one, marked for review."""
    entry = copy_entry(fresh)
    entry.msgstr = source.msgstr
    if fresh.msgid_plural and source.msgid_plural:
        entry.msgstr_plural = dict(source.msgstr_plural)
    entry.tcomment = source.tcomment
    entry.comment = merge_comments(fresh.comment, source.comment)
    # Check findings describe the old msgid/msgstr pair; ``translate check`` writes fresh ones.
    replace_notes(entry, NoteKind.check, ())
    # Unknown flags a tool or reviewer put there stay (msgmerge keeps only format flags).
    entry.flags = [flag for flag in source.flags if flag != "fuzzy"]
    entry.fuzzy = True
    was_fuzzy_with_previous = source.fuzzy and source.previous_msgid is not None
    if was_fuzzy_with_previous:
        entry.previous_msgctxt = source.previous_msgctxt
        entry.previous_msgid = source.previous_msgid
        entry.previous_msgid_plural = source.previous_msgid_plural
    else:
        entry.previous_msgctxt = source.msgctxt
        entry.previous_msgid = source.msgid
        entry.previous_msgid_plural = source.msgid_plural or None
    entry.obsolete = False
    return entry


def _closest(
    fresh: polib.POEntry, candidates: list[polib.POEntry], choices: list[str], threshold: float
) -> polib.POEntry | None:
    """The most similar translated old entry in the same context, if any reaches ``threshold``."""
    if not choices:
        return None
    best = process.extractOne(fresh.msgid, choices, scorer=fuzz.ratio, score_cutoff=threshold)
    if best is None:
        return None
    found = candidates[best[2]]
    if found.msgctxt != fresh.msgctxt:
        same_context = [i for i, entry in enumerate(candidates) if entry.msgctxt == fresh.msgctxt]
        best = process.extractOne(
            fresh.msgid, [choices[i] for i in same_context], scorer=fuzz.ratio, score_cutoff=threshold
        )
        return None if best is None else candidates[same_context[best[2]]]
    return found


_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_CHARSET = re.compile(r"charset\s*=\s*([^\s;]+)", re.IGNORECASE)


def set_required_headers(metadata: dict[str, str], required: Mapping[str, str]) -> None:
    """Set the header fields a catalog needs, keeping a reviewer's or editor's own equivalent values.

    Poedit and Weblate write their own ``Language-Team``, ``Language: ru_RU``, ``charset=utf-8`` or
    another spelling of the same plural rule; resetting those on every run would rewrite a file that
    has nothing else to change and undo the editor's choice on each save.
    """
    for name, wanted in required.items():
        current = metadata.get(name, "").strip()
        if not current or not _equivalent_header(name, current, wanted):
            metadata[name] = wanted


def _equivalent_header(name: str, current: str, wanted: str) -> bool:
    if name == "Language-Team":
        return True  # any team name the editor keeps is the desk's business
    if name == "Language":
        return _language_base(current) == _language_base(wanted)
    if name == "Plural-Forms":
        found, needed = _NPLURALS.search(current), _NPLURALS.search(wanted)
        return found is not None and needed is not None and found.group(1) == needed.group(1)
    if name == "Content-Type":
        found, needed = _CHARSET.search(current), _CHARSET.search(wanted)
        return (
            found is not None
            and needed is not None
            and found.group(1).lower().replace("-", "") == needed.group(1).lower().replace("-", "")
        )
    return current.lower() == wanted.lower()


def _language_base(code: str) -> str:
    return code.replace("-", "_").split("_")[0].split("@")[0].lower()


def merge_comments(template_comment: str, old_comment: str) -> str:
    """The template's context labels first, then the old notes (provenance, findings, suggestions)."""
    context = [line for line in template_comment.splitlines() if line]
    # Old lines are kept as they are, repeats included: two wrapped notes can share a line.
    notes = [line for line in _notes(old_comment.splitlines()) if line not in context]
    return "\n".join(context + notes)


def _notes(lines: Iterable[str]) -> Iterable[str]:
    return (line for line in lines if line and kind_of(line) is not NoteKind.context)
