"""Rendering: a resolved article written out as plain text, Markdown or a standalone HTML page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from translate.document import markup
from translate.document.markup import Span, TagKind
from translate.document.model import (
    Block,
    BlockKind,
    Container,
    ContainerKind,
    Document,
    Link,
    Placeable,
    PlaceableKind,
    SourceFormat,
)
from translate.errors import UsageError
from translate.languages import SOURCE_LANGUAGE, Language
from translate.publish.gate import Rendition, SegmentState

_SAFE_URL_SCHEMES = ("", "http", "https", "mailto")


class OutputFormat(enum.StrEnum):
    """A published file format; the value is the file extension."""

    txt = "txt"
    md = "md"
    html = "html"


ALL_FORMATS: tuple[OutputFormat, ...] = (OutputFormat.txt, OutputFormat.md, OutputFormat.html)


def parse_formats(values: Iterable[str]) -> tuple[OutputFormat, ...]:
    """Parse ``--format`` values (``txt``, ``md``, ``html``, comma-separated or repeated, or ``all``)."""
    found: list[OutputFormat] = []
    for value in values:
        for name in value.split(","):
            name = name.strip().lower().lstrip(".")
            if not name:
                continue
            if name == "all":
                chosen: tuple[OutputFormat, ...] = ALL_FORMATS
            else:
                try:
                    chosen = (OutputFormat(name),)
                except ValueError:
                    raise UsageError(f"unknown output format {name!r}; use txt, md, html or all") from None
            found.extend(fmt for fmt in chosen if fmt not in found)
    return tuple(found) or ALL_FORMATS


@dataclass(frozen=True, slots=True)
class Article:
    """What a renderer needs: the document, its resolved segments, the language and the formatted date."""

    document: Document
    language: Language
    renditions: Mapping[str, Rendition]
    date_text: str | None

    def segment(self, msgid: str) -> Rendition:
        """The rendition of ``msgid`` (the source text when it is unknown)."""
        return self.renditions.get(msgid) or Rendition(msgid, SegmentState.untranslated)

    @property
    def markup(self) -> bool:
        """Whether segments carry inline tags (only Markdown sources do)."""
        return self.document.format is SourceFormat.markdown

    @property
    def incomplete(self) -> int:
        """Segment occurrences shown in the source language."""
        return self.count(SegmentState.untranslated)

    def count(self, state: SegmentState) -> int:
        """Segment occurrences in ``state``."""
        return [self.segment(msgid).state for _, msgid in self.document.segments()].count(state)


# --- marks: what tells a reader that a segment is not a finished translation -------------------------------

TEXT_MARKS: Mapping[SegmentState, str] = {SegmentState.untranslated: "EN", SegmentState.flagged: "CHECK"}
"""The label plain text and Markdown put in front of a segment that is not a clean translation:
``⟦EN: …⟧`` shown in English, ``⟦CHECK: …⟧`` published with an open review finding. The brackets are
neither Markdown nor HTML, so they survive every renderer, and they show where the segment ends."""


def text_mark(state: SegmentState, words: str) -> str:
    """``words`` bracketed with the mark of ``state`` (``⟦EN: Talks were held.⟧``)."""
    return f"⟦{TEXT_MARKS[state]}: {words}⟧"


def _notice(article: Article, untranslated_hint: str, flagged_hint: str) -> str | None:
    """The sentences that open an incomplete publication, or ``None`` when every segment is clean."""
    total = sum(1 for _ in article.document.segments())
    sentences = []
    if article.incomplete:
        sentences.append(
            f"Incomplete translation: {article.incomplete} of {total} segments are shown in English "
            f"({untranslated_hint})."
        )
    if flagged := article.count(SegmentState.flagged):
        sentences.append(
            f"{flagged} of {total} segments are published with an open review finding ({flagged_hint})."
        )
    return " ".join(sentences) or None


_TEXT_HINTS = (
    f"marked {text_mark(SegmentState.untranslated, '…')}",
    f"marked {text_mark(SegmentState.flagged, '…')}",
)


# --- inline markup: one walk over a segment's tags, a writer per format ------------------------------------


class InlineWriter(Protocol):
    """How one format writes the pieces of a tagged segment; ``write_inline`` calls these."""

    def text(self, text: str) -> str:
        """Plain text between tags."""
        ...

    def placeable(self, placeable: Placeable | None) -> str:
        """What a ``<cN/>`` stands for; ``None`` when the block has no placeable N."""
        ...

    def bold(self, inner: str) -> str:
        """What ``<b>`` encloses, already written."""
        ...

    def italic(self, inner: str) -> str:
        """What ``<i>`` encloses, already written."""
        ...

    def link(self, link: Link | None, inner: str) -> str:
        """What ``<aN>`` encloses, already written; ``link`` is ``None`` when the block has no link N."""
        ...

    def join(self, pieces: Sequence[str]) -> str:
        """The written pieces of one run of text and tags, in order."""
        ...


def write_inline(text: str, block: Block, writer: InlineWriter, tagged: bool = True) -> str:
    """``text`` written by ``writer``, with the links and placeables of its tags looked up in ``block``.

    Only Markdown sources carry inline tags (``tagged``); in other sources "<b>" is just text.
    """

    def walk(nodes: Iterable[Span | str]) -> str:
        out: list[str] = []
        for node in nodes:
            if isinstance(node, str):
                out.append(writer.text(node))
            elif node.tag.kind is TagKind.placeable:
                out.append(writer.placeable(node.tag.refers_to(block.placeables)))
            elif node.tag.kind is TagKind.bold:
                out.append(writer.bold(walk(node.children)))
            elif node.tag.kind is TagKind.italic:
                out.append(writer.italic(walk(node.children)))
            else:
                out.append(writer.link(node.tag.refers_to(block.links), walk(node.children)))
        return writer.join(out)

    return walk(markup.parse(text) if tagged else (text,))


class _PlainInline:
    """Plain text: emphasis and links drop their markup, placeables show their text."""

    def text(self, text: str) -> str:
        return text

    def placeable(self, placeable: Placeable | None) -> str:
        if placeable is None:
            return ""
        return "\n" if placeable.kind is PlaceableKind.line_break else placeable.text

    def bold(self, inner: str) -> str:
        return inner

    def italic(self, inner: str) -> str:
        return inner

    def link(self, link: Link | None, inner: str) -> str:
        return link.autolink if link is not None and link.autolink and not inner else inner

    def join(self, pieces: Sequence[str]) -> str:
        return "".join(pieces)


# Characters that are Markdown syntax anywhere in a line; `_` only where it could start or end emphasis
# (not between two letters or digits), `&` only where it would start an entity.
_MD_SPECIAL = re.compile(r"[\\`*\[\]<>]|(?<![^\W_])_|_(?![^\W_])|&(?=#?\w+;)")
# What starts a block when it begins a line: an ATX heading, a list item, a setext underline, a fence.
_MD_LINE_START = re.compile(
    r"^(?:(?P<mark>#{1,6}(?=[ \t]|$)|[-+](?=[ \t-]|$)|=(?==*[ \t]*$)|~(?=~~))"
    r"|(?P<number>\d{1,9})(?P<delimiter>[.)])(?=[ \t]|$))"
)


def _escape_markdown_text(text: str) -> str:
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), text)


def _escape_line_starts(text: str) -> str:
    """``text`` with every line that would begin a block (``# …``, ``- …``, ``1. …``) escaped, and without
    the spaces around lines that Markdown would drop (or read as code)."""

    def escape(start: re.Match[str]) -> str:
        if start["mark"]:
            return "\\" + start["mark"]
        return f"{start['number']}\\{start['delimiter']}"

    return "\n".join(_MD_LINE_START.sub(escape, line.strip()) for line in text.strip().split("\n"))


def _escape_markdown(text: str) -> str:
    """Plain ``text`` as Markdown that shows exactly it."""
    return _escape_line_starts(_escape_markdown_text(text))


def _markdown_destination(url: str) -> str:
    """``url`` written as a Markdown link destination that reads back as ``url``."""
    url = _ENTITY.sub(r"\\&", url.replace("\\", "\\\\"))
    if not url or re.search(r"[\s<>]", url):
        return "<" + re.sub(r"([<>])", r"\\\1", " ".join(url.split())) + ">"
    return url if _balanced(url) else re.sub(r"([()])", r"\\\1", url)


_ENTITY = re.compile(r"&(?=#?\w+;)")
"""An ``&`` that CommonMark would read as the start of an entity (or character reference)."""


def _balanced(url: str) -> bool:
    depth = 0
    for char in url:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _markdown_target(link: Link) -> str:
    """``(url "title")`` of an inline link or image, ``[label]`` of a reference one."""
    if link.label:
        return f"[{link.label}]"
    title = ' "' + _ENTITY.sub(r"\\&", re.sub(r'([\\"])', r"\\\1", link.title)) + '"' if link.title else ""
    return f"({_markdown_destination(link.url)}{title})"


class _MarkdownInline:
    """Markdown: every piece of text escaped, so a translation cannot add markup (or raw HTML)."""

    def text(self, text: str) -> str:
        # A line break typed into a translation would end an ATX heading; a space reads the same.
        return _escape_markdown_text(re.sub(r"\s*\n\s*", " ", text))

    def placeable(self, placeable: Placeable | None) -> str:
        if placeable is None:
            return ""
        match placeable.kind:
            case PlaceableKind.code:
                code = placeable.text
                fence = "`" * (max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
                # CommonMark strips one space from each end of a span that has them (and not only them).
                padded = code[:1] == code[-1:] == " " and code.strip(" ")
                pad = " " if code[:1] == "`" or code[-1:] == "`" or padded else ""
                return f"{fence}{pad}{code}{pad}{fence}"
            case PlaceableKind.image:
                target = placeable.target or Link("")
                return f"![{placeable.source}]{_markdown_target(target)}"
            case PlaceableKind.html:
                return placeable.text
            case PlaceableKind.line_break:
                return "\\\n"

    def bold(self, inner: str) -> str:
        return _emphasis(inner, "**", "__")

    def italic(self, inner: str) -> str:
        return _emphasis(inner, "*", "_")

    def link(self, link: Link | None, inner: str) -> str:
        if link is None:
            return inner
        if link.autolink and not inner:
            email = link.url.startswith("mailto:") and not link.autolink.startswith("mailto:")
            return f"<{link.autolink if email else link.url}>"
        return f"[{inner}]{_markdown_target(link)}"

    def join(self, pieces: Sequence[str]) -> str:
        out = list(pieces)
        for index in range(len(out) - 1):
            # Text ending in "!" before a link would turn the link into an image.
            if out[index].endswith("!") and out[index + 1].startswith("["):
                out[index] = out[index][:-1] + "\\!"
            # Two emphasis spans side by side (`*a**b*`) would read as one.
            if out[index + 1][:1] in "*_" and _ends_with_delimiter(out[index], out[index + 1][0]):
                out[index + 1] = _other_delimiter(out[index + 1])
        for index, piece in enumerate(out):
            # `_` does not emphasise inside a word (`a_b_c`); `*` does, if in the other nesting order
            # (`***x***` is an italic around bold), which shows the same.
            before, after = (
                out[index - 1][-1:] if index else "",
                out[index + 1][:1] if index + 1 < len(out) else "",
            )
            if piece[:1] == "_" and (_WORD_CHAR.match(before) or _WORD_CHAR.match(after)):
                out[index] = _other_delimiter(piece, nesting_may_change=True)
        return "".join(out)


def _emphasis(inner: str, star: str, underscore: str) -> str:
    """``inner`` between emphasis delimiters; whitespace a translation left inside them goes outside,
    where CommonMark needs it.

    ``underscore`` stands in for ``star`` around an italic's ``*x*`` at an edge of ``inner``: ``**`` and
    ``*x*`` would read as ``***x***``, an italic around bold, and ``*`` and ``*x*`` as bold.
    """
    core = inner.strip()
    if not core:
        return inner
    lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()) :]
    stars = (len(core) - len(core.lstrip("*")), len(core) - len(core.rstrip("*")))
    delimiter = underscore if any(run % 2 for run in stars) else star
    return f"{lead}{delimiter}{core}{delimiter}{trail}"


def _ends_with_delimiter(written: str, char: str) -> bool:
    """Whether ``written`` ends with an emphasis delimiter ``char`` (not an escaped one)."""
    before = written.removesuffix(char)
    return len(before) < len(written) and (len(before) - len(before.rstrip("\\"))) % 2 == 0


_WORD_CHAR = re.compile(r"[^\W_]")


def _other_delimiter(span: str, nesting_may_change: bool = False) -> str:
    """An emphasis span written by ``_emphasis`` with its outer delimiters in the other character.

    ``_`` was chosen to keep ``*`` off a nested ``*x*`` (``***x***`` reads as an italic around bold);
    it stays unless ``nesting_may_change``.
    """
    char, other = span[0], "_" if span[0] == "*" else "*"
    run = len(span) - len(span.lstrip(char))
    width = 2 - run % 2  # `**` around `**x**` runs to four; `*` around it to three
    core = span[width:-width]
    if other == "*" and (core[:1] == "*" or core[-1:] == "*") and not nesting_may_change:
        return span
    return other * width + core + other * width


class _HtmlInline:
    """HTML: every piece of text escaped, only our own tags emitted, links only with a safe scheme."""

    def text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def placeable(self, placeable: Placeable | None) -> str:
        if placeable is None:
            return ""
        match placeable.kind:
            case PlaceableKind.code:
                return f"<code>{html.escape(placeable.text, quote=False)}</code>"
            case PlaceableKind.image:
                target = placeable.target
                if target is None or not _safe_url(target.url):
                    return html.escape(placeable.text, quote=False)
                src, alt = html.escape(target.url), html.escape(placeable.text)
                return f'<img src="{src}" alt="{alt}"{_title(target)}>'
            case PlaceableKind.html:
                return html.escape(placeable.text, quote=False)  # the source's own tag, shown, not obeyed
            case PlaceableKind.line_break:
                return "<br>\n"

    def bold(self, inner: str) -> str:
        return f"<strong>{inner}</strong>"

    def italic(self, inner: str) -> str:
        return f"<em>{inner}</em>"

    def link(self, link: Link | None, inner: str) -> str:
        if link is None:
            return inner
        if link.autolink and not inner:
            inner = html.escape(link.autolink, quote=False)
        if _safe_url(link.url):
            return f'<a href="{html.escape(link.url, quote=True)}"{_title(link)}>{inner}</a>'
        return inner

    def join(self, pieces: Sequence[str]) -> str:
        return "".join(pieces)


def _title(link: Link) -> str:
    return f' title="{html.escape(link.title, quote=True)}"' if link.title else ""


def _safe_url(url: str) -> bool:
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return False
    return scheme in _SAFE_URL_SCHEMES


def inline_text(text: str, block: Block, tagged: bool = True) -> str:
    """Plain text of a tagged segment: emphasis and links drop their markup, placeables show their text."""
    return write_inline(text, block, _PlainInline(), tagged)


def inline_markdown(text: str, block: Block, tagged: bool = True) -> str:
    """Markdown of a segment: its tags as Markdown, its text escaped (a plain-text source's ``*`` or ``_``
    must not become emphasis, nor a translation's ``<script>`` raw HTML)."""
    return write_inline(text, block, _MarkdownInline(), tagged)


def inline_html(text: str, block: Block, tagged: bool = True) -> str:
    """HTML of a tagged segment: every piece of text escaped, only our own tags emitted."""
    return write_inline(text, block, _HtmlInline(), tagged)


# --- blocks: one walk over a document's blocks and containers, a writer per format -------------------------


class BlockWriter(Protocol):
    """How one format writes each kind of block and container; ``walk_blocks`` calls these in reading
    order, innermost first."""

    def inline(self, block: Block, text: str, tagged: bool) -> str:
        """Tagged ``text`` of ``block`` (a segment's rendition, or a block's untranslatable ``raw``)."""
        ...

    def mark(self, state: SegmentState, words: str) -> str:
        """A written segment that is shown in English or has an open finding, marked as such."""
        ...

    def title(self, block: Block, words: str) -> str:
        """The title; ``words`` are its segments, written and joined."""
        ...

    def dateline(self, text: str, date: dt.date | None) -> str:
        """The dateline: ``text`` is the formatted date (the source's own line without a date)."""
        ...

    def heading(self, block: Block, words: str) -> str:
        """A heading of ``block.level``."""
        ...

    def paragraph(self, block: Block, words: str) -> str:
        """A paragraph, also one directly inside a list item or block quote."""
        ...

    def code(self, block: Block) -> str:
        """A code block (never translated: ``block.raw``)."""
        ...

    def rule(self, block: Block) -> str:
        """A thematic break."""
        ...

    def html(self, block: Block) -> str | None:
        """A raw HTML block without text (``block.raw``); ``None`` leaves it out."""
        ...

    def definition(self, block: Block) -> str | None:
        """A link definition (``block.links[0]``); ``None`` leaves it out."""
        ...

    def quote(self, container: Container, parts: Sequence[str]) -> str:
        """A block quote holding ``parts``, its blocks already written."""
        ...

    def list(self, container: Container, items: Sequence[tuple[Container, Sequence[str]]]) -> str:
        """A list: each item with its blocks already written."""
        ...


def walk_blocks(article: Article, writer: BlockWriter) -> list[str]:
    """The article's top-level blocks written by ``writer`` in reading order (a quote or list is one)."""
    return _walk(article, article.document.blocks, 0, writer)


def _walk(article: Article, blocks: Sequence[Block], depth: int, writer: BlockWriter) -> list[str]:
    """Written ``blocks``, all of which share their first ``depth`` containers."""
    parts: list[str] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if len(block.containers) <= depth:
            if (part := _write_leaf(article, block, writer)) is not None:
                parts.append(part)
            index += 1
            continue
        container = block.containers[depth]
        end = _run_end(blocks, index, depth)
        inside = blocks[index:end]
        if container.kind is ContainerKind.quote:
            parts.append(writer.quote(container, _walk(article, inside, depth + 1, writer)))
        else:
            items: list[tuple[Container, Sequence[str]]] = []
            start = 0
            while start < len(inside):
                stop = _run_end(inside, start, depth + 1)
                item = inside[start].containers[depth + 1]
                items.append((item, _walk(article, inside[start:stop], depth + 2, writer)))
                start = stop
            parts.append(writer.list(container, items))
        index = end
    return parts


def _run_end(blocks: Sequence[Block], start: int, depth: int) -> int:
    """Where the run of blocks that share ``blocks[start]``'s container at ``depth`` ends."""
    container = blocks[start].containers[depth]
    end = start
    while (
        end < len(blocks)
        and depth < len(blocks[end].containers)
        and blocks[end].containers[depth] == container
    ):
        end += 1
    return end


def _write_leaf(article: Article, block: Block, writer: BlockWriter) -> str | None:
    match block.kind:
        case BlockKind.title:
            return writer.title(block, _words(article, block, writer))
        case BlockKind.dateline:
            text = article.date_text if article.date_text is not None else block.raw
            return writer.dateline(text, article.document.date)
        case BlockKind.heading:
            return writer.heading(block, _words(article, block, writer))
        case BlockKind.paragraph | BlockKind.list_item | BlockKind.quote:
            return writer.paragraph(block, _words(article, block, writer))
        case BlockKind.code:
            return writer.code(block)
        case BlockKind.rule:
            return writer.rule(block)
        case BlockKind.html:
            return writer.html(block)
        case BlockKind.definition:
            return writer.definition(block)


def _words(article: Article, block: Block, writer: BlockWriter) -> str:
    """The block's segments as published, each marked unless it is a clean translation."""
    if not block.segments:
        return writer.inline(block, block.raw, article.markup)
    written = ""
    for msgid in block.segments:
        rendition = article.segment(msgid)
        words = writer.inline(block, rendition.text, article.markup)
        if rendition.state is not SegmentState.translated:
            words = writer.mark(rendition.state, words)
        # Segments are sentences of one paragraph, a space apart, unless a line break ends one.
        written += words if not written or written.endswith("\n") else " " + words
    return written


def _in_tight_item(block: Block) -> bool:
    """A paragraph directly in an item of a tight list, which HTML writes without ``<p>``."""
    containers = block.containers
    return (
        block.kind is BlockKind.list_item
        and len(containers) >= 2
        and containers[-1].kind is ContainerKind.item
        and containers[-2].tight
    )


def _join_parts(parts: Sequence[str]) -> str:
    """Text and Markdown: a blank line between blocks, a newline at the end."""
    return "\n\n".join(parts) + "\n"


def _prefix_lines(text: str, first: str, rest: str) -> str:
    """``text`` with ``first`` before its first line and ``rest`` before the others (blank lines keep only
    the prefix's non-space part, so no line ends in spaces)."""
    lines = text.split("\n")
    return "\n".join(
        ((first if number == 0 else rest) + line) if line else (first if number == 0 else rest).rstrip()
        for number, line in enumerate(lines)
    )


class _TextWriter:
    """Plain text: one paragraph a line, quotes and list items keep their markers, a rule as written."""

    def inline(self, block: Block, text: str, tagged: bool) -> str:
        return inline_text(text, block, tagged)

    def mark(self, state: SegmentState, words: str) -> str:
        return text_mark(state, words)

    def title(self, block: Block, words: str) -> str:
        return words

    def dateline(self, text: str, date: dt.date | None) -> str:
        return text

    def heading(self, block: Block, words: str) -> str:
        return words

    def paragraph(self, block: Block, words: str) -> str:
        return words

    def code(self, block: Block) -> str:
        return block.raw.rstrip("\n")

    def rule(self, block: Block) -> str:
        return block.raw

    def html(self, block: Block) -> str | None:
        return None  # markup, not text

    def definition(self, block: Block) -> str | None:
        return None

    def quote(self, container: Container, parts: Sequence[str]) -> str:
        return _prefix_lines("\n\n".join(parts), "> ", "> ")

    def list(self, container: Container, items: Sequence[tuple[Container, Sequence[str]]]) -> str:
        between = "\n" if container.tight else "\n\n"
        return between.join(
            _prefix_lines(between.join(parts), f"{item.marker} ", " " * (len(item.marker) + 1))
            for item, parts in items
        )


class _MarkdownWriter(_TextWriter):
    """Markdown: Markdown sources keep their structure, seeds get a ``#`` title.

    Plain text already lays out paragraphs, quotes, rules and lists the way Markdown does; Markdown adds
    inline markup, titles and headings, code fences, HTML blocks and link definitions.
    """

    def inline(self, block: Block, text: str, tagged: bool) -> str:
        return inline_markdown(text, block, tagged)

    def title(self, block: Block, words: str) -> str:
        return f"# {_escape_line_starts(words)}"

    def dateline(self, text: str, date: dt.date | None) -> str:
        return _escape_markdown(text)

    def heading(self, block: Block, words: str) -> str:
        text = _escape_line_starts(words)
        level = max(1, min(6, block.level))
        if level <= 2 and (block.marker in ("=", "-") or "\n" in text):
            underline = "=" if level == 1 else "-"
            return f"{text}\n{underline * max(3, len(text.rsplit(chr(10), 1)[-1]))}"
        text = " ".join(text.split("\\\n"))  # an ATX heading is one line
        if text.endswith("#"):
            text = text[:-1] + "\\#"  # not a closing sequence
        return f"{'#' * level} {text}".rstrip()

    def paragraph(self, block: Block, words: str) -> str:
        return _escape_line_starts(words)

    def code(self, block: Block) -> str:
        # An indented code block is published fenced, as the same HTML: indented after a list, it would
        # join the list's last item.
        runs = re.findall(r"^ *(`+)", block.raw, re.M)
        fence = block.marker or "`" * max([3, *(len(run) + 1 for run in runs)])
        code = block.raw.removesuffix("\n")
        return f"{fence}{block.info}\n{code + chr(10) if code else ''}{fence}"

    def html(self, block: Block) -> str | None:
        return block.raw.rstrip("\n")

    def definition(self, block: Block) -> str | None:
        (link,) = block.links
        return f"[{link.label}]: {_markdown_target(dataclasses.replace(link, label=''))[1:-1]}"


class _HtmlWriter:
    """HTML elements, one block a line; segments shown in English or with a finding are marked."""

    def inline(self, block: Block, text: str, tagged: bool) -> str:
        return inline_html(text, block, tagged)

    def mark(self, state: SegmentState, words: str) -> str:
        if state is SegmentState.untranslated:
            return (
                f'<span class="untranslated" lang="{SOURCE_LANGUAGE}" '
                f'title="Not translated yet: shown in English">{words}</span>'
            )
        return f'<span class="flagged" title="Published despite an open review finding">{words}</span>'

    def title(self, block: Block, words: str) -> str:
        return f"<h1>{words}</h1>"

    def dateline(self, text: str, date: dt.date | None) -> str:
        text = html.escape(text, quote=False)
        if date is not None:
            text = f'<time datetime="{date.isoformat()}">{text}</time>'
        return f'<p class="dateline">{text}</p>'

    def heading(self, block: Block, words: str) -> str:
        level = max(1, min(6, block.level))
        return f"<h{level}>{words}</h{level}>"

    def paragraph(self, block: Block, words: str) -> str:
        return words if _in_tight_item(block) else f"<p>{words}</p>"

    def code(self, block: Block) -> str:
        attr = ""
        if (words := block.info.split()) and re.fullmatch(r"[\w+#.-]+", words[0]):
            attr = f' class="language-{html.escape(words[0], quote=True)}"'
        return f"<pre><code{attr}>{html.escape(block.raw.removesuffix(chr(10)), quote=False)}</code></pre>"

    def rule(self, block: Block) -> str:
        return "<hr>"

    def html(self, block: Block) -> str | None:
        return block.raw.rstrip("\n")  # the source's own markup; it has no text to translate

    def definition(self, block: Block) -> str | None:
        return None  # its links already carry the URL

    def quote(self, container: Container, parts: Sequence[str]) -> str:
        return "<blockquote>" + "\n".join(parts) + "</blockquote>"

    def list(self, container: Container, items: Sequence[tuple[Container, Sequence[str]]]) -> str:
        """``<ul>`` or ``<ol>``; a numbered list keeps its first number."""
        tag = "ol" if container.kind is ContainerKind.ordered_list else "ul"
        start = f' start="{container.start}"' if tag == "ol" and container.start != 1 else ""
        written = "\n".join("<li>" + "\n".join(parts) + "\n</li>" for _, parts in items)
        return f"<{tag}{start}>\n{written}</{tag}>"


_TEXT = _TextWriter()
_MARKDOWN = _MarkdownWriter()
_HTML = _HtmlWriter()


def render_text(article: Article) -> str:
    """The article as plain text: one paragraph per line, blank lines between blocks.

    An incomplete publication opens with a notice and brackets each segment that is not a clean
    translation (``TEXT_MARKS``).
    """
    notice = _notice(article, *_TEXT_HINTS)
    return _join_parts([*([notice] if notice else []), *walk_blocks(article, _TEXT)])


def render_markdown(article: Article) -> str:
    """The article as Markdown: Markdown sources keep their structure, seeds get a ``#`` title.

    An incomplete publication is marked as in plain text.
    """
    notice = _notice(article, *_TEXT_HINTS)
    return _join_parts([*([_escape_markdown(notice)] if notice else []), *walk_blocks(article, _MARKDOWN)])


_HTML_STYLE = """\
body { max-width: 42rem; margin: 2rem auto; padding: 0 1rem; font: 1.05rem/1.6 system-ui, sans-serif; }
.dateline { color: #555; }
.untranslated { background: #fff3cd; outline: 1px dashed #b58100; }
.flagged { background: #fde2e1; outline: 1px dashed #b42318; }
.notice { border-left: 4px solid #b58100; background: #fffbea; padding: .5rem 1rem; }"""


def render_html(article: Article) -> str:
    """The article as a standalone HTML page: ``lang`` set, UTF-8, every piece of text escaped (the
    source's own HTML blocks, which have no text, pass as written).

    Segments shown in the source language are wrapped in ``<span class="untranslated" lang="en">`` and the
    page opens with a notice, so an incomplete publication never passes for a finished one.
    """
    blocks = article.document.blocks
    title_block = next((b for b in blocks if b.kind is BlockKind.title), None) or next(
        (b for b in blocks if b.kind is BlockKind.heading), None
    )
    title = ""
    if title_block is not None:
        title = " ".join(
            inline_text(article.segment(msgid).text, title_block, article.markup)
            for msgid in title_block.segments
        )
    body: list[str] = []
    if notice := _notice(article, "highlighted in yellow", "outlined in red"):
        body.append(f'<p class="notice" lang="{SOURCE_LANGUAGE}">{notice}</p>')
    body.extend(walk_blocks(article, _HTML))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{article.language.value}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title or article.document.doc_id, quote=False)}</title>\n"
        f"<style>\n{_HTML_STYLE}\n</style>\n</head>\n<body>\n<article>\n"
        + "\n".join(body)
        + "\n</article>\n</body>\n</html>\n"
    )


RENDERERS: Mapping[OutputFormat, Callable[[Article], str]] = {
    OutputFormat.txt: render_text,
    OutputFormat.md: render_markdown,
    OutputFormat.html: render_html,
}


def render_article(article: Article, fmt: OutputFormat) -> bytes:
    """The published bytes of ``article`` in ``fmt`` (UTF-8, Unix newlines, nothing that varies by run)."""
    return RENDERERS[fmt](article).encode("utf-8")
