"""Catalog files on disk: snapshots, the "changed?" test, and saves that yield to a reviewer's save."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib

from translate.catalog.pofile import MAX_CATALOG_BYTES, read_bounded, read_po, write_po
from translate.catalog.template import CATALOG_DATES, TEMPLATE_DATES, format_date
from translate.errors import CatalogError
from translate.fileio import atomic_write_bytes, locked

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
    return Snapshot(path, data, None if data is None else read_po(data, path))


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
        data = write_po_if_changed(catalog, snapshot.catalog, date_headers, now)
        if data is None:
            return SaveOutcome(False, catalog, remerged)
        if snapshot.data is not None and snapshot.data.count(b"\r\n") > snapshot.data.count(b"\n") // 2:
            # A file saved with Windows line endings keeps them, so the write changes only what changed
            # (strings never hold a raw line break: the PO format escapes it as \n).
            data = data.replace(b"\n", b"\r\n")
        if _replace_if_unchanged(path, data, snapshot.data):
            return SaveOutcome(True, catalog, remerged)
        current = _read_bytes(path)
        if remerged >= SAVE_ATTEMPTS:
            return SaveOutcome(False, catalog, remerged, conflict=True)
        snapshot = Snapshot(path, current, None if current is None else read_po(current, path))
        # A second parse: rebuild may change it, and the snapshot must stay what is on disk.
        catalog = rebuild(None if current is None else read_po(current, path))
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


def save_template(path: Path, template: polib.POFile, now: dt.datetime) -> bool:
    """Write ``template`` to ``path`` under its lock unless the file already says the same; return
    whether it was written. Templates are ours alone (reviewers edit catalogs), so there is no
    reviewer's save to yield to."""
    with locked(path):
        data = write_po_if_changed(template, read_snapshot(path).catalog, TEMPLATE_DATES, now)
        if data is None:
            return False
        atomic_write_bytes(path, data)
        return True


def write_po_if_changed(
    catalog: polib.POFile,
    previous: polib.POFile | None,
    date_headers: tuple[str, ...],
    now: dt.datetime,
) -> bytes | None:
    """The bytes to write for ``catalog``, or None when it says exactly what ``previous`` said.

    An unchanged catalog is not written at all (a file we only read keeps its bytes, whatever editor
    saved it) and keeps ``previous``'s dates; a changed one gets ``date_headers`` stamped with ``now``.
    This is what makes a re-run on unchanged sources byte-identical.
    """
    if previous is not None:
        for header in date_headers:
            catalog.metadata[header] = previous.metadata.get(header, "")
        if write_po(catalog) == write_po(previous):
            return None
    for header in date_headers:
        catalog.metadata[header] = format_date(now)
    return write_po(catalog)
