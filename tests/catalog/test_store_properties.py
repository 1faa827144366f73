"""Property: whatever sequence of runs, reviewer edits and source edits happens, no reviewed entry changes.

Two levels. The model test drives the very functions a run uses (strict read, merge, memory pre-fill,
machine fill, check notes, write) on in-memory files, thousands of times. The pipeline test drives
``translate.pipeline.run`` itself on a temporary project with a fast fake engine.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests._fakes import FakeTranslator
from translate.catalog.entries import entry_key, is_reviewed
from translate.catalog.memory import TranslationMemory, prefill
from translate.catalog.notes import NoteKind, read_notes
from translate.catalog.pofile import read_po
from translate.catalog.store import write_po_if_changed
from translate.catalog.template import CATALOG_DATES
from translate.checks.checkers import annotate_entry, check_entry
from translate.languages import Language
from translate.pipeline import _machine_translate, _merge_into, run
from translate.project import Project

NOW = dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.UTC)
WORDS = ["President", "visited", "Ashgabat", "today", "the", "gas", "talks", "1574", "summit", "border"]
RU_WORDS = ["Президент", "посетил", "Ашхабад", "сегодня", "газ", "переговоры", "саммит", "граница"]


def _engine() -> FakeTranslator:
    """A deterministic, instant engine: enough to exercise every fill path."""
    # Dropping the number and using straight quotes gives several long check notes per entry.
    return FakeTranslator(
        name="fake-engine 1.0", render=lambda segment: f'Перевод "{segment.replace("1574", "")}"'
    )


sentences = st.lists(st.sampled_from(WORDS), min_size=2, max_size=6).map(lambda words: " ".join(words) + ".")

Op = tuple[str, int, str]
operations = st.lists(
    st.one_of(
        st.tuples(st.just("run"), st.just(0), st.just("")),
        st.tuples(
            st.just("review"),
            st.integers(0, 50),
            st.lists(st.sampled_from(RU_WORDS), min_size=1, max_size=4).map(" ".join),
        ),
        st.tuples(st.just("approve"), st.integers(0, 50), st.just("")),
        st.tuples(
            st.just("comment"), st.integers(0, 50), st.sampled_from(["check the title", "ok by editor"])
        ),
        st.tuples(st.just("add"), st.integers(0, 50), sentences),
        st.tuples(st.just("remove"), st.integers(0, 50), st.just("")),
        st.tuples(st.just("reword"), st.integers(0, 50), st.sampled_from(WORDS)),
    ),
    min_size=1,
    max_size=12,
)

Reviewed = dict[tuple[str | None, str], tuple[str, list[str], str, str | None, str]]


def _reviewed(data: bytes | None) -> Reviewed:
    if data is None:
        return {}
    return {
        (e.msgctxt, e.msgid): (e.msgstr, list(e.flags), e.tcomment, e.previous_msgid, e.comment)
        for e in read_po(data, Path("doc.po"))
        if is_reviewed(e)
    }


def _template(source: list[str]) -> polib.POFile:
    template = polib.POFile(check_for_duplicates=False)
    template.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "POT-Creation-Date": "2024-01-01 00:00+0000",
    }
    for index, sentence in enumerate(dict.fromkeys(source), start=1):
        template.append(polib.POEntry(msgid=sentence, msgstr="", occurrences=[("doc.txt", str(index))]))
    return template


def _model_run(data: bytes | None, source: list[str], memory: TranslationMemory) -> bytes | None:
    """One run on one catalog, step by step as ``pipeline._update_language`` does it."""
    old = None if data is None else read_po(data, Path("doc.po"))
    if old is not None:
        memory.learn(old, Language.ru, "doc")
    catalog = _merge_into(old, _template(source), Language.ru, "doc", NOW)
    filled = prefill(catalog, Language.ru, memory)
    filled |= _machine_translate({"doc": catalog}, _engine(), Language.ru, None)["doc"]
    for entry in catalog:
        if entry_key(entry) in filled:
            annotate_entry(entry, check_entry(entry, Language.ru))
    rendered = write_po_if_changed(catalog, old, CATALOG_DATES, NOW)
    return data if rendered is None else rendered


def _edit(data: bytes | None, op: Op) -> bytes | None:
    """A reviewer's save in a PO editor: parse, change one active entry, write the whole file back."""
    if data is None:
        return None
    catalog = read_po(data, Path("doc.po"))
    active = [entry for entry in catalog if not entry.obsolete]
    if not active:
        return data
    kind, index, text = op
    entry = active[index % len(active)]
    if kind == "review":
        entry.msgstr = text
        entry.fuzzy = False
        entry.previous_msgid = None
    elif kind == "approve" and entry.msgstr and entry.fuzzy:
        entry.fuzzy = False
        entry.previous_msgid = None
    elif kind == "comment":
        entry.tcomment = text
    return str(catalog).encode() + b"\n"


def _assert_reviewed_kept(before: Reviewed, after_data: bytes | None, source: list[str]) -> None:
    after = {(e.msgctxt, e.msgid): e for e in (read_po(after_data, Path("doc.po")) if after_data else [])}
    for key, (msgstr, flags, tcomment, previous, comment) in before.items():
        entry = after.get(key)
        assert entry is not None, f"reviewed entry {key} was lost"
        assert (entry.msgstr, list(entry.flags), entry.tcomment, entry.previous_msgid) == (
            msgstr,
            flags,
            tcomment,
            previous,
        ), key
        assert bool(entry.obsolete) == (key[1] not in source), key
        if not entry.obsolete:
            assert _notes_kept(comment, entry.comment), key


_FINDINGS = (NoteKind.check, NoteKind.glossary)
_ORIGINS = (NoteKind.machine_translation, NoteKind.edited_machine_translation)


def _notes_kept(before: str, after: str) -> bool:
    """A reviewed entry's notes after a run: every note as it was, except that the run's findings may
    only go (those that no longer hold) and its origin may say the text was edited since."""
    old = read_notes(polib.POEntry(msgid="x", comment=before))
    new = read_notes(polib.POEntry(msgid="x", comment=after))
    return (
        [n for n in new if n.kind not in (*_FINDINGS, *_ORIGINS)]
        == [n for n in old if n.kind not in (*_FINDINGS, *_ORIGINS)]
        and {n for n in new if n.kind in _FINDINGS} <= {n for n in old if n.kind in _FINDINGS}
        and [n.text for n in new if n.kind in _ORIGINS] == [n.text for n in old if n.kind in _ORIGINS]
    )


def _apply_source_edit(source: list[str], op: Op, removed: list[str]) -> list[str]:
    kind, index, text = op
    source = list(source)
    if kind == "add":
        # Sometimes a removed sentence comes back, to exercise revival of obsolete entries.
        sentence = removed.pop() if removed and index % 3 == 0 else text
        source.insert(index % (len(source) + 1), sentence)
    elif kind == "remove" and len(source) > 1:
        removed.append(source.pop(index % len(source)))
    elif kind == "reword" and source:
        position = index % len(source)
        words = source[position].rstrip(".").split()
        words[index % len(words)] = text
        source[position] = " ".join(words) + "."
    return source


@pytest.mark.slow
@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(initial=st.lists(sentences, min_size=1, max_size=5), ops=operations)
def test_model_no_reviewed_entry_ever_changes(initial: list[str], ops: list[Op]) -> None:
    source = list(initial)
    removed: list[str] = []
    with TranslationMemory(Path(":memory:")) as memory:
        data = _model_run(None, source, memory)
        for op in ops:
            if op[0] in ("review", "approve", "comment"):
                data = _edit(data, op)
                continue
            if op[0] != "run":
                source = _apply_source_edit(source, op, removed)
            before = _reviewed(data)
            data = _model_run(data, source, memory)
            _assert_reviewed_kept(before, data, source)
        # A run with nothing new changes nothing at all.
        assert _model_run(data, source, memory) == data


@dataclass
class _Desk:
    root: Path

    @property
    def project(self) -> Project:
        return Project.at(self.root, self.root / "models")

    @property
    def catalog(self) -> Path:
        return self.project.catalog_path(Language.ru, "doc")

    def write_source(self, source: list[str]) -> None:
        (self.root / "seeds").mkdir(parents=True, exist_ok=True)
        (self.root / "seeds" / "doc.txt").write_text("\n\n".join(source) + "\n", encoding="utf-8")

    def run(self) -> None:
        run(self.project, [], [Language.ru], {Language.ru: _engine()}, now=NOW)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(initial=st.lists(sentences, min_size=1, max_size=4), ops=operations)
def test_pipeline_no_reviewed_entry_ever_changes(initial: list[str], ops: list[Op]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        desk = _Desk(Path(folder))
        source = list(initial)
        removed: list[str] = []
        desk.write_source(source)
        desk.run()
        for op in ops:
            data = desk.catalog.read_bytes()
            if op[0] in ("review", "approve", "comment"):
                edited = _edit(data, op)
                assert edited is not None
                desk.catalog.write_bytes(edited)
                continue
            if op[0] != "run":
                source = _apply_source_edit(source, op, removed)
                desk.write_source(source)
            before = _reviewed(data)
            desk.run()
            # Paragraphs are split into sentences by the segmenter; compare with what the template holds.
            template = read_po(desk.project.template_path("doc").read_bytes(), Path("doc.pot"))
            _assert_reviewed_kept(before, desk.catalog.read_bytes(), [e.msgid for e in template])
            unchanged = desk.catalog.read_bytes()
            desk.run()
            assert desk.catalog.read_bytes() == unchanged
