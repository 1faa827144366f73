"""What ``glossary list`` and ``lint`` print: plain lines off a terminal (or for a large base), rich on one,
and the base's text always as written, never read as rich markup or emoji codes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from translate.cli import _output as output_cli
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
    return _glossary(project, "list", *args)


def _glossary(project: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["glossary", *args, "-C", str(project)], catch_exceptions=False)
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
    console = Console(
        file=screen, force_terminal=True, width=80, highlight=False, soft_wrap=True, color_system=None
    )
    monkeypatch.setattr(glossary_cli, "console", console)
    monkeypatch.setattr(output_cli, "console", console)  # where findings are printed
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


# A term on line 100 lacks its kk rendering: rich reads ":100:" as the emoji code of 💯.
LINE_100 = (
    "# padding\n" * 99
    + '[aktau]\nen = "Aktau"\nkind = "place"\n\n[aktau.ru]\ntext = "Актау"\n\n[aktau.tk]\ntext = "Aktau"\n'
)


@pytest.fixture
def line_100(project_dir: Path) -> Path:
    (project_dir / "glossary").mkdir()
    (project_dir / "glossary" / "places.toml").write_text(LINE_100, encoding="utf-8")
    return project_dir


def test_lint_off_a_terminal_prints_each_finding_as_written(line_100: Path) -> None:
    assert _glossary(line_100, "lint").splitlines() == [
        "glossary/places.toml:100: warning: aktau: no kk rendering; add [aktau.kk] [no-rendering]",
        "1 finding: 0 serious, 1 warning, 0 info",
    ]


def test_lint_on_a_terminal_keeps_a_line_number_that_looks_like_an_emoji_code(
    line_100: Path, terminal: io.StringIO
) -> None:
    assert _glossary(line_100, "lint") == ""
    assert terminal.getvalue() == (
        "glossary/places.toml:100: warning: aktau: no kk rendering; add [aktau.kk] [no-rendering]\n"
        "1 finding: 0 serious, 1 warning, 0 info\n"
    )
