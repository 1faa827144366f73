"""The ``translate`` command line: a thin typer layer over the library."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table
from typer.core import TyperGroup

from translate import __version__
from translate.cli import glossary, models, publish, review
from translate.cli._common import (
    ROOT_PROJECT,
    JsonOption,
    ModelsDirOption,
    ProjectOption,
    console,
    err_console,
    print_json,
    print_json_items,
    report_error,
    styled,
)
from translate.diagnostics import project_path
from translate.engine.distributed import Executor, RayOptions
from translate.engine.translator import MAX_THREADS, Device, EngineOptions, Translator
from translate.errors import INTERRUPTED, ToolkitError, UsageError
from translate.languages import ALL_LANGUAGES, Language, parse_languages
from translate.project import Project

if TYPE_CHECKING:
    # The pipeline (engine stack, memory, documents) is imported by the commands that run it, so that
    # `check`, `status` and `--help` start without it.
    from translate.pipeline import CatalogResult, RunReport


class _ToolkitGroup(TyperGroup):
    """Reports every ToolkitError raised by any command as one line, with the error's exit status
    (1 for a failure, 2 for a usage error)."""

    def invoke(self, ctx: Any) -> Any:  # typer vendors its own click Context type
        try:
            return super().invoke(ctx)
        except ToolkitError as exc:
            report_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err_console.print(INTERRUPTED)
            raise typer.Exit(130) from None

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """List the commands with their first sentence in full, wrapped, rather than cut off with "..."."""
        rows = [
            (name, command.get_short_help_str(limit=10_000))
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


app = typer.Typer(
    name="translate",
    cls=_ToolkitGroup,
    help="Offline translation desk: English articles → ru, tk and kk PO catalogs → published articles.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    # click's plain help: boolean flags shown as flags, text wrapped to the terminal (COLUMNS), and no
    # help text read as rich markup.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

for _area in (models, glossary, review, publish):
    _area.register(app)


def _plain_help(typer_app: typer.Typer) -> None:
    """Give every sub-app the root's plain help and its command list (typer gives each its own
    markup mode and group class)."""
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            group.typer_instance.rich_markup_mode = None
            group.typer_instance.info.cls = _ToolkitGroup
            _plain_help(group.typer_instance)


_plain_help(app)


def _version(value: bool) -> None:
    if value:
        console.print(f"translate-desk {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Option(
            "-C",
            "--project",
            metavar="DIR",
            help="Run as if started in DIR (as git -C and make -C do); the project is found from there.",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Offline translation desk for Turkmen state news in Russian, Turkmen and Kazakh."""
    if directory is None:
        return
    if not directory.is_dir():
        what = "is not a folder" if directory.exists() else "no such folder"
        raise UsageError(f"{what}; give -C the project's folder (or one inside it)", path=directory)
    os.chdir(directory)
    ctx.meta[ROOT_PROJECT] = Path.cwd()


LanguagesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--to",
        "-t",
        metavar="LANGS",
        help="Target languages, comma-separated or repeated (ru, tk, kk). Default: all three.",
    ),
]


@app.command("run")
def run_command(
    sources: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Source articles (.txt or .md). Default: every file in seeds/.",
            dir_okay=False,
            metavar="SOURCE",
        ),
    ] = None,
    to: LanguagesOption = None,
    project: ProjectOption = None,
    models_dir: ModelsDirOption = None,
    beam_size: Annotated[
        int, typer.Option("--beam-size", metavar="N", help="Decoder beam size (1 = greedy, at most 64).")
    ] = 4,
    threads: Annotated[
        int,
        typer.Option(
            "--threads", metavar="N", help=f"Engine CPU threads (0 = automatic, at most {MAX_THREADS})."
        ),
    ] = 0,
    device: Annotated[Device, typer.Option("--device", help="Engine device.")] = Device.cpu,
    nbest: Annotated[
        int | None,
        typer.Option(
            "--nbest",
            metavar="N",
            help="Hypotheses the glossary-aware decoder weighs per segment with terms (0 = off: post-edit "
            "only). Default: [engine] nbest in translate.toml, else 4.",
        ),
    ] = None,
    gpus: Annotated[
        str | None,
        typer.Option(
            "--gpus",
            metavar="LIST",
            help="GPUs of this machine to spread each model over, e.g. 0,1 (with --device cuda).",
        ),
    ] = None,
    executor: Annotated[
        Executor | None,
        typer.Option(
            "--executor",
            help="Where engine calls run: local (this process) or ray (actors of a Ray cluster; needs "
            "pip install 'translate-desk[ray]'). Default: [engine] executor in translate.toml, else local.",
        ),
    ] = None,
    ray_address: Annotated[
        str | None,
        typer.Option(
            "--ray-address",
            metavar="ADDRESS",
            help="Join this Ray cluster (host:port or ray://host:port) instead of starting a local "
            "instance; implies --executor ray.",
        ),
    ] = None,
    ray_actors: Annotated[
        int | None,
        typer.Option(
            "--ray-actors",
            metavar="N",
            help="Ray actors per language, each holding one loaded model (default: one per CPU of the "
            "cluster, or per GPU with --device cuda).",
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
    from translate.pipeline import collect_sources, run

    proj = Project.at(project, models_dir)
    languages = parse_languages(to) if to else ALL_LANGUAGES
    from translate.engine.config import load_engine_settings

    settings = load_engine_settings(proj.root)
    options = EngineOptions(
        beam_size=beam_size,
        threads=threads,
        device=device,
        nbest=settings.nbest if nbest is None else nbest,
        gpus=_gpu_list(gpus),
    )
    where = executor or (Executor.ray if ray_address else settings.executor)
    ray_options = RayOptions(
        address=ray_address or settings.ray_address,
        actors=settings.ray_actors if ray_actors is None else ray_actors,
    )
    if where is Executor.ray and options.gpus:
        raise UsageError("--gpus is for one process; on Ray each actor takes one GPU (use --ray-actors)")
    paths = collect_sources(proj, [_project_relative(proj, path) for path in sources or []])
    skipped = [] if sources else list(proj.skipped_files())
    for path, reason in skipped:
        err_console.print(styled((project_path(path, proj.root), "yellow"), f": {reason}"))
    translators, missing = _open_engines(proj, languages, options, where, ray_options)
    try:
        with Progress(
            TextColumn("{task.description}", markup=False),
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
                paths,
                languages,
                translators,
                missing,
                progress=progress,
                trust_exact=trust_exact,
            )
    finally:
        if where is Executor.ray:
            from translate.engine.distributed import release

            release(translators)  # the actors' CPUs and GPUs go back to the cluster
    catalogs = report.catalogs
    if as_json:
        data = _report_json(report, proj.root)  # the run counted each catalog's findings
        data["skipped"] = [
            {"path": project_path(path, proj.root), "reason": reason} for path, reason in skipped
        ]
        print_json(data)
        return
    for language, reason in report.missing_engines:
        untranslated = sum(r.stats.untranslated for r in catalogs if r.language is language)
        if not untranslated:
            continue  # nothing was waiting for the missing model
        entries = "1 entry" if untranslated == 1 else f"{untranslated} entries"
        console.print(
            styled(
                (language.value, "yellow"),
                f": {entries} left untranslated: {reason or _install_hint(language)}",
            )
        )
    written = sum(result.written for result in catalogs)
    unchanged = len(catalogs) - written
    _print_table(catalogs, f"Catalogs: {written} written, {unchanged} unchanged")
    for result in catalogs:
        if result.conflict:
            console.print(
                styled(
                    (str(result.path), "yellow"),
                    ": kept being saved by someone else during the run; their version was left as it is. "
                    "Run again to merge.",
                )
            )


def _project_relative(project: Project, path: Path) -> Path:
    """A relative source missing from the current folder but present in the project (``-C``) is that one."""
    if path.is_absolute() or path.exists():
        return path
    inside = project.root / path
    return inside if inside.exists() else path


def _open_engines(
    project: Project,
    languages: tuple[Language, ...],
    options: EngineOptions,
    executor: Executor = Executor.local,
    ray_options: RayOptions | None = None,
) -> tuple[dict[Language, Translator], dict[Language, str]]:
    """Cached translators for the languages that have an installed model, and why the others have none.

    Every model is loaded (and a broken one reported) before any catalog is touched.
    """
    from translate.engine.stack import open_translators

    return open_translators(
        project.models_dir,
        languages,
        options,
        state_dir=project.state_dir,
        executor=executor,
        ray_options=ray_options,
    )


def _gpu_list(value: str | None) -> tuple[int, ...]:
    """``--gpus 0,1`` as GPU numbers; anything else is a usage error."""
    if value is None:
        return ()
    parts = [part.strip() for part in value.split(",")]
    if not all(part.isascii() and part.isdigit() for part in parts):
        raise UsageError(f"--gpus takes GPU numbers separated by commas, e.g. 0,1; got {value!r}")
    return tuple(int(part) for part in parts)


def _install_hint(language: Language) -> str:
    return f"no model for en→{language.value} installed; run translate models install FILE.argosmodel"


def _report_json(report: RunReport, root: Path) -> dict[str, object]:
    return {
        "templates": [project_path(path, root) for path in report.templates],
        "catalogs": [_result_json(result, root) for result in report.catalogs],
        "missing_engines": {language.value: reason for language, reason in report.missing_engines},
    }


def _result_json(result: CatalogResult, root: Path) -> dict[str, object]:
    return {
        "document": result.doc_id,
        "language": result.language.value,
        "path": project_path(result.path, root),
        "written": result.written,
        "machine_translated": result.machine_translated,
        "from_memory": result.from_memory,
        "conflict": result.conflict,
        **result.counts.as_dict(),
        "entries": result.stats.entries,
        "translated": result.stats.translated,
        "fuzzy": result.stats.fuzzy,
        "untranslated": result.stats.untranslated,
        "obsolete": result.stats.obsolete,
    }


TABLE_COLUMNS = ("document", "lang", "entries", "translated", "fuzzy", "untranslated", "serious")
TABLE_CHUNK = 200
"""Rows printed at once: a status of thousands of catalogs is printed as it is checked, in the memory
of one chunk, each chunk a table of the same fixed column widths so the chunks line up as one."""


def _table_chunk(widths: dict[str, int], *, title: str | None = None, header: bool = False) -> Table:
    table = Table(
        title=title,
        show_header=header,
        box=None,
        pad_edge=False,
    )
    for column in TABLE_COLUMNS:
        # Counts and their headers are never cut; on a narrow terminal the document id folds instead.
        table.add_column(
            column,
            justify="left" if column in ("document", "lang") else "right",
            overflow="fold" if column == "document" else "ellipsis",
            no_wrap=column != "document",
            width=widths[column],
        )
    if header:
        _rule(table, widths)
    return table


def _rule(table: Table, widths: dict[str, int]) -> None:
    table.add_row(*("─" * widths[column] for column in TABLE_COLUMNS))


def _print_table(results: Iterable[CatalogResult], title: str, documents: Sequence[str] = ()) -> None:
    """One row per catalog (document, language, counts, serious findings) and a row of totals, printed
    as ``results`` come, a chunk of rows at a time. The document column is as wide as the longest of
    ``documents`` (the ids to come, when known up front) or of the first chunk's."""
    widths = {column: max(len(column), 7) for column in TABLE_COLUMNS}
    widths["lang"] = len("lang")
    # The counts' columns never shrink; the document column takes what the terminal leaves them.
    room = console.width - sum(widths[column] for column in TABLE_COLUMNS[1:]) - 2 * (len(TABLE_COLUMNS) - 1)
    widths["document"] = max([len("document"), *(len(doc_id) for doc_id in documents)])
    widths["document"] = max(len("document"), min(widths["document"], room))
    totals = dict.fromkeys(("entries", "translated", "fuzzy", "untranslated", "serious"), 0)
    rows = 0
    chunk: Table | None = None
    for result in results:
        if chunk is None:
            if rows == 0 and not documents:
                widths["document"] = max(widths["document"], min(len(result.doc_id), room))
            chunk = _table_chunk(widths, title=title if rows == 0 else None, header=rows == 0)
        stats = result.stats
        chunk.add_row(
            result.doc_id,
            result.language.value,
            str(stats.entries),
            str(stats.translated),
            str(stats.fuzzy),
            str(stats.untranslated),
            styled((str(result.serious), "red")) if result.serious else "0",
        )
        for name in ("entries", "translated", "fuzzy", "untranslated"):
            totals[name] += getattr(stats, name)
        totals["serious"] += result.serious
        rows += 1
        if rows % TABLE_CHUNK == 0:
            console.print(chunk)
            chunk = None
    if chunk is not None:
        console.print(chunk)
    if rows > 1:
        last = _table_chunk(widths)
        _rule(last, widths)
        last.add_row("total", "", *(str(totals[name]) for name in TABLE_COLUMNS[2:]), style="bold")
        console.print(last)


def status_results(proj: Project, paths: Sequence[Path]) -> Iterator[CatalogResult]:
    """Counts for each catalog of ``paths`` (``checks.files.catalog_files``), with its findings counted
    as `translate check` counts them (the same library call, without writing notes), one catalog read
    at a time."""
    from translate.checks.files import check_files
    from translate.glossary.tomlfile import load_project_termbase
    from translate.pipeline import CatalogResult

    termbase = load_project_termbase(proj.glossary_dir)  # a broken term base is refused up front
    checks = check_files(paths, termbase, annotate=False, root=proj.root)
    return (
        CatalogResult(c.path.stem, c.language, c.path, c.stats, False, 0, counts=c.counts) for c in checks
    )


@app.command("status")
def status_command(
    to: Annotated[
        list[str] | None,
        typer.Option(
            "--to",
            "-t",
            metavar="LANGS",
            help="Only these languages, comma-separated or repeated (ru, tk, kk).",
        ),
    ] = None,
    project: ProjectOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show, per document and language, how many entries are translated, fuzzy, untranslated or have
    serious check findings (see `translate check`)."""
    from translate.checks.files import catalog_files

    proj = Project.at(project)
    paths = catalog_files(proj, parse_languages(to) if to else ALL_LANGUAGES)
    results = status_results(proj, paths)
    if as_json:
        print_json_items(_result_json(result, proj.root) for result in results)
        return
    if not paths:
        console.print(f"No catalogs under {proj.locales_dir}; run `translate run` first.")
        return
    _print_table(results, "Catalog status", documents=[path.stem for path in paths])
