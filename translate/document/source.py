"""Reading a source file: the seed format and plain text here, Markdown through ``document.markdown``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import overload

from translate.catalog.pofile import MAX_CATALOG_BYTES
from translate.document.markdown import parse_markdown
from translate.document.model import Block, BlockKind, Document, SourceFormat
from translate.document.segment import split_sentences
from translate.errors import DocumentError
from translate.fileio import decode_utf8, read_regular
from translate.project import as_path

_SEED_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})(?:\s+(\S.*?))?\s*$")
_DATELINE = re.compile(r"^\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*$")
_DOC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def document_id(path: Path) -> str:
    """The document id (file stem), refused when it could not be a safe file name."""
    doc_id = path.stem
    if not _DOC_ID.match(doc_id) or ".." in doc_id:
        raise DocumentError(
            "file name must start with a Latin letter or digit and hold only Latin letters, digits, "
            "'.', '_' or '-', without '..' (it becomes the document id); rename it",
            path=path,
        )
    return doc_id


SOURCE_FORMATS = (".txt", ".md", ".markdown")

MAX_DOCUMENT_BYTES = 1024 * 1024
"""Largest source document (UTF-8 bytes), so that none of its catalogs outgrows what the reader reads.

Why 1 MiB keeps a catalog under ``MAX_CATALOG_BYTES`` (16 MiB) in every language: for a document of T
bytes, a catalog writes each segment as its msgid, its msgstr and, after the source changed, its
previous msgid (``#|``), plus notes and the entry's own lines. A string as written is at most 2.25
times its bytes: escapes (``\\"``, ``\\\\``, ``\\t``) at most double it, and a wrapped line adds at most
7 bytes (prefix, quotes, newline) per 35 columns, since two lines together always overflow the page.
So the msgids take at most 2.25 T, the previous msgids as much again. A msgstr may be longer than its
msgid: Cyrillic letters take two bytes where English ones take one, and a Russian, Kazakh or Turkmen
sentence runs up to 1.5 times the English one, so 3 T of text and at most 6.75 T written. Notes (the
engine's, one per glossary term, the checks') and the ``#:``/``#,`` lines come to 3.5 T where every
entry has findings: ``benchmarks/bench_catalog_io.py --at-limit`` runs a 1 MiB document of numbered
seed sentences through an engine whose output is Cyrillic and 1.5 times as long, and its catalogs are
7.0 to 7.8 MB, at most 7.5 T, of which the strings are 4 T. Together at most 14.75 T: 14.75 MiB for a
1 MiB document. What no limit on a document bounds (obsolete entries piling up over many versions, a
text of very short segments with many notes each, an engine gone wild) the writer refuses before
anything is written (``check_readable``).
"""

# C0 control characters other than tab and line or page breaks (Word writes \v for a manual break): no
# article has them, a binary file (a .docx, an image) read as text does, and a NUL in a catalog makes it
# unreadable.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def load_document(path: Path | str) -> Document:
    """Read and parse a source file (``.txt`` seed or plain text, ``.md`` Markdown; a ``Path`` or ``str``)."""
    path = as_path(path)
    return parse_document(decode_utf8(_read_source(path), path, DocumentError), path)


def claim_document_id(seen: dict[str, Path], doc_id: str, path: Path) -> None:
    """Record that ``path`` is document ``doc_id``, refusing a second source with the same id."""
    if doc_id in seen:
        raise DocumentError(f"has the same document id {doc_id!r} as {seen[doc_id]}; rename one", path=path)
    seen[doc_id] = path


class DocumentFiles(Sequence[Document]):
    """Source documents parsed when they are used, not held: a publish or a report of ten thousand
    articles keeps one parsed at a time (each parse takes about a millisecond, each parsed article
    tens of kilobytes).

    ``validate`` parses every file once up front, so that a bad source (or two sources with one
    document id) is refused before anything is written; a file edited after that is parsed again as
    it is when used.
    """

    def __init__(self, paths: Sequence[Path], *, validate: bool = True) -> None:
        self.paths = tuple(paths)
        seen: dict[str, Path] = {}
        for path in self.paths:
            claim_document_id(seen, load_document(path).doc_id if validate else document_id(path), path)
        self.doc_ids = tuple(seen)

    def __len__(self) -> int:
        return len(self.paths)

    @overload
    def __getitem__(self, index: int) -> Document: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Document]: ...

    def __getitem__(self, index: int | slice) -> Document | Sequence[Document]:
        if isinstance(index, slice):
            return DocumentFiles(self.paths[index], validate=False)
        return load_document(self.paths[index])

    def __iter__(self) -> Iterator[Document]:
        for path in self.paths:
            yield load_document(path)


def document_ids(documents: Sequence[Document]) -> Sequence[str]:
    """The ids of ``documents``, without parsing them again when they are :class:`DocumentFiles`."""
    if isinstance(documents, DocumentFiles):
        return documents.doc_ids
    return [document.doc_id for document in documents]


def check_source(path: Path | str) -> str:
    """The document id of a source file, after the refusals ``load_document`` makes before parsing (not a
    source format, not found, not a regular file, over the size limit, a name that is no document id):
    what a run checks of every source, including those it will not parse again."""
    path = as_path(path)
    _read_source(path)
    return document_id(path)


def _read_source(path: Path) -> bytes:
    if path.suffix.lower() not in SOURCE_FORMATS:
        kind = f"'{path.suffix}' files are" if path.suffix else "a file without an extension is"
        raise DocumentError(
            f"not a source document ({kind} not read); save the article as .txt (plain text) or .md",
            path=path,
        )
    return read_regular(path, MAX_DOCUMENT_BYTES, what="source", error=DocumentError, oversize=_too_large)


def _too_large(size: int, max_bytes: int) -> str:
    """The message for a document of ``size`` bytes (or more) over the ``max_bytes`` limit."""
    return (
        f"is {size / 1e6:.1f} MB of text; the limit is {max_bytes // (1024 * 1024)} MiB per document so "
        f"its catalogs stay under {MAX_CATALOG_BYTES // (1024 * 1024)} MiB; split it into several files"
    )


def parse_document(text: str, path: Path) -> Document:
    """Parse source ``text`` read from ``path`` (the suffix picks the format)."""
    doc_id = document_id(path)
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentError(_too_large(size, MAX_DOCUMENT_BYTES), path=path)
    if control := _CONTROL.search(text):
        raise DocumentError(
            f"contains the control character U+{ord(control.group()):04X}; the file is binary or damaged, "
            "save the article as plain UTF-8 text",
            path=path,
            line=text.count("\n", 0, control.start()) + 1,
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if path.suffix.lower() in (".md", ".markdown"):
        blocks = parse_markdown(text, path)
        document = Document(doc_id, path, SourceFormat.markdown, tuple(blocks))
    else:
        document = _parse_text(text, path, doc_id)
    if not any(block.segments for block in document.blocks):
        raise DocumentError("source has no text to translate; add content or remove the file", path=path)
    return document


def _parse_text(text: str, path: Path, doc_id: str) -> Document:
    lines = text.split("\n")
    blocks: list[Block] = []
    date: dt.date | None = None
    fmt = SourceFormat.text
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index < len(lines) and (header := _SEED_HEADER.match(lines[index])):
        try:
            date = dt.date.fromisoformat(header.group(1))
        except ValueError:
            raise DocumentError(
                f"invalid date {header.group(1)!r} in the header; write it as YYYY-MM-DD",
                path=path,
                line=index + 1,
            ) from None
        fmt = SourceFormat.seed
        if header.group(2):
            blocks.append(Block(BlockKind.title, index + 1, tuple(split_sentences(header.group(2)))))
        index += 1
        while index < len(lines) and not lines[index].strip():
            index += 1
        if index < len(lines) and _DATELINE.match(lines[index]):
            blocks.append(Block(BlockKind.dateline, index + 1, raw=lines[index].strip()))
            index += 1
    for start, para in _paragraphs(lines, index):
        blocks.append(Block(BlockKind.paragraph, start, tuple(split_sentences(para))))
    return Document(doc_id, path, fmt, tuple(blocks), date=date)


def _paragraphs(lines: list[str], index: int) -> Iterator[tuple[int, str]]:
    """Yield (first line number, text) of each blank-line separated paragraph from ``index`` on."""
    current: list[str] = []
    start = 0
    for number in range(index, len(lines)):
        line = lines[number]
        if line.strip():
            if not current:
                start = number + 1
            current.append(line.strip())
        elif current:
            yield start, " ".join(current)
            current = []
    if current:
        yield start, " ".join(current)
