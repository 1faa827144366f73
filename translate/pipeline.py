"""The batch job: documents → segments → POT → merged PO per language → machine suggestions → files."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import resource
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from translate import __version__
from translate.catalog.entries import CatalogStats, Key, catalog_stats, entry_key, is_translated
from translate.catalog.memory import TranslationMemory, prefill
from translate.catalog.merge import merge_catalog, set_required_headers
from translate.catalog.notes import Note, NoteKind, read_notes, relabel_notes, replace_notes
from translate.catalog.state import CatalogRecord, RunState, bytes_digest, combined_digest
from translate.catalog.store import (
    Rebuild,
    SaveOutcome,
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
from translate.document.source import check_source, claim_document_id, load_document
from translate.engine.cache import CachedTranslator, cache_key
from translate.engine.translator import Decoder, Translation, Translator
from translate.errors import CatalogError, DocumentError, ToolkitError
from translate.fileio import Temporaries, atomic_write_bytes, locked, refuse_link
from translate.glossary.enforce import enforce, wrap_translators
from translate.glossary.termbase import TermBase
from translate.glossary.tomlfile import load_project_termbase
from translate.languages import Language
from translate.project import CONFIG_FILE, Project

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
    # Nothing it depends on changed since the run state recorded it: not read, counts from the record.
    skipped: bool = False

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
        claim_document_id(seen, document.doc_id, path)
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
    catalog it redoes is read (and a broken one refused), merged, filled and checked as the reader
    would read it before the first file is written.

    A catalog whose source, template, own bytes, term base, model, settings and (when it has entries
    the memory could fill) translation memory are all as the run state (``translate.catalog.state``)
    recorded them after an earlier run is skipped: that run would do nothing to it. It is not read,
    and its row in the report comes from the record.
    """
    now = now or dt.datetime.now(dt.UTC)
    paths = _document_paths(collect_sources(project, sources))
    engines = dict(translators)
    refuse_link(project.state_dir)  # the run state and memory are opened before any lock is taken
    with contextlib.ExitStack() as stack:
        state = stack.enter_context(RunState.at(project.state_dir))
        memory = stack.enter_context(TranslationMemory.at(project.state_dir))
        plan = _plan(project, paths, languages, engines, state, memory, trust_exact)
        results: dict[tuple[Language, str], CatalogResult] = {}
        for part in _batches(plan, paths, _lock_budget()):
            # The files it redoes stay locked until the state says what they now hold.
            with contextlib.ExitStack() as locks:
                results |= _redo(
                    project, paths, languages, engines, part, state, memory, locks, now, progress, trust_exact
                )
                state.commit()
        for language in languages:
            state.put_memory_mark(language, memory.fingerprint(language))
        state.commit()
    catalogs = tuple(
        results.get((language, doc_id)) or _recorded_result(project, state, language, doc_id)
        for language in languages
        for doc_id in paths
    )
    missing = tuple(
        (lang, (missing_engines or {}).get(lang, "")) for lang in languages if lang not in translators
    )
    return RunReport(tuple(project.template_path(doc_id) for doc_id in paths), catalogs, missing)


def _document_paths(paths: Sequence[Path]) -> dict[str, Path]:
    """Every source's document id, refusing a source that cannot be read (before anything is opened or
    written; nothing is parsed here) and two sources with one id."""
    found: dict[str, Path] = {}
    for path in paths:
        doc_id = check_source(path)
        if doc_id in found:
            raise DocumentError(
                f"has the same document id {doc_id!r} as {found[doc_id]}; rename one", path=path
            )
        found[doc_id] = path
    return found


@dataclass(slots=True)
class _Plan:
    """What a run redoes, per language: the catalogs some input of changed (``redo``), and those that
    depend only on the translation memory changing (``maybe``: redone if learning the others changed
    it). ``inputs`` and ``marks`` are each language's inputs hash and memory fingerprint at the start;
    ``sources`` the source hashes taken before anything was parsed."""

    redo: dict[Language, list[str]]
    maybe: dict[Language, list[str]]
    inputs: dict[Language, str]
    marks: dict[Language, str]
    sources: dict[str, str | None]


def _plan(
    project: Project,
    paths: Mapping[str, Path],
    languages: Sequence[Language],
    engines: Mapping[Language, Translator],
    state: RunState,
    memory: TranslationMemory,
    trust_exact: bool,
) -> _Plan:
    """Compare every catalog of the run with its record in the run state."""
    settings = {
        "toolkit": __version__,
        "trust_exact": trust_exact,
        "settings": state.digest(project.root / CONFIG_FILE, follow_symlinks=True),
        "glossary": state.folder_digest(project.glossary_dir) if project.glossary_dir.is_dir() else None,
    }
    inputs = {
        language: combined_digest({**settings, "engine": engine_identity(engines.get(language))})
        for language in languages
    }
    marks = {language: memory.fingerprint(language) for language in languages}
    sources: dict[str, str | None] = {}
    templates: dict[str, str | None] = {}

    def unchanged(language: Language, doc_id: str, record: CatalogRecord) -> bool:
        if doc_id not in sources:
            sources[doc_id] = state.digest(paths[doc_id])
        if (
            record.source != _source_name(paths[doc_id], project.root)
            or record.source_digest != sources[doc_id]
        ):
            return False
        if doc_id not in templates:
            templates[doc_id] = state.digest(project.template_path(doc_id))
        return (
            record.template_digest == templates[doc_id]
            and record.inputs == inputs[language]
            and record.memory in (None, marks[language])
            and record.catalog_digest == state.digest(project.catalog_path(language, doc_id))
        )

    redo: dict[Language, list[str]] = {}
    maybe: dict[Language, list[str]] = {}
    for language in languages:
        # A memory changed since the last run left it (an import, a deleted file, another run) may
        # lack what skipped catalogs taught it: every catalog of the language is read again.
        foreign = state.memory_mark(language) != marks[language]
        for doc_id in paths:
            record = None if foreign else state.record(language, doc_id)
            if record is None or not unchanged(language, doc_id, record):
                redo.setdefault(language, []).append(doc_id)
            elif record.memory is not None:
                maybe.setdefault(language, []).append(doc_id)
    # Only learning what a redone catalog holds changes the memory: with none, none is redone for it.
    maybe = {language: doc_ids for language, doc_ids in maybe.items() if language in redo}
    for doc_ids in (*redo.values(), *maybe.values()):
        for doc_id in doc_ids:
            if doc_id not in sources:
                sources[doc_id] = state.digest(paths[doc_id])
    return _Plan(redo, maybe, inputs, marks, sources)


def engine_identity(engine: Translator | None) -> dict[str, object] | None:
    """What names a run's engine for one language in the run state: its identity (model, version,
    checksum and decoding settings, as the MT cache keys it), name and n-best setting; None for a
    language without one."""
    if engine is None:
        return None
    return {
        "identity": str(getattr(engine, "identity", engine.name)),
        "name": engine.name,
        "nbest": engine.nbest if isinstance(engine, Decoder) else 0,
    }


def _source_name(path: Path, root: Path) -> str:
    """A source as the run state names it: relative to the project root (moving a project is no change)."""
    return os.path.relpath(path.resolve(), root)


def _lock_budget() -> int:
    """How many files a run may hold locked at once: each lock is an open file, and the process may open
    only so many (``ulimit -n``); a margin stays for the models, databases and the files being read."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return max(16, (soft if soft != resource.RLIM_INFINITY else 1 << 20) - 512)


def _batches(plan: _Plan, paths: Mapping[str, Path], budget: int) -> Iterator[_Plan]:
    """``plan`` cut, in document order, into parts whose files (each document's template and catalogs)
    can all be locked at once within ``budget``: an archive bigger than that is done one part after
    the other, each part read, merged, checked and written as a whole (a failure leaves the parts before
    it written). One part when it fits, as it does below a few thousand documents."""
    wanted: dict[str, int] = {}
    for plans in (plan.redo, plan.maybe):
        for doc_ids in plans.values():
            for doc_id in doc_ids:
                wanted[doc_id] = wanted.get(doc_id, 1) + 1  # its template, and one catalog per language
    part: set[str] = set()
    files = 0
    for doc_id in paths:
        if doc_id not in wanted:
            continue
        if part and files + wanted[doc_id] > budget:
            yield _part(plan, part)
            part, files = set(), 0
        part.add(doc_id)
        files += wanted[doc_id]
    if part:
        yield _part(plan, part)


def _part(plan: _Plan, doc_ids: set[str]) -> _Plan:
    def keep(plans: dict[Language, list[str]]) -> dict[Language, list[str]]:
        kept = {language: [d for d in ids if d in doc_ids] for language, ids in plans.items()}
        return {language: ids for language, ids in kept.items() if ids}

    return _Plan(keep(plan.redo), keep(plan.maybe), plan.inputs, plan.marks, plan.sources)


def _redo(
    project: Project,
    paths: Mapping[str, Path],
    languages: Sequence[Language],
    engines: Mapping[Language, Translator],
    plan: _Plan,
    state: RunState,
    memory: TranslationMemory,
    stack: contextlib.ExitStack,
    now: dt.datetime,
    progress: ProgressCallback | None,
    trust_exact: bool,
) -> dict[tuple[Language, str], CatalogResult]:
    """Read, merge, fill, check and write the catalogs ``plan`` names (and their templates), holding
    their locks in ``stack``; record each in the run state and return what was done to it."""
    # Machine output goes through the term base (approved renderings, inflected); what stays
    # non-compliant keeps a `#.` note saying which term and why, and the entry stays fuzzy. The term
    # base also re-checks every translation, so the notes say what holds of the text as it is now.
    termbase = load_project_termbase(project.glossary_dir)
    translators: Mapping[Language, Translator] = engines
    if termbase is not None:
        translators = wrap_translators(dict(engines), termbase)
    order = {doc_id: index for index, doc_id in enumerate(paths)}
    catalog_paths = {
        (language, doc_id): project.catalog_path(language, doc_id)
        for plans in (plan.redo, plan.maybe)
        for language, doc_ids in plans.items()
        for doc_id in doc_ids
    }
    template_paths = {doc_id: project.template_path(doc_id) for _, doc_id in catalog_paths}
    targets = [*template_paths.values(), *catalog_paths.values()]
    check_writable(project.locales_dir, *sorted({path.parent for path in targets}))
    documents: dict[str, Document] = {}
    templates: dict[str, polib.POFile] = {}
    template_data: dict[str, bytes | None] = {}
    snapshots: dict[tuple[Language, str], Snapshot] = {}

    def read(language: Language, doc_ids: Sequence[str]) -> None:
        for doc_id in doc_ids:
            if doc_id not in documents:
                documents[doc_id] = load_document(paths[doc_id])
                templates[doc_id] = build_template(documents[doc_id], project.root, now)
                template_data[doc_id] = template_bytes(template_paths[doc_id], templates[doc_id], now)
            snapshot = snapshots[language, doc_id] = read_snapshot(catalog_paths[language, doc_id])
            if snapshot.catalog is not None:
                # Reviewed translations feed the memory before anything is filled from it.
                memory.learn(snapshot.catalog, language, doc_id)

    # Every file the run may write is locked, in one fixed order (so two runs cannot deadlock), for
    # the whole read-merge-translate-write; each folder is listed once for stale temporaries.
    temporaries = Temporaries()
    for path in sorted(targets):
        stack.enter_context(locked(path, temporaries=temporaries))
    redo = {language: list(doc_ids) for language, doc_ids in plan.redo.items()}
    for language, doc_ids in redo.items():
        read(language, doc_ids)
    for language, doc_ids in plan.maybe.items():
        if memory.fingerprint(language) != plan.marks[language]:
            # What the redone catalogs taught the memory may fill these catalogs' empty entries.
            read(language, doc_ids)
            redo[language] = sorted([*redo.get(language, []), *doc_ids], key=order.__getitem__)
    marks = {language: memory.fingerprint(language) for language in redo}
    pending: list[_Pending] = []
    for language in languages:
        if language not in redo:
            continue
        pending.extend(
            _prepare_language(
                [documents[doc_id] for doc_id in redo[language]],
                templates,
                {doc_id: snapshots[language, doc_id] for doc_id in redo[language]},
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
    template_digests = {doc_id: state.digest(template_paths[doc_id]) for doc_id in documents}
    results: dict[tuple[Language, str], CatalogResult] = {}
    for item in pending:
        result, outcome = item.save(now)
        results[item.language, item.doc_id] = result
        source_digest = plan.sources[item.doc_id]
        template_digest = template_digests[item.doc_id]
        record = None
        # A catalog merged again into a reviewer's save (or left to them) is not what this run
        # would make of its inputs: nothing is recorded, and the next run redoes it.
        if (
            not (outcome.remerged or outcome.conflict or outcome.data is None)
            and source_digest is not None
            and template_digest is not None
        ):
            record = CatalogRecord(
                _source_name(paths[item.doc_id], project.root),
                source_digest,
                template_digest,
                bytes_digest(outcome.data),
                plan.inputs[item.language],
                marks[item.language] if _fillable(outcome.catalog) else None,
                result.stats,
                result.counts,
            )
        state.put(item.language, item.doc_id, record)
    return results


def _fillable(catalog: Iterable[polib.POEntry]) -> bool:
    """Whether the catalog has an entry the translation memory could fill (as ``prefill`` picks them)."""
    return any(
        not entry.obsolete and not entry.msgid_plural and entry.msgid and not is_translated(entry)
        for entry in catalog
    )


def _recorded_result(project: Project, state: RunState, language: Language, doc_id: str) -> CatalogResult:
    """The report row of a skipped catalog, from its record."""
    record = state.record(language, doc_id)
    if record is None:  # a skipped catalog always has one
        raise ToolkitError(f"no run state recorded for {language.value}/{doc_id}")
    return CatalogResult(
        doc_id,
        language,
        project.catalog_path(language, doc_id),
        record.stats,
        False,
        0,
        counts=record.counts,
        skipped=True,
    )


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

    def save(self, now: dt.datetime) -> tuple[CatalogResult, SaveOutcome]:
        """Write the catalog (merging into a reviewer's save made meanwhile) and say what happened."""
        outcome = save_catalog(self.snapshot, self.catalog, self.rebuild, now)
        result = CatalogResult(
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
        return result, outcome


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
    """Merge, fill from memory and engine, and check the catalogs of ``documents`` in ``language`` (the
    memory has learned them already); write nothing."""
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
    _replay: Translator | None = None  # the run's engine stack over the cache alone, built once

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
            if (replayed := self._replayed(msgid)) is not None:
                texts.add(replayed)
        return Suggested(item.origin, frozenset(texts))

    def _replayed(self, msgid: str) -> str | None:
        """What the run's whole engine stack (glossary-aware decoding, then enforcement) made of
        ``msgid``, answered from the MT cache alone: the decoder may have kept a later hypothesis or a
        constrained decode instead of the plain one the cache holds for the sentence. None when the
        cache does not hold every step (the engine is never called)."""
        engine = self.engine
        assert isinstance(engine, CachedTranslator) and self.termbase is not None
        if not isinstance(engine.inner, Decoder) or engine.nbest <= 0:
            return None
        if self._replay is None:
            cached = CachedTranslator(_CacheOnly(engine), engine.cache, engine.identity)
            self._replay = wrap_translators({self.language: cached}, self.termbase)[self.language]
        try:
            (result,) = self._replay.translate_batch([msgid])
        except _NotCached:
            return None
        return result.text


class _NotCached(Exception):
    """A step of a replayed translation that the MT cache does not hold."""


@dataclass(frozen=True, slots=True)
class _CacheOnly:
    """Stands for a cached engine's model when a translation is replayed from the cache: any call that
    reaches it is a step the cache does not hold."""

    engine: CachedTranslator

    @property
    def language(self) -> Language:
        return self.engine.language

    @property
    def name(self) -> str:
        return self.engine.name

    @property
    def nbest(self) -> int:
        return self.engine.nbest

    def translate_batch(self, segments: Sequence[str]) -> list[Translation]:
        raise _NotCached

    def decode(self, requests: Sequence[object]) -> list[tuple[object, ...]]:
        raise _NotCached


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
