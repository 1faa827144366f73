"""The parsed source document: a ``Document`` of leaf ``Block``s, their containers, links and placeables."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


class SourceFormat(enum.StrEnum):
    """How a source file is laid out."""

    seed = "seed"  # `date YYYY-MM-DD <title>`, a dateline, then paragraphs
    text = "text"  # paragraphs separated by blank lines
    markdown = "markdown"  # CommonMark


class BlockKind(enum.Enum):
    """The role of a leaf block; publishing rebuilds the layout from it and the block's containers.

    A paragraph directly inside a list item is a ``list_item`` block and one directly inside a block quote a
    ``quote`` block, so reviewers see that context in the catalog; every other leaf keeps its own kind
    wherever it sits.
    """

    title = "title"
    dateline = "dateline"
    heading = "heading"
    paragraph = "paragraph"
    list_item = "list item"
    quote = "quote"
    code = "code"
    rule = "rule"
    html = "html"  # a raw HTML block without text of its own (a comment, an embed)
    definition = "link definition"  # `[label]: url "title"`, which links elsewhere refer to


class ContainerKind(enum.Enum):
    """A Markdown block that holds other blocks."""

    quote = "block quote"
    bullet_list = "bullet list"
    ordered_list = "ordered list"
    item = "list item"


@dataclass(frozen=True, slots=True)
class Container:
    """A block quote, list or list item that a leaf block sits in (outermost first in ``Block.containers``).

    Blocks inside one container share the same ``Container``; ``number`` (the document's containers
    counted in opening order) tells apart two that look alike, such as the items of one list.
    """

    kind: ContainerKind
    number: int
    marker: str = ""
    """A list item's marker as written: ``-``, ``*``, ``+``, or a number with ``.`` or ``)``."""
    start: int = 1
    """An ordered list's first number."""
    tight: bool = False
    """A list whose items are not separated by blank lines: its paragraphs publish without ``<p>``."""


@dataclass(frozen=True, slots=True)
class Link:
    """Where an ``<aN>`` tag points; the URL never enters a segment."""

    url: str
    title: str = ""
    label: str = ""
    """The link definition's label as written, for a reference link (``[text][label]``)."""
    autolink: str = ""
    """The address an autolink (``<https://…>``) shows; its ``<aN></aN>`` encloses no text of its own."""


class PlaceableKind(enum.Enum):
    """What a ``<cN/>`` tag stands for: inline content that is published as written, never translated."""

    code = "code span"
    image = "image"
    html = "inline HTML"
    line_break = "hard line break"


@dataclass(frozen=True, slots=True)
class Placeable:
    """The content behind a ``<cN/>`` tag.

    ``text`` is what plain text shows: the code, an image's alt text, the HTML as written. An image keeps
    its alt text as written in ``source`` (alt text is not translated) and its address in ``target``.
    """

    kind: PlaceableKind
    text: str = ""
    source: str = ""
    target: Link | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """One leaf block of a document.

    ``segments`` are the translatable sentences (msgids). Markdown inline markup is kept as structure
    (the tags of ``translate.document.markup``): emphasis becomes ``<i>…</i>``/``<b>…</b>``, a link
    ``<aN>…</aN>`` whose target is ``links[N-1]``, a code span, image, inline HTML or hard line break
    ``<cN/>`` whose content is ``placeables[N-1]``. ``raw`` holds what is never translated: a code
    block's code, an HTML block, a link definition, a rule, a dateline, or the tagged text of a block with
    no words in it (a paragraph that is only an image). ``level`` is a heading level; ``marker`` how the
    source wrote the block (a code fence, ``#`` or a setext underline character); ``info`` a code fence's
    info string.
    """

    kind: BlockKind
    line: int
    segments: tuple[str, ...] = ()
    level: int = 0
    containers: tuple[Container, ...] = ()
    links: tuple[Link, ...] = ()
    placeables: tuple[Placeable, ...] = ()
    raw: str = ""
    marker: str = ""
    info: str = ""


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
