"""Parity with translate-toolkit: every entry pofilter's functional checks flag, ours flag too; pocount
reads what a run writes. Both run the real tools from their own venv, as subprocesses."""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
from pathlib import Path

import polib
import pytest

from tests._fakes import FakeTranslator
from tests.checks.test_checkers import PARITY
from translate.catalog.pofile import read_catalog, write_po
from translate.checks.checkers import check_entry
from translate.languages import ALL_LANGUAGES, Language
from translate.pipeline import run
from translate.project import Project

TTK = Path("/work/main/.venv-ttk/bin")
needs_ttk = pytest.mark.skipif(
    not (TTK / "pofilter").is_file(), reason=f"translate-toolkit is not installed in {TTK.parent}"
)


def _ttk(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a translate-toolkit command; its package is also called ``translate``, so ours must not be on
    its path."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    return subprocess.run(
        [str(arg) for arg in args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    )


# pofilter's checks for the phenomena ours cover, and the checks of ours that answer each. Left out:
# doublequoting, which counts straight quotes, so it flags «…» (right in ru and kk) as a fault; the
# punctuation check asks for each language's own quotes instead. The table's fixed translations keep
# addresses away from a sentence's full stop, which pofilter's urls check takes to be part of one.
ANSWERS = {
    "urls": {"urls"},
    "emails": {"urls"},
    "printf": {"placeholders", "format"},
    "pythonbraceformat": {"placeholders", "format"},
    "doublespacing": {"whitespace"},
    "startwhitespace": {"whitespace"},
    "endwhitespace": {"whitespace"},
    "doublewords": {"doubled-words"},
    "brackets": {"brackets", "punctuation"},
    "startcaps": {"start-case"},
    "sentencecount": {"sentences"},
}


def _crafted(language: Language) -> polib.POFile:
    """Each sentence of the parity table in ``language``: with its fault, and fixed."""
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": language.value}
    for index, (check, lang, source, bad, good) in enumerate(PARITY):
        if lang is language:
            for state, target in (("bad", bad), ("good", good)):
                catalog.append(polib.POEntry(msgctxt=f"{check}-{index}-{state}", msgid=source, msgstr=target))
    return catalog


@needs_ttk
@pytest.mark.parametrize("language", ALL_LANGUAGES, ids=lambda language: language.value)
def test_we_catch_every_entry_pofilters_functional_checks_flag(tmp_path: Path, language: Language) -> None:
    crafted = tmp_path / "crafted.po"
    crafted.write_bytes(write_po(_crafted(language)))
    flagged = tmp_path / "flagged.po"
    filters = [arg for name in ANSWERS for arg in ("-t", name)]
    _ttk(TTK / "pofilter", f"--language={language.value}", *filters, crafted, flagged)
    # pofilter writes each failing unit with a "(pofilter) <check>: <message>" translator comment.
    by_pofilter = {
        entry.msgctxt: {
            line.split(":")[0].removeprefix("(pofilter) ") for line in entry.tcomment.splitlines()
        }
        for entry in read_catalog(flagged)
        if entry.msgid
    }
    assert by_pofilter  # the table gives pofilter something to flag
    ours = {entry.msgctxt: {f.check for f in check_entry(entry, language)} for entry in read_catalog(crafted)}
    missed = {
        context: sorted(name for name in names if not ANSWERS[name] & ours[context])
        for context, names in by_pofilter.items()
    }
    assert {context: names for context, names in missed.items() if names} == {}


@needs_ttk
def test_pocount_reads_a_runs_output(project_dir: Path) -> None:
    run(
        Project.at(project_dir),
        [],
        ALL_LANGUAGES,
        {Language.kk: FakeTranslator(Language.kk, render=lambda text: f"Аударма: {text}")},
        now=dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
    )  # type: ignore[dict-item]
    done = _ttk(TTK / "pocount", "--csv", "locales/", cwd=project_dir)
    rows = list(csv.DictReader(done.stdout.splitlines()))
    counts = {
        Path(row["Filename"]).parts[1]: tuple(
            int(row[column])
            for column in ("Translated Messages", "Fuzzy Messages", "Untranslated Messages", "Total Message")
        )
        for row in rows
    }
    # The template and every catalog are read; Kazakh's 33 sentences are machine suggestions, so fuzzy.
    assert counts == {
        "templates": (0, 0, 33, 33),
        "kk": (0, 33, 0, 33),
        "ru": (0, 0, 33, 33),
        "tk": (0, 0, 33, 33),
    }
