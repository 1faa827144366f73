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


def _translations(package: Path, sentences: list[str], work: Path) -> list[str]:
    """What ``package`` makes of ``sentences``, installed alone into ``work``."""
    from translate.engine.argos import load_translators
    from translate.engine.translator import EngineOptions

    install(work / "models", package)
    language = Language(package.name.split("-")[1].split("_")[1])
    translators, reasons = load_translators(
        work / "models", [language], EngineOptions(), state_dir=work / "state"
    )
    assert reasons == {}, reasons
    return [result.text for result in translators[language].translate_batch(sentences)]


def assert_rebuild_matches(
    built: Path, committed_dir: Path, how_to_rebuild: str, corpus: Path = CORPUS
) -> None:
    """Compare a freshly built package with its committed twin, saying why they can differ.

    The bytes depend on the library versions and on the CPU's float kernels (both recorded in
    ``built-with.json`` beside the packages). With the libraries and the CPU the fixtures record, the
    rebuild must be the same bytes. With the same libraries on a CPU whose kernels differ, the weights
    can differ in their last bits, so what must hold is the behaviour: the rebuilt model translates
    the corpus it learnt as the committed one does.
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
        for name in sorted((recorded.keys() | current.keys()) - {build_test_models.CPU_KEY})
        if recorded.get(name) != current.get(name)
    ]
    if moved:
        raise AssertionError(
            f"{built.name}: rebuild differs from {committed} ({'; '.join(moved)}); {how_to_rebuild}"
        )
    kernels = build_test_models.cpu_kernels()
    if recorded.get(build_test_models.CPU_KEY) == kernels:
        raise AssertionError(
            f"{built.name}: rebuild differs from {committed} with the libraries and the CPU kernels "
            f"the fixtures record; {how_to_rebuild}"
        )
    sentences = (corpus / "en.txt").read_text(encoding="utf-8").splitlines()
    work = built.parent / f"compare-{built.stem}"
    rebuilt = _translations(built, sentences, work / "rebuilt")
    reference = _translations(committed, sentences, work / "committed")
    agree = memorised(rebuilt, reference)
    assert agree >= MEMORISED_FLOOR, (
        f"{built.name}: rebuilt on a CPU with other float kernels than the fixtures record "
        f"({recorded.get(build_test_models.CPU_KEY, 'not recorded')!r} there, {kernels!r} here), "
        f"it translates only {agree:.0%} of {corpus / 'en.txt'} as the committed model does "
        f"(floor {MEMORISED_FLOOR:.0%}); {how_to_rebuild}"
    )
