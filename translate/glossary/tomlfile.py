"""The term-base files, ``glossary/*.toml``: reading them with validation, and writing terms into them."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.items

from translate.diagnostics import Location
from translate.errors import GlossaryError
from translate.fileio import atomic_write_text, decode_utf8, locked
from translate.glossary.style import DEFAULT_STYLE, load_house_style
from translate.glossary.termbase import TERM_ID, Rendering, Status, Term, TermBase, TermKind, check_unique
from translate.languages import ALL_LANGUAGES, Language
from translate.morphology.grammar import FormKey
from translate.morphology.inflection import Inflection
from translate.project import as_path

MAX_TEXT = 200

KIND_FILES: dict[TermKind, str] = {
    TermKind.person: "people.toml",
    TermKind.title: "titles.toml",
    TermKind.organization: "organizations.toml",
    TermKind.place: "places.toml",
    TermKind.thing: "general.toml",
    TermKind.unit: "general.toml",
}

TERM_KEYS = ("en", "variants", "plurals", "kind", "ignore_case", "when", "note", "source")
# A rendering's table holds the inflection settings as keys of their own, named as Inflection's fields.
INFLECTION_KEYS = tuple(setting.name for setting in fields(Inflection))
RENDERING_KEYS = ("text", "status", "variants", "forbidden", *INFLECTION_KEYS, "note", "source")


# --------------------------------------------------------------------------------------------- reading


class _Locator:
    """Finds the line of a table or key in TOML text, so validation errors can say ``file:line``.

    tomllib returns plain values without positions; the term base's shape (one table per term, one
    sub-table per language) is simple enough to locate by scanning header and key lines.
    """

    HEADER = re.compile(r"^\s*\[\s*([^\[\]#]+?)\s*\]\s*(?:#.*)?$")
    KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*(?:\.|=)""")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.sections: dict[tuple[str, ...], int] = {}
        for number, line in enumerate(self.lines, start=1):
            match = self.HEADER.match(line)
            if match:
                self.sections.setdefault(_split_dotted(match.group(1)), number)

    def table(self, path: tuple[str, ...]) -> int:
        """Line of the header of ``path`` (or of its closest located parent)."""
        while path:
            if path in self.sections:
                return self.sections[path]
            path = path[:-1]
        return 1

    def key(self, path: tuple[str, ...], key: str) -> int:
        """Line where ``key`` is set inside table ``path`` (the table's line if not found)."""
        if (*path, key) in self.sections:
            return self.sections[(*path, key)]
        start = self.sections.get(path)
        if start is None:
            return self.table(path)
        for number in range(start + 1, len(self.lines) + 1):
            line = self.lines[number - 1]
            if self.HEADER.match(line):
                break
            match = self.KEY.match(line)
            if match and match.group(1).strip("\"'") == key:
                return number
        return start


def _split_dotted(name: str) -> tuple[str, ...]:
    parts = re.findall(r"""\s*("[^"]*"|'[^']*'|[^.]+)\s*(?:\.|$)""", name)
    return tuple(part.strip().strip("\"'") for part in parts)


class _Reader:
    """Validates one parsed term-base file, turning its tables into terms."""

    def __init__(self, text: str, path: Path) -> None:
        self.path = path
        self.locator = _Locator(text)

    def fail(self, line: int, message: str) -> GlossaryError:
        return GlossaryError(message, path=self.path, line=line)

    def fail_at(self, path: tuple[str, ...], key: str, message: str) -> GlossaryError:
        # The line is looked up only for an error: locating every key of a 60k-term base cost seconds.
        return self.fail(self.locator.key(path, key), message)

    def terms(self, data: Mapping[str, Any]) -> list[Term]:
        terms = []
        for term_id, table in data.items():
            line = self.locator.table((term_id,))
            if not isinstance(table, dict):
                raise self.fail(
                    self.locator.key((), term_id),
                    f"{term_id!r} must be a table of a term ([{term_id}] with en = ...), got {_kind(table)}",
                )
            if not TERM_ID.fullmatch(term_id):
                raise self.fail(
                    line,
                    f"term id {term_id!r} must be lower-case letters, digits and hyphens (halk-maslahaty)",
                )
            terms.append(self.term(term_id, table, line))
        return terms

    def term(self, term_id: str, table: dict[str, Any], line: int) -> Term:
        path = (term_id,)
        languages = {language.value for language in ALL_LANGUAGES}
        for key in table:
            if key not in TERM_KEYS and key not in languages:
                expected = ", ".join((*TERM_KEYS, *sorted(languages)))
                raise self.fail(
                    self.locator.key(path, key),
                    f"term {term_id}: unknown key {key!r}; expected one of {expected}",
                )
        if "en" not in table:
            raise self.fail(line, f'term {term_id}: missing the English form (en = "...")')
        en = self.text(path, table, "en", required=True)
        kind_name = self.text(path, table, "kind") or TermKind.thing.value
        try:
            kind = TermKind(kind_name)
        except ValueError:
            known = ", ".join(kind.value for kind in TermKind)
            raise self.fail(
                self.locator.key(path, "kind"), f"term {term_id}: kind {kind_name!r} is not one of {known}"
            ) from None
        renderings = []
        for language in ALL_LANGUAGES:
            if language.value in table:
                renderings.append(self.rendering(term_id, language, table[language.value]))
        return Term(
            id=term_id,
            en=en,
            kind=kind,
            variants=self.texts(path, table, "variants"),
            plurals=self.texts(path, table, "plurals"),
            ignore_case=self.flag(path, table, "ignore_case"),
            when=self.patterns(path, table, "when"),
            note=self.text(path, table, "note", limit=2000),
            source=self.text(path, table, "source", limit=2000),
            renderings=tuple(renderings),
            location=Location.at(self.path, line),
        )

    def rendering(self, term_id: str, language: Language, table: Any) -> Rendering:
        path = (term_id, language.value)
        line = self.locator.table(path)
        what = f"term {term_id}: {language.value} rendering"
        if not isinstance(table, dict):
            raise self.fail(
                self.locator.key((term_id,), language.value),
                f"{what} must be a table ([{term_id}.{language.value}] with text = ...), got {_kind(table)}",
            )
        for key in table:
            if key not in RENDERING_KEYS:
                raise self.fail(
                    self.locator.key(path, key),
                    f"{what}: unknown key {key!r}; expected one of {', '.join(RENDERING_KEYS)}",
                )
        status_name = self.text(path, table, "status") or Status.approved.value
        try:
            status = Status(status_name)
        except ValueError:
            raise self.fail(
                self.locator.key(path, "status"),
                f"{what}: status {status_name!r} is not one of approved, provisional, missing",
            ) from None
        if status is not Status.missing and "text" not in table:
            raise self.fail(line, f'{what} needs text = "..." (or status = "missing" when none is known)')
        text = self.text(path, table, "text", required=status is not Status.missing)
        if status is Status.missing and text:
            raise self.fail(self.locator.key(path, "text"), f"{what}: status is missing but a text is given")
        variants = self.texts(path, table, "variants")
        forbidden = self.texts(path, table, "forbidden")
        for key, values in (("text", (text,)), ("variants", variants), ("forbidden", forbidden)):
            for value in values:
                if value and not _script_matches(value, language):
                    script = "Latin" if language.script == "Latn" else "Cyrillic"
                    raise self.fail(
                        self.locator.key(path, key),
                        f"{what}: {value!r} is not written in {script} letters",
                    )
        fixed = self.texts(path, table, "fixed")
        words = set(re.split(r"[\s-]+", text))
        for word in fixed:
            if word not in words:
                raise self.fail(
                    self.locator.key(path, "fixed"), f"{what}: fixed word {word!r} does not occur in {text!r}"
                )
        approved = {value.casefold() for value in (text, *variants)}
        for value in forbidden:
            if value.casefold() in approved:
                raise self.fail(
                    self.locator.key(path, "forbidden"),
                    f"{what}: {value!r} is both allowed and forbidden; remove it from one list",
                )
        forms = self.forms(path, table, language, what)
        inflection = Inflection(
            fixed=fixed,
            indeclinable=self.flag(path, table, "indeclinable"),
            possessive=self.flag(path, table, "possessive"),
            honorific=self.flag(path, table, "honorific"),
            stem=self.text(path, table, "stem"),
            forms=forms,
            adjectives=self.texts(path, table, "adjectives"),
        )
        return Rendering(
            language=language,
            text=text,
            status=status,
            variants=variants,
            forbidden=forbidden,
            inflection=inflection,
            note=self.text(path, table, "note", limit=2000),
            source=self.text(path, table, "source", limit=2000),
            location=Location.at(self.path, line),
        )

    def forms(
        self, path: tuple[str, ...], table: dict[str, Any], language: Language, what: str
    ) -> tuple[tuple[str, str], ...]:
        value = table.get("forms", {})
        if not isinstance(value, dict):
            raise self.fail_at(
                path, "forms", f'{what}: forms must be a table such as {{ gen = "..." }}, got {_kind(value)}'
            )
        forms = []
        for key, text in value.items():
            try:
                FormKey.parse(key, language)
            except ValueError as exc:
                raise self.fail_at(path, "forms", f"{what}: forms: {exc}") from None
            if not isinstance(text, str) or not _clean_text(text):
                raise self.fail_at(
                    path, "forms", f"{what}: forms.{key} must be non-empty text without line breaks"
                )
            forms.append((key, text))
        return tuple(forms)

    def text(
        self,
        path: tuple[str, ...],
        table: dict[str, Any],
        key: str,
        *,
        required: bool = False,
        limit: int = MAX_TEXT,
    ) -> str:
        if key not in table:
            return ""
        value = table[key]
        label = f"term {'.'.join(path)}: {key}" if len(path) == 1 else f"term {path[0]}: {path[1]} {key}"
        if not isinstance(value, str):
            raise self.fail_at(path, key, f"{label} must be text, got {_kind(value)}")
        if required and not value.strip():
            raise self.fail_at(path, key, f"{label} must not be empty")
        if value and len(value) > limit:
            raise self.fail_at(path, key, f"{label} is longer than {limit} characters")
        if value and limit == MAX_TEXT and not _clean_text(value):
            raise self.fail_at(
                path,
                key,
                f"{label} must not start or end with spaces or hold line breaks or control characters",
            )
        # Longer texts (notes, sources) may have spaces at their ends but no control characters either:
        # a NUL or an escape in a note was exported to TBX, which XML, and so the import, refuses.
        char = _control_character(value)
        if char is not None:
            raise self.fail_at(
                path,
                key,
                f"{label} holds the control character U+{ord(char):04X}; "
                "remove it (notes and sources are single-line text too)",
            )
        return value

    def texts(self, path: tuple[str, ...], table: dict[str, Any], key: str) -> tuple[str, ...]:
        if key not in table:
            return ()
        value = table[key]
        label = f"term {'.'.join(path)}: {key}" if len(path) == 1 else f"term {path[0]}: {path[1]} {key}"
        if not isinstance(value, list):
            raise self.fail_at(path, key, f"{label} must be a list of texts, got {_kind(value)}")
        seen: list[str] = []
        for item in value:
            if not isinstance(item, str) or not _clean_text(item) or len(item) > MAX_TEXT:
                raise self.fail_at(path, key, f"{label} must hold non-empty single-line texts, got {item!r}")
            if item in seen:
                raise self.fail_at(path, key, f"{label} lists {item!r} twice")
            seen.append(item)
        return tuple(seen)

    def patterns(self, path: tuple[str, ...], table: dict[str, Any], key: str) -> tuple[str, ...]:
        rules = self.texts(path, table, key)
        for rule in rules:
            try:
                re.compile(rule)
            except re.error as exc:
                raise self.fail(
                    self.locator.key(path, key),
                    f"term {path[0]}: {key} pattern {rule!r} is not a valid regular expression ({exc})",
                ) from None
        return rules

    def flag(self, path: tuple[str, ...], table: dict[str, Any], key: str) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            line = self.locator.key(path, key)
            raise self.fail(line, f"term {'.'.join(path)}: {key} must be true or false, got {_kind(value)}")
        return value


def _kind(value: object) -> str:
    names = {
        str: "text",
        int: "a number",
        float: "a number",
        bool: "true/false",
        list: "a list",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)


def _clean_text(value: str) -> bool:
    if not value or value != value.strip():
        return False
    return _control_character(value) is None


# Every C0 and C1 control (categories Cc: tab and line breaks included), the line and paragraph
# separators (Zl, Zp), surrogates (Cs) and the two noncharacters XML 1.0 forbids. One character class
# rather than a unicodedata lookup per character: it runs on every text of the term base.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _control_character(value: str) -> str | None:
    """The first character of ``value`` that no term-base text may hold (what TBX cannot carry), or None."""
    match = _CONTROL.search(value)
    return match.group() if match else None


def _script_matches(value: str, language: Language) -> bool:
    letters = [char for char in value if char.isalpha()]
    if not letters:
        return True
    cyrillic = sum(1 for char in letters if "CYRILLIC" in unicodedata.name(char, ""))
    if language.script == "Cyrl":
        return cyrillic * 2 >= len(letters)
    return cyrillic == 0


def parse_terms(text: str, path: Path) -> list[Term]:
    """Parse and validate one term-base file's text; ``path`` only names it in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(match.group(1)) if match else None
        reason = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)", "", str(exc))
        raise GlossaryError(f"not valid TOML: {reason}", path=path, line=line) from None
    except RecursionError:
        raise GlossaryError("not valid TOML: nested too deeply", path=path) from None
    return _Reader(text, path).terms(data)


def term_files(path: Path) -> list[Path]:
    """The term-base files under ``path`` (a folder of ``*.toml``) or ``[path]`` for a single file."""
    if path.is_dir():
        return sorted(
            child for child in path.glob("*.toml") if child.is_file() and not child.name.startswith(".")
        )
    return [path]


def load_termbase(path: Path | str) -> TermBase:
    """Read and validate the term base in ``path`` (the ``glossary/`` folder or one TOML file; a
    ``Path`` or ``str``).

    A folder's house style comes from the ``[glossary]`` table of ``translate.toml`` beside it (the
    project root); a single file gets the default style.
    """
    path = as_path(path)
    if not path.exists():
        raise GlossaryError("no term base here; create glossary/*.toml or pass another folder", path=path)
    terms: list[Term] = []
    seen: dict[str, Term] = {}
    files = term_files(path)
    for file in files:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise GlossaryError(f"cannot read the term base ({exc.strerror})", path=file) from None
        text = decode_utf8(data, file, GlossaryError)
        parsed = parse_terms(text, file)
        terms.extend(parsed)
        # Each file's terms against those before them, each term once: O(terms) for the load. TOML
        # itself refuses a table defined twice in one file; a clash is reported before the next file.
        check_unique(parsed, seen)
    style = load_house_style(path.parent) if path.is_dir() else DEFAULT_STYLE
    return TermBase(terms=tuple(terms), files=tuple(files), style=style)


def load_project_termbase(glossary_dir: Path) -> TermBase | None:
    """The term base in a project's ``glossary/`` folder, or None when there is none to load.

    Having no term base is normal (checks and enforcement then skip the glossary); a term base that
    is there but broken raises ``GlossaryError``.
    """
    if not glossary_dir.is_dir() or not term_files(glossary_dir):
        return None
    return load_termbase(glossary_dir)


def load_termbase_text(text: str, name: str = "glossary.toml") -> TermBase:
    """A term base from one file's text (for tests and tools that hold the text already)."""
    terms = parse_terms(text, Path(name))
    check_unique(terms)
    return TermBase(terms=tuple(terms))


# --------------------------------------------------------------------------------------------- writing


def term_table(term: Term) -> tomlkit.items.Table:
    """``term`` as a tomlkit table (language renderings as sub-tables), ready to append to a file."""
    table = tomlkit.table()
    table.add("en", term.en)
    if term.variants:
        table.add("variants", list(term.variants))
    if term.plurals:
        table.add("plurals", list(term.plurals))
    table.add("kind", term.kind.value)
    if term.ignore_case:
        table.add("ignore_case", True)
    if term.when:
        table.add("when", list(term.when))
    if term.note:
        table.add("note", term.note)
    if term.source:
        table.add("source", term.source)
    for rendering in term.renderings:
        sub = tomlkit.table()
        if rendering.text:
            sub.add("text", rendering.text)
        if rendering.status is not Status.approved:
            sub.add("status", rendering.status.value)
        for key in ("variants", "forbidden"):
            values = getattr(rendering, key)
            if values:
                sub.add(key, list(values))
        for key, value in rendering.inflection.hints().items():
            if key == "forms":
                # One line per rendering reads better than a [term.lang.forms] table of its own.
                forms = tomlkit.inline_table()
                forms.update(value)
                value = forms
            sub.add(key, value)
        if rendering.note:
            sub.add("note", rendering.note)
        if rendering.source:
            sub.add("source", rendering.source)
        table.add(rendering.language.value, sub)
    return table


def _term_file_in(glossary_dir: Path, file: Path) -> Path:
    """``file`` when it is a ``*.toml`` directly in the term-base folder (only those are read)."""
    resolved = file.resolve()
    if resolved.parent != glossary_dir.resolve() or resolved.suffix != ".toml" or resolved.name[0] == ".":
        raise GlossaryError(
            f"terms can only go into a *.toml file in {glossary_dir} (other files are never read); "
            "give a file name such as places.toml",
            path=file,
        )
    if resolved.is_dir():
        raise GlossaryError("is a folder; give a term-base file such as places.toml", path=file)
    return resolved


def render_terms(text: str, terms: Sequence[Term], *, replace: bool = False) -> str:
    """Append ``terms`` to a term-base file's text (or update same-id tables in place), keeping its comments.

    A replaced term's table is updated key by key: an unchanged value keeps its line, comment and
    layout, so replacing a term with itself changes nothing in the file.
    """
    document = tomlkit.parse(text)
    for term in terms:
        if term.id in document:
            if not replace:
                raise GlossaryError(f"term {term.id} already exists; edit it or remove it first")
            current = document[term.id]
            if isinstance(current, tomlkit.items.Table):
                _update_table(current, term_table(term))
            else:
                document[term.id] = term_table(term)
        else:
            document.add(tomlkit.nl())
            document.add(term.id, term_table(term))
    return tomlkit.dumps(document)


def _defined_in(term: Term) -> Path | None:
    """The file a loaded term was read from."""
    return Path(term.location.path) if term.location is not None else None


def _update_table(current: tomlkit.items.Table, new: tomlkit.items.Table) -> None:
    """Make ``current`` hold ``new``'s values, touching only the keys whose values differ."""
    for gone in [name for name in current if name not in new]:
        del current[gone]
    for key, value in new.value.body:
        if key is None:
            continue
        name = key.key
        if name not in current:
            current[name] = value
            continue
        old = current.item(name)
        if isinstance(old, tomlkit.items.Table) and isinstance(value, tomlkit.items.Table):
            _update_table(old, value)
        elif old.unwrap() != value.unwrap():
            if isinstance(old, tomlkit.items.Item) and not isinstance(value, tomlkit.items.Table):
                value.trivia.comment = old.trivia.comment  # a comment after the value stays with its key
                value.trivia.comment_ws = old.trivia.comment_ws
            current[name] = value


def write_terms(
    glossary_dir: Path,
    terms: Sequence[Term],
    *,
    file: Path | None = None,
    replace: bool = False,
    skip_existing: bool = False,
) -> list[Path]:
    """Add ``terms`` to the term base in ``glossary_dir`` (atomically, under a lock); return files written.

    Each term goes to ``file`` or to the file of its kind (``people.toml``, ``places.toml``...). An id
    the base has already is refused (every such id is named), replaced with ``replace`` or left as it
    is with ``skip_existing``. The whole base is validated with the new terms before anything is written.
    """
    return write_terms_report(
        glossary_dir, terms, file=file, replace=replace, skip_existing=skip_existing
    ).files


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What ``write_terms_report`` did: the files written and the ids added, replaced and skipped."""

    files: list[Path]
    added: tuple[str, ...]
    replaced: tuple[str, ...]
    skipped: tuple[str, ...]


def write_terms_report(
    glossary_dir: Path,
    terms: Sequence[Term],
    *,
    file: Path | None = None,
    replace: bool = False,
    skip_existing: bool = False,
) -> WriteReport:
    """``write_terms``, telling which ids were added, replaced and skipped."""
    if replace and skip_existing:
        raise GlossaryError("give --replace or --skip-existing, not both")
    base = load_project_termbase(glossary_dir)
    if base is None:
        base = TermBase(terms=())
    if file is not None:
        file = _term_file_in(glossary_dir, file)
    clashes = [(term, existing) for term in terms if (existing := base.find(term.id)) is not None]
    if len(clashes) == 1 and not replace and not skip_existing:
        term, existing = clashes[0]
        raise GlossaryError(
            f"term {term.id} already exists at {existing.location}; pass --replace to overwrite it"
        )
    if clashes and not replace and not skip_existing:
        shown = ", ".join(f"{term.id} ({existing.location})" for term, existing in clashes[:20])
        more = f" and {len(clashes) - 20} more" if len(clashes) > 20 else ""
        raise GlossaryError(
            f"{len(clashes)} terms already exist: {shown}{more}; pass --replace to overwrite them "
            "or --skip-existing to keep them as they are"
        )
    skipped = {term.id for term, _ in clashes} if skip_existing else set()
    by_file: dict[Path, list[Term]] = {}
    for term in terms:
        if term.id in skipped:
            continue
        existing = base.find(term.id)
        if existing is not None and existing.location is not None:
            target = Path(existing.location.path)
        else:
            target = file if file is not None else glossary_dir / KIND_FILES[term.kind]
        by_file.setdefault(target, []).append(term)
    written = []
    with ExitStack() as stack:
        # Every file is locked and checked before any is written: an import lands whole or not at all.
        changes = []
        for target, new_terms in by_file.items():
            stack.enter_context(locked(target))
            old = decode_utf8(target.read_bytes(), target, GlossaryError) if target.exists() else ""
            text = render_terms(old, new_terms, replace=replace)
            try:
                parsed = parse_terms(text, target)  # never write a file the reader would refuse
            except GlossaryError as exc:
                # The file on disk was valid when the base loaded, so the new terms are at fault; the
                # line would point into text that was never written.
                ids = ", ".join(term.id for term in new_terms)
                raise GlossaryError(
                    f"cannot add {ids}: {exc.detail}; nothing was written", path=target
                ) from None
            others = [term for term in base if _defined_in(term) != target]
            check_unique([*others, *parsed])
            changes.append((target, old, text))
        for target, old, text in changes:
            if text != old:
                atomic_write_text(target, text)
            written.append(target)
    replaced = {term.id for term, _ in clashes} - skipped
    return WriteReport(
        files=written,
        added=tuple(term.id for term in terms if term.id not in skipped and term.id not in replaced),
        replaced=tuple(term.id for term in terms if term.id in replaced),
        skipped=tuple(term.id for term in terms if term.id in skipped),
    )
