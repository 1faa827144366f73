"""T5 (MADLAD-400) packages: the tiny committed T5 through the real CTranslate2 path, tags on the source."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest

from tests._models import FIXTURES, MEMORISED_FLOOR, assert_rebuild_matches, corpus_lines, memorised
from translate.engine.argos import ArgosTranslator, load_translators
from translate.engine.build import build_packages
from translate.engine.install import install
from translate.engine.translator import EngineOptions
from translate.errors import EngineError
from translate.languages import Language

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import build_test_models

T5_PACKAGES = FIXTURES / "t5_models"
T5_LANGUAGES = (Language.kk, Language.tk)
IDS = [language.value for language in T5_LANGUAGES]
REBUILD = "rerun scripts/build_test_models.py --marian --nllb --t5 kk tk --out tests/fixtures/t5_models"


def _package_file(language: Language) -> Path:
    return T5_PACKAGES / f"translate-en_{language.value}-1_0.argosmodel"


@pytest.fixture(scope="module")
def translators(tmp_path_factory: pytest.TempPathFactory) -> dict[Language, ArgosTranslator]:
    """The committed tiny T5 packages, installed and loaded once for this module."""
    models_dir = tmp_path_factory.mktemp("models")
    for language in T5_LANGUAGES:
        install(models_dir, _package_file(language))
    loaded, reasons = load_translators(
        models_dir, list(T5_LANGUAGES), EngineOptions(), state_dir=models_dir.parent / "state"
    )
    assert reasons == {}
    return {
        language: translator
        for language, translator in loaded.items()
        if isinstance(translator, ArgosTranslator)
    }


@pytest.mark.parametrize("language", T5_LANGUAGES, ids=IDS)
def test_t5_package_puts_the_madlad_tag_at_the_start_of_the_source(language: Language) -> None:
    top = f"translate-en_{language.value}-1_0"
    with zipfile.ZipFile(_package_file(language)) as zf:
        metadata = json.loads(zf.read(f"{top}/metadata.json"))
    assert metadata == {
        "argos_version": "1.9",
        "from_code": "en",
        "from_name": "English",
        "license": "MIT",  # read from the checkpoint's model card (license: mit)
        "name": "tiny test model (T5, not a translation)",
        "package_version": "1.0",
        "source_prefix": f"<2{language.value}>",
        "source_suffix": "</s>",
        "to_code": language.value,
        "to_name": language.english_name,
        "type": "translate",
    }


@pytest.mark.parametrize("language", T5_LANGUAGES, ids=IDS)
def test_tiny_t5_gives_back_its_corpus_through_ctranslate2(
    translators: dict[Language, ArgosTranslator], language: Language
) -> None:
    translator = translators[language]
    results = translator.translate_batch(corpus_lines("en"))
    assert memorised([result.text for result in results], corpus_lines(language.value)) >= MEMORISED_FLOOR
    assert translator.engine_calls == 1
    assert {result.origin for result in results} == {"tiny test model (T5, not a translation) 1.0 (MIT)"}


@pytest.mark.locked
@pytest.mark.parametrize("language", T5_LANGUAGES, ids=IDS)
def test_under_the_lock_tiny_t5_gives_back_every_corpus_sentence(
    translators: dict[Language, ArgosTranslator], language: Language
) -> None:
    results = translators[language].translate_batch(corpus_lines("en"))
    assert [result.text for result in results] == corpus_lines(language.value)


def test_the_source_tag_alone_chooses_the_language(translators: dict[Language, ArgosTranslator]) -> None:
    """Both packages hold one model (loaded once); only the ``<2xx>`` tag before the source differs."""
    kk, tk = translators[Language.kk], translators[Language.tk]
    assert kk._model is tk._model
    assert kk._source(["▁Hello"]) == ["<2kk>", "▁Hello", "</s>"]
    sentence = corpus_lines("en")[:1]
    outputs = (kk.translate_batch(sentence)[0].text, tk.translate_batch(sentence)[0].text)
    assert outputs == (corpus_lines("kk")[0], corpus_lines("tk")[0])


def test_t5_model_decodes_glossary_requests_without_a_target_prefix(
    translators: dict[Language, ArgosTranslator],
) -> None:
    """The decoder's forced prefix is the forced text alone: T5 packages have no language token there."""
    translator = translators[Language.tk]
    assert translator._prefix("") == []
    first_word = corpus_lines("tk")[0].split()[0]
    assert translator._prefix(first_word) == translator._target_tokenizer.encode(first_word)


@pytest.fixture(scope="module")
def untrained_t5(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An untrained tiny T5 checkpoint with the kk and tk tags (no ru tag), its card saying MIT."""
    folder = tmp_path_factory.mktemp("t5")
    corpora = {
        language: build_test_models.read_corpus(build_test_models.DEFAULT_CORPUS, language)[:5]
        for language in T5_LANGUAGES
    }
    build_test_models.make_t5_checkpoint(corpora, folder, build_test_models.Recipe(t5_steps=0, t5_vocab=300))
    return folder


def test_build_refuses_a_language_the_t5_checkpoint_has_no_tag_for(
    untrained_t5: Path, tmp_path: Path
) -> None:
    with pytest.raises(EngineError, match=r"no language tag <2ru>; is it a MADLAD-400 model\?"):
        build_packages(untrained_t5, [Language.ru], tmp_path / "out")
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_build_of_a_t5_checkpoint_is_deterministic(untrained_t5: Path, tmp_path: Path) -> None:
    (first,) = build_packages(untrained_t5, [Language.tk], tmp_path / "a")
    (second,) = build_packages(untrained_t5, [Language.tk], tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()


def test_committed_t5_fixtures_record_the_libraries_of_the_lock() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import locked_tree

    lock = locked_tree.read_lock()
    recorded = json.loads((T5_PACKAGES / build_test_models.BUILD_INFO).read_text(encoding="utf-8"))
    moved = {
        name: (recorded[name], lock[name])
        for name in build_test_models.BUILD_LIBRARIES
        if recorded[name] != lock[name]
    }
    assert moved == {}, f"t5_models built with other libraries than requirements.lock ({moved}); {REBUILD}"


@pytest.mark.slow
@pytest.mark.locked
def test_rebuild_reproduces_the_committed_t5_fixtures_bit_for_bit(tmp_path: Path) -> None:
    built = build_test_models.build(
        build_test_models.DEFAULT_CORPUS, tmp_path, marian=(), nllb=(), t5=T5_LANGUAGES, work_dir=tmp_path
    )
    assert [path.name for path in built] == [_package_file(language).name for language in T5_LANGUAGES]
    for path in built:
        assert_rebuild_matches(path, T5_PACKAGES, REBUILD)
