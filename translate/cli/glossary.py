"""The ``translate glossary`` commands: check, browse, edit, lint, exchange and grow the term base."""

from __future__ import annotations

import gc
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from translate.cli._common import JsonOption, ProjectOption, console, literal, print_json, styled
from translate.cli._output import QuietOption, VerboseOption, describe_counts, plural, print_findings, say
from translate.diagnostics import Location, Severity, count
from translate.errors import UsageError
from translate.glossary.termbase import TermKind
from translate.languages import ALL_LANGUAGES, Language, parse_languages
from translate.project import Project

if TYPE_CHECKING:
    from rich.text import Text

    from translate.glossary.termbase import Term, TermBase
    from translate.glossary.violations import TermViolation

glossary_app = typer.Typer(
    name="glossary",
    help="The term base: official renderings of names and titles, and checks that translations use them.",
    no_args_is_help=True,
)

LanguageOption = Annotated[
    Language | None, typer.Option("--lang", "-l", help="Target language (ru, tk, kk).")
]


def register(app: typer.Typer) -> None:
    """Add this area's commands to the main app."""
    app.add_typer(glossary_app)


def _glossary_dir(project: Path | None) -> Path:
    return Project.at(project).glossary_dir


def _termbase(project: Path | None) -> TermBase:
    from translate.glossary.tomlfile import load_termbase

    # Loading a large base allocates millions of small objects that all stay alive, so every full pass
    # of the cycle collector walks the base again (a third of the load at 60,000 terms); it makes no
    # reference cycles, and the collector runs again right after.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return load_termbase(_glossary_dir(project))
    finally:
        if enabled:
            gc.enable()


# -------------------------------------------------------------------------------------------- check


@glossary_app.command("check")
def check_command(
    catalogs: Annotated[
        list[Path] | None,
        typer.Argument(help="PO catalogs to check (their Language header names the language)."),
    ] = None,
    lang: LanguageOption = None,
    source: Annotated[
        str | None, typer.Option("--source", help="English text (instead of PO files).")
    ] = None,
    target: Annotated[
        str | None, typer.Option("--target", help="Its translation (with --source and --lang).")
    ] = None,
    project: ProjectOption = None,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Check translations against the term base; exit 1 when a term is forbidden, missing or misspelt.

    Each violation is one line, 'path:line: severity: message [kind]', followed by a count (not with
    --quiet).
    """
    from translate.glossary.violations import check_translation

    root = Project.at(project).root
    termbase = _termbase(project)
    findings: list[tuple[Location | None, TermViolation]] = []
    if source is not None or target is not None:
        if catalogs:
            raise UsageError("give PO files or --source/--target, not both")
        if source is None or target is None or lang is None:
            raise UsageError("--source needs --target and --lang (e.g. --lang ru --source ... --target ...)")
        findings = [(None, violation) for violation in check_translation(termbase, lang, source, target)]
    elif catalogs:
        for path in catalogs:
            findings.extend(_check_catalog(termbase, path, lang, root))
    else:
        raise UsageError("nothing to check; give PO files, or --lang L --source TEXT --target TEXT")
    placed = [violation.finding(where) for where, violation in findings]
    if as_json:
        print_json(
            [
                {**violation.as_dict(), **(where.as_dict() if where else {"path": None, "line": None})}
                for where, violation in findings
            ]
        )
    else:
        print_findings(placed, verbose=verbose)
        if not quiet:
            counts = count(placed)
            say(
                f"{plural(len(placed), 'glossary finding')}: {describe_counts(counts)}"
                if placed
                else "No glossary violations."
            )
    if any(finding.serious for finding in placed):
        raise typer.Exit(1)


def _check_catalog(
    termbase: TermBase, path: Path, lang: Language | None, root: Path
) -> list[tuple[Location | None, TermViolation]]:
    from translate.catalog.pofile import read_catalog
    from translate.glossary.violations import check_translation

    catalog = read_catalog(path)
    language = lang
    if language is None:
        header = str(catalog.metadata.get("Language", "")).split("_")[0]
        if not header:
            raise UsageError(f"{path}: no Language header; pass --lang")
        language = parse_languages([header])[0]
    findings: list[tuple[Location | None, TermViolation]] = []
    for entry in catalog:
        if entry.obsolete:
            continue
        pairs = []
        if entry.msgid_plural:
            for index, text in sorted(entry.msgstr_plural.items()):
                pairs.append((entry.msgid if int(index) == 0 else entry.msgid_plural, text))
        else:
            pairs.append((entry.msgid, entry.msgstr))
        for msgid, msgstr in pairs:
            if not msgstr:
                continue
            for violation in check_translation(termbase, language, msgid, msgstr):
                findings.append((Location.at(path, entry.linenum, root=root), violation))
    return findings


# -------------------------------------------------------------------------------------- list / show


@glossary_app.command("list")
def list_command(
    lang: Annotated[
        list[str] | None, typer.Option("--lang", "-l", help="Languages to show (default: ru, tk, kk).")
    ] = None,
    project: ProjectOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the terms: id, English form and the rendering per language (provisional ones marked *)."""
    termbase = _termbase(project)
    languages = parse_languages(lang) if lang else ALL_LANGUAGES
    if as_json:
        print_json([_term_json(term) for term in termbase])
        return
    rows = (_list_row(term, languages) for term in termbase)
    header = ["id", "en", *(language.value for language in languages)]
    if not console.is_terminal or len(termbase) > TABLE_ROWS:
        # Tab-separated lines, streamed: rich took minutes to lay out a table of 60,000 terms, and a
        # script reading the list wants one term a line. The loader refuses tabs and line breaks in
        # every text, so each field is printed as it is.
        typer.echo("\t".join(header))
        for row in rows:
            typer.echo("\t".join(row))
        return
    table = Table(title=f"{len(termbase)} terms")
    table.add_column("id")
    table.add_column("en")
    for language in languages:
        table.add_column(language.value)
    for term in termbase:
        cells: list[str | Text] = []
        for language in languages:
            rendering = term.rendering(language)
            if rendering is None or not rendering.usable:
                cells.append(literal("—", "dim"))
            else:
                mark = "*" if rendering.status.value == "provisional" else ""
                cells.append(literal(rendering.text + mark))
        # Text cells: a term's text is data, never rich markup («[bold]» stays as written).
        table.add_row(literal(term.id), literal(term.en), *cells)
    console.print(table)


# More terms than this are listed as plain lines even on a terminal (a table of them takes seconds).
TABLE_ROWS = 500
MISSING = "—"


def _list_row(term: Term, languages: tuple[Language, ...]) -> list[str]:
    """``id``, English form, then per language the rendering (``*`` when provisional) or ``—``."""
    cells = [term.id, term.en]
    for language in languages:
        rendering = term.rendering(language)
        if rendering is None or not rendering.usable:
            cells.append(MISSING)
        else:
            cells.append(rendering.text + ("*" if rendering.status.value == "provisional" else ""))
    return cells


def _term_json(term: Term) -> dict[str, Any]:
    return {
        "id": term.id,
        "en": term.en,
        "kind": term.kind.value,
        "variants": list(term.variants),
        "plurals": list(term.plurals),
        "note": term.note,
        "source": term.source,
        "location": str(term.location or ""),
        "renderings": {
            rendering.language.value: {
                "text": rendering.text,
                "status": rendering.status.value,
                "variants": list(rendering.variants),
                "forbidden": list(rendering.forbidden),
                "note": rendering.note,
            }
            for rendering in term.renderings
        },
    }


@glossary_app.command("show")
def show_command(
    term_id: Annotated[str, typer.Argument(help="Term id, e.g. halk-maslahaty.")],
    project: ProjectOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one term in full: English forms, renderings, statuses, forbidden renderings and notes."""
    term = _termbase(project).get(term_id)
    if as_json:
        print_json(_term_json(term))
        return
    console.print(styled((term.id, "bold"), f" ({term.kind.value}) — {term.location}"))
    console.print(f"  en: {term.en}")
    for label, values in (("variants", term.variants), ("plurals", term.plurals)):
        if values:
            console.print(f"  {label}: {', '.join(values)}")
    if term.note:
        console.print(f"  note: {term.note}")
    if term.source:
        console.print(f"  source: {term.source}")
    for language in ALL_LANGUAGES:
        rendering = term.rendering(language)
        if rendering is None:
            console.print(styled(f"  {language.value}: ", ("none", "dim")))
            continue
        status = rendering.status.value
        console.print(f"  {language.value}: {rendering.text or '—'} [{status}]")
        for label, values in (
            ("variants", rendering.variants),
            ("forbidden", rendering.forbidden),
            ("fixed", rendering.inflection.fixed),
        ):
            if values:
                console.print(f"      {label}: {', '.join(values)}")
        if rendering.note:
            console.print(f"      note: {rendering.note}")


# ------------------------------------------------------------------------------------------------ add


@glossary_app.command("add")
def add_command(
    term_id: Annotated[str, typer.Argument(help="New term id: lower-case letters, digits and hyphens.")],
    en: Annotated[str, typer.Option("--en", help="The English form.")],
    kind: Annotated[
        TermKind, typer.Option("--kind", help="What the term names (picks its file and how it inflects).")
    ] = TermKind.thing,
    variant: Annotated[
        list[str] | None, typer.Option("--variant", help="Another English form (repeatable).")
    ] = None,
    ru: Annotated[str | None, typer.Option("--ru", help="Russian rendering.")] = None,
    tk: Annotated[str | None, typer.Option("--tk", help="Turkmen rendering.")] = None,
    kk: Annotated[str | None, typer.Option("--kk", help="Kazakh rendering.")] = None,
    provisional: Annotated[
        list[str] | None,
        typer.Option("--provisional", help="Mark a language's rendering provisional (repeatable)."),
    ] = None,
    forbid: Annotated[
        list[str] | None, typer.Option("--forbid", help="Forbidden rendering as LANG=TEXT (repeatable).")
    ] = None,
    plural: Annotated[
        list[str] | None, typer.Option("--plural", help="An English plural form (repeatable).")
    ] = None,
    ignore_case: Annotated[
        bool, typer.Option("--ignore-case", help="Match the English forms in any capitalisation.")
    ] = False,
    when: Annotated[
        list[str] | None,
        typer.Option("--when", help="Sense rule: a regex the English must match over the term (repeatable)."),
    ] = None,
    also: Annotated[
        list[str] | None,
        typer.Option("--also", help="Another approved spelling of a rendering, LANG=TEXT (repeatable)."),
    ] = None,
    possessive: Annotated[
        list[str] | None,
        typer.Option(
            "--possessive",
            help="LANG whose rendering already ends in the 3rd-person possessive (tk, kk; repeatable).",
        ),
    ] = None,
    indeclinable: Annotated[
        list[str] | None,
        typer.Option("--indeclinable", help="LANG whose rendering never changes (repeatable)."),
    ] = None,
    honorific: Annotated[
        list[str] | None,
        typer.Option("--honorific", help="LANG whose rendering also takes 'our ...' forms (repeatable)."),
    ] = None,
    fixed: Annotated[
        list[str] | None, typer.Option("--fixed", help="A word that never inflects, LANG=WORD (repeatable).")
    ] = None,
    stem: Annotated[
        list[str] | None, typer.Option("--stem", help="The last word's stem before a vowel, LANG=STEM.")
    ] = None,
    form: Annotated[
        list[str] | None,
        typer.Option("--form", help="A form spelled out, LANG:KEY=TEXT such as tk:p3.dat=... (repeatable)."),
    ] = None,
    adjective: Annotated[
        list[str] | None,
        typer.Option("--adjective", help="An adjective derived from the rendering, LANG=WORD (repeatable)."),
    ] = None,
    note: Annotated[str, typer.Option("--note", help="A note for translators.")] = "",
    source: Annotated[str, typer.Option("--source", help="Where the rendering was seen.")] = "",
    file: Annotated[
        Path | None,
        typer.Option("--file", help="Term-base file to add to (default: by kind, e.g. places.toml)."),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite the term if its id already exists.")
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Add a term to the term base (the file keeps its comments and layout).

    Every inflection setting of the term base has an option, so a paradigm never has to be fixed by
    hand afterwards; the new term's lint findings (a Turkic rendering that looks possessive but is
    not marked so, forms that break vowel harmony) are printed after it is written.
    """
    from translate.glossary.lint import lint_termbase
    from translate.glossary.termbase import Rendering, Status, Term
    from translate.glossary.tomlfile import load_termbase, write_terms
    from translate.morphology.inflection import Inflection

    provisional_languages = set(parse_languages(provisional)) if provisional else set()
    flags = {
        name: set(parse_languages(values)) if values else set()
        for name, values in (
            ("possessive", possessive),
            ("indeclinable", indeclinable),
            ("honorific", honorific),
        )
    }
    forbidden = _per_language("--forbid", forbid)
    spellings = _per_language("--also", also)
    fixed_words = _per_language("--fixed", fixed)
    stems = _per_language("--stem", stem)
    adjectives = _per_language("--adjective", adjective)
    forms: dict[Language, list[tuple[str, str]]] = {}
    for item in form or []:
        code, colon, rest = item.partition(":")
        key, sep, value = rest.partition("=")
        if not colon or not sep or not key.strip() or not value.strip():
            raise UsageError(f"--form takes LANG:KEY=TEXT (tk:p3.dat=...), got {item!r}")
        forms.setdefault(parse_languages([code])[0], []).append((key.strip(), value.strip()))
    texts = {Language.ru: ru, Language.tk: tk, Language.kk: kk}
    renderings = []
    for language in ALL_LANGUAGES:
        text = texts[language]
        settings: list[Mapping[Language, object]] = [
            forbidden,
            spellings,
            fixed_words,
            stems,
            adjectives,
            forms,
        ]
        if text is None:
            if (
                language in provisional_languages
                or any(language in table for table in settings)
                or any(language in chosen for chosen in flags.values())
            ):
                raise UsageError(f"options for {language.value} need --{language.value} TEXT")
            continue
        if len(stems.get(language, [])) > 1:
            raise UsageError(f"--stem for {language.value} given twice")
        status = Status.provisional if language in provisional_languages else Status.approved
        inflection = Inflection(
            fixed=tuple(fixed_words.get(language, ())),
            indeclinable=language in flags["indeclinable"],
            possessive=language in flags["possessive"],
            honorific=language in flags["honorific"],
            stem=next(iter(stems.get(language, [])), ""),
            forms=tuple(forms.get(language, ())),
            adjectives=tuple(adjectives.get(language, ())),
        )
        renderings.append(
            Rendering(
                language=language,
                text=text.strip(),
                status=status,
                variants=tuple(spellings.get(language, ())),
                forbidden=tuple(forbidden.get(language, ())),
                inflection=inflection,
            )
        )
    term = Term(
        id=term_id,
        en=en.strip(),
        kind=kind,
        variants=tuple(variant or ()),
        plurals=tuple(plural or ()),
        ignore_case=ignore_case,
        when=tuple(when or ()),
        note=note,
        source=source,
        renderings=tuple(renderings),
    )
    folder = _glossary_dir(project)
    written = write_terms(folder, [term], file=_term_file(folder, file), replace=replace)
    console.print(f"added {term_id} to {written[0]}")
    for finding in lint_termbase(load_termbase(folder), Project.at(project).root):
        if (
            finding.subject == term_id
            and finding.severity is not Severity.info
            and finding.check != "no-rendering"  # a language left out on purpose is no news
        ):
            say(finding.line(), style="yellow")


def _per_language(option: str, items: list[str] | None) -> dict[Language, list[str]]:
    """``LANG=TEXT`` option values grouped by language."""
    grouped: dict[Language, list[str]] = {}
    for item in items or []:
        code, sep, value = item.partition("=")
        if not sep or not value.strip():
            raise UsageError(f"{option} takes LANG=TEXT, got {item!r}")
        grouped.setdefault(parse_languages([code])[0], []).append(value.strip())
    return grouped


def _term_file(folder: Path, file: Path | None) -> Path | None:
    """A bare file name means a file in the term-base folder; a path is taken as given."""
    if file is None:
        return None
    return file if file.is_absolute() or file.parent != Path() else folder / file


# ----------------------------------------------------------------------------------------------- lint


@glossary_app.command("lint")
def lint_command(
    project: ProjectOption = None,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Report duplicates, overlaps, conflicts, missing or provisional languages and ungeneratable forms.

    Each finding is one line, 'path:line: severity: term: message [code]', serious first; hints (info)
    are listed with --verbose; a count follows (not with --quiet). Exit 1 on a serious finding.
    """
    from translate.glossary.lint import lint_termbase

    findings = lint_termbase(_termbase(project), Project.at(project).root)
    if as_json:
        print_json([{**finding.as_dict(), "term": finding.subject} for finding in findings])
    else:
        print_findings(findings, verbose=verbose)
        if not quiet:
            counts = count(findings)
            say(f"{plural(len(findings), 'finding')}: {describe_counts(counts)}, {counts.info} info")
    if any(finding.serious for finding in findings):
        raise typer.Exit(1)


# ------------------------------------------------------------------------------------- import / export


@glossary_app.command("import")
def import_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="A .tbx (TBX-Basic or TBX v2 martif) or .csv file (the export's table, source,target, "
            "or language-code columns such as en,ru,tk,kk).",
            exists=True,
            dir_okay=False,
        ),
    ],
    into: Annotated[
        Path | None,
        typer.Option("--into", help="Term-base file to add to (default: by kind, e.g. places.toml)."),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite terms whose id already exists.")
    ] = False,
    skip_existing: Annotated[
        bool,
        typer.Option(
            "--skip-existing", help="Leave terms whose id already exists as they are; add the rest."
        ),
    ] = False,
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang",
            "-l",
            help="Target language of a two-column source,target CSV, or of TBX from csv2tbx (xx).",
        ),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Import terms from TBX or CSV into the term base (validated before anything is written)."""
    from translate.glossary.interchange import import_terms

    report = import_terms(
        _glossary_dir(project),
        file,
        into=_term_file(_glossary_dir(project), into),
        replace=replace,
        skip_existing=skip_existing,
        language=lang,
    )
    written = report.written
    files = ", ".join(str(path) for path in written.files) or "nothing"
    parts = [f"imported {plural(len(written.added) + len(written.replaced), 'term')} into {files}"]
    if written.replaced:
        parts.append(f"{len(written.replaced)} replaced")
    if written.skipped:
        parts.append(f"{plural(len(written.skipped), 'existing term')} skipped")
    console.print("; ".join(parts))
    for reason in report.read.skipped:
        console.print(literal(f"skipped entry {reason}", "yellow"))


@glossary_app.command("export")
def export_command(
    out: Annotated[
        Path,
        typer.Argument(help="Output file: .tbx or .csv, outside the glossary/ folder.", dir_okay=False),
    ],
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="tbx-basic (TBX-Basic, ISO 30042:2019; the default for .tbx), tbx2 (TBX v2 martif, for "
            "translate-toolkit and Weblate) or csv (the default for .csv).",
        ),
    ] = None,
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang", "-l", help="CSV only: add a target column of this language (for Weblate, csv2tbx)."
        ),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Export the term base to TBX or CSV (CSV cells that look like formulas are escaped)."""
    from translate.glossary.interchange import ExchangeFormat, export_termbase

    chosen = None
    if format is not None:
        try:
            chosen = ExchangeFormat(format)
        except ValueError:
            known = ", ".join(choice.value for choice in ExchangeFormat)
            raise UsageError(f"unknown --format {format!r}; use one of: {known}") from None
    if lang is not None and (chosen or ExchangeFormat.for_path(out)) is not ExchangeFormat.csv:
        raise UsageError("--lang applies to CSV exports only (TBX holds every language)")
    termbase = export_termbase(_glossary_dir(project), out, chosen, lang)
    console.print(f"exported {plural(len(termbase), 'term')} to {out}")


# ---------------------------------------------------------------------------------------------- suggest


@glossary_app.command("suggest")
def suggest_command(
    sources: Annotated[
        list[Path] | None,
        typer.Argument(help="English sources (default: every file in seeds/).", exists=True, dir_okay=False),
    ] = None,
    min_count: Annotated[
        int, typer.Option("--min-count", min=1, help="Only names seen at least this often.")
    ] = 1,
    project: ProjectOption = None,
    as_json: JsonOption = False,
) -> None:
    """Propose names the term base lacks: capitalised names in the sources, most frequent first."""
    from translate.fileio import read_source_text
    from translate.glossary.suggest import suggest_terms

    proj = Project.at(project)
    paths = list(sources or []) or proj.source_files()
    if not paths:
        raise UsageError("no sources; name English files or add them to seeds/")
    from translate.glossary.termbase import TermBase
    from translate.glossary.tomlfile import load_project_termbase

    termbase = load_project_termbase(proj.glossary_dir) or TermBase(terms=())
    documents = [(path.name, read_source_text(path)) for path in paths]
    candidates = suggest_terms(termbase, documents, min_count=min_count)
    if as_json:
        print_json(
            [
                {
                    "text": c.text,
                    "count": c.count,
                    "sources": list(c.sources),
                    "contexts": list(c.contexts),
                }
                for c in candidates
            ]
        )
        return
    if not candidates:
        console.print("No new names found.")
        return
    table = Table(title="Candidate terms")
    for column in ("count", "name", "context"):
        table.add_column(column)
    for candidate in candidates:
        table.add_row(str(candidate.count), candidate.text, candidate.contexts[0])
    console.print(table)


# ------------------------------------------------------------------------------------------------ forms


def _where(location: Location | None) -> dict[str, Any]:
    """A term-base location as the path and line of an error."""
    return {} if location is None else {"path": Path(location.path), "line": location.line}


@glossary_app.command("forms")
def forms_command(
    term_id: Annotated[str, typer.Argument(help="Term id, e.g. balkan-velayat.")],
    lang: Annotated[
        Language | None,
        typer.Option("--lang", "-l", help="Language of the paradigm (default: ru, tk and kk side by side)."),
    ] = None,
    project: ProjectOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print every generated form of a term's rendering, so a maintainer can check the paradigm."""
    from translate.errors import GlossaryError

    term = _termbase(project).get(term_id)
    if lang is None:
        _all_forms(term, as_json=as_json)
        return
    rendering = term.usable_rendering(lang)
    if rendering is None:
        declared = term.rendering(lang)
        if declared is not None:
            raise GlossaryError(
                f"term {term_id}: the {lang.value} rendering is marked {declared.status.value}, so it has no "
                f"forms; give it a text and drop the status line in [{term_id}.{lang.value}]",
                **_where(declared.location),
            )
        raise GlossaryError(
            f"term {term_id} has no {lang.value} rendering; add [{term_id}.{lang.value}] text = ...",
            **_where(term.location),
        )
    forms = rendering.paradigm(term.kind)
    if as_json:
        print_json(
            {
                "term": term_id,
                "language": lang.value,
                "problem": forms.problem,
                "forms": [{"key": str(f.key), "text": f.text, "generated": f.generated} for f in forms],
            }
        )
        return
    table = Table(title=f"{term_id} ({lang.value}): {rendering.text}")
    table.add_column("form")
    table.add_column("text")
    for form in forms:
        table.add_row(str(form.key), styled(form.text, ("" if form.generated else " (term base)", "dim")))
    console.print(table)
    if forms.problem:
        console.print(literal(f"only the base form: {forms.problem}", "yellow"))


def _all_forms(term: Term, *, as_json: bool) -> None:
    """Every language's forms of ``term`` side by side, one row per form key."""
    paradigms = {
        language: rendering.paradigm(term.kind)
        for language in ALL_LANGUAGES
        if (rendering := term.usable_rendering(language)) is not None
    }
    if as_json:
        print_json(
            {
                "term": term.id,
                "languages": {
                    language.value: {
                        "problem": forms.problem,
                        "forms": [
                            {"key": str(f.key), "text": f.text, "generated": f.generated} for f in forms
                        ],
                    }
                    for language, forms in paradigms.items()
                },
            }
        )
        return
    keys: list[str] = []
    for forms in paradigms.values():
        keys += [str(form.key) for form in forms if str(form.key) not in keys]
    table = Table(title=f"{term.id}: {term.en}")
    table.add_column("form")
    for language in paradigms:
        table.add_column(language.value)
    for key in keys:
        cells: list[str | Text] = []
        for forms in paradigms.values():
            found = next((form for form in forms if str(form.key) == key), None)
            cells.append(
                "" if found is None else styled(found.text, ("" if found.generated else " *", "dim"))
            )
        table.add_row(key, *cells)
    console.print(table)
    for language, forms in paradigms.items():
        if forms.problem:
            console.print(literal(f"{language.value}: only the base form: {forms.problem}", "yellow"))
    missing = [language.value for language in ALL_LANGUAGES if language not in paradigms]
    if missing:
        console.print(
            literal(f"no usable rendering in {', '.join(missing)}; * = spelled out in the term base", "dim")
        )
