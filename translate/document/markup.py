"""The neutral inline markup of segments: ``<b>``, ``<i>``, ``<aN>`` and ``<cN/>`` tags, read and written."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

# N counts from 1 without leading zeros, as the document reader writes it; four digits at most, so a
# hostile translation cannot make ``int()`` parse thousands of digits (and a block never has 10,000 links).
_NUMBER = r"[1-9][0-9]{0,3}"
MAX_NUMBER = 9999
"""The largest N of ``<aN>`` and ``<cN/>``."""
MAX_DEPTH = 100
"""How deep tags nest in a segment ``parse`` reads; deeper ones are text, so the renderers, which
recurse into spans, never run out of stack on a hostile catalog."""
_TAG = re.compile(rf"<(?P<closing>/?)(?P<name>b|i|a(?P<link>{_NUMBER}))>|<c(?P<placeable>{_NUMBER})/>")


class TagKind(enum.Enum):
    """What an inline tag marks; the value is the letter its name starts with."""

    bold = "b"
    italic = "i"
    link = "a"  # <aN>…</aN>: the block's links[N-1] is where it points
    # <cN/>: the block's placeables[N-1], content published as written (a code span, an image, inline
    # HTML, a hard line break); "c" since code spans were the first.
    placeable = "c"


_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Tag:
    """One inline tag as written in a segment: ``str(tag)`` gives its text back."""

    kind: TagKind
    number: int = 0
    """N of ``<aN>`` and ``<cN/>`` (counted from 1); 0 for ``<b>`` and ``<i>``."""
    closing: bool = False

    @property
    def name(self) -> str:
        """``b``, ``i``, ``aN`` or ``cN``: what an opening tag and its closing tag share."""
        return f"{self.kind.value}{self.number or ''}"

    @property
    def empty(self) -> bool:
        """Whether the tag stands alone (``<cN/>``) rather than enclosing text."""
        return self.kind is TagKind.placeable

    def closed(self) -> Tag:
        """The closing tag that ends this one."""
        return Tag(self.kind, self.number, closing=True)

    def refers_to(self, values: Sequence[_T]) -> _T | None:
        """The link or placeable that N names in ``values`` (``None`` when the block has no such one)."""
        return values[self.number - 1] if 0 < self.number <= len(values) else None

    def __str__(self) -> str:
        if self.empty:
            return f"<{self.name}/>"
        return f"<{'/' if self.closing else ''}{self.name}>"


BOLD = Tag(TagKind.bold)
"""``<b>``: strong emphasis (Markdown ``**…**``)."""
ITALIC = Tag(TagKind.italic)
"""``<i>``: emphasis (Markdown ``*…*``)."""


def wrap(tag: Tag, inner: str) -> str:
    """``inner`` enclosed in ``tag`` and its closing tag (``<a1>map</a1>``)."""
    return f"{tag}{inner}{tag.closed()}"


def tokenize(text: str) -> Iterator[str | Tag]:
    """The pieces of ``text`` in reading order: runs of plain text (never empty) and tags."""
    position = 0
    for match in _TAG.finditer(text):
        if match.start() > position:
            yield text[position : match.start()]
        position = match.end()
        yield _tag(match)
    if position < len(text):
        yield text[position:]


def _tag(match: re.Match[str]) -> Tag:
    if placeable := match.group("placeable"):
        return Tag(TagKind.placeable, int(placeable))
    closing = bool(match.group("closing"))
    if link := match.group("link"):
        return Tag(TagKind.link, int(link), closing)
    return Tag(TagKind(match.group("name")), closing=closing)


def tags(text: str) -> list[str]:
    """The tags of ``text`` as written, in reading order."""
    return [match.group(0) for match in _TAG.finditer(text)]


def same_tags(source: str, translation: str) -> bool:
    """Whether ``translation`` has the tags of ``source``: their order may change, their set may not."""
    return sorted(tags(source)) == sorted(tags(translation))


def is_tag(text: str) -> bool:
    """Whether ``text`` is exactly one inline tag."""
    return _TAG.fullmatch(text) is not None


def well_nested(text: str) -> bool:
    """Whether every tag in ``text`` that encloses text is closed, in the reverse order of opening."""
    stack: list[str] = []
    for piece in tokenize(text):
        if not isinstance(piece, Tag) or piece.empty:
            continue
        if not piece.closing:
            stack.append(piece.name)
        elif not stack or stack.pop() != piece.name:
            return False
    return not stack


@dataclass(frozen=True, slots=True)
class Span:
    """A tag with what it encloses: plain text and nested spans (none for ``<cN/>``)."""

    tag: Tag
    children: tuple[Span | str, ...] = ()


@dataclass(slots=True)
class _OpenSpan:
    """A span still being read (mutable only inside ``parse``)."""

    tag: Tag | None  # None for the segment itself, the root of the tree
    children: list[_OpenSpan | str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The tag's name; empty for the root, which no closing tag names."""
        return self.tag.name if self.tag is not None else ""

    def freeze(self) -> Span:
        assert self.tag is not None, "the root is never a span"
        return Span(self.tag, _freeze(self.children))


def _freeze(children: list[_OpenSpan | str]) -> tuple[Span | str, ...]:
    return tuple(child if isinstance(child, str) else child.freeze() for child in children)


def parse(text: str) -> tuple[Span | str, ...]:
    """``text`` as a tree of spans, tolerating broken markup: a closing tag with no open tag of its name
    stays literal text, as does an opening tag nested deeper than ``MAX_DEPTH``, and tags left open are
    closed at the end (as are tags left open inside a span that closes)."""
    root = _OpenSpan(None)
    stack = [root]
    for piece in tokenize(text):
        if isinstance(piece, str):
            stack[-1].children.append(piece)
        elif piece.empty:
            stack[-1].children.append(_OpenSpan(piece))
        elif not piece.closing and len(stack) > MAX_DEPTH:
            stack[-1].children.append(str(piece))
        elif not piece.closing:
            span = _OpenSpan(piece)
            stack[-1].children.append(span)
            stack.append(span)
        elif any(open_span.name == piece.name for open_span in stack):
            while stack[-1].name != piece.name:
                stack.pop()
            stack.pop()
        else:
            stack[-1].children.append(str(piece))
    return _freeze(root.children)
