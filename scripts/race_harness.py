"""Measure how many reviewer saves concurrent `translate run`s lose, with a source editor at work too.

    python scripts/race_harness.py --seconds 1800 --saves 10000   # the measurement (prints its figures)
    python scripts/race_harness.py --seconds 20 --saves 300 --json  # what its test runs

A throwaway project (``--documents`` copies of the seed article, no models: runs merge and write
without translating) is worked on at the same time by

- ``--runs`` processes, each running ``translate run --to ru,kk`` (the command line, in process) again
  and again;
- a source editor that adds and removes sentences of the articles, so that every run has work to write;
- reviewers that approve entries of the catalogs the way PO editors save, taking no lock of the
  toolkit's: half save by rename (a new file renamed over the old one, as Poedit does), half in place
  (the file opened, written and truncated, as editors do that keep the file's inode; ``--write-delay``
  is how long such a save may hold the file open before writing, as on a slow disk).

Reviewers of one file take turns among themselves (their own lock file, outside the toolkit's), as one
desk saving one file does; each approval sets a unique text on one entry. Before every save a reviewer
checks that every approval made so far in that file is still there (active or obsolete, not fuzzy): one
that is not was lost by a run, since only runs wrote the file in between; at the end every file is
checked once more. The figures (saves and losses by style, runs, the runs' writes, catalogs left to a
reviewer who kept saving) are printed at the end; the exit status is 1 if anything was lost.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "2023-11-04-halk-maslahaty-kazakhstan.txt"
STYLES = ("rename", "in-place")
LANGUAGES = ("ru", "kk")
EXTRA_SENTENCES = [f"Extra sentence number {number} was added by the source editor." for number in range(12)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="how long to run at most (default 300)")
    parser.add_argument("--saves", type=int, default=10_000, help="stop after this many reviewer saves")
    parser.add_argument("--runs", type=int, default=3, help="concurrent `translate run` processes")
    parser.add_argument(
        "--reviewers", type=int, default=4, help="reviewer processes, styles alternating (default 4)"
    )
    parser.add_argument("--documents", type=int, default=3, help="source articles (catalogs: 2 per article)")
    parser.add_argument(
        "--pause", type=float, default=0.1, help="longest pause of a reviewer between saves (seconds)"
    )
    parser.add_argument(
        "--write-delay",
        type=float,
        default=0.01,
        help="longest time an in-place save holds the file open before writing (a slow disk; seconds)",
    )
    parser.add_argument("--project", type=Path, help="work in this (new) folder instead of a temporary one")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--role", choices=["runner", "reviewer", "editor"], help=argparse.SUPPRESS)
    parser.add_argument("--style", choices=STYLES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))  # the toolkit of this checkout, as the workers get it (_environment)
    if args.role:
        assert args.project is not None
        return {"runner": _runner, "reviewer": _reviewer, "editor": _editor}[args.role](args)
    figures = measure(
        args.seconds,
        args.saves,
        args.runs,
        args.reviewers,
        args.pause,
        args.documents,
        args.write_delay,
        args.project,
    )
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        _print(figures)
    return 1 if figures["lost"] else 0


def measure(
    seconds: float,
    saves: int,
    runs: int = 3,
    reviewers: int = 4,
    pause: float = 0.1,
    documents: int = 3,
    write_delay: float = 0.01,
    project: Path | None = None,
) -> dict[str, object]:
    """Run the experiment and return its figures (``lost`` is what matters: the target is 0)."""
    with _project(project) as root:
        _first_run(root, documents)
        stop = root / ".harness" / "stop"
        workers: list[subprocess.Popen[bytes]] = []

        def start(role: str, *extra: str) -> None:
            command = [sys.executable, __file__, "--role", role, "--project", str(root), *extra]
            workers.append(subprocess.Popen(command, env=_environment()))

        started = time.monotonic()
        for _ in range(runs):
            start("runner")
        start("editor")
        for number in range(reviewers):
            style = STYLES[number % len(STYLES)]
            start("reviewer", "--style", style, "--pause", str(pause), "--write-delay", str(write_delay))
        try:
            while time.monotonic() - started < seconds and _saves(root) < saves:
                if any(worker.poll() not in (None, 0) for worker in workers):
                    break
                time.sleep(0.2)
        finally:
            stop.touch()
            codes = [worker.wait(timeout=600) for worker in workers]
        elapsed = time.monotonic() - started
        from translate.catalog.pofile import read_catalog

        # What is on disk at the end must hold every approval too (counted under "final").
        final = sum(_check(path, read_catalog(path), "final") for path in _catalogs(root))
        return _figures(root, elapsed, codes, final)


@contextlib.contextmanager
def _project(given: Path | None) -> Iterator[Path]:
    if given is not None:
        given.mkdir(parents=True, exist_ok=False)
        yield given.resolve()
        return
    with tempfile.TemporaryDirectory(prefix="race-harness-") as folder:
        yield Path(folder).resolve()


def _first_run(root: Path, documents: int) -> None:
    (root / "seeds").mkdir()
    for number in range(1, documents + 1):
        shutil.copy(SEED, root / "seeds" / f"article-{number}.txt")
    (root / ".harness").mkdir()
    subprocess.run(
        [sys.executable, "-m", "translate", "run", "--to", ",".join(LANGUAGES), "--project", str(root)],
        check=True,
        env=_environment(),
        stdout=subprocess.DEVNULL,
    )


def _environment() -> dict[str, str]:
    environment = dict(os.environ)
    # The workers import the same toolkit as this script's caller (a worktree, or the installed one).
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), environment.get("PYTHONPATH")]))
    return environment


def _catalogs(root: Path) -> list[Path]:
    return sorted(
        root / "locales" / language / "LC_MESSAGES" / f"{source.stem}.po"
        for language in LANGUAGES
        for source in (root / "seeds").glob("*.txt")
    )


# ------------------------------------------------------------------------------------------ the workers


def _stopped(root: Path) -> bool:
    return (root / ".harness" / "stop").exists()


def _runner(args: argparse.Namespace) -> int:
    """Run ``translate run`` until told to stop; count runs, catalogs written and failed runs."""
    from translate.cli import app

    root: Path = args.project
    counts = {"runs": 0, "written": 0, "failed": 0, "conflicts": 0}
    while not _stopped(root):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            try:
                code = app(
                    ["run", "--to", ",".join(LANGUAGES), "--json", "--project", str(root)],
                    standalone_mode=False,
                )
            except (SystemExit, Exception):
                code = 1
        counts["runs"] += 1
        if code:
            counts["failed"] += 1
            continue
        with contextlib.suppress(ValueError):
            report = json.loads(out.getvalue())
            counts["written"] += sum(catalog["written"] for catalog in report["catalogs"])
            counts["conflicts"] += sum(catalog["conflict"] for catalog in report["catalogs"])
    _write_json(root / ".harness" / f"runner-{os.getpid()}.json", counts)
    return 0


def _editor(args: argparse.Namespace) -> int:
    """Add and remove sentences of the sources, so that runs keep merging and writing."""
    root: Path = args.project
    original = SEED.read_text(encoding="utf-8")
    rng = random.Random(os.getpid())
    while not _stopped(root):
        source = rng.choice(sorted((root / "seeds").glob("*.txt")))
        chosen = rng.sample(EXTRA_SENTENCES, rng.randint(0, 3))
        text = original + "".join(f"\n{sentence}\n" for sentence in chosen)
        fresh = source.with_name(f".{source.name}.editor")
        fresh.write_text(text, encoding="utf-8")
        os.replace(fresh, source)
        time.sleep(rng.uniform(0.05, 0.3))
    return 0


def _reviewer(args: argparse.Namespace) -> int:
    """Approve entries one save at a time, in turn with the other reviewers, checking earlier approvals."""
    import polib

    from translate.catalog.pofile import write_po

    root: Path = args.project
    style: str = args.style
    catalogs = _catalogs(root)
    rng = random.Random(os.getpid())
    number = 0
    while not _stopped(root):
        path = rng.choice(catalogs)
        with _reviewers_turn(path):
            data = path.read_bytes()
            try:
                catalog = polib.pofile(data.decode("utf-8"), wrapwidth=78)
            except (OSError, ValueError, UnicodeDecodeError):
                continue  # a run's or another editor's file caught half written: look again
            _check(path, catalog, style)
            active = [entry for entry in catalog if not entry.obsolete and entry.msgid]
            entry = rng.choice(active)
            number += 1
            entry.msgstr = f"Проверено: {style} {os.getpid()} #{number}"
            entry.fuzzy = False
            saved = write_po(catalog)
            if style == "rename":
                fresh = path.with_name(f".{path.name}.reviewer-{os.getpid()}")
                fresh.write_bytes(saved)
                os.replace(fresh, path)
            else:
                with path.open("r+b") as handle:
                    time.sleep(rng.uniform(0.0, args.write_delay))  # the file is open, not yet written
                    handle.write(saved)
                    handle.truncate()
            approved = _approved(path)
            approved[entry.msgid] = [entry.msgstr, style]
            _write_json(_approved_file(path), approved)
            _count(path, style, "saves", style)
        time.sleep(rng.uniform(0.0, args.pause))
    return 0


@contextlib.contextmanager
def _reviewers_turn(path: Path) -> Iterator[None]:
    """One reviewer at a time per file: two people saving one file over each other is not measured."""
    with _harness(path, "turn.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _check(path: Path, catalog: object, counter: str) -> int:
    """Count (and forget) every earlier approval of ``path`` missing from ``catalog``, under ``counter``."""
    import polib

    assert isinstance(catalog, polib.POFile)
    entries = {entry.msgid: entry for entry in catalog}
    approved = _approved(path)
    lost = {
        msgid: value
        for msgid, value in approved.items()
        if msgid not in entries or entries[msgid].msgstr != value[0] or entries[msgid].fuzzy
    }
    for msgid, (_, style) in lost.items():
        _count(path, counter, "lost", style)
        del approved[msgid]
    if lost:
        _write_json(_approved_file(path), approved)
    return len(lost)


# -------------------------------------------------------------------------------------------- figures


def _harness(path: Path, name: str) -> Path:
    """The harness's own file ``name`` for catalog ``path`` (``.harness/`` is beside ``locales/``)."""
    root = path.parents[3]
    return root / ".harness" / f"{path.parent.parent.name}-{path.stem}.{name}"


def _approved_file(path: Path) -> Path:
    return _harness(path, "approved.json")


def _approved(path: Path) -> dict[str, list[str]]:
    file = _approved_file(path)
    return dict(_read_json(file)) if file.exists() else {}  # type: ignore[arg-type]


def _counts(root: Path) -> dict[str, int]:
    """Every count, summed over the counters (one file per reviewer style and catalog, and "final")."""
    total: dict[str, int] = {}
    for file in (root / ".harness").glob("*.counts.json"):
        with contextlib.suppress(FileNotFoundError, ValueError):
            for key, value in _read_json(file).items():
                total[key] = total.get(key, 0) + int(value)  # type: ignore[call-overload]
    return total


def _count(path: Path, counter: str, what: str, style: str) -> None:
    """Add one to ``what style`` in the counter file of ``counter`` for ``path`` (its writers take turns)."""
    file = _harness(path, f"{counter}.counts.json")
    counts = _read_json(file) if file.exists() else {}
    key = f"{what} {style}"
    counts[key] = int(counts.get(key, 0)) + 1  # type: ignore[call-overload]
    _write_json(file, counts)


def _saves(root: Path) -> int:
    return sum(value for key, value in _counts(root).items() if key.startswith("saves "))


def _figures(root: Path, elapsed: float, codes: list[int], final_lost: int) -> dict[str, object]:
    counts = _counts(root)
    runners = [_read_json(path) for path in sorted((root / ".harness").glob("runner-*.json"))]
    saves = {style: counts.get(f"saves {style}", 0) for style in STYLES}
    lost = {style: counts.get(f"lost {style}", 0) for style in STYLES}
    return {
        "seconds": round(elapsed, 1),
        "saves": sum(saves.values()),
        "saves_by_style": saves,
        "lost": sum(lost.values()),
        "lost_by_style": lost,
        "lost_at_the_end": final_lost,
        "runs": sum(r["runs"] for r in runners),
        "runs_failed": sum(r["failed"] for r in runners),
        "catalogs_written": sum(r["written"] for r in runners),
        "conflicts": sum(r["conflicts"] for r in runners),
        "worker_exit_codes": codes,
    }


def _print(figures: dict[str, object]) -> None:
    saves, lost = figures["saves_by_style"], figures["lost_by_style"]
    assert isinstance(saves, dict) and isinstance(lost, dict)
    print(f"{figures['saves']} reviewer saves in {figures['seconds']} s; lost: {figures['lost']}")
    for style in STYLES:
        print(f"  {style:>8} saves: {saves[style]:>6}, lost: {lost[style]}")
    print(
        f"{figures['runs']} runs ({figures['runs_failed']} failed on a file caught half written), "
        f"{figures['catalogs_written']} catalog writes, "
        f"{figures['conflicts']} left to a reviewer who kept saving"
    )
    codes = figures["worker_exit_codes"]
    assert isinstance(codes, list)
    clean = codes.count(0)
    print(f"{clean} of {len(codes)} workers stopped cleanly; {figures['lost_at_the_end']} lost at the end")


def _read_json(path: Path) -> dict[str, object]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _write_json(path: Path, data: object) -> None:
    fresh = path.with_name(f".{path.name}.{os.getpid()}")
    fresh.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(fresh, path)


if __name__ == "__main__":
    sys.exit(main())
