"""Shared by the browser tests: headless Chromium driven over the DevTools protocol on a pipe."""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import subprocess
from pathlib import Path
from types import TracebackType
from typing import Any

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
"""Flags for a quiet, offline, throwaway headless Chromium (with ``--user-data-dir`` a fresh folder)."""

WINDOW = "--window-size=1366,1000"

PIPE_FLAG = "--remote-debugging-pipe"
"""The protocol on file descriptors 3 (commands in) and 4 (answers and events out)."""

TIMEOUT = 120.0
"""Seconds to wait for any one answer from the browser before the test fails instead of hanging."""

# Keys as Input.dispatchKeyEvent wants them: key, code, Windows virtual key code, the text typed.
KEYS = {
    "Tab": ("Tab", "Tab", 9, ""),
    "Enter": ("Enter", "Enter", 13, "\r"),
    "Space": (" ", "Space", 32, " "),
}


def find_chromium() -> str | None:
    """The Chromium on ``PATH`` (Debian names it ``chromium``, others ``chromium-browser``), if any."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


class BrowserError(Exception):
    """The browser answered a command with an error, a page script threw, or the browser went away."""


class Chromium:
    """One headless Chromium with one tab, driven with ``--remote-debugging-pipe``: the protocol's JSON
    messages, each ended by a NUL byte, go in on the browser's file descriptor 3 and come out on 4. A pipe
    needs no port, no websocket client and no network, and the browser ends when the pipe closes."""

    def __init__(self, executable: str, profile: Path) -> None:
        command_read, self._commands = os.pipe()
        self._answers, answer_write = os.pipe()
        # Lift both child ends above 9, so the redirections below never overwrite one with the other.
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (command_read, answer_write)]
        os.close(command_read)
        os.close(answer_write)
        # bash, not sh: dash redirects only descriptors 0-9.
        self.log = profile.with_name(f"{profile.name}.log")
        shell = f'exec "$0" "$@" 3<&{high[0]} 4>&{high[1]} {high[0]}<&- {high[1]}>&-'
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    "bash",
                    "-c",
                    shell,
                    executable,
                    *CHROMIUM_FLAGS,
                    WINDOW,
                    f"--user-data-dir={profile}",
                    PIPE_FLAG,
                ],
                pass_fds=high,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        for fd in high:
            os.close(fd)
        self._buffer = b""
        self._last_id = 0
        self._events: list[dict[str, Any]] = []
        target = self.command("Target.createTarget", url="about:blank")["targetId"]
        self._session = self.command("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.command("Page.enable", session=True)
        self.command("Emulation.setFocusEmulationEnabled", enabled=True, session=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the browser (closing the command pipe ends it), killing it if it lingers."""
        os.close(self._commands)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._answers)

    def command(self, method: str, *, session: bool = False, **params: Any) -> dict[str, Any]:
        """Send one protocol command (to the tab when ``session``) and return its result."""
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self._session
        os.write(self._commands, json.dumps(message).encode("utf-8") + b"\0")
        while True:
            answer = self._receive()
            if answer.get("id") == self._last_id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer["result"]
                return result
            self._events.append(answer)

    def open(self, url: str) -> None:
        """Load ``url`` in the tab and wait for its load event (the page's own script has run by then)."""
        self._events = [e for e in self._events if e.get("method") != "Page.loadEventFired"]
        self.command("Page.navigate", url=url, session=True)
        while not any(e.get("method") == "Page.loadEventFired" for e in self._events):
            self._events.append(self._receive())

    def evaluate(self, expression: str) -> Any:
        """The value of a script run in the page (awaited when it is a promise)."""
        result = self.command(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True, session=True
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise BrowserError(details.get("exception", {}).get("description") or details.get("text"))
        return result["result"].get("value")

    def press(self, name: str) -> None:
        """Press and release a key, as a keyboard user would."""
        key, code, virtual, text = KEYS[name]
        for kind in ("keyDown", "keyUp"):
            self.command(
                "Input.dispatchKeyEvent",
                type=kind,
                key=key,
                code=code,
                windowsVirtualKeyCode=virtual,
                session=True,
                **({"text": text} if text and kind == "keyDown" else {}),
            )

    def _receive(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._answers], [], [], TIMEOUT)
            if not ready:
                raise BrowserError(f"no answer from chromium in {TIMEOUT:.0f} s")
            chunk = os.read(self._answers, 1 << 16)
            if not chunk:
                log = self.log.read_text("utf-8", "replace")[-2000:]
                raise BrowserError(f"chromium exited (status {self.process.poll()}):\n{log}")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        answer: dict[str, Any] = json.loads(message)
        return answer
