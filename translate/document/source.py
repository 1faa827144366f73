"""Reading a source file: the seed format and plain text here, Markdown through ``document.markdown``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from translate.document.markdown import parse_markdown
from translate.document.model import Block, BlockKind, Document, SourceFormat
from translate.document.segment import split_sentences
from translate.errors import DocumentError
from translate.fileio import read_source_text
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

# C0 control characters other than tab and line or page breaks (Word writes \v for a manual break): no
# article has them, a binary file (a .docx, an image) read as text does, and a NUL in a catalog makes it
# unreadable.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def load_document(path: Path | str) -> Document:
    """Read and parse a source file (``.txt`` seed or plain text, ``.md`` Markdown; a ``Path`` or ``str``)."""
    path = as_path(path)
    if path.suffix.lower() not in SOURCE_FORMATS:
        kind = f"'{path.suffix}' files are" if path.suffix else "a file without an extension is"
        raise DocumentError(
            f"not a source document ({kind} not read); save the article as .txt (plain text) or .md",
            path=path,
        )
    text = read_source_text(path)
    return parse_document(text, path)


def parse_document(text: str, path: Path) -> Document:
    """Parse source ``text`` read from ``path`` (the suffix picks the format)."""
    doc_id = document_id(path)
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
