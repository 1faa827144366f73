"""Commands of the review area: ``translate check`` and the translation memory's TMX import/export."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from translate.checks.checkers import NOT_TRANSLATED, findings_json
from translate.checks.files import CatalogCheck, catalog_files, check_files
from translate.cli._common import JsonOption, ProjectOption, console, print_json_items
from translate.cli._output import QuietOption, VerboseOption, describe_counts, print_findings, say
from translate.diagnostics import Counts, Finding, Location
from translate.errors import UsageError
from translate.glossary.tomlfile import load_project_termbase
from translate.languages import ALL_LANGUAGES, parse_languages
from translate.project import Project

tm_app = typer.Typer(
    name="tm",
    help="The translation memory: reviewed translations shared by all documents (TMX import/export).",
    no_args_is_help=True,
)


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
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Check translations (numbers, glossary, script, quotes, length, markup); exit 1 on serious findings.

    Each finding is one line, 'path:line: severity: message [check]', as compilers print them; a
    summary per catalog follows (not with --quiet). Hints (info) are listed with --verbose.

    A reviewer who accepts a translation despite a finding adds the flag '#, ignore-<check>' to its
    entry (e.g. '#, ignore-length'): the finding is then listed as acknowledged and no longer serious,
    here, in `translate status` and at the publishing gate.

    Like pofilter and msgfmt, check leaves the catalogs as they are unless given --write-notes.
    """
    proj = Project.at(project)
    languages = parse_languages(to) if to else ALL_LANGUAGES
    paths = list(catalogs) if catalogs else catalog_files(proj, languages)
    # One catalog at a time: its findings are printed (or its JSON rows written) and it is dropped
    # before the next is read; only a line of counts per catalog is kept for the summary.
    checks = check_files(
        paths, load_project_termbase(proj.glossary_dir), annotate=write_notes, root=proj.root
    )
    summaries: list[_Summary] = []
    if as_json:
        rows = _json_rows(checks, summaries)
        print_json_items(rows, key="findings", after=lambda: _total(summaries).as_dict())
    else:
        _print_checks(checks, summaries, quiet=quiet, verbose=verbose)
    if _total(summaries).serious:
        raise typer.Exit(1)


@dataclass(frozen=True, slots=True)
class _Summary:
    """What the summary line of one checked catalog says."""

    location: Location
    counts: Counts
    untranslated: int
    annotated: bool


def _summarised(checks: Iterable[CatalogCheck], summaries: list[_Summary]) -> Iterator[CatalogCheck]:
    for check in checks:
        summaries.append(_Summary(check.location, check.counts, check.stats.untranslated, check.annotated))
        yield check


def _total(summaries: Iterable[_Summary]) -> Counts:
    return sum((summary.counts for summary in summaries), Counts())


def _json_rows(checks: Iterable[CatalogCheck], summaries: list[_Summary]) -> Iterator[dict[str, Any]]:
    for check in _summarised(checks, summaries):
        yield from findings_json(check.language, check.results)


def _listed(check: CatalogCheck) -> Iterator[Finding]:
    """The findings of a catalog in file order, the most severe first within each entry; untranslated
    entries are counted in the summary, not listed one by one."""
    for result in check.results:
        yield from sorted(
            (f for f in result.findings if f.check != NOT_TRANSLATED.check), key=lambda f: -f.severity.rank
        )


def _print_checks(
    checks: Iterable[CatalogCheck], summaries: list[_Summary], *, quiet: bool, verbose: bool
) -> None:
    for check in _summarised(checks, summaries):
        # One call per catalog, so that its lines are written a chunk at a time, not an entry at a time.
        print_findings(_listed(check), verbose=verbose)
    if quiet:
        return
    if not summaries:
        say("No catalogs to check; run `translate run` first.")
    for summary in summaries:
        notes = ", notes updated" if summary.annotated else ""
        untranslated = summary.untranslated
        say(f"{summary.location}: {describe_counts(summary.counts)}, {untranslated} untranslated{notes}")


@tm_app.command("import")
def tm_import_command(
    files: Annotated[list[Path], typer.Argument(help="TMX files to add.", exists=True, dir_okay=False)],
    project: ProjectOption = None,
) -> None:
    """Add the units of TMX files (English source; ru, tk and kk targets) to the translation memory."""
    from translate.catalog.memory import TranslationMemory, import_tmx

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
    from translate.catalog.memory import TranslationMemory, export_tmx
    from translate.publish.paths import check_outside_inputs

    proj = Project.at(project)
    languages = parse_languages(to) if to else ALL_LANGUAGES
    if output.suffix.lower() != ".tmx":
        raise UsageError("give the TMX file a name ending in .tmx", path=output)
    check_outside_inputs(output, proj, "write the export elsewhere", UsageError)
    with TranslationMemory.at(proj.state_dir) as memory:
        count = export_tmx(memory, output, languages)
    console.print(f"{output}: {count} translation unit(s)")
