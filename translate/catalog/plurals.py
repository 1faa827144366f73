"""Plural-Forms rules as gettext reads them: its C expression grammar, in unsigned long arithmetic."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

CHECKED_N = range(0, 1001)
"""The values of n that ``msgfmt -c`` evaluates a plural expression for (0 to 1000, both included)."""

OFTEN = 5
"""msgfmt takes a form the expression gives for at least this many checked n as used "infinitely often"."""

_ULONG = 1 << 64  # gettext evaluates in unsigned long: 64 bits on the systems this desk runs on
_TOKEN = re.compile(r"[ \t]*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")
_Node = Callable[[int], int]


class PluralError(ValueError):
    """A plural expression gettext would not accept, or one that fails for some n (the reason says which)."""


@dataclass(frozen=True, slots=True)
class PluralRule:
    """A parsed plural expression and the form it gives for each n msgfmt checks."""

    expression: str
    forms: tuple[int, ...]
    """The form for n = 0, 1, … 1000 (``CHECKED_N``)."""

    def often(self, form: int) -> bool:
        """Whether the rule gives ``form`` for infinitely many n, as msgfmt estimates it."""
        return self.forms.count(form) >= OFTEN

    def count_between(self, low: int, high: int, form: int) -> int:
        """For how many n in ``low``…``high`` (at most 1001 of them, as msgfmt limits it) the rule gives
        ``form``."""
        low = max(low, 0)
        high = min(high, low + 1000)
        evaluate = _parse(self.expression)
        return sum(1 for n in range(low, high + 1) if _safe(evaluate, n) == form)


@functools.lru_cache(maxsize=64)
def plural_rule(expression: str) -> PluralRule:
    """Parse ``expression`` (the text after ``plural=``) and evaluate it for every n msgfmt checks.

    ``PluralError`` for what gettext refuses: anything outside its grammar (``?:``, ``||``, ``&&``,
    comparisons, ``+ - * / %``, ``!``, parentheses, ``n`` and decimal numbers: no unary minus, no other
    characters), a division by zero for some n, or a value that is negative as a C long.
    """
    evaluate = _parse(expression)
    forms: list[int] = []
    for n in CHECKED_N:
        try:
            value = evaluate(n)
        except ZeroDivisionError:
            raise PluralError(f"divides by zero for n = {n}") from None
        if value >= _ULONG // 2:
            raise PluralError(f"gives a negative value for n = {n}")
        forms.append(value)
    return PluralRule(expression, tuple(forms))


def _safe(evaluate: _Node, n: int) -> int | None:
    try:
        return evaluate(n)
    except ZeroDivisionError:
        return None


@functools.lru_cache(maxsize=64)
def _parse(expression: str) -> _Node:
    tokens = _tokens(expression)
    parser = _Parser(tokens)
    node = parser.conditional()
    if parser.position != len(tokens):
        raise PluralError(f"unexpected {tokens[parser.position]!r}")
    return node


def _tokens(expression: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    text = expression.rstrip(" \t")
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            rest = text[position:].lstrip(" \t")
            raise PluralError(f"unexpected {rest[:1]!r}")
        number = match.group(1)
        if number is not None and not number.isascii():
            raise PluralError(f"{number!r} is not a number gettext reads (ASCII digits only)")
        tokens.append(match.group(0).strip(" \t"))
        position = match.end()
    if not tokens:
        raise PluralError("is empty")
    return tokens


_BINARY: dict[str, Callable[[int, int], int]] = {
    "==": lambda a, b: int(a == b),
    "!=": lambda a, b: int(a != b),
    "<": lambda a, b: int(a < b),
    ">": lambda a, b: int(a > b),
    "<=": lambda a, b: int(a <= b),
    ">=": lambda a, b: int(a >= b),
    "+": lambda a, b: (a + b) % _ULONG,
    "-": lambda a, b: (a - b) % _ULONG,
    "*": lambda a, b: (a * b) % _ULONG,
    "/": lambda a, b: a // b,  # ZeroDivisionError is msgfmt's "can produce division by zero"
    "%": lambda a, b: a % b,
}
# Lowest binding first, as in gettext's plural.y (all left-associative; `?:` and `!` bind to the right).
_LEVELS = (("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%"))


class _Parser:
    """Recursive descent over gettext's grammar, building closures of n."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.position = 0

    def _peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self, expected: str) -> None:
        if self._peek() != expected:
            found = self._peek()
            raise PluralError(f"expected {expected!r}, found {'the end' if found is None else repr(found)}")
        self.position += 1

    def conditional(self) -> _Node:
        condition = self._binary(0)
        if self._peek() != "?":
            return condition
        self.position += 1
        then = self.conditional()
        self._take(":")
        otherwise = self.conditional()
        return lambda n: then(n) if condition(n) else otherwise(n)

    def _binary(self, level: int) -> _Node:
        if level == len(_LEVELS):
            return self._unary()
        node = self._binary(level + 1)
        while (operator := self._peek()) in _LEVELS[level]:
            self.position += 1
            right = self._binary(level + 1)
            node = _apply(str(operator), node, right)
        return node

    def _unary(self) -> _Node:
        token = self._peek()
        if token == "!":
            self.position += 1
            operand = self._unary()
            return lambda n: int(not operand(n))
        if token == "(":
            self.position += 1
            inner = self.conditional()
            self._take(")")
            return inner
        if token == "n":
            self.position += 1
            return lambda n: n
        if token is not None and token.isdigit():
            self.position += 1
            value = int(token) % _ULONG
            return lambda n: value
        raise PluralError(f"expected n, a number or '(', found {'the end' if token is None else repr(token)}")


def _apply(operator: str, left: _Node, right: _Node) -> _Node:
    # && and || look at their right side only when C would (`n != 0 && 10 / n > 1` divides by nothing).
    if operator == "||":
        return lambda n: int(bool(left(n)) or bool(right(n)))
    if operator == "&&":
        return lambda n: int(bool(left(n)) and bool(right(n)))
    operation = _BINARY[operator]
    return lambda n: operation(left(n), right(n))
