"""The PO format: strict reading (a line scanner and header checks around polib) and the one writer."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polib

from translate.catalog.formats import entry_range, format_problem
from translate.catalog.linebreak import PAGE_WIDTH, wrap_points
from translate.catalog.plurals import PluralError, PluralRule, plural_rule
from translate.errors import CatalogError
from translate.fileio import read_regular
from translate.languages import Language
from translate.project import as_path

WRAP_WIDTH = PAGE_WIDTH
"""Line width of the files we write: GNU gettext's, so msgcat, msgmerge and Poedit rewrap nothing."""

MAX_CATALOG_BYTES = 16 * 1024 * 1024
"""Largest catalog we read; a news article's catalog is a few hundred kilobytes at most."""

BOM = b"\xef\xbb\xbf"

# The escapes polib decodes. gettext also knows \a, \?, \' and octal/hex escapes, but polib would
# keep them as a literal backslash and letter, so a translation would silently change: refuse them.
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "\\": "\\", '"': '"'}

# Characters that Python's str.splitlines() (which polib uses) treats as line breaks but gettext does
# not: inside a string they would make polib cut the line in two.
_HIDDEN_BREAKS = {
    "\x0b": "U+000B vertical tab",
    "\x0c": "U+000C form feed",
    "\x1c": "U+001C",
    "\x1d": "U+001D",
    "\x1e": "U+001E",
    "\x85": "U+0085 next line",
    "\u2028": "U+2028 line separator",
    "\u2029": "U+2029 paragraph separator",
}

_ODD_CHARACTER = re.compile("[\r" + "".join(_HIDDEN_BREAKS) + "]")

# polib needs white space between a keyword and its string (gettext does not), so we do too.
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr\[(\d+)\]|msgstr)(?=\s|$)\s*(.*)$")
_PREVIOUS_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid)(?=\s|$)\s*(.*)$")
# gettext reads nplurals with strtoul: ASCII digits only (Python's \d would take "٣" for 3).
_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*([0-9]+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$", re.ASCII)
_CHARSET = re.compile(r"charset\s*=\s*([^\s;]+)", re.IGNORECASE)
_ACCEPTED_CHARSETS = ("utf-8", "utf8")

_Fail = Callable[[str, int], CatalogError]
_QUOTED = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"')  # unrolled: no backtracking group per character
_ESCAPE = re.compile(r"\\(.)")


@dataclass(slots=True)
class _ScannedEntry:
    """What the scanner read of one entry, and the polib entry its comments went into."""

    line: int  # the msgid line
    obsolete: bool
    po: polib.POEntry
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str | None = None
    plural_forms: list[str] = field(default_factory=list)
    misread: bool = False  # polib's own parser would read this entry otherwise (msgstr[01])

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def refused_character(text: str) -> str | None:
    """The name of the first character of ``text`` that a catalog cannot hold (the reader refuses a
    file with it: polib would cut the line there), or None when ``text`` can go into a catalog."""
    if "\x00" in text:
        return "U+0000 NUL"
    for char, name in _HIDDEN_BREAKS.items():
        if char in text:
            return name
    return None


def newlines_agree(msgid: str, msgstr: str) -> bool:
    """Whether ``msgstr`` begins and ends with a newline exactly where ``msgid`` does, as ``msgfmt -c``
    requires of every translated entry that is not fuzzy (an empty ``msgstr`` always agrees)."""
    return not msgstr or _newline_problem(msgid, None, [msgstr]) is None


def read_catalog(path: Path | str, *, max_bytes: int = MAX_CATALOG_BYTES) -> polib.POFile:
    """Read the PO or POT file at ``path`` (a ``Path`` or ``str``) with ``read_po``, refusing one over
    ``max_bytes`` and anything that is not a regular file (a link, a FIFO, a device) before reading it."""
    path = as_path(path)
    data = read_regular(path, max_bytes, what="catalog", error=CatalogError, oversize=too_large)
    return read_po(data, path, max_bytes=max_bytes)


def write_po(catalog: polib.POFile) -> bytes:
    """The bytes of ``catalog`` as a PO or POT file: UTF-8, newline-terminated, exactly as it is written.

    This is the only writer: templates, catalogs and the "did anything change?" comparison all use it,
    so a file is compared in the very bytes it would be written in. It writes what GNU gettext's
    ``msgcat`` writes for the same catalog (its order of comment lines, its 79-column line breaking with
    the space left at the end of a line), so a file saved by msgcat, msgmerge or Poedit and then run
    again changes only in the entries the run changed. Two things it keeps that msgcat would not:

    - flags gettext does not know (the ``ignore-<check>`` acknowledgements) and ``fuzzy`` on an empty
      msgstr stay, since they are the reviewer's;
    - obsolete entries with an empty msgstr stay (msgcat drops them).

    Translator comments (``# ``) and notes (``#.``) are written line by line, never wrapped, as gettext
    writes them; an obsolete entry keeps its notes, as ``msgcat`` keeps them.
    """
    blocks = [_header_lines(catalog)]
    blocks += [_entry_lines(entry) for entry in catalog if not entry.obsolete]
    blocks += [_entry_lines(entry) for entry in catalog if entry.obsolete]
    return ("\n\n".join("\n".join(lines) for lines in blocks) + "\n").encode("utf-8")


def _header_lines(catalog: polib.POFile) -> list[str]:
    lines = [f"# {line}" if line else "#" for line in catalog.header.split("\n")] if catalog.header else []
    if catalog.metadata_is_fuzzy:
        lines.append("#, fuzzy")
    fields = "".join(f"{name}: {value}\n" for name, value in catalog.ordered_metadata())
    return [*lines, *_string_lines("", "msgid", ""), *_string_lines("", "msgstr", fields)]


def _entry_lines(entry: polib.POEntry) -> list[str]:
    """One entry in gettext's order: ``#``, ``#.``, ``#:``, ``#,``, ``#|``, then the strings."""
    lines: list[str] = []
    if entry.tcomment:
        lines += [f"# {line}" if line else "#" for line in entry.tcomment.split("\n")]
    if entry.comment:
        lines += [f"#. {line}" if line else "#." for line in entry.comment.split("\n")]
    if entry.occurrences and not entry.obsolete:
        lines += _reference_lines(entry.occurrences)
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    previous_prefix = "#~| " if entry.obsolete else "#| "
    for name in ("msgctxt", "msgid", "msgid_plural"):
        value = getattr(entry, f"previous_{name}")
        if value is not None:
            lines += _string_lines(previous_prefix, name, value)
    prefix = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        lines += _string_lines(prefix, "msgctxt", entry.msgctxt)
    lines += _string_lines(prefix, "msgid", entry.msgid)
    if entry.msgid_plural:
        lines += _string_lines(prefix, "msgid_plural", entry.msgid_plural)
    if entry.msgstr_plural:
        for index in sorted(entry.msgstr_plural):
            lines += _string_lines(prefix, f"msgstr[{index}]", entry.msgstr_plural[index])
    else:
        lines += _string_lines(prefix, "msgstr", entry.msgstr)
    return lines


def _reference_lines(occurrences: list[tuple[str, str]]) -> list[str]:
    """``#:`` lines as gettext fills them: a reference moves to a new line past the page width."""
    lines: list[str] = []
    line, column = "#:", 2
    for path, number in occurrences:
        reference = f"{path}:{number}" if number else path
        if column > 2 and column + len(reference) + 1 > PAGE_WIDTH:
            lines.append(line)
            line, column = "#:", 2
        line += " " + reference
        column += len(reference) + 1
    return [*lines, line]


_ESCAPED = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v", "\\": "\\", '"': '"'}
_ESCAPE_TABLE = str.maketrans({char: "\\" + letter for char, letter in _ESCAPED.items()})
_ESCAPE_PAIR = re.compile(r"\\.")
_SEGMENT = re.compile(r"[^\n]*\n|[^\n]+")


@lru_cache(maxsize=1 << 14)
def _string_lines(prefix: str, name: str, value: str) -> tuple[str, ...]:
    """``name "value"`` broken into lines as gettext's write-po.c ``wrap`` breaks it: a new line after
    every ``\\n``; a string that needs more than one line starts with an empty ``""``; each line at
    most ``PAGE_WIDTH`` columns, broken at UAX #14 break opportunities, the space staying at the end.

    gettext also keeps a format directive of a ``c-format``/``python-format`` entry on one line; a
    well-formed directive (``%d``, ``%(name)s``, ``{count}``) has no break opportunity inside anyway, so
    only a malformed one could be broken differently.

    A catalog is rendered several times in a run (to compare, to check, to write) and a msgid is in
    the template and every language's catalog, so the lines of recent strings are kept.
    """
    lines: list[str] = []
    first = True
    after_break = len(prefix) + 1
    width = PAGE_WIDTH - 1 - after_break
    segments = _SEGMENT.findall(value) or [""]
    for number, segment in enumerate(segments, start=1):
        text = segment.translate(_ESCAPE_TABLE)
        # No break inside an escape sequence, nor just before the final \n.
        prohibited: set[int] = (
            {pair.start() + 1 for pair in _ESCAPE_PAIR.finditer(text)} if "\\" in text else set()
        )
        if segment.endswith("\n"):
            prohibited.add(len(text) - 2)
        breaks = wrap_points(text, width, 0, prohibited)
        if first and text:
            # gettext wraps the first line after `name "`; when that needs a break, it starts over
            # with an empty first line and wraps from column 0. Any text that needs a break from
            # column 0 needs one from further right too, so only a text that fits a line from column
            # 0 is wrapped twice.
            start_column = len(name) + 1
            if (
                number < len(segments)
                or start_column > width
                or breaks
                or wrap_points(text, width, start_column, prohibited)
            ):
                lines.append(f'{prefix}{name} ""')
                first = False
        head = prefix + (f"{name} " if first else "") + '"'
        cut = 0
        for point in breaks:
            lines.append(head + text[cut:point] + '"')
            head, cut = prefix + '"', point
        lines.append(head + text[cut:] + '"')
        first = False
    return tuple(lines)


def check_readable(data: bytes, path: Path) -> None:
    """Refuse (``CatalogError``) to write ``data`` to ``path`` when ``read_po`` would refuse it there, so
    the toolkit never writes a catalog that it, and every later command, would then refuse to read.

    One over ``MAX_CATALOG_BYTES`` is refused before it is parsed, with what to do about its document."""
    if len(data) > MAX_CATALOG_BYTES:
        raise CatalogError(
            f"nothing was written: the catalog of document {path.stem!r} would be {len(data) / 1e6:.1f} MB, "
            f"over the {MAX_CATALOG_BYTES // (1024 * 1024)} MiB limit for a catalog, and no command could "
            "read it back; split the document into several files, or drop old obsolete (#~) entries "
            "from this catalog with `msgattrib --no-obsolete`",
            path=path,
        )
    digest = hashlib.blake2b(data, digest_size=16).digest()
    if _READABLE.get(path) == digest:
        return  # these very bytes passed for this very path (a run checks a catalog before and at saving)
    try:
        read_po(data, path)
    except CatalogError as exc:
        where = f" (line {exc.line} of it)" if exc.line else ""
        raise CatalogError(
            f"nothing was written: what would be written here{where} would be refused when read back "
            f"({exc.detail})",
            path=path,
        ) from None
    _READABLE[path] = digest


# The digest of the bytes that last passed check_readable, per path: read_po depends on nothing but
# the bytes and the path, so the same pair passes again without a parse. One small entry per catalog.
_READABLE: dict[Path, bytes] = {}


def too_large(size: int, max_bytes: int) -> str:
    """The message for a catalog over the size limit."""
    return (
        f"is {size} bytes, larger than the {max_bytes}-byte limit for a catalog; split the document, or "
        "drop old obsolete (#~) entries with `msgattrib --no-obsolete`"
    )


def read_po(data: bytes, path: Path, *, max_bytes: int = MAX_CATALOG_BYTES) -> polib.POFile:
    """Parse catalog ``data`` read from ``path`` strictly: anything gettext's ``msgfmt -c`` rejects, and
    anything polib would misread, is a ``CatalogError`` at file:line (the path names errors and tells
    PO from POT)."""
    if len(data) > max_bytes:
        raise CatalogError(too_large(len(data), max_bytes), path=path)
    text = _decode(data, path)
    catalog, entries, lines = _scan(text, path)
    _cross_check(entries, path)
    rule = _check_header(catalog, entries, lines, path)
    _check_entries(catalog, entries, path, rule)
    return catalog


def _decode(data: bytes, path: Path) -> str:
    if data.startswith(BOM):
        # gettext's own tools reject a BOM, so a file with one breaks every other tool of the desk.
        raise CatalogError(
            "starts with a UTF-8 byte-order mark, which gettext tools reject; re-save it as UTF-8 "
            "without BOM (Poedit does so by default)",
            path=path,
            line=1,
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise CatalogError(
            "contains a NUL byte; the file is damaged or binary, restore it from version control",
            path=path,
            line=data[:nul].count(b"\n") + 1,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError(
            f"is not valid UTF-8 (byte 0x{data[exc.start]:02x}); convert it with `msgconv --to-code=UTF-8`",
            path=path,
            line=data[: exc.start].count(b"\n") + 1,
        ) from None


def _scan(text: str, path: Path) -> tuple[polib.POFile, list[_ScannedEntry], list[str]]:
    """Validate the syntax line by line and build the catalog in the same pass; return it, the entries
    seen (the header first) and the lines as read (stripped).

    The catalog is what ``polib.pofile`` makes of the text (the same entries, comments, flags,
    occurrences, previous fields, line numbers and header), built here without a second parse: polib
    attaches a comment to the entry after it, and the lines up to the header's first non-``#`` comment
    to the file's header. One difference is deliberate: polib skips ``#~|`` lines (the previous msgid
    of an obsolete entry), which are read here as the entry's previous fields, so the writer gives them
    back and the reviewer's line survives. What polib's parser would refuse (``#.note``, ``#~msgid``)
    is refused here too, and an entry it would misread (``msgstr[01]``) too.
    """
    raw_lines = text.split("\n")
    if raw_lines and raw_lines[-1] == "":
        raw_lines.pop()
    out: list[str] = []
    entries: list[_ScannedEntry] = []
    current: _ScannedEntry | None = None
    # state: "idle" (between entries), "ctxt", "id", "plural", "str", "strN"
    state = "idle"
    field_name = ""  # the field a continuation line extends
    previous: _Previous | None = None  # the `#|` lines read since the last entry
    pending_comment = 0  # line of a comment not yet followed by an entry
    pending: polib.POEntry | None = None  # the polib entry the comments since the last entry went into
    header: list[str] = []  # the file's header comment (polib's POFile.header)
    in_header = True  # only `#` comments read so far: they are the file's header
    unreadable = 0  # first line polib's parser would refuse

    def fail(message: str, number: int) -> CatalogError:
        return CatalogError(message, path=path, line=number)

    # Most files have no carriage return and no hidden break: look at each line only when they do.
    odd_characters = _ODD_CHARACTER.search(text) is not None
    for number, raw in enumerate(raw_lines, start=1):
        line = raw
        if odd_characters:
            line = raw[:-1] if raw.endswith("\r") else raw  # CRLF files read like LF files
            if "\r" in line:
                raise fail(
                    "has a carriage return inside a line; save the file with Unix or DOS line endings",
                    number,
                )
            for char, name in _HIDDEN_BREAKS.items():
                if char in line:
                    raise fail(f"contains {name}, which polib reads as a line break; remove it", number)
        stripped = line.strip()
        if not stripped:
            out.append("")
            continue
        obsolete = False
        body = stripped
        if stripped[0] == "#":  # most lines are strings and keywords: one test skips the comments
            if stripped.startswith(("#~|", "#|")):
                of_obsolete = stripped.startswith("#~|")
                body = stripped[3 if of_obsolete else 2 :].strip()
                if state in ("ctxt", "id", "plural"):
                    raise fail(_missing_msgstr(current), number)
                if not of_obsolete and not stripped[2:3].isspace() and not unreadable:
                    unreadable = number  # polib wants white space after `#|`
                if pending is None:
                    pending = polib.POEntry(linenum=number)
                in_header = False
                previous = _previous_line(body, number, fail, previous, of_obsolete, pending)
                pending_comment = number
                state = "idle"
                out.append("#| " + body if of_obsolete else stripped)
                continue
            if stripped.startswith("#~"):
                obsolete = True
                body = stripped[2:].strip()
                if not body:
                    raise fail("has an empty '#~' line; delete it or complete the obsolete entry", number)
                if not stripped[2].isspace() and not unreadable:
                    unreadable = number  # polib wants white space after `#~`
            else:
                kind = stripped[:2]
                if not (stripped == "#" or kind in ("# ", "#\t", "#.", "#:", "#,", "##")):
                    raise fail(
                        f"unknown comment {stripped[:3]!r}; start translator comments with '# '", number
                    )
                if state in ("ctxt", "id", "plural"):
                    raise fail(_missing_msgstr(current), number)
                if previous is not None:
                    raise fail(
                        "a comment after the '#|' lines (the previous msgid); gettext wants them last, right "
                        "before the msgctxt or msgid: move this comment above them",
                        number,
                    )
                state = "idle" if state in ("str", "strN") else state
                pending_comment = number
                out.append(stripped)
                if kind in ("#.", "#:", "#,"):
                    if len(stripped) == 2:
                        continue  # polib skips an empty `#.`, `#:` or `#,` line
                    if not stripped[2].isspace():
                        unreadable = unreadable or number  # polib wants white space after the mark
                        continue
                if in_header and kind != "#." and kind != "#:" and kind != "#,":
                    header.append(stripped[2:])
                    continue
                in_header = False
                if pending is None:
                    pending = polib.POEntry(linenum=number)
                _comment(pending, kind, stripped)
                continue
        if body.startswith('"'):
            if state == "idle":
                raise fail("string outside an entry; it must follow msgid, msgstr or msgctxt", number)
            assert current is not None
            if current.obsolete != obsolete:
                raise fail("mixes obsolete ('#~') and active lines in one entry", number)
            _append(current, field_name, _string(body, number, fail))
            out.append(stripped)
            continue
        match = _KEYWORD.match(body)
        if match is None:
            raise fail(f"unexpected text {body[:20]!r}; expected msgid, msgstr, msgctxt or a comment", number)
        keyword, index, rest = match.groups()
        value = _string(rest, number, fail)
        if keyword in ("msgctxt", "msgid"):
            if state in ("ctxt", "id", "plural"):
                if keyword == "msgid" and state == "ctxt":
                    assert current is not None
                    if current.obsolete != obsolete:
                        raise fail("mixes obsolete ('#~') and active lines in one entry", number)
                    current.msgid = value
                    current.line = number
                    state, field_name = "id", "msgid"
                    out.append(stripped)
                    continue
                raise fail(_missing_msgstr(current), number)
            if previous is not None:
                _close_previous(previous, obsolete, fail)
                previous = None
            in_header = False
            current = _ScannedEntry(
                line=number, obsolete=obsolete, po=pending or polib.POEntry(linenum=number)
            )
            pending = None
            entries.append(current)
            pending_comment = 0
            if keyword == "msgctxt":
                current.msgctxt = value
                state, field_name = "ctxt", "msgctxt"
            else:
                current.msgid = value
                state, field_name = "id", "msgid"
            out.append(stripped)
            continue
        if current is None or state == "idle" or current.obsolete != obsolete:
            if current is not None and state != "idle" and current.obsolete != obsolete:
                raise fail("mixes obsolete ('#~') and active lines in one entry", number)
            raise fail(f"{keyword} without a msgid before it", number)
        if keyword == "msgid_plural":
            if state != "id":
                raise fail("msgid_plural must follow the msgid", number)
            current.msgid_plural = value
            state, field_name = "plural", "msgid_plural"
        elif keyword == "msgstr":
            if state == "plural":
                raise fail("an entry with msgid_plural needs msgstr[0], msgstr[1]…, not msgstr", number)
            if state != "id":
                raise fail("a second msgstr in one entry", number)
            current.msgstr = value
            state, field_name = "str", "msgstr"
        else:
            position = int(index)
            if state == "id":
                raise fail(f"msgstr[{position}] without msgid_plural; use msgstr or add msgid_plural", number)
            expected = len(current.plural_forms)
            if state not in ("plural", "strN") or position != expected:
                raise fail(f"expected msgstr[{expected}], found msgstr[{position}]", number)
            if position > 9:
                raise fail("more than ten plural forms", number)
            if int(index[0]) != position:
                current.misread = True  # polib reads the index's first digit only
            current.plural_forms.append(value)
            state, field_name = "strN", "msgstr[]"
        out.append(stripped)
    if state in ("ctxt", "id", "plural"):
        raise fail(_missing_msgstr(current), len(raw_lines))
    if pending_comment:
        raise fail(
            "comment after the last entry belongs to no message and would be lost; move it above an entry",
            pending_comment,
        )
    if unreadable:
        raise fail("malformed catalog: polib cannot read it; open and save it in a PO editor", unreadable)
    return _catalog(text, header, entries), entries, out


def _comment(entry: polib.POEntry, kind: str, stripped: str) -> None:
    """Add one comment line to ``entry`` as polib's parser does (its quirks included)."""
    if kind == "#.":
        entry.comment = f"{entry.comment}\n{stripped[3:]}" if entry.comment else stripped[3:]
    elif kind == "#:":
        for occurrence in stripped[3:].split():
            try:
                where, number = occurrence.rsplit(":", 1)
                if not number.isdigit():
                    where, number = occurrence, ""
            except ValueError:
                where, number = occurrence, ""
            entry.occurrences.append((where, number))
    elif kind == "#,":
        entry.flags += [flag.strip() for flag in stripped[3:].split(",")]
    else:
        comment = stripped.lstrip("#")
        if comment.startswith(" "):
            comment = comment[1:]
        entry.tcomment = f"{entry.tcomment}\n{comment}" if entry.tcomment else comment


def _catalog(text: str, header: list[str], entries: list[_ScannedEntry]) -> polib.POFile:
    """The polib catalog of the scanned entries: the header entry becomes the metadata."""
    catalog = polib.POFile(encoding=polib.detect_encoding(text), check_for_duplicates=False)
    catalog.wrapwidth = WRAP_WIDTH
    for line in header:  # as polib joins them: an empty line first is lost
        catalog.header = f"{catalog.header}\n{line}" if catalog.header else line
    for scanned in entries:
        entry = scanned.po
        entry.msgctxt = scanned.msgctxt
        entry.msgid = scanned.msgid
        if scanned.msgid_plural is not None:
            entry.msgid_plural = scanned.msgid_plural
        if scanned.msgstr is not None:
            entry.msgstr = scanned.msgstr
        if scanned.plural_forms:
            entry.msgstr_plural = dict(enumerate(scanned.plural_forms))
        entry.obsolete = 1 if scanned.obsolete else 0
    body = iter(entries)
    first = next(body, None)
    if first is None or first.key != (None, "") or first.obsolete:
        return catalog  # refused by _cross_check
    catalog.metadata_is_fuzzy = first.po.flags
    key = None
    for row in first.po.msgstr.splitlines():
        try:
            key, value = row.split(":", 1)
            catalog.metadata[key] = value.strip()
        except ValueError:
            if key is not None:
                catalog.metadata[key] += "\n" + row.strip()
    catalog.extend(scanned.po for scanned in body)
    return catalog


def _missing_msgstr(entry: _ScannedEntry | None) -> str:
    where = f" for the msgid on line {entry.line}" if entry is not None else ""
    return f'missing msgstr{where}; every msgid needs a msgstr (empty "" when untranslated)'


@dataclass(slots=True)
class _Previous:
    """The ``#|`` lines before an entry: where they start, whether ``#~|``, and the last keyword."""

    line: int
    obsolete: bool
    keyword: str


# Which keyword may follow which in a `#|` block, as gettext's grammar has it.
_PREVIOUS_ORDER = {None: ("msgctxt", "msgid"), "msgctxt": ("msgid",), "msgid": ("msgid_plural",)}


def _previous_line(
    body: str, number: int, fail: _Fail, previous: _Previous | None, obsolete: bool, entry: polib.POEntry
) -> _Previous:
    """Validate one ``#|``/``#~|`` line (previous msgctxt, msgid, msgid_plural, in that order, each once)
    and add its string to ``entry``'s previous field."""
    if previous is not None and previous.obsolete != obsolete:
        raise fail("mixes '#|' and '#~|' lines; an obsolete entry's previous msgid is all '#~|'", number)
    if body.startswith('"'):
        if previous is None:
            raise fail("'#|' continuation without a previous msgid before it", number)
        name = f"previous_{previous.keyword}"
        setattr(entry, name, getattr(entry, name) + _string(body, number, fail))
        return previous
    match = _PREVIOUS_KEYWORD.match(body)
    if match is None:
        raise fail("'#|' lines hold only msgctxt, msgid or msgid_plural", number)
    keyword = match.group(1)
    value = _string(match.group(2), number, fail)
    allowed = _PREVIOUS_ORDER.get(None if previous is None else previous.keyword, ())
    if keyword not in allowed:
        raise fail(
            f"'#| {keyword}' out of place; the previous fields go '#| msgctxt' (optional), '#| msgid', "
            "'#| msgid_plural' (optional), once each",
            number,
        )
    setattr(entry, f"previous_{keyword}", value)
    if previous is None:
        return _Previous(number, obsolete, keyword)
    previous.keyword = keyword
    return previous


def _close_previous(previous: _Previous, obsolete: bool, fail: _Fail) -> None:
    """The entry after a ``#|`` block starts: the block must be complete and match the entry."""
    if previous.keyword == "msgctxt":
        raise fail(
            "'#| msgctxt' (the previous msgctxt) without '#| msgid' after it; add the previous msgid or "
            "delete the line",
            previous.line,
        )
    if previous.obsolete != obsolete:
        raise fail(
            "inconsistent use of '#~': the previous msgid of an obsolete entry is written '#~|', of an "
            "active one '#|'",
            previous.line,
        )


def _string(text: str, number: int, fail: _Fail) -> str:
    """Decode one quoted PO string that must fill the rest of the line."""
    match = _QUOTED.fullmatch(text)  # a string and nothing after it: the usual line, in one test
    if match is not None:
        return _unescape(match.group(1), number, fail)
    if not text.startswith('"'):
        raise fail("expected a quoted string", number)
    match = _QUOTED.match(text)
    if match is None:
        raise fail("unterminated string (no closing quote on this line)", number)
    if text[match.end() :].strip():
        raise fail('text after the closing quote; escape inner quotes as \\"', number)
    return _unescape(match.group(1), number, fail)


def _unescape(body: str, number: int, fail: _Fail) -> str:
    """A quoted string's text with its escapes read (an escape gettext does not know is refused)."""
    if "\\" not in body:
        return body
    for escape in _ESCAPE.finditer(body):
        if escape.group(1) not in _ESCAPES:
            raise fail(
                f"unsupported escape '\\{escape.group(1)}' in a string; use \\n, \\t, \\\" or \\\\ "
                "(or write the character itself)",
                number,
            )
    return _ESCAPE.sub(lambda found: _ESCAPES[found.group(1)], body)


def _append(entry: _ScannedEntry, field_name: str, value: str) -> None:
    if field_name == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + value
    elif field_name == "msgid":
        entry.msgid += value
    elif field_name == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + value
    elif field_name == "msgstr":
        entry.msgstr = (entry.msgstr or "") + value
    else:
        entry.plural_forms[-1] += value


def _cross_check(scanned: list[_ScannedEntry], path: Path) -> None:
    """The header entry comes first, no other entry has an empty msgid, and polib's own parser would
    read every entry as the scanner did."""
    if not scanned or scanned[0].key != (None, "") or scanned[0].obsolete:
        raise CatalogError(
            'has no header entry (msgid "" with the Content-Type and Plural-Forms headers) first; '
            "open and save it in a PO editor",
            path=path,
            line=scanned[0].line if scanned else 1,
        )
    body = scanned[1:]
    for entry in body:
        if entry.msgid == "":
            raise CatalogError(
                'has an empty msgid outside the header; msgid "" is reserved for the header',
                path=path,
                line=entry.line,
            )
    for entry in body:
        if entry.misread:
            raise CatalogError(
                "entry could not be read unambiguously; open and save the file in a PO editor",
                path=path,
                line=entry.line,
            )


def _header_line(lines: list[str], name: str, default: int) -> int:
    """The line of header field ``name`` (where a reviewer must look), else the header's msgid line."""
    for number, line in enumerate(lines, start=1):
        if line.startswith(f'"{name}:'):
            return number
        if number > default + 1 and not line.startswith('"'):
            break
    return default


def _check_header(
    catalog: polib.POFile, scanned: list[_ScannedEntry], lines: list[str], path: Path
) -> PluralRule | None:
    """Check the header as gettext would; return the catalog's plural rule (None: it has none)."""
    header_line = _header_line(lines, "Content-Type", scanned[0].line)
    is_template = path.suffix == ".pot"
    content_type = catalog.metadata.get("Content-Type", "")
    match = _CHARSET.search(content_type)
    if match is None:
        raise CatalogError(
            'header has no "Content-Type: text/plain; charset=UTF-8"; add it so tools know the encoding',
            path=path,
            line=header_line,
        )
    charset = match.group(1).lower()
    if charset not in _ACCEPTED_CHARSETS and not (is_template and charset == "charset"):
        raise CatalogError(
            f"declares charset {match.group(1)!r}, but catalogs here are UTF-8; convert it with "
            "`msgconv --to-code=UTF-8` and set charset=UTF-8",
            path=path,
            line=header_line,
        )
    language = _language(catalog.metadata.get("Language", ""))
    declared = catalog.metadata.get("Language", "").strip()
    folder = _folder_language(path)
    if folder is not None and declared and language is not folder and not is_template:
        # A catalog of another language dropped into this folder would be checked and published as
        # this language's text.
        raise CatalogError(
            f"Language header says {declared!r}, but the file is in the {folder.english_name} folder "
            f"(locales/{folder.value}/); move it to the folder of its language, or set "
            f'"Language: {folder.value}" if it really is {folder.english_name}',
            path=path,
            line=_header_line(lines, "Language", scanned[0].line),
        )
    header_line = _header_line(lines, "Plural-Forms", scanned[0].line)
    plural_header = catalog.metadata.get("Plural-Forms")
    has_plurals = any(entry.msgid_plural and not entry.obsolete for entry in scanned[1:])
    if plural_header is None:
        if has_plurals and not is_template:
            raise CatalogError(
                "has plural entries but no Plural-Forms header; add "
                f'"Plural-Forms: {(language or Language.ru).plural_forms}"',
                path=path,
                line=header_line,
            )
        return None
    nplurals, rule = _parse_plural_forms(plural_header, path, header_line)
    if language is not None and nplurals != language.num_plurals and not is_template:
        raise CatalogError(
            f"Plural-Forms says nplurals={nplurals}, but {language.english_name} has "
            f'{language.num_plurals}; use "Plural-Forms: {language.plural_forms}"',
            path=path,
            line=header_line,
        )
    if is_template:
        return rule
    for entry in scanned[1:]:
        if entry.msgid_plural and not entry.obsolete and len(entry.plural_forms) != nplurals:
            raise CatalogError(
                f"has {len(entry.plural_forms)} plural forms, but Plural-Forms says nplurals={nplurals}",
                path=path,
                line=entry.line,
            )
    return rule


def _folder_language(path: Path) -> Language | None:
    """The language a catalog's place says it is in: ``<lang>/LC_MESSAGES/<doc>.po``, else None."""
    if path.parent.name != "LC_MESSAGES":
        return None
    try:
        return Language(path.parent.parent.name)
    except ValueError:
        return None


def _language(code: str) -> Language | None:
    return Language.lookup(code)


def _parse_plural_forms(value: str, path: Path, line: int) -> tuple[int, PluralRule]:
    """Validate a Plural-Forms value as ``msgfmt -c`` does; return nplurals and the rule."""
    match = _PLURAL_FORMS.match(value)
    if match is None:
        odd = next((char for char in value if not char.isascii()), None)
        hint = f" (it holds {odd!r}, U+{ord(odd):04X}: gettext reads ASCII only)" if odd else ""
        raise CatalogError(
            f"Plural-Forms {value!r} is not 'nplurals=N; plural=EXPRESSION;'{hint}", path=path, line=line
        )
    nplurals = int(match.group(1))
    if not 1 <= nplurals <= 6:
        raise CatalogError(f"Plural-Forms has nplurals={nplurals}; use 1 to 6", path=path, line=line)
    expression = match.group(2)
    try:
        rule = plural_rule(expression)
    except PluralError as exc:
        raise CatalogError(
            f"Plural-Forms expression {expression!r} is not a valid C expression of n ({exc}); msgfmt "
            "evaluates it for n = 0 to 1000",
            path=path,
            line=line,
        ) from None
    if max(rule.forms) >= nplurals:
        n = rule.forms.index(max(rule.forms))
        raise CatalogError(
            f"Plural-Forms expression can give {max(rule.forms)} (for n = {n}), but nplurals={nplurals}",
            path=path,
            line=line,
        )
    return nplurals, rule


def _check_entries(
    catalog: polib.POFile, scanned: list[_ScannedEntry], path: Path, rule: PluralRule | None
) -> None:
    """Duplicates (obsolete ones too), and what msgfmt -c checks of every translated entry that is not
    fuzzy: the newline rule and the format directives of entries flagged c-format, python-format or
    python-brace-format."""
    seen: dict[tuple[str | None, str], int] = {}
    for entry in scanned[1:]:
        first = seen.get(entry.key)
        if first is not None:
            raise CatalogError(
                f"duplicate entry: the same msgid{' and msgctxt' if entry.msgctxt else ''} as line {first}; "
                "delete one of them",
                path=path,
                line=entry.line,
            )
        seen[entry.key] = entry.line
    for polib_entry, entry in zip(catalog, scanned[1:], strict=True):
        targets = entry.plural_forms if entry.msgid_plural else [entry.msgstr or ""]
        if entry.obsolete or polib_entry.fuzzy or not targets or not targets[0]:
            continue  # msgfmt checks no obsolete, fuzzy or untranslated entry
        problem = _newline_problem(entry.msgid, entry.msgid_plural, targets)
        if problem is None and any(flag.endswith("-format") for flag in polib_entry.flags):
            found = format_problem(
                polib_entry.flags,
                entry.msgid,
                entry.msgid_plural,
                targets,
                rule or plural_rule(_GERMANIC),
                range_=entry_range(polib_entry.flags),
            )
            if found:
                problem = f"{found}; make the translation use the msgid's format directives, or mark it fuzzy"
        if problem:
            raise CatalogError(problem, path=path, line=entry.line)


_GERMANIC = "n != 1"  # the plural rule msgfmt assumes for a catalog without Plural-Forms


def _newline_problem(msgid: str, msgid_plural: str | None, targets: list[str]) -> str | None:
    """msgfmt -c's rule: msgid, msgid_plural and every translation begin, and end, alike with a newline."""
    for edge, test in (("begin", str.startswith), ("end", str.endswith)):
        wanted = test(msgid, "\n")
        if msgid_plural is not None and test(msgid_plural, "\n") != wanted:
            return f"msgid and msgid_plural do not both {edge} with a newline (\\n); make them agree"
        if any(test(target, "\n") != wanted for target in targets):
            return f"msgid and msgstr do not both {edge} with a newline (\\n); make them agree"
    return None
