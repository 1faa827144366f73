"""The Ray executor on a local 2-CPU Ray instance with the tiny real models: same output as the local
engine, models checked on every worker, a killed worker retried without loss, and the CLI's options."""

from __future__ import annotations

import re
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests._models import LANGUAGES, corpus_lines, install_all
from tests._ray import local_ray, ray
from translate.cli import app
from translate.engine.argos import load_translators
from translate.engine.config import EngineSettings, parse_engine_settings
from translate.engine.distributed import (
    EngineWorker,
    Executor,
    PackageRef,
    RayOptions,
    RayTranslator,
    open_ray_translators,
    pack_package,
    release,
)
from translate.engine.package import find_package, package_checksum
from translate.engine.translator import Device, EngineOptions
from translate.errors import EngineError, UsageError
from translate.languages import Language

REPO = Path(__file__).resolve().parents[2]
VOLATILE = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"$', re.M)


__all__ = ["local_ray"]  # a fixture, used by name


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install_all(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="module")
def on_ray(models_dir: Path, local_ray: None) -> Iterator[dict[Language, RayTranslator]]:
    """The three languages on two actors, which hold both CPUs of the instance until the module ends."""
    translators, reasons = open_ray_translators(models_dir, LANGUAGES, EngineOptions(), RayOptions(actors=2))
    assert reasons == {}
    assert all(isinstance(t, RayTranslator) for t in translators.values())
    yield translators  # type: ignore[misc]
    release(translators)
    assert all(not t.actors for t in translators.values())  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", LANGUAGES, ids=[language.value for language in LANGUAGES])
def test_ray_gives_what_the_local_engine_gives_and_shares_its_cache_identity(
    models_dir: Path, on_ray: dict[Language, RayTranslator], language: Language
) -> None:
    local, _ = load_translators(
        models_dir, [language], EngineOptions(threads=1), state_dir=models_dir.parent / "state"
    )
    segments = corpus_lines("en") * 4  # several shards, spread over both actors
    remote = on_ray[language]
    sent = remote.shards_sent
    assert remote.translate_batch(segments) == local[language].translate_batch(segments)
    assert remote.shards_sent - sent > len(remote.actors)
    assert remote.identity == local[language].identity  # one MT cache key for both executors
    assert remote.name == local[language].name


def test_every_actor_loads_every_language_once(on_ray: dict[Language, RayTranslator]) -> None:
    actors = on_ray[Language.ru].actors
    assert len(actors) == 2
    assert all(t.actors is actors for t in on_ray.values())
    answers = ray.get([actor.ready.remote() for actor in actors])
    assert {pid for _, _, pid in answers} != {None} and len({pid for _, _, pid in answers}) == 2
    assert all(error is None and set(ids) == {lang.value for lang in LANGUAGES} for error, ids, _ in answers)


def test_nbest_decoding_is_spread_too(models_dir: Path, on_ray: dict[Language, RayTranslator]) -> None:
    from translate.engine.translator import DecodeRequest

    local, _ = load_translators(
        models_dir, [Language.ru], EngineOptions(threads=1), state_dir=models_dir.parent / "state"
    )
    requests = [DecodeRequest(text, 4) for text in corpus_lines("en")[:40]]
    assert on_ray[Language.ru].decode(requests) == local[Language.ru].decode(requests)  # type: ignore[attr-defined]
    assert on_ray[Language.ru].nbest == EngineOptions().nbest


def test_a_worker_killed_mid_call_is_restarted_and_its_shard_run_again(
    models_dir: Path, on_ray: dict[Language, RayTranslator]
) -> None:
    remote = on_ray[Language.kk]
    segments = corpus_lines("en") * 40  # about 40 shards: the kill lands while shards are in flight
    expected = remote.translate_batch(segments)
    victim = remote.actors[0]
    (_, _, pid_before) = ray.get(victim.ready.remote())
    results: list[object] = []
    call = threading.Thread(target=lambda: results.append(remote.translate_batch(segments)))
    call.start()
    time.sleep(0.3)
    ray.kill(victim, no_restart=False)
    call.join(timeout=300)
    assert not call.is_alive()
    assert results == [expected]  # nothing lost, nothing twice, in order
    # Ray restarts the actor (which loads and checks its model again); ray.kill is asynchronous, so the
    # new process is waited for.
    deadline = time.monotonic() + 120
    pid_after = pid_before
    while pid_after == pid_before and time.monotonic() < deadline:
        (_, _, pid_after) = ray.get(victim.ready.remote())
        time.sleep(0.2)
    assert pid_after != pid_before


def test_a_worker_refuses_a_package_whose_checksum_differs(models_dir: Path) -> None:
    package = find_package(models_dir, Language.ru)
    assert package is not None
    worker = EngineWorker({"ru": PackageRef("0" * 64, folder=str(package.path))}, EngineOptions())
    error, identities, _ = worker.ready()
    assert error is not None and "differs from the driver's" in error and identities == {}
    with pytest.raises(EngineError, match="differs from the driver's"):
        worker.translate("ru", ["Hello."])


def test_a_worker_loads_a_shipped_package_and_checks_it(models_dir: Path, local_ray: None) -> None:
    package = find_package(models_dir, Language.tk)
    assert package is not None
    payload = ray.put(pack_package(package.path))
    worker = EngineWorker({"tk": PackageRef(package_checksum(package), payload=payload)}, EngineOptions())
    assert worker.ready()[0] is None
    assert worker.translate("tk", corpus_lines("en")[:3])[0].text


def test_languages_without_a_model_are_reasons_not_actors(tmp_path: Path, local_ray: None) -> None:
    translators, reasons = open_ray_translators(tmp_path, [Language.kk], EngineOptions(), RayOptions())
    assert translators == {} and "no model for en→kk installed" in reasons[Language.kk]


def test_without_ray_installed_the_executor_says_how_to_get_it(
    models_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(UsageError, match=r"pip install 'translate-desk\[ray\]'"):
        open_ray_translators(models_dir, [Language.ru], EngineOptions(), RayOptions())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--gpus", "0,1"], "--gpus needs --device cuda"),
        (["--gpus", "0,x", "--device", "cuda"], "--gpus takes GPU numbers"),
        (["--gpus", "1,1", "--device", "cuda"], "distinct GPU numbers"),
        (["--gpus", "0", "--device", "cuda", "--executor", "ray"], "--gpus is for one process"),
        (["--executor", "cluster"], "Invalid value for '--executor'"),
        (["--ray-actors", "-1", "--executor", "ray"], "Ray actors must be 0"),
    ],
    ids=[
        "gpus-without-cuda",
        "gpus-not-numbers",
        "gpus-twice",
        "gpus-on-ray",
        "bad-executor",
        "negative-actors",
    ],
)
def test_engine_placement_options_are_usage_errors(
    project_dir: Path, models_dir: Path, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(app, ["run", "-C", str(project_dir), "--models-dir", str(models_dir), *args])
    assert result.exit_code == 2
    assert message in result.output + result.stderr


def test_gpus_spread_one_model_over_the_listed_devices(
    models_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No GPU here: record what CTranslate2 is asked for instead of loading on one.
    import ctranslate2

    asked: list[dict[str, object]] = []

    def translator(path: str, **kwargs: object) -> object:
        asked.append(kwargs)
        raise RuntimeError("no CUDA device here")

    monkeypatch.setattr(ctranslate2, "Translator", translator)
    monkeypatch.setattr("translate.engine.argos.resolve_device", lambda device: device)
    with pytest.raises(EngineError):
        load_translators(
            models_dir,
            [Language.ru],
            EngineOptions(device=Device.cuda, gpus=(0, 1)),
            state_dir=models_dir.parent / "state",
        )
    assert asked[0]["device"] == "cuda"
    assert asked[0]["device_index"] == [0, 1] and asked[0]["inter_threads"] == 2


@pytest.mark.parametrize(
    ("text", "settings"),
    [
        ("", EngineSettings()),
        ('[engine]\nexecutor = "ray"\n', EngineSettings(executor=Executor.ray)),
        (
            '[engine]\nexecutor = "ray"\nray_address = "head:6379"\nray_actors = 8\nnbest = 2\n',
            EngineSettings(nbest=2, executor=Executor.ray, ray_address="head:6379", ray_actors=8),
        ),
    ],
    ids=["defaults", "ray", "everything"],
)
def test_engine_settings_are_read_from_translate_toml(text: str, settings: EngineSettings) -> None:
    assert parse_engine_settings(text, Path("translate.toml")) == settings


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[engine]\nexecutor = "spark"\n',
            r"translate\.toml:2: \[engine\] executor must be one of: local, ray",
        ),
        ("[engine]\nray_actors = -2\n", r"translate\.toml:2: \[engine\] ray_actors must be 0"),
        ("[engine]\nray_address = 7\n", r"translate\.toml:2: \[engine\] ray_address must be"),
    ],
    ids=["executor", "actors", "address"],
)
def test_wrong_engine_settings_name_the_line(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_engine_settings(text, Path("translate.toml"))
