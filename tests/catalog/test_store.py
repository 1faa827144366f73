"""Catalogs under review on disk: a reviewer's save during a run wins, ``translate check`` and ``tm``."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

import translate.catalog.store as review
from tests._fakes import FakeTranslator
from translate.catalog.memory import TranslationMemory
from translate.catalog.pofile import read_catalog, write_po
from translate.catalog.store import SAVE_ATTEMPTS, read_snapshot, save_catalog
from translate.checks.checkers import check_entry
from translate.cli import app
from translate.errors import CatalogError
from translate.languages import Language
from translate.pipeline import run
from translate.project import Project
from translate.publish.gate import project_check

NOW = dt.datetime(2024, 1, 2, tzinfo=dt.UTC)
DOC = "2023-11-04-halk-maslahaty-kazakhstan"
YEAR = (
    "Within the framework of the International Organization of Turkic Culture TURKSOY, 2024 has been "
    "declared the Year of Magtymguly Fragi."
)


def _wrong_year(segment: str) -> str:
    """The fake engine's output: the 2024 sentence comes out with a wrong year, to give checks something."""
    return f"Перевод: {segment}".replace("2024", "2042")


def _run(root: Path, **kwargs: object) -> None:
    run(
        Project.at(root, root / "models"),
        [],
        [Language.ru],
        {Language.ru: FakeTranslator(name="fake-engine 1.0", render=_wrong_year)},
        now=NOW,
        **kwargs,
    )  # type: ignore[arg-type]


def _catalog_path(root: Path) -> Path:
    return Project.at(root).catalog_path(Language.ru, DOC)


def _review(path: Path, index: int, text: str) -> str:
    """Approve entry ``index`` with ``text``, saving like a PO editor; return its msgid."""
    catalog = read_catalog(path)
    entry = [e for e in catalog if not e.obsolete][index]
    entry.msgstr = text
    entry.fuzzy = False
    path.write_bytes(write_po(catalog))
    return str(entry.msgid)


def test_reviewer_save_during_a_run_is_merged_not_overwritten(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _run(project_dir)
    path = _catalog_path(project_dir)
    seed = project_dir / "seeds" / f"{DOC}.txt"
    seed.write_text(
        seed.read_text(encoding="utf-8") + "\nA brand new closing sentence appears.\n", encoding="utf-8"
    )
    saved: dict[str, str] = {}
    real_read = review.read_snapshot

    def read_then_reviewer_saves(target: Path) -> review.Snapshot:
        snapshot = real_read(target)
        if not saved:  # right after our read, the reviewer saves in their editor
            saved["msgid"] = _review(target, 1, "Проверенный перевод.")
        return snapshot

    monkeypatch.setattr("translate.pipeline.read_snapshot", read_then_reviewer_saves)
    _run(project_dir)
    entries = {e.msgid: e for e in read_catalog(path)}
    assert entries[saved["msgid"]].msgstr == "Проверенный перевод."
    assert "fuzzy" not in entries[saved["msgid"]].flags
    assert entries["A brand new closing sentence appears."].msgstr.startswith("Перевод: ")


def test_a_reviewer_who_keeps_saving_wins_and_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "doc.po"
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ru"}
    catalog.append(polib.POEntry(msgid="a", msgstr=""))
    path.write_bytes(write_po(catalog))
    snapshot = read_snapshot(path)
    saves = []

    def rebuild(current: polib.POFile | None) -> polib.POFile:
        assert current is not None
        # Every time we are about to write, the reviewer has saved again.
        current.append(polib.POEntry(msgid=f"r{len(saves)}", msgstr="x"))
        saves.append(write_po(current))
        path.write_bytes(saves[-1])
        return current

    ours = read_catalog(path)
    ours[0].msgstr = "машина"
    path.write_bytes(path.read_bytes() + '\nmsgid "reviewer"\nmsgstr "первый"\n'.encode())
    outcome = save_catalog(snapshot, ours, rebuild, NOW)
    assert outcome.conflict and not outcome.written and outcome.remerged == SAVE_ATTEMPTS
    assert path.read_bytes() == saves[-1]


def test_trust_exact_and_memory_fill_across_documents(project_dir: Path) -> None:
    _run(project_dir)
    path = _catalog_path(project_dir)
    msgid = _review(path, 2, "Проверенный перевод второго предложения.")
    _run(project_dir)  # learns the reviewed entry
    other = project_dir / "seeds" / "2023-11-05-other.txt"
    other.write_text(msgid + "\n", encoding="utf-8")
    _run(project_dir)
    other_catalog = Project.at(project_dir).catalog_path(Language.ru, "2023-11-05-other")
    (entry,) = [e for e in read_catalog(other_catalog) if e.msgid == msgid]
    assert entry.msgstr == "Проверенный перевод второго предложения."
    assert entry.fuzzy and "translation memory: exact match from" in entry.comment
    other_catalog.unlink()
    _run(project_dir, trust_exact=True)
    (entry,) = [e for e in read_catalog(other_catalog) if e.msgid == msgid]
    assert not entry.fuzzy


def _cli(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*args, "--project", str(root)], catch_exceptions=False)
    return result.exit_code, result.stdout


def test_check_command_table_json_notes_and_exit_status(project_dir: Path) -> None:
    _run(project_dir)
    path = _catalog_path(project_dir)
    # The run already noted the wrong year on the machine translation, and kept it fuzzy.
    (year,) = [e for e in read_catalog(path) if e.msgid == YEAR]
    assert year.fuzzy and "check: [serious] numbers:" in year.comment
    code, out = _cli(project_dir, "check", "--json")
    assert code == 1
    report = json.loads(out)
    assert report["serious"] >= 1
    assert any(row["check"] == "numbers" and row["msgid"] == YEAR for row in report["findings"])
    before = path.read_bytes()
    code, out = _cli(project_dir, "check")
    assert code == 1 and "serious" in out and "numbers" in out
    assert path.read_bytes() == before  # nothing new to note: the file keeps its bytes
    code, out = _cli(project_dir, "status", "--json")
    assert json.loads(out)[0]["serious"] == report["serious"]


def test_check_never_touches_reviewed_entries(project_dir: Path) -> None:
    _run(project_dir)
    path = _catalog_path(project_dir)
    catalog = read_catalog(path)
    (year,) = [e for e in catalog if e.msgid == YEAR]
    year.fuzzy = False
    year.comment = ""
    path.write_bytes(write_po(catalog))
    before = path.read_bytes()
    code, _ = _cli(project_dir, "check")
    assert code == 1  # still reported...
    assert path.read_bytes() == before  # ...but the reviewed entry is not annotated


def test_check_refuses_a_malformed_catalog_in_one_line(project_dir: Path) -> None:
    _run(project_dir)
    path = _catalog_path(project_dir)
    path.write_bytes(path.read_bytes() + b'\nmsgid "Broken\nmsgstr ""\n')
    before = path.read_bytes()
    result = CliRunner().invoke(app, ["check", "--project", str(project_dir)])
    assert result.exit_code == 1
    assert "unterminated string" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_tm_export_and_import(project_dir: Path, tmp_path: Path) -> None:
    _run(project_dir)
    path = _catalog_path(project_dir)
    _review(path, 0, "Встреча Председателя Халк Маслахаты.")
    _run(project_dir)
    tmx = tmp_path / "desk.tmx"
    code, out = _cli(project_dir, "tm", "export", str(tmx))
    assert code == 0 and "1 translation unit" in out
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    code, out = _cli(fresh, "tm", "import", str(tmx))
    assert code == 0 and "1 new translation unit" in out
    with TranslationMemory.at(Project.at(fresh).state_dir) as memory:
        assert [u.target for u in memory.units(Language.ru)] == ["Встреча Председателя Халк Маслахаты."]


def test_check_and_gate_agree_on_acknowledged_findings(project_dir: Path) -> None:
    _run(project_dir)
    path = _catalog_path(project_dir)
    catalog = read_catalog(path)
    for entry in catalog:
        entry.msgstr, entry.flags = "", []  # nothing else to find: only the year entry is translated
    (year,) = [e for e in catalog if e.msgid == YEAR]
    year.msgstr = "В рамках ТЮРКСОЙ 2042 год объявлен Годом Махтумкули Фраги."
    year.flags = ["ignore-numbers"]  # reviewed, the wrong year acknowledged (Weblate's convention)
    path.write_bytes(write_po(catalog))
    assert [f.check for f in check_entry(year, Language.ru) if f.serious] == []
    check = project_check(Project.at(project_dir))
    assert [f for f in check(year, Language.ru) if f.serious] == []
    code, out = _cli(project_dir, "check", "--json")
    rows = [row for row in json.loads(out)["findings"] if row["msgid"] == YEAR]
    assert {row["acknowledged"] for row in rows if row["check"] == "numbers"} == {True}
    assert all(not row["acknowledged"] for row in rows if row["check"] != "numbers")
    assert code == (1 if any(row["severity"] == "serious" and not row["acknowledged"] for row in rows) else 0)
    code, out = _cli(project_dir, "status", "--json")
    assert json.loads(out)[0]["serious"] == len([f for f in check(year, Language.ru) if f.serious])
    code, out = _cli(project_dir, "check")
    assert "acknowledged" in out
    year.flags = []
    assert [f.check for f in check_entry(year, Language.ru) if f.serious] == ["numbers"]


def test_check_reports_lines_of_the_file_it_wrote(project_dir: Path) -> None:
    _run(project_dir)
    path = _catalog_path(project_dir)
    catalog = read_catalog(path)
    for entry in catalog:
        entry.comment = ""  # a tool dropped every note: the check writes them again, moving entries
    path.write_bytes(write_po(catalog))
    _, out = _cli(project_dir, "check", "--json", "--write-notes")
    lines = path.read_text(encoding="utf-8").splitlines()
    written = {e.msgid: e.linenum for e in read_catalog(path)}
    rows = json.loads(out)["findings"]
    assert rows
    assert [row for row in rows if row["line"] != written[row["msgid"]]] == []
    year = next(row for row in rows if row["msgid"] == YEAR and row["severity"] == "serious")
    assert "check: [serious] numbers" in "\n".join(lines[year["line"] - 1 : year["line"] + 3])


def test_check_table_names_each_catalog_by_its_project_path(project_dir: Path) -> None:
    _run(project_dir)
    code, out = _cli(project_dir, "check")
    assert code == 1
    # Not only the file name: each language has a catalog of that name.
    assert f"locales/ru/LC_MESSAGES/{DOC}.po: " in out


def test_a_catalog_saved_with_crlf_keeps_its_line_endings(project_dir: Path) -> None:
    _run(project_dir)
    path = _catalog_path(project_dir)
    _review(path, 0, "Встреча Председателя Халк Маслахаты.")
    _run(project_dir)  # drops the check note the reviewer's fix made stale
    crlf = path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(crlf)
    _run(project_dir)
    assert path.read_bytes() == crlf  # nothing to change: not even the line endings
    source = project_dir / "seeds" / f"{DOC}.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new closing sentence.\n", encoding="utf-8")
    _run(project_dir)
    data = path.read_bytes()
    assert b"A new closing sentence." in data
    assert data.count(b"\n") == data.count(b"\r\n")  # written again, still CRLF throughout
    assert 'msgstr "Встреча Председателя Халк Маслахаты."\r\n'.encode() in data


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (f"locales/ru/LC_MESSAGES/{DOC}.po", "name ending in .tmx"),
        ("locales/desk.tmx", "is inside locales/"),
        ("seeds/desk.tmx", "is inside seeds/"),
    ],
    ids=["over-a-catalog", "inside-locales", "inside-seeds"],
)
def test_tm_export_never_overwrites_the_projects_inputs(project_dir: Path, target: str, message: str) -> None:
    _run(project_dir)
    before = {
        p: p.read_bytes() for p in project_dir.rglob("*") if p.is_file() and ".translate" not in p.parts
    }
    result = CliRunner().invoke(
        app, ["tm", "export", str(project_dir / target), "--project", str(project_dir)]
    )
    assert result.exit_code == 2  # a usage error: the user named a place the export may not go
    assert message in result.output and "Traceback" not in result.output
    after = {p: p.read_bytes() for p in project_dir.rglob("*") if p.is_file() and ".translate" not in p.parts}
    assert after == before


def test_check_on_a_template_says_it_is_one(project_dir: Path) -> None:
    _run(project_dir)
    template = Project.at(project_dir).template_path(DOC)
    before = template.read_bytes()
    result = CliRunner().invoke(app, ["check", str(template), "--project", str(project_dir)])
    assert result.exit_code == 1
    assert "is a template (.pot)" in result.output and "Traceback" not in result.output
    assert template.read_bytes() == before


def test_an_oversized_catalog_is_refused_with_its_real_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(review, "MAX_CATALOG_BYTES", 100)
    path = tmp_path / "doc.po"
    path.write_bytes(b"#" * 5000 + b"\n")
    with pytest.raises(CatalogError, match=r"doc\.po: is 5001 bytes, larger than the 100-byte limit"):
        read_snapshot(path)


def test_a_rerun_keeps_the_header_fields_a_po_editor_wrote(project_dir: Path) -> None:
    _run(project_dir)
    path = _catalog_path(project_dir)
    text = path.read_text(encoding="utf-8")
    plural = next(line for line in text.splitlines() if line.startswith('"Plural-Forms:'))
    poedit = (
        text.replace('"Language: ru\\n"', '"Language: ru_RU\\n"')
        .replace('"Language-Team: Russian\\n"', '"Language-Team: Russian <ru@example.com>\\n"')
        .replace(
            plural,
            '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && '
            '(n%100<10 || n%100>=20) ? 1 : 2);\\n"',
        )
    )
    assert poedit != text
    path.write_text(poedit, encoding="utf-8")
    _run(project_dir)
    assert path.read_text(encoding="utf-8") == poedit  # nothing else to change: not rewritten


def test_a_rewrite_keeps_a_reviewers_long_comment_as_it_is(project_dir: Path) -> None:
    _run(project_dir)
    path = _catalog_path(project_dir)
    msgid = _review(path, 0, "Встреча Председателя Халк Маслахаты.")
    comment = "checked against the TDH original on 2023-11-05; the title follows the agreed house style"
    catalog = read_catalog(path)
    catalog.find(msgid).tcomment = comment
    path.write_bytes(write_po(catalog))  # saved by a PO editor: the comment on one line
    assert f"# {comment}\n".encode() in path.read_bytes()
    source = project_dir / "seeds" / f"{DOC}.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new closing sentence.\n", encoding="utf-8")
    _run(project_dir)  # the catalog has something new, so it is written again
    assert b"A new closing sentence." in path.read_bytes()
    assert f"# {comment}\n".encode() in path.read_bytes()
    assert read_catalog(path).find(msgid).tcomment == comment


def test_a_sentence_removed_and_restored_comes_back_with_its_notes(project_dir: Path) -> None:
    _run(project_dir)
    path = _catalog_path(project_dir)
    msgid = _review(path, 1, "Рабочий визит состоялся 3 ноября 2023 года.")
    _run(project_dir)  # the check notes the reviewer's fix made stale go
    before = read_catalog(path).find(msgid)
    assert "machine translation: fake-engine 1.0" in before.comment
    source = project_dir / "seeds" / f"{DOC}.txt"
    original = source.read_text(encoding="utf-8")
    source.write_text(original.replace(msgid, ""), encoding="utf-8")
    _run(project_dir)
    gone = read_catalog(path).find(msgid, include_obsolete_entries=True)
    assert gone.obsolete and "machine translation: fake-engine 1.0" in gone.comment
    source.write_text(original, encoding="utf-8")
    _run(project_dir)
    back = read_catalog(path).find(msgid)
    assert not back.obsolete
    assert (back.msgstr, back.comment, back.tcomment, back.flags) == (
        before.msgstr,
        before.comment,
        before.tcomment,
        before.flags,
    )


def test_a_run_keeps_a_long_note_on_a_reviewed_entry_as_it_is(project_dir: Path) -> None:
    """Issue 17, item 6: a run rewrapped a long ``#.`` note on a reviewed entry (it read back as two)."""
    _run(project_dir)
    path = _catalog_path(project_dir)
    catalog = read_catalog(path)
    entry = [e for e in catalog if not e.obsolete][3]
    entry.msgstr, entry.fuzzy = "Проверенный перевод.", False
    note = "source: checked against the TDH original of 4 November by the desk, keep the wording as it is"
    entry.comment = note
    text = write_po(catalog).decode()
    assert f"#. {note}\n" in text
    path.write_text(text, encoding="utf-8")
    seed = project_dir / "seeds" / f"{DOC}.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA new closing sentence.\n", encoding="utf-8")
    _run(project_dir)  # a run that writes the file
    after = path.read_text(encoding="utf-8")
    assert "A new closing sentence." in after
    assert f"#. {note}\n" in after
    (again,) = [e for e in read_catalog(path) if e.msgid == entry.msgid]
    assert again.comment == note


def test_check_only_reads_unless_asked_to_write_notes(project_dir: Path) -> None:
    _run(project_dir)
    path = _catalog_path(project_dir)
    catalog = read_catalog(path)
    (year,) = [e for e in catalog if e.msgid == YEAR]
    year.comment = ""  # a tool dropped the note: there is something to write
    path.write_bytes(write_po(catalog))
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    before = path.read_bytes()
    code, out = _cli(project_dir, "check")
    assert code == 1 and "numbers" in out and "notes updated" not in out
    assert (path.read_bytes(), path.stat().st_mtime_ns) == (before, 1_000_000_000)
    code, out = _cli(project_dir, "check", "--write-notes")
    assert code == 1 and "notes updated" in out
    (written,) = [e for e in read_catalog(path) if e.msgid == YEAR]
    assert "check: [serious] numbers:" in written.comment
    assert (written.msgstr, written.flags) == (year.msgstr, year.flags)
