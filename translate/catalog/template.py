"""Gettext templates built from documents, and the headers of the per-language catalogs made from them."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import polib

from translate import __version__
from translate.catalog.entries import copy_entry
from translate.catalog.notes import context_label
from translate.catalog.pofile import WRAP_WIDTH
from translate.document.model import Document
from translate.languages import Language

GENERATOR = f"translate-desk {__version__}"
"""How the toolkit names itself, in the ``X-Generator`` header only (a program is not a translator)."""
LAST_TRANSLATOR_PLACEHOLDER = "FULL NAME <EMAIL@ADDRESS>"
"""gettext's ``Last-Translator`` of a catalog no person has saved yet (``msginit``, ``xgettext`` write it)."""
DATE_FORMAT = "%Y-%m-%d %H:%M%z"
TEMPLATE_DATES = ("POT-Creation-Date", "PO-Revision-Date")
CATALOG_DATES = ("PO-Revision-Date",)


def format_date(moment: dt.datetime) -> str:
    """A header timestamp as gettext writes it, ``2023-11-04 10:00+0000``."""
    return moment.astimezone(dt.UTC).strftime(DATE_FORMAT)


def occurrence_path(document: Document, root: Path) -> str:
    """The source path written in ``#:`` lines: relative to the project root when inside it."""
    try:
        return document.path.resolve().relative_to(root).as_posix()
    except ValueError:
        return os.path.relpath(document.path.resolve(), root)


def build_template(document: Document, root: Path, now: dt.datetime) -> polib.POFile:
    """The POT for ``document``: one entry per distinct sentence, in order of first occurrence."""
    template = polib.POFile(wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    template.header = f"Translation template for {document.doc_id}."
    template.metadata = _metadata(document.doc_id, None, now)
    source = occurrence_path(document, root)
    entries: dict[str, polib.POEntry] = {}
    for block, segment in document.segments():
        occurrence = (source, str(block.line))
        entry = entries.get(segment)
        if entry is None:
            entry = polib.POEntry(msgid=segment, msgstr="", occurrences=[occurrence])
            context = context_label(block.kind)
            if context:
                entry.comment = context
            entries[segment] = entry
            template.append(entry)
        elif occurrence not in entry.occurrences:
            entry.occurrences.append(occurrence)
    return template


def new_catalog(template: polib.POFile, language: Language, doc_id: str, now: dt.datetime) -> polib.POFile:
    """An empty PO catalog for ``language`` with the template's entries and the language's headers."""
    catalog = polib.POFile(wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    catalog.header = f"{language.english_name} translation of {doc_id}."
    catalog.metadata = _metadata(doc_id, language, now)
    catalog.metadata["POT-Creation-Date"] = template.metadata.get("POT-Creation-Date", format_date(now))
    for entry in template:
        catalog.append(copy_entry(entry))
    return catalog


def last_translator(metadata: dict[str, str]) -> str:
    """The person who last saved a catalog, or "" when its ``Last-Translator`` names no one: gettext's
    placeholder, or the toolkit itself (catalogs written before it kept to ``X-Generator``)."""
    name = metadata.get("Last-Translator", "").strip()
    return "" if name == LAST_TRANSLATOR_PLACEHOLDER or name.startswith("translate-desk ") else name


def language_headers(language: Language) -> dict[str, str]:
    """Headers that must be right for ``language`` in every catalog we write."""
    return {
        "Language-Team": language.english_name,
        "Language": language.value,
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": language.plural_forms,
    }


def _metadata(doc_id: str, language: Language | None, now: dt.datetime) -> dict[str, str]:
    stamp = format_date(now)
    metadata = {
        "Project-Id-Version": doc_id,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": stamp,
        "Last-Translator": LAST_TRANSLATOR_PLACEHOLDER,
        "Language-Team": "none",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if language is not None:
        metadata.update(language_headers(language))
    metadata["X-Generator"] = GENERATOR
    return metadata
