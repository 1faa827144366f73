"""Compare the installed Python tree with requirements.lock.

Used by ``scripts/setup.sh`` (to take out what an older lock left behind), by the tests (exact-output
checks hold only under the lock, and say which versions differ when they can't hold) and by
``scripts/drift.sh`` (to print what moved).

Usage::

    python scripts/locked_tree.py                     # print the differences; exit 1 if there are any
    python scripts/locked_tree.py --remove-extras --pip .venv/bin/python
    python scripts/locked_tree.py --diff OLD.lock NEW.lock   # what moving from one lock to the other changes
"""

from __future__ import annotations

import argparse
import importlib.metadata
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
# The project itself and the installer are not part of the locked tree.
NOT_LOCKED = frozenset({"translate-desk", "pip"})
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def canonical(name: str) -> str:
    """A distribution name in PEP 503 form, as lock files and metadata may spell it differently."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path: Path = LOCK) -> dict[str, str]:
    """The pinned ``name -> version`` pairs of a pip-compile lock file."""
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            pins[canonical(match.group(1))] = match.group(2)
    return pins


def installed() -> dict[str, str]:
    """The ``name -> version`` pairs that the installer put in the running interpreter's environment.

    Only the environment's own site folders are read, as pip reads them: ``sys.path`` can also hold
    copies a package vendors (``import ray`` puts its bundled colorama and psutil there), which are
    not part of the tree the lock describes.
    """
    paths = sysconfig.get_paths()
    folders = list(dict.fromkeys((paths["purelib"], paths["platlib"])))
    found: dict[str, str] = {}
    for dist in importlib.metadata.distributions(path=folders):
        name = dist.metadata["Name"]
        if name:
            found[canonical(name)] = dist.version
    return {name: version for name, version in found.items() if name not in NOT_LOCKED}


def differences(lock: dict[str, str], tree: dict[str, str]) -> list[str]:
    """One line per package whose installed version is not the locked one, sorted by name."""
    lines = []
    for name in sorted(lock.keys() | tree.keys()):
        want, have = lock.get(name), tree.get(name)
        if want == have:
            continue
        if have is None:
            lines.append(f"{name}: not installed, lock says {want}")
        elif want is None:
            lines.append(f"{name}: {have} installed, not in the lock")
        else:
            lines.append(f"{name}: installed {have}, lock says {want}")
    return lines


def lock_changes(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """One line per package that moving from lock ``old`` to lock ``new`` adds, removes or moves."""
    lines = []
    for name in sorted(old.keys() | new.keys()):
        before, after = old.get(name), new.get(name)
        if before != after:
            lines.append(f"{name}: {before or '(none)'} -> {after or '(none)'}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lock", type=Path, default=LOCK, help="the lock file (default: requirements.lock)")
    parser.add_argument("--remove-extras", action="store_true", help="uninstall packages the lock lacks")
    parser.add_argument("--pip", default=sys.executable, help="the Python whose pip uninstalls extras")
    parser.add_argument("--diff", nargs=2, type=Path, metavar=("OLD", "NEW"), help="compare two lock files")
    args = parser.parse_args(argv)
    if args.diff:
        for line in lock_changes(read_lock(args.diff[0]), read_lock(args.diff[1])):
            print(line)
        return 0
    lock = read_lock(args.lock)
    tree = installed()
    if args.remove_extras:
        extras = sorted(tree.keys() - lock.keys())
        if extras:
            print(f"setup: removing packages {args.lock.name} does not list: {' '.join(extras)}")
            subprocess.run([args.pip, "-m", "pip", "uninstall", "-q", "-y", *extras], check=True)
        return 0
    lines = differences(lock, tree)
    for line in lines:
        print(line)
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
