"""The batch job: documents → segments → POT → merged PO per language → machine suggestions → files."""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from translate.catalog.entries import CatalogStats, Key, catalog_stats, entry_key, is_translated
from translate.catalog.memory import TranslationMemory, prefill
from translate.catalog.merge import merge_catalog, set_required_headers
from translate.catalog.notes import Note, NoteKind, read_notes, relabel_notes, replace_notes
from translate.catalog.store import (
    Rebuild,
    Snapshot,
    catalog_bytes,
    read_snapshot,
    save_catalog,
    template_bytes,
)
from translate.catalog.template import build_template, language_headers, new_catalog
from translate.checks.checkers import annotate_entry, check_catalog, check_entry, count_results
from translate.diagnostics import Counts
from translate.document.model import Document
from translate.document.source import load_document
from translate.engine.cache import CachedTranslator, cache_key
from translate.engine.translator import Translation, Translator
from translate.errors import CatalogError, DocumentError, ToolkitError
from translate.fileio import atomic_write_bytes, locked
from translate.glossary.enforce import enforce, wrap_translators
from translate.glossary.termbase import TermBase
from translate.glossary.tomlfile import load_project_termbase
from translate.languages import Language
from translate.project import Project

MT_CHUNK = 256
"""Segments per engine call: many CTranslate2 batches, so each call runs at full batched speed."""

ProgressCallback = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while a run works."""


@dataclass(frozen=True, slots=True)
class CatalogResult:
    """What a run did to one catalog."""

    doc_id: str
    language: Language
    path: Path
    stats: CatalogStats
    written: bool
    machine_translated: int
    from_memory: int = 0
    conflict: bool = False  # a reviewer kept saving the file during the run; their version was kept
    # The written catalog's check findings, as `translate check` counts them.
    counts: Counts = field(default_factory=Counts)

    @property
    def serious(self) -> int:
        """How many serious check findings the catalog has."""
        return self.counts.serious


@dataclass(frozen=True, slots=True)
class Fill:
    """What an automatic fill (TM or MT, with its notes) put into an untranslated entry, kept as a value
    so it can be put again into a reviewer's version of the file saved during the run."""

    msgstr: str
    msgstr_plural: tuple[tuple[int, str], ...]
    comment: str
    fuzzy: bool

    @classmethod
    def of(cls, entry: polib.POEntry) -> Fill:
        """The fill an entry holds now."""
        return cls(entry.msgstr, tuple(entry.msgstr_plural.items()), entry.comment, entry.fuzzy)


@dataclass(frozen=True, slots=True)
class RunReport:
    """The outcome of ``run``: templates, per-catalog results, and languages left without an engine."""

    templates: tuple[Path, ...]
    catalogs: tuple[CatalogResult, ...]
    missing_engines: tuple[tuple[Language, str], ...]


def collect_sources(project: Project, sources: Sequence[Path]) -> list[Path]:
    """The source files of a run: those given, or every file in ``seeds/``."""
    if sources:
        # A file named twice (``a.txt ./a.txt``, a shell glob overlapping a name) is one document.
        unique: dict[Path, Path] = {}
        for path in sources:
            unique.setdefault(path.resolve(), path)
        return list(unique.values())
    found = project.source_files()
    if not found:
        raise DocumentError(
            "no source documents found; add .txt or .md files or name them on the command line",
            path=project.seeds_dir,
        )
    return found


def load_documents(paths: Sequence[Path]) -> list[Document]:
    """Parse every source before anything is written, refusing two sources with one document id."""
    documents: list[Document] = []
    seen: dict[str, Path] = {}
    for path in paths:
        document = load_document(path)
        if document.doc_id in seen:
            raise DocumentError(
                f"has the same document id {document.doc_id!r} as {seen[document.doc_id]}; rename one",
                path=path,
            )
        seen[document.doc_id] = path
        documents.append(document)
    return documents


def run(
    project: Project,
    sources: Sequence[Path],
    languages: Sequence[Language],
    translators: Mapping[Language, Translator],
    missing_engines: Mapping[Language, str] | None = None,
    *,
    now: dt.datetime | None = None,
    progress: ProgressCallback | None = None,
    trust_exact: bool = False,
) -> RunReport:
    """Write the POT of every source and the PO of every language, filling untranslated entries by MT.

    Existing translations are never replaced; machine output goes in as fuzzy with a ``#.`` note naming
    its origin. A language with no translator still gets its catalog, left untranslated.

    A run that fails writes nothing: every folder it writes into is checked first, every template and
    catalog of every language is read (and a broken one refused), merged, filled and checked as the
    reader would read it before the first file is written.
    """
    now = now or dt.datetime.now(dt.UTC)
    documents = load_documents(collect_sources(project, sources))
    # Machine output goes through the term base (approved renderings, inflected); what stays
    # non-compliant keeps a `#.` note saying which term and why, and the entry stays fuzzy. The term
    # base also re-checks every translation, so the notes say what holds of the text as it is now.
    termbase = load_project_termbase(project.glossary_dir)
    engines = dict(translators)
    if termbase is not None:
        translators = wrap_translators(engines, termbase)
    templates = {document.doc_id: build_template(document, project.root, now) for document in documents}
    template_paths = {doc_id: project.template_path(doc_id) for doc_id in templates}
    catalog_paths = {
        (language, doc_id): project.catalog_path(language, doc_id)
        for language in languages
        for doc_id in templates
    }
    targets = [*template_paths.values(), *catalog_paths.values()]
    check_writable(project.locales_dir, *sorted({path.parent for path in targets}))
    with contextlib.ExitStack() as stack:
        # Every file of the run is locked, in one fixed order (so two runs cannot deadlock), for the
        # whole read-merge-translate-write.
        for path in sorted(targets):
            stack.enter_context(locked(path))
        template_data = {
            doc_id: template_bytes(template_paths[doc_id], template, now)
            for doc_id, template in templates.items()
        }
        snapshots = {key: read_snapshot(path) for key, path in catalog_paths.items()}
        memory = stack.enter_context(TranslationMemory.at(project.state_dir))
        pending: list[_Pending] = []
        for language in languages:
            pending.extend(
                _prepare_language(
                    documents,
                    templates,
                    {document.doc_id: snapshots[language, document.doc_id] for document in documents},
                    language,
                    translators.get(language),
                    _Recorded(engines.get(language), termbase, language),
                    termbase,
                    memory,
                    now,
                    progress,
                    trust_exact,
                )
            )
        for item in pending:
            catalog_bytes(item.snapshot, item.catalog, now)  # refuses what could not be read back
        # Everything is read, merged and checked: now the files are written.
        for doc_id, data in template_data.items():
            if data is not None:
                atomic_write_bytes(template_paths[doc_id], data, error=CatalogError)
        results = [item.save(now) for item in pending]
    missing = tuple(
        (lang, (missing_engines or {}).get(lang, "")) for lang in languages if lang not in translators
    )
    return RunReport(tuple(template_paths.values()), tuple(results), missing)


@dataclass(slots=True)
class _Pending:
    """One catalog of a run, merged and filled, waiting to be written once every other one is ready."""

    doc_id: str
    language: Language
    snapshot: Snapshot
    catalog: polib.POFile
    rebuild: Rebuild
    machine_translated: int
    from_memory: int
    termbase: TermBase | None = None

    def save(self, now: dt.datetime) -> CatalogResult:
        """Write the catalog (merging into a reviewer's save made meanwhile) and say what happened."""
        outcome = save_catalog(self.snapshot, self.catalog, self.rebuild, now)
        return CatalogResult(
            self.doc_id,
            self.language,
            self.snapshot.path,
            catalog_stats(outcome.catalog),
            outcome.written,
            self.machine_translated,
            from_memory=self.from_memory,
            conflict=outcome.conflict,
            counts=count_results(check_catalog(outcome.catalog, self.language, self.termbase)),
        )


def _prepare_language(
    documents: Sequence[Document],
    templates: Mapping[str, polib.POFile],
    snapshots: Mapping[str, Snapshot],
    language: Language,
    translator: Translator | None,
    recorded: _Recorded,
    termbase: TermBase | None,
    memory: TranslationMemory,
    now: dt.datetime,
    progress: ProgressCallback | None,
    trust_exact: bool,
) -> list[_Pending]:
    """Merge, fill from memory and engine, and check every catalog of ``language``; write nothing."""
    for doc_id, snapshot in snapshots.items():
        if snapshot.catalog is not None:
            # Reviewed translations feed the memory before anything is filled from it.
            memory.learn(snapshot.catalog, language, doc_id)
    merged = {
        document.doc_id: _merge_into(
            snapshots[document.doc_id].catalog, templates[document.doc_id], language, document.doc_id, now
        )
        for document in documents
    }
    from_memory = {
        doc_id: prefill(catalog, language, memory, trust_exact=trust_exact)
        for doc_id, catalog in merged.items()
    }
    by_engine = _machine_translate(merged, translator, language, progress)
    # One sentence in two documents is one key: the later document's fill is the one carried.
    fills: dict[Key, Fill] = {}
    for doc_id, catalog in merged.items():
        for entry in catalog:
            key = entry_key(entry)
            if key in from_memory[doc_id] or key in by_engine[doc_id]:
                annotate_entry(entry, check_entry(entry, language, termbase))
                fills[key] = Fill.of(entry)
            elif _left_out(entry):
                fills[key] = Fill.of(entry)  # the engine's reason goes into a reviewer's save too
        refresh_notes(catalog, language, termbase, recorded, skip=fills.keys())
    pending: list[_Pending] = []
    for document in documents:
        template = templates[document.doc_id]

        def rebuild(
            current: polib.POFile | None, template: polib.POFile = template, doc_id: str = document.doc_id
        ) -> polib.POFile:
            # A reviewer saved the file while we worked: merge again into their version and put
            # our fills only where it is still untranslated.
            catalog = _merge_into(current, template, language, doc_id, now)
            refresh_notes(catalog, language, termbase, recorded, skip=carry_fills(catalog, fills))
            return catalog

        pending.append(
            _Pending(
                document.doc_id,
                language,
                snapshots[document.doc_id],
                merged[document.doc_id],
                rebuild,
                len(by_engine[document.doc_id]),
                len(from_memory[document.doc_id]),
                termbase,
            )
        )
    return pending


def _merge_into(
    old: polib.POFile | None, template: polib.POFile, language: Language, doc_id: str, now: dt.datetime
) -> polib.POFile:
    """The catalog to write: ``old`` merged with the template, or a new one."""
    if old is None:
        return new_catalog(template, language, doc_id, now)
    catalog = merge_catalog(old, template)
    catalog.metadata["POT-Creation-Date"] = template.metadata.get("POT-Creation-Date", "")
    set_required_headers(catalog.metadata, language_headers(language))
    return catalog


def _machine_translate(
    catalogs: Mapping[str, polib.POFile],
    translator: Translator | None,
    language: Language,
    progress: ProgressCallback | None,
) -> dict[str, set[Key]]:
    """Fill every untranslated entry of ``catalogs`` by batched engine calls; return the filled keys of
    each catalog."""
    filled: dict[str, set[Key]] = {doc_id: set() for doc_id in catalogs}
    entries = [
        (doc_id, entry)
        for doc_id, catalog in catalogs.items()
        for entry in catalog
        if not entry.obsolete and not entry.msgid_plural and not is_translated(entry)
    ]
    if translator is None or not entries:
        return filled
    pending = list(dict.fromkeys(entry.msgid for _, entry in entries))
    stage = f"translating into {language.value}"
    by_msgid: dict[str, Translation] = {}
    # Chunks of many engine batches each: throughput stays that of one big call, the progress bar
    # moves, and a cache behind the translator keeps what finished if the run is interrupted.
    for start in range(0, len(pending), MT_CHUNK):
        if progress:
            progress(stage, start, len(pending))
        chunk = pending[start : start + MT_CHUNK]
        translations = translator.translate_batch(chunk)
        if len(translations) != len(chunk):
            raise ToolkitError(
                f"engine {translator.name} returned {len(translations)} results for {len(chunk)} segments"
            )
        by_msgid.update(zip(chunk, translations, strict=True))
    # An empty suggestion is a segment the engine could not translate (too long for the model): the
    # entry stays untranslated rather than becoming a fuzzy empty string, with the engine's reason.
    for doc_id, entry in entries:
        if by_msgid[entry.msgid].text:
            apply_suggestion(entry, by_msgid[entry.msgid])
            filled[doc_id].add(entry_key(entry))
        else:
            note_left_out(entry, by_msgid[entry.msgid])
    if progress:
        progress(stage, len(pending), len(pending))
    return filled


def apply_suggestion(entry: polib.POEntry, suggestion: Translation) -> None:
    """Put a machine suggestion into an untranslated entry: fuzzy, with its origin and notes as ``#.``."""
    entry.msgstr = suggestion.text
    entry.fuzzy = True
    for stale in (NoteKind.edited_machine_translation, NoteKind.not_machine_translated):
        replace_notes(entry, stale, ())
    replace_notes(entry, NoteKind.machine_translation, [suggestion.origin])
    _add_engine_notes(entry, suggestion)


def note_left_out(entry: polib.POEntry, suggestion: Translation) -> None:
    """Say on an entry the engine left untranslated why it did (its notes: the sentence is too long for
    the model), replacing what an earlier run said; the entry stays untranslated."""
    if not suggestion.notes:
        return
    replace_notes(entry, NoteKind.not_machine_translated, ())
    _add_engine_notes(entry, suggestion)


def _add_engine_notes(entry: polib.POEntry, suggestion: Translation) -> None:
    # The engine's own notes (the glossary wrapper's) are whole lines already; each is added once,
    # compared as read back (a PO writer may have wrapped the one already there).
    said = {note.line for note in read_notes(entry)}
    lines = entry.comment.splitlines()
    lines.extend(note for note in suggestion.notes if note not in said)
    entry.comment = "\n".join(lines)


def _left_out(entry: polib.POEntry) -> bool:
    return not is_translated(entry) and any(
        note.kind is NoteKind.not_machine_translated for note in read_notes(entry)
    )


def carry_fills(catalog: polib.POFile, fills: Mapping[Key, Fill]) -> set[Key]:
    """Put the fills computed earlier into the still untranslated entries of ``catalog``; return the
    keys of the entries filled."""
    carried: set[Key] = set()
    for entry in catalog:
        fill = fills.get(entry_key(entry))
        if fill is None or entry.obsolete or is_translated(entry):
            continue
        entry.msgstr = fill.msgstr
        entry.msgstr_plural = dict(fill.msgstr_plural)
        entry.comment = fill.comment
        if fill.fuzzy:
            entry.fuzzy = True
        carried.add(entry_key(entry))
    return carried


@dataclass(frozen=True, slots=True)
class Suggested:
    """What the engine suggested for one sentence, as the MT cache still holds it: the origin its note
    names and the texts that count as unchanged (the model's, and the model's after glossary
    enforcement, which is what went into the catalog)."""

    origin: str
    texts: frozenset[str]


@dataclass(slots=True)
class _Recorded:
    """The MT cache of a run's engine for one language, read only (the engine is never called)."""

    engine: Translator | None
    termbase: TermBase | None
    language: Language
    _found: dict[str, Suggested | None] = field(default_factory=dict)

    def lookup(self, msgids: Sequence[str]) -> None:
        """Read what the cache holds for ``msgids`` (one query for all)."""
        engine = self.engine
        wanted = [msgid for msgid in dict.fromkeys(msgids) if msgid not in self._found]
        if not isinstance(engine, CachedTranslator) or not wanted:
            return
        keys = {cache_key(engine.identity, msgid): msgid for msgid in wanted}
        found = engine.cache.get_many(keys)
        for key, msgid in keys.items():
            item = found.get(key)
            self._found[msgid] = None if item is None else self._suggested(msgid, item)

    def get(self, msgid: str) -> Suggested | None:
        """The suggestion recorded for ``msgid`` (None: not known, so nothing can be said)."""
        self.lookup([msgid])
        return self._found.get(msgid)

    def _suggested(self, msgid: str, item: Translation) -> Suggested:
        texts = {item.text}
        if self.termbase is not None:
            texts.add(enforce(self.termbase, self.language, msgid, item.text).text)
        return Suggested(item.origin, frozenset(texts))


_ORIGIN_NOTES = (NoteKind.machine_translation, NoteKind.edited_machine_translation)


def refresh_notes(
    catalog: Iterable[polib.POEntry],
    language: Language,
    termbase: TermBase | None,
    recorded: _Recorded,
    *,
    skip: Collection[Key] = (),
) -> None:
    """Make the run's own ``#.`` notes on every entry (except those ``skip`` names, filled by this run)
    say what holds of its msgstr as it is now.

    Check and glossary notes are redone from the current text (``annotate_entry``). An entry whose
    ``machine translation:`` note names the origin the MT cache still holds for its msgid is relabelled
    ``edited after machine translation:`` when its msgstr is no longer what the engine suggested (and
    back when it is again); when the cache does not hold it, nothing can be told and the note stays.
    The msgstr, flags and translator comments are never touched.
    """
    entries = [entry for entry in catalog if not entry.obsolete and entry_key(entry) not in skip]
    origin_noted = [
        entry
        for entry in entries
        if is_translated(entry) and not entry.msgid_plural and _origin_note(entry) is not None
    ]
    recorded.lookup([entry.msgid for entry in origin_noted])
    for entry in entries:
        if entry.msgid:
            annotate_entry(entry, check_entry(entry, language, termbase))
    for entry in origin_noted:
        note = _origin_note(entry)
        suggested = recorded.get(entry.msgid)
        if note is None or note.kind is None or suggested is None:
            continue
        if _spaced(note.text) != _spaced(suggested.origin):
            continue  # the note names another model than the one the cache answers for
        honest = (
            NoteKind.machine_translation
            if entry.msgstr in suggested.texts
            else NoteKind.edited_machine_translation
        )
        if note.kind is not honest:
            relabel_notes(entry, note.kind, honest)


def _origin_note(entry: polib.POEntry) -> Note | None:
    """The entry's one machine-translation origin note (None: none, or several, which says nothing)."""
    notes = [note for note in read_notes(entry) if note.kind in _ORIGIN_NOTES]
    return notes[0] if len(notes) == 1 else None


def _spaced(text: str) -> str:
    return " ".join(text.split())


def check_writable(*folders: Path) -> None:
    """Refuse before anything is written when any of ``folders`` (or its nearest existing parent) can't
    take files: a run that would fail on its third catalog must not have written the first two."""
    for folder in folders:
        probe = folder
        while not probe.exists() and probe.parent != probe:
            probe = probe.parent
        if not probe.is_dir():
            raise ToolkitError(
                "exists but is not a folder; move it away so catalogs can be written", path=probe
            )
        try:
            with tempfile.TemporaryFile(dir=probe):
                pass
        except OSError as exc:
            raise ToolkitError(
                f"is not writable ({exc.strerror}); fix its permissions or run from a project you can "
                "write to",
                path=probe,
            ) from None
