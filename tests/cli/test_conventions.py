"""The command line behaves as a mature tool: data printed literally, the project found upward like git,
nothing skipped silently, usage errors exit 2, and the usual conventions (-h, completion, flags, width)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from typer.main import get_command
from typer.testing import CliRunner

from translate.cli import app
from translate.errors import CatalogError, ToolkitError, UsageError

runner = CliRunner()
DOC = "2023-11-04-halk-maslahaty-kazakhstan"


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "300", **(env or {})})
    return result.exit_code, result.stdout, result.stderr


# ------------------------------------------------------------------------------------ data printed literally

HOSTILE = {
    "emoji-code": "a:100:b",
    "markup": "[bold]x[/bold]",
    "link": "[link=file:///etc]y[/link]",
}


@pytest.mark.parametrize("name", list(HOSTILE.values()), ids=list(HOSTILE))
def test_an_error_naming_a_hostile_path_prints_it_as_it_is(project_dir: Path, name: str) -> None:
    code, _, err = _run("run", f"seeds/{name}.txt", "-C", str(project_dir))
    assert code == 1
    assert err == f"error: {Path('seeds', name + '.txt')}: source not found; check the path\n"


def test_a_glossary_error_keeps_its_line_number(project_dir: Path) -> None:
    glossary = project_dir / "glossary"
    glossary.mkdir()
    (glossary / "places.toml").write_text("# places\n" + "\n" * 98 + "[broken\n", encoding="utf-8")
    code, _, err = _run("status", "-C", str(project_dir))
    assert code == 1
    assert "glossary/places.toml:100: not valid TOML" in err
    assert "💯" not in err


def test_terms_in_a_table_and_in_show_are_printed_as_they_are(project_dir: Path) -> None:
    glossary = project_dir / "glossary"
    glossary.mkdir()
    (glossary / "general.toml").write_text(
        '[hostile]\nen = "[bold]x[/bold] :100: [link=file:///etc]y[/link]"\nkind = "thing"\n\n'
        '[hostile.ru]\ntext = "Пример :100:"\n',
        encoding="utf-8",
    )
    code, out, _ = _run("glossary", "show", "hostile", "-C", str(project_dir))
    assert code == 0
    assert "en: [bold]x[/bold] :100: [link=file:///etc]y[/link]" in out
    assert "ru: Пример :100: [approved]" in out
    code, out, _ = _run("glossary", "list", "-C", str(project_dir))
    assert code == 0
    assert "[bold]x[/bold] :100: [link=file:///etc]y[/link]" in out
    assert "Пример :100:" in out


def test_control_characters_in_a_path_are_shown_not_sent_to_the_terminal(project_dir: Path) -> None:
    (project_dir / "seeds" / "\x1b[31mred\x07.docx").write_bytes(b"")
    code, _, err = _run("run", "--to", "ru", "-C", str(project_dir))
    assert code == 0
    assert "seeds/\\x1b[31mred\\x07.docx: skipped: not a .txt or .md source" in err
    assert "\x1b" not in err and "\x07" not in err
    code, _, err = _run("run", "seeds/\x1b]0;title\x07.txt", "-C", str(project_dir))
    assert code == 1
    assert err == "error: seeds/\\x1b]0;title\\x07.txt: source not found; check the path\n"


def test_styles_still_reach_a_terminal_and_data_stays_literal(project_dir: Path) -> None:
    """Through a real process whose console is forced to a colour terminal: the style codes are the
    toolkit's own, the markup in the path is text."""
    env = {**os.environ, "FORCE_COLOR": "1", "TTY_COMPATIBLE": "1", "COLUMNS": "200"}
    result = subprocess.run(
        [sys.executable, "-m", "translate", "-C", str(project_dir), "run", "seeds/[bold]x[/bold].txt"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", result.stderr).lstrip()
    assert plain == "error: seeds/[bold]x[/bold].txt: source not found; check the path\n"
    assert "\x1b[" in result.stderr  # "error:" is red on a terminal


# ------------------------------------------------------------------------------- the project, found upward


def _with_catalogs(project_dir: Path) -> Path:
    code, _, err = _run("run", "--to", "ru", "-C", str(project_dir))
    assert code == 0, err
    return project_dir / "locales" / "ru" / "LC_MESSAGES"


def test_commands_find_the_project_from_a_subfolder(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_with_catalogs(project_dir))
    code, out, err = _run("status", "--json")
    assert code == 0, err
    assert [row["document"] for row in json.loads(out)] == [DOC]


def test_dash_c_before_the_command_runs_there(
    project_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = _run("-C", str(project_dir), "run", f"seeds/{DOC}.txt", "--to", "ru", "--json")
    assert code == 0, err
    assert json.loads(out)["catalogs"][0]["path"] == f"locales/ru/LC_MESSAGES/{DOC}.po"
    assert (project_dir / "locales/ru/LC_MESSAGES" / f"{DOC}.po").is_file()


def test_dash_c_before_the_command_beats_the_environment(
    project_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_catalogs(project_dir)
    other = tmp_path / "other"
    (other / "seeds").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run("-C", str(project_dir), "status", "--json", env={"TRANSLATE_PROJECT": str(other)})
    assert code == 0 and len(json.loads(out)) == 1
    code, out, _ = _run("status", "--json", env={"TRANSLATE_PROJECT": str(other)})
    assert code == 0 and json.loads(out) == []


def test_outside_any_project_says_so_and_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = _run("run")
    assert code == 2
    assert err == (
        f"error: not inside a translate-desk project (no translate.toml, seeds/ or glossary/ found in "
        f"{tmp_path.resolve()} or any parent); use -C DIR\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "marker", ["translate.toml", "seeds", "glossary"], ids=["config", "seeds", "glossary"]
)
def test_each_marker_makes_a_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marker: str) -> None:
    root = tmp_path / "desk"
    if marker == "translate.toml":
        root.mkdir()
        (root / marker).write_text("", encoding="utf-8")
    else:
        (root / marker).mkdir(parents=True)
    (root / "locales" / "ru").mkdir(parents=True)
    monkeypatch.chdir(root / "locales" / "ru")
    code, out, err = _run("status")
    assert code == 0, err
    assert str(root / "locales") in out


@pytest.mark.parametrize(
    ("where", "message"),
    [("file", "is not a folder"), ("missing", "no such folder")],
    ids=["file", "missing"],
)
def test_dash_c_to_a_non_folder_is_a_usage_error(tmp_path: Path, where: str, message: str) -> None:
    target = tmp_path / where
    if where == "file":
        target.write_text("x", encoding="utf-8")
    code, _, err = _run("-C", str(target), "status")
    assert code == 2
    assert err.startswith(f"error: {target}: {message}")


# ----------------------------------------------------------------------------------- nothing skipped silently


def test_files_that_are_not_sources_are_reported_one_line_each(project_dir: Path) -> None:
    seeds = project_dir / "seeds"
    (seeds / "x.docx").write_bytes(b"PK")
    (seeds / "sub").mkdir()
    (seeds / "sub" / "inner.txt").write_text("Talks were held.\n", encoding="utf-8")
    (seeds / ".draft.txt.swp").write_bytes(b"")
    code, out, err = _run("run", "--to", "ru", "--json", "-C", str(project_dir))
    assert code == 0
    assert err.splitlines() == [
        "seeds/sub/inner.txt: skipped: in a subfolder; sources are the files directly in seeds/",
        "seeds/x.docx: skipped: not a .txt or .md source",
    ]
    data = json.loads(out)
    assert [row["path"] for row in data["skipped"]] == ["seeds/sub/inner.txt", "seeds/x.docx"]
    assert [row["document"] for row in data["catalogs"]] == [DOC]


# ---------------------------------------------------------------------------------------------- exit codes


def test_error_classes_carry_their_exit_code() -> None:
    assert (ToolkitError("x").exit_code, CatalogError("x").exit_code, UsageError("x").exit_code) == (1, 1, 2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--to", "xx"], "unknown language code 'xx'"),
        (["status", "--to", "xx"], "unknown language code 'xx'"),
        (["run", "--beam-size", "0"], "beam"),
        (["status", "--bogus"], "No such option"),
    ],
    ids=["run-to", "status-to", "beam-size", "unknown-option"],
)
def test_usage_errors_exit_2(project_dir: Path, args: list[str], message: str) -> None:
    code, out, err = _run(*args, "-C", str(project_dir))
    assert code == 2
    assert message in out + err
    assert "Traceback" not in out + err
    assert not (project_dir / "locales").exists()


def test_a_flag_takes_no_value(project_dir: Path) -> None:
    """``--json true`` is not how a flag is given: "true" is then a source name, and no such file exists."""
    code, _, err = _run("run", "--json", "true", "-C", str(project_dir))
    assert code == 1
    assert err.startswith("error: true: not a source document")


# ------------------------------------------------------------------------------------------ CLI conventions


def _command_paths() -> list[list[str]]:
    """Every command and group of the app, as the words that name it."""
    found: list[list[str]] = [[]]

    def walk(command: object, prefix: list[str]) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            found.append([*prefix, name])
            walk(sub, [*prefix, name])

    walk(get_command(app), [])
    return found


COMMANDS = _command_paths()


@pytest.mark.parametrize("words", COMMANDS, ids=[" ".join(words) or "translate" for words in COMMANDS])
def test_every_help_reads_cleanly_at_80_columns(words: list[str]) -> None:
    short = runner.invoke(app, [*words, "-h"], env={"COLUMNS": "80"})
    long = runner.invoke(app, [*words, "--help"], env={"COLUMNS": "80"})
    assert short.exit_code == 0 and short.stdout == long.stdout
    lines = long.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "<bool>" not in long.stdout
    # No word is cut across lines (a compound may break at its own hyphen): every option's help,
    # whitespace collapsed, is there in one piece.
    text = re.sub(r"-\s+", "-", " ".join(long.stdout.split()))
    command = get_command(app)
    for word in words:
        command = command.commands[word]  # type: ignore[attr-defined]
    missing = [
        param.help
        for param in command.params
        if getattr(param, "help", None) and " ".join(param.help.split()) not in text
    ]
    assert missing == []


def test_root_help_offers_completion_and_lists_commands_in_full() -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "80"})
    assert "--install-completion" in result.stdout
    assert "-C, --project DIR" in result.stdout
    assert "..." not in result.stdout.partition("Commands:")[2]  # short help is wrapped, never cut
    text = " ".join(result.stdout.split())
    assert "Check translations (numbers, glossary, script, quotes, length, markup); exit 1 on serious" in text


def test_help_through_a_pipe_at_80_columns() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "translate", "run", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
        check=True,
    )
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert re.search(r"^  --json +Print machine-readable JSON", result.stdout, re.MULTILINE)
    assert "\x1b" not in result.stdout


def _seed(project: Path, name: str, text: str) -> None:
    (project / "seeds" / f"{name}.txt").write_text(text, encoding="utf-8")


def test_documents_sort_naturally(tmp_path: Path) -> None:
    root = tmp_path / "desk"
    (root / "seeds").mkdir(parents=True)
    for name in ("doc19", "doc2", "doc10"):
        _seed(root, name, "Talks were held.\n")
    _, out, _ = _run("run", "--to", "ru", "--json", "-C", str(root))
    assert [row["document"] for row in json.loads(out)["catalogs"]] == ["doc2", "doc10", "doc19"]
    _, out, _ = _run("status", "--json", "-C", str(root))
    assert [row["document"] for row in json.loads(out)] == ["doc2", "doc10", "doc19"]
    _, out, _ = _run("status", "-C", str(root))
    assert out.index("doc2 ") < out.index("doc10") < out.index("doc19")


def test_status_takes_to(project_dir: Path) -> None:
    _run("run", "--to", "ru,kk", "-C", str(project_dir))
    code, out, _ = _run("status", "--to", "kk", "--json", "-C", str(project_dir))
    assert code == 0
    assert [row["language"] for row in json.loads(out)] == ["kk"]


def _translate_everything(path: Path) -> None:
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = "Переговоры прошли."
    catalog.save()


def test_run_table_has_serious_counts_and_totals_and_no_empty_warning(tmp_path: Path) -> None:
    root = tmp_path / "desk"
    (root / "seeds").mkdir(parents=True)
    _seed(root, "a", "Talks were held.\n")
    _seed(root, "b", "Talks were held in 2023.\n")
    _run("run", "--to", "ru,kk", "-C", str(root))
    for name in ("a", "b"):
        _translate_everything(root / "locales" / "ru" / "LC_MESSAGES" / f"{name}.po")
    code, out, _ = _run("run", "--to", "ru,kk", "-C", str(root))
    assert code == 0
    assert "kk: 2 entries left untranslated" in out
    assert "ru:" not in out  # every ru entry is translated: no model was needed
    header = next(line for line in out.splitlines() if "document" in line)
    assert header.split() == [
        "document",
        "lang",
        "entries",
        "translated",
        "fuzzy",
        "untranslated",
        "serious",
    ]
    total = next(line for line in out.splitlines() if "total" in line)
    # four catalogs of one entry each; b's ru drops the year 2023, a serious finding
    assert total.split() == ["total", "4", "2", "0", "2", "1"]


def test_a_long_status_table_is_printed_in_chunks_that_line_up(tmp_path: Path) -> None:
    from translate.cli import TABLE_CHUNK

    root = tmp_path / "desk"
    (root / "seeds").mkdir(parents=True)
    names = [f"doc{number}" for number in range(TABLE_CHUNK // 2 + 1)] + ["a-document-with-a-longer-name"]
    for name in names:
        _seed(root, name, "Talks were held.\n")
    _run("run", "--to", "ru,kk", "-C", str(root))
    code, out, _ = _run("status", "-C", str(root))
    assert code == 0
    rows = [line for line in out.splitlines() if line.split()[:1] and line.split()[0] in names]
    assert len(rows) == 2 * len(names) > TABLE_CHUNK  # more rows than one chunk holds
    header = next(line for line in out.splitlines() if line.split()[:1] == ["document"])
    # every row's language and counts start where the header's columns do, in every chunk
    for column in ("lang", "entries", "untranslated"):
        end = header.index(column) + len(column)
        cells = {line[:end].split()[-1] for line in rows}
        assert cells == ({"ru", "kk"} if column == "lang" else {"1"})
    total = next(line for line in out.splitlines() if line.startswith("total"))
    assert total.split() == ["total", str(2 * len(names)), "0", "0", str(2 * len(names)), "0"]
