"""Commands of the publish area: ``translate publish`` and ``translate report``."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from translate.cli._common import JsonOption, ProjectOption, console, err_console, styled
from translate.fileio import atomic_write_bytes
from translate.languages import ALL_LANGUAGES, parse_languages
from translate.pipeline import collect_sources, load_documents
from translate.project import Project
from translate.publish.config import load_publish_config, parse_date_format_options
from translate.publish.gate import Blocker, BlockReason, serious_check
from translate.publish.job import PublishReport, publish
from translate.publish.render import parse_formats
from translate.report.build import project_check
from translate.report.highlight import project_highlighter
from translate.report.page import DEFAULT_REPORT, check_report_path, write_report_html

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
) -> None:
    """Rebuild each source article in every language whose catalog is fully reviewed.

    A language with untranslated, fuzzy or seriously flagged entries is not published; its blockers are
    listed (exit status 1) unless --allow-incomplete is given.
    """
    proj = Project.at(project)
    languages = parse_languages(to) if to else ALL_LANGUAGES
    chosen = parse_formats(formats or [])
    config = load_publish_config(proj).with_date_formats(parse_date_format_options(date_format or []))
    documents = load_documents(collect_sources(proj, sources or []))
    report = publish(
        proj,
        documents,
        languages,
        chosen,
        out_dir=out,
        allow_incomplete=allow_incomplete,
        config=config,
        serious=serious_check(proj),
    )
    if as_json:
        console.print_json(json.dumps(_report_json(report)))
    else:
        _print_report(report, allow_incomplete=allow_incomplete)
    if report.blocked:
        raise typer.Exit(1)


def _print_report(report: PublishReport, *, allow_incomplete: bool = False) -> None:
    for result in report.results:
        code = result.language.value
        if not result.published:
            missing = sum(blocker.reason is BlockReason.missing_catalog for blocker in result.blockers)
            if missing:
                # --allow-incomplete never publishes a language that has no catalog for a document.
                what_to_do = "run `translate run` to create " + ("it" if missing == 1 else "them")
                if missing < len(result.blockers):
                    what_to_do += ", and review the entries"
            elif allow_incomplete:
                what_to_do = "review them"
            else:
                what_to_do = "review them, or use --allow-incomplete"
            err_console.print(
                styled((f"{code}: not published", "red"), f": {_summary(result.blockers)}; {what_to_do}:"),
            )
            for blocker in result.blockers:
                err_console.print(f"  {blocker.describe()}")
            continue
        if result.incomplete:
            html = any(path.suffix == ".html" for path in result.files)
            flagged = len(
                {
                    (b.doc_id, b.where)
                    for b in result.blockers
                    if b.reason in (BlockReason.serious, BlockReason.markup)
                }
            )
            parts = []
            if result.kept_in_source:
                parts.append(f"{_plural(result.kept_in_source, 'segment')} kept in English")
            if flagged:
                parts.append(f"{_plural(flagged, 'segment')} published with an open serious finding")
            what = " and ".join(parts) + (", marked in the HTML" if html else "")
            err_console.print(
                styled(
                    (f"{code}: published INCOMPLETE", "yellow"),
                    f" (--allow-incomplete): {what}; {_summary(result.blockers)}:",
                ),
            )
            for blocker in result.blockers:
                err_console.print(f"  {blocker.describe()}")
        unchanged = len(result.files) - len(result.written)
        console.print(
            styled(
                (f"{code}: published", "green"),
                f" {_plural(len(result.files), 'file')} ({len(result.written)} written, "
                f"{unchanged} unchanged) in {report.out_dir / code}",
            ),
        )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _summary(blockers: tuple[Blocker, ...]) -> str:
    """``33 entries need attention (23 fuzzy, 46 serious findings)``, led by ``1 catalog missing``."""
    parts = []
    if missing := sum(blocker.reason is BlockReason.missing_catalog for blocker in blockers):
        parts.append(f"{_plural(missing, 'catalog')} missing")
    others = [blocker for blocker in blockers if blocker.reason is not BlockReason.missing_catalog]
    if others:
        entries = len({(blocker.doc_id, blocker.where, blocker.msgid) for blocker in others})
        reasons = Counter(blocker.reason for blocker in others)
        detail = ", ".join(
            f"{count} {reason.value}{'s' if reason is BlockReason.serious and count != 1 else ''}"
            for reason, count in sorted(reasons.items())
        )
        parts.append(f"{entries} {'entry needs' if entries == 1 else 'entries need'} attention ({detail})")
    return ", ".join(parts)


def _report_json(report: PublishReport) -> dict[str, object]:
    return {
        "out": str(report.out_dir),
        "languages": [
            {
                "language": result.language.value,
                "published": result.published,
                "incomplete": result.incomplete,
                "kept_in_source": result.kept_in_source,
                "files": [str(path) for path in result.files],
                "written": [str(path) for path in result.written],
                "blockers": [
                    {
                        "document": blocker.doc_id,
                        "reason": blocker.reason.value,
                        "where": blocker.where,
                        "msgid": blocker.msgid,
                        "detail": blocker.detail,
                    }
                    for blocker in result.blockers
                ],
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
            help=f"The HTML file to write (*.html, outside seeds/ and locales/; default: {DEFAULT_REPORT}).",
            dir_okay=False,
        ),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Write the review report: one self-contained HTML page with every document side by side in all
    languages, glossary terms highlighted, check findings, fuzzy state, provenance and progress."""
    proj = Project.at(project)
    languages = parse_languages(to) if to else ALL_LANGUAGES
    documents = load_documents(collect_sources(proj, sources or []))
    path = out or proj.root / DEFAULT_REPORT
    check_report_path(path, proj)
    data = write_report_html(
        proj,
        documents,
        languages,
        dt.datetime.now(dt.UTC),
        highlighter=project_highlighter(proj),
        check=project_check(proj),
        config=load_publish_config(proj),
    )
    atomic_write_bytes(path, data)
    console.print(f"Review report written to {path}")
    console.print(f"Open it in a browser: {path.resolve().as_uri()}")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the main app."""
    app.command("publish")(publish_command)
    app.command("report")(report_command)
