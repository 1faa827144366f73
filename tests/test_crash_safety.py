"""Crash safety: a writer killed mid-write leaves the old or the new file; concurrent writers lose nothing."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from translate.catalog.pofile import read_catalog

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && '
    '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
)

WRITER = textwrap.dedent(
    """
    import itertools, sys
    from pathlib import Path
    from translate.fileio import atomic_write_bytes

    path = Path(sys.argv[1])
    versions = [Path(name).read_bytes() for name in sys.argv[2:]]
    for index in itertools.count():
        atomic_write_bytes(path, versions[index % len(versions)])
        if index == 0:
            print("ready", flush=True)
    """
)


def _version(tag: str, entries: int) -> bytes:
    body = "".join(f'msgid "{tag} sentence {i}"\nmsgstr "{tag} предложение {i}"\n\n' for i in range(entries))
    return (HEADER + body).encode()


@pytest.mark.slow
def test_sigkill_mid_write_leaves_a_complete_old_or_new_file(tmp_path: Path) -> None:
    versions = [_version("old", 10_000), _version("new", 12_000)]  # about 0.5 MB each: writes take a while
    files = []
    for number, data in enumerate(versions):
        file = tmp_path / f"version{number}.bin"
        file.write_bytes(data)
        files.append(str(file))
    target = tmp_path / "locales" / "doc.po"
    target.parent.mkdir()
    target.write_bytes(versions[0])
    digests = {hashlib.sha256(data).hexdigest() for data in versions}
    rng = random.Random(20231104)
    kills = 0
    for _ in range(25):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(target), *files], stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.05))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        kills += writer.returncode == -signal.SIGKILL
        data = target.read_bytes()
        assert hashlib.sha256(data).hexdigest() in digests, f"torn file of {len(data)} bytes"
        read_catalog(target)  # and it reads strictly
    assert kills == 25
    # Killed writers leave their temporary file behind (proof the kills landed mid-write), never a
    # partial target.
    leftovers = [p for p in target.parent.iterdir() if p != target]
    assert leftovers and all(p.name.endswith(".tmp") for p in leftovers)


CONCURRENT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import polib
    from translate.catalog.pofile import write_po
    from translate.fileio import atomic_write_bytes, locked
    from translate.catalog.pofile import read_catalog

    path, worker, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    for index in range(count):
        # One reviewer's save: read, add a reviewed entry, write, all under the catalog's lock.
        with locked(path, timeout=120):
            catalog = read_catalog(path)
            catalog.append(polib.POEntry(msgid=f"{worker} sentence {index}", msgstr=f"{worker} перевод {index}"))
            atomic_write_bytes(path, write_po(catalog))
    """
)


@pytest.mark.slow
def test_concurrent_writers_on_one_catalog_lose_nothing(tmp_path: Path) -> None:
    target = tmp_path / "doc.po"
    target.write_text(HEADER + 'msgid "seed"\nmsgstr "семя"\n', encoding="utf-8")
    workers, count = 4, 100
    processes = [
        subprocess.Popen([sys.executable, "-c", CONCURRENT, str(target), f"w{n}", str(count)])
        for n in range(workers)
    ]
    assert [process.wait(timeout=600) for process in processes] == [0] * workers
    msgids = {entry.msgid for entry in read_catalog(target)}
    expected = {"seed"} | {f"w{n} sentence {i}" for n in range(workers) for i in range(count)}
    assert msgids == expected  # 401 entries: nothing lost


RUNNER = textwrap.dedent(
    """
    import sys
    from collections.abc import Sequence
    from pathlib import Path
    from translate.engine.translator import Translation
    from translate.languages import Language
    from translate.pipeline import run
    from translate.project import Project

    class Fake:
        language = Language.ru
        name = "fake 1.0"
        def translate_batch(self, segments: Sequence[str]) -> list[Translation]:
            return [Translation("Перевод: " + s, self.name) for s in segments]

    root = Path(sys.argv[1])
    for _ in range(int(sys.argv[2])):
        run(Project.at(root, root / "models"), [], [Language.ru], {Language.ru: Fake()})
    """
)


@pytest.mark.slow
def test_concurrent_runs_and_a_reviewer_lose_no_reviewed_entry(project_dir: Path) -> None:
    subprocess.run([sys.executable, "-c", RUNNER, str(project_dir), "1"], check=True, env=_env())
    catalog_path = next((project_dir / "locales" / "ru" / "LC_MESSAGES").glob("*.po"))
    runs = [
        subprocess.Popen([sys.executable, "-c", RUNNER, str(project_dir), "4"], env=_env()) for _ in range(3)
    ]
    reviewed: dict[str, str] = {}
    # Meanwhile a reviewer's tool approves entries one by one under the catalog's lock. (An editor that
    # ignores the lock is covered in test_review.py: its save is detected and wins.)
    from translate.catalog.pofile import write_po
    from translate.fileio import atomic_write_bytes, locked

    for index in range(12):
        with locked(catalog_path, timeout=120):
            catalog = read_catalog(catalog_path)
            active = [entry for entry in catalog if not entry.obsolete]
            entry = active[index % len(active)]
            entry.msgstr = f"Проверено {index}"
            entry.fuzzy = False
            reviewed[entry.msgid] = entry.msgstr
            atomic_write_bytes(catalog_path, write_po(catalog))
        time.sleep(0.05)
    assert [process.wait(timeout=600) for process in runs] == [0, 0, 0]
    subprocess.run([sys.executable, "-c", RUNNER, str(project_dir), "1"], check=True, env=_env())
    final = {entry.msgid: entry for entry in read_catalog(catalog_path)}
    for msgid, msgstr in reviewed.items():
        assert final[msgid].msgstr == msgstr
        assert not final[msgid].fuzzy


def _env() -> dict[str, str]:
    return dict(os.environ)


HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from translate.fileio import locked

    with locked(Path(sys.argv[1])):
        print("holding", flush=True)
        time.sleep(30)
    """
)


def test_a_run_that_cannot_get_the_lock_says_who_holds_it(tmp_path: Path) -> None:
    from translate.errors import ToolkitError
    from translate.fileio import locked

    target = tmp_path / "doc.po"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(target)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with (
            pytest.raises(ToolkitError, match=rf"doc\.po: is locked by \S+ pid {holder.pid}; wait"),
            locked(target, timeout=0.3),
        ):
            pass
    finally:
        holder.kill()
        holder.wait()
    with locked(target, timeout=5):  # the kernel released the dead holder's lock
        pass
