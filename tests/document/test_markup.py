"""The inline markup grammar: which tags there are, reading them, nesting, and broken markup."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from translate.document import markup
from translate.document.markup import BOLD, ITALIC, Span, Tag, TagKind

LINK_1 = Tag(TagKind.link, 1)
PLACEABLE_2 = Tag(TagKind.placeable, 2)


@pytest.mark.parametrize(
    ("tag", "text"),
    [
        (BOLD, "<b>"),
        (BOLD.closed(), "</b>"),
        (ITALIC, "<i>"),
        (LINK_1, "<a1>"),
        (Tag(TagKind.link, 9999, closing=True), "</a9999>"),
        (PLACEABLE_2, "<c2/>"),
    ],
    ids=["bold", "bold-closing", "italic", "link", "link-closing-largest", "code"],
)
def test_a_tag_reads_back_as_written(tag: Tag, text: str) -> None:
    assert str(tag) == text
    assert markup.is_tag(text)
    assert list(markup.tokenize(text)) == [tag]


@pytest.mark.parametrize(
    "text",
    ["<a0>", "<a01>", "<c0/>", "<a10000>", "<c1>", "</c1/>", "<a1/>", "<B>", "<b >", "<em>", "<a>"],
    ids=["link-0", "leading-zero", "code-0", "five-digits", "code-open", "code-closing", "link-empty",
         "capital", "space", "html", "link-no-number"],
)  # fmt: skip
def test_what_is_not_one_of_our_tags(text: str) -> None:
    assert not markup.is_tag(text)
    assert markup.tags(text) == []


def test_tokenize_gives_text_and_tags_in_reading_order() -> None:
    assert list(markup.tokenize("See <i>the</i> <a1>map</a1> <c2/>.")) == [
        "See ",
        ITALIC,
        "the",
        ITALIC.closed(),
        " ",
        LINK_1,
        "map",
        LINK_1.closed(),
        " ",
        PLACEABLE_2,
        ".",
    ]


@given(st.text(alphabet="<>/abic0129 x", max_size=60))
def test_tokens_join_back_into_the_text(text: str) -> None:
    pieces = list(markup.tokenize(text))
    assert "".join(str(piece) for piece in pieces) == text
    assert "" not in pieces


@pytest.mark.parametrize(
    ("source", "translation", "same"),
    [
        ("See <i>the</i> <a1>map</a1>.", "Смотрите <a1>карту</a1> <i>здесь</i>.", True),
        ("See <i>the</i> <a1>map</a1>.", "Смотрите карту <i>здесь</i>.", False),
        ("<c1/> and <c1/>", "<c1/>", False),
        ("No tags.", "Без тегов.", True),
    ],
    ids=["reordered", "link-dropped", "code-once-less", "none"],
)
def test_same_tags_allows_reordering_only(source: str, translation: str, same: bool) -> None:
    assert markup.same_tags(source, translation) is same


@pytest.mark.parametrize(
    ("text", "nested"),
    [
        ("<b>bold <i>both</i></b> <c1/>", True),
        ("<b>bold <i>both</b></i>", False),
        ("<b>open", False),
        ("closed</b>", False),
        ("<a1>one</a1> <a2>two</a2>", True),
        ("<a1>one</a2>", False),
    ],
    ids=["nested", "crossed", "left-open", "stray-closing", "siblings", "other-number"],
)
def test_well_nested(text: str, nested: bool) -> None:
    assert markup.well_nested(text) is nested


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("a <b>b <i>c</i></b>", ("a ", Span(BOLD, ("b ", Span(ITALIC, ("c",)))))),
        ("x</b> y", ("x", "</b>", " y")),
        ("<b>open <i>inner", (Span(BOLD, ("open ", Span(ITALIC, ("inner",)))),)),
        ("<b>a <i>b</b> c", (Span(BOLD, ("a ", Span(ITALIC, ("b",)))), " c")),
        ("<c2/><a1>", (Span(PLACEABLE_2), Span(LINK_1))),
        ("<a0>x</a0>", ("<a0>x</a0>",)),
    ],
    ids=["nested", "stray-closing-is-text", "left-open-closes-at-end", "outer-closes-inner", "code-and-link",
         "foreign-tag-is-text"],
)  # fmt: skip
def test_parse_tolerates_broken_markup(text: str, tree: tuple[Span | str, ...]) -> None:
    assert markup.parse(text) == tree


def test_wrap_and_refers_to() -> None:
    link = Tag(TagKind.link, 2)
    assert markup.wrap(link, "map") == "<a2>map</a2>"
    assert markup.wrap(BOLD, "x") == "<b>x</b>"
    assert link.refers_to(("https://a.example", "https://b.example")) == "https://b.example"
    assert link.refers_to(("https://a.example",)) is None
    assert BOLD.refers_to(("https://a.example",)) is None


def test_tags_nested_deeper_than_the_limit_are_text() -> None:
    """A hostile translation cannot nest deep enough to exhaust the renderers' stack."""
    deep = "<b>" * 5000 + "x" + "</b>" * 5000
    tree = markup.parse(deep)
    depth = 0
    while tree and isinstance(tree[0], Span):
        tree, depth = tree[0].children, depth + 1
    assert depth == markup.MAX_DEPTH
    assert tree[0] == "<b>"  # the first tag past the limit, kept as text
