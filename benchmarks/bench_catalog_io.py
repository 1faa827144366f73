"""Catalog reading and writing, and a first run's constant cost: ``write_po`` and ``read_po`` of one large
catalog, and a first ``run`` against an unchanged re-run on generated documents with the fake engine.

The large catalog is the seed's reviewed Russian sentences again and again, numbered apart (as
``bench_archive_check`` builds it). The documents are the seed article with every paragraph numbered, so
no two share a sentence. It prints wall and CPU seconds, entries per CPU second and the first-run /
re-run ratio; with ``--profile`` it also prints the top functions of each stage by cumulative time. With
``--at-limit`` it runs one document of ``MAX_DOCUMENT_BYTES`` through an engine whose output is Cyrillic
and half as long again as the source, and prints how much of ``MAX_CATALOG_BYTES`` each catalog takes.
It asserts nothing.

    PYTHONPATH=$PWD python benchmarks/bench_catalog_io.py [--docs 200] [--entries 20000] [--profile]
        [--at-limit]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.bench_archive_check import SEED, build_large_catalog  # noqa: E402
from tests._fakes import FakeTranslator  # noqa: E402
from translate.catalog.pofile import MAX_CATALOG_BYTES, read_po, write_po  # noqa: E402
from translate.document.segment import split_sentences  # noqa: E402
from translate.document.source import MAX_DOCUMENT_BYTES  # noqa: E402
from translate.languages import ALL_LANGUAGES  # noqa: E402
from translate.pipeline import run  # noqa: E402
from translate.project import Project  # noqa: E402

NOW = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)


def timed(label: str, work: Callable[[], object], profile: bool) -> float:
    """Run ``work`` once; print its wall and CPU seconds (and its profile when asked); return CPU seconds,
    which a busy shared machine disturbs less than wall time."""
    profiler = cProfile.Profile() if profile else None
    start, cpu = time.perf_counter(), time.process_time()
    if profiler is not None:
        profiler.runcall(work)
    else:
        work()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:<28} {seconds:8.3f} s wall {cpu:8.3f} s CPU")
    if profiler is not None:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(18)
        print(out.getvalue())
    return cpu


def build_documents(root: Path, documents: int) -> None:
    """``documents`` copies of the seed article, each paragraph ending in its document's number."""
    lines = (REPO / "seeds" / f"{SEED}.txt").read_text(encoding="utf-8").split("\n")
    (root / "seeds").mkdir(parents=True)
    for number in range(documents):
        text = [
            line if index < 3 or not line.strip() else f"{line} Item {number}."
            for index, line in enumerate(lines)
        ]
        (root / "seeds" / f"doc-{number}.txt").write_text("\n".join(text), encoding="utf-8")


_CYRILLIC = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "абцдефгхийклмнопярстувшхызАБЦДЕФГХИЙКЛМНОПЯРСТУВШХЫЗ",
)


def _long_cyrillic(text: str) -> str:
    """A stand-in translation: every letter Cyrillic (two bytes), half as long again as ``text``."""
    cyrillic = text.translate(_CYRILLIC)
    return f"{cyrillic} {cyrillic[: len(cyrillic) // 2]}"


def at_limit(root: Path) -> None:
    """One document of exactly MAX_DOCUMENT_BYTES: how large its catalogs get."""
    project = Project.at(root / "limit")
    build_documents(project.root, 1)
    seed = project.root / "seeds" / "doc-0.txt"
    # Every sentence numbered, so that none is the same as another and each is an entry of its own.
    sentences = [
        sentence
        for paragraph in seed.read_text(encoding="utf-8").split("\n\n")[2:]
        for sentence in split_sentences(paragraph)
    ]
    chunks: list[bytes] = []
    size, number = 0, 0
    while size < MAX_DOCUMENT_BYTES:
        paragraph = " ".join(
            f"{sentences[(number + k) % len(sentences)][:-1]} ({number + k})." for k in range(4)
        )
        number += 4
        chunks.append(paragraph.encode() + b"\n\n")
        size += len(chunks[-1])
    seed.write_bytes(b"".join(chunks)[:MAX_DOCUMENT_BYTES].rsplit(b" ", 1)[0])
    engines = {language: FakeTranslator(language, render=_long_cyrillic) for language in ALL_LANGUAGES}
    timed("run at the document limit", lambda: run(project, [], ALL_LANGUAGES, engines, now=NOW), False)
    size = seed.stat().st_size
    for path in sorted(project.locales_dir.rglob("*.po*")):
        catalog = path.stat().st_size
        print(
            f"{path.relative_to(project.locales_dir)}: {catalog / 1e6:.1f} MB, {catalog / size:.1f} x the "
            f"document, {catalog / MAX_CATALOG_BYTES:.0%} of the catalog limit"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--entries", type=int, default=20000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--at-limit", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        if args.at_limit:
            at_limit(root)
            return
        path = root / "large" / "ru" / "LC_MESSAGES" / "large.po"
        entries = build_large_catalog(path, args.entries)
        data = path.read_bytes()
        catalog = read_po(data, path)
        print(f"catalog: {entries} entries, {len(data) / 1e6:.1f} MB")
        write = timed("write_po", lambda: write_po(catalog), args.profile)
        read = timed("read_po", lambda: read_po(data, path), args.profile)
        print(f"{'':<28} {entries / write:8.0f} entries/s written, {entries / read:.0f} read")

        project = Project.at(root / "project")
        build_documents(project.root, args.docs)
        engines = {language: FakeTranslator(language) for language in ALL_LANGUAGES}
        first = timed(
            f"first run, {args.docs} docs",
            lambda: run(project, [], ALL_LANGUAGES, engines, now=NOW),
            args.profile,
        )
        again = timed(
            "unchanged re-run", lambda: run(project, [], ALL_LANGUAGES, engines, now=NOW), args.profile
        )
        print(f"first run / re-run {first / again:.1f}")


if __name__ == "__main__":
    main()
