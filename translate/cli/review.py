"""Commands of the review area: ``translate check`` and the translation memory's TMX import/export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from translate.catalog.memory import TranslationMemory, export_tmx, import_tmx
from translate.checks.checkers import NOT_TRANSLATED, Severity, findings_json
from translate.checks.files import CatalogCheck, catalog_files, check_files
from translate.cli._common import JsonOption, ProjectOption, console
from translate.errors import UsageError
from translate.glossary.tomlfile import load_project_termbase
from translate.languages import ALL_LANGUAGES, parse_languages
from translate.project import Project
from translate.publish.paths import check_outside_inputs

tm_app = typer.Typer(
    name="tm",
    help="The translation memory: reviewed translations shared by all documents (TMX import/export).",
    no_args_is_help=True,
)

_STYLE = {Severity.serious: "red", Severity.warning: "yellow", Severity.info: "dim"}


def register(app: typer.Typer) -> None:
    """Add this area's commands to the main app."""
    app.command("check")(check_command)
    app.add_typer(tm_app)


def check_command(
    catalogs: Annotated[
        list[Path] | None,
        typer.Argument(
            help="PO catalogs to check. Default: every catalog under locales/.", exists=True, dir_okay=False
        ),
    ] = None,
    to: Annotated[
        list[str] | None,
        typer.Option("--to", "-t", help="Only these languages (ru, tk, kk) when no catalog is named."),
    ] = None,
    write_notes: Annotated[
        bool,
        typer.Option(
            "--write-notes",
            help="Also write the findings as '#.' check notes into the catalogs (entries awaiting review "
            "get them; reviewed entries only lose notes that no longer hold). Without it, check only reads.",
        ),
    ] = False,
    project: ProjectOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check translations (numbers, glossary, script, quotes, length, markup); exit 1 on serious findings.

    A reviewer who accepts a translation despite a finding adds the flag '#, ignore-<check>' to its
    entry (e.g. '#, ignore-length'): the finding is then listed as acknowledged and no longer serious,
    here, in `translate status` and at the publishing gate.

    Like pofilter and msgfmt, check leaves the catalogs as they are unless given --write-notes.
    """
    proj = Project.at(project)
    languages = parse_languages(to) if to else ALL_LANGUAGES
    paths = list(catalogs) if catalogs else catalog_files(proj, languages)
    checks = check_files(paths, load_project_termbase(proj.glossary_dir), annotate=write_notes)
    serious = sum(check.serious for check in checks)
    if as_json:
        rows = [row for check in checks for row in findings_json(check.path, check.language, check.results)]
        console.print_json(json.dumps({"serious": serious, "findings": rows}))
    else:
        _print_findings(checks, proj.root)
    if serious:
        raise typer.Exit(1)


def _display(path: Path, root: Path) -> str:
    """A catalog's path as the user can open it: relative to the project root when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _print_findings(checks: list[CatalogCheck], root: Path) -> None:
    if not checks:
        console.print("No catalogs to check; run `translate run` first.")
        return
    table = Table(title="Check findings")
    for column in ("file:line", "msgid", "check", "severity", "finding"):
        table.add_column(column, overflow="fold")
    count = 0
    for check in checks:
        for result in check.results:
            for finding in sorted(result.findings, key=lambda f: -f.severity.rank):
                if finding.severity is Severity.info or finding == NOT_TRANSLATED:
                    continue  # untranslated entries are counted below, not listed
                count += 1
                msgid = result.msgid if len(result.msgid) <= 40 else result.msgid[:39] + "…"
                table.add_row(
                    f"{_display(check.path, root)}:{result.line or '?'}",
                    escape(msgid),
                    finding.check,
                    f"[{'dim' if finding.acknowledged else _STYLE[finding.severity]}]{finding.label}[/]",
                    escape(finding.message),
                )
    if count:
        console.print(table)
    for check in checks:
        notes = ", notes updated" if check.annotated else ""
        untranslated = sum(NOT_TRANSLATED in result.findings for result in check.results)
        console.print(
            f"{_display(check.path, root)}: {check.serious} serious finding(s), {untranslated} untranslated"
            f"{notes}",
            soft_wrap=True,
        )


@tm_app.command("import")
def tm_import_command(
    files: Annotated[list[Path], typer.Argument(help="TMX files to add.", exists=True, dir_okay=False)],
    project: ProjectOption = None,
) -> None:
    """Add the units of TMX files (English source; ru, tk and kk targets) to the translation memory."""
    proj = Project.at(project)
    with TranslationMemory.at(proj.state_dir) as memory:
        for path in files:
            added = import_tmx(memory, path)
            console.print(f"{path}: {added} new translation unit(s)")


@tm_app.command("export")
def tm_export_command(
    output: Annotated[
        Path,
        typer.Argument(
            help="TMX file to write (*.tmx, outside seeds/, locales/, glossary/ and .translate/).",
            dir_okay=False,
        ),
    ],
    to: Annotated[
        list[str] | None, typer.Option("--to", "-t", help="Languages to export (default: all).")
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Write the translation memory as a TMX 1.4 file."""
    proj = Project.at(project)
    languages = parse_languages(to) if to else ALL_LANGUAGES
    if output.suffix.lower() != ".tmx":
        raise UsageError("give the TMX file a name ending in .tmx", path=output)
    check_outside_inputs(output, proj, "write the export elsewhere", UsageError)
    with TranslationMemory.at(proj.state_dir) as memory:
        count = export_tmx(memory, output, languages)
    console.print(f"{output}: {count} translation unit(s)")
