"""Parsing source documents: the seed format, plain text, and bad input (Markdown: test_markdown.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import SEED
from translate.document.model import BlockKind, SourceFormat
from translate.document.source import (
    MAX_DOCUMENT_BYTES,
    DocumentFiles,
    document_id,
    load_document,
    parse_document,
)
from translate.errors import DocumentError


def test_seed_header_dateline_and_title() -> None:
    document = load_document(SEED)
    assert document.doc_id == "2023-11-04-halk-maslahaty-kazakhstan"
    assert document.format is SourceFormat.seed
    assert document.date == dt.date(2023, 11, 4)
    assert document.title == (
        "A meeting took place between the Chairman of the Halk Maslahaty of Turkmenistan and the "
        "President of Kazakhstan"
    )
    kinds = [block.kind for block in document.blocks]
    assert kinds[:2] == [BlockKind.title, BlockKind.dateline]
    assert document.blocks[1].raw == "04/11/2023"
    assert document.blocks[1].segments == ()  # the date is metadata, never a segment
    assert kinds.count(BlockKind.paragraph) == 15
    assert all("04/11/2023" not in segment for _, segment in document.segments())


def test_seed_header_may_start_with_whitespace_and_crlf() -> None:
    text = "\r\n   date 2024-01-02 Title here\r\n\r\n02/01/2024\r\n\r\nFirst one. Second one.\r\n"
    document = parse_document(text, Path("x.txt"))
    assert document.date == dt.date(2024, 1, 2)
    assert [block.segments for block in document.blocks if block.segments] == [
        ("Title here",),
        ("First one.", "Second one."),
    ]


def test_plain_text_without_header() -> None:
    text = "First paragraph. It has two sentences.\n\nSecond\nparagraph wraps lines.\n"
    document = parse_document(text, Path("plain.txt"))
    assert document.format is SourceFormat.text
    assert document.date is None
    assert [(block.line, block.segments) for block in document.blocks] == [
        (1, ("First paragraph.", "It has two sentences.")),
        (3, ("Second paragraph wraps lines.",)),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "no text to translate"),
        ("blank.txt", b"\n   \n\n", "no text to translate"),
        ("only-header.txt", b"date 2023-11-04 \n", "no text to translate"),
        ("latin1.txt", b"First line.\n\nCaf\xe9 au lait.\n", r"latin1.txt:3: is not valid UTF-8"),
        ("bad-date.txt", b"date 2023-13-45 Title\n\nText.\n", r"bad-date.txt:1: invalid date"),
        ("we..ird.txt", b"Text.\n", "becomes the document id"),
    ],
    ids=["empty", "blank", "header-only", "not-utf8", "bad-date", "odd-id"],
)
def test_bad_sources_name_the_file(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message):
        load_document(path)


def test_missing_source(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"nope\.txt: source not found"):
        load_document(tmp_path / "nope.txt")


def test_bom_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffdate 2023-11-04 Title\n\nBody.\n".encode())
    assert load_document(path).date == dt.date(2023, 11, 4)


@pytest.mark.parametrize(
    "name",
    ["x..y.txt", "a b.txt", ".hidden.txt", "-rf.txt", "доклад.txt"],
    ids=["dotdot", "space", "hidden", "dash-first", "cyrillic"],
)
def test_document_id_refuses_unsafe_names(name: str) -> None:
    with pytest.raises(DocumentError, match="must start with a Latin letter or digit"):
        document_id(Path(name))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("doc.txt", b"PK\x03\x04\x00\x00binary", r"doc\.txt:1: contains the control character U\+0003"),
        ("nul.txt", b"Fine first line.\n\nThen a NUL\x00 here.\n", r"nul\.txt:3: .*U\+0000"),
        ("esc.md", b"# Title\n\nColour \x1b[31mred\x1b[0m.\n", r"esc\.md:3: .*U\+001B"),
    ],
    ids=["zip-header", "nul", "escape"],
)
def test_binary_sources_are_refused_before_they_reach_a_catalog(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message):
        load_document(path)


def test_tabs_and_line_and_page_breaks_are_text(tmp_path: Path) -> None:
    path = tmp_path / "word.txt"
    path.write_bytes(b"First part.\x0bSecond\tpart.\r\n\x0c\r\nNext page.\n")
    assert [segment for _, segment in load_document(path).segments()][-1] == "Next page."


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("article.docx", r"article\.docx: not a source document \('\.docx' files"),
        ("README", "without an ext"),
    ],
    ids=["docx", "no-extension"],
)
def test_other_file_types_are_not_read_as_plain_text(tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / name
    path.write_text("Looks like text.\n", "utf-8")
    with pytest.raises(DocumentError, match=message):
        load_document(path)


@pytest.mark.parametrize(
    ("size", "refused"),
    [
        pytest.param(MAX_DOCUMENT_BYTES, False, id="at-the-limit"),
        pytest.param(MAX_DOCUMENT_BYTES + 1, True, id="one-byte-over"),
    ],
)
def test_a_document_over_the_size_limit_is_refused_with_how_to_split_it(
    tmp_path: Path, size: int, refused: bool
) -> None:
    sentence = b"The delegation discussed the agenda. "
    text = (sentence * (size // len(sentence) + 1))[:size]
    path = tmp_path / "long.txt"
    path.write_bytes(text)
    message = (
        r"long\.txt: is 1\.0 MB of text; the limit is 1 MiB per document so its catalogs stay under 16 MiB; "
        r"split it into several files"
    )
    if refused:
        with pytest.raises(DocumentError, match=message):
            load_document(path)
        with pytest.raises(DocumentError, match=message):
            parse_document(text.decode(), path)
    else:
        assert list(load_document(path).segments())


def test_document_files_are_parsed_when_used_not_held(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.md"
    first.write_text("Talks were held.\n", encoding="utf-8")
    second.write_text("# Title\n\nA visit took place.\n", encoding="utf-8")
    files = DocumentFiles([first, second])
    assert len(files) == 2 and files.doc_ids == ("a", "b")
    assert [document.doc_id for document in files] == ["a", "b"]
    assert files[1].title == "Title"
    first.write_text("Talks were held again.\n", encoding="utf-8")
    assert [segment for _, segment in files[0].segments()] == ["Talks were held again."]
    assert [document.doc_id for document in files[1:]] == ["b"]


def test_document_files_refuse_a_bad_source_or_a_shared_id_up_front(tmp_path: Path) -> None:
    good, bad = tmp_path / "a.txt", tmp_path / "b.txt"
    good.write_text("Talks were held.\n", encoding="utf-8")
    bad.write_bytes(b"\x00\x01binary")
    with pytest.raises(DocumentError, match=r"b\.txt"):
        DocumentFiles([good, bad])
    (tmp_path / "other").mkdir()
    twin = tmp_path / "other" / "a.md"
    twin.write_text("Talks.\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="has the same document id 'a'"):
        DocumentFiles([good, twin])
