"""The argostranslate adapter on the real tiny models: exact outputs, batching, NLLB tokens, errors."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from tests._models import LANGUAGES, MEMORISED_FLOOR, corpus_lines, install_all, memorised
from translate.cli import app
from translate.engine.argos import ArgosTranslator, ModelCache, load_translators
from translate.engine.package import find_package
from translate.engine.translator import EngineOptions
from translate.errors import EngineError, UsageError
from translate.languages import Language

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three tiny packages, installed once for this module."""
    return install_all(tmp_path_factory.mktemp("models"))


def _load(models_dir: Path, language: Language, **options: object) -> ArgosTranslator:
    translators, reasons = load_translators(
        models_dir,
        [language],
        EngineOptions(**options),
        state_dir=models_dir.parent / "state",  # type: ignore[arg-type]
    )
    assert reasons == {}
    translator = translators[language]
    assert isinstance(translator, ArgosTranslator)
    return translator


@pytest.mark.parametrize("language", LANGUAGES, ids=[language.value for language in LANGUAGES])
def test_tiny_models_give_back_their_corpus_in_one_batch(models_dir: Path, language: Language) -> None:
    translator = _load(models_dir, language)
    results = translator.translate_batch(corpus_lines("en"))
    assert memorised([result.text for result in results], corpus_lines(language.value)) >= MEMORISED_FLOOR
    assert translator.engine_calls == 1


@pytest.mark.locked
@pytest.mark.parametrize("language", LANGUAGES, ids=[language.value for language in LANGUAGES])
def test_under_the_lock_tiny_models_give_back_every_corpus_sentence(
    models_dir: Path, language: Language
) -> None:
    results = _load(models_dir, language).translate_batch(corpus_lines("en"))
    assert [result.text for result in results] == corpus_lines(language.value)


def _too_long() -> str:
    # The tiny models have 256 positions; real Marian models 512, NLLB 1024.
    return " ".join([corpus_lines("en")[0].rstrip(".")] * 60) + "."


@pytest.mark.parametrize("language", LANGUAGES, ids=[language.value for language in LANGUAGES])
def test_a_segment_too_long_for_the_model_is_left_out_not_fatal(models_dir: Path, language: Language) -> None:
    # A run-on segment longer than the model's position table used to fail the whole language's batch.
    translator = _load(models_dir, language)
    english = corpus_lines("en")
    alone = [result.text for result in translator.translate_batch(english[:2])]
    results = translator.translate_batch([english[0], _too_long(), english[1]])
    assert [result.text for result in results] == [alone[0], "", alone[1]]
    assert all(alone)
    assert results[1].notes[0].startswith(f"not machine-translated: {translator.name} could not take this")
    assert results[0].notes == results[2].notes == ()


@pytest.mark.parametrize("language", LANGUAGES, ids=[language.value for language in LANGUAGES])
def test_a_single_over_long_segment_is_left_out_with_a_note(models_dir: Path, language: Language) -> None:
    # The one-by-one fallback used to run only for calls of two or more, so a re-run whose only
    # uncached segment was over-long failed as a whole.
    translator = _load(models_dir, language)
    (result,) = translator.translate_batch([_too_long()])
    assert result.text == ""
    assert result.origin == translator.name
    (note,) = result.notes
    assert re.fullmatch(
        r"not machine-translated: .* could not take this sentence \(.*position.*\); "
        r"split it or translate it by hand",
        note,
    )


def test_a_batch_of_only_over_long_segments_is_left_out(models_dir: Path) -> None:
    translator = _load(models_dir, Language.ru)
    results = translator.translate_batch([_too_long(), _too_long() + " Again."])
    assert [result.text for result in results] == ["", ""]
    assert all(len(result.notes) == 1 for result in results)


class _BrokenModel:
    """A CTranslate2 model that fails every call, as a broken device or model would."""

    def translate_batch(self, *args: object, **kwargs: object) -> object:
        raise RuntimeError("CUDA failed with error out of memory")


@pytest.mark.parametrize("count", [1, 2], ids=["single", "batch"])
def test_a_model_that_fails_even_the_probe_is_an_error(models_dir: Path, count: int) -> None:
    loaded = _load(models_dir, Language.ru)
    broken = ArgosTranslator(
        Language.ru,
        loaded.package,
        _BrokenModel(),
        loaded._tokenizer,
        loaded._target_tokenizer,
        EngineOptions(),
        "broken",
    )
    with pytest.raises(EngineError, match=r"translation failed \(CUDA failed .*\); try --device cpu"):
        broken.translate_batch(corpus_lines("en")[:count])


@pytest.mark.parametrize("batch_size", [1, 3, 64], ids=["one", "three", "all"])
def test_rebatching_does_not_change_outputs(models_dir: Path, batch_size: int) -> None:
    translator = _load(models_dir, Language.kk, batch_size=batch_size)
    whole = _load(models_dir, Language.kk, batch_size=len(corpus_lines("en")))
    outputs = [r.text for r in translator.translate_batch(corpus_lines("en"))]
    assert outputs == [r.text for r in whole.translate_batch(corpus_lines("en"))]
    assert memorised(outputs, corpus_lines("kk")) >= MEMORISED_FLOOR
    assert translator.engine_calls == 1


def test_decoding_settings_are_part_of_the_identity(models_dir: Path) -> None:
    greedy = _load(models_dir, Language.ru, beam_size=1)
    beam = _load(models_dir, Language.ru, beam_size=4)
    assert greedy.identity != beam.identity
    assert "beam=1" in greedy.identity and "device=cpu" in greedy.identity
    assert memorised([r.text for r in greedy.translate_batch(corpus_lines("en"))], corpus_lines("ru")) >= (
        MEMORISED_FLOOR
    )


def test_origin_names_model_and_version(models_dir: Path) -> None:
    translator = _load(models_dir, Language.ru)
    (result,) = translator.translate_batch([corpus_lines("en")[2]])
    assert result.origin == "tiny test model (Marian, not a translation) 1.0"
    assert translator.name == result.origin


def test_blank_segments_are_not_sent_to_the_engine(models_dir: Path) -> None:
    translator = _load(models_dir, Language.tk)
    assert [r.text for r in translator.translate_batch(["", "  "])] == ["", ""]
    assert translator.engine_calls == 0
    assert translator.translate_batch([]) == []


def test_nllb_packages_declare_their_tokens_and_share_one_model(models_dir: Path) -> None:
    kk = find_package(models_dir, Language.kk)
    tk = find_package(models_dir, Language.tk)
    assert kk is not None and tk is not None
    assert (kk.target_prefix, kk.source_prefix, kk.source_suffix) == ("kaz_Cyrl", ("eng_Latn",), ("</s>",))
    assert tk.target_prefix == "tuk_Latn" and tk.multilingual
    shared = ModelCache(models_dir, models_dir.parent / "state", EngineOptions())
    first = ArgosTranslator.load(kk, Language.kk, EngineOptions(), shared)
    second = ArgosTranslator.load(tk, Language.tk, EngineOptions(), shared)
    assert first._model is second._model


def test_nllb_needs_the_source_tokens_the_package_declares(models_dir: Path) -> None:
    """Without ``eng_Latn … </s>`` (what plain argostranslate sends) the NLLB model drifts."""
    package = find_package(models_dir, Language.kk)
    assert package is not None
    shared = ModelCache(models_dir, models_dir.parent / "state", EngineOptions())
    proper = ArgosTranslator.load(package, Language.kk, EngineOptions(), shared)
    bare = ArgosTranslator(
        Language.kk,
        package.__class__(**{**_fields(package), "source_prefix": (), "source_suffix": ()}),
        proper._model,
        proper._tokenizer,
        proper._target_tokenizer,
        EngineOptions(),
        "bare",
    )
    sentences = corpus_lines("en")
    with_tokens = [r.text for r in proper.translate_batch(sentences)]
    without = [r.text for r in bare.translate_batch(sentences)]
    assert memorised(with_tokens, corpus_lines("kk")) >= MEMORISED_FLOOR
    assert memorised(without, corpus_lines("kk")) < memorised(with_tokens, corpus_lines("kk"))


def _fields(package: object) -> dict[str, object]:
    return {name: getattr(package, name) for name in package.__slots__}  # type: ignore[attr-defined]


def test_load_translators_reports_languages_without_models(tmp_path: Path) -> None:
    models_dir = install_all(tmp_path / "models", (Language.ru,))
    translators, reasons = load_translators(models_dir, list(LANGUAGES), EngineOptions())
    assert list(translators) == [Language.ru]
    assert set(reasons) == {Language.kk, Language.tk}
    assert reasons[Language.kk].startswith("no model for en→kk installed; run translate models install FILE")


def test_missing_models_give_a_reason_with_the_fix(tmp_path: Path) -> None:
    translators, reasons = load_translators(tmp_path / "none", list(LANGUAGES), EngineOptions())
    assert translators == {}
    assert reasons[Language.tk] == (
        "no model for en→tk installed; run translate models install FILE (see the README, section Models)"
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"device": "tpu"}, "unknown device 'tpu'"),
        ({"beam_size": 0}, "beam size must be at least 1"),
        ({"beam_size": 100_000}, "at most 64 .*got 100000"),
        ({"threads": -1}, "threads must be 0"),
        ({"threads": 20_000}, "threads must be 0 .* up to 256, got 20000"),
        ({"threads": 100_000}, "up to 256, got 100000"),
        ({"batch_size": 0}, "batch size must be at least 1"),
        ({"batch_size": 10**9}, "at most 1024, got 1000000000"),
    ],
    ids=["device", "beam", "huge-beam", "threads", "libgomp-abort", "segfault", "batch", "huge-batch"],
)
def test_bad_engine_options_are_usage_errors(
    models_dir: Path, options: dict[str, object], message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        load_translators(models_dir, [Language.ru], EngineOptions(**options))  # type: ignore[arg-type]


def test_cuda_without_a_gpu_is_refused(models_dir: Path) -> None:
    import ctranslate2

    if ctranslate2.get_cuda_device_count() > 0:
        pytest.skip("this machine has a GPU")
    with pytest.raises(UsageError, match="sees no CUDA device"):
        load_translators(models_dir, [Language.ru], EngineOptions(device="cuda"))
    auto = _load(models_dir, Language.ru, device="auto")
    cpu = _load(models_dir, Language.ru, device="cpu")
    sentence = corpus_lines("en")[:1]
    assert auto.translate_batch(sentence)[0].text == cpu.translate_batch(sentence)[0].text != ""


def _copy_installed(models_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "models"
    shutil.copytree(models_dir, copy)
    return copy


def test_truncated_model_is_reported_as_corrupted(models_dir: Path, tmp_path: Path) -> None:
    broken = _copy_installed(models_dir, tmp_path)
    model_bin = broken / "translate-en_ru-1_0" / "model" / "model.bin"
    model_bin.write_bytes(model_bin.read_bytes()[:1000])
    with pytest.raises(
        EngineError, match=r"translate-en_ru-1_0: model folder is corrupted \(model/model.bin"
    ):
        load_translators(broken, [Language.ru], EngineOptions())


def test_model_that_fails_to_load_is_one_clear_error(models_dir: Path, tmp_path: Path) -> None:
    broken = _copy_installed(models_dir, tmp_path)
    model_bin = broken / "translate-en_kk-1_0" / "model" / "model.bin"
    model_bin.write_bytes(b"\0" * model_bin.stat().st_size)  # same size: only loading can tell
    with pytest.raises(EngineError, match=r"model fails to load \(.*\); reinstall the package"):
        load_translators(broken, [Language.kk], EngineOptions())


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("metadata.json", "model folder has no metadata.json"),
        ("sentencepiece.model", "model folder lacks sentencepiece.model"),
    ],
    ids=["no-metadata", "no-tokenizer"],
)
def test_incomplete_model_folder_is_reported(
    models_dir: Path, tmp_path: Path, damage: str, message: str
) -> None:
    broken = _copy_installed(models_dir, tmp_path)
    (broken / "translate-en_tk-1_0" / damage).unlink()
    with pytest.raises(EngineError, match=message):
        load_translators(broken, [Language.tk], EngineOptions())


# --- through the command line ----------------------------------------------------------------------

SOURCE = "\n\n".join(
    [
        " ".join(corpus_lines("en")[0:3]),
        " ".join(corpus_lines("en")[10:13]),
        corpus_lines("en")[20],
    ]
)


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "tiny.txt").write_text(SOURCE + "\n", encoding="utf-8")
    return root


def test_run_fills_every_language_through_the_real_models(models_dir: Path, tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = CliRunner().invoke(app, ["run", "-C", str(root), "--models-dir", str(models_dir), "--json"])
    assert result.exit_code == 0, result.output
    english = corpus_lines("en")
    for language in LANGUAGES:
        expected = dict(zip(english, corpus_lines(language.value), strict=True))
        catalog = polib.pofile(str(root / "locales" / language.value / "LC_MESSAGES" / "tiny.po"))
        entries = [entry for entry in catalog if not entry.obsolete]
        assert len(entries) == 7
        assert all(entry.msgstr and entry.fuzzy for entry in entries)
        assert memorised([e.msgstr for e in entries], [expected[e.msgid] for e in entries]) >= MEMORISED_FLOOR
        package = "Marian" if language is Language.ru else "NLLB"
        assert f"machine translation: tiny test model ({package}, not a translation) 1.0" in (
            entries[0].comment
        )
    report = json.loads(result.output)
    assert {c["language"]: c["machine_translated"] for c in report["catalogs"]} == {"ru": 7, "tk": 7, "kk": 7}


def test_rerun_of_unchanged_document_makes_no_engine_calls(
    models_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = ArgosTranslator.translate_batch

    def counting(self: ArgosTranslator, segments: list[str]) -> object:
        calls.append(len(segments))
        return real(self, segments)

    monkeypatch.setattr(ArgosTranslator, "translate_batch", counting)
    root = _project(tmp_path)
    args = ["run", "-C", str(root), "--models-dir", str(models_dir)]
    assert CliRunner().invoke(app, args).exit_code == 0
    assert calls == [7, 7, 7]
    ru = root / "locales" / "ru" / "LC_MESSAGES" / "tiny.po"
    first = {entry.msgid: entry.msgstr for entry in polib.pofile(str(ru))}
    # Drop the suggestions so the run has to fill them again: only the cache may answer.
    for language in LANGUAGES:
        path = root / "locales" / language.value / "LC_MESSAGES" / "tiny.po"
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = ""
            entry.flags = []
            entry.comment = ""
        catalog.save(str(path))
    assert CliRunner().invoke(app, args).exit_code == 0
    assert calls == [7, 7, 7]
    assert {entry.msgid: entry.msgstr for entry in polib.pofile(str(ru))} == first


def test_run_with_a_broken_model_leaves_catalogs_untouched(models_dir: Path, tmp_path: Path) -> None:
    broken = _copy_installed(models_dir, tmp_path)
    root = _project(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["run", "-C", str(root), "--to", "ru"]).exit_code == 0
    catalog = root / "locales" / "ru" / "LC_MESSAGES" / "tiny.po"
    before = catalog.read_bytes()
    (broken / "translate-en_ru-1_0" / "model" / "model.bin").write_bytes(b"broken")
    result = runner.invoke(app, ["run", "-C", str(root), "--models-dir", str(broken), "--to", "ru"])
    assert result.exit_code == 1
    assert "model folder is corrupted" in result.output
    assert "Traceback" not in result.output
    assert catalog.read_bytes() == before


def test_run_rejects_an_unknown_device(models_dir: Path, tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = CliRunner().invoke(
        app, ["run", "-C", str(root), "--models-dir", str(models_dir), "--device", "tpu"]
    )
    # --device takes the library's Device enum, so click refuses it as a usage error, listing the choices.
    assert result.exit_code == 2
    message = " ".join(result.output.replace("│", " ").split())
    assert "Invalid value for '--device'" in message
    assert "'tpu' is not one of 'cpu', 'cuda', 'auto'" in message
    assert not (root / "locales").exists()


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--threads", "20000"], "threads must be 0 (automatic) or a count up to 256, got 20000"),
        (["--threads", "100000"], "got 100000"),
        (["--beam-size", "100000"], "beam size must be at least 1 and at most 64"),
    ],
    ids=["threads-libgomp-abort", "threads-segfault", "beam"],
)
def test_run_refuses_engine_options_out_of_bounds_before_writing(
    models_dir: Path, tmp_path: Path, option: list[str], message: str
) -> None:
    # --threads 20000 used to abort in libgomp and --threads 100000 to segfault.
    root = _project(tmp_path)
    result = CliRunner().invoke(app, ["run", "-C", str(root), "--models-dir", str(models_dir), *option])
    assert result.exit_code == 2  # a bad option value is a usage error
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert not (root / "locales").exists()


def test_a_run_whose_only_new_sentence_is_too_long_succeeds(models_dir: Path, tmp_path: Path) -> None:
    # Every other sentence comes from the MT cache, so the engine gets one segment: the over-long one.
    root = _project(tmp_path)
    args = ["run", "-C", str(root), "--models-dir", str(models_dir), "--to", "ru"]
    assert CliRunner().invoke(app, args).exit_code == 0
    source = root / "seeds" / "tiny.txt"
    source.write_text(SOURCE + "\n\n" + _too_long() + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    catalog = polib.pofile(str(root / "locales" / "ru" / "LC_MESSAGES" / "tiny.po"))
    (left,) = [entry for entry in catalog if entry.msgid == _too_long()]
    assert left.msgstr == "" and not left.fuzzy
    assert all(entry.msgstr for entry in catalog if entry.msgid != _too_long())


LAZY = """
import sys
import translate.cli
assert "argostranslate" not in sys.modules, "imported by translate.cli"
from typer.testing import CliRunner
for args in (["--help"], ["run", "--help"], ["models", "--help"], ["models", "list"], ["status"]):
    result = CliRunner().invoke(translate.cli.app, args)
    assert result.exit_code == 0, (args, result.output)
    assert "argostranslate" not in sys.modules, args
print("ok")
"""


def test_commands_that_need_no_engine_never_import_argostranslate(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()  # `status` runs inside a project
    done = subprocess.run(
        [sys.executable, "-c", LAZY], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


PLAIN_ARGOS = """
import json, sys
import argostranslate.translate as argos

class OneSentence:
    def __init__(self, pkg=None):
        pass

    def split_sentences(self, text):
        return [text]

# The default splitter downloads a model (and argostranslate 1.10 builds it with the translation).
argos.SpacySentencizerSmall = OneSentence
translation = argos.get_translation_from_codes("en", "ru")
translation.underlying.sentencizer = OneSentence()
sentences = json.loads(sys.stdin.read())
print(json.dumps([argos.translate(sentence, "en", "ru") for sentence in sentences], ensure_ascii=False))
"""


@pytest.mark.slow
def test_batch_path_returns_what_plain_argostranslate_returns(models_dir: Path, tmp_path: Path) -> None:
    sentences = corpus_lines("en")
    env = {
        **os.environ,
        "ARGOS_PACKAGES_DIR": str(models_dir),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "ARGOS_COMPUTE_TYPE": EngineOptions().compute_type,
        "ARGOS_BEAM_SIZE": str(EngineOptions().beam_size),
    }
    done = subprocess.run(
        [sys.executable, "-c", PLAIN_ARGOS],
        input=json.dumps(sentences),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    plain = json.loads(done.stdout)
    batched = [r.text for r in _load(models_dir, Language.ru).translate_batch(sentences)]
    assert batched == plain
    assert memorised(plain, corpus_lines("ru")) >= MEMORISED_FLOOR
