"""The desk at archive scale: every step from ``run`` to ``publish`` on 1 to 10,000 documents, each a
subprocess of the ``translate`` CLI measured for wall time, CPU time and peak RSS, beside GNU
``msgfmt -c`` and ``msgmerge --previous`` doing comparable work on the same catalogs.

Usage (from the repository root)::

    PYTHONPATH=$PWD python benchmarks/bench_scale.py                # sizes 1,10,100,1000,10000
    PYTHONPATH=$PWD python benchmarks/bench_scale.py --max 100      # only the sizes up to 100
    PYTHONPATH=$PWD python benchmarks/bench_scale.py --sizes 1,10 --timeout 600 --keep

Long runs print each measure as it is taken, so ``nohup ... > scale.log &`` can be followed with ``tail``.

The documents. Document ``k`` is the seed article (``seeds/``) with ``(k)`` after its title and its body
paragraphs rotated by ``k`` places: every sentence but the title is shared by all documents, so after the
first document the MT cache answers them, and the engine is called for the one new title per document
and language. What grows with N is then the desk's own work (segmenting, merging, filling, checking,
writing), which is what this measures; the tiny fixture models say nothing about a real model's speed.
The files are written directly (10,000 documents take a few seconds).

The models and the environment. The tiny fixture packages (``tests/fixtures/models``) are installed
once with ``translate models install``; ``HOME``, ``XDG_DATA_HOME``, ``XDG_CACHE_HOME``,
``XDG_CONFIG_HOME``, ``ARGOS_PACKAGES_DIR`` and ``TRANSLATE_MODELS_DIR`` point into the benchmark's
temporary folder, so nothing touches the user's home. Each size gets a fresh project (its own MT cache
and translation memory), removed when measured unless ``--keep``.

The steps, in order, for each size:

- ``run``, first: segments every document and fills its ru, tk and kk catalogs;
- ``run``, unchanged re-run: nothing changed since;
- ``run``, after one reviewer save: the ru catalog of ``doc-0`` gets the reviewed translation of its
  (numbered, so used nowhere else) title, un-fuzzied, written as a reviewer's editor would;
- ``check``, ``check -t ru``, ``check --json``, ``status``, ``report``, ``publish --allow-incomplete``;
- ``msgfmt -c -o /dev/null`` on every ru catalog, and ``msgmerge --previous -o /dev/null`` of every
  catalog with its template: one ``sh`` loop each, measured as one process (``wait4`` counts the CPU
  time of the children a process waited for and the largest child's peak RSS, so the CPU time is the
  sum over the files and the RSS the largest single file's).

Under each ``run`` its own summary line (``Catalogs: W written, U unchanged``) is printed, so that a
re-run's figures can be read beside what it wrote. A command that fails (an exit status other than the
ones it uses for findings, an error or a traceback on stderr, or more than ``--timeout`` seconds) has
the tail of its stderr printed and is marked in the table, and the run goes on.

The output is a markdown table (command by size: CPU seconds, wall seconds, peak RSS), the growth
exponent of each command's CPU time (least-squares slope of log CPU time over log N, sizes of 10 and
more: 1 is linear, 0 flat), and the ratios of CPU time: ``check -t ru`` (the same catalogs) and
``check`` (three languages) over ``msgfmt -c``, the re-runs over ``msgmerge --previous``, and the
unchanged re-run over the first run. It asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from _archive import Measure, exponent, measure

from translate.catalog.pofile import read_catalog, write_po
from translate.languages import Language

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "2023-11-04-halk-maslahaty-kazakhstan.txt"
REVIEWED = REPO / "tests" / "fixtures" / "reviewed"
MODELS = REPO / "tests" / "fixtures" / "models"
DEFAULT_SIZES = "1,10,100,1000,10000"
SAVED_LANGUAGE = Language.ru
FIT_FROM = 10
"""The smallest size the growth exponent is fitted over: below it the fixed start-up cost dominates."""

FINDINGS = (0, 1)
"""Exit statuses of a command that succeeded: 1 says there are serious findings (check) or that a
reference tool found errors in a catalog (msgfmt -c)."""


@dataclass(frozen=True, slots=True)
class Step:
    """One measured command: its row name, its arguments and the exit statuses that mean it worked."""

    name: str
    args: tuple[str, ...]
    ok: tuple[int, ...] = (0,)
    tool: str = "translate"


RUN_FIRST = Step("run (first)", ("run",))
RUN_AGAIN = Step("run (unchanged re-run)", ("run",))
RUN_SAVED = Step("run (after one reviewer save)", ("run",))
AFTER_RUNS = (
    Step("check", ("check",), FINDINGS),
    Step("check -t ru", ("check", "-t", "ru"), FINDINGS),
    Step("check --json", ("check", "--json"), FINDINGS),
    Step("status", ("status",)),
    Step("report", ("report",)),
    Step("publish --allow-incomplete", ("publish", "--allow-incomplete")),
)
# Loops over the files in one shell process; a file's failure is remembered and the loop goes on, and
# no file at all (the glob left as it is) is a failure of its own.
MSGFMT = Step(
    "msgfmt -c (every ru catalog)",
    (
        "sh",
        "-c",
        'status=0; for po in locales/ru/LC_MESSAGES/*.po; do [ -e "$po" ] || exit 2; '
        'msgfmt -c -o /dev/null "$po" || status=1; done; exit $status',
    ),
    FINDINGS,
    "msgfmt",
)
MSGMERGE = Step(
    "msgmerge --previous (every catalog)",
    (
        "sh",
        "-c",
        'status=0; for po in locales/*/LC_MESSAGES/*.po; do [ -e "$po" ] || exit 2; doc="${po##*/}"; '
        'msgmerge --quiet --previous -o /dev/null "$po" "locales/templates/${doc%.po}.pot" || status=1; '
        "done; exit $status",
    ),
    (0,),
    "msgmerge",
)
STEPS = (RUN_FIRST, RUN_AGAIN, RUN_SAVED, *AFTER_RUNS, MSGFMT, MSGMERGE)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one step at one size: its measure, or why it was not measured."""

    measure: Measure | None
    failed: bool
    why: str = ""


@dataclass(frozen=True, slots=True)
class Seed:
    """The seed article cut into what a generated document is built from."""

    date: str
    title: str
    dateline: str
    paragraphs: tuple[str, ...]


def read_seed(path: Path = SEED) -> Seed:
    """The seed's header (``date YYYY-MM-DD title``), its dateline and its body paragraphs."""
    blocks = [block.strip() for block in path.read_text(encoding="utf-8").split("\n\n") if block.strip()]
    _, date, title = blocks[0].split(maxsplit=2)
    return Seed(date, title, blocks[1], tuple(blocks[2:]))


def title(seed: Seed, number: int) -> str:
    """Document ``number``'s title: the seed's, numbered, so that it occurs in this document only."""
    return f"{seed.title} ({number})"


def document_text(seed: Seed, number: int) -> str:
    """Document ``number``: the seed with a numbered title and its paragraphs rotated ``number`` places."""
    shift = number % len(seed.paragraphs)
    body = seed.paragraphs[shift:] + seed.paragraphs[:shift]
    return "\n\n".join((f"date {seed.date} {title(seed, number)}", seed.dateline, *body)) + "\n"


def build_project(root: Path, documents: int, seed: Seed) -> None:
    """A project of ``documents`` documents in ``seeds/`` and the repository's term base."""
    shutil.copytree(REPO / "glossary", root / "glossary")
    folder = root / "seeds"
    folder.mkdir(parents=True)
    for number in range(documents):
        (folder / f"doc-{number}.txt").write_text(document_text(seed, number), encoding="utf-8")


def save_as_reviewer(root: Path, seed: Seed) -> str:
    """Give ``doc-0``'s title its reviewed translation (from the reviewed fixture) and clear its fuzzy
    flag, the way a reviewer's editor saves the catalog; return what was done, or raise ``LookupError``."""
    path = root / "locales" / SAVED_LANGUAGE.value / "LC_MESSAGES" / "doc-0.po"
    if not path.is_file():
        raise LookupError(f"{path.relative_to(root)} was not written")
    catalog = read_catalog(path)
    entry = catalog.find(title(seed, 0))
    if entry is None:
        raise LookupError(f"{path.relative_to(root)} has no entry for the title {title(seed, 0)!r}")
    reviewed = read_catalog(REVIEWED / SAVED_LANGUAGE.value / SEED.with_suffix(".po").name).find(seed.title)
    translation = reviewed.msgstr.rstrip(".") if reviewed is not None and reviewed.msgstr else entry.msgid
    entry.msgstr = f"{translation} (0)"
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None
    path.write_bytes(write_po(catalog))
    return f"reviewer save: {path.relative_to(root)}, title entry reviewed and un-fuzzied"


def environment(home: Path) -> dict[str, str]:
    """The commands' environment: every per-user folder inside ``home``, the repository importable."""
    env = {key: value for key, value in os.environ.items() if key != "TRANSLATE_PROJECT"}
    env["HOME"] = str(home)
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        env[name] = str(home / name.lower())
    env["ARGOS_PACKAGES_DIR"] = str(home / "argos-packages")
    env["TRANSLATE_MODELS_DIR"] = str(home / "models")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(REPO), os.environ.get("PYTHONPATH"))))
    return env


class Bench:
    """Runs the steps, prints each measure as it comes and keeps them for the table."""

    def __init__(self, env: Mapping[str, str], timeout: float | None) -> None:
        self.env = env
        self.timeout = timeout
        self.outcomes: dict[str, dict[int, Outcome]] = {step.name: {} for step in STEPS}

    def command(self, step: Step) -> list[str]:
        """The argument vector of ``step``."""
        return (
            [sys.executable, "-m", "translate", *step.args] if step.tool == "translate" else list(step.args)
        )

    def take(self, step: Step, size: int, root: Path) -> Outcome:
        """Measure ``step`` in ``root``, print it (with its stderr's tail if it failed) and keep it."""
        if step.tool != "translate" and shutil.which(step.tool) is None:
            return self.skip(step, size, f"{step.tool} is not installed")
        summary = step.args[:1] == ("run",)  # what run says it wrote: a re-run should write little
        result = measure(self.command(step), root, env=self.env, timeout=self.timeout, keep_stdout=summary)
        failed = result.timed_out or result.status not in step.ok or crashed(step, result)
        why = "timed out" if result.timed_out else f"exit {result.status}" if failed else ""
        if failed and crashed(step, result):
            why += ", an error on stderr"
        outcome = Outcome(result, failed, why)
        self.outcomes[step.name][size] = outcome
        mark = f"  FAILED ({why})" if failed else ""
        print(
            f"{size:>6}  {step.name:<36} {result.cpu:9.2f} {result.wall:9.2f} {result.rss_mb:8.0f}{mark}",
            flush=True,
        )
        if failed:
            print(indent(result.stderr_tail or "(nothing on stderr)"), flush=True)
        for line in result.stdout_head.splitlines():
            if line.startswith("Catalogs:"):
                print(indent(line), flush=True)
        return outcome

    def skip(self, step: Step, size: int, why: str) -> Outcome:
        """Record that ``step`` was not measured at ``size``, and why."""
        outcome = Outcome(None, True, why)
        self.outcomes[step.name][size] = outcome
        print(f"{size:>6}  {step.name:<36} not measured: {why}", flush=True)
        return outcome


CRASH = re.compile(r"^(error: |Traceback \(most recent call last\)|[\w.]+(Error|Exception)\b)", re.MULTILINE)
"""A line of stderr that says the command failed: the CLI's one-line error (``error: <file>:<line>: …``)
or an uncaught exception. Both exit 1, as ``check`` does for serious findings."""


def crashed(step: Step, result: Measure) -> bool:
    """Whether ``step``, whose exit status 1 can also mean findings, failed instead."""
    return step.tool == "translate" and result.status == 1 and CRASH.search(result.stderr_tail) is not None


def indent(text: str) -> str:
    """``text`` indented under the line of its command."""
    return "\n".join(f"        | {line}" for line in text.splitlines())


def install_models(home: Path, env: Mapping[str, str]) -> None:
    """Install the tiny fixture packages with ``translate models install``, reporting a failure."""
    packages = sorted(str(path) for path in MODELS.glob("*.argosmodel"))
    result = measure([sys.executable, "-m", "translate", "models", "install", *packages], home, env=env)
    if result.status != 0:
        print(f"models install failed (exit {result.status}); every run will fail:", flush=True)
        print(indent(result.stderr_tail), flush=True)
    else:
        print(f"installed {len(packages)} tiny fixture models in {result.wall:.1f} s", flush=True)


def chosen_steps(only: str) -> tuple[Step, ...]:
    """The steps after the runs that ``--only`` names (a step's name, or its first word: ``check`` is
    every check); all of them when it names none."""
    names = {name.strip() for name in only.split(",") if name.strip()}
    steps = (*AFTER_RUNS, MSGFMT, MSGMERGE)
    if not names:
        return steps
    known = {step.name for step in steps} | {step.name.split()[0] for step in steps}
    if unknown := sorted(names - known):
        raise SystemExit(f"--only: no step named {', '.join(unknown)}; the steps: {', '.join(sorted(known))}")
    return tuple(step for step in steps if step.name in names or step.name.split()[0] in names)


def measure_size(
    bench: Bench, size: int, folder: Path, seed: Seed, keep: bool, steps: Sequence[Step] | None = None
) -> None:
    """Build a project of ``size`` documents, run it three times and take ``steps`` (default: every
    step after the runs) in it."""
    root = folder / f"docs-{size}"
    start = time.perf_counter()
    build_project(root, size, seed)
    print(f"{size:>6}  generated {size} documents in {time.perf_counter() - start:.2f} s", flush=True)
    bench.take(RUN_FIRST, size, root)
    bench.take(RUN_AGAIN, size, root)
    try:
        print(f"{size:>6}  {save_as_reviewer(root, seed)}", flush=True)
    except LookupError as error:
        bench.skip(RUN_SAVED, size, f"no reviewer save: {error}")
    else:
        bench.take(RUN_SAVED, size, root)
    for step in chosen_steps("") if steps is None else steps:
        bench.take(step, size, root)
    if not keep:
        shutil.rmtree(root)


def cell(outcome: Outcome | None) -> str:
    """One table cell: CPU seconds, wall seconds, peak RSS; or what went wrong."""
    if outcome is None:
        return ""
    if outcome.measure is None:
        return f"not measured ({outcome.why})"
    m = outcome.measure
    text = f"{m.cpu:.2f} s ({m.wall:.2f}) · {m.rss_mb:.0f} MB"
    return f"**failed** ({outcome.why}) {text}" if outcome.failed else text


def cpu(outcome: Outcome | None) -> float | None:
    """The CPU seconds of a step that worked, else ``None``."""
    if outcome is None or outcome.failed or outcome.measure is None:
        return None
    return outcome.measure.cpu


def growth(outcomes: Mapping[int, Outcome]) -> str:
    """The fitted growth exponent of CPU time over the sizes from ``FIT_FROM`` on that worked."""
    points = [(size, value) for size, o in sorted(outcomes.items()) if size >= FIT_FROM and (value := cpu(o))]
    if len(points) < 2:
        return "n/a"
    return f"{exponent([s for s, _ in points], [v for _, v in points]):.2f}"


def ratio(top: Outcome | None, bottom: Outcome | None) -> str:
    """``top`` / ``bottom`` in CPU time, or ``n/a``."""
    a, b = cpu(top), cpu(bottom)
    return "n/a" if a is None or b is None else f"{a / max(b, 1e-3):.2f}"


RATIOS: tuple[tuple[str, Step, Step], ...] = (
    ("check -t ru / msgfmt -c (the same ru catalogs)", AFTER_RUNS[1], MSGFMT),
    ("check (ru, tk, kk) / msgfmt -c (ru)", AFTER_RUNS[0], MSGFMT),
    ("run unchanged re-run / msgmerge --previous", RUN_AGAIN, MSGMERGE),
    ("run after one save / msgmerge --previous", RUN_SAVED, MSGMERGE),
    ("run unchanged re-run / run first", RUN_AGAIN, RUN_FIRST),
)


def table(outcomes: Mapping[str, Mapping[int, Outcome]], sizes: Sequence[int]) -> str:
    """The markdown table of every step by size, its growth exponent, and the ratios."""
    head = ["command", *(f"N={size}" if i == 0 else str(size) for i, size in enumerate(sizes))]
    lines = [
        "| " + " | ".join([*head, f"CPU growth (N≥{FIT_FROM})"]) + " |",
        "|" + "---|" * (len(head) + 1),
    ]
    for name, by_size in outcomes.items():
        cells = [cell(by_size.get(size)) for size in sizes]
        lines.append("| " + " | ".join([name, *cells, growth(by_size)]) + " |")
    lines += ["", "| CPU time ratio | " + " | ".join(head[1:]) + " |", "|" + "---|" * len(head)]
    for label, top, bottom in RATIOS:
        row: list[str] = [
            ratio(outcomes[top.name].get(size), outcomes[bottom.name].get(size)) for size in sizes
        ]
        lines.append("| " + " | ".join([label, *row]) + " |")
    return "\n".join(lines)


def machine() -> str:
    """The machine and date the figures were taken on."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (
        f"{dt.date.today().isoformat()}, {platform.system()} {platform.release()}, {model}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
    )


def sizes_of(text: str, most: int | None) -> list[int]:
    """The sizes asked for, in increasing order, up to ``most``."""
    sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    if any(size < 1 for size in sizes):
        raise SystemExit("--sizes: every size must be at least 1 document")
    return [size for size in sizes if most is None or size <= most]


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the options, take every step at every size and print the table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--sizes", default=DEFAULT_SIZES, help=f"documents, comma-separated ({DEFAULT_SIZES})"
    )
    parser.add_argument("--max", type=int, default=None, metavar="N", help="leave out the sizes above N")
    parser.add_argument("--timeout", type=float, default=0, help="seconds one command may take (0: no limit)")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects and print where")
    parser.add_argument(
        "--only",
        default="",
        metavar="STEPS",
        help="after the three runs, take only these steps (comma-separated: check, status, report, publish, "
        "msgfmt, msgmerge, or a step's full name)",
    )
    args = parser.parse_args(argv)
    steps = chosen_steps(args.only)
    sizes = sizes_of(args.sizes, args.max)
    if not sizes:
        raise SystemExit("no size left: --max is below every --sizes")
    seed = read_seed()
    folder = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        home = folder / "home"
        home.mkdir()
        env = environment(home)
        bench = Bench(env, args.timeout or None)
        print(f"machine: {machine()}")
        install_models(home, env)
        print(f"{'N':>6}  {'command':<36} {'CPU s':>9} {'wall s':>9} {'peak MB':>8}")
        for size in sizes:
            measure_size(bench, size, folder, seed, args.keep, steps)
        print("")
        print(f"Each cell: CPU seconds (wall seconds) · peak RSS. {machine()}.")
        print("")
        print(table(bench.outcomes, sizes))
    finally:
        if args.keep:
            print(f"\nprojects kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
