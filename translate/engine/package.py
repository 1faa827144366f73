"""Installed model packages: what an argostranslate package holds, finding one, and its checksums."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from translate.engine.staging import recover_quietly
from translate.errors import EngineError
from translate.fileio import read_regular
from translate.languages import SOURCE_LANGUAGE, Language

PACKAGE_SUFFIX = ".argosmodel"
INSTALL_RECORD = ".translate-install.json"
TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")
INSTALL_HINT = "run translate models install FILE (see the README, section Models)"

MAX_METADATA_BYTES = 64 * 1024
"""Largest ``metadata.json`` read; a real one is a few hundred bytes."""
MAX_FIELD_CHARS = 200
"""Longest metadata text (name, version, codes, tokens): the name lands in every ``#.`` note of a run, so a
megabyte name once made a catalog too large for the toolkit to read back."""
MAX_DEPTH = 32
"""Deepest folder nesting inside a package (argostranslate's layout is three levels deep)."""
# An SPDX licence identifier (``Apache-2.0``, ``CC-BY-NC-4.0``, ``LicenseRef-...``) or a simple expression
# of them (``MIT OR Apache-2.0``): what ``license`` may hold.
_SPDX_ID = r"[A-Za-z0-9][A-Za-z0-9.+-]*"
SPDX_EXPRESSION = re.compile(rf"{_SPDX_ID}(?: (?:AND|OR|WITH) {_SPDX_ID})*")
# Creative Commons' NonCommercial licences, the usual non-commercial model licences.
_NON_COMMERCIAL = re.compile(r"(?:^|[ (])CC-BY-NC(?:-|$)", re.IGNORECASE)
NON_COMMERCIAL_WARNING = "non-commercial licence: check your desk may use it"
# Bidirectional embeddings, overrides and isolates reorder what a terminal or an editor shows.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


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
      (file name of a separate target-side SentencePiece model, for Marian checkpoints with two) and
      ``license`` (the model's licence as an SPDX identifier, e.g. ``CC-BY-NC-4.0``; empty when unknown).

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
    license: str = ""

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
        """Whether the model serves several targets, chosen by a token: a target prefix (NLLB's
        ``kaz_Cyrl``) or a tag before the source (MADLAD-400's ``<2kk>``)."""
        return bool(self.target_prefix or self.source_prefix)

    @property
    def non_commercial(self) -> bool:
        """Whether the licence forbids commercial use (Creative Commons NonCommercial)."""
        return non_commercial(self.license)

    @property
    def origin(self) -> str:
        """Provenance written next to machine translations: model name, version and licence when known.

        A package without a licence keeps the origin it always had, so its notes and cached suggestions
        do not change; the licence is in ``metadata.json`` and so in the package checksum, which keys
        the MT cache, so a package that gains or changes its licence is a new model to the cache.
        """
        origin = f"{self.name} {self.version}".strip()
        return f"{origin} ({self.license})" if self.license else origin

    def size(self) -> int:
        """Bytes on disk."""
        return sum(path.stat().st_size for path in _files(self.path))


def _files(folder: Path) -> list[Path]:
    """The package's files, found without recursion and without following links.

    A folder made by hand can be deeper than Python's recursion limit, and a link could point at a FIFO
    or a device that hashing would block on, so both are refused rather than walked.
    """
    files: list[Path] = []
    pending = [(folder, 0)]
    while pending:
        current, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise EngineError(
                f"model folder nests deeper than {MAX_DEPTH} levels; remove and reinstall the package",
                path=folder,
            )
        try:
            entries = list(os.scandir(current))
        except OSError as exc:
            raise EngineError(f"cannot read model folder ({exc.strerror})", path=current) from None
        for entry in entries:
            path = Path(entry.path)
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISDIR(mode):
                pending.append((path, depth + 1))
            elif not stat.S_ISREG(mode):
                raise EngineError(
                    "model folder holds a link or special file; remove and reinstall the package", path=path
                )
            elif path.name != INSTALL_RECORD:
                files.append(path)
    return sorted(files)


def unsafe_text(value: str) -> str | None:
    """Why ``value`` may not be shown or written as one line of text, or None when it may.

    Control characters (ANSI escapes among them), line and paragraph separators, unpaired surrogates
    and bidirectional controls are refused: a model's name is printed in the terminal and written
    into catalogs, where each of these either does something or makes the file unreadable.
    """
    if len(value) > MAX_FIELD_CHARS:
        return f"is longer than {MAX_FIELD_CHARS} characters"
    char = control_character(value)
    return None if char is None else f"holds the control character U+{ord(char):04X}"


def control_character(value: str) -> str | None:
    """The first character of ``value`` that is a control, separator, surrogate or bidi control, if any."""
    for char in value:
        if unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") or char in _BIDI_CONTROLS:
            return char
    return None


def non_commercial(license_id: str) -> bool:
    """Whether the SPDX licence ``license_id`` forbids commercial use (Creative Commons NonCommercial)."""
    return bool(_NON_COMMERCIAL.search(license_id))


def license_problem(value: str) -> str | None:
    """Why ``value`` is not a licence the metadata may record, or None when it may (empty is unknown)."""
    problem = unsafe_text(value)
    if problem:
        return problem
    if value and not SPDX_EXPRESSION.fullmatch(value):
        return "is not an SPDX licence identifier (such as Apache-2.0, CC-BY-4.0 or CC-BY-NC-4.0)"
    return None


def _text(value: object, where: Path, key: str) -> str:
    if not isinstance(value, str):
        raise EngineError(f"metadata key {key!r} must be text; reinstall the package", path=where)
    problem = unsafe_text(value)
    if problem:
        raise EngineError(
            f"metadata key {key!r} {problem}: it must be one line of plain text; install a fixed package",
            path=where,
        )
    return value


def _tokens(value: object, path: Path, key: str) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(_text(value, path, key).split())
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(_text(item, path, key) for item in value)
    raise EngineError(f"metadata key {key!r} must be a string of tokens; reinstall the package", path=path)


def package_from_metadata(folder: Path, metadata: object, where: Path) -> ModelPackage:
    """The package in ``folder`` as its parsed ``metadata.json`` (read at ``where``) describes it."""
    if not isinstance(metadata, dict):
        raise EngineError("metadata.json must hold a JSON object; reinstall the package", path=where)
    from_code = metadata.get("from_code")
    to_code = metadata.get("to_code")
    if not isinstance(from_code, str) or not isinstance(to_code, str) or not from_code or not to_code:
        raise EngineError("metadata.json lacks from_code/to_code; reinstall the package", path=where)
    if metadata.get("type", "translate") != "translate":
        raise EngineError("is not a translation package (type is not 'translate')", path=where)
    _text(from_code, where, "from_code")
    _text(to_code, where, "to_code")
    version_value = metadata.get("package_version", "") or ""
    if isinstance(version_value, bool) or not isinstance(version_value, str | int | float):
        raise EngineError("metadata key 'package_version' must be text; reinstall the package", path=where)
    version = _text(str(version_value), where, "package_version")
    name = metadata.get("name") or folder.name
    target_prefix = metadata.get("target_prefix", "") or ""
    target_sp = metadata.get("target_sentencepiece", "") or ""
    if not isinstance(target_prefix, str) or not isinstance(target_sp, str) or not isinstance(name, str):
        raise EngineError("metadata.json has a malformed key; reinstall the package", path=where)
    for key, value in (("name", name), ("target_prefix", target_prefix), ("target_sentencepiece", target_sp)):
        _text(value, where, key)
    license_value = metadata.get("license", "") or ""
    if not isinstance(license_value, str):
        raise EngineError("metadata key 'license' must be text; install a fixed package", path=where)
    problem = license_problem(license_value)
    if problem:
        raise EngineError(f"metadata key 'license' {problem}; install a fixed package", path=where)
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
        license=license_value,
    )


def parse_metadata(data: bytes, where: Path, remedy: str) -> object:
    """The JSON value of a ``metadata.json``'s bytes; damage raises ``EngineError`` naming ``where``."""
    try:
        return json.loads(data.decode("utf-8"))
    except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError both are
        raise EngineError(f"metadata.json is not valid JSON ({exc}); {remedy}", path=where) from None
    except RecursionError:
        # json nests one C call per bracket; package metadata is one flat object.
        raise EngineError(f"metadata.json is nested too deeply; {remedy}", path=where) from None


def read_package(folder: Path) -> ModelPackage:
    """Read and check an installed package folder; a broken folder raises ``EngineError``."""
    if control_character(folder.name) is not None:
        raise EngineError("model folder name holds a control character; remove the folder", path=folder)
    metadata_path = folder / "metadata.json"
    if not metadata_path.exists() and not metadata_path.is_symlink():
        raise EngineError(
            "model folder has no metadata.json; remove it and reinstall the package", path=folder
        )
    data = read_regular(metadata_path, MAX_METADATA_BYTES, what="package metadata", error=EngineError)
    metadata = parse_metadata(data, metadata_path, "reinstall the package")
    package = package_from_metadata(folder, metadata, metadata_path)
    if not (folder / "model" / "model.bin").is_file():
        raise EngineError("model folder lacks model/model.bin; reinstall the package", path=folder)
    if not any((folder / name).is_file() for name in TOKENIZER_FILES):
        raise EngineError("model folder lacks sentencepiece.model; reinstall the package", path=folder)
    if package.target_sentencepiece and not (folder / package.target_sentencepiece).is_file():
        raise EngineError(f"model folder lacks {package.target_sentencepiece}; reinstall it", path=folder)
    return package


def refuse_file(models_dir: Path) -> None:
    """Refuse a models folder that is a file (a typo in ``--models-dir`` or the environment)."""
    if models_dir.exists() and not models_dir.is_dir():
        raise EngineError(
            "the models folder is a file; point --models-dir or $TRANSLATE_MODELS_DIR at a folder",
            path=models_dir,
        )


def installed_packages(models_dir: Path) -> list[ModelPackage]:
    """Every package installed in ``models_dir``, sorted by folder name."""
    refuse_file(models_dir)
    return [read_package(folder) for folder in package_folders(models_dir)]


def package_folders(models_dir: Path) -> list[Path]:
    """The folders of ``models_dir`` that hold packages (hidden ones are the toolkit's), sorted.

    A transaction a crash left behind is settled first when it can be (see ``recover_quietly``).
    """
    if not models_dir.is_dir():
        return []
    recover_quietly(models_dir)
    return sorted(
        folder for folder in models_dir.iterdir() if folder.is_dir() and not folder.name.startswith(".")
    )


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


def write_install_record(folder: Path) -> None:
    """Record the size and SHA-256 of every file of a package folder being installed."""
    files = {
        path.relative_to(folder).as_posix(): {"size": path.stat().st_size, "sha256": _hash_file(path)}
        for path in _files(folder)
    }
    text = json.dumps({"files": files}, indent=2, sort_keys=True) + "\n"
    (folder / INSTALL_RECORD).write_text(text, encoding="utf-8")
