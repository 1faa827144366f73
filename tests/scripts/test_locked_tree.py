"""The lock: it satisfies pyproject.toml's ranges, hashes every pin, and the tree comparison names what moved."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import locked_tree

ROOT = locked_tree.ROOT


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    return [Requirement(line) for line in listed]


@pytest.mark.parametrize("requirement", _requirements(), ids=str)
def test_the_lock_satisfies_every_range_of_pyproject(requirement: Requirement) -> None:
    lock = locked_tree.read_lock()
    name = locked_tree.canonical(requirement.name)
    assert name in lock, f"{name} is not in requirements.lock; run bash scripts/lock.sh"
    assert requirement.specifier.contains(lock[name], prereleases=True), (
        f"requirements.lock pins {name} {lock[name]}, outside {requirement.specifier}; run bash scripts/lock.sh"
    )


def test_every_pin_has_a_hash_and_torch_is_the_cpu_build() -> None:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[a-z0-9])", text.split("\n", 6)[-1])
    pins = [block for block in blocks if "==" in block.split("\n", 1)[0]]
    assert len(pins) == len(locked_tree.read_lock())
    assert all("--hash=sha256:" in block for block in pins)
    assert locked_tree.read_lock()["torch"] == "2.13.0+cpu"


def test_read_lock_takes_pins_and_canonical_names(tmp_path: Path) -> None:
    lock = tmp_path / "requirements.lock"
    lock.write_text(
        "# header\nPyYAML==6.0.4 \\\n    --hash=sha256:00\n    # via ctranslate2\n"
        "pymorphy3_dicts.ru==2.4 \\\n    --hash=sha256:11\n",
        encoding="utf-8",
    )
    assert locked_tree.read_lock(lock) == {"pyyaml": "6.0.4", "pymorphy3-dicts-ru": "2.4"}


def test_differences_name_each_moved_missing_and_extra_package() -> None:
    lock = {"ctranslate2": "4.8.5", "numpy": "2.4.6", "polib": "1.2.0"}
    tree = {"ctranslate2": "4.9.0", "numpy": "2.4.6", "minisbd": "0.9.5"}
    assert locked_tree.differences(lock, tree) == [
        "ctranslate2: installed 4.9.0, lock says 4.8.5",
        "minisbd: 0.9.5 installed, not in the lock",
        "polib: not installed, lock says 1.2.0",
    ]
    assert locked_tree.differences(lock, dict(lock)) == []


def test_lock_changes_list_what_moving_the_lock_moves() -> None:
    old = {"typer": "0.29.2", "ruff": "0.17.6"}
    new = {"typer": "0.29.3", "ruff": "0.17.6", "jinja2": "3.1.6"}
    assert locked_tree.lock_changes(old, new) == ["jinja2: (none) -> 3.1.6", "typer: 0.29.2 -> 0.29.3"]


def test_installed_reads_the_site_folders_only_not_what_a_package_puts_on_sys_path(tmp_path: Path) -> None:
    # `import ray` puts its vendored colorama and psutil (with their dist-info) at the front of
    # sys.path; the tree the lock describes must not change because a test imported ray.
    vendored = tmp_path / "thirdparty_files"
    info = vendored / "vendoredonly-9.9.9.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: vendoredonly\nVersion: 9.9.9\n", encoding="utf-8"
    )
    before = locked_tree.installed()
    sys.path.insert(0, str(vendored))
    try:
        after = locked_tree.installed()
    finally:
        sys.path.remove(str(vendored))
    assert "vendoredonly" not in after
    assert after == before
    assert "polib" in after
