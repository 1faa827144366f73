"""Diagnostics: the one vocabulary every check, lint and gate reports in (severity, location, finding)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any


class Severity(enum.StrEnum):
    """How much a finding matters: ``serious`` keeps an entry fuzzy, fails ``translate check`` and the
    lint, and keeps a language from being published; ``warning`` asks for a look; ``info`` is a hint."""

    info = "info"
    warning = "warning"
    serious = "serious"

    @property
    def rank(self) -> int:
        """Order for sorting, most important last."""
        return (Severity.info, Severity.warning, Severity.serious).index(self)


def project_path(path: Path | str, root: Path | None = None) -> str:
    """``path`` as a user opens it: relative to the project ``root`` (POSIX form) when inside it."""
    if root is not None:
        try:
            return Path(path).resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            pass
    return str(path)


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding is: a file (project-relative when inside the project) and a line, when known."""

    path: str
    line: int | None = None

    @classmethod
    def at(cls, path: Path | str, line: int | None = None, *, root: Path | None = None) -> Location:
        """The location of ``line`` in ``path``, named relative to ``root`` when it is inside it."""
        return cls(project_path(path, root), line)

    def within(self, root: Path | None) -> Location:
        """The same place, named relative to the project ``root`` when it is inside it."""
        return replace(self, path=project_path(self.path, root)) if root is not None else self

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape: ``{"path": ..., "line": ...}`` (``line`` is null when unknown)."""
        return {"path": self.path, "line": self.line}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem (or hint) a check, the lint or the publishing gate found.

    ``check`` names what found it (a check id such as ``numbers``, a lint or gate code); ``subject`` is
    what it is about (the msgid of an entry, the id of a term). ``location`` is empty while a finding is
    about a text not yet placed in a file (a check of one entry); the callers that know the file put it.
    """

    check: str
    severity: Severity
    message: str
    acknowledged: bool = False  # a reviewer's ``#, ignore-<check>`` on the entry: seen and accepted
    location: Location | None = None
    subject: str = ""

    @property
    def serious(self) -> bool:
        """Whether this finding blocks (a serious one a reviewer acknowledged does not)."""
        return self.severity is Severity.serious and not self.acknowledged

    @property
    def label(self) -> str:
        """The severity as shown to people: ``serious``, or ``serious, acknowledged``."""
        return f"{self.severity.value}, acknowledged" if self.acknowledged else self.severity.value

    def placed(self, location: Location, subject: str | None = None) -> Finding:
        """This finding at ``location`` (and about ``subject``)."""
        # Built directly: ``dataclasses.replace`` costs several times more, once per finding of a check.
        subject = self.subject if subject is None else subject
        return Finding(self.check, self.severity, self.message, self.acknowledged, location, subject)

    def line(self) -> str:
        """One line as compilers print it, so editors and CI jump to it:
        ``locales/ru/LC_MESSAGES/doc.po:12: serious: «2023» (2023) is missing … [numbers]``."""
        where = f"{self.location}: " if self.location is not None else ""
        tag = f"{self.check}, acknowledged" if self.acknowledged else self.check
        return f"{where}{self.severity.value}: {self.message} [{tag}]"

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape shared by every command's findings."""
        return {
            "path": self.location.path if self.location is not None else None,
            "line": self.location.line if self.location is not None else None,
            "severity": self.severity.value,
            "check": self.check,
            "acknowledged": self.acknowledged,
            "subject": self.subject,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Counts:
    """How many findings of each severity (acknowledged ones apart: they no longer count as theirs)."""

    serious: int = 0
    warning: int = 0
    info: int = 0
    acknowledged: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.serious + other.serious,
            self.warning + other.warning,
            self.info + other.info,
            self.acknowledged + other.acknowledged,
        )

    def as_dict(self) -> dict[str, int]:
        """The JSON shape: ``{"serious": n, "warning": n}``, as every command prints it."""
        return {"serious": self.serious, "warning": self.warning}


def count(findings: Iterable[Finding]) -> Counts:
    """The one way findings are counted: by severity, an acknowledged finding only as acknowledged.

    ``translate check``, ``status``, ``publish``, ``report`` and ``run --json`` all count with this.
    """
    tally = {severity: 0 for severity in Severity}
    acknowledged = 0
    for finding in findings:
        if finding.acknowledged:
            acknowledged += 1
        else:
            tally[finding.severity] += 1
    return Counts(tally[Severity.serious], tally[Severity.warning], tally[Severity.info], acknowledged)


def by_importance(findings: Iterable[Finding]) -> list[Finding]:
    """``findings`` sorted by place (file, then line), the most important first on one line."""
    return sorted(
        findings,
        key=lambda f: (
            f.location.path if f.location else "",
            f.location.line or 0 if f.location else 0,
            -f.severity.rank,
        ),
    )
