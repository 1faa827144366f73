"""Exchange of the term base with other tools: TBX-Basic, TBX v2 (``martif``) or CSV, both ways."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from translate.errors import GlossaryError
from translate.fileio import atomic_write_bytes, decode_utf8
from translate.glossary.csvfile import from_csv, to_csv
from translate.glossary.tbxfile import read_tbx, to_martif, to_tbx
from translate.glossary.termbase import Term, TermBase
from translate.glossary.tomlfile import (
    WriteReport,
    load_termbase,
    parse_terms,
    render_terms,
    write_terms_report,
)
from translate.languages import Language


class ExchangeFormat(enum.StrEnum):
    """An exchange format: TBX-Basic (ISO 30042:2019), TBX v2 ``martif`` (ISO 30042:2008) or CSV."""

    tbx_basic = "tbx-basic"
    tbx2 = "tbx2"
    csv = "csv"

    @classmethod
    def for_path(cls, path: Path) -> ExchangeFormat:
        """The format a file's suffix names: ``.tbx``/``.xml`` TBX-Basic, ``.csv`` CSV."""
        suffix = path.suffix.lower()
        if suffix in (".tbx", ".xml"):
            return cls.tbx_basic
        if suffix == ".csv":
            return cls.csv
        raise GlossaryError("unknown exchange format; use a .tbx or .csv file", path=path)


@dataclass(frozen=True, slots=True)
class Exchange:
    """Terms read from an exchange file, and the entries left out with the reason."""

    terms: tuple[Term, ...]
    skipped: tuple[str, ...] = ()


def read_exchange(path: Path, language: Language | None = None) -> Exchange:
    """Terms from a TBX (either version) or CSV file, validated as the term base would be.

    ``language`` names the target language of a two-column CSV glossary (``source,target``) and of TBX
    sections marked ``xx`` (what ``csv2tbx`` writes).
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"cannot read ({exc.strerror})", path=path) from None
    if ExchangeFormat.for_path(path) is ExchangeFormat.csv:
        terms = tuple(from_csv(decode_utf8(data, path, GlossaryError).lstrip("\ufeff"), path, language))
        exchange = Exchange(terms)
    else:
        read = read_tbx(data, path, language)  # the root element tells the TBX version
        exchange = Exchange(read.terms, read.skipped)
    _validate(exchange.terms, path)
    return exchange


def read_terms(path: Path, language: Language | None = None) -> list[Term]:
    """The terms of ``read_exchange``."""
    return list(read_exchange(path, language).terms)


def _validate(terms: tuple[Term, ...], path: Path) -> None:
    """Validate as a term-base file would be, so an import can never write a file the reader refuses."""
    try:
        parse_terms(render_terms("", terms), path.with_suffix(".toml"))
    except GlossaryError:
        # Find the term at fault and name it where it came from (the CSV row), not in TOML never written.
        for term in terms:
            try:
                parse_terms(render_terms("", [term]), path.with_suffix(".toml"))
            except GlossaryError as exc:
                if term.location is not None:
                    raise GlossaryError(
                        exc.detail, path=term.location.path, line=term.location.line
                    ) from None
                raise GlossaryError(exc.detail, path=path) from None
        raise


def write_exchange(
    termbase: TermBase,
    path: Path,
    format: ExchangeFormat | None = None,
    language: Language | None = None,
) -> None:
    """Export the term base to ``path`` in ``format`` (by default the suffix's), atomically.

    ``language`` adds a ``target`` column of that language to a CSV export (for two-column readers).
    """
    chosen = format or ExchangeFormat.for_path(path)
    if chosen is ExchangeFormat.tbx_basic:
        data = to_tbx(termbase)
    elif chosen is ExchangeFormat.tbx2:
        data = to_martif(termbase)
    else:
        data = to_csv(termbase, language).encode("utf-8")
    atomic_write_bytes(path, data)


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: the entries read, the files written, the ids added, replaced and skipped."""

    read: Exchange
    written: WriteReport


def import_terms(
    glossary_dir: Path,
    path: Path,
    *,
    into: Path | None = None,
    replace: bool = False,
    skip_existing: bool = False,
    language: Language | None = None,
) -> ImportReport:
    """Read ``path`` and add its terms to the term base (for the options, see ``write_terms``)."""
    read = read_exchange(path, language)
    written = write_terms_report(
        glossary_dir, read.terms, file=into, replace=replace, skip_existing=skip_existing
    )
    return ImportReport(read, written)


def export_termbase(
    glossary_dir: Path,
    out: Path,
    format: ExchangeFormat | None = None,
    language: Language | None = None,
) -> TermBase:
    """Load the term base in ``glossary_dir`` and export it to ``out``; return the base exported.

    ``out`` may not lie in the term-base folder: that folder holds only the term base, and an export
    there would sit among the files reviewers edit (and a later ``.toml`` there would be read as terms).
    """
    folder = glossary_dir.resolve()
    if folder == out.resolve().parent or folder in out.resolve().parents:
        raise GlossaryError(
            f"an export may not go into the term-base folder {glossary_dir}; write it elsewhere "
            "(e.g. glossary.tbx in the project root)",
            path=out,
        )
    termbase = load_termbase(glossary_dir)
    write_exchange(termbase, out, format, language)
    return termbase
