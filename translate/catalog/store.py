"""Catalog files on disk: snapshots, the "changed?" test, and saves that yield to a reviewer's save."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polib

from translate.catalog.pofile import MAX_CATALOG_BYTES, check_readable, read_po, too_large, write_po
from translate.catalog.template import CATALOG_DATES, TEMPLATE_DATES, format_date
from translate.errors import CatalogError
from translate.fileio import read_regular_if_present, replace_unless_changed

SAVE_ATTEMPTS = 3
"""How often a write re-merges after a reviewer saved the file under us before giving up."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A catalog as read, with the exact bytes it was read from (None: the file did not exist).

    ``catalog`` is never changed (merges work on copies), so what our writer makes of it is computed
    once (``rendered``): every "did anything change?" test compares with it, and a run under a busy
    reviewer makes that test several times per file.
    """

    path: Path
    data: bytes | None
    catalog: polib.POFile | None
    _rendered: list[bytes] = field(default_factory=list, compare=False, repr=False)

    def rendered(self) -> bytes | None:
        """``write_po(self.catalog)``, computed on first use (None: no file)."""
        if self.catalog is None:
            return None
        if not self._rendered:
            self._rendered.append(write_po(self.catalog))
        return self._rendered[0]


def read_snapshot(path: Path) -> Snapshot:
    """Read ``path`` strictly, keeping its bytes so a later write can tell whether it changed since."""
    data = _read_bytes(path)
    return Snapshot(path, data, None if data is None else read_po(data, path))


def _read_bytes(path: Path) -> bytes | None:
    return read_regular_if_present(
        path, MAX_CATALOG_BYTES, what="catalog", error=CatalogError, oversize=too_large
    )


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """What ``save_catalog`` did: wrote or not, the catalog it ended with, and whether a reviewer's save
    was merged (``remerged``) or won outright (``conflict``: nothing written). ``data`` is what the file
    held when the save ended: the bytes written, or those it already had."""

    written: bool
    catalog: polib.POFile
    remerged: int = 0
    conflict: bool = False
    data: bytes | None = None


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

    Our lock keeps other runs out, but a PO editor does not take it. The file is replaced only if it
    still holds the snapshot's bytes (``replace_unless_changed``: compared at the last moment, and a
    save that lands during the swap, by rename or in place, is put back); if a reviewer saved meanwhile,
    their file is read again and ``rebuild`` merges our work into *their* version, which is then written
    (up to ``SAVE_ATTEMPTS`` times; after that the reviewer's file is left alone). A file with nothing
    to change is never written; a file with CRLF line endings is written with CRLF; bytes the reader
    would refuse are never written (``check_readable`` raises ``CatalogError``).
    """
    path = snapshot.path
    remerged = 0
    while True:
        data = catalog_bytes(snapshot, catalog, now, date_headers=date_headers)
        if data is None:
            return SaveOutcome(False, catalog, remerged, data=snapshot.data)
        if replace_unless_changed(path, data, snapshot.data, max_bytes=MAX_CATALOG_BYTES, error=CatalogError):
            return SaveOutcome(True, catalog, remerged, data=data)
        current = _read_bytes(path)
        if remerged >= SAVE_ATTEMPTS:
            return SaveOutcome(False, catalog, remerged, conflict=True, data=current)
        snapshot = Snapshot(path, current, None if current is None else read_po(current, path))
        # A second parse: rebuild may change it, and the snapshot must stay what is on disk.
        catalog = rebuild(None if current is None else read_po(current, path))
        remerged += 1


def catalog_bytes(
    snapshot: Snapshot,
    catalog: polib.POFile,
    now: dt.datetime,
    *,
    date_headers: tuple[str, ...] = CATALOG_DATES,
) -> bytes | None:
    """What saving ``catalog`` over ``snapshot``'s file would write, or None when it has nothing to change.

    The bytes are checked as the reader would check them (``check_readable``: a ``CatalogError`` instead
    of a file no later command could read); a file saved with CRLF line endings keeps them.
    """
    data = write_po_if_changed(
        catalog, snapshot.catalog, date_headers, now, previous_bytes=snapshot.rendered()
    )
    if data is None:
        return None
    if snapshot.data is not None and snapshot.data.count(b"\r\n") > snapshot.data.count(b"\n") // 2:
        # A file saved with Windows line endings keeps them, so the write changes only what changed
        # (strings never hold a raw line break: the PO format escapes it as \n).
        data = data.replace(b"\n", b"\r\n")
    check_readable(data, snapshot.path)
    return data


def template_bytes(path: Path, template: polib.POFile, now: dt.datetime) -> bytes | None:
    """What writing ``template`` to ``path`` would write, or None when the file already says the same.

    The file there is read strictly first (a broken one is refused before anything is written), and
    the bytes are checked as the reader would check them. Write them with ``atomic_write_bytes`` under
    the template's lock: templates are ours alone (reviewers edit catalogs), so there is no reviewer's
    save to yield to.
    """
    snapshot = read_snapshot(path)
    data = write_po_if_changed(
        template, snapshot.catalog, TEMPLATE_DATES, now, previous_bytes=snapshot.rendered()
    )
    if data is not None:
        check_readable(data, path)
    return data


def write_po_if_changed(
    catalog: polib.POFile,
    previous: polib.POFile | None,
    date_headers: tuple[str, ...],
    now: dt.datetime,
    *,
    previous_bytes: bytes | None = None,
) -> bytes | None:
    """The bytes to write for ``catalog``, or None when it says exactly what ``previous`` said
    (``previous_bytes``: ``write_po(previous)`` when the caller has it already).

    An unchanged catalog is not written at all (a file we only read keeps its bytes, whatever editor
    saved it) and keeps ``previous``'s dates; a changed one gets ``date_headers`` stamped with ``now``.
    This is what makes a re-run on unchanged sources byte-identical.
    """
    if previous is not None:
        for header in date_headers:
            catalog.metadata[header] = previous.metadata.get(header, "")
        if write_po(catalog) == (previous_bytes if previous_bytes is not None else write_po(previous)):
            return None
    for header in date_headers:
        catalog.metadata[header] = format_date(now)
    return write_po(catalog)
