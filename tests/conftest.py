"""Shared fixtures: an isolated environment for every test and a throwaway project with the seed."""

from __future__ import annotations

import functools
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "2023-11-04-halk-maslahaty-kazakhstan.txt"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every per-user folder (XDG, argos, models) at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(home / "argos-packages"))
    monkeypatch.setenv("TRANSLATE_MODELS_DIR", str(home / "models"))
    monkeypatch.delenv("TRANSLATE_PROJECT", raising=False)
    return home


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """A fresh project folder holding a copy of the sample seed article."""
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    shutil.copy(SEED, root / "seeds" / SEED.name)
    return root


@functools.cache
def _tree_differences() -> tuple[str, ...]:
    """How the installed tree differs from requirements.lock (empty under the lock)."""
    sys.path.insert(0, str(REPO / "scripts"))
    import locked_tree

    return tuple(locked_tree.differences(locked_tree.read_lock(), locked_tree.installed()))


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Run ``@pytest.mark.locked`` checks (exact model bytes and outputs) only on the locked tree."""
    if item.get_closest_marker("locked") is None:
        return
    differences = _tree_differences()
    if differences:
        shown = "; ".join(differences[:4]) + (
            f"; and {len(differences) - 4} more" if len(differences) > 4 else ""
        )
        pytest.skip(f"exact output holds only under requirements.lock, and this tree differs: {shown}")
