"""Cost of the review workflow's safety: strict reading vs plain polib, our merge vs ``msgmerge --previous``.

Builds a large catalog (default 5000 entries, a year of articles for one language), then times:

1. ``polib.pofile`` alone vs ``translate.catalog.pofile.parse_catalog`` (line scanner + polib + checks);
2. ``translate.catalog.merge.merge_catalog`` vs GNU ``msgmerge --previous`` (a subprocess, when installed) on
   a template where a tenth of the sentences changed a word and a twentieth were removed;
3. the translation memory: learning the catalog, then exact and close look-ups per entry.

It prints figures and ratios; it asserts nothing about wall time.

    .venv/bin/python benchmarks/bench_review.py [--entries 5000]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polib

from translate.catalog.memory import TranslationMemory
from translate.catalog.merge import merge_catalog
from translate.catalog.pofile import parse_catalog
from translate.catalog.template import WRAP_WIDTH, render
from translate.languages import Language

WORDS = [
    "the",
    "president",
    "visited",
    "ashgabat",
    "today",
    "talks",
    "on",
    "gas",
    "supply",
    "were",
    "held",
    "in",
    "aktau",
    "between",
    "two",
    "countries",
    "trade",
    "turnover",
    "increased",
    "by",
    "one",
    "billion",
    "dollars",
    "transport",
    "corridor",
    "railway",
    "ports",
    "culture",
    "days",
]


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."


def _catalogs(entries: int) -> tuple[polib.POFile, polib.POFile]:
    rng = random.Random(1574)
    catalog = polib.POFile(wrapwidth=WRAP_WIDTH)
    catalog.metadata = {
        "Language": "ru",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": Language.ru.plural_forms,
    }
    seen: set[str] = set()
    while len(seen) < entries:
        seen.add(_sentence(rng))
    sources = sorted(seen)
    for index, source in enumerate(sources):
        flags = ["fuzzy"] if index % 3 else []
        catalog.append(
            polib.POEntry(
                msgid=source,
                msgstr=f"Перевод {index}: {source[:40]}",
                flags=flags,
                occurrences=[("a.txt", str(index))],
            )
        )
    template = polib.POFile(wrapwidth=WRAP_WIDTH)
    template.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for index, source in enumerate(sources):
        if index % 20 == 0:
            continue  # removed
        if index % 10 == 1:
            words = source.split()
            words[len(words) // 2] = "reworded"
            source = " ".join(words)
        if source not in {e.msgid for e in template[-3:]}:
            template.append(polib.POEntry(msgid=source, msgstr="", occurrences=[("a.txt", str(index))]))
    return catalog, template


def _time(label: str, function: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<48} {best * 1000:9.1f} ms")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    args = parser.parse_args()
    catalog, template = _catalogs(args.entries)
    data = render(catalog)
    text = data.decode()
    print(f"catalog: {args.entries} entries, {len(data) / 1e6:.1f} MB; template: {len(template)} entries\n")

    plain = _time("polib.pofile (no checks)", lambda: polib.pofile(text))
    strict = _time("parse_catalog (scanner + polib + checks)", lambda: parse_catalog(data, Path("doc.po")))
    print(f"{'strict / plain':<48} {strict / plain:9.2f} x\n")

    ours = _time("merge_catalog", lambda: merge_catalog(catalog, template))
    if shutil.which("msgmerge"):
        with tempfile.TemporaryDirectory() as folder:
            old, pot = Path(folder) / "old.po", Path(folder) / "new.pot"
            old.write_bytes(data)
            pot.write_bytes(render(template))
            command = ["msgmerge", "--previous", "-q", "-o", str(Path(folder) / "out.po"), str(old), str(pot)]
            gnu = _time("msgmerge --previous (subprocess)", lambda: subprocess.run(command, check=True), 1)
        print(f"{'merge_catalog / msgmerge':<48} {ours / gnu:9.2f} x\n")

    with tempfile.TemporaryDirectory() as folder, TranslationMemory(Path(folder) / "tm.sqlite3") as memory:
        _time("memory.learn (reviewed entries)", lambda: memory.learn(catalog, Language.ru, "bench"), 1)
        sample = [entry.msgid for entry in template][:500]
        exact = _time("memory.exact x500", lambda: [memory.exact(Language.ru, s) for s in sample], 1)
        close = _time("memory.suggest x500", lambda: [memory.suggest(Language.ru, s) for s in sample], 1)
        print(f"{'per look-up: exact / close':<48} {exact * 2:9.2f} ms / {close * 2:.2f} ms")


if __name__ == "__main__":
    main()
