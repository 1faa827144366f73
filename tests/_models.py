"""Helpers shared by the engine tests: the committed tiny model packages and their corpus."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from translate.engine.install import install
from translate.languages import Language

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = FIXTURES / "corpus"
PACKAGES = FIXTURES / "models"
LANGUAGES = (Language.ru, Language.kk, Language.tk)


def package_file(language: Language) -> Path:
    """The committed tiny package for English → ``language``."""
    return PACKAGES / f"translate-en_{language.value}-1_0.argosmodel"


def corpus_lines(code: str) -> list[str]:
    """The sentences of ``tests/fixtures/corpus/<code>.txt``."""
    return (CORPUS / f"{code}.txt").read_text(encoding="utf-8").splitlines()


def install_all(models_dir: Path, languages: tuple[Language, ...] = LANGUAGES) -> Path:
    """Install the tiny packages for ``languages`` into ``models_dir``."""
    for language in languages:
        install(models_dir, package_file(language))
    return models_dir


MEMORISED_FLOOR = 0.9
"""Share of its training sentences a tiny model must give back exactly. Under the lock it is all of
them; a library release may move a word in one or two, which is not what the toolkit guarantees."""


def memorised(outputs: list[str], expected: list[str]) -> float:
    """The share of ``outputs`` that are exactly their ``expected`` sentence."""
    assert len(outputs) == len(expected)
    return sum(out == want for out, want in zip(outputs, expected, strict=True)) / len(expected)


def assert_rebuild_matches(built: Path, committed_dir: Path, how_to_rebuild: str) -> None:
    """Compare a freshly built package with its committed twin, saying why they can differ.

    The bytes depend on the library versions (recorded in ``built-with.json`` beside the packages),
    so a mismatch says whether the libraries moved or the build itself differs.
    """
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_test_models

    committed = committed_dir / built.name
    if built.read_bytes() == committed.read_bytes():
        return
    recorded = json.loads((committed_dir / build_test_models.BUILD_INFO).read_text(encoding="utf-8"))
    current = build_test_models.build_versions()
    moved = [
        f"installed {name} {current.get(name)}, fixtures built with {recorded.get(name)}"
        for name in sorted(recorded.keys() | current.keys())
        if recorded.get(name) != current.get(name)
    ]
    why = "; ".join(moved) if moved else "with the same library versions the fixtures record"
    raise AssertionError(f"{built.name}: rebuild differs from {committed} ({why}); {how_to_rebuild}")
