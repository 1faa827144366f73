"""Commands of the publish area: ``translate publish`` and ``translate report``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from translate.cli._common import JsonOption, ProjectOption, console, print_json
from translate.cli._output import QuietOption, VerboseOption, describe_counts, plural, say
from translate.diagnostics import Counts, project_path
from translate.languages import ALL_LANGUAGES, parse_languages
from translate.project import Project
from translate.publish.gate import BlockReason
from translate.report import DEFAULT_REPORT

if TYPE_CHECKING:
    from translate.publish.job import LanguageResult, PublishReport

# The commands import the pipeline, the renderers and the report's templates when they run, so that the
# other commands (and --help) start without them.

SourcesArgument = Annotated[
    list[Path] | None,
    typer.Argument(help="Source articles (.txt or .md). Default: every file in seeds/.", dir_okay=False),
]
LanguagesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--to", "-t", help="Target languages, comma-separated or repeated (ru, tk, kk). Default: all three."
    ),
]


def publish_command(
    sources: SourcesArgument = None,
    to: LanguagesOption = None,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            help="Output formats: txt, md, html, comma-separated or repeated, or all (the default).",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Output folder (default: public/); files go to <out>/<lang>/<doc>.<ext>."
        ),
    ] = None,
    allow_incomplete: Annotated[
        bool,
        typer.Option(
            "--allow-incomplete",
            help="Publish even when entries are untranslated or fuzzy: those segments stay in English "
            "and are marked in HTML.",
        ),
    ] = False,
    date_format: Annotated[
        list[str] | None,
        typer.Option(
            "--date-format",
            help="Date pattern for one language, LANG=PATTERN in CLDR syntax (e.g. ru=\"d MMMM y 'г.'\"); "
            "overrides \\[publish.date_format] in translate.toml. Default: CLDR's long format.",
        ),
    ] = None,
    project: ProjectOption = None,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Rebuild each source article in every language whose catalog is fully reviewed.

    A language with untranslated, fuzzy or seriously flagged entries is not published (exit status 1)
    unless --allow-incomplete is given. A summary per language says what keeps it back; --verbose
    lists every blocker, one 'path:line: serious: reason' line each; --quiet prints only those lines.
    """
    from translate.document.source import DocumentFiles
    from translate.pipeline import collect_sources
    from translate.publish.config import load_publish_config, parse_date_format_options
    from translate.publish.gate import project_check
    from translate.publish.job import publish
    from translate.publish.render import parse_formats

    proj = Project.at(project)
    languages = parse_languages(to) if to else ALL_LANGUAGES
    chosen = parse_formats(formats or [])
    config = load_publish_config(proj).with_date_formats(parse_date_format_options(date_format or []))
    documents = DocumentFiles(collect_sources(proj, sources or []))
    report = publish(
        proj,
        documents,
        languages,
        chosen,
        out_dir=out,
        allow_incomplete=allow_incomplete,
        config=config,
        check=project_check(proj),
    )
    if as_json:
        print_json(_report_json(report, proj.root))
    elif quiet:
        for result in report.results:
            _print_blockers(result)
    else:
        _print_report(report, proj.root, allow_incomplete=allow_incomplete, verbose=verbose)
    if report.blocked:
        raise typer.Exit(1)


def _print_blockers(result: LanguageResult) -> None:
    for blocker in result.blockers:
        say(blocker.describe(), err=True)


def _print_report(
    report: PublishReport, root: Path, *, allow_incomplete: bool = False, verbose: bool = False
) -> None:
    for result in report.results:
        code = result.language.value
        if not result.published:
            missing = result.blockers.missing
            if missing:
                # --allow-incomplete never publishes a language that has no catalog for a document.
                what_to_do = "run `translate run` to create " + ("it" if missing == 1 else "them")
                if missing < len(result.blockers):
                    what_to_do += ", and review the entries"
            elif allow_incomplete:
                what_to_do = "review them"
            else:
                what_to_do = "review them, or use --allow-incomplete"
            listed = ":" if verbose else " (--verbose lists them)"
            say(f"{code}: not published: {_summary(result)}; {what_to_do}{listed}", err=True, style="red")
            if verbose:
                _print_blockers(result)
            continue
        if result.incomplete:
            html = any(path.suffix == ".html" for path in result.files)
            flagged = result.blockers.flagged
            parts = []
            if result.kept_in_source:
                parts.append(f"{plural(result.kept_in_source, 'segment')} kept in English")
            if flagged:
                parts.append(f"{plural(flagged, 'segment')} published with an open serious finding")
            what = " and ".join(parts) + (", marked in the HTML" if html else "")
            listed = ":" if verbose else " (--verbose lists them)"
            say(
                f"{code}: published INCOMPLETE (--allow-incomplete): {what}; {_summary(result)}{listed}",
                err=True,
                style="yellow",
            )
            if verbose:
                _print_blockers(result)
        unchanged = len(result.files) - len(result.written)
        where = project_path(report.out_dir / code, root)
        say(
            f"{code}: published {plural(len(result.files), 'file')} "
            f"({len(result.written)} written, {unchanged} unchanged) in {where}",
            style="green",
        )


def _summary(result: LanguageResult) -> str:
    """``33 entries need attention (23 fuzzy, 46 serious findings); checks: 46 serious, 3 warnings``,
    led by ``1 catalog missing``."""
    blockers = result.blockers
    parts = []
    if missing := blockers.missing:
        parts.append(f"{plural(missing, 'catalog')} missing")
    if reasons := blockers.reasons:
        entries = blockers.entries
        detail = ", ".join(
            f"{count} {reason.value}{'s' if reason is BlockReason.serious and count != 1 else ''}"
            for reason, count in sorted(reasons.items())
        )
        parts.append(f"{entries} {'entry needs' if entries == 1 else 'entries need'} attention ({detail})")
    text = ", ".join(parts)
    if result.counts != Counts():
        text += f"; checks: {describe_counts(result.counts)}"
    return text


def _report_json(report: PublishReport, root: Path) -> dict[str, object]:
    return {
        "out": project_path(report.out_dir, root),
        "languages": [
            {
                "language": result.language.value,
                "published": result.published,
                "incomplete": result.incomplete,
                "kept_in_source": result.kept_in_source,
                **result.counts.as_dict(),
                "files": [project_path(path, root) for path in result.files],
                "written": [project_path(path, root) for path in result.written],
                "blockers": [blocker.as_dict() for blocker in result.blockers],
            }
            for result in report.results
        ],
    }


def report_command(
    sources: SourcesArgument = None,
    to: LanguagesOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="The index page to write (*.html, outside seeds/ and locales/; default: "
            f"{DEFAULT_REPORT}); the documents' pages go in the folder of its name (reports/review/).",
            dir_okay=False,
        ),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Write the review report: an index page with every document's progress and the consistency
    across documents, and a page per document (in a folder named after the index) with its segments
    side by side in all languages, glossary terms highlighted, check findings, fuzzy state and
    provenance. Every page is self-contained HTML that works offline."""
    from translate.document.source import DocumentFiles
    from translate.pipeline import collect_sources
    from translate.publish.config import load_publish_config
    from translate.publish.gate import project_check
    from translate.report.highlight import project_highlighter
    from translate.report.page import check_report_path, pages_folder, write_report

    proj = Project.at(project)
    languages = parse_languages(to) if to else ALL_LANGUAGES
    documents = DocumentFiles(collect_sources(proj, sources or []))
    path = out or proj.root / DEFAULT_REPORT
    check_report_path(path, proj)
    files = write_report(
        proj,
        documents,
        languages,
        dt.datetime.now(dt.UTC),
        path,
        highlighter=project_highlighter(proj),
        check=project_check(proj),
        config=load_publish_config(proj),
    )
    console.print(
        f"Review report written to {path} (and {plural(len(files.pages), 'document page')} in "
        f"{pages_folder(path)})"
    )
    console.print(f"Open it in a browser: {path.resolve().as_uri()}")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the main app."""
    app.command("publish")(publish_command)
    app.command("report")(report_command)
