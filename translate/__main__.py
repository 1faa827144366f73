"""The console entry point (``translate`` and ``python -m translate``): Ctrl-C at any moment exits 130."""

from __future__ import annotations

import signal
import sys
from types import FrameType

from translate.errors import INTERRUPTED


def _interrupt(signum: int, frame: FrameType | None) -> None:
    # One Ctrl-C stops the command; more while it unwinds would cut the clean-up of a temporary file
    # short and end the process by signal instead of with status 130.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def main() -> None:
    """Run the command line; the heavy imports happen after Ctrl-C is handled."""
    signal.signal(signal.SIGINT, _interrupt)
    try:
        from translate.cli import app

        app()
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    main()
