"""The Markdown reader: CommonMark (markdown-it) read into leaf blocks with inline tags and placeables."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from translate.document import markup
from translate.document.markup import BOLD, ITALIC, Tag, TagKind
from translate.document.model import (
    Block,
    BlockKind,
    Container,
    ContainerKind,
    Link,
    Placeable,
    PlaceableKind,
)
from translate.document.segment import split_sentences
from translate.errors import DocumentError


class _CommonMark(MarkdownIt):
    """markdown-it's CommonMark preset, with link definitions kept in the token stream.

    Every link destination is accepted: markdown-it turns a link whose scheme it distrusts
    (``javascript:``) back into text, which would put its URL in a msgid; the renderers decide instead,
    per format, which URLs they publish.
    """

    def __init__(self) -> None:
        super().__init__("commonmark", {"inline_definitions": True, "store_labels": True})

    def validateLink(self, url: str) -> bool:
        return True


_COMMONMARK = _CommonMark()

# markdown-it stops reading (and silently drops the rest of) a container opened at this depth.
_DEEPEST_CONTAINER = int(_COMMONMARK.options["maxNesting"]) - 1

_CONTAINERS = {
    "blockquote_open": ContainerKind.quote,
    "bullet_list_open": ContainerKind.bullet_list,
    "ordered_list_open": ContainerKind.ordered_list,
    "list_item_open": ContainerKind.item,
}
_CLOSING = frozenset({"blockquote_close", "bullet_list_close", "ordered_list_close", "list_item_close"})
# Tokens whose content the opening token before them has already read.
_READ_WITH_OPENER = frozenset({"inline", "heading_close", "paragraph_close"})

# A GFM table's delimiter row (`| --- | :-: |`); CommonMark reads a table as a paragraph.
_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_RULE_TEXT = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_WORD = re.compile(r"[^\W_]")


def parse_markdown(text: str, path: Path) -> list[Block]:
    """The leaf blocks of a CommonMark document, each with the containers it sits in."""
    return _MarkdownReader(text, path).read()


class _MarkdownReader:
    """One walk over markdown-it's token stream, keeping the open containers, writing the leaf blocks."""

    def __init__(self, text: str, path: Path) -> None:
        self.path = path
        self.lines = text.split("\n")
        self.tokens = _COMMONMARK.parse(text)
        self.blocks: list[Block] = []
        self.open: list[tuple[Container, int, int]] = []  # container, its line, blocks before it
        self.opened = 0
        # A reference link names its definition by the normalised label; publishing writes the label as
        # the first definition of it wrote it (the one CommonMark uses).
        self.labels: dict[str, str] = {}
        for token in self.tokens:
            if token.type == "definition":
                self.labels.setdefault(token.meta["id"], _label(token.meta["label"]))

    def read(self) -> list[Block]:
        """Every leaf block in reading order."""
        for index, token in enumerate(self.tokens):
            line = token.map[0] + 1 if token.map else 0
            if token.type in _CONTAINERS:
                self._open(index, token, line)
            elif token.type in _CLOSING:
                self._close()
            elif token.type == "heading_open":
                style = "#" if token.markup.startswith("#") else token.markup
                self._inline(BlockKind.heading, line, self.tokens[index + 1], int(token.tag[1:]), style)
            elif token.type == "paragraph_open":
                self._paragraph(line, self.tokens[index + 1])
            elif token.type == "fence":
                self._leaf(
                    Block(BlockKind.code, line, raw=token.content, marker=token.markup, info=token.info)
                )
            elif token.type == "code_block":
                self._leaf(Block(BlockKind.code, line, raw=token.content))
            elif token.type == "hr":
                self._leaf(Block(BlockKind.rule, line, raw=self._rule_text(token)))
            elif token.type == "html_block":
                self._refuse_html_text(token.content, line)
                self._leaf(Block(BlockKind.html, line, raw=token.content))
            elif token.type == "definition":
                meta = token.meta
                link = Link(meta["url"], meta["title"], _label(meta["label"]))
                self._leaf(Block(BlockKind.definition, line, links=(link,)))
            elif token.type not in _READ_WITH_OPENER:
                raise DocumentError(
                    f"the Markdown construct {token.type!r} is not supported; write it another way",
                    path=self.path,
                    line=line or None,
                )
        return self.blocks

    def _open(self, index: int, token: Token, line: int) -> None:
        if token.level >= _DEEPEST_CONTAINER:
            raise DocumentError(
                f"block quotes and lists nest too deeply: markdown-it stops reading at {_DEEPEST_CONTAINER} "
                "levels (a list counts two, itself and its item); flatten them",
                path=self.path,
                line=line,
            )
        kind = _CONTAINERS[token.type]
        self.opened += 1
        if kind is ContainerKind.item:
            marker = token.info + token.markup if token.info else token.markup
            container = Container(kind, self.opened, marker=marker)
        elif kind is ContainerKind.quote:
            container = Container(kind, self.opened)
        else:
            start = int(token.attrs.get("start", 1))
            container = Container(kind, self.opened, start=start, tight=self._tight(index))
        self.open.append((container, line, len(self.blocks)))

    def _close(self) -> None:
        container, line, before = self.open[-1]
        if len(self.blocks) == before and container.kind in (ContainerKind.item, ContainerKind.quote):
            # An empty item or quote (`-` or `>` alone) has no leaf to carry it; an empty one stands in.
            kind = BlockKind.list_item if container.kind is ContainerKind.item else BlockKind.quote
            self._leaf(Block(kind, line))
        self.open.pop()

    def _tight(self, index: int) -> bool:
        """Whether the list opened at ``index`` is tight: markdown-it hides the paragraphs of its items."""
        level = self.tokens[index].level
        for token in self.tokens[index + 1 :]:
            if token.level == level and token.nesting == -1:
                return True  # its own closing token: no paragraph in it
            if token.type == "paragraph_open" and token.level == level + 2:
                return token.hidden
        return True

    @property
    def containers(self) -> tuple[Container, ...]:
        """The containers open at this point of the walk, outermost first."""
        return tuple(container for container, _, _ in self.open)

    def _leaf(self, block: Block) -> None:
        self.blocks.append(dataclasses.replace(block, containers=self.containers))

    def _paragraph(self, line: int, inline: Token) -> None:
        rows = inline.content.split("\n")
        if len(rows) > 1 and "|" in rows[0] and "|" in rows[1] and _TABLE_DELIMITER.match(rows[1]):
            raise DocumentError(
                "this paragraph is a table, a GFM extension that CommonMark does not have; it would be "
                "translated as one run of text, so write the rows as a list, or fence the table as code "
                "to publish it untranslated",
                path=self.path,
                line=line,
            )
        kind = BlockKind.paragraph
        if self.open:
            innermost = self.open[-1][0].kind
            if innermost is ContainerKind.item:
                kind = BlockKind.list_item
            elif innermost is ContainerKind.quote:
                kind = BlockKind.quote
        self._inline(kind, line, inline)

    def _inline(self, kind: BlockKind, line: int, inline: Token, level: int = 0, marker: str = "") -> None:
        tagged, links, placeables = _InlineReader(self.path, line, self.labels).read(inline.children or [])
        if _WORD.search(" ".join(piece for piece in markup.tokenize(tagged) if isinstance(piece, str))):
            segments, raw = tuple(_sentences(tagged, placeables)), ""
        else:
            segments, raw = (), tagged  # nothing to translate: published as written
        self.blocks.append(
            Block(kind, line, segments, level, self.containers, links, placeables, raw=raw, marker=marker)
        )

    def _rule_text(self, token: Token) -> str:
        """The thematic break as written (markdown-it keeps only its character)."""
        if token.map and (found := _RULE_TEXT.search(self.lines[token.map[0]])):
            return found.group(0).rstrip()
        return token.markup[:1] * 3

    def _refuse_html_text(self, html: str, line: int) -> None:
        reader = _VisibleText()
        reader.feed(html)
        reader.close()
        if reader.text:
            excerpt = " ".join(" ".join(reader.text).split())
            excerpt = excerpt if len(excerpt) <= 40 else excerpt[:39].rstrip() + "…"
            raise DocumentError(
                f"an HTML block holds text (“{excerpt}”) that would be published untranslated; write it "
                "in Markdown (HTML without text of its own, such as a comment or an embed, is kept as is)",
                path=self.path,
                line=line,
            )


class _VisibleText(HTMLParser):
    """Collects the text a browser would show from an HTML block (not scripts, styles or comments)."""

    _HIDDEN = frozenset({"script", "style", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden and data.strip():
            self.text.append(data.strip())


class _InlineReader:
    """Inline tokens as one tagged string, with the links and placeables its tags number."""

    def __init__(self, path: Path, line: int, labels: dict[str, str]) -> None:
        self.path = path
        self.line = line
        self.labels = labels
        self.links: list[Link] = []
        self.placeables: list[Placeable] = []
        self.pieces: list[str] = []
        self.tags: list[str] = []  # the tags written, to catch text that reads as one
        self.depth = 0

    def read(self, children: Sequence[Token]) -> tuple[str, tuple[Link, ...], tuple[Placeable, ...]]:
        """The tagged text of ``children``, its links and its placeables."""
        open_links: list[Tag] = []
        index = 0
        while index < len(children):
            child = children[index]
            match child.type:
                case "text":
                    self.pieces.append(child.content)
                case "softbreak":
                    self.pieces.append(" ")
                case "hardbreak":
                    self._placeable(Placeable(PlaceableKind.line_break))
                case "code_inline":
                    self._placeable(Placeable(PlaceableKind.code, child.content))
                case "html_inline":
                    self._placeable(Placeable(PlaceableKind.html, child.content))
                case "image":
                    target = self._link(child, "src")
                    text = _plain_text(child.children or [])
                    self._placeable(Placeable(PlaceableKind.image, text, child.content, target))
                case "em_open" | "em_close" | "strong_open" | "strong_close":
                    tag = ITALIC if child.type.startswith("em") else BOLD
                    self._tag(tag.closed() if child.nesting < 0 else tag)
                case "link_open":
                    link = self._link(child, "href")
                    if child.markup == "autolink":
                        # The address is the link's only text: it stays out of the msgid, like the URL.
                        shown = children[index + 1].content if index + 1 < len(children) else link.url
                        link = Link(link.url, autolink=shown)
                        while index + 1 < len(children) and children[index + 1].type != "link_close":
                            index += 1
                    self.links.append(link)
                    open_links.append(Tag(TagKind.link, len(self.links)))
                    self._tag(open_links[-1])
                case "link_close":
                    self._tag(open_links.pop().closed())
                case _:
                    raise DocumentError(
                        f"the Markdown inline construct {child.type!r} is not supported; "
                        "write it another way",
                        path=self.path,
                        line=self.line,
                    )
            index += 1
        tagged = "".join(self.pieces)
        self._refuse_text_that_reads_as_tags(tagged)
        return tagged, tuple(self.links), tuple(self.placeables)

    def _tag(self, tag: Tag) -> None:
        if tag.number > markup.MAX_NUMBER:
            raise DocumentError(
                f"this block has more than {markup.MAX_NUMBER} links, or more than {markup.MAX_NUMBER} "
                "code spans, images, inline HTML tags and line breaks; split it",
                path=self.path,
                line=self.line,
            )
        if not tag.empty:
            self.depth += -1 if tag.closing else 1
            if self.depth > markup.MAX_DEPTH:
                raise DocumentError(
                    f"emphasis and links nest more than {markup.MAX_DEPTH} deep here; simplify the markup",
                    path=self.path,
                    line=self.line,
                )
        self.pieces.append(str(tag))
        self.tags.append(str(tag))

    def _placeable(self, placeable: Placeable) -> None:
        self.placeables.append(placeable)
        self._tag(Tag(TagKind.placeable, len(self.placeables)))

    def _link(self, token: Token, attribute: str) -> Link:
        label = self.labels.get(str(token.meta.get("label", "")), "")
        title = str(token.attrs.get("title", ""))
        return Link(str(token.attrs.get(attribute, "")), title, label)

    def _refuse_text_that_reads_as_tags(self, tagged: str) -> None:
        found = markup.tags(tagged)
        if found == self.tags or not found:
            return
        index = 0
        while index < len(self.tags) and found[index] == self.tags[index]:
            index += 1
        stray = found[index] if index < len(found) else found[-1]  # the first tag the text added
        raise DocumentError(
            f"the text “{stray}” reads as one of the toolkit's inline tags; write it as code (`{stray}`) "
            "or without the angle brackets",
            path=self.path,
            line=self.line,
        )


def _label(label: str) -> str:
    """A link label on one line; a space keeps a final backslash from escaping the closing bracket."""
    label = " ".join(label.split())
    return label + " " if label.endswith("\\") else label


def _plain_text(children: Sequence[Token]) -> str:
    """An image's alt text without its markup, as CommonMark renders it into ``alt``."""
    out: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type == "image":
            out.append(_plain_text(child.children or []))
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out)


def _sentences(tagged: str, placeables: Sequence[Placeable]) -> list[str]:
    """The sentences of a tagged paragraph.

    A hard line break ends a segment where the text before it ends a sentence (the break stays at the
    end of that segment); a sentence end inside ``<b>``, ``<i>`` or a link does not, so every segment
    keeps its tags whole.
    """
    breaks = tuple(
        str(Tag(TagKind.placeable, number))
        for number, placeable in enumerate(placeables, 1)
        if placeable.kind is PlaceableKind.line_break
    )
    pieces: list[str] = []
    for line in _lines(tagged, breaks):
        sentences = split_sentences(line)
        if pieces and sentences and not _sentence_follows(pieces[-1], sentences[0], breaks):
            pieces[-1] += sentences.pop(0)
        pieces.extend(sentences)
    merged: list[str] = []
    depth = 0
    for piece in pieces:
        if depth:
            merged[-1] += ("" if merged[-1].endswith(breaks) else " ") + piece
        else:
            merged.append(piece)
        for part in markup.tokenize(piece):
            if isinstance(part, Tag) and not part.empty:
                depth += -1 if part.closing else 1
    return merged


def _lines(tagged: str, breaks: tuple[str, ...]) -> list[str]:
    """``tagged`` cut after each hard line break tag."""
    if not breaks:
        return [tagged]
    pattern = "|".join(re.escape(tag) for tag in breaks)
    return [line for line in re.split(f"(?<=(?:{pattern}))", tagged) if line]


def _sentence_follows(previous: str, first: str, breaks: tuple[str, ...]) -> bool:
    """Whether ``first``, the first sentence after a line break, starts a new sentence after ``previous``."""
    if not previous.endswith(breaks):
        return True
    before = split_sentences(previous[: previous.rindex("<")])
    return bool(before) and len(split_sentences(f"{before[-1]} {first}")) > 1
