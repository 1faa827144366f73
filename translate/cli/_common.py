"""Shared pieces of the command line: the console, the project option and error handling."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project",
        "-C",
        help="Project root (default: $TRANSLATE_PROJECT or the current folder).",
        exists=True,  # a mistyped root must not grow a fresh project tree
        file_okay=False,
        envvar="TRANSLATE_PROJECT",
        show_envvar=False,
    ),
]

ModelsDirOption = Annotated[
    Path | None,
    typer.Option(
        "--models-dir",
        help="Folder of installed models (default: $TRANSLATE_MODELS_DIR or a per-user data folder).",
        file_okay=False,
    ),
]


def print_json(data: object) -> None:
    """Print ``data`` as indented UTF-8 JSON on stdout.

    Plain text, not rich's ``print_json``: its highlighter took seconds for a large term base or run.
    """
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON instead of a table.")]
