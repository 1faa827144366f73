"""``check``, ``status`` and ``publish`` on an archive: one catalog in memory at a time, ``check --json``
streamed in bounded memory, and the same counts as the catalogs checked one by one."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest

from translate.catalog.pofile import read_catalog, write_po
from translate.checks import files
from translate.checks.checkers import check_catalog, count_results
from translate.glossary.tomlfile import load_project_termbase
from translate.languages import Language
from translate.project import Project

REPO = Path(__file__).resolve().parents[2]
SEED = "2023-11-04-halk-maslahaty-kazakhstan"
RSS_BOUND_MB = 300
"""Generous: ``check --json`` on the archive below peaks near 100 MB, most of it the interpreter and
its imports; holding every catalog (as it once did) takes several times that."""
RSS_GROWTH_MB = 60
"""How much more it may peak at on 100 documents than on 10 (both near 92 MB): holding every catalog
grows it by hundreds of MB."""

# A child's ``ru_maxrss`` starts from its parent's resident size at fork (Linux carries the old memory's
# high-water mark over exec), so a command started straight from a test process that has grown (models
# trained, Ray started) reports that size. It is started from this small process instead, which
# reports the command's own peak.
_PEAK_OF = """
import os, subprocess, sys
process = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(process.pid, 0)
print(usage.ru_maxrss, file=sys.stderr)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def make_archive(root: Path, documents: int) -> Path:
    """``documents`` copies of the seed article with its reviewed catalogs, every third entry turned
    into fake machine output (its msgid copied, fuzzy)."""
    shutil.copytree(REPO / "glossary", root / "glossary")
    (root / "seeds").mkdir(parents=True)
    for language in Language:
        catalog = read_catalog(REPO / "tests" / "fixtures" / "reviewed" / language.value / f"{SEED}.po")
        for index, entry in enumerate(catalog):
            if index % 3 == 0 and entry.msgid:
                entry.msgstr = entry.msgid
                entry.flags = [*entry.flags, "fuzzy"] if "fuzzy" not in entry.flags else entry.flags
        data = write_po(catalog)
        folder = root / "locales" / language.value / "LC_MESSAGES"
        folder.mkdir(parents=True)
        for number in range(documents):
            (folder / f"doc-{number}.po").write_bytes(data)
    text = (REPO / "seeds" / f"{SEED}.txt").read_bytes()
    for number in range(documents):
        (root / "seeds" / f"doc-{number}.txt").write_bytes(text)
    return root


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return make_archive(tmp_path / "archive", 12)


def test_check_files_holds_one_catalog_at_a_time(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = Project.at(archive)
    read: list[weakref.ref[polib.POFile]] = []
    real = files.read_snapshot

    def reading(path: Path) -> files.Snapshot:  # type: ignore[name-defined]
        snapshot = real(path)
        assert snapshot.catalog is not None
        read.append(weakref.ref(snapshot.catalog))
        return snapshot

    monkeypatch.setattr(files, "read_snapshot", reading)
    alive: list[int] = []

    def consumed() -> Iterator[files.CatalogCheck]:
        for check in files.check_files(files.catalog_files(project), None, annotate=False):
            gc.collect()
            alive.append(sum(ref() is not None for ref in read))
            yield check

    checks = list(consumed())
    assert len(checks) == len(read) == 36
    assert set(alive) == {0}  # what is yielded holds findings and counts, not the catalog


def test_check_files_counts_as_each_catalog_checked_alone(archive: Path) -> None:
    project = Project.at(archive)
    termbase = load_project_termbase(project.glossary_dir)
    paths = files.catalog_files(project, (Language.ru,))[:2]
    streamed = [check.counts for check in files.check_files(paths, termbase, annotate=False)]
    alone = [count_results(check_catalog(read_catalog(path), Language.ru, termbase)) for path in paths]
    assert streamed == alone and alone[0].serious > 0


def _check_json(root: Path, out: Path) -> tuple[int, float]:
    """``translate check --json`` in ``root`` as a subprocess, its output in ``out``: its exit status and
    its own peak RSS in MB."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-c", _PEAK_OF, sys.executable, "-m", "translate", "check", "--json"]
    with out.open("wb") as stdout:
        process = subprocess.run(command, cwd=root, stdout=stdout, stderr=subprocess.PIPE, env=env)
    return process.returncode, int(process.stderr.split()[-1]) / 1024


@pytest.mark.slow
def test_check_json_stays_in_bounded_memory(tmp_path: Path) -> None:
    """``check --json`` on 100 documents (300 catalogs, about 10,000 entries) in a subprocess peaks
    under ``RSS_BOUND_MB`` and no more than ``RSS_GROWTH_MB`` above the same on 10 documents, and the
    streamed JSON parses with counts that add up."""
    _, small_mb = _check_json(make_archive(tmp_path / "small", 10), tmp_path / "small.json")
    out = tmp_path / "check.json"
    status, peak_mb = _check_json(make_archive(tmp_path / "archive", 100), out)
    assert status == 1  # serious findings
    data = json.loads(out.read_text("utf-8"))
    serious = sum(row["severity"] == "serious" and not row["acknowledged"] for row in data["findings"])
    assert data["serious"] == serious > 0
    assert len({row["path"] for row in data["findings"]}) == 300
    assert peak_mb < RSS_BOUND_MB, f"check --json peaked at {peak_mb:.0f} MB"
    assert peak_mb - small_mb < RSS_GROWTH_MB, (
        f"check --json peaked at {peak_mb:.0f} MB on 100 documents, {small_mb:.0f} MB on 10"
    )
