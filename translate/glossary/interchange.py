"""Exchange of the term base with other tools: the file's suffix picks TBX or CSV, both ways."""

from __future__ import annotations

from pathlib import Path

from translate.errors import GlossaryError
from translate.fileio import atomic_write_bytes, decode_utf8
from translate.glossary.csvfile import from_csv, to_csv
from translate.glossary.tbxfile import from_tbx, to_tbx
from translate.glossary.termbase import Term, TermBase
from translate.glossary.tomlfile import parse_terms, render_terms


def read_terms(path: Path) -> list[Term]:
    """Terms from a ``.tbx`` (or ``.xml``) or ``.csv`` file, validated as the term base would be."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"cannot read ({exc.strerror})", path=path) from None
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml"):
        terms = from_tbx(data, path)
    elif suffix == ".csv":
        terms = from_csv(decode_utf8(data, path, GlossaryError).lstrip("\ufeff"), path)
    else:
        raise GlossaryError("unknown exchange format; use a .tbx or .csv file", path=path)
    # Validate exactly as a term-base file would be, so an import can never write a file the reader refuses.
    parse_terms(render_terms("", terms), path.with_suffix(".toml"))
    return terms


def write_exchange(termbase: TermBase, path: Path) -> None:
    """Export the term base to ``path`` (``.tbx`` or ``.csv``), atomically."""
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml"):
        atomic_write_bytes(path, to_tbx(termbase))
    elif suffix == ".csv":
        atomic_write_bytes(path, to_csv(termbase).encode("utf-8"))
    else:
        raise GlossaryError("unknown exchange format; use a .tbx or .csv file", path=path)
