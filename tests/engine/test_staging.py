"""Installs and removals as transactions: a SIGKILL at any step leaves the old or the new model in place.

The killed processes are real ``translate models install`` runs; ``CRASH_AT_ENV`` kills one at a named
step, ``STEP_DELAY_ENV`` slows every step so that randomly timed kills land inside the transaction.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests._models import corpus_lines, install_all, package_file
from translate.engine import staging
from translate.engine.argos import load_translators
from translate.engine.install import install, remove
from translate.engine.package import find_package, installed_packages, read_package
from translate.engine.staging import CRASH_AT_ENV, READY_FILE, STAGING_DIR, STEP_DELAY_ENV, recover
from translate.engine.translator import EngineOptions
from translate.languages import Language

REPO = Path(__file__).resolve().parents[2]
TOP = "translate-en_ru-1_0"

# A models install in a fresh interpreter; "fallback" takes away renameat2's exchange, as on a file
# system or kernel without it, so the old package has to be renamed aside before the new one comes in.
INSTALL = """
import sys
from translate.engine import staging
if sys.argv[1] == "fallback":
    staging.exchange = lambda first, second: False
sys.argv = ["translate", "models", "install", sys.argv[2], "--models-dir", sys.argv[3]]
from translate.__main__ import main
main()
"""


def _version(version: str, tmp_path: Path) -> Path:
    """The tiny en→ru package with ``package_version`` set to ``version`` (same folder, same model)."""
    source = package_file(Language.ru)
    target = tmp_path / f"ru-{version}.argosmodel"
    with zipfile.ZipFile(source) as zf, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in zf.infolist():
            data = zf.read(info)
            if info.filename == f"{TOP}/metadata.json":
                data = json.dumps(json.loads(data) | {"package_version": version}).encode()
            out.writestr(info.filename, data)
    return target


def _start(mode: str, archive: Path, models_dir: Path, **env: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", INSTALL, mode, str(archive), str(models_dir)],
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _assert_one_working_model(models_dir: Path, versions: set[str]) -> str:
    """The en→ru model in place is one of ``versions`` and translates; returns its version."""
    package = find_package(models_dir, Language.ru)  # settles what a crash left, as any command does
    assert package is not None, sorted(p.name for p in models_dir.rglob("*"))
    assert package.version in versions
    assert not (models_dir / STAGING_DIR).exists()
    translators, _ = load_translators(
        models_dir, [Language.ru], EngineOptions(beam_size=1), state_dir=models_dir.parent / "state"
    )
    (result,) = translators[Language.ru].translate_batch(corpus_lines("en")[:1])
    assert result.text
    return package.version


# Where the old (1.0) or the new (2.0) package must be after a kill at each step of a reinstall.
STEPS = {
    ("exchange", "staged"): "1.0",
    ("exchange", "ready"): "1.0",
    ("exchange", "swapped"): "2.0",
    ("fallback", "staged"): "1.0",
    ("fallback", "ready"): "1.0",
    ("fallback", "aside"): "2.0",  # the old package renamed aside, the new one not yet in: finished
    ("fallback", "swapped"): "2.0",
}


@pytest.mark.parametrize(("mode", "step"), STEPS, ids=[f"{mode}-{step}" for mode, step in STEPS])
def test_a_reinstall_killed_at_any_step_leaves_the_old_or_the_new_model(
    tmp_path: Path, mode: str, step: str
) -> None:
    models_dir = tmp_path / "models"
    install(models_dir, _version("1.0", tmp_path))
    killed = _start(mode, _version("2.0", tmp_path), models_dir, **{CRASH_AT_ENV: step})
    _, stderr = killed.communicate(timeout=120)
    assert killed.returncode == -signal.SIGKILL, stderr.decode()
    if mode == "exchange" or step != "aside":
        # renameat2 swaps in one step: even before anything settles it, a model is in place.
        assert read_package(models_dir / TOP).version in ("1.0", "2.0")
    assert _assert_one_working_model(models_dir, {"1.0", "2.0"}) == STEPS[mode, step]


@pytest.mark.parametrize("step", ["staged", "ready", "swapped"])
def test_a_first_install_killed_at_any_step_leaves_no_half_model(tmp_path: Path, step: str) -> None:
    models_dir = tmp_path / "models"
    models_dir.mkdir()
    killed = _start("exchange", package_file(Language.ru), models_dir, **{CRASH_AT_ENV: step})
    killed.communicate(timeout=120)
    assert killed.returncode == -signal.SIGKILL
    if step == "staged":  # unpacked and checked, not yet marked ready: as if never started
        assert installed_packages(models_dir) == []
        assert not (models_dir / STAGING_DIR).exists()
    else:  # marked ready: the next command finishes the install
        _assert_one_working_model(models_dir, {"1.0"})


@pytest.mark.slow
def test_random_kills_during_reinstalls_always_leave_a_working_model(tmp_path: Path) -> None:
    # The figure was 1 model-less pair in 100 random kills; 30 kills here, half without the
    # exchange, each timed at random inside a transaction slowed to about half a second.
    models_dir = tmp_path / "models"
    install(models_dir, _version("1.0", tmp_path))
    packages = {version: _version(version, tmp_path) for version in ("1.0", "2.0")}
    rng = random.Random(17)
    seen: dict[str, int] = {}
    kills = 0
    for attempt in range(30):
        mode = "fallback" if attempt % 2 else "exchange"
        process = _start(
            mode, packages["2.0" if attempt % 4 < 2 else "1.0"], models_dir, **{STEP_DELAY_ENV: "0.1"}
        )
        deadline = time.monotonic() + 60
        while (
            not (models_dir / STAGING_DIR).exists() and process.poll() is None and time.monotonic() < deadline
        ):
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.5))
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        kills += process.returncode == -signal.SIGKILL
        version = _assert_one_working_model(models_dir, {"1.0", "2.0"})
        seen[version] = seen.get(version, 0) + 1
    assert kills >= 25  # most kills landed before the install finished
    assert len(seen) == 2, seen


# --- recovery of what a crash left, built by hand --------------------------------------------------


def _leftover(models_dir: Path, *, ready: bool, new: bool, old: bool) -> Path:
    """A transaction folder as a crash between steps leaves it, holding copies of the installed package."""
    folder = models_dir / STAGING_DIR / "tmpcrash"
    (folder / "new").mkdir(parents=True)
    (folder / "old").mkdir()
    if ready:
        (folder / READY_FILE).write_text(json.dumps({"package": TOP}))
    for wanted, where in ((new, "new"), (old, "old")):
        if wanted:
            scratch = models_dir.parent / f"scratch-{where}"
            install(scratch, package_file(Language.ru))  # a whole package, install record and all
            os.rename(scratch / TOP, folder / where / TOP)
    return folder


@pytest.mark.parametrize(
    ("ready", "new", "old", "installed"),
    [
        (True, True, True, True),  # old aside, new not in: finish
        (True, True, False, True),  # first install, not renamed in yet: finish
        (True, False, True, True),  # only the old one left: roll back
        (False, True, False, False),  # killed while unpacking a first install: nothing happened
        (False, False, True, False),  # a removal killed before its clean-up: the removal stands
    ],
    ids=["finish-reinstall", "finish-first-install", "roll-back", "never-ready", "removed"],
)
def test_recover_finishes_or_rolls_back(
    tmp_path: Path, ready: bool, new: bool, old: bool, installed: bool
) -> None:
    models_dir = tmp_path / "models"
    models_dir.mkdir()
    _leftover(models_dir, ready=ready, new=new, old=old)
    recover(models_dir)
    assert (find_package(models_dir, Language.ru) is not None) is installed
    assert sorted(path.name for path in models_dir.iterdir() if path.is_dir()) == ([TOP] if installed else [])


def test_a_leftover_never_replaces_an_installed_package(tmp_path: Path) -> None:
    models_dir = install_all(tmp_path / "models", (Language.ru,))
    marker = models_dir / TOP / "model" / "model.bin"
    before = marker.stat().st_ino
    _leftover(models_dir, ready=True, new=True, old=True)
    recover(models_dir)
    assert marker.stat().st_ino == before
    assert not (models_dir / STAGING_DIR).exists()


def test_a_reader_waits_for_no_running_install(tmp_path: Path) -> None:
    # While an install holds the lock, a reader sees what is in place and does not touch the staging.
    models_dir = install_all(tmp_path / "models", (Language.ru,))
    folder = _leftover(models_dir, ready=False, new=True, old=False)
    from translate.fileio import locked

    with locked(models_dir / staging.LOCK_NAME):
        started = time.monotonic()
        assert [package.code for package in installed_packages(models_dir)] == [TOP]
        assert time.monotonic() - started < 5
        assert folder.exists()
    installed_packages(models_dir)
    assert not folder.exists()


def test_an_error_between_the_two_renames_is_settled_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    models_dir = tmp_path / "models"
    install(models_dir, _version("1.0", tmp_path))
    monkeypatch.setattr(staging, "exchange", lambda first, second: False)

    def interrupted(step: str) -> None:
        if step == "aside":
            raise KeyboardInterrupt

    monkeypatch.setattr(staging, "checkpoint", interrupted)
    with pytest.raises(KeyboardInterrupt):
        install(models_dir, _version("2.0", tmp_path))
    # Ctrl-C after the old package went aside: the clean-up puts the new one in rather than delete both.
    assert read_package(models_dir / TOP).version == "2.0"
    assert not (models_dir / STAGING_DIR).exists()


def test_remove_is_one_rename(tmp_path: Path) -> None:
    models_dir = install_all(tmp_path / "models", (Language.ru, Language.kk))
    remove(models_dir, "ru")
    assert [package.code for package in installed_packages(models_dir)] == ["translate-en_kk-1_0"]
    assert not (models_dir / STAGING_DIR).exists()


def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "one").touch()
    (second / "two").touch()
    if not staging.exchange(first, second):
        pytest.skip("no renameat2(RENAME_EXCHANGE) here")
    assert [p.name for p in first.iterdir()] == ["two"]
    assert [p.name for p in second.iterdir()] == ["one"]
