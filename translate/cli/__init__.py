"""The ``translate`` command line: a thin typer layer over the library."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table
from typer.core import TyperGroup

from translate import __version__
from translate.catalog.entries import catalog_stats
from translate.catalog.pofile import read_catalog
from translate.cli import glossary, models, publish, review
from translate.cli._common import JsonOption, ModelsDirOption, ProjectOption, console, err_console, print_json
from translate.engine.translator import MAX_THREADS, Device, EngineOptions, Translator
from translate.errors import INTERRUPTED, ToolkitError
from translate.languages import ALL_LANGUAGES, Language, parse_languages
from translate.pipeline import CatalogResult, RunReport, collect_sources, run
from translate.project import Project


class _ToolkitGroup(TyperGroup):
    """Reports every ToolkitError raised by any command as one line and exit status 1."""

    def invoke(self, ctx: Any) -> Any:  # typer vendors its own click Context type
        try:
            return super().invoke(ctx)
        except ToolkitError as exc:
            err_console.print(f"[red]error:[/] {escape(str(exc))}", soft_wrap=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err_console.print(INTERRUPTED, soft_wrap=True, markup=False)
            raise typer.Exit(130) from None


app = typer.Typer(
    name="translate",
    cls=_ToolkitGroup,
    help="Offline translation desk: English articles → ru, tk and kk PO catalogs → published articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _area in (models, glossary, review, publish):
    _area.register(app)


def _version(value: bool) -> None:
    if value:
        console.print(f"translate-desk {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Offline translation desk for Turkmen state news in Russian, Turkmen and Kazakh."""


LanguagesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--to",
        "-t",
        help="Target languages, comma-separated or repeated (ru, tk, kk). Default: all three.",
    ),
]


@app.command("run")
def run_command(
    sources: Annotated[
        list[Path] | None,
        typer.Argument(help="Source articles (.txt or .md). Default: every file in seeds/.", dir_okay=False),
    ] = None,
    to: LanguagesOption = None,
    project: ProjectOption = None,
    models_dir: ModelsDirOption = None,
    beam_size: Annotated[
        int, typer.Option("--beam-size", help="Decoder beam size (1 = greedy, at most 64).")
    ] = 4,
    threads: Annotated[
        int, typer.Option("--threads", help=f"Engine CPU threads (0 = automatic, at most {MAX_THREADS}).")
    ] = 0,
    device: Annotated[Device, typer.Option("--device", help="Engine device.")] = Device.cpu,
    nbest: Annotated[
        int | None,
        typer.Option(
            "--nbest",
            help="Hypotheses the glossary-aware decoder weighs per segment with terms (0 = off: post-edit "
            "only). Default: [engine] nbest in translate.toml, else 4.",
        ),
    ] = None,
    trust_exact: Annotated[
        bool,
        typer.Option(
            "--trust-exact",
            help="Take exact translation-memory matches as reviewed (default: they go in as fuzzy).",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Segment sources, write POT templates and PO catalogs, and fill new entries by machine translation."""
    proj = Project.at(project, models_dir)
    languages = parse_languages(to) if to else ALL_LANGUAGES
    from translate.engine.config import load_nbest

    nbest = load_nbest(proj.root) if nbest is None else nbest
    options = EngineOptions(beam_size=beam_size, threads=threads, device=device, nbest=nbest)
    translators, missing = _open_engines(proj, languages, options)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err_console,
        transient=True,
        disable=as_json or not err_console.is_terminal,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done)

        report = run(
            proj,
            collect_sources(proj, [_project_relative(proj, path) for path in sources or []]),
            languages,
            translators,
            missing,
            progress=progress,
            trust_exact=trust_exact,
        )
    if as_json:
        # The run does not count findings with the term base; count them as `translate status` does.
        counted = {(r.doc_id, r.language): r.serious for r in status_results(proj)}
        catalogs = tuple(
            dataclasses.replace(r, serious=counted.get((r.doc_id, r.language), 0)) for r in report.catalogs
        )
        print_json(_report_json(dataclasses.replace(report, catalogs=catalogs)))
        return
    for language, reason in report.missing_engines:
        untranslated = sum(r.stats.untranslated for r in report.catalogs if r.language is language)
        entries = "1 entry" if untranslated == 1 else f"{untranslated} entries"
        console.print(
            f"[yellow]{language.value}[/]: {entries} left untranslated: "
            f"{escape(reason or _install_hint(language))}"
        )
    written = sum(result.written for result in report.catalogs)
    unchanged = len(report.catalogs) - written
    _print_table(report.catalogs, f"Catalogs: {written} written, {unchanged} unchanged")
    for result in report.catalogs:
        if result.conflict:
            console.print(
                f"[yellow]{result.path}[/]: kept being saved by someone else during the run; their version "
                "was left as it is. Run again to merge.",
                soft_wrap=True,
            )


def _project_relative(project: Project, path: Path) -> Path:
    """A relative source missing from the current folder but present in the project (``-C``) is that one."""
    if path.is_absolute() or path.exists():
        return path
    inside = project.root / path
    return inside if inside.exists() else path


def _open_engines(
    project: Project, languages: tuple[Language, ...], options: EngineOptions
) -> tuple[dict[Language, Translator], dict[Language, str]]:
    """Cached translators for the languages that have an installed model, and why the others have none.

    Every model is loaded (and a broken one reported) before any catalog is touched.
    """
    from translate.engine.stack import open_translators

    return open_translators(project.models_dir, languages, options, state_dir=project.state_dir)


def _install_hint(language: Language) -> str:
    return f"no model for en→{language.value} installed; run translate models install FILE.argosmodel"


def _report_json(report: RunReport) -> dict[str, object]:
    return {
        "templates": [str(path) for path in report.templates],
        "catalogs": [_result_json(result) for result in report.catalogs],
        "missing_engines": {language.value: reason for language, reason in report.missing_engines},
    }


def _result_json(result: CatalogResult) -> dict[str, object]:
    return {
        "document": result.doc_id,
        "language": result.language.value,
        "path": str(result.path),
        "written": result.written,
        "machine_translated": result.machine_translated,
        "from_memory": result.from_memory,
        "conflict": result.conflict,
        "serious": result.serious,
        "entries": result.stats.entries,
        "translated": result.stats.translated,
        "fuzzy": result.stats.fuzzy,
        "untranslated": result.stats.untranslated,
        "obsolete": result.stats.obsolete,
    }


def _print_table(
    results: tuple[CatalogResult, ...] | list[CatalogResult], title: str, *, serious: bool = False
) -> None:
    table = Table(title=title)
    columns = ["document", "language", "entries", "translated", "fuzzy", "untranslated"]
    for column in [*columns, "serious"] if serious else columns:
        table.add_column(
            column,
            justify="left" if column in ("document", "language") else "right",
            overflow="fold" if column == "document" else "ellipsis",
        )
    for result in results:
        stats = result.stats
        row = [
            result.doc_id,
            result.language.value,
            str(stats.entries),
            str(stats.translated),
            str(stats.fuzzy),
            str(stats.untranslated),
        ]
        if serious:
            row.append(f"[red]{result.serious}[/]" if result.serious else "0")
        table.add_row(*row)
    console.print(table)


def status_results(proj: Project) -> list[CatalogResult]:
    """Counts for every catalog on disk under ``locales/``, with its serious check findings."""
    from translate.checks.checkers import check_catalog, serious_count
    from translate.glossary.tomlfile import load_project_termbase

    termbase = load_project_termbase(proj.glossary_dir)
    results: list[CatalogResult] = []
    for language in ALL_LANGUAGES:
        folder = proj.locales_dir / language.value / "LC_MESSAGES"
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.po")):
            catalog = read_catalog(path)
            serious = serious_count(check_catalog(catalog, language, termbase))
            results.append(
                CatalogResult(path.stem, language, path, catalog_stats(catalog), False, 0, serious=serious)
            )
    return results


@app.command("status")
def status_command(project: ProjectOption = None, as_json: JsonOption = False) -> None:
    """Show, per document and language, how many entries are translated, fuzzy, untranslated or have
    serious check findings (see `translate check`)."""
    proj = Project.at(project)
    results = status_results(proj)
    if as_json:
        print_json([_result_json(result) for result in results])
        return
    if not results:
        console.print(f"No catalogs under {proj.locales_dir}; run `translate run` first.")
        return
    _print_table(results, "Catalog status", serious=True)
