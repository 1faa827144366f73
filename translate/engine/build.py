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

from translate.engine.package import PACKAGE_SUFFIX, unsafe_text
from translate.errors import EngineError
from translate.languages import SOURCE_LANGUAGE, Language

VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
NLLB_SOURCE_CODE = "eng_Latn"
NLLB_LANGUAGE_CODES: dict[Language, str] = {
    Language.ru: "rus_Cyrl",
    Language.kk: "kaz_Cyrl",
    Language.tk: "tuk_Latn",
}
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


def _checkpoint_kind(checkpoint: Path) -> str:
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
    kind = config.get("model_type") if isinstance(config, dict) else None
    if kind not in ("marian", "m2m_100"):
        raise EngineError(
            f"model type {kind!r} is not supported; build from a Marian (OPUS-MT) or NLLB/M2M100 checkpoint",
            path=config_path,
        )
    return str(kind)


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
    try:
        TransformersConverter(str(checkpoint)).convert(str(output), quantization=quantization, force=True)
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
) -> list[Path]:
    """Convert a local Hugging Face checkpoint into one ``.argosmodel`` per target language.

    Marian (OPUS-MT) checkpoints translate one pair, so they take exactly one target; their source ends
    with ``</s>`` as Hugging Face's tokenizer adds it (``marian_source_suffix``). NLLB/M2M100
    checkpoints take several: each package carries the converted model with its own
    ``target_prefix`` (e.g. ``kaz_Cyrl``) and the source tokens NLLB expects (``eng_Latn`` … ``</s>``).
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
    if not VERSION.fullmatch(package_version):
        raise EngineError(
            f"--package-version {package_version!r} must be letters, digits, dots, hyphens or underscores "
            "(it names the package folder and file)"
        )
    kind = _checkpoint_kind(checkpoint)
    if kind == "marian" and len(targets) != 1:
        raise EngineError("a Marian checkpoint translates one pair; give exactly one --to", path=checkpoint)
    if kind == "marian":
        source_sp = checkpoint / "source.spm"
        target_sp = checkpoint / "target.spm"
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
            elif marian_source_suffix:
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
