"""Shared pieces of the command line: the consoles, the project option and error handling."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.style import Style
from rich.text import Text

from translate.errors import ToolkitError
from translate.project import find_root

# Control characters other than newline and tab; an ESC in a file name or a term would otherwise reach
# the terminal as a command (colours, cursor moves, a forged line). C1 controls (U+0080–U+009F) too:
# some terminals obey them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def neutralise(text: str) -> str:
    """``text`` with every control character but newline and tab shown as its escape (``\\x1b``)."""
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], text)


class _LiteralConsole(Console):
    """A console that prints text as it is: no markup, no emoji codes, no highlighting, no control codes.

    Data (paths, terms, source sentences, messages) is printed as given, so ``file.toml:100:`` stays
    that and ``[bold]`` in a term is shown, not obeyed. Styles come from ``Text`` objects (``styled``).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(markup=False, emoji=False, highlight=False, soft_wrap=True, **kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        """Every plain string printed, table cells and titles included, has its control codes shown."""
        return super().render_str(neutralise(text), **kwargs)


console = _LiteralConsole()
err_console = _LiteralConsole(stderr=True)


def literal(value: object, style: str | Style = "") -> Text:
    """``value`` as printable text: never read as markup or emoji, control characters shown as escapes."""
    return Text(neutralise(str(value)), style=style)


def styled(*parts: str | tuple[str, str]) -> Text:
    """A line from literal pieces, each a string or a ``(text, style)`` pair: ``styled(("error:", "red"),
    " ", message)``."""
    line = Text()
    for part in parts:
        text, style = part if isinstance(part, tuple) else (part, "")
        line.append(neutralise(text), style=style)
    return line


def report_error(exc: ToolkitError) -> None:
    """Print a toolkit error as its one line on stderr: ``error: <file>:<line>: <what to do>``."""
    err_console.print(styled(("error:", "red"), " ", str(exc)))


ROOT_PROJECT = "translate.project"
"""Key in the root context's ``meta`` of the folder given as ``translate -C DIR``."""


def _find_project(ctx: typer.Context, param: typer.CallbackParam, value: Path | None) -> Path | None:
    """The root of the project the command works on, found upward from the folder it was given.

    Precedence: the command's own ``--project``, then ``translate -C DIR``, then ``$TRANSLATE_PROJECT``,
    then the current folder.
    """
    if ctx.resilient_parsing:  # shell completion: nothing to find yet
        return value
    source = ctx.get_parameter_source(param.name or "project")
    given: Path | None = ctx.find_root().meta.get(ROOT_PROJECT)
    if value is None or (given is not None and source is not None and source.name == "ENVIRONMENT"):
        return find_root(given or Path.cwd(), named=given is not None)
    return find_root(value, named=True)


ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project",
        "-C",
        metavar="DIR",
        help="The project folder, or any folder inside it (default: $TRANSLATE_PROJECT or the current "
        "folder; the project root is looked for upward from there, as git does).",
        exists=True,  # a mistyped root must not grow a fresh project tree
        file_okay=False,
        envvar="TRANSLATE_PROJECT",
        show_envvar=False,
        callback=_find_project,
    ),
]

ModelsDirOption = Annotated[
    Path | None,
    typer.Option(
        "--models-dir",
        metavar="DIR",
        help="Folder of installed models (default: $TRANSLATE_MODELS_DIR or a per-user data folder).",
        file_okay=False,
    ),
]


def print_json(data: object) -> None:
    """Print ``data`` as indented UTF-8 JSON on stdout.

    Plain text, not rich's ``print_json``: its highlighter took seconds for a large term base or run.
    """
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def print_json_items(
    items: Iterable[object],
    *,
    key: str | None = None,
    after: Callable[[], Mapping[str, object]] | None = None,
) -> None:
    """Print a JSON array of ``items`` as each comes (nothing is held), formatted as :func:`print_json`
    formats it; with ``key``, the array is that member of an object whose other members ``after`` gives
    once the items are printed (counts that the items add up to)."""
    indent = "  " if key is None else "    "
    typer.echo("[" if key is None else "{\n  " + json.dumps(key) + ": [", nl=False)
    first = True
    for item in items:
        text = json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n" + indent)
        typer.echo(("\n" if first else ",\n") + indent + text, nl=False)
        first = False
    closing = "]" if first else "\n" + indent[:-2] + "]"
    if key is None:
        typer.echo(closing)
        return
    members = after() if after is not None else {}
    rest = "".join(
        f",\n  {json.dumps(name)}: " + json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        for name, value in members.items()
    )
    typer.echo(closing + rest + "\n}")


JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON instead of a table.")]
