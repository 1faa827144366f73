"""Reading PO/POT files from disk into polib catalogs, with errors that name the file."""

from __future__ import annotations

from pathlib import Path

import polib

from translate.catalog import WRAP_WIDTH
from translate.errors import CatalogError
from translate.fileio import decode_utf8


def read_catalog(path: Path) -> polib.POFile:
    """Parse the PO or POT file at ``path``."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read catalog ({exc.strerror})", path=path) from None
    text = decode_utf8(data, path, CatalogError)
    try:
        catalog = polib.pofile(text, wrapwidth=WRAP_WIDTH, check_for_duplicates=True)
    except (OSError, ValueError) as exc:
        raise CatalogError(f"malformed catalog: {exc}; fix it in a PO editor", path=path) from None
    return catalog
