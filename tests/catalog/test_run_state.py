"""The run state: an unchanged re-run reads nothing, a change redoes what depends on it, and the output
is byte for byte that of a full run."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib
import pytest
from typer.testing import CliRunner

from tests._fakes import FakeTranslator
from tests._models import install_all
from translate import pipeline
from translate.catalog import state as run_state
from translate.catalog import store
from translate.catalog.memory import TranslationMemory
from translate.catalog.pofile import read_catalog
from translate.catalog.state import STATE_FILE, RunState
from translate.cli import app
from translate.engine.translator import Translator
from translate.languages import Language
from translate.pipeline import RunReport, run
from translate.project import Project

NOW = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)
LANGUAGES = (Language.ru, Language.tk, Language.kk)  # tk has no engine: its entries stay untranslated
DOCS = ("doc1", "doc2", "doc3")
SHARED = "Talks were held in Ashgabat."  # in every document: a reviewed one fills the others from memory
TERMS = '[turkmenistan]\nen = "Turkmenistan"\nkind = "place"\n\n[turkmenistan.ru]\ntext = "Туркменистан"\n'


def _source(number: int) -> str:
    return (
        f"The summit number {number} opened.\n\n"
        f"The President of Turkmenistan spoke for the {number}th time.\n\n"
        f"{SHARED}\n"
    )


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A desk with three small documents, a one-term glossary and settings."""
    root = tmp_path / "desk"
    (root / "seeds").mkdir(parents=True)
    for number, doc_id in enumerate(DOCS, start=1):
        (root / "seeds" / f"{doc_id}.txt").write_text(_source(number), encoding="utf-8")
    (root / "glossary").mkdir()
    (root / "glossary" / "terms.toml").write_text(TERMS, encoding="utf-8")
    (root / "translate.toml").write_text("[engine]\nnbest = 4\n", encoding="utf-8")
    return Project.at(root)


def _engines(name: str = "fake 1.0") -> dict[Language, Translator]:
    return {
        Language.ru: FakeTranslator(Language.ru, name=name),
        Language.kk: FakeTranslator(Language.kk, name=name),
    }


@dataclass
class Calls:
    """What the run really did: catalogs parsed, merges, sources loaded, catalogs the memory learned."""

    parsed: Counter[str] = field(default_factory=Counter)
    merged: int = 0
    loaded: Counter[str] = field(default_factory=Counter)
    learned: Counter[str] = field(default_factory=Counter)

    def clear(self) -> None:
        self.parsed.clear()
        self.merged = 0
        self.loaded.clear()
        self.learned.clear()


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """Count parses, merges, source loads and memory learns (the real functions still run)."""
    seen = Calls()
    real_read, real_merge, real_load = store.read_po, pipeline.merge_catalog, pipeline.load_document
    real_learn = TranslationMemory.learn

    def read_po(data: bytes, path: Path, **options: int) -> polib.POFile:
        seen.parsed[_name(path)] += 1
        return real_read(data, path, **options)

    def merge_catalog(existing: polib.POFile, template: polib.POFile) -> polib.POFile:
        seen.merged += 1
        return real_merge(existing, template)

    def load_document(path: Path) -> object:
        seen.loaded[Path(path).stem] += 1
        return real_load(path)

    def learn(memory: TranslationMemory, catalog: polib.POFile, language: Language, origin: str) -> int:
        seen.learned[f"{language.value}/{origin}"] += 1
        return real_learn(memory, catalog, language, origin)

    monkeypatch.setattr(store, "read_po", read_po)
    monkeypatch.setattr(pipeline, "merge_catalog", merge_catalog)
    monkeypatch.setattr(pipeline, "load_document", load_document)
    monkeypatch.setattr(TranslationMemory, "learn", learn)
    return seen


def _name(path: Path) -> str:
    """``ru/doc1`` for a catalog, ``pot/doc1`` for a template."""
    path = Path(path)
    return f"pot/{path.stem}" if path.suffix == ".pot" else f"{path.parts[-3]}/{path.stem}"


def _run(project: Project, engines: dict[Language, Translator] | None = None, **options: bool) -> RunReport:
    return run(project, [], LANGUAGES, _engines() if engines is None else engines, now=NOW, **options)


def _redone(report: RunReport) -> set[str]:
    return {f"{result.language.value}/{result.doc_id}" for result in report.catalogs if not result.skipped}


def _rows(report: RunReport) -> list[tuple[object, ...]]:
    """What the report table and ``run --json`` show of each catalog (a skipped one included)."""
    return [
        (r.doc_id, r.language, r.path, r.stats, r.written, r.machine_translated, r.from_memory, r.counts)
        for r in report.catalogs
    ]


def _files(project: Project) -> dict[str, bytes]:
    root = project.locales_dir
    return {
        str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()
    }


def _every(*languages: Language, docs: tuple[str, ...] = DOCS) -> set[str]:
    return {f"{language.value}/{doc_id}" for language in languages for doc_id in docs}


def _edit_catalog(
    project: Project, language: Language, doc_id: str, edit: Callable[[polib.POEntry], None]
) -> None:
    """A reviewer's save in a PO editor: every entry ``edit`` is given is the one with the shared msgid."""
    path = project.catalog_path(language, doc_id)
    catalog = read_catalog(path)
    entry = catalog.find(SHARED)
    assert entry is not None
    edit(entry)
    catalog.save(str(path))


def _review(translation: str) -> Callable[[polib.POEntry], None]:
    def edit(entry: polib.POEntry) -> None:
        entry.msgstr = translation
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")

    return edit


# ------------------------------------------------------------------------------------------ skipping


def test_an_unchanged_rerun_reads_merges_and_learns_nothing(project: Project, calls: Calls) -> None:
    first = _run(project)
    before = _files(project)
    calls.clear()
    again = _run(project)
    assert (dict(calls.parsed), calls.merged, dict(calls.loaded), dict(calls.learned)) == ({}, 0, {}, {})
    assert _redone(again) == set()
    assert _files(project) == before
    # The report shows every catalog as the full run that wrote it would, written or not.
    assert _rows(again) == [(*row[:4], False, 0, 0, row[7]) for row in _rows(first)]
    assert again.templates == first.templates


def test_the_rows_of_a_skipped_run_equal_those_of_a_full_run(project: Project) -> None:
    _run(project)
    skipped = _run(project)
    (project.state_dir / STATE_FILE).unlink()
    full = _run(project)
    assert _redone(full) == _every(*LANGUAGES) and _redone(skipped) == set()
    assert _rows(skipped) == _rows(full)


@pytest.mark.parametrize(
    "keep_size",
    [pytest.param(False, id="plain-save"), pytest.param(True, id="same-size-mtime-restored")],
)
def test_a_reviewers_save_redoes_that_catalog_only(
    project: Project, calls: Calls, monkeypatch: pytest.MonkeyPatch, keep_size: bool
) -> None:
    monkeypatch.setattr(run_state, "RACY_NANOSECONDS", 0)  # stats vouch for hashes at once
    _run(project)
    _run(project)  # records every file's stat
    path = project.catalog_path(Language.ru, "doc2")
    before = path.stat()
    data = path.read_bytes()
    machine = f"ru:{SHARED.upper()}".encode()
    assert machine in data
    if keep_size:
        # An edit in place that keeps the size, the mtime put back: only the ctime and the bytes tell.
        with path.open("r+b") as handle:
            handle.write(data.replace(machine, machine.lower()))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        after = path.stat()
        assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
            before.st_size,
            before.st_mtime_ns,
            before.st_ino,
        )
    else:
        path.write_bytes(data.replace(machine, machine.lower()))
    calls.clear()
    report = _run(project)
    # A fuzzy edit teaches the memory nothing, so no other catalog depends on it.
    assert _redone(report) == {"ru/doc2"}
    assert dict(calls.parsed) == {"ru/doc2": 1, "pot/doc2": 1}
    assert dict(calls.learned) == {"ru/doc2": 1}
    assert machine.lower() in path.read_bytes()


def test_a_reviewed_entry_redoes_the_catalogs_its_memory_can_fill(project: Project, calls: Calls) -> None:
    _run(project)
    _edit_catalog(project, Language.tk, "doc1", _review("Ashgabatda gepleşikler geçirildi."))
    calls.clear()
    report = _run(project)
    # The tk catalogs have untranslated entries, so the new memory unit may fill them; ru and kk
    # catalogs are full (machine output) and do not depend on the memory.
    assert _redone(report) == _every(Language.tk)
    assert {name for name in calls.parsed if not name.startswith("pot/")} == _every(Language.tk)
    for doc_id in ("doc2", "doc3"):
        entry = read_catalog(project.catalog_path(Language.tk, doc_id)).find(SHARED)
        assert entry is not None and (entry.msgstr, entry.fuzzy) == (
            "Ashgabatda gepleşikler geçirildi.",
            True,
        )
    # Now nothing changes: the filled catalogs are recorded against the memory that filled them.
    assert _redone(_run(project)) == set()


def test_a_reviewed_entry_is_never_changed(project: Project) -> None:
    _run(project)
    _edit_catalog(project, Language.ru, "doc1", _review("Переговоры прошли в Ашхабаде."))
    for change in (
        lambda: None,
        lambda: (project.glossary_dir / "terms.toml").write_text(TERMS + "\n# reviewed\n", encoding="utf-8"),
        lambda: (project.root / "seeds" / "doc1.txt").write_text(_source(1) + "\nA new line.\n"),
    ):
        change()
        _run(project, _engines("fake 2.0"))
        entry = read_catalog(project.catalog_path(Language.ru, "doc1")).find(SHARED)
        assert entry is not None and (entry.msgstr, entry.fuzzy) == ("Переговоры прошли в Ашхабаде.", False)


# ----------------------------------------------------------------------------------- what redoes what


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


CHANGES: dict[str, tuple[Callable[[Project], None], set[str]]] = {
    "term-base": (
        lambda p: _append(p.glossary_dir / "terms.toml", "\n# checked by the desk\n"),
        _every(*LANGUAGES),
    ),
    "new-term-base-file": (
        lambda p: (p.glossary_dir / "more.toml").write_text(
            '[ashgabat]\nen = "Ashgabat"\nkind = "place"\n', encoding="utf-8"
        ),
        _every(*LANGUAGES),
    ),
    "settings-file": (
        lambda p: _append(p.root / "translate.toml", "# nbest as before\n"),
        _every(*LANGUAGES),
    ),
    "source": (
        lambda p: _append(p.root / "seeds" / "doc2.txt", "\nA closing sentence.\n"),
        _every(*LANGUAGES, docs=("doc2",)),
    ),
    "template": (
        lambda p: p.template_path("doc3").write_bytes(
            p.template_path("doc3").read_bytes().replace(b"Translation template", b"Template edited")
        ),
        _every(*LANGUAGES, docs=("doc3",)),
    ),
    "catalog-deleted": (lambda p: p.catalog_path(Language.kk, "doc1").unlink(), {"kk/doc1"}),
}


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_a_change_redoes_what_depends_on_it(project: Project, calls: Calls, change: str) -> None:
    make, expected = CHANGES[change]
    _run(project)
    make(project)
    calls.clear()
    report = _run(project)
    assert _redone(report) == expected
    parsed_catalogs = {name for name in calls.parsed if not name.startswith("pot/")}
    assert (
        parsed_catalogs == expected - {"kk/doc1"}
        if change == "catalog-deleted"
        else parsed_catalogs == expected
    )
    assert calls.merged == len(parsed_catalogs)
    assert _redone(_run(project)) == set()


def test_another_model_redoes_its_language_only(project: Project) -> None:
    _run(project)
    engines = _engines()
    engines[Language.kk] = FakeTranslator(Language.kk, name="fake 2.0")
    assert _redone(_run(project, engines)) == _every(Language.kk)
    # A language that gets an engine, or loses it, is another model too.
    del engines[Language.kk]
    engines[Language.tk] = FakeTranslator(Language.tk)
    assert _redone(_run(project, engines)) == _every(Language.kk, Language.tk)


def test_trust_exact_is_a_setting_that_redoes_everything(project: Project) -> None:
    _run(project)
    assert _redone(_run(project, trust_exact=True)) == _every(*LANGUAGES)
    assert _redone(_run(project, trust_exact=True)) == set()


def test_a_state_of_another_toolkit_version_is_a_full_run(project: Project) -> None:
    _run(project)
    with sqlite3.connect(project.state_dir / STATE_FILE) as db:
        db.execute("UPDATE meta SET value = '0.0.1' WHERE key = 'toolkit'")
    db.close()
    assert _redone(_run(project)) == _every(*LANGUAGES)
    assert _redone(_run(project)) == set()


# ----------------------------------------------------------------------- a lost state is a full run


def _break_state(project: Project, how: str) -> None:
    path = project.state_dir / STATE_FILE
    if how == "deleted":
        path.unlink()
    elif how == "garbage":
        path.write_bytes(b"not a database at all\n" * 100)
    elif how == "truncated":
        path.write_bytes(path.read_bytes()[:1000])
    elif how == "state-folder-deleted":
        for inner in sorted(project.state_dir.rglob("*"), reverse=True):
            inner.rmdir() if inner.is_dir() else inner.unlink()
        project.state_dir.rmdir()


@pytest.mark.parametrize("how", ["deleted", "garbage", "truncated", "state-folder-deleted"])
def test_a_lost_or_broken_state_gives_a_full_run_with_the_same_output(
    project: Project, calls: Calls, how: str
) -> None:
    _run(project)
    _edit_catalog(project, Language.ru, "doc1", _review("Переговоры прошли в Ашхабаде."))
    _run(project)
    before = _files(project)
    _break_state(project, how)
    calls.clear()
    report = _run(project)
    assert _redone(report) == _every(*LANGUAGES)
    assert set(calls.learned) == _every(*LANGUAGES)  # a deleted memory is taught every catalog again
    assert _files(project) == before
    assert _redone(_run(project)) == set()  # and the state is whole again


def test_an_imported_or_replaced_memory_redoes_its_language(project: Project) -> None:
    _run(project)
    with TranslationMemory.at(project.state_dir) as memory:
        memory.add_many([(Language.kk, "Some other sentence.", "Başga bir sözlem.", "import")])
    assert _redone(_run(project)) == _every(Language.kk)


# ------------------------------------------------------------------ skipped output equals a full run


def _steps() -> Iterator[Callable[[Project], None]]:
    yield lambda p: None
    yield lambda p: _edit_catalog(p, Language.tk, "doc2", _review("Ashgabatda gepleşikler geçirildi."))
    yield lambda p: _append(p.root / "seeds" / "doc3.txt", "\nThe summit closed.\n")
    yield lambda p: _edit_catalog(p, Language.ru, "doc1", _review("Переговоры прошли в Ашхабаде."))
    yield lambda p: _append(
        p.glossary_dir / "terms.toml",
        '\n[summit]\nen = "summit"\nkind = "thing"\n\n[summit.ru]\ntext = "саммит"\n',
    )
    yield lambda p: _edit_catalog(p, Language.kk, "doc3", lambda entry: setattr(entry, "msgstr", ""))


def test_the_output_after_skipped_runs_is_byte_identical_to_full_runs(tmp_path: Path) -> None:
    desks = []
    for name in ("skipping", "full"):
        root = tmp_path / name / "desk"
        (root / "seeds").mkdir(parents=True)
        for number, doc_id in enumerate(DOCS, start=1):
            (root / "seeds" / f"{doc_id}.txt").write_text(_source(number), encoding="utf-8")
        (root / "glossary").mkdir()
        (root / "glossary" / "terms.toml").write_text(TERMS, encoding="utf-8")
        desks.append(Project.at(root))
    skipping, full = desks
    skipped_any = False
    for step in _steps():
        for desk in desks:
            step(desk)
        (full.state_dir / STATE_FILE).unlink(missing_ok=True)  # the full desk never skips
        reports = [_run(desk) for desk in desks]
        skipped_any |= bool(_every(*LANGUAGES) - _redone(reports[0]))
        assert _redone(reports[1]) == _every(*LANGUAGES)
        assert _files(skipping) == _files(full)
        assert [row[3:] for row in _rows(reports[0])] == [row[3:] for row in _rows(reports[1])]
    assert skipped_any


# ------------------------------------------------------------------------------------ the state itself


def test_a_stat_vouches_for_a_hash_only_once_it_is_old(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hashed: list[Path] = []
    real = run_state._hash_file
    monkeypatch.setattr(
        run_state, "_hash_file", lambda path, follow: hashed.append(path) or real(path, follow)
    )
    path = tmp_path / "a.po"
    path.write_bytes(b"one")
    with RunState.at(tmp_path / "state") as state:
        assert state.digest(path) == state.digest(path) == run_state.bytes_digest(b"one")
        assert len(hashed) == 2  # just written: its stat could equal that of a save in the same tick
        monkeypatch.setattr(run_state, "RACY_NANOSECONDS", 0)
        state.digest(path)
        state.digest(path)
        assert len(hashed) == 3
        state.commit()
    with RunState.at(tmp_path / "state") as state:
        assert state.digest(path) == run_state.bytes_digest(b"one")
        assert len(hashed) == 3  # the recorded stat still holds
        path.write_bytes(b"two")
        assert state.digest(path) == run_state.bytes_digest(b"two")
        assert len(hashed) == 4
        (tmp_path / "link.po").symlink_to(path)
        assert state.digest(tmp_path / "link.po") is None
        assert state.digest(tmp_path / "missing.po") is None


def test_a_state_that_cannot_be_written_is_no_error(project: Project) -> None:
    _run(project)
    path = project.state_dir / STATE_FILE
    path.unlink()
    path.mkdir()  # neither a database nor removable as a file
    try:
        assert _redone(_run(project)) == _every(*LANGUAGES)
        assert _redone(_run(project)) == _every(*LANGUAGES)
    finally:
        path.rmdir()


# ------------------------------------------------------------------------------ the real tiny models


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three tiny packages, installed once for this module."""
    return install_all(tmp_path_factory.mktemp("models"))


def test_the_real_models_skip_an_unchanged_rerun_and_another_beam_redoes_it(
    project: Project, models_dir: Path, calls: Calls
) -> None:
    args = ["run", "-C", str(project.root), "--models-dir", str(models_dir), "--json"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    calls.clear()
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0, again.output
    assert dict(calls.parsed) == {}
    # `run --json` says what the run that wrote the catalogs said, except that nothing is written now.
    expected = json.loads(first.output)
    for row in expected["catalogs"]:
        row.update(written=False, machine_translated=0, from_memory=0)
    assert json.loads(again.output) == expected
    # Another beam size is another model identity (it changes the output): every catalog is redone.
    beam = CliRunner().invoke(app, [*args, "--beam-size", "2"])
    assert beam.exit_code == 0, beam.output
    assert {name for name in calls.parsed if not name.startswith("pot/")} == _every(*LANGUAGES)


# --------------------------------------------------------- an archive bigger than the open-file limit


@pytest.mark.parametrize("budget", [4, 9], ids=["a-document-a-part", "two-documents-a-part"])
def test_a_run_whose_files_outnumber_the_lock_budget_is_done_in_parts_with_the_same_output(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, budget: int
) -> None:
    """Every file a part writes is locked at once and each lock is an open file: an archive with more
    files than the process may open is done a part at a time, and gives what one pass gives."""
    whole = Project.at(tmp_path / "whole")
    shutil.copytree(project.root, whole.root)
    _run(whole)
    monkeypatch.setattr(pipeline, "_lock_budget", lambda: budget)
    real_locked = pipeline.locked
    held, peak = [0], [0]

    @contextlib.contextmanager
    def counted(path: Path, **options: Any) -> Iterator[None]:
        with real_locked(path, **options):
            held[0] += 1
            peak[0] = max(peak[0], held[0])
            try:
                yield
            finally:
                held[0] -= 1

    monkeypatch.setattr(pipeline, "locked", counted)
    report = _run(project)
    assert _files(project) == _files(whole)
    assert _redone(report) == _every(*LANGUAGES)
    assert 0 < peak[0] <= budget
    assert _redone(_run(project)) == set()
