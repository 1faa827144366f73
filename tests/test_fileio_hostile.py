"""Files a hostile repo or a careless user puts where the toolkit reads and locks: links, FIFOs, devices, giants."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.errors import DocumentError, ToolkitError
from translate.fileio import MAX_SOURCE_BYTES, lock_path_for, locked, read_regular, read_source_text

runner = CliRunner()
DOC = "2023-11-04-halk-maslahaty-kazakhstan"


def _run(project: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["run", "--project", str(project), *args])
    return result.exit_code, result.output


def test_a_symlinked_lock_file_never_truncates_its_target(project_dir: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    catalog = project_dir / "locales" / "ru" / "LC_MESSAGES" / f"{DOC}.po"
    lock = lock_path_for(catalog)
    lock.parent.mkdir(parents=True)
    lock.symlink_to(victim)
    code, output = _run(project_dir, "--to", "ru")
    assert code == 1
    assert f"{DOC}.po.lock: is a symbolic link" in output and "Traceback" not in output
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not catalog.exists()


def test_lock_files_live_under_the_state_folder_not_in_locales(tmp_path: Path) -> None:
    catalog = tmp_path / "project" / "locales" / "ru" / "LC_MESSAGES" / "doc.po"
    assert lock_path_for(catalog) == (
        tmp_path / "project" / ".translate" / "locks" / "locales" / "ru" / "LC_MESSAGES" / "doc.po.lock"
    )
    template = tmp_path / "project" / "locales" / "templates" / "doc.pot"
    assert (
        lock_path_for(template).parent
        == tmp_path / "project" / ".translate" / "locks" / "locales" / "templates"
    )
    # Outside a project's locales/ (a models folder) the lock file stays beside what it guards.
    assert lock_path_for(tmp_path / "models" / ".install") == tmp_path / "models" / "..install.lock"


def test_after_run_and_check_only_catalogs_stay_under_locales(project_dir: Path) -> None:
    """translate-toolkit's ``pocount locales/`` (and msgcat on a glob) fail on anything else there."""
    code, output = _run(project_dir)
    assert code == 0, output
    result = runner.invoke(app, ["check", "--project", str(project_dir)])
    assert result.exit_code in (0, 1), result.output
    left = sorted(path.relative_to(project_dir).as_posix() for path in (project_dir / "locales").rglob("*"))
    assert left and all(name.endswith((".po", ".pot")) or (project_dir / name).is_dir() for name in left), (
        left
    )
    assert not [name for name in left if Path(name).name.startswith(".")]


def test_a_lock_file_earlier_versions_left_in_locales_is_removed_never_followed(
    project_dir: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    folder = project_dir / "locales" / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / f".{DOC}.po.lock").symlink_to(victim)  # what a hostile repository ships
    code, output = _run(project_dir, "--to", "ru")
    assert code == 0, output
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert sorted(path.name for path in folder.iterdir()) == [f"{DOC}.po"]


@pytest.mark.parametrize("linked", [".translate", ".translate/locks", ".translate/locks/locales/ru"])
def test_a_linked_folder_on_the_way_to_a_lock_file_is_refused(
    project_dir: Path, tmp_path: Path, linked: str
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = project_dir / linked
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(elsewhere, target_is_directory=True)
    code, output = _run(project_dir, "--to", "ru")
    assert code == 1
    assert f"{linked}: is a symbolic link" in output and "Traceback" not in output
    assert list(elsewhere.iterdir()) == []
    assert not (project_dir / "locales" / "ru").exists()


def test_a_lock_file_that_is_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    target = tmp_path / "a.po"
    os.mkfifo(lock_path_for(target))
    with pytest.raises(ToolkitError, match=r"\.a\.po\.lock: is a FIFO, not a lock file"), locked(target):
        pass


def test_a_symlinked_source_is_refused(project_dir: Path) -> None:
    outside = project_dir.parent / "hostname"
    outside.write_text("secret-host\n", encoding="utf-8")
    (project_dir / "seeds" / "x.txt").symlink_to(outside)
    code, output = _run(project_dir, "--to", "ru")
    assert code == 1
    assert "x.txt: is a symbolic link" in output and "Traceback" not in output
    assert not (project_dir / "locales").exists()


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (os.mkfifo, "a FIFO"),
        (lambda path: Path(path).mkdir(), "a folder"),
    ],
    ids=["fifo", "folder"],
)
def test_a_source_that_is_not_a_regular_file_is_refused_at_once(tmp_path: Path, make, kind: str) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "a.txt"
    make(str(source))
    result: list[BaseException] = []

    def read() -> None:
        try:
            read_source_text(source)
        except BaseException as exc:
            result.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert isinstance(result[0], DocumentError)
    assert f"a.txt: is {kind}, not a source" in str(result[0])


def test_a_device_is_refused_not_read_forever() -> None:
    with pytest.raises(ToolkitError, match=r"/dev/zero: is a character device, not a file"):
        read_regular(Path("/dev/zero"), 1024)


def test_a_source_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    source = tmp_path / "huge.txt"
    with source.open("wb") as handle:
        handle.truncate(MAX_SOURCE_BYTES + 1)
    with pytest.raises(DocumentError, match=rf"huge\.txt: is larger than the {MAX_SOURCE_BYTES}-byte limit"):
        read_source_text(source)


def test_a_file_at_the_limit_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * 4096)
    assert read_regular(path, 4096) == b"x" * 4096
    with pytest.raises(ToolkitError, match="larger than the 4095-byte limit"):
        read_regular(path, 4095)


def test_a_project_that_is_not_a_folder_is_one_clear_error() -> None:
    result = runner.invoke(app, ["status", "--project", "/dev/null"])
    assert result.exit_code == 2  # a usage error
    assert "/dev/null: is not a folder; give --project (-C)" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", ["ARTICLE.TXT", "notes.MD", "story.markdown"])
def test_sources_are_found_whatever_the_case_of_their_suffix(project_dir: Path, name: str) -> None:
    (project_dir / "seeds" / name).write_text("One sentence here.\n", encoding="utf-8")
    code, output = _run(project_dir, "--to", "ru")
    assert code == 0, output
    stem = name.rsplit(".", 1)[0]
    assert (project_dir / "locales" / "ru" / "LC_MESSAGES" / f"{stem}.po").is_file()


STARTUP = """
import sys
import translate.__main__ as entry


class SayWhenTheCommandLineLoads:
    def find_spec(self, name, path=None, target=None):
        if name == "translate.cli":
            print("ready", flush=True)


sys.meta_path.insert(0, SayWhenTheCommandLineLoads())
sys.argv = ["translate", "status", "--project", sys.argv[1]]
entry.main()
"""


def test_ctrl_c_during_start_up_and_repeated_exits_130_without_a_traceback(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", STARTUP, str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "ready\n"
    # The command line's imports take a good part of a second: these land in them and in the clean-up.
    for _ in range(3):
        process.send_signal(signal.SIGINT)
        time.sleep(0.02)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("interrupted: every file is either completely written")
