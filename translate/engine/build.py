"""Building model packages: a local Hugging Face checkpoint converted by CTranslate2 into ``.argosmodel``s."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from translate.engine.package import PACKAGE_SUFFIX, license_problem, unsafe_text
from translate.errors import EngineError
from translate.languages import SOURCE_LANGUAGE, Language

VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
NLLB_SOURCE_CODE = "eng_Latn"
NLLB_LANGUAGE_CODES: dict[Language, str] = {
    Language.ru: "rus_Cyrl",
    Language.kk: "kaz_Cyrl",
    Language.tk: "tuk_Latn",
}
# T5-architecture translation models (MADLAD-400) pick the target with a tag that starts the source.
T5_KINDS = ("t5", "mt5")
T5_SOURCE_SUFFIX = "</s>"
# Multi-target OPUS-MT (Marian) models pick the target with a ``>>xxx<<`` token that starts the source; the
# Tatoeba-Challenge models name languages by ISO 639-3 code, with the script for some.
MARIAN_TARGET_TAGS: dict[Language, tuple[str, ...]] = {
    Language.ru: (">>rus<<",),
    Language.kk: (">>kaz<<", ">>kaz_Cyrl<<"),
    Language.tk: (">>tuk<<", ">>tuk_Latn<<"),
}
_MARIAN_TAG = re.compile(r">>[a-z]{3}(?:_[A-Z][a-z]{3})?<<")
# Hugging Face model-card licence ids (lowercase) that are not simply the SPDX id upper-cased; the
# Creative Commons, GPL and similar ids are (``cc-by-nc-4.0`` is ``CC-BY-NC-4.0``).
_SPDX_SPELLING = {
    "apache-2.0": "Apache-2.0",
    "mit": "MIT",
    "bsd-2-clause": "BSD-2-Clause",
    "bsd-3-clause": "BSD-3-Clause",
    "bsl-1.0": "BSL-1.0",
    "mpl-2.0": "MPL-2.0",
    "unlicense": "Unlicense",
    "openrail": "LicenseRef-OpenRAIL",
}
# Model-card values that say nothing about the licence.
_NO_LICENSE = frozenset({"", "other", "unknown"})
# CTranslate2's weight types (``ctranslate2.converters`` ``quantization`` argument).
QUANTIZATIONS = (
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)


def t5_language_tag(language: Language) -> str:
    """The MADLAD-400 tag that asks for ``language``, put at the start of the source (``<2kk>``)."""
    return f"<2{language.value}>"


def _marian_tags(checkpoint: Path) -> set[str]:
    """The ``>>xxx<<`` target tokens in a Marian checkpoint's ``vocab.json`` (none for a one-pair model)."""
    path = checkpoint / "vocab.json"
    try:
        vocab: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return set()
    except (OSError, ValueError) as exc:
        raise EngineError(f"cannot read vocab.json ({exc})", path=path) from None
    return {token for token in vocab if isinstance(token, str) and _MARIAN_TAG.fullmatch(token)}


def _read_config(checkpoint: Path) -> dict[str, Any]:
    config_path = checkpoint / "config.json"
    try:
        config: Any = json.loads(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EngineError(
            "is not a Hugging Face checkpoint folder (no config.json); download the whole model folder",
            path=checkpoint,
        ) from None
    except (OSError, ValueError) as exc:
        raise EngineError(f"cannot read config.json ({exc})", path=config_path) from None
    if not isinstance(config, dict):
        raise EngineError(
            "config.json must hold a JSON object; download the model folder again", path=config_path
        )
    kind = config.get("model_type")
    if kind not in ("marian", "m2m_100", *T5_KINDS):
        raise EngineError(
            f"model type {kind!r} is not supported; build from a Marian (OPUS-MT), NLLB/M2M100 or "
            "T5 (MADLAD-400) checkpoint",
            path=config_path,
        )
    return config


def spdx_license(value: str) -> str:
    """The SPDX spelling of a Hugging Face model-card licence id (``cc-by-nc-4.0`` → ``CC-BY-NC-4.0``).

    Returns ``""`` for the values that name no licence (``other``, ``unknown``).
    """
    key = value.strip().lower()
    if key in _NO_LICENSE:
        return ""
    if key in _SPDX_SPELLING:
        return _SPDX_SPELLING[key]
    if key.startswith(("cc-", "cc0-", "gpl-", "lgpl-", "agpl-", "afl-", "epl-", "eupl-")):
        return key.upper()
    return value.strip()


def checkpoint_license(checkpoint: Path, config: dict[str, Any]) -> str:
    """The licence the checkpoint declares, as an SPDX id: its model card's ``license``, else config.json's.

    ``""`` when neither names one. A model card's metadata is the YAML block that opens ``README.md``.
    """
    card = checkpoint / "README.md"
    declared: object = None
    if card.is_file():
        from huggingface_hub.repocard import metadata_load

        try:
            metadata = metadata_load(card)
        except Exception as exc:  # OSError, UnicodeError, ValueError and PyYAML's own YAMLError
            text = str(exc).strip()
            first = text.splitlines()[0] if text else type(exc).__name__
            raise EngineError(f"cannot read the model card ({first}); pass --license ID", path=card) from None
        declared = (metadata or {}).get("license")
    if declared is None:
        declared = config.get("license")
    if isinstance(declared, list) and len(declared) == 1:
        declared = declared[0]
    if declared is None:
        return ""
    if not isinstance(declared, str):
        raise EngineError(
            f"the model card's license is {declared!r}, not one licence id; pass --license ID",
            path=checkpoint,
        )
    found = spdx_license(declared)
    problem = license_problem(found)
    if problem:
        raise EngineError(f"the model card's license {problem}; pass --license ID", path=checkpoint)
    return found


def _convert(checkpoint: Path, output: Path, quantization: str) -> None:
    try:
        import transformers
        from ctranslate2.converters import TransformersConverter  # type: ignore[import-untyped]
    except ImportError:
        raise EngineError(
            "building models needs the optional build tools; run: pip install '.[build]'"
        ) from None
    transformers.logging.set_verbosity_error()  # type: ignore[no-untyped-call]  # we print one line
    transformers.logging.disable_progress_bar()  # type: ignore[no-untyped-call]

    class Converter(TransformersConverter):  # type: ignore[misc]
        """CTranslate2's converter, told whether a T5 model scales its decoder output.

        CTranslate2 reads that from ``tie_word_embeddings``; transformers 5 forces that flag on and keeps
        the answer in ``scale_decoder_outputs`` (off for T5 v1.1 and MADLAD-400), so without this the
        converted model would scale logits the checkpoint never scaled.
        """

        def load_model(self, model_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            model = super().load_model(model_class, model_name_or_path, **kwargs)
            scale = getattr(model.config, "scale_decoder_outputs", None)
            if isinstance(scale, bool):
                model.config.tie_word_embeddings = scale
            return model

    try:
        Converter(str(checkpoint)).convert(str(output), quantization=quantization, force=True)
    except Exception as exc:  # the converter raises bare ValueError/OSError/RuntimeError
        raise EngineError(f"cannot convert checkpoint ({exc})", path=checkpoint) from None


def _vocabulary(model_dir: Path) -> set[str]:
    for name in ("shared_vocabulary", "target_vocabulary"):
        path = model_dir / f"{name}.json"
        if path.is_file():
            return set(json.loads(path.read_text(encoding="utf-8")))
        path = model_dir / f"{name}.txt"
        if path.is_file():
            return set(path.read_text(encoding="utf-8").splitlines())
    return set()


def _deterministic_zip(destination: Path, folder: Path, top: str) -> None:
    """Zip ``folder`` as ``top/...`` with fixed timestamps and modes, written atomically."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp_name, "w") as zf:
            for path in sorted(folder.rglob("*")):
                if not path.is_file():
                    continue
                info = zipfile.ZipInfo(f"{top}/{path.relative_to(folder).as_posix()}", (1980, 1, 1, 0, 0, 0))
                info.external_attr = (stat.S_IFREG | 0o644) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                with path.open("rb") as source, zf.open(info, "w", force_zip64=True) as sink:
                    shutil.copyfileobj(source, sink, 1 << 20)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, destination)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def build_packages(
    checkpoint: Path,
    targets: Sequence[Language],
    out_dir: Path,
    *,
    name: str | None = None,
    package_version: str = "1.0",
    quantization: str = "int8",
    marian_source_suffix: str = "</s>",
    license: str | None = None,
) -> list[Path]:
    """Convert a local Hugging Face checkpoint into one ``.argosmodel`` per target language.

    Marian (OPUS-MT) checkpoints translate one pair, so they take exactly one target, unless their
    vocabulary holds ``>>xxx<<`` target tokens (``opus-mt-tc-big-en-zle``): then each package starts the
    source with its target's (``>>rus<<``). Their source ends with ``</s>`` as Hugging Face's tokenizer
    adds it (``marian_source_suffix``). NLLB/M2M100
    checkpoints take several: each package carries the converted model with its own
    ``target_prefix`` (e.g. ``kaz_Cyrl``) and the source tokens NLLB expects (``eng_Latn`` … ``</s>``).
    T5 checkpoints (MADLAD-400) take several too, with no target prefix: the target language is a tag
    at the start of the source (``<2kk> <pieces> </s>``), recorded as the package's ``source_prefix``.

    ``license`` is the model's SPDX licence id, recorded in every package; None reads it from the
    checkpoint's model card (``README.md``) or ``config.json``, and ``""`` records none.
    Needs the optional build tools (``pip install '.[build]'``).
    """
    if not checkpoint.is_dir():
        raise EngineError("checkpoint folder not found; check the path", path=checkpoint)
    if quantization not in QUANTIZATIONS:
        # Checked first: the converter would only refuse it after loading gigabytes of weights.
        raise EngineError(f"unknown quantization {quantization!r}; use one of: {', '.join(QUANTIZATIONS)}")
    if not targets:
        raise EngineError("no target language given; use --to ru, --to kk or --to tk")
    # Checked before converting for the same reason, and by the rules install applies to the metadata.
    for option, value in (("--name", name or ""), ("--package-version", package_version)):
        problem = unsafe_text(value)
        if problem:
            raise EngineError(f"{option} {problem}; give one short line of plain text")
    problem = license_problem(license or "")
    if problem:
        raise EngineError(f"--license {problem}")
    if not VERSION.fullmatch(package_version):
        raise EngineError(
            f"--package-version {package_version!r} must be letters, digits, dots, hyphens or underscores "
            "(it names the package folder and file)"
        )
    config = _read_config(checkpoint)
    kind = str(config["model_type"])
    marian_tags: dict[Language, str] = {}
    if kind == "marian":
        tags = _marian_tags(checkpoint)
        if not tags and len(targets) != 1:
            raise EngineError(
                "a Marian checkpoint translates one pair; give exactly one --to", path=checkpoint
            )
        for language in targets if tags else ():
            found = [tag for tag in MARIAN_TARGET_TAGS[language] if tag in tags]
            if not found:
                raise EngineError(
                    f"this multi-target Marian checkpoint has no {MARIAN_TARGET_TAGS[language][0]} token; "
                    f"it serves: {' '.join(sorted(tags))}",
                    path=checkpoint,
                )
            marian_tags[language] = found[0]
    if license is None:
        license = checkpoint_license(checkpoint, config)
    if kind == "marian":
        source_sp = checkpoint / "source.spm"
        target_sp = checkpoint / "target.spm"
    elif kind in T5_KINDS:
        source_sp = checkpoint / "spiece.model"
        target_sp = source_sp
    else:
        source_sp = checkpoint / "sentencepiece.bpe.model"
        target_sp = source_sp
    for required in (source_sp, target_sp):
        if not required.is_file():
            raise EngineError(
                f"checkpoint lacks {required.name}; download the whole model folder", path=checkpoint
            )
    version_slug = package_version.replace(".", "_")
    built: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="translate-build-") as tmp:
        model_dir = Path(tmp) / "model"
        _convert(checkpoint, model_dir, quantization)
        vocabulary = _vocabulary(model_dir)
        for language in targets:
            metadata: dict[str, object] = {
                "package_version": package_version,
                "argos_version": "1.9",
                "type": "translate",
                "from_code": SOURCE_LANGUAGE,
                "from_name": "English",
                "to_code": language.value,
                "to_name": language.english_name,
                "name": name or f"{checkpoint.name} en→{language.value}",
            }
            if license:
                metadata["license"] = license
            if kind == "m2m_100":
                code = NLLB_LANGUAGE_CODES[language]
                for token in (NLLB_SOURCE_CODE, code):
                    if token not in vocabulary:
                        raise EngineError(
                            f"checkpoint vocabulary has no language token {token}; is it an NLLB model?",
                            path=checkpoint,
                        )
                metadata |= {
                    "target_prefix": code,
                    "source_prefix": NLLB_SOURCE_CODE,
                    "source_suffix": "</s>",
                }
            elif kind in T5_KINDS:
                tag = t5_language_tag(language)
                if tag not in vocabulary:
                    raise EngineError(
                        f"checkpoint vocabulary has no language tag {tag}; is it a MADLAD-400 model?",
                        path=checkpoint,
                    )
                metadata |= {"source_prefix": tag, "source_suffix": T5_SOURCE_SUFFIX}
            else:
                if language in marian_tags:
                    metadata["source_prefix"] = marian_tags[language]
                if marian_source_suffix:
                    metadata["source_suffix"] = marian_source_suffix
            package_dir = Path(tmp) / language.value
            shutil.copytree(model_dir, package_dir / "model")
            shutil.copyfile(source_sp, package_dir / "sentencepiece.model")
            if target_sp.read_bytes() != source_sp.read_bytes():
                shutil.copyfile(target_sp, package_dir / "target_sentencepiece.model")
                metadata["target_sentencepiece"] = "target_sentencepiece.model"
            (package_dir / "metadata.json").write_text(
                json.dumps(metadata, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
            )
            top = f"translate-{SOURCE_LANGUAGE}_{language.value}-{version_slug}"
            destination = out_dir / f"{top}{PACKAGE_SUFFIX}"
            try:
                _deterministic_zip(destination, package_dir, top)
            except OSError as exc:
                raise EngineError(
                    f"cannot write the package ({exc.strerror or exc}); choose a writable --out folder",
                    path=destination,
                ) from None
            built.append(destination)
    return built
