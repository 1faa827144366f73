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
