"""Installed model packages: safe install from local ``.argosmodel`` files, listing, removal, building."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from translate.errors import EngineError
from translate.fileio import locked
from translate.languages import SOURCE_LANGUAGE, Language

if TYPE_CHECKING:
    from translate.engine.translator import EngineOptions, Translator

NLLB_SOURCE_CODE = "eng_Latn"
NLLB_LANGUAGE_CODES: dict[Language, str] = {
    Language.ru: "rus_Cyrl",
    Language.kk: "kaz_Cyrl",
    Language.tk: "tuk_Latn",
}

PACKAGE_SUFFIX = ".argosmodel"
INSTALL_RECORD = ".translate-install.json"
TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")
STAGING_DIR = ".staging"
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
LOCK_NAME = ".packages"

# Install limits: far above any real translation model, far below what fills a disk.
MAX_PACKAGE_BYTES = 16 * 1024**3
MAX_MEMBERS = 10_000
MAX_COMPRESSION_RATIO = 200
_RATIO_CHECK_FLOOR = 1024 * 1024  # small members may compress very well without being bombs

INSTALL_HINT = "run translate models install FILE (see the README, section Models)"


@dataclass(frozen=True, slots=True)
class ModelPackage:
    """An installed model package, as its ``metadata.json`` describes it.

    A model package is an argostranslate package: a zip holding one top-level folder with ``metadata.json``,
    a CTranslate2 model in ``model/`` and a ``sentencepiece.model`` (older argostranslate packages carry a
    ``bpe.model`` instead). The toolkit reads these metadata keys:

    * argostranslate's own: ``from_code``, ``to_code``, ``from_name``, ``to_name``, ``package_version``,
      ``type`` (``translate``), ``target_prefix`` (a token forced at the start of the target, e.g. NLLB's
      ``kaz_Cyrl``);
    * the toolkit's additions, which argostranslate ignores: ``name`` (human name of the model),
      ``source_prefix`` and ``source_suffix`` (tokens put around the source pieces, e.g. NLLB's
      ``eng_Latn`` and ``</s>``; space-separated when there are several) and ``target_sentencepiece``
      (file name of a separate target-side SentencePiece model, for Marian checkpoints with two).

    A multilingual checkpoint such as NLLB-200 is installed as one package per pair (``en→kk``, ``en→tk``),
    each carrying the same model with its own ``target_prefix``: that is the only layout argostranslate
    itself can load, and the toolkit loads identical models only once.
    """

    path: Path
    from_code: str
    to_code: str
    name: str
    version: str
    target_prefix: str = ""
    source_prefix: tuple[str, ...] = ()
    source_suffix: tuple[str, ...] = ()
    target_sentencepiece: str = ""

    @property
    def code(self) -> str:
        """The package's folder name, which ``translate models remove`` accepts."""
        return self.path.name

    @property
    def pair(self) -> str:
        """The language pair, e.g. ``en→kk``."""
        return f"{self.from_code}→{self.to_code}"

    @property
    def multilingual(self) -> bool:
        """Whether the model serves several targets, chosen by a target-prefix token (NLLB style)."""
        return bool(self.target_prefix)

    @property
    def origin(self) -> str:
        """Provenance written next to machine translations: model name and version."""
        return f"{self.name} {self.version}".strip()

    def size(self) -> int:
        """Bytes on disk."""
        return sum(path.stat().st_size for path in _files(self.path))


def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file() and path.name != INSTALL_RECORD)


def _tokens(value: object, path: Path, key: str) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(value.split())
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise EngineError(f"metadata key {key!r} must be a string of tokens; reinstall the package", path=path)


def _metadata_to_package(folder: Path, metadata: object, where: Path) -> ModelPackage:
    if not isinstance(metadata, dict):
        raise EngineError("metadata.json must hold a JSON object; reinstall the package", path=where)
    from_code = metadata.get("from_code")
    to_code = metadata.get("to_code")
    if not isinstance(from_code, str) or not isinstance(to_code, str) or not from_code or not to_code:
        raise EngineError("metadata.json lacks from_code/to_code; reinstall the package", path=where)
    if metadata.get("type", "translate") != "translate":
        raise EngineError("is not a translation package (type is not 'translate')", path=where)
    version = str(metadata.get("package_version", "") or "")
    name = metadata.get("name") or folder.name
    target_prefix = metadata.get("target_prefix", "") or ""
    target_sp = metadata.get("target_sentencepiece", "") or ""
    if not isinstance(target_prefix, str) or not isinstance(target_sp, str) or not isinstance(name, str):
        raise EngineError("metadata.json has a malformed key; reinstall the package", path=where)
    if target_sp and (Path(target_sp).name != target_sp or target_sp.startswith(".")):
        raise EngineError("target_sentencepiece must be a file name in the package", path=where)
    return ModelPackage(
        path=folder,
        from_code=from_code,
        to_code=to_code,
        name=name,
        version=version,
        target_prefix=target_prefix,
        source_prefix=_tokens(metadata.get("source_prefix"), where, "source_prefix"),
        source_suffix=_tokens(metadata.get("source_suffix"), where, "source_suffix"),
        target_sentencepiece=target_sp,
    )


def read_package(folder: Path) -> ModelPackage:
    """Read and check an installed package folder; a broken folder raises ``EngineError``."""
    metadata_path = folder / "metadata.json"
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EngineError(
            "model folder has no metadata.json; remove it and reinstall the package", path=folder
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EngineError(
            f"cannot read metadata.json ({exc}); reinstall the package", path=metadata_path
        ) from None
    package = _metadata_to_package(folder, metadata, metadata_path)
    if not (folder / "model" / "model.bin").is_file():
        raise EngineError("model folder lacks model/model.bin; reinstall the package", path=folder)
    if not any((folder / name).is_file() for name in TOKENIZER_FILES):
        raise EngineError("model folder lacks sentencepiece.model; reinstall the package", path=folder)
    if package.target_sentencepiece and not (folder / package.target_sentencepiece).is_file():
        raise EngineError(f"model folder lacks {package.target_sentencepiece}; reinstall it", path=folder)
    return package


def _refuse_file(models_dir: Path) -> None:
    if models_dir.exists() and not models_dir.is_dir():
        raise EngineError(
            "the models folder is a file; point --models-dir or $TRANSLATE_MODELS_DIR at a folder",
            path=models_dir,
        )


def _create_models_dir(models_dir: Path) -> None:
    _refuse_file(models_dir)
    try:
        models_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EngineError(
            f"cannot create the models folder ({exc.strerror}); choose a writable one with --models-dir",
            path=models_dir,
        ) from None


def installed_packages(models_dir: Path) -> list[ModelPackage]:
    """Every package installed in ``models_dir``, sorted by folder name."""
    _refuse_file(models_dir)
    if not models_dir.is_dir():
        return []
    return [
        read_package(folder)
        for folder in sorted(models_dir.iterdir())
        if folder.is_dir() and not folder.name.startswith(".")
    ]


def find_package(models_dir: Path, language: Language) -> ModelPackage | None:
    """The installed package translating English into ``language``, if any."""
    for package in installed_packages(models_dir):
        if package.from_code == SOURCE_LANGUAGE and package.to_code == language.value:
            return package
    return None


def package_checksum(package: ModelPackage) -> str:
    """SHA-256 identity of the whole package (model, tokenizer, metadata)."""
    return _combine(_file_hashes(package))


def model_checksum(package: ModelPackage) -> str:
    """SHA-256 identity of the CTranslate2 model alone; per-pair NLLB packages share it."""
    hashes = _file_hashes(package)
    return _combine({name: digest for name, digest in hashes.items() if name.startswith("model/")})


def _combine(hashes: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(hashes):
        digest.update(f"{name}\0{hashes[name]}\n".encode())
    return digest.hexdigest()


def _file_hashes(package: ModelPackage) -> dict[str, str]:
    """Per-file SHA-256 as recorded at install; sizes are checked against the folder on each call.

    Checking sizes catches a truncated or replaced file without re-hashing gigabytes on every run;
    a folder installed by other means (no record) is hashed in full.
    """
    actual = {path.relative_to(package.path).as_posix(): path for path in _files(package.path)}
    try:
        record = json.loads((package.path / INSTALL_RECORD).read_text(encoding="utf-8"))
        files = record["files"]
        recorded = {name: (int(entry["size"]), str(entry["sha256"])) for name, entry in files.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {name: _hash_file(path) for name, path in actual.items()}
    for name in sorted(set(actual) | set(recorded)):
        if name not in actual:
            problem = f"{name} is missing"
        elif name not in recorded:
            problem = f"{name} was added"
        elif actual[name].stat().st_size != recorded[name][0]:
            problem = f"{name} changed size"
        else:
            continue
        raise EngineError(
            f"model folder is corrupted ({problem} since install); remove and reinstall the package",
            path=package.path,
        )
    return {name: digest for name, (_, digest) in recorded.items()}


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_record(folder: Path) -> None:
    files = {
        path.relative_to(folder).as_posix(): {"size": path.stat().st_size, "sha256": _hash_file(path)}
        for path in _files(folder)
    }
    text = json.dumps({"files": files}, indent=2, sort_keys=True) + "\n"
    (folder / INSTALL_RECORD).write_text(text, encoding="utf-8")


# --- install ---------------------------------------------------------------------------------------


def _check_members(archive: Path, zf: zipfile.ZipFile) -> str:
    """Refuse unsafe archives before anything is written; return the single top-level folder."""
    infos = zf.infolist()
    if not infos:
        raise EngineError("package is an empty zip archive", path=archive)
    if len(infos) > MAX_MEMBERS:
        raise EngineError(f"package holds {len(infos)} files, more than {MAX_MEMBERS}; refused", path=archive)
    tops: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        parts = PurePosixPath(name).parts
        if (
            not parts
            or "\\" in name
            or name.startswith("/")
            or ".." in parts
            or "." in parts
            or ":" in parts[0]
            or "\0" in name
        ):
            raise EngineError(f"package entry {name!r} escapes its folder; refused", path=archive)
        kind = stat.S_IFMT(info.external_attr >> 16)  # 0 when the zip tool recorded no Unix type
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise EngineError(f"package entry {name!r} is a link or special file; refused", path=archive)
        if info.flag_bits & 0x1:
            raise EngineError(f"package entry {name!r} is encrypted; refused", path=archive)
        if not info.is_dir() and len(parts) < 2:
            raise EngineError(
                "package files must sit in one top-level folder (argostranslate layout); refused",
                path=archive,
            )
        tops.add(parts[0])
        total += info.file_size
        if info.file_size > _RATIO_CHECK_FLOOR and info.file_size > MAX_COMPRESSION_RATIO * max(
            info.compress_size, 1
        ):
            raise EngineError(
                f"package entry {name!r} expands more than {MAX_COMPRESSION_RATIO}x (zip bomb?); refused",
                path=archive,
            )
    if total > MAX_PACKAGE_BYTES:
        raise EngineError(
            f"package would unpack to {total} bytes, more than the {MAX_PACKAGE_BYTES} limit; refused",
            path=archive,
        )
    if len(tops) != 1:
        raise EngineError(
            f"package must hold exactly one top-level folder, found {len(tops)}; refused", path=archive
        )
    top = tops.pop()
    if top.startswith("."):
        raise EngineError(f"package folder {top!r} is hidden; refused", path=archive)
    names = {info.filename for info in infos}
    for required in ("metadata.json", "model/model.bin"):
        if f"{top}/{required}" not in names:
            raise EngineError(f"package lacks {required}; it is not a usable model package", path=archive)
    if not any(f"{top}/{name}" in names for name in TOKENIZER_FILES):
        raise EngineError(
            "package lacks sentencepiece.model (or bpe.model); it is not a usable model package", path=archive
        )
    return top


def _extract(archive: Path, zf: zipfile.ZipFile, target: Path) -> None:
    """Extract member by member, counting real bytes (headers can lie about sizes)."""
    written = 0
    for info in zf.infolist():
        destination = target.joinpath(*PurePosixPath(info.filename).parts)
        if info.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        member_written = 0
        with zf.open(info) as source, destination.open("xb") as sink:
            for block in iter(lambda: source.read(1 << 20), b""):
                member_written += len(block)
                written += len(block)
                if member_written > info.file_size or written > MAX_PACKAGE_BYTES:
                    raise EngineError("package unpacks to more than it declares; refused", path=archive)
                sink.write(block)
        destination.chmod(0o644)


@contextlib.contextmanager
def _staging(models_dir: Path) -> Iterator[Path]:
    """A temporary folder inside ``models_dir`` (same file system, so the final rename is atomic)."""
    root = models_dir / STAGING_DIR
    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=root))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(OSError):
            root.rmdir()


def install(models_dir: Path, archive: Path) -> ModelPackage:
    """Install the package file ``archive`` into ``models_dir`` and return it.

    Unsafe or unusable archives are refused before anything is written. Extraction goes to a staging
    folder that is renamed into place, so a crash never leaves a half-installed model; reinstalling the
    same pair replaces the old folder, and a package never overwrites another pair's folder.
    """
    if not archive.is_file():
        raise EngineError("package file not found; check the path", path=archive)
    if not zipfile.is_zipfile(archive):
        raise EngineError("is not a model package (not a zip archive); refused", path=archive)
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise EngineError(f"cannot open package ({exc}); refused", path=archive) from None
    _create_models_dir(models_dir)
    with zf, locked(models_dir / LOCK_NAME):
        top = _check_members(archive, zf)
        try:
            metadata = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise EngineError(
                f"package metadata.json is not valid JSON ({exc}); refused", path=archive
            ) from None
        incoming = _metadata_to_package(models_dir / top, metadata, archive)
        _check_pair(incoming, archive)
        _check_conflicts(models_dir, incoming, archive)
        try:
            with _staging(models_dir) as stage:
                try:
                    _extract(archive, zf, stage)
                except (zipfile.BadZipFile, EOFError) as exc:
                    raise EngineError(f"package is damaged ({exc}); refused", path=archive) from None
                staged = stage / top
                read_package(staged)
                _write_record(staged)
                final = models_dir / top
                if final.exists():
                    old = stage / ".replaced"
                    os.rename(final, old)
                os.rename(staged, final)
        except OSError as exc:
            # A full disk or a read-only folder: the staging folder is gone and the old model is intact.
            raise EngineError(
                f"cannot install into {models_dir} ({exc.strerror or exc}); nothing was installed",
                path=archive,
            ) from None
        return read_package(final)


def _check_pair(incoming: ModelPackage, archive: Path) -> None:
    known = {language.value for language in Language}
    if incoming.from_code != SOURCE_LANGUAGE or incoming.to_code not in known:
        pairs = ", ".join(f"{SOURCE_LANGUAGE}→{code}" for code in sorted(known))
        raise EngineError(
            f"package translates {incoming.pair}, a pair the desk does not use ({pairs}); refused",
            path=archive,
        )


def _check_conflicts(models_dir: Path, incoming: ModelPackage, archive: Path) -> None:
    target = incoming.path
    if target.exists():
        try:
            existing = read_package(target)
        except EngineError:
            existing = None
        if existing is not None and (existing.from_code, existing.to_code) != (
            incoming.from_code,
            incoming.to_code,
        ):
            raise EngineError(
                f"package would overwrite folder {target.name!r} of the {existing.pair} package; "
                f"remove that one first (translate models remove {target.name})",
                path=archive,
            )
    for package in installed_packages(models_dir):
        if package.path != target and (package.from_code, package.to_code) == (
            incoming.from_code,
            incoming.to_code,
        ):
            raise EngineError(
                f"{package.pair} is already served by {package.code!r}; "
                f"remove it first (translate models remove {package.code})",
                path=archive,
            )


def remove(models_dir: Path, code: str) -> ModelPackage:
    """Remove the package named by folder name, pair (``en-ru``, ``en_ru``) or target code (``ru``)."""
    _refuse_file(models_dir)
    if not models_dir.is_dir():
        raise EngineError(f"no model matches {code.strip()!r}: no models are installed in {models_dir}")
    with locked(models_dir / LOCK_NAME):
        package = _match(models_dir, code)
        try:
            with _staging(models_dir) as stage:
                # Renaming first makes the removal atomic: the folder is either installed or gone.
                os.rename(package.path, stage / package.code)
        except OSError as exc:
            raise EngineError(
                f"cannot remove {package.code} ({exc.strerror or exc}); check the folder is writable",
                path=models_dir,
            ) from None
        return package


def _match(models_dir: Path, code: str) -> ModelPackage:
    wanted = code.strip()
    packages = installed_packages(models_dir)
    for package in packages:
        names = {
            package.code,
            f"{package.from_code}-{package.to_code}",
            f"{package.from_code}_{package.to_code}",
            package.to_code,
        }
        if wanted in names:
            return package
    if not packages:
        raise EngineError(f"no model matches {wanted!r}: no models are installed in {models_dir}")
    known = ", ".join(package.code for package in packages)
    raise EngineError(f"no installed model matches {wanted!r} (installed: {known})")


# --- loading ---------------------------------------------------------------------------------------


def load_translators(
    models_dir: Path,
    languages: Sequence[Language],
    options: EngineOptions,
    *,
    state_dir: Path | None = None,
) -> tuple[dict[Language, Translator], dict[Language, str]]:
    """Load a translator for each language with an installed model; say why for the others.

    Returns ``(translators, reasons)``; a reason is one line naming the fix. A broken or unloadable
    package raises ``EngineError`` before anything is translated. Packages holding the same model
    (NLLB's per-pair packages) share one loaded CTranslate2 model.
    """
    from translate.engine.translator import ArgosTranslator, ModelCache

    translators: dict[Language, Translator] = {}
    reasons: dict[Language, str] = {}
    shared = ModelCache(models_dir=models_dir, state_dir=state_dir, options=options)
    for language in languages:
        package = find_package(models_dir, language)
        if package is None:
            reasons[language] = f"no model for {SOURCE_LANGUAGE}→{language.value} installed; {INSTALL_HINT}"
            continue
        translators[language] = ArgosTranslator.load(package, language, options, shared)
    return translators, reasons


# --- building from Hugging Face checkpoints ------------------------------------------------------


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
