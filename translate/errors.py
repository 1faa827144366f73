"""The toolkit's exceptions: one root the CLI catches, a subclass per domain."""

from __future__ import annotations

from pathlib import Path

INTERRUPTED = (
    "interrupted: every file is either completely written or left as it was; run the command again to finish"
)
"""What Ctrl-C prints: every write is atomic, so this is true whenever it lands."""


class ToolkitError(Exception):
    """Root of every error the toolkit reports to a user.

    The message says where (file and line when known) and what to do; the CLI prints it as one line
    and exits with ``exit_code``, without a traceback.
    """

    exit_code: int = 1
    """The command line's exit status for this error: 1 for a failure, 2 for a usage error."""

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None):
        self.path = Path(path) if path is not None else None
        self.line = line
        self.detail = message
        super().__init__(self._format())

    def _format(self) -> str:
        if self.path is None:
            return self.detail
        where = str(self.path) if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.detail}"


class DocumentError(ToolkitError):
    """A source document is missing, unreadable or empty."""


class CatalogError(ToolkitError):
    """A PO/POT catalog is malformed, locked or cannot be written."""


class GlossaryError(ToolkitError):
    """The term base is malformed or a term is unknown."""


class EngineError(ToolkitError):
    """A translation model is missing, broken or cannot be installed."""


class PublishError(ToolkitError):
    """A document cannot be published (blocked catalog, unsafe output path)."""


class UsageError(ToolkitError):
    """The user asked for something the toolkit does not know (unknown language, bad option, no project).

    The command line exits 2 for it, as click does for a malformed command.
    """

    exit_code = 2
