"""Whole runs on the Ray executor (a local 2-CPU instance, the tiny real models): the same bytes as the
local engine on one document and on 200, a worker killed during ``translate run`` changes nothing in the
catalogs, and packages shipped through the object store work."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests._models import LANGUAGES, corpus_lines, install_all
from tests._ray import local_ray, ray
from translate.cli import app
from translate.engine.cache import MTCache
from translate.engine.distributed import ACTOR_PREFIX, Executor, RayOptions, open_ray_translators, release
from translate.engine.stack import open_translators
from translate.engine.translator import EngineOptions
from translate.languages import Language
from translate.pipeline import run
from translate.project import Project

__all__ = ["local_ray"]  # a fixture, used by name

REPO = Path(__file__).resolve().parents[2]
VOLATILE = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"$', re.M)


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install_all(tmp_path_factory.mktemp("models"))


def test_shipping_models_through_the_object_store_gives_the_same_output(
    models_dir: Path, local_ray: None
) -> None:
    options = EngineOptions()
    by_path, _ = open_ray_translators(models_dir, [Language.ru], options, RayOptions(actors=1))
    segments = corpus_lines("en")[:20]
    expected = by_path[Language.ru].translate_batch(segments)
    release(by_path)
    shipped, _ = open_ray_translators(
        models_dir, [Language.ru], options, RayOptions(actors=1, ship_models=True)
    )
    assert shipped[Language.ru].translate_batch(segments) == expected
    release(shipped)


def _catalogs(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): VOLATILE.sub("", path.read_text(encoding="utf-8"))
        for path in sorted((root / "locales").rglob("*.po"))
    }


def _project(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    (root / "seeds").mkdir(parents=True)
    shutil.copy(REPO / "seeds" / "2023-11-04-halk-maslahaty-kazakhstan.txt", root / "seeds")
    shutil.copytree(REPO / "glossary", root / "glossary")
    return root


def test_a_run_on_ray_with_a_worker_killed_writes_what_a_local_run_writes(
    models_dir: Path, tmp_path: Path, local_ray: None
) -> None:
    runner = CliRunner()
    local = _project(tmp_path, "local")
    done = runner.invoke(app, ["run", "-C", str(local), "--models-dir", str(models_dir)])
    assert done.exit_code == 0, done.output

    remote = _project(tmp_path, "remote")
    killed: list[str] = []

    def kill_one_worker() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not killed:
            ours = sorted(name for name in ray.util.list_named_actors() if name.startswith(ACTOR_PREFIX))
            if ours:
                time.sleep(1.0)  # let the run start sending shards
                ray.kill(ray.get_actor(ours[-1]), no_restart=False)
                killed.append(ours[-1])
            time.sleep(0.05)

    killer = threading.Thread(target=kill_one_worker)
    killer.start()
    args = [
        "run",
        "-C",
        str(remote),
        "--models-dir",
        str(models_dir),
        "--executor",
        "ray",
        "--ray-actors",
        "2",
    ]
    result = runner.invoke(app, args)
    killer.join()
    assert result.exit_code == 0, result.output
    assert killed
    assert _catalogs(remote) == _catalogs(local)
    # Every suggestion the run needed is in the MT cache once: a re-run asks the engine for nothing.
    with MTCache.in_state_dir(remote / ".translate") as cache:
        assert len(cache) > 0
    again = runner.invoke(app, [*args, "--json"])
    assert again.exit_code == 0, again.output
    assert all(not catalog["machine_translated"] for catalog in json.loads(again.stdout)["catalogs"])


NOW = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)


def _corpus_project(tmp_path: Path, name: str, documents: int) -> Path:
    """A project of the seed article and ``documents`` more, each three paragraphs of the fixture
    corpus's sentences."""
    root = tmp_path / name
    (root / "seeds").mkdir(parents=True)
    shutil.copy(REPO / "seeds" / "2023-11-04-halk-maslahaty-kazakhstan.txt", root / "seeds")
    lines = corpus_lines("en")
    for number in range(documents):
        picked = [lines[(number * 7 + step * 11) % len(lines)] for step in range(6)]
        paragraphs = [" ".join(picked[start : start + 2]) for start in range(0, 6, 2)]
        (root / "seeds" / f"article-{number:03}.txt").write_text("\n\n".join(paragraphs) + "\n")
    return root


@pytest.mark.parametrize("documents", [0, 200], ids=["the-seed", "seed-and-200-documents"])
def test_ray_writes_the_same_bytes_as_the_local_engine(
    models_dir: Path, tmp_path: Path, local_ray: None, documents: int
) -> None:
    written: dict[Executor, dict[str, bytes]] = {}
    for executor in (Executor.local, Executor.ray):
        project = Project.at(_corpus_project(tmp_path, executor.value, documents))
        translators, missing = open_translators(
            models_dir,
            LANGUAGES,
            EngineOptions(),
            state_dir=project.state_dir,
            executor=executor,
            ray_options=RayOptions(actors=2),
        )
        try:
            run(project, [], LANGUAGES, translators, missing, now=NOW)
        finally:
            release(translators)
        written[executor] = {
            path.relative_to(project.root).as_posix(): path.read_bytes()
            for path in sorted(project.locales_dir.rglob("*.po*"))
        }
    assert len(written[Executor.ray]) == (documents + 1) * (len(LANGUAGES) + 1)
    assert written[Executor.ray] == written[Executor.local]
