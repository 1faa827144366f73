"""The PO format: every malformed input is a CatalogError at file:line, files stay untouched, and the
one writer gives back what it reads."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translate.catalog.pofile import read_catalog, read_po, write_po
from translate.errors import CatalogError
from translate.languages import Language

HEADER = (
    'msgid ""\n'
    'msgstr ""\n'
    '"Project-Id-Version: doc\\n"\n'
    '"PO-Revision-Date: 2023-11-04 10:00+0000\\n"\n'
    '"Last-Translator: desk\\n"\n'
    '"Language-Team: Russian\\n"\n'
    '"Language: ru\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    f'"Plural-Forms: {Language.ru.plural_forms}\\n"\n'
    '"X-Custom: kept\\n"\n'
    "\n"
)
HEADER_LINES = HEADER.count("\n")
FIRST = HEADER_LINES + 1  # line number of the first entry after the header
CONTENT_TYPE_LINE = 9
PLURAL_FORMS_LINE = 11

GOOD = (
    HEADER
    + '# reviewer note\n#. context\n#: seeds/a.txt:3\n#, fuzzy, my-flag\n#| msgid "Old"\nmsgid "Hello"\nmsgstr "Привет"\n'
)


def _with_header(body: str) -> bytes:
    return (HEADER + body).encode("utf-8")


def _replace_header(old: str, new: str, body: str = 'msgid "a"\nmsgstr "b"\n') -> bytes:
    return (HEADER.replace(old, new) + body).encode("utf-8")


# (id, file bytes, expected message pattern, expected line, does msgfmt -c reject it too?)
# Where msgfmt accepts what we refuse, the last column says why we are stricter.
MALFORMED: list[tuple[str, bytes, str, int | None, bool]] = [
    ("unterminated", _with_header('msgid "Broken\nmsgstr "b"\n'), "unterminated string", FIRST, True),
    (
        "unterminated-escaped-quote",
        _with_header('msgid "a"\nmsgstr "b\\"\n'),
        "unterminated",
        FIRST + 1,
        True,
    ),
    ("bad-escape", _with_header('msgid "a"\nmsgstr "b\\q"\n'), r"unsupported escape '\\q'", FIRST + 1, True),
    # msgfmt accepts \a and octal escapes; polib would keep them as backslash + letter.
    ("bell-escape", _with_header('msgid "a"\nmsgstr "b\\a"\n'), "unsupported escape", FIRST + 1, False),
    ("octal-escape", _with_header('msgid "a"\nmsgstr "\\101"\n'), "unsupported escape", FIRST + 1, False),
    ("inner-quote", _with_header('msgid "a"\nmsgstr "b"c"\n'), "after the closing quote", FIRST + 1, True),
    # msgfmt stops at a NUL silently; a NUL means a damaged file.
    ("nul-byte", _with_header('msgid "a"\nmsgstr "b\x00c"\n'), "NUL byte", FIRST + 1, False),
    ("invalid-utf8", HEADER.encode() + b'msgid "a"\nmsgstr "b\xff"\n', "not valid UTF-8", FIRST + 1, True),
    ("bom", b"\xef\xbb\xbf" + _with_header('msgid "a"\nmsgstr "b"\n'), "byte-order mark", 1, True),
    # msgfmt takes a lone CR for white space; polib would split the line there.
    ("lone-cr", _with_header('msgid "a"\nmsgstr "b"\r# x\n'), "carriage return", FIRST + 1, False),
    # polib splits lines at U+2028; gettext does not, so polib would cut the string in two.
    ("line-separator", _with_header('msgid "a"\nmsgstr "b\u2028c"\n'), "U\\+2028", FIRST + 1, False),
    (
        "charset-placeholder",
        _replace_header("charset=UTF-8", "charset=CHARSET"),
        "charset 'CHARSET'",
        CONTENT_TYPE_LINE,
        False,
    ),
    # msgfmt trusts the declared charset; these bytes are UTF-8, so KOI8-R is a lie.
    (
        "charset-mismatch",
        _replace_header("charset=UTF-8", "charset=KOI8-R"),
        "KOI8-R",
        CONTENT_TYPE_LINE,
        False,
    ),
    ("charset-missing", _replace_header("; charset=UTF-8", ""), "Content-Type", CONTENT_TYPE_LINE, False),
    (
        "duplicate",
        _with_header('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n'),
        "line 14",
        FIRST + 3,
        True,
    ),
    (
        "duplicate-context",
        _with_header('msgctxt "x"\nmsgid "a"\nmsgstr "b"\n\nmsgctxt "x"\nmsgid "a"\nmsgstr "c"\n'),
        "msgctxt as line 15",
        FIRST + 5,
        True,
    ),
    (
        "duplicate-obsolete",
        _with_header('msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n'),
        "duplicate entry",
        FIRST + 3,
        True,
    ),
    (
        "duplicate-both-obsolete",
        _with_header('#~ msgid "a"\n#~ msgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n'),
        "duplicate entry",
        FIRST + 3,
        True,
    ),
    (
        "missing-msgstr",
        _with_header('msgid "a"\n\nmsgid "c"\nmsgstr "d"\n'),
        "missing msgstr",
        FIRST + 2,
        True,
    ),
    (
        "missing-msgstr-at-end",
        _with_header('msgid "a"\n'),
        "missing msgstr for the msgid on line 14",
        FIRST,
        True,
    ),
    (
        "comment-inside-entry",
        _with_header('msgid "a"\n# hi\nmsgstr "b"\n'),
        "missing msgstr",
        FIRST + 1,
        True,
    ),
    (
        "msgstr-index-without-plural",
        _with_header('msgid "a"\nmsgstr[0] "b"\n'),
        "without msgid_plural",
        FIRST + 1,
        True,
    ),
    (
        "plain-msgstr-with-plural",
        _with_header('msgid "a"\nmsgid_plural "as"\nmsgstr "b"\n'),
        "needs msgstr\\[0\\]",
        FIRST + 2,
        True,
    ),
    (
        "skipped-plural-index",
        _with_header('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[2] "c"\n'),
        "expected msgstr\\[1\\]",
        FIRST + 3,
        True,
    ),
    (
        "wrong-number-of-plural-forms",
        _with_header('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "c"\n'),
        "2 plural forms, but Plural-Forms says nplurals=3",
        FIRST,
        True,
    ),
    (
        "missing-plural-forms",
        _replace_header(
            f'"Plural-Forms: {Language.ru.plural_forms}\\n"\n',
            "",
            'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "c"\nmsgstr[2] "d"\n',
        ),
        "no Plural-Forms header",
        1,
        True,
    ),
    (
        "garbled-plural-forms",
        _replace_header("nplurals=3", "nplurals=x"),
        "is not 'nplurals=N",
        PLURAL_FORMS_LINE,
        True,
    ),
    # msgfmt only checks nplurals against the language when it is asked to; ru has three forms.
    (
        "plural-forms-wrong-for-language",
        _replace_header(Language.ru.plural_forms, "nplurals=2; plural=(n != 1);"),
        "nplurals=2, but Russian has 3",
        PLURAL_FORMS_LINE,
        False,
    ),
    (
        "plural-expression-too-large",
        _replace_header(Language.ru.plural_forms, "nplurals=3; plural=n;"),
        "can give 1000 \\(for n = 1000\\)",
        PLURAL_FORMS_LINE,
        True,
    ),
    ("no-header", b'msgid "a"\nmsgstr "b"\n', "no header entry", 1, True),
    ("newline-mismatch", _with_header('msgid "a\\n"\nmsgstr "b"\n'), "both end with a newline", FIRST, True),
    # msgfmt ignores '#foo'; polib raises a bare syntax error on it, so we name the line.
    ("unknown-comment", _with_header('#foo\nmsgid "a"\nmsgstr "b"\n'), "unknown comment", FIRST, False),
    ("garbage-line", _with_header('msgid "a"\nmsgstr "b"\nhello\n'), "unexpected text", FIRST + 2, True),
    # msgfmt drops such a comment silently; so would polib when writing back.
    (
        "trailing-comment",
        _with_header('msgid "a"\nmsgstr "b"\n\n# lost?\n'),
        "after the last entry",
        FIRST + 3,
        False,
    ),
    (
        "mixed-obsolete",
        _with_header('#~ msgid "a"\nmsgstr "b"\n'),
        "mixes obsolete",
        FIRST + 1,
        True,
    ),
    (
        "stray-previous",
        _with_header('#| garbage\nmsgid "a"\nmsgstr "b"\n'),
        "'#\\|' lines hold only",
        FIRST,
        True,
    ),
    ("empty-msgid", _with_header('msgid ""\nmsgstr "b"\n'), "empty msgid", FIRST, True),
]


@pytest.mark.parametrize(
    ("data", "pattern", "line", "msgfmt_rejects"),
    [pytest.param(data, pattern, line, rejects, id=name) for name, data, pattern, line, rejects in MALFORMED],
)
def test_malformed_catalog_is_refused_at_its_line(
    tmp_path: Path, data: bytes, pattern: str, line: int | None, msgfmt_rejects: bool
) -> None:
    path = tmp_path / "doc.po"
    path.write_bytes(data)
    with pytest.raises(CatalogError, match=pattern) as caught:
        read_catalog(path)
    assert caught.value.path == path
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.po"]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")
@pytest.mark.parametrize(
    ("data", "msgfmt_rejects"),
    [pytest.param(data, rejects, id=name) for name, data, _, _, rejects in MALFORMED],
)
def test_msgfmt_agrees_where_the_table_says_so(tmp_path: Path, data: bytes, msgfmt_rejects: bool) -> None:
    path = tmp_path / "doc.po"
    path.write_bytes(data)
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, check=False)
    assert (result.returncode != 0) == msgfmt_rejects, result.stderr.decode(errors="replace")


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")
def test_a_good_catalog_passes_both_us_and_msgfmt(tmp_path: Path) -> None:
    path = tmp_path / "doc.po"
    path.write_text(GOOD, encoding="utf-8")
    catalog = read_catalog(path)
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=False).returncode == 0
    (entry,) = list(catalog)
    assert (entry.msgid, entry.msgstr, entry.tcomment, entry.comment) == (
        "Hello",
        "Привет",
        "reviewer note",
        "context",
    )
    assert entry.flags == ["fuzzy", "my-flag"]
    assert entry.previous_msgid == "Old"
    assert catalog.metadata["X-Custom"] == "kept"


def test_crlf_file_reads_like_lf(tmp_path: Path) -> None:
    path = tmp_path / "doc.po"
    path.write_bytes(GOOD.replace("\n", "\r\n").encode())
    crlf = read_catalog(path)
    lf = read_po(GOOD.encode(), path)
    assert str(crlf) == str(lf)
    assert [e.msgstr for e in crlf] == ["Привет"]


def test_obsolete_previous_msgid_survives_a_read_write(tmp_path: Path) -> None:
    text = HEADER + '# note\n#, fuzzy\n#~| msgid "Older"\n#~ msgid "Gone"\n#~ msgstr "Ушло"\n'
    catalog = read_po(text.encode(), tmp_path / "doc.po")
    (entry,) = list(catalog)
    assert entry.obsolete and entry.previous_msgid == "Older"
    assert str(catalog).endswith('#~| msgid "Older"\n#~ msgid "Gone"\n#~ msgstr "Ушло"\n')


def test_polib_alone_truncates_what_we_refuse() -> None:
    # The reason for the scanner: polib reads the unterminated string as "Broke" without a word.
    text = HEADER + 'msgid "Broken\nmsgstr "b"\n'
    assert [e.msgid for e in polib.pofile(text)] == ["Broke"]


def test_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "doc.po"
    path.write_bytes(_with_header('msgid "a"\nmsgstr "b"\n'))
    with pytest.raises(CatalogError, match="larger than the 100-byte limit"):
        read_catalog(path, max_bytes=100)


def test_template_may_declare_charset_placeholder(tmp_path: Path) -> None:
    catalog = read_po(_replace_header("charset=UTF-8", "charset=CHARSET"), tmp_path / "doc.pot")
    assert [e.msgid for e in catalog] == ["a"]


_LINE = st.sampled_from(
    [
        'msgid "a"',
        'msgstr "b"',
        'msgid_plural "as"',
        'msgstr[0] "x"',
        'msgstr[1] "y"',
        'msgstr[2] "z"',
        'msgctxt "c"',
        '"cont"',
        "# comment",
        "#. extracted",
        "#, fuzzy",
        '#| msgid "old"',
        '#~ msgid "o"',
        '#~ msgstr "p"',
        '#~| msgid "q"',
        "",
        '"unterminated',
        'msgstr "\\q"',
    ]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(_LINE, max_size=14), noise=st.binary(max_size=12))
def test_fuzzed_catalogs_give_a_catalog_or_a_catalog_error(lines: list[str], noise: bytes) -> None:
    data = HEADER.encode() + "\n".join(lines).encode() + noise
    try:
        catalog = read_po(data, Path("fuzz.po"))
    except CatalogError as exc:
        assert str(exc).startswith("fuzz.po")
        return
    # Whatever we accept must be something msgfmt-like tools and polib agree on: it writes back and
    # reads again to the same catalog.
    again = read_po(str(catalog).encode() + b"\n", Path("fuzz.po"))
    assert [(e.msgctxt, e.msgid, e.msgstr, e.obsolete) for e in again] == [
        (e.msgctxt, e.msgid, e.msgstr, e.obsolete) for e in catalog
    ]


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=300))
def test_fuzzed_bytes_never_raise_anything_but_catalog_error(data: bytes) -> None:
    with contextlib.suppress(CatalogError):
        read_po(HEADER.encode() + data, Path("fuzz.po"))


_SEED_LIKE = (
    HEADER
    + '# reviewer\n#. title\n#: seeds/a.txt:1\n#, fuzzy\n#| msgid "Old \\"title\\""\nmsgid ""\n"A long \\"quoted\\" "\n'
    '"title\\n"\nmsgstr "Заголовок\\n"\n\nmsgctxt "menu"\nmsgid "File"\nmsgid_plural "Files"\n'
    'msgstr[0] "Файл"\nmsgstr[1] "Файла"\nmsgstr[2] "Файлов"\n\n#~| msgid "x"\n#~ msgid "Gone"\n#~ msgstr "Ушло"\n'
).encode()


@settings(max_examples=500, deadline=None)
@given(
    edits=st.lists(
        st.tuples(
            st.integers(0, len(_SEED_LIKE)),
            st.integers(0, 3),
            st.sampled_from(list(b'"\\\n\r#~|[]0 xm\xd0\xff')),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_mutated_catalogs_give_a_catalog_or_a_catalog_error(edits: list[tuple[int, int, int]]) -> None:
    data = bytearray(_SEED_LIKE)
    for position, removed, byte in edits:
        data[position : position + removed] = bytes([byte])
    try:
        catalog = read_po(bytes(data), Path("fuzz.po"))
    except CatalogError as exc:
        assert str(exc).startswith("fuzz.po")
        return
    again = read_po(write_po(catalog), Path("fuzz.po"))
    assert [(e.msgctxt, e.msgid, e.msgstr, e.msgstr_plural, e.obsolete, e.previous_msgid) for e in again] == [
        (e.msgctxt, e.msgid, e.msgstr, e.msgstr_plural, e.obsolete, e.previous_msgid) for e in catalog
    ]


def test_the_seed_like_catalog_is_valid() -> None:
    catalog = read_po(_SEED_LIKE, Path("doc.po"))
    assert [e.msgid for e in catalog] == ['A long "quoted" title\n', "File", "Gone"]


def test_obsolete_previous_line_right_after_a_reviewed_entry_stays_with_the_obsolete_one() -> None:
    # babel's reader turns the reviewed entry obsolete here; ours keeps it active.
    text = HEADER + 'msgid "Kept"\nmsgstr "Оставлено"\n#~| msgid "Older"\n#~ msgid "Gone"\n#~ msgstr "Ушло"\n'
    kept, gone = list(read_po(text.encode(), Path("doc.po")))
    assert (kept.msgid, kept.msgstr, kept.obsolete, kept.previous_msgid) == ("Kept", "Оставлено", 0, None)
    assert (gone.msgid, gone.obsolete, gone.previous_msgid) == ("Gone", 1, "Older")


@pytest.mark.parametrize(
    ("folder", "language", "refused"),
    [
        ("ru", "ru", False),
        ("ru", "ru_RU", False),
        ("kk", "kk", False),
        ("ru", "kk", True),
        ("ru", "de", True),
        ("ru", "", False),
        ("elsewhere", "kk", False),
    ],
    ids=["match", "match-region", "kk-in-kk", "kk-in-ru", "unknown-in-ru", "no-header", "not-under-locales"],
)
def test_a_catalog_in_another_languages_folder_is_refused(
    tmp_path: Path, folder: str, language: str, refused: bool
) -> None:
    text = GOOD.replace('"Language: ru\\n"', f'"Language: {language}\\n"')
    if language == "kk":
        text = text.replace(Language.ru.plural_forms, Language.kk.plural_forms)
    path = tmp_path / "locales" / folder / "LC_MESSAGES" / "doc.po"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    if not refused:
        assert read_catalog(path).metadata["Language"] == language
        return
    before = path.read_bytes()
    line = text.splitlines().index(f'"Language: {language}\\n"') + 1
    with pytest.raises(
        CatalogError, match=rf"doc\.po:{line}: Language header says '{language}', but the file is in "
    ):
        read_catalog(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("make", "message"),
    [
        # /dev/zero reports size 0 and never ends; through a link it must not even be opened.
        (lambda path: path.symlink_to("/dev/zero"), "is a symbolic link; the toolkit does not follow links"),
        (lambda path: path.symlink_to(path.with_name("real.po")), "is a symbolic link"),
        (lambda path: os.mkfifo(path), "is a FIFO, not a catalog"),
        (lambda path: path.mkdir(), "is a folder, not a catalog"),
    ],
    ids=["link-to-device", "link-to-catalog", "fifo", "folder"],
)
def test_a_catalog_path_that_is_no_regular_file_is_refused_at_once(
    tmp_path: Path, make: Callable[[Path], object], message: str
) -> None:
    (tmp_path / "real.po").write_bytes(_with_header('msgid "a"\nmsgstr "b"\n'))
    path = tmp_path / "doc.po"
    make(path)
    with pytest.raises(CatalogError, match=rf"doc\.po: {re.escape(message)}"):
        read_catalog(path, max_bytes=1000)  # a FIFO with no writer would block an ordinary open


def test_a_device_is_refused_as_a_catalog() -> None:
    with pytest.raises(CatalogError, match=r"/dev/zero: is a character device, not a catalog"):
        read_catalog(Path("/dev/zero"))


def _polib_bytes(catalog: polib.POFile) -> bytes:
    """What polib's own writer gives, newline-terminated, to show what ``write_po`` repairs."""
    text = str(catalog)
    return (text if text.endswith("\n") else text + "\n").encode()


LONG_COMMENT = "checked by Aigul against the TDH original; the title follows the agreed house style, keep it"


def test_write_po_keeps_long_translator_comments_on_one_line(tmp_path: Path) -> None:
    text = GOOD.replace("# reviewer note\n", f"# {LONG_COMMENT}\n# \n# second line\n") + (
        f'\n# {LONG_COMMENT} (obsolete)\n#~ msgid "Gone"\n#~ msgstr "Ушло"\n'
    )
    catalog = read_po(text.encode(), tmp_path / "doc.po")
    assert f"# {LONG_COMMENT}\n".encode() not in _polib_bytes(catalog)  # polib alone wraps them
    data = write_po(catalog)
    # An empty comment line is written "#", as msgcat writes it.
    assert f"# {LONG_COMMENT}\n#\n# second line\n#. context\n".encode() in data
    assert f"# {LONG_COMMENT} (obsolete)\n#~ msgid".encode() in data
    assert [e.tcomment for e in read_po(data, tmp_path / "doc.po")] == [
        f"{LONG_COMMENT}\n\nsecond line",
        f"{LONG_COMMENT} (obsolete)",
    ]
    assert catalog[0].tcomment == f"{LONG_COMMENT}\n\nsecond line"  # the catalog itself is left as it was


_WORDS = st.lists(st.text(alphabet="ab\u0444-", min_size=1, max_size=12), min_size=1, max_size=14)


@given(st.lists(_WORDS.map(" ".join), min_size=1, max_size=3))
@settings(max_examples=200, deadline=None)
def test_write_po_round_trips_translator_comments(lines: list[str]) -> None:
    catalog = read_po(GOOD.encode(), Path("doc.po"))
    catalog[0].tcomment = "\n".join(lines)
    again = read_po(write_po(catalog), Path("doc.po"))
    assert again[0].tcomment == catalog[0].tcomment


def test_write_po_keeps_the_notes_of_obsolete_entries(tmp_path: Path) -> None:
    text = HEADER + '# reviewer\n#. machine translation: m 1.0\n#. title\n#~ msgid "Gone"\n#~ msgstr "Ушло"\n'
    catalog = read_po(text.encode(), tmp_path / "doc.po")
    assert b"#. machine translation" not in _polib_bytes(catalog)  # polib alone drops them
    data = write_po(catalog)
    assert data.endswith(
        '# reviewer\n#. machine translation: m 1.0\n#. title\n#~ msgid "Gone"\n#~ msgstr "Ушло"\n'.encode()
    )
    (entry,) = read_po(data, tmp_path / "doc.po")
    assert (
        entry.obsolete
        and entry.comment == "machine translation: m 1.0\ntitle"
        and entry.tcomment == "reviewer"
    )
    path = tmp_path / "doc.po"
    path.write_bytes(data)
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], check=True)


_TEXT = st.text(alphabet='aZб ё"\\\t\n{}%', min_size=1, max_size=40).filter(
    lambda text: text.strip("\n") == text
)
# Notes are short: polib wraps a longer one onto two lines, as gettext does, and reads it back as two.
_WORD_LINE = st.lists(st.text(alphabet="abф-", min_size=1, max_size=12), min_size=1, max_size=8).map(" ".join)
_NOTE_LINE = _WORD_LINE.filter(lambda line: len(line) + 3 <= 78)
_LONG_LINE = st.lists(st.text(alphabet="abф-", min_size=1, max_size=12), min_size=1, max_size=14).map(
    " ".join
)


@st.composite
def _entries(draw: st.DrawFn) -> list[polib.POEntry]:
    """Active entries then obsolete ones (polib writes them last), unique by msgctxt and msgid."""
    entries: list[polib.POEntry] = []
    seen: set[tuple[str | None, str]] = set()
    for obsolete in sorted(draw(st.lists(st.booleans(), max_size=6))):
        msgctxt = draw(st.none() | _TEXT)
        msgid = draw(_TEXT)
        if (msgctxt, msgid) in seen:
            continue
        seen.add((msgctxt, msgid))
        entry = polib.POEntry(
            msgctxt=msgctxt,
            msgid=msgid,
            msgstr=draw(st.just("") | _TEXT),
            comment="\n".join(draw(st.lists(_NOTE_LINE, max_size=3))),
            tcomment="\n".join(draw(st.lists(_LONG_LINE, max_size=3))),
            flags=draw(st.lists(st.sampled_from(["fuzzy", "my-flag"]), unique=True)),
            previous_msgid=draw(st.none() | _TEXT),
            obsolete=obsolete,
        )
        if not obsolete:
            entry.occurrences = [("seeds/a.txt", str(line)) for line in draw(st.lists(st.integers(1, 99)))]
            if draw(st.booleans()):
                entry.msgid_plural = draw(_TEXT)
                entry.msgstr = ""
                entry.msgstr_plural = {index: draw(st.just("") | _TEXT) for index in range(3)}
        entries.append(entry)
    return entries


def _fields(catalog: polib.POFile) -> list[tuple[object, ...]]:
    return [
        (
            e.msgctxt,
            e.msgid,
            e.msgid_plural or None,
            e.msgstr,
            e.msgstr_plural,
            e.comment,
            e.tcomment,
            e.occurrences,
            e.flags,
            e.previous_msgid,
            bool(e.obsolete),
        )
        for e in catalog
    ]


@given(entries=_entries())
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_write_po_then_read_po_gives_back_the_catalog(entries: list[polib.POEntry]) -> None:
    catalog = read_po(HEADER.encode(), Path("doc.po"))
    for entry in entries:
        catalog.append(entry)
    data = write_po(catalog)
    again = read_po(data, Path("doc.po"))
    assert _fields(again) == _fields(catalog)
    assert again.metadata == catalog.metadata
    assert write_po(again) == data  # and writing what was read changes no byte


# ------------------------------------------------------------------------ read_po reads as polib reads

_ENTRY_ATTRIBUTES = (
    "msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr_plural", "obsolete", "comment", "tcomment",
    "occurrences", "flags", "previous_msgctxt", "previous_msgid", "previous_msgid_plural", "linenum",
    "encoding",
)  # fmt: skip


def _polib_reading(text: str) -> polib.POFile:
    """polib's own parser on ``text``, the reference for read_po. polib skips ``#~|`` lines, which
    read_po keeps as the obsolete entry's previous fields: polib gets them as ``#|`` lines."""
    rewritten = re.sub(r"(?m)^(\s*)#~\|", r"\1#| ", text)
    return polib.pofile(rewritten, wrapwidth=79, check_for_duplicates=False)


def _as_read(catalog: polib.POFile) -> tuple[object, ...]:
    entries = [tuple(getattr(entry, name) for name in _ENTRY_ATTRIBUTES) for entry in catalog]
    fuzzy = catalog.metadata_is_fuzzy
    return (catalog.header, catalog.metadata, fuzzy, catalog.encoding, catalog.wrapwidth, entries)


@given(entries=_entries())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_read_po_of_written_catalogs_equals_polib(entries: list[polib.POEntry]) -> None:
    catalog = read_po(HEADER.encode(), Path("doc.po"))
    catalog.extend(entries)
    data = write_po(catalog)
    assert _as_read(read_po(data, Path("doc.po"))) == _as_read(_polib_reading(data.decode()))


_ODD_PIECES = (
    "# Title", "#", "#\tindented", "##double", "#. note", "#.", "#:", "#,", "#: a.txt:1 b c:x d:²",
    "#, fuzzy", "#, python-format, ,my-flag", '#| msgctxt "old"', '#| msgid "old"', '#|\tmsgid "o\\"ld"',
    '#| "more\\n"', '#| msgid_plural "olds"', '#~| msgid "gone before"', '#~| "and more"', '#~ msgid "gone"',
    '#~ msgctxt "c"', '#~ msgstr "ушло"', '#~ "line\\t"', 'msgctxt "ctx"', 'msgid "a"', 'msgid "b\\n"',
    'msgid ""', 'msgid_plural "as"', 'msgstr "перевод"', 'msgstr ""', 'msgstr[0] "0"', 'msgstr[1] "1"',
    'msgstr[2] "2"', '"continued \\\\ \\"quoted\\""', "", "  ",
)  # fmt: skip


@given(
    before=st.lists(st.sampled_from(["# Title", "# ", "#, fuzzy", "#. x", ""]), max_size=3),
    pieces=st.lists(st.sampled_from(_ODD_PIECES), max_size=14),
)
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_read_po_of_odd_valid_text_equals_polib(before: list[str], pieces: list[str]) -> None:
    """Multiline strings, escapes, obsolete entries, previous fields, fuzzy headers, comments in the
    header: whatever read_po accepts, it reads as polib does (what it refuses, it names at file:line)."""
    text = "".join(f"{line}\n" for line in before) + HEADER + "".join(f"{line}\n" for line in pieces)
    try:
        ours = read_po(text.encode(), Path("locales/ru/LC_MESSAGES/doc.po"))
    except CatalogError as exc:
        assert exc.line is not None and str(exc).startswith("locales/ru/LC_MESSAGES/doc.po:")
        return
    assert _as_read(ours) == _as_read(_polib_reading(text))


@pytest.mark.parametrize(
    ("line", "pattern"),
    [
        pytest.param("#.note", "polib cannot read it", id="note-without-space"),
        pytest.param("#,fuzzy", "polib cannot read it", id="flag-without-space"),
        pytest.param("#:a.txt:1", "polib cannot read it", id="reference-without-space"),
        pytest.param('#|msgid "old"', "polib cannot read it", id="previous-without-space"),
    ],
)
def test_comments_polib_refuses_are_refused_at_their_line(line: str, pattern: str) -> None:
    with pytest.raises(CatalogError, match=pattern) as caught:
        read_po(_with_header(f'{line}\nmsgid "a"\nmsgstr "b"\n'), Path("doc.po"))
    assert caught.value.line == FIRST


def test_obsolete_without_space_and_a_two_digit_plural_index_are_refused() -> None:
    with pytest.raises(CatalogError, match="polib cannot read it") as caught:
        read_po(_with_header('msgid "a"\nmsgstr "b"\n\n#~msgid "c"\n#~msgstr "d"\n'), Path("doc.po"))
    assert caught.value.line == FIRST + 3
    plural = 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[01] "y"\nmsgstr[2] "z"\n'
    with pytest.raises(CatalogError, match="could not be read unambiguously") as caught:
        read_po(_with_header(plural), Path("doc.po"))
    assert caught.value.line == FIRST


# ---------------------------------------------------------------------------------- what msgfmt -c checks

RU_PLURAL = Language.ru.plural_forms
KK_HEADER = HEADER.replace('"Language: ru\\n"', '"Language: kk\\n"').replace(
    RU_PLURAL, Language.kk.plural_forms
)


def _entry(flags: str, msgid: str, msgstr: str | list[str], msgid_plural: str | None = None) -> str:
    lines = [f"#, {flags}"] if flags else []
    lines.append(f'msgid "{msgid}"')
    if msgid_plural is None:
        assert isinstance(msgstr, str)
        lines.append(f'msgstr "{msgstr}"')
    else:
        lines.append(f'msgid_plural "{msgid_plural}"')
        lines += [f'msgstr[{index}] "{text}"' for index, text in enumerate(msgstr)]
    return "\n".join(lines) + "\n"


# Issue 17, item 7: 38 of 2,000 mutants passed our reader and `translate check` but not msgfmt -c.
# (id, catalog bytes, our message pattern, does msgfmt -c reject it? — we must agree)
MSGFMT_PARITY = [
    # c-format: the directives, in argument order, with their types.
    (
        "c-format-swapped",
        _with_header(_entry("c-format", "%s has %d", "%d есть %s")),
        "for argument 1 are not the same",
        True,
    ),
    (
        "c-format-missing",
        _with_header(_entry("c-format", "%s has %d", "есть %s")),
        "number of format specifications",
        True,
    ),
    (
        "c-format-extra",
        _with_header(_entry("c-format", "has", "есть %s")),
        "number of format specifications",
        True,
    ),
    (
        "c-format-size",
        _with_header(_entry("c-format", "%d x", "%ld x")),
        "for argument 1 are not the same",
        True,
    ),
    (
        "c-format-percent",
        _with_header(_entry("c-format", "100%% x", "100% x")),
        "number of format specifications",
        True,
    ),
    (
        "c-format-ignored-argument",
        _with_header(_entry("c-format", "%s has %d", "есть %2$d")),
        "ignores argument number 1",
        True,
    ),
    ("c-format-positional", _with_header(_entry("c-format", "%s has %d", "%2$d есть %1$s")), None, False),
    ("c-format-star", _with_header(_entry("c-format", "%*d x", "%d %d x")), None, False),
    ("c-format-same-kind", _with_header(_entry("c-format", "%i and %x", "%d и %u")), None, False),
    ("c-format-fuzzy", _with_header(_entry("c-format, fuzzy", "%s has %d", "%d есть %s")), None, False),
    ("c-format-untranslated", _with_header(_entry("c-format", "%s has %d", "")), None, False),
    ("no-c-format", _with_header(_entry("no-c-format", "%s x", "x")), None, False),
    (
        "possible-c-format",
        _with_header(_entry("possible-c-format", "%s x", "x")),
        "number of format specifications",
        True,
    ),
    ("no-format-flag", _with_header(_entry("", "%s has %d", "%d есть %s")), None, False),
    ("invalid-msgid-format", _with_header(_entry("c-format", "100% x %", "%s")), None, False),
    # plural forms: one a rule gives for few n may leave the number out, one used often may not.
    (
        "c-format-plural-often",
        _with_header(_entry("c-format", "one file", ["%d файл", "%d файла", "файлов"], "%d files")),
        r"'msgid_plural' and 'msgstr\[2\]'",
        True,
    ),
    (
        "c-format-plural-ru-form-0",
        _with_header(_entry("c-format", "one file", ["файл", "%d файла", "%d файлов"], "%d files")),
        r"'msgstr\[0\]' does not match",
        True,
    ),
    (
        "c-format-plural-kk-form-0",
        (KK_HEADER + _entry("c-format", "one file", ["бір файл", "%d файл"], "%d files")).encode(),
        None,
        False,
    ),
    (
        "c-format-plural-kk-form-1",
        (KK_HEADER + _entry("c-format", "one file", ["%d файл", "файл"], "%d files")).encode(),
        r"'msgstr\[1\]' does not match",
        True,
    ),
    # python-format: a tuple (%s) or a mapping (%(name)s).
    (
        "python-format-name",
        _with_header(_entry("python-format", "%(name)s has %(n)d", "%(n)d есть %(nam)s")),
        "argument 'nam', as in 'msgstr', doesn't exist",
        True,
    ),
    (
        "python-format-order",
        _with_header(_entry("python-format", "%(name)s has %(n)d", "%(n)d есть %(name)s")),
        None,
        False,
    ),
    (
        "python-format-tuple-order",
        _with_header(_entry("python-format", "%s has %d", "%d есть %s")),
        "for argument 1 are not the same",
        True,
    ),
    (
        "python-format-missing",
        _with_header(_entry("python-format", "%s has %d", "есть %s")),
        "number of format specifications",
        True,
    ),
    (
        "python-format-mapping-tuple",
        _with_header(_entry("python-format", "%(a)s x", "%s x")),
        "expect a mapping",
        True,
    ),
    (
        "python-format-any",
        _with_header(_entry("python-format", "%(a).0s x %(b)d", "%(a)d x %(b)d")),
        "for argument 'a' are not the same",
        True,
    ),
    # python-brace-format: {name}, {0}, with attribute and index chains.
    (
        "brace-name",
        _with_header(_entry("python-brace-format", "{name} has {0}", "{0} есть {nam}")),
        "argument 'nam' doesn't exist in 'msgid'",
        True,
    ),
    (
        "brace-missing",
        _with_header(_entry("python-brace-format", "{name} has {0}", "{0} есть")),
        "argument 'name' doesn't exist in 'msgstr'",
        True,
    ),
    (
        "brace-order",
        _with_header(_entry("python-brace-format", "{name} has {0}", "{0} есть {name}")),
        None,
        False,
    ),
    (
        "brace-attribute",
        _with_header(_entry("python-brace-format", "{a.b} x", "{a} x")),
        "argument 'a' doesn't exist in 'msgid'",
        True,
    ),
    ("brace-spec-same", _with_header(_entry("python-brace-format", "{0:>10} x", "{0:>10} y")), None, False),
    # gettext 0.21 named a field with its format spec: we refuse what any version refuses.
    (
        "brace-spec-changed",
        _with_header(_entry("python-brace-format", "{0:>10} x", "{0:<10} y")),
        "argument '0:<10' doesn't exist in 'msgid'",
        True,
    ),
    # previous-msgid lines (#|): msgctxt, msgid, msgid_plural in that order, last before the entry.
    (
        "orphan-previous-msgctxt",
        _with_header('#| msgctxt "old"\nmsgid "a"\nmsgstr "б"\n'),
        "without '#\\| msgid' after it",
        True,
    ),
    (
        "orphan-previous-msgctxt-fuzzy",
        _with_header('#, fuzzy\n#| msgctxt "old"\nmsgid "a"\nmsgstr "б"\n'),
        "without '#\\| msgid' after it",
        True,
    ),
    (
        "previous-msgctxt-then-msgid",
        _with_header('#| msgctxt "c"\n#| msgid "old"\nmsgid "a"\nmsgstr "б"\n'),
        None,
        False,
    ),
    (
        "previous-out-of-order",
        _with_header('#| msgid "old"\n#| msgctxt "c"\nmsgid "a"\nmsgstr "б"\n'),
        "out of place",
        True,
    ),
    (
        "previous-msgid-twice",
        _with_header('#| msgid "old"\n#| msgid "older"\nmsgid "a"\nmsgstr "б"\n'),
        "out of place",
        True,
    ),
    (
        "previous-plural-alone",
        _with_header('#| msgid_plural "olds"\nmsgid "a"\nmsgstr "б"\n'),
        "out of place",
        True,
    ),
    (
        "previous-then-flag",
        _with_header('#| msgid "old"\n#, fuzzy\nmsgid "a"\nmsgstr "б"\n'),
        "comment after the '#\\|' lines",
        True,
    ),
    ("previous-then-blank", _with_header('#| msgid "old"\n\nmsgid "a"\nmsgstr "б"\n'), None, False),
    (
        "previous-obsolete-on-active",
        _with_header('#~| msgid "old"\nmsgid "a"\nmsgstr "б"\n'),
        "inconsistent use of '#~'",
        True,
    ),
    (
        "previous-active-on-obsolete",
        _with_header('#| msgid "old"\n#~ msgid "a"\n#~ msgstr "б"\n'),
        "inconsistent use of '#~'",
        True,
    ),
    (
        "previous-mixed",
        _with_header('#| msgctxt "c"\n#~| msgid "old"\n#~ msgid "a"\n#~ msgstr "б"\n'),
        "mixes '#\\|' and '#~\\|'",
        True,
    ),
    (
        "orphan-obsolete-previous-msgctxt",
        _with_header('#~| msgctxt "c"\n#~ msgid "a"\n#~ msgstr "б"\n'),
        "without '#\\| msgid' after it",
        True,
    ),
    # plural rules: msgfmt evaluates n = 0 to 1000, both included, in unsigned long arithmetic.
    (
        "plural-wrong-at-1000",
        _replace_header(RU_PLURAL, "nplurals=3; plural=(n==1000 ? 3 : n%10==1 ? 0 : n%10>=2 ? 1 : 2);"),
        r"can give 3 \(for n = 1000\)",
        True,
    ),
    (
        "plural-wrong-at-1001",
        _replace_header(RU_PLURAL, "nplurals=3; plural=(n==1001 ? 3 : n%10==1 ? 0 : n%10>=2 ? 1 : 2);"),
        None,
        False,
    ),
    (
        "plural-division-by-zero",
        _replace_header(RU_PLURAL, "nplurals=3; plural=(n/(n-5) > 100 ? 0 : 1);"),
        "divides by zero for n = 5",
        True,
    ),
    (
        "plural-negative",
        _replace_header(RU_PLURAL, "nplurals=3; plural=n-1;"),
        "negative value for n = 0",
        True,
    ),
    (
        "plural-short-circuit",
        _replace_header(RU_PLURAL, "nplurals=3; plural=(n != 0 && 10/n > 1 ? 1 : 0);"),
        None,
        False,
    ),
    (
        "nplurals-arabic-indic-digit",
        _replace_header("nplurals=3", "nplurals=\u0663"),
        "U\\+0663: gettext reads ASCII only",
        True,
    ),
    (
        "nplurals-fullwidth-digit",
        _replace_header("nplurals=3", "nplurals=\uff13"),
        "U\\+FF13: gettext reads ASCII only",
        True,
    ),
    (
        "nplurals-devanagari-digit",
        _replace_header("nplurals=3", "nplurals=\u0969"),
        "U\\+0969: gettext reads ASCII only",
        True,
    ),
    (
        "plural-arabic-indic-digit",
        _replace_header("n % 10 == 1", "n % \u0661\u0660 == 1"),
        "not a number gettext reads",
        True,
    ),
    # newlines: msgid_plural must agree with msgid as well.
    (
        "newline-msgid-plural",
        _with_header(_entry("", "a\\n", ["б\\n", "б\\n", "б\\n"], "as")),
        "msgid and msgid_plural do not both end",
        True,
    ),
    ("newline-untranslated-plural", _with_header(_entry("", "a\\n", ["", "б", ""], "as")), None, False),
    (
        "newline-later-form-empty",
        _with_header(_entry("", "a\\n", ["б\\n", "", "в\\n"], "as\\n")),
        "msgid and msgstr do not both end",
        True,
    ),
]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")
@pytest.mark.parametrize(
    ("data", "pattern", "msgfmt_rejects"),
    [pytest.param(data, pattern, rejects, id=name) for name, data, pattern, rejects in MSGFMT_PARITY],
)
def test_the_reader_refuses_what_msgfmt_c_refuses_and_only_that(
    tmp_path: Path, data: bytes, pattern: str | None, msgfmt_rejects: bool
) -> None:
    path = tmp_path / "doc.po"
    path.write_bytes(data)
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, check=False)
    assert (result.returncode != 0) == msgfmt_rejects, result.stderr.decode(errors="replace")
    if pattern is None:
        read_catalog(path)
        return
    with pytest.raises(CatalogError, match=pattern) as caught:
        read_catalog(path)
    assert caught.value.line is not None
    assert path.read_bytes() == data


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")
@pytest.mark.parametrize(
    "data", [pytest.param(data, id=name) for name, data, pattern, rejects in MSGFMT_PARITY if rejects]
)
def test_translate_check_refuses_what_msgfmt_c_refuses(tmp_path: Path, data: bytes) -> None:
    from typer.testing import CliRunner

    from translate.cli import app

    language = "kk" if b'"Language: kk' in data else "ru"
    path = tmp_path / "locales" / language / "LC_MESSAGES" / "doc.po"
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    result = CliRunner().invoke(app, ["check", "--project", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "doc.po:" in result.output and "Traceback" not in result.output
    assert path.read_bytes() == data
