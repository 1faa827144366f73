"""Atomic writes, locks and strict UTF-8 reads."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from translate import fileio
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


def test_locks_sharing_a_listing_list_each_folder_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed: list[Path] = []
    real = fileio._temporary_names
    monkeypatch.setattr(fileio, "_temporary_names", lambda folder: listed.append(folder) or real(folder))
    targets = [tmp_path / f"doc{number}.po" for number in range(20)]
    stale = [target.with_name(f".{target.name}.k{number}.tmp") for number, target in enumerate(targets)]
    for path in stale:
        path.write_bytes(b"half a file")
    prefix_only = tmp_path / ".doc1.po.tmp"  # not a temporary of doc1.po: nothing between name and .tmp
    prefix_only.write_bytes(b"kept")
    temporaries = fileio.Temporaries()
    for target in targets:
        with locked(target, temporaries=temporaries):
            pass
    assert listed == [tmp_path]
    assert not any(path.exists() for path in stale)
    assert prefix_only.exists()


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


# ------------------------------------------------------------------------ saves that yield to an editor

OLD, OURS, THEIRS = b"old version\n", b"our merged version\n", b"the reviewer's save\n"


def _replace(path: Path, expected: bytes | None = OLD) -> bool:
    return fileio.replace_unless_changed(path, OURS, expected, max_bytes=1 << 20)


def _only_the_file_is_left(path: Path) -> None:
    assert [p.name for p in path.parent.iterdir() if p.name != "probe"] == [path.name]


def test_replace_unless_changed_replaces_an_unchanged_file(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_bytes(OLD)
    assert _replace(path)
    assert path.read_bytes() == OURS
    _only_the_file_is_left(path)


def test_replace_unless_changed_yields_to_a_save_made_before_it_looked(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_bytes(THEIRS)
    assert not _replace(path)
    assert path.read_bytes() == THEIRS
    _only_the_file_is_left(path)


def test_replace_unless_changed_never_overwrites_a_file_that_appeared(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    assert _replace(path, None)
    assert path.read_bytes() == OURS
    assert not fileio.replace_unless_changed(path, b"second", None, max_bytes=100)
    assert path.read_bytes() == OURS
    _only_the_file_is_left(path)


def _rename_save(path: Path) -> None:
    fresh = path.with_name("editor.tmp")
    fresh.write_bytes(THEIRS)
    os.replace(fresh, path)


def test_a_rename_save_landing_between_the_comparison_and_the_swap_is_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17, item 6: 1 of 5,055 atomic-rename saves was lost, saved after the run compared."""
    path = tmp_path / "a.po"
    path.write_bytes(OLD)
    real = fileio._exchange
    if not real(*_two_files(tmp_path)):
        pytest.skip("this system cannot swap two names atomically")

    def editor_saves_first(first: Path, second: Path) -> bool:
        if second == path:
            _rename_save(path)
        return real(first, second)

    monkeypatch.setattr(fileio, "_exchange", editor_saves_first)
    assert not _replace(path)
    assert path.read_bytes() == THEIRS
    _only_the_file_is_left(path)


def _two_files(folder: Path) -> tuple[Path, Path]:
    probe = folder / "probe"
    probe.mkdir()
    (probe / "a").write_bytes(b"a")
    (probe / "b").write_bytes(b"b")
    return probe / "a", probe / "b"


def test_an_in_place_save_into_the_file_the_swap_displaced_is_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17, item 6: 3 of 6,229 in-place saves were lost: an editor that had found the old file wrote
    into it after the comparison, into the inode the rename orphaned."""
    path = tmp_path / "a.po"
    path.write_bytes(OLD)
    real = fileio._exchange
    if not real(*_two_files(tmp_path)):
        pytest.skip("this system cannot swap two names atomically")
    monkeypatch.setattr(fileio, "SWAP_GRACE_SECONDS", 0.2)  # a loaded machine may start the thread late
    opening = threading.Event()
    editor: list[threading.Thread] = []

    def write_in_place(old_file: Path) -> None:
        opening.set()
        with old_file.open("r+b") as handle:  # blocks while the save holds its lease
            handle.write(THEIRS)
            handle.truncate()

    def swap_then_editor_writes(first: Path, second: Path) -> bool:
        swapped = real(first, second)
        if second == path and not editor:
            # The editor resolved the path before the swap: it opens the old file, now at `first`.
            editor.append(threading.Thread(target=write_in_place, args=(first,)))
            editor[0].start()
            opening.wait(5)
        return swapped

    monkeypatch.setattr(fileio, "_exchange", swap_then_editor_writes)
    assert not _replace(path)
    editor[0].join(10)
    assert path.read_bytes() == THEIRS
    _only_the_file_is_left(path)


def test_a_save_waits_for_an_editor_still_writing_in_place(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_bytes(OLD)
    result: list[bool] = []
    with path.open("r+b") as handle:  # the editor opened the file for writing before the save looked
        saver = threading.Thread(target=lambda: result.append(_replace(path)))
        saver.start()
        time.sleep(0.2)
        assert saver.is_alive(), "the save did not wait for the editor to close the file"
        handle.write(THEIRS)
        handle.truncate()
    saver.join(15)
    assert result == [False]
    assert path.read_bytes() == THEIRS


def test_without_leases_or_exchange_an_in_place_save_after_the_rename_is_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fallback (another system, or a file owned by someone else): compared again after the rename,
    through the old file still held open."""
    path = tmp_path / "a.po"
    path.write_bytes(OLD)
    monkeypatch.setattr(fileio, "_lease", lambda fd: fileio._Lease.unavailable)

    def no_exchange_but_a_late_save(first: Path, second: Path) -> bool:
        if second == path:
            with path.open("r+b") as handle:  # lands in the old file, which the rename will orphan
                handle.write(THEIRS)
                handle.truncate()
        return False

    monkeypatch.setattr(fileio, "_exchange", no_exchange_but_a_late_save)
    assert not _replace(path)
    assert path.read_bytes() == THEIRS
    _only_the_file_is_left(path)


def _synced_folders(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every folder the real ``os.fsync`` is called on."""
    folders: list[Path] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            folders.append(Path(os.readlink(f"/proc/self/fd/{fd}")))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return folders


def test_an_atomic_write_syncs_the_folder_so_the_rename_survives_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folders = _synced_folders(monkeypatch)
    atomic_write_bytes(tmp_path / "doc.po", b"new")
    assert folders == [tmp_path]


def test_a_save_that_yields_to_no_one_syncs_the_folder_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "doc.po"
    path.write_bytes(b"old")
    folders = _synced_folders(monkeypatch)
    assert fileio.replace_unless_changed(path, b"new", b"old", max_bytes=100)
    assert path.read_bytes() == b"new" and folders == [tmp_path]
