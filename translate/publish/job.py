"""Publishing: rebuild each source document in a target language from its reviewed PO catalog."""

from __future__ import annotations

import datetime as dt
import enum
import html
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import polib
from babel.core import UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.dates import parse_pattern

from translate.catalog.pofile import read_catalog
from translate.catalog.template import is_translated
from translate.checks.checkers import check_entry
from translate.document.source import Block, BlockKind, Document, SourceFormat
from translate.errors import PublishError, ToolkitError, UsageError
from translate.fileio import write_if_changed
from translate.glossary.tomlfile import load_project_termbase
from translate.languages import SOURCE_LANGUAGE, Language
from translate.project import Project

CONFIG_FILE = "translate.toml"
"""The project's configuration file (at the project root); publishing reads ``[publish.date_format]``."""

DEFAULT_DATE_FORMAT = "long"
"""CLDR's long date format: ru «3 ноября 2023 г.», tk "3 noýabr 2023", kk «2023 ж. 3 қараша»."""

_NAMED_FORMATS = ("short", "medium", "long", "full")
_DATE_FIELDS = "GyYuUrQqMLlwWdDFgEec"  # CLDR date field letters (no time fields: a date has no time)
_QUOTED = re.compile(r"'(?:[^']|'')+'|''")
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
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


# --- dates --------------------------------------------------------------------------------------------


def format_date(date: dt.date, language: Language, pattern: str = DEFAULT_DATE_FORMAT) -> str:
    """``date`` written the way ``language`` writes it, from babel's CLDR data.

    ``pattern`` is a CLDR format name (``short``, ``medium``, ``long``, ``full``) or a CLDR pattern such
    as ``d MMMM y 'г.'``. Note that CLDR's own long formats separate the year from «г.»/«ж.» with a narrow
    no-break space (U+202F), so the abbreviation never wraps away from the year.
    """
    return str(babel_format_date(date, pattern, locale=language.locale))


def check_date_pattern(pattern: str, where: str) -> str:
    """Return ``pattern`` when babel can format dates with it, else raise a PublishError naming ``where``."""
    if pattern in _NAMED_FORMATS:
        return pattern
    if not pattern.strip():
        raise PublishError(f"{where}: empty date pattern; use a CLDR pattern such as \"d MMMM y\" or 'long'")
    # babel formats unterminated quotes and time fields without complaint; a date pattern needs neither.
    unquoted = _QUOTED.sub("", pattern)
    if "'" in unquoted:
        raise PublishError(f"{where}: unclosed quote in date pattern {pattern!r}; quote literal text as 'г.'")
    if stray := sorted(set(re.findall(r"[A-Za-z]", unquoted)) - set(_DATE_FIELDS)):
        raise PublishError(
            f"{where}: date pattern {pattern!r} uses {', '.join(stray)}, which are not date fields; "
            "quote literal text as 'г.'"
        )
    try:
        parse_pattern(pattern)
        babel_format_date(dt.date(2023, 11, 3), pattern, locale="en")
    except (ValueError, KeyError, TypeError, AttributeError, UnknownLocaleError) as exc:
        raise PublishError(
            f'{where}: invalid date pattern {pattern!r} ({exc}); use a CLDR pattern such as "d MMMM y"'
        ) from None
    return pattern


@dataclass(frozen=True, slots=True)
class PublishConfig:
    """How a desk wants its articles published: a date pattern per language (CLDR ``long`` otherwise)."""

    date_formats: tuple[tuple[Language, str], ...] = ()

    def date_format(self, language: Language) -> str:
        """The date pattern for ``language``."""
        return dict(self.date_formats).get(language, DEFAULT_DATE_FORMAT)

    def with_date_formats(self, overrides: Mapping[Language, str]) -> PublishConfig:
        """This configuration with ``overrides`` taking precedence."""
        merged = dict(self.date_formats)
        merged.update(overrides)
        return PublishConfig(tuple(sorted(merged.items())))


_PUBLISH_KEYS = ("date_format",)
_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


def load_publish_config(project: Project) -> PublishConfig:
    """Read ``[publish.date_format]`` from the project's ``translate.toml`` (absent file: defaults).

    Errors name the line; an unknown key under ``[publish]`` (a typo such as ``date_formats``) is an
    error rather than a setting silently ignored.
    """
    path = project.root / CONFIG_FILE
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        return PublishConfig()
    except UnicodeDecodeError:
        raise PublishError("is not valid UTF-8; re-save it as UTF-8", path=path) from None
    except OSError as exc:
        raise PublishError(f"cannot read configuration ({exc.strerror})", path=path) from None
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_POSITION.search(str(exc))
        message = _TOML_POSITION.sub("", str(exc)).strip()
        raise PublishError(
            f"invalid TOML: {message}", path=path, line=int(found.group(1)) if found else None
        ) from None
    lines = text.splitlines()
    publish = data.get("publish", {})
    if not isinstance(publish, dict):
        raise PublishError("[publish] must be a table", path=path, line=_config_line(lines, "publish"))
    for key in publish:
        if key not in _PUBLISH_KEYS:
            raise PublishError(
                f"[publish] has unknown setting {key!r}; the settings are: {', '.join(_PUBLISH_KEYS)}",
                path=path,
                line=_config_line(lines, key),
            )
    table = publish.get("date_format", {})
    if not isinstance(table, dict):
        raise PublishError(
            "[publish.date_format] must be a table of language = pattern",
            path=path,
            line=_config_line(lines, "date_format"),
        )
    formats: dict[Language, str] = {}
    for code, pattern in table.items():
        line = _config_line(lines, code)
        where = f"{path}:{line}" if line else str(path)
        try:
            language = Language(code)
        except ValueError:
            raise PublishError(
                f"[publish.date_format] has unknown language {code!r}; use ru, tk or kk", path=path, line=line
            ) from None
        if not isinstance(pattern, str):
            raise PublishError(
                f"[publish.date_format] {code} must be a text pattern, got {pattern!r}", path=path, line=line
            )
        formats[language] = check_date_pattern(pattern, f"{where}: [publish.date_format] {code}")
    return PublishConfig(tuple(sorted(formats.items())))


def _config_line(lines: Sequence[str], key: str) -> int | None:
    """The line that sets ``key`` (``key = …``, or a ``[… .key]`` table header), for error messages."""
    assignment = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    header = re.compile(rf"^\s*\[[^\]]*\b{re.escape(key)}\s*\]")
    for number, line in enumerate(lines, start=1):
        if assignment.match(line) or header.match(line):
            return number
    return None


def parse_date_format_options(values: Iterable[str]) -> dict[Language, str]:
    """Parse ``--date-format LANG=PATTERN`` options."""
    formats: dict[Language, str] = {}
    for value in values:
        code, sep, pattern = value.partition("=")
        if not sep:
            raise UsageError(f"--date-format {value!r}: write it as LANG=PATTERN, e.g. ru=\"d MMMM y 'г.'\"")
        try:
            language = Language(code.strip().lower())
        except ValueError:
            raise UsageError(
                f"--date-format {value!r}: unknown language {code!r}; use ru, tk or kk"
            ) from None
        formats[language] = check_date_pattern(pattern.strip(), f"--date-format {code}")
    return formats


# --- the gate -----------------------------------------------------------------------------------------


class BlockReason(enum.StrEnum):
    """Why a segment keeps its language from being published."""

    missing_catalog = "no catalog"
    not_in_catalog = "not in catalog"
    untranslated = "untranslated"
    fuzzy = "fuzzy"
    serious = "serious finding"
    markup = "markup differs"


@dataclass(frozen=True, slots=True)
class Blocker:
    """One thing that keeps ``language`` from being published, with where to fix it."""

    doc_id: str
    language: Language
    reason: BlockReason
    where: str
    msgid: str = ""
    detail: str = ""

    def describe(self) -> str:
        """One line for the terminal: ``locales/ru/...po:23: fuzzy: “On November 3, …”``."""
        text = f"{self.where}: {self.reason.value}"
        if self.detail:
            text += f" ({self.detail})"
        if self.msgid:
            text += f": “{_excerpt(self.msgid)}”"
        return text


def _excerpt(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


SeriousCheck = Callable[[polib.POEntry, Language], list[str]]
"""Returns the messages of the serious findings on an entry (empty when it may be published)."""


class SegmentState(enum.StrEnum):
    """How a segment comes out in a published document."""

    translated = "translated"
    untranslated = "untranslated"  # kept in the source language
    flagged = "flagged"  # translated, but a serious finding or markup problem remains


@dataclass(frozen=True, slots=True)
class Rendition:
    """The text a segment is published with, and whether it is a clean translation."""

    text: str
    state: SegmentState


@dataclass(frozen=True, slots=True)
class Resolution:
    """A document's segments resolved against one catalog: what to publish and what blocks it."""

    doc_id: str
    language: Language
    renditions: Mapping[str, Rendition]
    blockers: tuple[Blocker, ...]

    @property
    def kept_in_source(self) -> int:
        """Distinct segments that will appear in the source language."""
        return sum(1 for r in self.renditions.values() if r.state is SegmentState.untranslated)


def resolve_document(
    document: Document,
    language: Language,
    catalog: polib.POFile | None,
    catalog_path: Path,
    serious: SeriousCheck | None = None,
    root: Path | None = None,
) -> Resolution:
    """Match every segment of ``document`` with its catalog entry and list what blocks publishing.

    A segment is publishable when its entry is translated, not fuzzy, has the source's markup tags, and
    ``serious`` reports nothing; a fuzzy translation is never published (as ``msgfmt`` leaves fuzzy
    entries out), so it falls back to the source text.
    """
    where_po = _display_path(catalog_path, root)
    if catalog is None:
        blocker = Blocker(
            document.doc_id,
            language,
            BlockReason.missing_catalog,
            where_po,
            detail="run `translate run` first",
        )
        fallback = {msgid: Rendition(msgid, SegmentState.untranslated) for _, msgid in document.segments()}
        return Resolution(document.doc_id, language, fallback, (blocker,))
    entries = {entry.msgid: entry for entry in catalog if not entry.obsolete and entry.msgctxt is None}
    renditions: dict[str, Rendition] = {}
    blockers: list[Blocker] = []
    for block, msgid in document.segments():
        if msgid in renditions:
            continue
        entry = entries.get(msgid)
        if entry is None:
            where = f"{_display_path(document.path, root)}:{block.line}"
            blockers.append(
                Blocker(
                    document.doc_id,
                    language,
                    BlockReason.not_in_catalog,
                    where,
                    msgid,
                    f"the source changed since {where_po} was updated; run `translate run`",
                )
            )
            renditions[msgid] = Rendition(msgid, SegmentState.untranslated)
            continue
        where = f"{where_po}:{entry.linenum}"
        if not is_translated(entry) or entry.msgid_plural:
            blockers.append(Blocker(document.doc_id, language, BlockReason.untranslated, where, msgid))
            renditions[msgid] = Rendition(msgid, SegmentState.untranslated)
            continue
        if "fuzzy" in entry.flags:
            blockers.append(Blocker(document.doc_id, language, BlockReason.fuzzy, where, msgid))
            renditions[msgid] = Rendition(msgid, SegmentState.untranslated)
            continue
        state = SegmentState.translated
        tags_differ = document.format is SourceFormat.markdown and (
            markup_tags(entry.msgstr) != markup_tags(msgid)
        )
        if tags_differ:
            blockers.append(
                Blocker(
                    document.doc_id,
                    language,
                    BlockReason.markup,
                    where,
                    msgid,
                    "keep the source's <b>, <i>, <aN> and <cN/> tags",
                )
            )
            state = SegmentState.flagged
        for message in serious(entry, language) if serious else ():
            if tags_differ and message.startswith("markup:"):
                continue  # already reported above, with what to do
            blockers.append(Blocker(document.doc_id, language, BlockReason.serious, where, msgid, message))
            state = SegmentState.flagged
        renditions[msgid] = Rendition(entry.msgstr, state)
    return Resolution(document.doc_id, language, renditions, tuple(blockers))


def _display_path(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root).as_posix()
        except ValueError:
            pass
    return str(path)


# --- inline markup ------------------------------------------------------------------------------------

_TAG = re.compile(r"<(/?)(b|i|a[1-9][0-9]{0,3})>|<c([1-9][0-9]{0,3})/>")


def markup_tags(text: str) -> list[str]:
    """The inline tags of a segment, sorted (their order may change in translation, their set may not)."""
    return sorted(match.group(0) for match in _TAG.finditer(text))


@dataclass(slots=True)
class _Span:
    """A tag with its contents while parsing inline markup (mutable only inside ``_parse_inline``)."""

    tag: str
    children: list[_Span | str] = field(default_factory=list)


def _parse_inline(text: str) -> list[_Span | str]:
    """Parse tagged text into a tree, tolerating broken markup: stray closing tags stay literal text and
    tags left open are closed at the end."""
    root = _Span("")
    stack = [root]
    position = 0
    for match in _TAG.finditer(text):
        if match.start() > position:
            stack[-1].children.append(text[position : match.start()])
        position = match.end()
        closing, name, code = match.groups()
        if code:
            stack[-1].children.append(_Span(f"c{code}"))
        elif not closing:
            span = _Span(name)
            stack[-1].children.append(span)
            stack.append(span)
        elif any(open_span.tag == name for open_span in stack[1:]):
            while stack[-1].tag != name:
                stack.pop()
            stack.pop()
        else:
            stack[-1].children.append(match.group(0))
    if position < len(text):
        stack[-1].children.append(text[position:])
    return root.children


def _lookup(values: tuple[str, ...], tag: str) -> str | None:
    index = int(tag[1:]) - 1
    return values[index] if 0 <= index < len(values) else None


def _safe_url(url: str) -> bool:
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return False
    return scheme in _SAFE_URL_SCHEMES


def _nodes(text: str, markup: bool) -> list[_Span | str]:
    # Only Markdown sources carry inline tags; in other sources "<b>" is just text.
    return _parse_inline(text) if markup else [text]


def inline_text(text: str, block: Block, markup: bool = True) -> str:
    """Plain text of a tagged segment: emphasis and links drop their markup, code keeps its text."""

    def walk(nodes: list[_Span | str]) -> str:
        out: list[str] = []
        for node in nodes:
            if isinstance(node, str):
                out.append(node)
            elif node.tag.startswith("c"):
                out.append(_lookup(block.codes, node.tag) or "")
            else:
                out.append(walk(node.children))
        return "".join(out)

    return walk(_nodes(text, markup))


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_MD_LINE_START = re.compile(r"^(\s*)(#|>|[-+](?=\s)|\d+(?=[.)]\s))")


def _escape_markdown(text: str) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


_HTML_TAG = re.compile(r"<(?=[A-Za-z/!?])[^<>]*>")


def inline_markdown(text: str, block: Block, escape: bool, source: str = "") -> str:
    """Markdown of a segment; ``escape`` marks a plain-text source, whose text has no tags and whose ``*``
    or ``_`` must not become emphasis.

    Markdown passes raw HTML through, so HTML tags in a translation are escaped unless the ``source``
    segment has the same tag (a Markdown source's own inline HTML).
    """
    allowed = set(_HTML_TAG.findall(source))

    def plain(node: str) -> str:
        if escape:
            return _escape_markdown(node)
        return _HTML_TAG.sub(lambda m: m.group(0) if m.group(0) in allowed else "\\" + m.group(0), node)

    def walk(nodes: list[_Span | str]) -> str:
        out: list[str] = []
        for node in nodes:
            if isinstance(node, str):
                out.append(plain(node))
            elif node.tag.startswith("c"):
                code = _lookup(block.codes, node.tag) or ""
                fence = "`" * (max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
                pad = " " if code.startswith("`") or code.endswith("`") else ""
                out.append(f"{fence}{pad}{code}{pad}{fence}")
            elif node.tag == "b":
                out.append(f"**{walk(node.children)}**")
            elif node.tag == "i":
                out.append(f"*{walk(node.children)}*")
            else:
                url = _lookup(block.links, node.tag)
                inner = walk(node.children)
                out.append(f"[{inner}]({url})" if url is not None else inner)
        return "".join(out)

    return walk(_nodes(text, not escape))


def inline_html(text: str, block: Block, markup: bool = True) -> str:
    """HTML of a tagged segment: every piece of text escaped, only our own tags emitted."""

    def walk(nodes: list[_Span | str]) -> str:
        out: list[str] = []
        for node in nodes:
            if isinstance(node, str):
                out.append(html.escape(node, quote=False))
            elif node.tag.startswith("c"):
                out.append(f"<code>{html.escape(_lookup(block.codes, node.tag) or '', quote=False)}</code>")
            elif node.tag == "b":
                out.append(f"<strong>{walk(node.children)}</strong>")
            elif node.tag == "i":
                out.append(f"<em>{walk(node.children)}</em>")
            else:
                url = _lookup(block.links, node.tag)
                inner = walk(node.children)
                if url is not None and _safe_url(url):
                    out.append(f'<a href="{html.escape(url, quote=True)}">{inner}</a>')
                else:
                    out.append(inner)
        return "".join(out)

    return walk(_nodes(text, markup))


# --- rendering ----------------------------------------------------------------------------------------


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


def _dateline(article: Article, block: Block) -> str:
    return article.date_text if article.date_text is not None else block.raw


def _code_body(raw: str) -> tuple[str, str]:
    """The info string and the content of a fenced code block."""
    lines = raw.split("\n")
    info = lines[0].strip().lstrip("`~").strip()
    body = lines[1:]
    if body and re.match(r"^\s{0,3}(`{3,}|~{3,})\s*$", body[-1]):
        body = body[:-1]
    return info, "\n".join(body)


def render_text(article: Article) -> str:
    """The article as plain text: one paragraph per line, blank lines between blocks."""
    parts: list[str] = []
    for block in article.document.blocks:
        words = " ".join(inline_text(article.segment(s).text, block, article.markup) for s in block.segments)
        if block.kind is BlockKind.dateline:
            parts.append(_dateline(article, block))
        elif block.kind is BlockKind.code:
            parts.append(_code_body(block.raw)[1])
        elif block.kind is BlockKind.rule:
            parts.append(block.raw)
        elif block.kind is BlockKind.list_item:
            parts.append(f"{'  ' * block.level}{block.marker} {words}")
        elif block.kind is BlockKind.quote:
            parts.append(f"> {words}")
        else:
            parts.append(words)
    return _join_blocks(article.document.blocks, parts)


def render_markdown(article: Article) -> str:
    """The article as Markdown: Markdown sources keep their structure, seeds get a ``#`` title."""
    escape = article.document.format is not SourceFormat.markdown
    parts: list[str] = []
    for block in article.document.blocks:
        words = " ".join(inline_markdown(article.segment(s).text, block, escape, s) for s in block.segments)
        if block.kind is BlockKind.title:
            parts.append(f"# {words}")
        elif block.kind is BlockKind.dateline:
            parts.append(_escape_markdown(_dateline(article, block)))
        elif block.kind is BlockKind.heading:
            parts.append(f"{'#' * max(1, min(6, block.level))} {words}")
        elif block.kind in (BlockKind.code, BlockKind.rule):
            parts.append(block.raw)
        elif block.kind is BlockKind.list_item:
            parts.append(f"{'  ' * block.level}{block.marker} {words}")
        elif block.kind is BlockKind.quote:
            parts.append(f"> {words}")
        else:
            parts.append(words)
    return _join_blocks(article.document.blocks, parts)


def _list_tag(item: Block) -> str:
    return "ol" if item.marker[:1].isdigit() else "ul"


def _same_list(previous: Block, item: Block) -> bool:
    """Whether ``item`` continues the list ``previous`` belongs to (a bullet list after a numbered one
    at the top level starts a new list)."""
    if previous.kind is not BlockKind.list_item or item.kind is not BlockKind.list_item:
        return False
    return item.level > 0 or previous.level > 0 or _list_tag(previous) == _list_tag(item)


def _join_blocks(blocks: Sequence[Block], parts: Sequence[str]) -> str:
    """Blank lines between blocks, but consecutive list items stay one tight list."""
    out: list[str] = []
    for index, part in enumerate(parts):
        if index:
            tight = _same_list(blocks[index - 1], blocks[index])
            out.append("\n" if tight else "\n\n")
        out.append(part)
    return "".join(out) + "\n"


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
    language = article.language.value
    blocks = article.document.blocks
    title_block = next((b for b in blocks if b.kind is BlockKind.title), None) or next(
        (b for b in blocks if b.kind is BlockKind.heading), None
    )
    if title_block is not None:
        title = " ".join(
            inline_text(article.segment(s).text, title_block, article.markup) for s in title_block.segments
        )
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

    def words(block: Block) -> str:
        return " ".join(_html_segment(article.segment(s), block, article.markup) for s in block.segments)

    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind is BlockKind.list_item:
            end = index + 1
            while end < len(blocks) and _same_list(blocks[end - 1], blocks[end]):
                end += 1
            body.append(_html_list(blocks[index:end], words))
            index = end
            continue
        if block.kind is BlockKind.title:
            body.append(f"<h1>{words(block)}</h1>")
        elif block.kind is BlockKind.dateline:
            text = html.escape(_dateline(article, block), quote=False)
            if article.document.date is not None:
                text = f'<time datetime="{article.document.date.isoformat()}">{text}</time>'
            body.append(f'<p class="dateline">{text}</p>')
        elif block.kind is BlockKind.heading:
            level = max(1, min(6, block.level))
            body.append(f"<h{level}>{words(block)}</h{level}>")
        elif block.kind is BlockKind.quote:
            body.append(f"<blockquote><p>{words(block)}</p></blockquote>")
        elif block.kind is BlockKind.code:
            info, code = _code_body(block.raw)
            attr = ""
            if info and (name := info.split()[0]) and re.fullmatch(r"[\w+#.-]+", name):
                attr = f' class="language-{html.escape(name, quote=True)}"'
            body.append(f"<pre><code{attr}>{html.escape(code, quote=False)}</code></pre>")
        elif block.kind is BlockKind.rule:
            body.append("<hr>")
        else:
            body.append(f"<p>{words(block)}</p>")
        index += 1
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title, quote=False)}</title>\n"
        f"<style>\n{_HTML_STYLE}\n</style>\n</head>\n<body>\n<article>\n"
        + "\n".join(body)
        + "\n</article>\n</body>\n</html>\n"
    )


def _html_segment(rendition: Rendition, block: Block, markup: bool) -> str:
    inner = inline_html(rendition.text, block, markup)
    if rendition.state is SegmentState.untranslated:
        return (
            f'<span class="untranslated" lang="{SOURCE_LANGUAGE}" '
            f'title="Not translated yet: shown in English">{inner}</span>'
        )
    if rendition.state is SegmentState.flagged:
        return f'<span class="flagged" title="Published despite an open review finding">{inner}</span>'
    return inner


def _html_list(items: Sequence[Block], words: Callable[[Block], str]) -> str:
    """Nested ``<ul>``/``<ol>`` from a run of list items, by their nesting level."""
    out: list[str] = []
    stack: list[tuple[int, str]] = []
    for item in items:
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
        out.append(f"<li>{words(item)}")
    while stack:
        out.append(f"</li></{stack.pop()[1]}>")
    return "\n".join(out)


RENDERERS: Mapping[OutputFormat, Callable[[Article], str]] = {
    OutputFormat.txt: render_text,
    OutputFormat.md: render_markdown,
    OutputFormat.html: render_html,
}


def render_article(article: Article, fmt: OutputFormat) -> bytes:
    """The published bytes of ``article`` in ``fmt`` (UTF-8, Unix newlines, nothing that varies by run)."""
    return RENDERERS[fmt](article).encode("utf-8")


# --- output paths -------------------------------------------------------------------------------------


def output_path(out_dir: Path, language: Language, doc_id: str, fmt: OutputFormat) -> Path:
    """``<out>/<lang>/<doc>.<ext>``, refused unless it stays inside ``out_dir``.

    Document ids must be letters, digits, ``.``, ``_`` or ``-`` (no ``..``, no separators, no absolute
    paths); the resolved path must still lie inside the output folder (a symlinked language folder
    pointing elsewhere is refused too).
    """
    if not _SAFE_ID.match(doc_id) or ".." in doc_id:
        raise PublishError(
            f"document id {doc_id!r} cannot be a file name; use letters, digits, '.', '_' or '-'"
        )
    base = out_dir.resolve()
    target = base / language.value / f"{doc_id}.{fmt.value}"
    if not target.parent.resolve().is_relative_to(base) or target.resolve().parent != target.parent.resolve():
        raise PublishError(f"output for {doc_id!r} would leave the output folder {base}; refusing to write")
    return target


# --- the job ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LanguageResult:
    """What publishing did for one language."""

    language: Language
    published: bool
    files: tuple[Path, ...]
    written: tuple[Path, ...]
    blockers: tuple[Blocker, ...]
    kept_in_source: int

    @property
    def incomplete(self) -> bool:
        """Published with some segments still in the source language or flagged."""
        return self.published and bool(self.blockers)


@dataclass(frozen=True, slots=True)
class PublishReport:
    """The outcome of ``publish``, one result per language."""

    out_dir: Path
    results: tuple[LanguageResult, ...]

    @property
    def blocked(self) -> tuple[LanguageResult, ...]:
        """Languages that were not published."""
        return tuple(result for result in self.results if not result.published)


def publish(
    project: Project,
    documents: Sequence[Document],
    languages: Sequence[Language],
    formats: Sequence[OutputFormat] = ALL_FORMATS,
    *,
    out_dir: Path | None = None,
    allow_incomplete: bool = False,
    config: PublishConfig | None = None,
    serious: SeriousCheck | None = None,
) -> PublishReport:
    """Publish ``documents`` in each language whose catalogs pass the gate.

    A language passes when every segment of every document has a translated, non-fuzzy entry with the
    source's markup and no serious finding; otherwise nothing is written for it and its blockers are
    returned. ``allow_incomplete`` publishes anyway, keeping untranslated and fuzzy segments in English.
    Files are written atomically and only when their bytes change. ``config`` defaults to the project's
    ``translate.toml`` and ``serious`` to the project's checks with its term base.
    """
    out = (out_dir or project.public_dir).resolve()
    check_output_folder(out, project)
    config = config or load_publish_config(project)
    serious = serious or serious_check(project)
    # Refuse unsafe ids before anything is read or written.
    for document in documents:
        for language in languages:
            for fmt in formats:
                output_path(out, language, document.doc_id, fmt)
    results: list[LanguageResult] = []
    for language in languages:
        resolutions = [
            resolve_document(
                document,
                language,
                _read_optional(project.catalog_path(language, document.doc_id)),
                project.catalog_path(language, document.doc_id),
                serious,
                project.root,
            )
            for document in documents
        ]
        blockers = tuple(blocker for resolution in resolutions for blocker in resolution.blockers)
        missing = any(blocker.reason is BlockReason.missing_catalog for blocker in blockers)
        if blockers and (not allow_incomplete or missing):
            results.append(LanguageResult(language, False, (), (), blockers, 0))
            continue
        pattern = config.date_format(language)
        rendered: list[tuple[Path, bytes]] = []
        for document, resolution in zip(documents, resolutions, strict=True):
            date_text = format_date(document.date, language, pattern) if document.date else None
            article = Article(document, language, resolution.renditions, date_text)
            for fmt in formats:
                path = output_path(out, language, document.doc_id, fmt)
                rendered.append((path, render_article(article, fmt)))
        written = tuple(path for path, data in rendered if write_if_changed(path, data))
        kept = sum(resolution.kept_in_source for resolution in resolutions)
        results.append(
            LanguageResult(language, True, tuple(path for path, _ in rendered), written, blockers, kept)
        )
    return PublishReport(out, tuple(results))


def _read_optional(path: Path) -> polib.POFile | None:
    return read_catalog(path) if path.exists() else None


def check_output_folder(out: Path, project: Project | None = None) -> None:
    """Refuse an output location that exists but is not a folder, or lies inside the project's sources,
    catalogs, term base or stores (published files there would pass for inputs)."""
    if out.exists() and not out.is_dir():
        raise PublishError("is not a folder; choose another --out", path=out)
    if project is not None:
        check_outside_inputs(out, project, "published files must not mix with them: choose another --out")


def check_outside_inputs(
    path: Path, project: Project, what_to_do: str, error: type[ToolkitError] = PublishError
) -> None:
    """Refuse ``path`` (with ``error``) when it lies inside the project's sources, catalogs, term base
    or stores, so an output file can never replace one of the project's inputs."""
    resolved = path.resolve()
    for folder, what in (
        (project.seeds_dir, "source articles"),
        (project.locales_dir, "catalogs"),
        (project.glossary_dir, "term base"),
        (project.state_dir, "the toolkit's stores"),
    ):
        if resolved.is_relative_to(folder.resolve()):
            raise error(f"is inside {folder.name}/ (the project's {what}); {what_to_do}", path=path)


def serious_check(project: Project) -> SeriousCheck:
    """The gate's check for serious findings: the project's checks, with its term base when it has one.

    Findings of a check the reviewer acknowledged on the entry (``#, ignore-<check>``) do not block:
    ``check_entry`` marks them acknowledged, so they are not serious.
    """
    termbase = load_project_termbase(project.glossary_dir)

    def serious(entry: polib.POEntry, language: Language) -> list[str]:
        return [
            f"{finding.check}: {finding.message}"
            for finding in check_entry(entry, language, termbase)
            if finding.serious
        ]

    return serious
