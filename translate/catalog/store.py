"""Catalogs on disk under review: snapshots, writes that yield to a reviewer's save, and checking files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from translate.catalog.pofile import MAX_CATALOG_BYTES, parse_catalog, read_bounded, render_catalog
from translate.catalog.template import CATALOG_DATES, copy_entry, is_translated, render_if_changed
from translate.checks.checkers import EntryFindings, annotate_catalog, check_catalog, serious_count
from translate.errors import CatalogError
from translate.fileio import atomic_write_bytes, locked
from translate.glossary.termbase import TermBase
from translate.languages import ALL_LANGUAGES, Language
from translate.project import Project

SAVE_ATTEMPTS = 3
"""How often a write re-merges after a reviewer saved the file under us before giving up."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A catalog as read, with the exact bytes it was read from (None: the file did not exist)."""

    path: Path
    data: bytes | None
    catalog: polib.POFile | None


def read_snapshot(path: Path) -> Snapshot:
    """Read ``path`` strictly, keeping its bytes so a later write can tell whether it changed since."""
    data = _read_bytes(path)
    return Snapshot(path, data, None if data is None else parse_catalog(data, path))


def _read_bytes(path: Path) -> bytes | None:
    try:
        return read_bounded(path, MAX_CATALOG_BYTES)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CatalogError(f"cannot read catalog ({exc.strerror})", path=path) from None


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """What ``save_catalog`` did: wrote or not, the catalog it ended with, and whether a reviewer's save
    was merged (``remerged``) or won outright (``conflict``: nothing written)."""

    written: bool
    catalog: polib.POFile
    remerged: int = 0
    conflict: bool = False


Rebuild = Callable[[polib.POFile | None], polib.POFile]
"""Redo the merge on a catalog a reviewer saved meanwhile (None: they deleted it)."""


def save_catalog(
    snapshot: Snapshot,
    catalog: polib.POFile,
    rebuild: Rebuild,
    now: dt.datetime,
    *,
    date_headers: tuple[str, ...] = CATALOG_DATES,
) -> SaveOutcome:
    """Write ``catalog`` over the file ``snapshot`` was read from, unless someone saved it since.

    Our lock keeps other runs out, but a PO editor does not take it. Right before replacing the file,
    its bytes are compared with the snapshot; if a reviewer saved meanwhile, their file is read again
    and ``rebuild`` merges our work into *their* version, which is then written (up to
    ``SAVE_ATTEMPTS`` times; after that the reviewer's file is left alone). A file with nothing to
    change is never written; a file with CRLF line endings is written with CRLF.
    """
    path = snapshot.path
    remerged = 0
    while True:
        if render_if_changed(catalog, snapshot.catalog, date_headers, now) is None:
            return SaveOutcome(False, catalog, remerged)
        data = render_catalog(catalog)  # as render_if_changed's bytes, but reviewers' comments unwrapped
        if snapshot.data is not None and snapshot.data.count(b"\r\n") > snapshot.data.count(b"\n") // 2:
            # A file saved with Windows line endings keeps them, so the write changes only what changed
            # (strings never hold a raw line break: the PO format escapes it as \n).
            data = data.replace(b"\n", b"\r\n")
        if _replace_if_unchanged(path, data, snapshot.data):
            return SaveOutcome(True, catalog, remerged)
        current = _read_bytes(path)
        if remerged >= SAVE_ATTEMPTS:
            return SaveOutcome(False, catalog, remerged, conflict=True)
        snapshot = Snapshot(path, current, None if current is None else parse_catalog(current, path))
        # A second parse: rebuild may change it, and the snapshot must stay what is on disk.
        catalog = rebuild(None if current is None else parse_catalog(current, path))
        remerged += 1


def _replace_if_unchanged(path: Path, data: bytes, expected: bytes | None) -> bool:
    """Atomically replace ``path`` with ``data`` if it still holds ``expected`` (None: does not exist).

    The comparison happens after the new file is written and synced, right before the rename, so a
    save by an editor that ignores our lock can only slip in during the few microseconds between the
    two; anything saved earlier is detected and wins.
    """
    return atomic_write_bytes(
        path, data, precondition=lambda: _read_bytes(path) == expected, error=CatalogError
    )


def carry_fills(catalog: polib.POFile, fills: Iterable[polib.POEntry]) -> None:
    """Put automatic fills (TM, MT) computed earlier into the still untranslated entries of ``catalog``."""
    by_key = {(entry.msgctxt, entry.msgid): entry for entry in fills}
    for entry in catalog:
        fill = by_key.get((entry.msgctxt, entry.msgid))
        if fill is None or entry.obsolete or is_translated(entry):
            continue
        filled = copy_entry(fill)
        entry.msgstr = filled.msgstr
        entry.msgstr_plural = filled.msgstr_plural
        entry.comment = filled.comment
        if "fuzzy" in filled.flags and "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")


# ----------------------------------------------------------------------------------------- checking


@dataclass(frozen=True, slots=True)
class CatalogCheck:
    """The findings for one catalog file, and whether its notes were rewritten."""

    path: Path
    language: Language
    results: tuple[EntryFindings, ...]
    annotated: bool

    @property
    def serious(self) -> int:
        """How many serious findings."""
        return serious_count(self.results)


def catalog_files(project: Project, languages: Sequence[Language] = ALL_LANGUAGES) -> list[Path]:
    """Every PO catalog under ``locales/`` for ``languages``."""
    found: list[Path] = []
    for language in languages:
        folder = project.locales_dir / language.value / "LC_MESSAGES"
        if folder.is_dir():
            found.extend(sorted(folder.glob("*.po")))
    return found


def catalog_language(path: Path, catalog: polib.POFile) -> Language:
    """The language of a catalog: its ``locales/<lang>/`` folder, else its Language header."""
    for candidate in (path.parent.parent.name, catalog.metadata.get("Language", "")):
        code = candidate.strip().replace("-", "_").split("_")[0].lower()
        try:
            return Language(code)
        except ValueError:
            continue
    raise CatalogError(
        "cannot tell its language; put it under locales/<lang>/LC_MESSAGES/ or set the Language header",
        path=path,
    )


def check_files(
    paths: Sequence[Path], termbase: TermBase | None, *, annotate: bool, now: dt.datetime | None = None
) -> list[CatalogCheck]:
    """Check catalog files; with ``annotate``, refresh the ``#.`` notes of entries awaiting review.

    Each file is read strictly and, when notes change, written back under its lock with the same
    protection against a reviewer's concurrent save as a run (their version wins).
    """
    now = now or dt.datetime.now(dt.UTC)
    checks: list[CatalogCheck] = []
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
            results = check_catalog(snapshot.catalog, language, termbase)
            checks.append(CatalogCheck(path, language, tuple(results), False))
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

            catalog = rebuild(parse_catalog(snapshot.data or b"", path))
            outcome = save_catalog(snapshot, catalog, rebuild, now)
            final = outcome.catalog
            if outcome.written or outcome.remerged:
                # Report the lines of the file as it is now (the notes just written moved entries down),
                # not of the file as it was read.
                final = read_snapshot(path).catalog or final
            results = check_catalog(final, language, termbase)
            checks.append(CatalogCheck(path, language, tuple(results), outcome.written))
    return checks
