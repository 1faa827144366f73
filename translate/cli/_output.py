"""Printing findings as compilers do: one ``path:line: severity: message`` per line, never wrapped or cut.

Editors and CI jump to such lines, so they are printed literally (no rich markup, no highlighting) and
soft-wrapped (not broken at the terminal's width, not cropped when piped), whatever ``COLUMNS`` says.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

import typer
from rich.text import Text

from translate.cli._common import console, err_console, neutralise
from translate.diagnostics import Counts, Finding, Severity

QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print only the findings (serious and warnings), no summary.")
]
VerboseOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="Print every finding, hints (info) included.")
]

_STYLE = {Severity.serious: "red", Severity.warning: "yellow", Severity.info: "dim"}


def say(text: str, *, err: bool = False, style: str | None = None) -> None:
    """Print one line literally (brackets and all), unwrapped."""
    (err_console if err else console).print(text, style=style, markup=False, highlight=False, soft_wrap=True)


def print_finding(finding: Finding, *, err: bool = False) -> None:
    """Print ``finding`` as one compiler-style line, its severity coloured on a terminal."""
    target = err_console if err else console
    if not target.is_terminal:
        # Plain lines off a terminal: rich took about 15 s for the 200,000 findings of a 60,000-term base.
        typer.echo(neutralise(finding.line()), err=err)
        return
    text = Text(neutralise(finding.line()))
    start = len(f"{finding.location}: ") if finding.location is not None else 0
    style = "dim" if finding.acknowledged else _STYLE[finding.severity]
    text.stylize(style, start, start + len(finding.severity.value))
    target.print(text, highlight=False, soft_wrap=True)


def shown(finding: Finding, *, verbose: bool) -> bool:
    """Whether a finding is listed: hints (info) only with ``--verbose``."""
    return verbose or finding.severity is not Severity.info


def print_findings(findings: Iterable[Finding], *, verbose: bool = False, err: bool = False) -> int:
    """Print the findings to list (see :func:`shown`), one per line; return how many were printed."""
    printed = 0
    if (err_console if err else console).is_terminal:
        for finding in findings:
            if shown(finding, verbose=verbose):
                print_finding(finding, err=err)
                printed += 1
        return printed
    # Off a terminal the lines are plain: written a chunk at a time, not one echo per finding (a
    # large catalog has tens of thousands), and never more than a chunk held.
    chunk: list[str] = []
    for finding in findings:
        if shown(finding, verbose=verbose):
            chunk.append(neutralise(finding.line()))
            printed += 1
            if len(chunk) == _CHUNK:
                typer.echo("\n".join(chunk), err=err)
                chunk.clear()
    if chunk:
        typer.echo("\n".join(chunk), err=err)
    return printed


_CHUNK = 1000


def plural(count: int, noun: str) -> str:
    """``1 warning``, ``2 warnings``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def describe_counts(counts: Counts) -> str:
    """``2 serious, 1 warning`` (and acknowledged findings when there are any)."""
    text = f"{counts.serious} serious, {plural(counts.warning, 'warning')}"
    if counts.acknowledged:
        text += f", {counts.acknowledged} acknowledged"
    return text
