"""The fixture builder: deterministic pieces, and a full rebuild that reproduces the committed packages."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests._models import LANGUAGES, package_file
from translate.languages import Language

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
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
def test_rebuild_reproduces_the_committed_fixtures_bit_for_bit(tmp_path: Path) -> None:
    built = build_test_models.build(build_test_models.DEFAULT_CORPUS, tmp_path, work_dir=tmp_path)
    assert sorted(path.name for path in built) == sorted(package_file(lang).name for lang in LANGUAGES)
    for language in LANGUAGES:
        assert (tmp_path / package_file(language).name).read_bytes() == package_file(language).read_bytes(), (
            f"{language.value}: rebuild differs from tests/fixtures/models; "
            "rerun scripts/build_test_models.py and commit the packages"
        )
