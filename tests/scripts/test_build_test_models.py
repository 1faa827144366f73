"""The fixture builder: deterministic pieces, and a full rebuild that reproduces the committed packages."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests._models import LANGUAGES, PACKAGES, assert_rebuild_matches, package_file
from translate.languages import Language

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import build_test_models


def test_sentencepiece_training_depends_only_on_the_text() -> None:
    lines = build_test_models.DEFAULT_CORPUS.joinpath("en.txt").read_text(encoding="utf-8").splitlines()
    first = build_test_models.train_sentencepiece(lines, 300, marian=True)
    second = build_test_models.train_sentencepiece(list(lines), 300, marian=True)
    assert first == second
    assert b"/tmp" not in first


def test_misaligned_corpus_is_refused(tmp_path: Path) -> None:
    (tmp_path / "en.txt").write_text("One.\nTwo.\n", encoding="utf-8")
    (tmp_path / "ru.txt").write_text("Один.\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"en\.txt has 2 lines but ru\.txt has 1"):
        build_test_models.read_corpus(tmp_path, Language.ru)


@pytest.mark.slow
@pytest.mark.locked
def test_rebuild_reproduces_the_committed_fixtures_bit_for_bit(tmp_path: Path) -> None:
    built = build_test_models.build(build_test_models.DEFAULT_CORPUS, tmp_path, work_dir=tmp_path)
    assert sorted(path.name for path in built) == sorted(package_file(lang).name for lang in LANGUAGES)
    for path in built:
        assert_rebuild_matches(path, PACKAGES, "rerun scripts/build_test_models.py and commit the packages")


def test_committed_fixtures_record_the_libraries_of_the_lock() -> None:
    """Moving the lock without rebuilding the fixtures is caught here, before any exact check runs."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import locked_tree

    lock = locked_tree.read_lock()
    for folder in (PACKAGES, PACKAGES.parent / "glossary_models"):
        recorded = json.loads((folder / build_test_models.BUILD_INFO).read_text(encoding="utf-8"))
        for name in build_test_models.BUILD_LIBRARIES:
            assert recorded[name] == lock[name], (
                f"{folder.name}: built with {name} {recorded[name]}, requirements.lock says {lock[name]}; "
                "rebuild the fixtures (README, section Tests) and commit them with the lock"
            )


def _committed_copy(folder: Path, cpu: str) -> Path:
    """The committed Russian package in ``folder``, with a built-with.json naming today's libraries."""
    folder.mkdir()
    (folder / package_file(Language.ru).name).write_bytes(package_file(Language.ru).read_bytes())
    info = {**build_test_models.build_versions(), build_test_models.CPU_KEY: cpu}
    (folder / build_test_models.BUILD_INFO).write_text(json.dumps(info), encoding="utf-8")
    return folder


def _rezipped(package: Path, out: Path) -> Path:
    """The same files as ``package`` in a new zip (other bytes, the same model)."""
    import zipfile

    out.mkdir()
    target = out / package.name
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as copy:
        for item in reversed(source.infolist()):
            copy.writestr(item.filename, source.read(item.filename))
    assert target.read_bytes() != package.read_bytes()
    return target


def test_on_another_cpu_a_rebuild_that_translates_as_the_fixture_does_is_accepted(tmp_path: Path) -> None:
    committed = _committed_copy(tmp_path / "committed", cpu="SSE4 other-kernels")
    built = _rezipped(package_file(Language.ru), tmp_path / "built")
    assert_rebuild_matches(built, committed, "rebuild")


def test_on_another_cpu_a_rebuild_that_translates_otherwise_is_refused(tmp_path: Path) -> None:
    committed = _committed_copy(tmp_path / "committed", cpu="SSE4 other-kernels")
    (tmp_path / "built").mkdir()
    other = PACKAGES.parent / "glossary_models" / package_file(Language.ru).name
    built = tmp_path / "built" / package_file(Language.ru).name
    built.write_bytes(other.read_bytes())
    with pytest.raises(AssertionError, match=r"other float kernels .* translates only \d+% of"):
        assert_rebuild_matches(built, committed, "rebuild")


def test_on_the_recorded_cpu_only_the_same_bytes_pass(tmp_path: Path) -> None:
    committed = _committed_copy(tmp_path / "committed", cpu=build_test_models.cpu_kernels())
    built = _rezipped(package_file(Language.ru), tmp_path / "built")
    with pytest.raises(AssertionError, match="with the libraries and the CPU kernels the fixtures record"):
        assert_rebuild_matches(built, committed, "rebuild")
