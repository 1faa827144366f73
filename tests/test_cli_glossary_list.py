"""``translate glossary list`` output: tab-separated lines off a terminal or for a large base, a table on one."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from translate.cli import app
from translate.cli import glossary as glossary_cli

# Texts that look like rich markup: they are data and must print as written.
GLOSSARY = """\
[ahal]
en = "Ahal [b]velayat[/b]"
kind = "place"

[ahal.ru]
text = "[red]Ахалский велаят"

[ahal.tk]
text = "Ahal welaýaty"
status = "provisional"

[mary]
en = "Mary"
kind = "place"

[mary.ru]
text = "Мары"
"""


@pytest.fixture
def project(project_dir: Path) -> Path:
    (project_dir / "glossary").mkdir()
    (project_dir / "glossary" / "places.toml").write_text(GLOSSARY, encoding="utf-8")
    return project_dir


def _list(project: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["glossary", "list", "-C", str(project), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_off_a_terminal_each_term_is_one_tab_separated_line_printed_literally(project: Path) -> None:
    assert _list(project).splitlines() == [
        "id\ten\tru\ttk\tkk",
        "ahal\tAhal [b]velayat[/b]\t[red]Ахалский велаят\tAhal welaýaty*\t—",
        "mary\tMary\tМары\t—\t—",
    ]


def test_the_languages_asked_for_are_the_columns_in_that_order(project: Path) -> None:
    assert _list(project, "--lang", "tk,ru").splitlines()[:2] == [
        "id\ten\ttk\tru",
        "ahal\tAhal [b]velayat[/b]\tAhal welaýaty*\t[red]Ахалский велаят",
    ]


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=160, highlight=False, color_system=None)
    monkeypatch.setattr(glossary_cli, "console", console)
    return screen


def test_on_a_terminal_a_small_base_is_a_table_with_markup_left_as_written(
    project: Path, terminal: io.StringIO
) -> None:
    assert _list(project) == ""  # the table went to the terminal
    screen = terminal.getvalue()
    assert "2 terms" in screen
    assert "Ahal [b]velayat[/b]" in screen and "[red]Ахалский велаят" in screen
    assert "Ahal welaýaty*" in screen and "\t" not in screen


def test_on_a_terminal_a_base_over_the_table_bound_is_listed_as_lines(
    project: Path, terminal: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(glossary_cli, "TABLE_ROWS", 1)
    assert _list(project).splitlines()[2] == "mary\tMary\tМары\t—\t—"
    assert terminal.getvalue() == ""
