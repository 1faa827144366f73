"""Checking a project's catalog files: which files, their language, the findings, refreshed notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from translate.catalog.entries import CatalogStats, catalog_stats
from translate.catalog.pofile import read_po
from translate.catalog.store import read_snapshot, save_catalog
from translate.checks.checkers import EntryFindings, annotate_catalog, check_catalog, count_results
from translate.diagnostics import Counts, Finding, Location
from translate.errors import CatalogError
from translate.fileio import locked
from translate.glossary.termbase import TermBase
from translate.languages import ALL_LANGUAGES, Language
from translate.project import Project, natural_key


@dataclass(frozen=True, slots=True)
class CatalogCheck:
    """The findings for one catalog file (placed at its project-relative path), its entry counts, and
    whether its notes were rewritten."""

    path: Path
    language: Language
    results: tuple[EntryFindings, ...]
    annotated: bool
    stats: CatalogStats
    location: Location

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding of the catalog, in file order."""
        return tuple(finding for result in self.results for finding in result.findings)

    @property
    def counts(self) -> Counts:
        """Its findings counted (:func:`translate.diagnostics.count`)."""
        return count_results(self.results)

    @property
    def serious(self) -> int:
        """How many serious findings."""
        return self.counts.serious


def catalog_files(project: Project, languages: Sequence[Language] = ALL_LANGUAGES) -> list[Path]:
    """Every PO catalog under ``locales/`` for ``languages``, documents in natural order of name."""
    found: list[Path] = []
    for language in languages:
        folder = project.locales_dir / language.value / "LC_MESSAGES"
        if folder.is_dir():
            found.extend(sorted(folder.glob("*.po"), key=lambda path: natural_key(path.name)))
    return found


def catalog_language(path: Path, catalog: polib.POFile) -> Language:
    """The language of a catalog: its ``locales/<lang>/`` folder, else its Language header."""
    for candidate in (path.parent.parent.name, catalog.metadata.get("Language", "")):
        language = Language.lookup(candidate)
        if language is not None:
            return language
    raise CatalogError(
        "cannot tell its language; put it under locales/<lang>/LC_MESSAGES/ or set the Language header",
        path=path,
    )


def check_files(
    paths: Sequence[Path],
    termbase: TermBase | None,
    *,
    annotate: bool,
    now: dt.datetime | None = None,
    root: Path | None = None,
) -> Iterator[CatalogCheck]:
    """Check catalog files one at a time, yielding each file's findings as soon as it is checked; with
    ``annotate``, refresh the ``#.`` notes of entries awaiting review.

    Only one catalog is in memory at a time: what is yielded holds the findings and counts, not the
    catalog, so an archive of thousands of files is checked in the memory of its largest file.
    Findings are placed at each file's path, relative to the project ``root`` when it is inside it.

    Each file is read strictly and, when notes change, written back under its lock with the same
    protection against a reviewer's concurrent save as a run (their version wins).
    """
    now = now or dt.datetime.now(dt.UTC)
    for path in paths:
        if path.suffix == ".pot":
            raise CatalogError(
                "is a template (.pot): it holds no translations to check; name the catalogs "
                "locales/<lang>/LC_MESSAGES/<doc>.po instead",
                path=path,
            )
        if not annotate:
            snapshot = read_snapshot(path)
            if snapshot.catalog is None:
                raise CatalogError("catalog not found; check the path", path=path)
            language = catalog_language(path, snapshot.catalog)
            where = Location.at(path, root=root)
            results = check_catalog(snapshot.catalog, language, termbase, where)
            stats = catalog_stats(snapshot.catalog)
            del snapshot  # the catalog goes before the next file is read
            yield CatalogCheck(path, language, tuple(results), False, stats, where)
            continue
        with locked(path):
            snapshot = read_snapshot(path)
            if snapshot.catalog is None:
                raise CatalogError("catalog not found; check the path", path=path)
            language = catalog_language(path, snapshot.catalog)

            def rebuild(
                current: polib.POFile | None, language: Language = language, path: Path = path
            ) -> polib.POFile:
                if current is None:
                    raise CatalogError("was deleted while being checked; nothing written", path=path)
                annotate_catalog(current, language, termbase)
                return current

            catalog = rebuild(read_po(snapshot.data or b"", path))
            outcome = save_catalog(snapshot, catalog, rebuild, now)
            final = outcome.catalog
            if outcome.written or outcome.remerged:
                # Report the lines of the file as it is now (the notes just written moved entries down),
                # not of the file as it was read.
                final = read_snapshot(path).catalog or final
            where = Location.at(path, root=root)
            results = check_catalog(final, language, termbase, where)
            stats = catalog_stats(final)
            written = outcome.written
            del snapshot, catalog, outcome, final, rebuild
        yield CatalogCheck(path, language, tuple(results), written, stats, where)
