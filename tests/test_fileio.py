"""Atomic writes, locks and strict UTF-8 reads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from translate.errors import DocumentError, ToolkitError
from translate.fileio import (
    atomic_write_bytes,
    decode_utf8,
    lock_path_for,
    locked,
    read_source_text,
    write_if_changed,
)


def test_atomic_write_replaces_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.po"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.po"]


def test_write_if_changed_leaves_identical_files_alone(tmp_path: Path) -> None:
    target = tmp_path / "a.po"
    assert write_if_changed(target, b"same")
    inode = target.stat().st_ino
    assert not write_if_changed(target, b"same")
    assert target.stat().st_ino == inode


def test_write_into_a_file_path_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "locales"
    blocker.write_text("not a folder")
    with pytest.raises(ToolkitError, match=r"locales/x.po: cannot write here"):
        atomic_write_bytes(blocker / "x.po", b"data")


def test_lock_removes_what_a_killed_writer_left(tmp_path: Path) -> None:
    target = tmp_path / "a.po"
    stale = tmp_path / ".a.po.abc123.tmp"
    stale.write_bytes(b"half a file")
    other = tmp_path / ".b.po.abc123.tmp"
    other.write_bytes(b"someone else's")
    with locked(target):
        assert lock_path_for(target).read_text().startswith(os.uname().nodename)
    assert not stale.exists()
    assert other.exists()


def test_lock_is_exclusive(tmp_path: Path) -> None:
    target = tmp_path / "a.po"
    # A second descriptor on the same lock file conflicts, as another process would.
    with (
        locked(target),
        pytest.raises(ToolkitError, match=r"a.po: is locked by .* pid \d+"),
        locked(target, timeout=0.2),
    ):
        pass


@pytest.mark.parametrize(
    ("data", "line"),
    [(b"ok\n\xff\n", 2), (b"\xc3(", 1), (b"a\nb\nc\xe9\n", 3)],
    ids=["second-line", "bad-continuation", "latin1"],
)
def test_decode_names_the_line(data: bytes, line: int) -> None:
    with pytest.raises(DocumentError, match=rf"f.txt:{line}: is not valid UTF-8"):
        decode_utf8(data, Path("f.txt"), DocumentError)


def test_source_that_is_a_folder(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="is a folder"):
        read_source_text(tmp_path)
