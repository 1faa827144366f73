"""Checking and reporting an archive: ``check``, ``check --json``, ``status``, ``report`` and ``publish`` on
N documents, each as a subprocess, with its time and peak memory; and ``check`` against ``msgfmt -c``.

Each document is the seed article with its reviewed catalogs (``tests/fixtures/reviewed``), some entries
turned back into fake machine output (the msgid copied into the msgstr, fuzzy). A separate catalog of
about 20,000 entries (the seed's sentences again and again, numbered) compares ``translate check`` with
GNU ``msgfmt -c`` on one large file.

It prints a table (wall and CPU seconds, peak RSS per command and size), the log-log growth exponent of
each command's CPU time and memory over the sizes, and the ``check`` / ``msgfmt -c`` ratio; it asserts
nothing. The two run in turn ``--repeat`` times and the ratio is the median over those pairs: on a
shared machine one run of either can take half as long again as the next.

    PYTHONPATH=$PWD python benchmarks/bench_archive_check.py [--docs 1,10,100,1000] [--entries 20000]
    PYTHONPATH=$PWD python benchmarks/bench_archive_check.py --docs "" --repeat 5   # the large catalog only
"""

from __future__ import annotations

import argparse
import compileall
import math
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import polib
from _archive import Measure, exponent, measure

from translate.catalog.pofile import read_catalog, write_po
from translate.languages import Language

REPO = Path(__file__).resolve().parents[1]
SEED = "2023-11-04-halk-maslahaty-kazakhstan"
FUZZY_EVERY = 5  # one entry in this many becomes fake machine output (msgid copied, fuzzy)
VARIANTS = FUZZY_EVERY  # catalogs differ only in which entries are fuzzy: this many variants per language

COMMANDS: dict[str, list[str]] = {
    "check": ["check", "--quiet"],
    "check --json": ["check", "--json"],
    "status": ["status"],
    "report": ["report"],
    "publish": ["publish", "--allow-incomplete", "--quiet"],
}


def _variant(catalog: polib.POFile, offset: int) -> bytes:
    for index, entry in enumerate(e for e in catalog if e.msgid and not e.obsolete):
        if (index + offset) % FUZZY_EVERY == 0:
            entry.msgstr = entry.msgid
            if "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
    return write_po(catalog)


def build_archive(root: Path, documents: int) -> None:
    """A project of ``documents`` copies of the seed article, each with its catalogs in ru, tk and kk."""
    shutil.copytree(REPO / "glossary", root / "glossary")
    (root / "seeds").mkdir(parents=True)
    text = (REPO / "seeds" / f"{SEED}.txt").read_bytes()
    for language in Language:
        fixture = REPO / "tests" / "fixtures" / "reviewed" / language.value / f"{SEED}.po"
        variants = [_variant(read_catalog(fixture), offset) for offset in range(VARIANTS)]
        folder = root / "locales" / language.value / "LC_MESSAGES"
        folder.mkdir(parents=True)
        for number in range(documents):
            (folder / f"doc-{number}.po").write_bytes(variants[number % VARIANTS])
    for number in range(documents):
        (root / "seeds" / f"doc-{number}.txt").write_bytes(text)


def build_large_catalog(path: Path, entries: int) -> int:
    """One ru catalog of about ``entries`` entries: the seed's reviewed sentences, numbered apart."""
    fixture = read_catalog(REPO / "tests" / "fixtures" / "reviewed" / "ru" / f"{SEED}.po")
    sentences = [e for e in fixture if e.msgid and not e.obsolete and not e.msgid_plural]
    large = polib.POFile(wrapwidth=fixture.wrapwidth)
    large.metadata = dict(fixture.metadata)
    large.header = fixture.header
    for number in range(math.ceil(entries / len(sentences))):
        for index, entry in enumerate(sentences):
            fake = (number + index) % FUZZY_EVERY == 0
            large.append(
                polib.POEntry(
                    msgid=f"{entry.msgid} ({number})",
                    msgstr=f"{entry.msgid if fake else entry.msgstr} ({number})",
                    flags=["fuzzy"] if fake or entry.fuzzy else [],
                    comment=entry.comment,
                    occurrences=[("seeds/large.txt", str(number * len(sentences) + index + 1))],
                )
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(write_po(large))
    return len(large)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", default="1,10,100,1000", help="archive sizes in documents, comma-separated")
    parser.add_argument("--entries", type=int, default=20_000, help="entries of the large catalog (0: skip)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of check and msgfmt -c, in turn")
    parser.add_argument("--commands", default=",".join(COMMANDS), help="which commands, comma-separated")
    args = parser.parse_args()
    sizes = [int(size) for size in args.docs.split(",") if size.strip()]  # "": the large catalog only
    chosen = [name.strip() for name in args.commands.split(",")]
    translate = [sys.executable, "-m", "translate"]
    results: dict[str, list[Measure]] = {name: [] for name in chosen}
    entries_per_doc = 0
    print(f"{'documents':>9} {'entries':>8}  {'command':<13} {'wall s':>8} {'CPU s':>8} {'peak MB':>8}")
    with tempfile.TemporaryDirectory(prefix="bench-archive-") as folder:
        for size in sizes:
            root = Path(folder) / f"archive-{size}"
            build_archive(root, size)
            if not entries_per_doc:
                entries_per_doc = len(read_catalog(root / "locales" / "ru" / "LC_MESSAGES" / "doc-0.po"))
            for name in chosen:
                shutil.rmtree(root / "public", ignore_errors=True)
                result = measure([*translate, *COMMANDS[name]], root)
                results[name].append(result)
                entries = size * entries_per_doc * len(Language)
                failed = "" if result.status in (0, 1) else f"  (exit {result.status})"
                print(
                    f"{size:>9} {entries:>8}  {name:<13} {result.wall:>8.2f} {result.cpu:>8.2f} "
                    f"{result.rss_mb:>8.0f}{failed}"
                )
            shutil.rmtree(root)
        if len(sizes) > 1:
            print("\ngrowth exponent over the sizes (1 = linear): CPU time, peak RSS")
            for name, measures in results.items():
                cpu = exponent(sizes, [m.cpu for m in measures])
                rss = exponent(sizes, [m.rss_mb for m in measures])
                print(f"  {name:<13} {cpu:5.2f}  {rss:5.2f}")
        if args.entries and shutil.which("msgfmt"):
            root = Path(folder) / "large"
            shutil.copytree(REPO / "glossary", root / "glossary")
            path = root / "locales" / "ru" / "LC_MESSAGES" / "large.po"
            count = build_large_catalog(path, args.entries)
            # An installed toolkit has its bytecode (pip compiles it); without it, every run of this
            # benchmark would compile the package again when PYTHONDONTWRITEBYTECODE is set.
            compileall.compile_dir(REPO / "translate", quiet=1)
            ours_command = [*translate, "check", "--quiet", str(path)]
            gnu_command = ["msgfmt", "-c", "-o", os.devnull, str(path)]
            pairs = [(measure(ours_command, root), measure(gnu_command, root)) for _ in range(args.repeat)]
            ours_json = measure([*translate, "check", "--json", str(path)], root)
            ratios = sorted(ours.cpu / max(gnu.cpu, 1e-3) for ours, gnu in pairs)
            print(
                f"\none catalog of {count} entries ({path.stat().st_size / 1e6:.1f} MB), "
                f"{args.repeat} runs each:"
            )
            for label, runs in (
                ("translate check", [o for o, _ in pairs]),
                ("msgfmt -c", [g for _, g in pairs]),
            ):
                cpus = " ".join(f"{run.cpu:.2f}" for run in runs)
                print(f"  {label:<22} {cpus} s CPU, {max(run.rss_mb for run in runs):.0f} MB")
            print(f"  translate check --json {ours_json.cpu:.2f} s CPU, {ours_json.rss_mb:.0f} MB")
            # Each check run is paired with the msgfmt run right after it, so a pair shares the load
            # of the moment; the median of the pairs' ratios is the figure.
            listed = " ".join(f"{ratio:.1f}" for ratio in ratios)
            print(f"  check / msgfmt -c      {statistics.median(ratios):.1f}x (median; each pair: {listed})")


if __name__ == "__main__":
    main()
