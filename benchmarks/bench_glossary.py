"""Term-base commands on a large generated glossary: ``glossary lint`` (JSON, text), ``list``, ``check``.

Generates (in a temporary folder, never committed) a project whose ``glossary/`` holds N terms with
ru, tk and kk renderings spread over the five kind files, and a catalog of news-like sentences that
mention some of them, then times each command, run in a fresh process as a user runs it, at each size
(1,000 and 60,000 terms unless told). It prints wall and CPU seconds and the CPU cost per term, as a
ratio against the smallest size: 1.00 is linear growth.

Then it checks one long segment of 1, 3, 10 and 30 kB (the catalog's sentences joined, with the
generated term base of the first size, and the project's glossary on the seed's sentences) and prints
the CPU time per kB with its ratio to the 1 kB segment (1.00: linear in the text). Last, it compares
``translate check`` with GNU ``msgfmt -c`` on a generated catalog of 20,000 entries with the project
glossary (``benchmarks/bench_archive_check.py`` builds it). It asserts nothing about time.

    .venv/bin/python benchmarks/bench_glossary.py [--terms 1000,8000,60000] [--profile lint]
        [--segments 1,3,10,30] [--entries 20000]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import polib  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from translate.cli import app  # noqa: E402
from translate.glossary.matching import find_source_terms  # noqa: E402
from translate.glossary.termbase import TermBase  # noqa: E402
from translate.glossary.tomlfile import load_termbase  # noqa: E402
from translate.glossary.violations import check_translation  # noqa: E402
from translate.languages import Language  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
SEED = "2023-11-04-halk-maslahaty-kazakhstan"

KINDS = {
    "place": "places.toml",
    "person": "people.toml",
    "organization": "organizations.toml",
    "title": "titles.toml",
    "thing": "general.toml",
}
SYLLABLES = ["ka", "ra", "ma", "ly", "gen", "dar", "sha", "bek", "tur", "mon", "ash", "ha", "bat", "ser"]
# One-to-one letters, so a rendering is a plausible transliteration in each script.
CYRILLIC = dict(zip("abdeghiklmnoprstuy", "абдегхиклмнопрстуы", strict=True))


def _words(rng: random.Random, count: int) -> str:
    return " ".join(
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(count)
    )


def _cyrillic(text: str) -> str:
    return "".join(CYRILLIC.get(char.lower(), char) if char.islower() else _upper(char) for char in text)


def _upper(char: str) -> str:
    return CYRILLIC.get(char.lower(), char).upper() if char.isalpha() else char


def generate(root: Path, count: int, seed: int = 17) -> tuple[Path, list[str]]:
    """A project under ``root`` with ``count`` terms; returns its folder and some English term forms."""
    rng = random.Random(seed)
    glossary = root / "glossary"
    glossary.mkdir(parents=True)
    tables: dict[str, list[str]] = {name: [] for name in KINDS.values()}
    seen: set[str] = set()
    forms: list[str] = []
    index = 0
    while len(seen) < count:
        en = _words(rng, rng.choice((1, 2, 2, 3)))
        if en.casefold() in seen:
            continue
        seen.add(en.casefold())
        index += 1
        kind = rng.choice(list(KINDS))
        term_id = f"t{index:06d}-{en.lower().replace(' ', '-')}"[:80]
        lines = [f"[{term_id}]", f'en = "{en}"', f'kind = "{kind}"']
        if rng.random() < 0.1:
            lines.append(f'note = "generated term {index}"')
        ru = _cyrillic(en)
        lines += ["", f"[{term_id}.ru]", f'text = "{ru}"']
        lines += ["", f"[{term_id}.tk]", f'text = "{en}"']
        if rng.random() < 0.2:
            lines.append('status = "provisional"')
        if rng.random() < 0.9:
            lines += ["", f"[{term_id}.kk]", f'text = "{ru}"']
        tables[KINDS[kind]].append("\n".join(lines))
        if len(forms) < 2000:
            forms.append(en)
    for name, items in tables.items():
        (glossary / name).write_text("\n\n".join(items) + "\n", encoding="utf-8")
    return root, forms


def catalog(root: Path, forms: list[str], entries: int = 200) -> Path:
    """A ru catalog of news-like sentences, each naming two terms, half of them rendered as the base says."""
    rng = random.Random(5)
    po = polib.POFile()
    po.metadata = {"Language": "ru", "Content-Type": "text/plain; charset=UTF-8"}
    for number in range(entries):
        first, second = rng.sample(forms, 2)
        msgid = f"The delegation of {first} met {second} on day {number}."
        other = _cyrillic(second) if number % 2 else "кем-то"
        msgstr = f"Делегация {_cyrillic(first)} встретилась с {other}."
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    path = root / "locales" / "ru" / "LC_MESSAGES" / "bench.po"
    path.parent.mkdir(parents=True)
    po.save(str(path))
    return path


def _commands(root: Path, po: Path) -> dict[str, list[str]]:
    project = ["-C", str(root)]
    return {
        "lint": ["glossary", "lint", *project, "--json"],
        "lint-txt": ["glossary", "lint", *project],
        "list": ["glossary", "list", *project],
        "check": ["glossary", "check", str(po), *project, "--json"],
    }


def _timed(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one command run as a user runs it: a fresh process, output to a file.

    CPU time is what a machine shared with other work does not blur; a fresh process keeps one
    command's caches (pymorphy3's parses, the paradigms) from flattering the next.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        done = subprocess.run(
            [sys.executable, "-m", "translate", *args],
            stdout=out,
            stderr=subprocess.PIPE,
            check=False,
            env=_environment(),
        )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def _environment() -> dict[str, str]:
    """The environment of a command: it imports the toolkit of this checkout, as this script does."""
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), environment.get("PYTHONPATH")]))
    return environment


def _in_process(args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    if result.exit_code not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({result.exit_code}): {result.output[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--terms",
        default="1000,60000",
        help="Sizes to time, comma-separated; the first is the baseline (default 1000,60000)",
    )
    parser.add_argument(
        "--profile",
        choices=("lint", "lint-txt", "list", "check"),
        help="Profile one command at the largest size.",
    )
    parser.add_argument("--segments", default="1,3,10,30", help="Segment sizes in kB (empty: skip)")
    parser.add_argument("--entries", type=int, default=20_000, help="Entries of the msgfmt catalog (0: skip)")
    args = parser.parse_args()
    sizes = sorted(int(value) for value in args.terms.split(","))
    segments = [float(value) for value in args.segments.split(",") if value]
    timings: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-glossary-") as tmp:
        for size in sizes:
            root, forms = generate(Path(tmp) / str(size), size)
            po = catalog(root, forms)
            commands = _commands(root, po)
            if args.profile and size == sizes[-1]:
                _profile(_in_process, commands[args.profile])
            for name, command in commands.items():
                timings.setdefault(name, []).append(_timed(command))
            if segments and size == sizes[0]:
                generated = _segment_times(load_termbase(root / "glossary"), polib.pofile(str(po)), segments)
        if segments:
            seed = polib.pofile(str(ROOT / "tests" / "fixtures" / "reviewed" / "ru" / f"{SEED}.po"))
            project = _segment_times(load_termbase(ROOT / "glossary"), seed, segments)
        gnu = _versus_msgfmt(Path(tmp) / "large", args.entries) if args.entries else None
    print(f"{'command':>8}{'terms':>8}{'wall s':>9}{'cpu s':>8}{'cpu ms/term':>13}{'vs first':>10}")
    for name, times in timings.items():
        baseline = times[0][1] / sizes[0]
        for size, (wall, cpu) in zip(sizes, times, strict=True):
            per_term = cpu / size
            ratio = per_term / max(baseline, 1e-12)
            print(f"{name:>8}{size:>8}{wall:>9.2f}{cpu:>8.2f}{per_term * 1000:>13.3f}{ratio:>10.2f}")
    print("vs first: CPU cost per term against the smallest size (1.00 = linear growth, below = cheaper).")
    if segments:
        print("\none segment, glossary check (check_translation), CPU per kB; vs 1st: against the smallest")
        print(f"{'glossary':>22}{'kB':>6}{'terms':>7}{'cpu s':>9}{'ms/kB':>9}{'vs 1st':>8}")
        for name, rows in ((f"generated {sizes[0]} terms", generated), ("project glossary", project)):
            for kb, terms, cpu in rows:
                per_kb = cpu / kb * 1000
                ratio = per_kb / max(rows[0][2] / rows[0][0] * 1000, 1e-9)
                print(f"{name:>22}{kb:>6.0f}{terms:>7}{cpu:>9.3f}{per_kb:>9.2f}{ratio:>8.2f}")
    if gnu is not None:
        count, ours, theirs = gnu
        print(f"\ntranslate check on one catalog of {count} entries, project glossary: {ours:.2f} s CPU")
        print(f"msgfmt -c on it: {theirs:.2f} s CPU; check / msgfmt -c = {ours / max(theirs, 1e-3):.1f} x")


def _segment_times(
    termbase: TermBase, po: polib.POFile, sizes: list[float]
) -> list[tuple[float, int, float]]:
    """CPU seconds of the glossary check of one segment of each size (kB of translation), made of the
    catalog's sentences joined; with the number of term matches found in its source."""
    pairs = [(entry.msgid, entry.msgstr) for entry in po if entry.msgid and entry.msgstr]
    language = Language.lookup(po.metadata.get("Language", "ru")) or Language.ru
    check_translation(termbase, language, *pairs[0])  # load the morphology before timing
    rows = []
    for kb in sizes:
        sources: list[str] = []
        targets: list[str] = []
        while len(" ".join(targets).encode()) < kb * 1000:
            source, target = pairs[len(targets) % len(pairs)]
            sources.append(source)
            targets.append(target)
        source, target = " ".join(sources), " ".join(targets)
        started = time.process_time()
        check_translation(termbase, language, source, target)
        cpu = time.process_time() - started
        matches = sum(1 for top in find_source_terms(termbase, source) for _ in top.walk())
        rows.append((kb, matches, cpu))
    return rows


def _versus_msgfmt(root: Path, entries: int) -> tuple[int, float, float] | None:
    """CPU seconds of ``translate check --quiet`` and ``msgfmt -c`` on one generated catalog."""
    if not shutil.which("msgfmt"):
        return None
    from bench_archive_check import build_large_catalog, measure

    shutil.copytree(ROOT / "glossary", root / "glossary")
    path = root / "locales" / "ru" / "LC_MESSAGES" / "large.po"
    count = build_large_catalog(path, entries)
    ours = measure([sys.executable, "-m", "translate", "check", "--quiet", str(path)], root)
    theirs = measure(["msgfmt", "-c", "-o", os.devnull, str(path)], root)
    return count, ours.cpu, theirs.cpu


def _profile(action: Callable[[list[str]], object], command: list[str]) -> None:
    profiler = cProfile.Profile()
    profiler.runcall(action, command)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
