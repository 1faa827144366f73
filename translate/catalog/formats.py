"""Format directives (``c-format``, ``python-format``, ``python-brace-format``) compared as msgfmt -c does."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from translate.catalog.plurals import PluralRule

FORMATS = ("c", "python", "python-brace")
"""The format languages whose directives are compared: an entry flagged ``<name>-format`` (or
``possible-<name>-format``, as xgettext marks a guess) and not ``no-<name>-format``."""
_PRETTY = {"c": "C", "python": "Python", "python-brace": "Python brace"}


class _Invalid(Exception):
    """The string is not a valid format string of its language (the message says why)."""


@dataclass(frozen=True, slots=True)
class _Spec:
    """What a format string asks of its arguments: their types in order, or by name."""

    unnamed: tuple[str, ...] = ()
    named: tuple[tuple[str, str], ...] = ()  # (name, type), sorted by name
    written: frozenset[str] = frozenset()  # brace fields as gettext 0.21 names them (see _parse_brace)


def format_problem(
    flags: Sequence[str],
    msgid: str,
    msgid_plural: str | None,
    msgstrs: Sequence[str],
    rule: PluralRule | None,
    *,
    range_: tuple[int, int] | None = None,
) -> str | None:
    """Why ``msgfmt -c`` rejects the translations ``msgstrs`` of a msgid flagged with ``flags``, or None.

    As msgfmt: each translation is compared with the msgid (the ``msgid_plural`` for a plural entry).
    It may not use an argument the msgid lacks, and it must use every one of them unless it is a plural
    form that ``rule`` gives for few n (``msgstr[0]`` of "one file": the number may be left out), or
    ``range_`` (the entry's ``#, range: a..b``) allows only one n for it. A msgid that is itself no
    valid format string is not compared.
    """
    for language in FORMATS:
        if not _flagged(flags, language):
            continue
        parse, check = _PARSERS[language]
        source = msgid_plural if msgid_plural is not None else msgid
        try:
            expected = parse(source, False)
        except _Invalid:
            continue
        source_name = "msgid_plural" if msgid_plural is not None else "msgid"
        plural = msgid_plural is not None and len(msgstrs) > 1
        for index, msgstr in enumerate(msgstrs):
            name = f"msgstr[{index}]" if msgid_plural is not None else "msgstr"
            try:
                found = parse(msgstr, True)
            except _Invalid as reason:
                return (
                    f"'{name}' is not a valid {_PRETTY[language]} format string, unlike '{source_name}'. "
                    f"Reason: {reason}"
                )
            strict = not plural or (
                rule is not None
                and rule.often(index)
                and not (range_ is not None and rule.count_between(*range_, index) <= 1)
            )
            problem = check(expected, found, strict, source_name, name)
            if problem:
                return problem
    return None


def _flagged(flags: Sequence[str], language: str) -> bool:
    if f"no-{language}-format" in flags:
        return False
    return f"{language}-format" in flags or f"possible-{language}-format" in flags


def entry_range(flags: Sequence[str]) -> tuple[int, int] | None:
    """The ``range: a..b`` an entry's flags give n, or None."""
    for flag in flags:
        if flag.startswith("range:"):
            low, _, high = flag[len("range:") :].strip().partition("..")
            if low.isdigit() and high.isdigit() and low.isascii() and high.isascii():
                return int(low), int(high)
    return None


# ------------------------------------------------------------------------------------------------- C

_C_FLAGS = " +-#0'"
_C_SIZES = {"hh": "char", "h": "short", "l": "long", "ll": "longlong", "L": "longlong", "q": "longlong"}
_C_SIZES |= {"j": "intmax", "z": "size", "Z": "size", "t": "ptrdiff"}
_C_PRI_SIZES = frozenset(
    {"8", "16", "32", "64", "MAX", "PTR"}
    | {f"{speed}{bits}" for speed in ("LEAST", "FAST") for bits in ("8", "16", "32", "64")}
)


def _parse_c(text: str, translated: bool) -> _Spec:
    """The argument types of a C format string (POSIX printf, with %m$ and ISO C99 <PRIx64>)."""
    numbered: list[tuple[int, str]] = []
    unnamed: list[str] = []
    position = 0
    directives = 0

    def add(number: int, kind: str) -> None:
        if (number and unnamed) or (not number and numbered):
            raise _Invalid(
                "The string refers to arguments both through absolute argument numbers and "
                "through unnumbered argument specifications."
            )
        if number:
            numbered.append((number, kind))
        else:
            unnamed.append(kind)

    def argument_number(at: int) -> tuple[int, int]:
        """A ``m$`` at ``at``: (m, position after it), else (0, at)."""
        end = at
        while end < len(text) and text[end].isascii() and text[end].isdigit():
            end += 1
        if end > at and end < len(text) and text[end] == "$":
            number = int(text[at:end])
            if number == 0:
                raise _Invalid(
                    f"In the directive number {directives}, the argument number 0 is not a positive integer."
                )
            return number, end + 1
        return 0, at

    while (start := text.find("%", position)) >= 0:
        directives += 1
        position = start + 1
        number, position = argument_number(position)
        while position < len(text) and (text[position] in _C_FLAGS or (translated and text[position] == "I")):
            position += 1
        position = _c_width(text, position, argument_number, add)
        if position < len(text) and text[position] == ".":
            position = _c_width(text, position + 1, argument_number, add)
        if position < len(text) and text[position] == "<":
            end = text.find(">", position)
            macro = text[position + 1 : end] if end > 0 else ""
            kind = _c_pri(macro)
            if kind is None:
                raise _Invalid(
                    f"In the directive number {directives}, the token after '<' is not the name of "
                    "a format specifier macro. The valid macro names are listed in ISO C 99 "
                    "section 7.8.1."
                )
            add(number, kind)
            position = end + 1
            continue
        size = ""
        while position < len(text) and text[position] in "hlLqjzZt":
            size = _c_size(size, text[position])
            position += 1
        if position >= len(text):
            raise _Invalid("The string ends in the middle of a directive.")
        conversion = text[position]
        position += 1
        kind = _c_kind(conversion, size)
        if kind is None:
            raise _Invalid(
                f"In the directive number {directives}, the character '{conversion}' is not a "
                "valid conversion specifier."
            )
        if kind:
            add(number, kind)
    if not numbered:
        return _Spec(tuple(unnamed))
    by_number: dict[int, str] = {}
    for number, kind in sorted(numbered):
        if by_number.get(number, kind) != kind:
            raise _Invalid(f"The string refers to argument number {number} in incompatible ways.")
        by_number[number] = kind
    for expected, number in enumerate(sorted(by_number), start=1):
        if number != expected:
            raise _Invalid(
                f"The string refers to argument number {number} but ignores argument number {expected}."
            )
    return _Spec(tuple(by_number[number] for number in sorted(by_number)))


def _c_width(
    text: str,
    position: int,
    argument_number: Callable[[int], tuple[int, int]],
    add: Callable[[int, str], None],
) -> int:
    """Skip a width or precision: digits, or ``*`` (or ``*m$``), which takes an int argument."""
    if position < len(text) and text[position] == "*":
        star, position = argument_number(position + 1)
        add(star, "int")
        return position
    while position < len(text) and text[position].isascii() and text[position].isdigit():
        position += 1
    return position


def _c_size(size: str, letter: str) -> str:
    if letter == "h":
        return "char" if size in ("short", "char") else "short"
    if letter == "l":
        return "longlong" if size in ("long", "longlong") else "long"
    return _C_SIZES[letter]


def _c_kind(conversion: str, size: str) -> str | None:
    """The argument type a conversion takes ("" for none), or None for no conversion at all."""
    if conversion in "%m":
        return ""
    wide = "wide " if size in ("long", "longlong") else ""
    if conversion == "c":
        return f"{wide}char"
    if conversion == "C":
        return "wide char"
    if conversion == "s":
        return f"{wide}string"
    if conversion == "S":
        return "wide string"
    if conversion in "di":
        return f"{size} int".strip()
    if conversion in "ouxX":
        return f"{size} unsigned int".strip()
    if conversion in "eEfFgGaA":
        return "long double" if size == "longlong" else "double"
    if conversion == "p":
        return "pointer"
    if conversion == "n":
        return f"{size} count pointer".strip()
    return None


def _c_pri(macro: str) -> str | None:
    if not macro.startswith("PRI") or len(macro) < 5 or macro[3] not in "diouxX":
        return None
    if macro[4:] not in _C_PRI_SIZES:
        return None
    signed = "int" if macro[3] in "di" else "unsigned int"
    return f"{macro[4:]} {signed}"


_NOT_THE_SAME = "format specifications in '{source}' and '{target}' for argument {argument} are not the same"


def _check_positional(expected: _Spec, found: _Spec, strict: bool, source: str, target: str) -> str | None:
    if len(found.unnamed) > len(expected.unnamed) or (strict and len(found.unnamed) != len(expected.unnamed)):
        return f"number of format specifications in '{source}' and '{target}' does not match"
    for index, (wanted, got) in enumerate(zip(expected.unnamed, found.unnamed, strict=False), start=1):
        if wanted != got:
            return _NOT_THE_SAME.format(source=source, target=target, argument=index)
    return None


# -------------------------------------------------------------------------------------------- Python

_ANY = "any"


def _parse_python(text: str, translated: bool) -> _Spec:
    """The arguments of a Python %-format string: a tuple (``%s``) or a mapping (``%(name)s``)."""
    unnamed: list[str] = []
    named: dict[str, str] = {}
    position = 0
    directives = 0
    while (start := text.find("%", position)) >= 0:
        directives += 1
        position = start + 1
        name = None
        if position < len(text) and text[position] == "(":
            depth, end = 0, position + 1
            while end < len(text) and (text[end] != ")" or depth):
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                end += 1
            if end >= len(text):
                raise _Invalid("The string ends in the middle of a directive.")
            name = text[position + 1 : end]
            position = end + 1
        while position < len(text) and text[position] in "-+ #0":
            position += 1
        if position < len(text) and text[position] == "*":
            position += 1
            if named:
                raise _Invalid(_MIXED)
            unnamed.append("int")
        while position < len(text) and text[position].isascii() and text[position].isdigit():
            position += 1
        zero_precision = False
        if position < len(text) and text[position] == ".":
            position += 1
            if position < len(text) and text[position] == "*":
                position += 1
                if named:
                    raise _Invalid(_MIXED)
                unnamed.append("int")
            else:
                digits = position
                while position < len(text) and text[position].isascii() and text[position].isdigit():
                    position += 1
                zero_precision = position > digits and set(text[digits:position]) == {"0"}
        if position < len(text) and text[position] in "hlL":
            position += 1
        if position >= len(text):
            raise _Invalid("The string ends in the middle of a directive.")
        conversion = text[position]
        position += 1
        kind = {"%": "", "c": "char", "s": "string", "r": "string"}.get(conversion)
        if kind is None:
            kind = "int" if conversion in "iduoxX" else "float" if conversion in "eEfgG" else None
        if kind is None:
            raise _Invalid(
                f"In the directive number {directives}, the character '{conversion}' is not a "
                "valid conversion specifier."
            )
        if kind == "string" and zero_precision:
            kind = _ANY
        if name is not None:
            if unnamed:
                raise _Invalid(_MIXED)
            previous = named.get(name)
            if previous is not None and previous != kind and _ANY not in (previous, kind):
                raise _Invalid(f"The string refers to the argument named '{name}' in incompatible ways.")
            named[name] = kind if previous in (None, _ANY) else previous
        elif kind:
            if named:
                raise _Invalid(_MIXED)
            unnamed.append(kind)
    return _Spec(tuple(unnamed), tuple(sorted(named.items())))


_MIXED = (
    "The string refers to arguments both through argument names and through unnamed argument specifications."
)


def _same(wanted: str, got: str, strict: bool) -> bool:
    return wanted == got or (not strict and _ANY in (wanted, got))


def _check_python(expected: _Spec, found: _Spec, strict: bool, source: str, target: str) -> str | None:
    if expected.named and found.unnamed:
        return f"format specifications in '{source}' expect a mapping, those in '{target}' expect a tuple"
    if expected.unnamed and found.named:
        return f"format specifications in '{source}' expect a tuple, those in '{target}' expect a mapping"
    wanted, got = dict(expected.named), dict(found.named)
    for name in sorted(set(wanted) | set(got)):
        if name not in wanted:
            return (
                f"a format specification for argument '{name}', as in '{target}', doesn't exist in '{source}'"
            )
        if name not in got:
            if strict:
                return f"a format specification for argument '{name}' doesn't exist in '{target}'"
            continue
        if not _same(wanted[name], got[name], strict):
            return (
                f"format specifications in '{source}' and '{target}' for argument '{name}' are not the same"
            )
    if expected.unnamed or found.unnamed:
        if len(expected.unnamed) != len(found.unnamed):
            return f"number of format specifications in '{source}' and '{target}' does not match"
        for index, (one, other) in enumerate(zip(expected.unnamed, found.unnamed, strict=True), start=1):
            if not _same(one, other, strict):
                return _NOT_THE_SAME.format(source=source, target=target, argument=index)
    return None


# -------------------------------------------------------------------------------------- Python brace


def _parse_brace(text: str, translated: bool) -> _Spec:
    """The fields of a ``str.format`` string: ``{name}``, ``{0}``, ``{}``, with ``.attr``/``[key]`` chains.

    gettext up to 0.21 knew no ``{}`` and named a field by all it holds, format spec included
    (``{0:>10}`` is not ``{0}`` there); later versions compare the field names alone. Both namings are
    kept (``written`` for the old one), and a translation must satisfy both: our reader refuses no
    less than any of these msgfmt versions.
    """
    names: set[str] = set()
    written: set[str] = set()
    numbered = unnumbered = 0
    position = 0
    directives = 0
    while (start := text.find("{", position)) >= 0:
        if text.startswith("{{", start):
            position = start + 2
            continue
        directives += 1
        name, position = _brace_field(text, start, directives, top=True)
        written.add(text[start + 1 : position - 1])
        if name == "":
            if numbered:
                raise _Invalid(_BRACE_MIXED)
            name = str(unnumbered)
            unnumbered += 1
        elif name[0].isdigit():
            if unnumbered:
                raise _Invalid(_BRACE_MIXED)
            numbered += 1
        names.add(name)
    return _Spec(
        unnamed=("auto",) * unnumbered,
        named=tuple((name, "") for name in sorted(names)),
        written=frozenset(written),
    )


_BRACE_MIXED = (
    "The string refers to arguments both through absolute argument numbers and through unnamed argument "
    "specifications."
)


def _brace_field(text: str, start: int, directive: int, *, top: bool) -> tuple[str, int]:
    """Parse the field opening at ``text[start] == "{"``: (its name, the position after its ``}``)."""
    position = start + 1
    name_start = position
    name_end = _brace_name(text, position)
    if name_end > position:
        position = name_end
        while position < len(text) and text[position] in ".[":
            if text[position] == ".":
                end = _brace_identifier(text, position + 1)
                if end == position + 1:
                    raise _Invalid(f"In the directive number {directive}, a getattr argument is not a name.")
                position = end
            else:
                end = _brace_name(text, position + 1)
                if end == position + 1 or end >= len(text) or text[end] != "]":
                    raise _Invalid(
                        f"In the directive number {directive}, there is an unterminated getitem argument."
                    )
                position = end + 1
    elif position >= len(text) or not top or text[position] not in ":}":
        raise _Invalid(
            f"In the directive number {directive}, a field name starts with a character that is "
            "not alphanumerical or underscore."
        )
    name = text[name_start:position]
    if position < len(text) and text[position] == ":":
        if not top:
            raise _Invalid(
                f"In the directive number {directive}, no more nesting is allowed in a format specifier."
            )
        position += 1
        if position < len(text) and text[position] == "{":
            _, position = _brace_field(text, position, directive, top=False)
        else:
            position = _brace_standard_spec(text, position)
    if position >= len(text) or text[position] != "}":
        raise _Invalid(f"The directive number {directive} is unterminated.")
    return name, position + 1


def _brace_identifier(text: str, position: int) -> int:
    if position < len(text) and (
        (text[position].isascii() and text[position].isalpha()) or text[position] == "_"
    ):
        position += 1
        while position < len(text) and (
            (text[position].isascii() and text[position].isalnum()) or text[position] == "_"
        ):
            position += 1
    return position


def _brace_name(text: str, position: int) -> int:
    end = _brace_identifier(text, position)
    if end > position:
        return end
    while end < len(text) and text[end].isascii() and text[end].isdigit():
        end += 1
    return end


def _brace_standard_spec(text: str, position: int) -> int:
    """Skip ``[[fill]align][sign][#][0][width][.precision][type]``."""
    if position + 1 < len(text) and text[position + 1] in "<>=^":
        position += 2
    elif position < len(text) and text[position] in "<>=^":
        position += 1
    for optional in ("+- ", "#", "0"):
        if position < len(text) and text[position] in optional:
            position += 1
    while position < len(text) and text[position].isascii() and text[position].isdigit():
        position += 1
    if (
        position + 1 < len(text)
        and text[position] == "."
        and text[position + 1].isascii()
        and text[position + 1].isdigit()
    ):
        position += 1
        while position < len(text) and text[position].isascii() and text[position].isdigit():
            position += 1
    if position < len(text) and text[position] in "bcdoxXneEfFgG%":
        position += 1
    return position


def _check_brace(expected: _Spec, found: _Spec, strict: bool, source: str, target: str) -> str | None:
    problem = _missing_names(
        {name for name, _ in expected.named}, {name for name, _ in found.named}, strict, source, target
    )
    if problem or expected.unnamed:
        return problem  # to gettext 0.21 a msgid with `{}` was no format string: it compared nothing
    if found.unnamed:
        return (
            f"'{target}' is not a valid Python brace format string, unlike '{source}'. Reason: a field "
            "without a name ({}) is not understood by gettext 0.21"
        )
    return _missing_names(expected.written, found.written, strict, source, target)


def _missing_names(
    wanted: set[str] | frozenset[str], got: set[str] | frozenset[str], strict: bool, source: str, target: str
) -> str | None:
    for name in sorted(wanted | got):
        if name not in wanted:
            return f"a format specification for argument '{name}' doesn't exist in '{source}'"
        if name not in got and strict:
            return f"a format specification for argument '{name}' doesn't exist in '{target}'"
    return None


_PARSERS: dict[
    str, tuple[Callable[[str, bool], _Spec], Callable[[_Spec, _Spec, bool, str, str], str | None]]
] = {
    "c": (_parse_c, _check_positional),
    "python": (_parse_python, _check_python),
    "python-brace": (_parse_brace, _check_brace),
}
