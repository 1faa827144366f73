"""Whole runs on the Ray executor (a local 2-CPU instance, the tiny real models): a worker killed during
``translate run`` changes nothing in the catalogs, and packages shipped through the object store work."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests._models import corpus_lines, install_all
from tests._ray import local_ray, ray
from translate.cli import app
from translate.engine.cache import MTCache
from translate.engine.distributed import ACTOR_PREFIX, RayOptions, open_ray_translators, release
from translate.engine.translator import EngineOptions
from translate.languages import Language

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
