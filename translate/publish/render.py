"""Rendering: a resolved article written out as plain text, Markdown or a standalone HTML page."""

from __future__ import annotations

import datetime as dt
import enum
import html
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from translate.document import markup
from translate.document.markup import Span, TagKind
from translate.document.source import Block, BlockKind, Document, SourceFormat
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


# --- inline markup: one walk over a segment's tags, a writer per format ------------------------------------


class InlineWriter(Protocol):
    """How one format writes the pieces of a tagged segment; ``write_inline`` calls these."""

    def text(self, text: str) -> str:
        """Plain text between tags."""
        ...

    def code(self, code: str) -> str:
        """The text of a ``<cN/>`` inline code."""
        ...

    def bold(self, inner: str) -> str:
        """What ``<b>`` encloses, already written."""
        ...

    def italic(self, inner: str) -> str:
        """What ``<i>`` encloses, already written."""
        ...

    def link(self, url: str | None, inner: str) -> str:
        """What ``<aN>`` encloses, already written; ``url`` is ``None`` when the block has no link N."""
        ...


def write_inline(text: str, block: Block, writer: InlineWriter, tagged: bool = True) -> str:
    """``text`` written by ``writer``, with the URLs and code of its tags looked up in ``block``.

    Only Markdown sources carry inline tags (``tagged``); in other sources "<b>" is just text.
    """

    def walk(nodes: Iterable[Span | str]) -> str:
        out: list[str] = []
        for node in nodes:
            if isinstance(node, str):
                out.append(writer.text(node))
            elif node.tag.kind is TagKind.code:
                out.append(writer.code(node.tag.refers_to(block.codes) or ""))
            elif node.tag.kind is TagKind.bold:
                out.append(writer.bold(walk(node.children)))
            elif node.tag.kind is TagKind.italic:
                out.append(writer.italic(walk(node.children)))
            else:
                out.append(writer.link(node.tag.refers_to(block.links), walk(node.children)))
        return "".join(out)

    return walk(markup.parse(text) if tagged else (text,))


class _PlainInline:
    """Plain text: emphasis and links drop their markup, code keeps its text."""

    def text(self, text: str) -> str:
        return text

    def code(self, code: str) -> str:
        return code

    def bold(self, inner: str) -> str:
        return inner

    def italic(self, inner: str) -> str:
        return inner

    def link(self, url: str | None, inner: str) -> str:
        return inner


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_MD_LINE_START = re.compile(r"^(\s*)(#|>|[-+](?=\s)|\d+(?=[.)]\s))")
_HTML_TAG = re.compile(r"<(?=[A-Za-z/!?])[^<>]*>")


def _escape_markdown(text: str) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


@dataclass(frozen=True, slots=True)
class _MarkdownInline:
    """Markdown; ``escape`` for a plain-text source, ``allowed`` the raw HTML tags the source segment has."""

    escape: bool
    allowed: frozenset[str]

    def text(self, text: str) -> str:
        if self.escape:
            return _escape_markdown(text)
        return _HTML_TAG.sub(lambda m: m.group(0) if m.group(0) in self.allowed else "\\" + m.group(0), text)

    def code(self, code: str) -> str:
        fence = "`" * (max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
        pad = " " if code.startswith("`") or code.endswith("`") else ""
        return f"{fence}{pad}{code}{pad}{fence}"

    def bold(self, inner: str) -> str:
        return f"**{inner}**"

    def italic(self, inner: str) -> str:
        return f"*{inner}*"

    def link(self, url: str | None, inner: str) -> str:
        return f"[{inner}]({url})" if url is not None else inner


class _HtmlInline:
    """HTML: every piece of text escaped, only our own tags emitted, links only with a safe scheme."""

    def text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def code(self, code: str) -> str:
        return f"<code>{html.escape(code, quote=False)}</code>"

    def bold(self, inner: str) -> str:
        return f"<strong>{inner}</strong>"

    def italic(self, inner: str) -> str:
        return f"<em>{inner}</em>"

    def link(self, url: str | None, inner: str) -> str:
        if url is not None and _safe_url(url):
            return f'<a href="{html.escape(url, quote=True)}">{inner}</a>'
        return inner


def _safe_url(url: str) -> bool:
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return False
    return scheme in _SAFE_URL_SCHEMES


def inline_text(text: str, block: Block, tagged: bool = True) -> str:
    """Plain text of a tagged segment: emphasis and links drop their markup, code keeps its text."""
    return write_inline(text, block, _PlainInline(), tagged)


def inline_markdown(text: str, block: Block, escape: bool, source: str = "") -> str:
    """Markdown of a segment; ``escape`` marks a plain-text source, whose text has no tags and whose ``*``
    or ``_`` must not become emphasis.

    Markdown passes raw HTML through, so HTML tags in a translation are escaped unless the ``source``
    segment has the same tag (a Markdown source's own inline HTML).
    """
    writer = _MarkdownInline(escape, frozenset(_HTML_TAG.findall(source)))
    return write_inline(text, block, writer, not escape)


def inline_html(text: str, block: Block, tagged: bool = True) -> str:
    """HTML of a tagged segment: every piece of text escaped, only our own tags emitted."""
    return write_inline(text, block, _HtmlInline(), tagged)


# --- blocks: one walk over a document's blocks, a writer per format -----------------------------------------


class BlockWriter(Protocol):
    """How one format writes each kind of block; ``walk_blocks`` calls these in reading order."""

    def segment(self, article: Article, block: Block, msgid: str) -> str:
        """One segment of ``block`` as the article publishes it."""
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
        """A paragraph."""
        ...

    def quote(self, block: Block, words: str) -> str:
        """A block quotation."""
        ...

    def code(self, block: Block) -> str:
        """A fenced code block (never translated: ``block.raw``)."""
        ...

    def rule(self, block: Block) -> str:
        """A thematic break."""
        ...

    def list(self, items: Sequence[tuple[Block, str]]) -> str:
        """A run of list items that make one list (nested by ``level``), each with its words."""
        ...


def walk_blocks(article: Article, writer: BlockWriter) -> list[str]:
    """The article's blocks written by ``writer`` in reading order; the items of one list are one part."""
    return [_write_run(article, run, writer) for run in _runs(article.document.blocks)]


def _runs(blocks: Sequence[Block]) -> Iterator[tuple[Block, ...]]:
    """The blocks in order, grouped: consecutive items of one list together, every other block alone."""
    run: list[Block] = []
    for block in blocks:
        if run and not _same_list(run[-1], block):
            yield tuple(run)
            run = []
        run.append(block)
    if run:
        yield tuple(run)


def _write_run(article: Article, run: tuple[Block, ...], writer: BlockWriter) -> str:
    def words(block: Block) -> str:
        return " ".join(writer.segment(article, block, msgid) for msgid in block.segments)

    block = run[0]
    match block.kind:
        case BlockKind.list_item:
            return writer.list([(item, words(item)) for item in run])
        case BlockKind.title:
            return writer.title(block, words(block))
        case BlockKind.dateline:
            text = article.date_text if article.date_text is not None else block.raw
            return writer.dateline(text, article.document.date)
        case BlockKind.heading:
            return writer.heading(block, words(block))
        case BlockKind.quote:
            return writer.quote(block, words(block))
        case BlockKind.code:
            return writer.code(block)
        case BlockKind.rule:
            return writer.rule(block)
        case BlockKind.paragraph:
            return writer.paragraph(block, words(block))


def _list_tag(item: Block) -> str:
    return "ol" if item.marker[:1].isdigit() else "ul"


def _same_list(previous: Block, item: Block) -> bool:
    """Whether ``item`` continues the list ``previous`` belongs to (a bullet list after a numbered one
    at the top level starts a new list)."""
    if previous.kind is not BlockKind.list_item or item.kind is not BlockKind.list_item:
        return False
    return item.level > 0 or previous.level > 0 or _list_tag(previous) == _list_tag(item)


def _code_body(raw: str) -> tuple[str, str]:
    """The info string and the content of a fenced code block."""
    lines = raw.split("\n")
    info = lines[0].strip().lstrip("`~").strip()
    body = lines[1:]
    if body and re.match(r"^\s{0,3}(`{3,}|~{3,})\s*$", body[-1]):
        body = body[:-1]
    return info, "\n".join(body)


def _join_parts(parts: Sequence[str]) -> str:
    """Text and Markdown: a blank line between blocks, a newline at the end."""
    return "\n\n".join(parts) + "\n"


class _TextWriter:
    """Plain text: one paragraph a line, quotes and list items keep their markers, a rule as written."""

    def segment(self, article: Article, block: Block, msgid: str) -> str:
        return inline_text(article.segment(msgid).text, block, article.markup)

    def title(self, block: Block, words: str) -> str:
        return words

    def dateline(self, text: str, date: dt.date | None) -> str:
        return text

    def heading(self, block: Block, words: str) -> str:
        return words

    def paragraph(self, block: Block, words: str) -> str:
        return words

    def quote(self, block: Block, words: str) -> str:
        return f"> {words}"

    def code(self, block: Block) -> str:
        return _code_body(block.raw)[1]

    def rule(self, block: Block) -> str:
        return block.raw

    def list(self, items: Sequence[tuple[Block, str]]) -> str:
        return "\n".join(f"{'  ' * item.level}{item.marker} {words}" for item, words in items)


class _MarkdownWriter(_TextWriter):
    """Markdown: Markdown sources keep their structure, seeds get a ``#`` title.

    Plain text already lays out paragraphs, quotes, rules and lists the way Markdown does; Markdown adds
    inline markup, titles and headings, and keeps code blocks fenced.
    """

    def segment(self, article: Article, block: Block, msgid: str) -> str:
        return inline_markdown(article.segment(msgid).text, block, not article.markup, msgid)

    def title(self, block: Block, words: str) -> str:
        return f"# {words}"

    def dateline(self, text: str, date: dt.date | None) -> str:
        return _escape_markdown(text)

    def heading(self, block: Block, words: str) -> str:
        return f"{'#' * max(1, min(6, block.level))} {words}"

    def code(self, block: Block) -> str:
        return block.raw


class _HtmlWriter:
    """HTML elements, one block a line; segments shown in English or with a finding are marked."""

    def segment(self, article: Article, block: Block, msgid: str) -> str:
        rendition = article.segment(msgid)
        inner = inline_html(rendition.text, block, article.markup)
        if rendition.state is SegmentState.untranslated:
            return (
                f'<span class="untranslated" lang="{SOURCE_LANGUAGE}" '
                f'title="Not translated yet: shown in English">{inner}</span>'
            )
        if rendition.state is SegmentState.flagged:
            return f'<span class="flagged" title="Published despite an open review finding">{inner}</span>'
        return inner

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
        return f"<p>{words}</p>"

    def quote(self, block: Block, words: str) -> str:
        return f"<blockquote><p>{words}</p></blockquote>"

    def code(self, block: Block) -> str:
        info, code = _code_body(block.raw)
        attr = ""
        if info and (name := info.split()[0]) and re.fullmatch(r"[\w+#.-]+", name):
            attr = f' class="language-{html.escape(name, quote=True)}"'
        return f"<pre><code{attr}>{html.escape(code, quote=False)}</code></pre>"

    def rule(self, block: Block) -> str:
        return "<hr>"

    def list(self, items: Sequence[tuple[Block, str]]) -> str:
        """Nested ``<ul>``/``<ol>`` by the items' nesting level; a numbered list keeps its first number."""
        out: list[str] = []
        stack: list[tuple[int, str]] = []
        for item, words in items:
            tag = _list_tag(item)
            while stack and stack[-1][0] > item.level:
                out.append(f"</li></{stack.pop()[1]}>")
            if stack and stack[-1][0] == item.level:
                out.append("</li>")
            else:
                start = ""
                number = item.marker.rstrip(".)")
                if tag == "ol" and number.isdigit() and int(number) != 1:
                    start = f' start="{int(number)}"'
                out.append(f"<{tag}{start}>")
                stack.append((item.level, tag))
            out.append(f"<li>{words}")
        while stack:
            out.append(f"</li></{stack.pop()[1]}>")
        return "\n".join(out)


_TEXT = _TextWriter()
_MARKDOWN = _MarkdownWriter()
_HTML = _HtmlWriter()


def render_text(article: Article) -> str:
    """The article as plain text: one paragraph per line, blank lines between blocks."""
    return _join_parts(walk_blocks(article, _TEXT))


def render_markdown(article: Article) -> str:
    """The article as Markdown: Markdown sources keep their structure, seeds get a ``#`` title."""
    return _join_parts(walk_blocks(article, _MARKDOWN))


_HTML_STYLE = """\
body { max-width: 42rem; margin: 2rem auto; padding: 0 1rem; font: 1.05rem/1.6 system-ui, sans-serif; }
.dateline { color: #555; }
.untranslated { background: #fff3cd; outline: 1px dashed #b58100; }
.flagged { background: #fde2e1; outline: 1px dashed #b42318; }
.notice { border-left: 4px solid #b58100; background: #fffbea; padding: .5rem 1rem; }"""


def render_html(article: Article) -> str:
    """The article as a standalone HTML page: ``lang`` set, UTF-8, every piece of text escaped.

    Segments shown in the source language are wrapped in ``<span class="untranslated" lang="en">`` and the
    page opens with a notice, so an incomplete publication never passes for a finished one.
    """
    blocks = article.document.blocks
    title_block = next((b for b in blocks if b.kind is BlockKind.title), None) or next(
        (b for b in blocks if b.kind is BlockKind.heading), None
    )
    if title_block is not None:
        title = " ".join(_TEXT.segment(article, title_block, msgid) for msgid in title_block.segments)
    else:
        title = article.document.doc_id
    body: list[str] = []
    total = sum(1 for _ in article.document.segments())
    notices = []
    if article.incomplete:
        notices.append(
            f"Incomplete translation: {article.incomplete} of {total} segments are shown in English "
            "(highlighted in yellow)."
        )
    if flagged := article.count(SegmentState.flagged):
        notices.append(
            f"{flagged} of {total} segments are published with an open review finding (outlined in red)."
        )
    if notices:
        body.append(f'<p class="notice" lang="{SOURCE_LANGUAGE}">{" ".join(notices)}</p>')
    body.extend(walk_blocks(article, _HTML))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{article.language.value}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title, quote=False)}</title>\n"
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
