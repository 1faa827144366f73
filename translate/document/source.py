"""Source documents: the seed article format, plain text and Markdown, parsed into blocks of segments."""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from translate.document.markup import BOLD, ITALIC, Tag, TagKind, wrap
from translate.document.segment import split_sentences
from translate.errors import DocumentError
from translate.fileio import read_source_text


class SourceFormat(enum.StrEnum):
    """How a source file is laid out."""

    seed = "seed"  # `date YYYY-MM-DD <title>`, a dateline, then paragraphs
    text = "text"  # paragraphs separated by blank lines
    markdown = "markdown"


class BlockKind(enum.Enum):
    """The structural role of a block; publishing rebuilds the layout from it."""

    title = "title"
    dateline = "dateline"
    heading = "heading"
    paragraph = "paragraph"
    list_item = "list item"
    quote = "quote"
    code = "code"
    rule = "rule"


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a document.

    ``segments`` are the translatable sentences (msgids). Markdown inline markup is kept as structure
    (the tags of ``translate.document.markup``): emphasis becomes ``<i>…</i>``/``<b>…</b>``, a link
    ``<aN>…</aN>`` whose URL is ``links[N-1]``, inline code ``<cN/>`` whose text is ``codes[N-1]``.
    ``raw`` holds text that is never translated (a code block, a dateline). ``level`` is a heading level
    or list nesting depth; ``marker`` a list marker.
    """

    kind: BlockKind
    line: int
    segments: tuple[str, ...] = ()
    level: int = 0
    marker: str = ""
    links: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    raw: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed source article; ``doc_id`` is the file stem."""

    doc_id: str
    path: Path
    format: SourceFormat
    blocks: tuple[Block, ...]
    date: dt.date | None = None
    meta: tuple[tuple[str, str], ...] = field(default=())

    @property
    def title(self) -> str | None:
        """The title text, when the document has one."""
        for block in self.blocks:
            if block.kind is BlockKind.title or (block.kind is BlockKind.heading and block.level == 1):
                return " ".join(block.segments)
        return None

    def segments(self) -> Iterator[tuple[Block, str]]:
        """Every translatable segment in reading order, with the block it belongs to."""
        for block in self.blocks:
            for segment in block.segments:
                yield block, segment


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


def load_document(path: Path) -> Document:
    """Read and parse a source file (``.txt`` seed or plain text, ``.md`` Markdown)."""
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
        blocks = _parse_markdown(text)
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


# --- Markdown -------------------------------------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$")
_QUOTE = re.compile(r"^\s{0,3}>\s?(.*)$")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")

_INLINE = re.compile(
    r"(?P<code>`+)(?P<code_text>.+?)(?P=code)"
    r"|!?\[(?P<link_text>[^\]]*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)"
    r"|(?P<strong>\*\*|__)(?P<strong_text>.+?)(?P=strong)"
    r"|(?P<em>\*|_)(?P<em_text>[^*_\s](?:.*?[^*_\s])?)(?P=em)"
)


def _parse_markdown(text: str) -> list[Block]:
    lines = text.split("\n")
    blocks: list[Block] = []
    index = 0
    paragraph: list[str] = []
    paragraph_start = 0

    def flush() -> None:
        nonlocal paragraph
        if paragraph:
            blocks.append(_inline_block(BlockKind.paragraph, paragraph_start, " ".join(paragraph)))
            paragraph = []

    while index < len(lines):
        line = lines[index]
        number = index + 1
        if fence := _FENCE.match(line):
            flush()
            marker = fence.group(1)
            body: list[str] = [line]
            index += 1
            while index < len(lines):
                body.append(lines[index])
                if lines[index].strip().startswith(marker):
                    break
                index += 1
            blocks.append(Block(BlockKind.code, number, raw="\n".join(body)))
        elif not line.strip():
            flush()
        elif _RULE.match(line):
            flush()
            blocks.append(Block(BlockKind.rule, number, raw=line.strip()))
        elif heading := _HEADING.match(line):
            flush()
            block = _inline_block(BlockKind.heading, number, heading.group(2))
            blocks.append(_with_level(block, len(heading.group(1))))
        elif item := _LIST_ITEM.match(line):
            flush()
            depth = len(item.group(1).expandtabs(4)) // 2
            content = [item.group(3)]
            while index + 1 < len(lines) and _is_continuation(lines[index + 1]):
                index += 1
                content.append(lines[index].strip())
            block = _inline_block(BlockKind.list_item, number, " ".join(content))
            blocks.append(
                Block(block.kind, number, block.segments, depth, item.group(2), block.links, block.codes)
            )
        elif quote := _QUOTE.match(line):
            flush()
            content = [quote.group(1)]
            while index + 1 < len(lines) and (more := _QUOTE.match(lines[index + 1])) and more.group(1):
                index += 1
                content.append(more.group(1))
            blocks.append(_inline_block(BlockKind.quote, number, " ".join(content)))
        else:
            if not paragraph:
                paragraph_start = number
            paragraph.append(line.strip())
        index += 1
    flush()
    return blocks


def _is_continuation(line: str) -> bool:
    return (
        bool(line.strip())
        and line.startswith((" ", "\t"))
        and not _LIST_ITEM.match(line)
        and not _FENCE.match(line)
    )


def _with_level(block: Block, level: int) -> Block:
    return Block(block.kind, block.line, block.segments, level, block.marker, block.links, block.codes)


def _inline_block(kind: BlockKind, line: int, text: str) -> Block:
    links: list[str] = []
    codes: list[str] = []
    tagged = _tag_inline(text, links, codes)
    return Block(kind, line, tuple(split_sentences(tagged)), links=tuple(links), codes=tuple(codes))


def _tag_inline(text: str, links: list[str], codes: list[str]) -> str:
    """Turn Markdown inline markup into neutral tags so only words reach the catalog and the engine."""

    def replace(match: re.Match[str]) -> str:
        if match.group("code"):
            codes.append(match.group("code_text"))
            return str(Tag(TagKind.code, len(codes)))
        if match.group("url") is not None:
            links.append(match.group("url"))
            link = Tag(TagKind.link, len(links))  # numbered before the link text adds links of its own
            return wrap(link, _tag_inline(match.group("link_text"), links, codes))
        if match.group("strong"):
            return wrap(BOLD, _tag_inline(match.group("strong_text"), links, codes))
        return wrap(ITALIC, _tag_inline(match.group("em_text"), links, codes))

    return _INLINE.sub(replace, text)
