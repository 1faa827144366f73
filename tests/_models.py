"""Helpers shared by the engine tests: the committed tiny model packages and their corpus."""

from __future__ import annotations

from pathlib import Path

from translate.languages import Language
from translate.models import install

FIXTURES = Path(__file__).resolve().parent / "fixtures"
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
