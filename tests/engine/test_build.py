"""Building model packages from Hugging Face checkpoints: NLLB and Marian, deterministic, refusals."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests._models import corpus_lines
from translate.cli import app
from translate.engine.argos import ArgosTranslator, load_translators
from translate.engine.build import build_packages
from translate.engine.install import install
from translate.engine.translator import EngineOptions
from translate.errors import EngineError
from translate.languages import Language

REPO = Path(__file__).resolve().parents[2]

sys.path.insert(0, str(REPO / "scripts"))
import build_test_models  # noqa: E402

UNTRAINED = build_test_models.Recipe(marian_steps=0, nllb_steps=0, marian_vocab=300, nllb_vocab=300)


@pytest.fixture(scope="module")
def nllb_checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An untrained tiny NLLB checkpoint (kk and tk language tokens only)."""
    folder = tmp_path_factory.mktemp("nllb")
    corpora = {
        language: build_test_models.read_corpus(build_test_models.DEFAULT_CORPUS, language)[:5]
        for language in (Language.kk, Language.tk)
    }
    build_test_models.make_nllb_checkpoint(corpora, folder, UNTRAINED)
    return folder


def test_build_nllb_packages_then_install_and_translate(nllb_checkpoint: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    models_dir = str(tmp_path / "models")
    result = runner.invoke(
        app,
        [
            "models",
            "build",
            "--from",
            str(nllb_checkpoint),
            "--to",
            "kk",
            "--to",
            "tk",
            "--out",
            str(out),
            "--name",
            "NLLB tiny",
            "--install",
            "--models-dir",
            models_dir,
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in out.iterdir()) == [
        "translate-en_kk-1_0.argosmodel",
        "translate-en_tk-1_0.argosmodel",
    ]
    with zipfile.ZipFile(out / "translate-en_tk-1_0.argosmodel") as zf:
        metadata = json.loads(zf.read("translate-en_tk-1_0/metadata.json"))
        assert sorted(zf.namelist()) == [
            "translate-en_tk-1_0/metadata.json",
            "translate-en_tk-1_0/model/config.json",
            "translate-en_tk-1_0/model/model.bin",
            "translate-en_tk-1_0/model/shared_vocabulary.json",
            "translate-en_tk-1_0/sentencepiece.model",
        ]
    assert metadata == {
        "argos_version": "1.9",
        "from_code": "en",
        "from_name": "English",
        "name": "NLLB tiny",
        "package_version": "1.0",
        "source_prefix": "eng_Latn",
        "source_suffix": "</s>",
        "target_prefix": "tuk_Latn",
        "to_code": "tk",
        "to_name": "Turkmen",
        "type": "translate",
    }
    translators, _ = load_translators(
        Path(models_dir), [Language.kk, Language.tk], EngineOptions(beam_size=1)
    )
    outputs = translators[Language.tk].translate_batch(corpus_lines("en")[:2])
    assert [t.origin for t in outputs] == ["NLLB tiny 1.0", "NLLB tiny 1.0"]  # untrained: text is noise


def test_build_is_deterministic(nllb_checkpoint: Path, tmp_path: Path) -> None:
    first = build_packages(nllb_checkpoint, [Language.kk], tmp_path / "a")
    second = build_packages(nllb_checkpoint, [Language.kk], tmp_path / "b")
    assert first[0].read_bytes() == second[0].read_bytes()


def test_build_refuses_a_language_the_checkpoint_lacks(nllb_checkpoint: Path, tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="checkpoint vocabulary has no language token rus_Cyrl"):
        build_packages(nllb_checkpoint, [Language.ru], tmp_path / "out")
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_build_marian_checkpoint_takes_one_target(tmp_path: Path) -> None:
    checkpoint = tmp_path / "marian"
    pairs = build_test_models.read_corpus(build_test_models.DEFAULT_CORPUS, Language.ru)[:5]
    build_test_models.make_marian_checkpoint(pairs, checkpoint, UNTRAINED)
    with pytest.raises(EngineError, match="a Marian checkpoint translates one pair; give exactly one --to"):
        build_packages(checkpoint, [Language.ru, Language.kk], tmp_path / "out")
    (built,) = build_packages(checkpoint, [Language.ru], tmp_path / "out", name="marian tiny")
    package = install(tmp_path / "models", built)
    assert (package.pair, package.multilingual, package.origin) == ("en→ru", False, "marian tiny 1.0")
    assert package.source_suffix == ("</s>",)  # Hugging Face's Marian tokenizer ends the source so


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (None, "no config.json"),
        ({"model_type": "bert"}, "model type 'bert' is not supported; build from a Marian"),
        ({"model_type": "t5"}, "checkpoint lacks spiece.model; download the whole model folder"),
    ],
    ids=["no-config", "bert", "t5-without-its-sentencepiece"],
)
def test_build_refuses_unsupported_checkpoints(
    tmp_path: Path, config: dict[str, str] | None, message: str
) -> None:
    folder = tmp_path / "checkpoint"
    folder.mkdir()
    if config is not None:
        (folder / "config.json").write_text(json.dumps(config))
    with pytest.raises(EngineError, match=message):
        build_packages(folder, [Language.kk], tmp_path / "out")


def test_build_refuses_an_unknown_quantization_before_converting(tmp_path: Path) -> None:
    folder = tmp_path / "checkpoint"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"model_type": "marian"}))
    with pytest.raises(EngineError, match=r"unknown quantization 'int3'; use one of: int8, "):
        build_packages(folder, [Language.kk], tmp_path / "out", quantization="int3")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"name": "\x1b[31mred"}, r"--name holds the control character U\+001B"),
        ({"name": "n" * 1_000_000}, "--name is longer than 200 characters"),
        ({"package_version": "1/../../evil"}, "--package-version '1/../../evil' must be letters, digits"),
    ],
    ids=["ansi-name", "megabyte-name", "version-with-slashes"],
)
def test_build_refuses_metadata_install_would_refuse(
    tmp_path: Path, options: dict[str, str], message: str
) -> None:
    with pytest.raises(EngineError, match=message):
        build_packages(tmp_path, [Language.kk], tmp_path / "out", **options)  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()


def test_build_multi_target_marian_puts_the_target_token_before_the_source(tmp_path: Path) -> None:
    """A Marian checkpoint with ``>>xxx<<`` tokens (opus-mt-tc-big-en-zle) serves each pair it has a token for."""
    checkpoint = tmp_path / "marian"
    pairs = build_test_models.read_corpus(build_test_models.DEFAULT_CORPUS, Language.ru)[:5]
    build_test_models.make_marian_checkpoint(pairs, checkpoint, UNTRAINED)
    vocab_path = checkpoint / "vocab.json"
    vocab = json.loads(vocab_path.read_text(encoding="utf-8"))
    # Two pieces become target tokens at the same ids, as the Tatoeba models reserve them.
    renamed = {piece: tag for piece, tag in zip(list(vocab)[-3:-1], (">>bel<<", ">>rus<<"), strict=True)}
    vocab_path.write_text(json.dumps({renamed.get(k, k): v for k, v in vocab.items()}), encoding="utf-8")
    with pytest.raises(EngineError, match="has no >>kaz<< token; it serves: >>bel<< >>rus<<"):
        build_packages(checkpoint, [Language.ru, Language.kk], tmp_path / "out")
    (built,) = build_packages(checkpoint, [Language.ru], tmp_path / "out", license="CC-BY-4.0")
    package = install(tmp_path / "models", built)
    assert (package.source_prefix, package.source_suffix, package.target_prefix) == (
        (">>rus<<",),
        ("</s>",),
        "",
    )
    assert (package.multilingual, package.origin) == (True, "marian en→ru 1.0 (CC-BY-4.0)")
    translators, _ = load_translators(tmp_path / "models", [Language.ru], EngineOptions(beam_size=1))
    translator = translators[Language.ru]
    assert isinstance(translator, ArgosTranslator)
    assert translator._source(["▁Hi"]) == [">>rus<<", "▁Hi", "</s>"]
    assert len(translator.translate_batch(["Hello."])) == 1  # untrained: the text is noise
