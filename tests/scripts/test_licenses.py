"""The committed licence inventory, licenses.md: it lists exactly the locked tree and no unaccepted copyleft."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import locked_tree

INVENTORY = locked_tree.ROOT / "licenses.md"
REGENERATE = "run bash scripts/licenses.sh (after bash scripts/setup.sh) and commit licenses.md"

# GPL-family packages a maintainer has read and accepted: canonical name -> one line on why it is fine.
# Empty: pip-licenses reports no GPL, LGPL or AGPL package in the tree (README.md, "Licences").
COPYLEFT_ACCEPTED: dict[str, str] = {}
_COPYLEFT = re.compile(r"GPL|General Public License", re.IGNORECASE)


def read_inventory(text: str) -> dict[str, tuple[str, str]]:
    """The ``canonical name -> (version, licence)`` rows of the markdown table pip-licenses wrote."""
    rows: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or cells[0] == "Name" or set(cells[0]) <= {"-"}:
            continue
        name = locked_tree.canonical(cells[0])
        assert name not in rows, f"licenses.md lists {cells[0]} twice; {REGENERATE}"
        rows[name] = (cells[1], cells[2])
    return rows


@pytest.fixture(scope="module")
def inventory() -> dict[str, tuple[str, str]]:
    return read_inventory(INVENTORY.read_text(encoding="utf-8"))


def test_inventory_lists_exactly_the_locked_packages_and_versions(
    inventory: dict[str, tuple[str, str]],
) -> None:
    lock = locked_tree.read_lock()
    listed = {name: version for name, (version, _licence) in inventory.items()}
    stale = []
    for name in sorted(lock.keys() | listed.keys()):
        locked, shown = lock.get(name), listed.get(name)
        if shown is None:
            stale.append(f"{name}: missing, lock says {locked}")
        elif locked is None:
            stale.append(f"{name}: listed at {shown}, not in the lock")
        elif shown != locked:
            stale.append(f"{name}: listed at {shown}, lock says {locked}")
    assert not stale, "licenses.md is not the tree in requirements.lock:\n  " + "\n  ".join(
        [*stale, REGENERATE]
    )


def test_inventory_has_no_unaccepted_gpl_family_licence(inventory: dict[str, tuple[str, str]]) -> None:
    copyleft = {name: licence for name, (_version, licence) in inventory.items() if _COPYLEFT.search(licence)}
    unaccepted = {name: licence for name, licence in copyleft.items() if name not in COPYLEFT_ACCEPTED}
    assert not unaccepted, (
        f"GPL-family licences in licenses.md: {unaccepted}; drop or replace the package, or add it to "
        "COPYLEFT_ACCEPTED in tests/scripts/test_licenses.py with the reason it is acceptable"
    )


def test_accepted_copyleft_packages_are_still_in_the_tree(inventory: dict[str, tuple[str, str]]) -> None:
    gone = sorted(COPYLEFT_ACCEPTED.keys() - inventory.keys())
    assert not gone, f"COPYLEFT_ACCEPTED names packages the tree no longer has: {gone}; remove them"


def test_the_agpl_sentence_splitter_of_argostranslate_1_11_is_not_locked() -> None:
    pins = locked_tree.read_lock()
    assert pins["argostranslate"].startswith("1.10."), "argostranslate moved off 1.10: see README, Licences"
    assert "minisbd" not in pins, "minisbd (AGPL-3.0) is in requirements.lock: see README, Licences"


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "| Name | Version | License | URL |\n|---|---|---|---|\n| PyYAML | 6.0.4 | MIT License | https://pyyaml.org/ |\n",
            {"pyyaml": ("6.0.4", "MIT License")},
        ),
        (
            "# Title\n\nProse | with a bar.\n\n| Name | Version | License |\n|--|--|--|\n| typing_extensions | 4.16.0 | PSF-2.0 |\n",
            {"typing-extensions": ("4.16.0", "PSF-2.0")},
        ),
    ],
    ids=["pip-licenses-table-with-urls", "prose-around-the-table"],
)
def test_read_inventory_takes_the_table_rows_with_canonical_names(
    table: str, expected: dict[str, tuple[str, str]]
) -> None:
    assert read_inventory(table) == expected
