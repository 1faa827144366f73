"""Installing model packages from local ``.argosmodel`` files, safely, and removing them."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from translate.engine.package import (
    TOKENIZER_FILES,
    ModelPackage,
    installed_packages,
    package_from_metadata,
    read_package,
    refuse_file,
    write_install_record,
)
from translate.errors import EngineError
from translate.fileio import locked
from translate.languages import SOURCE_LANGUAGE, Language

STAGING_DIR = ".staging"
LOCK_NAME = ".packages"

# Install limits: far above any real translation model, far below what fills a disk.
MAX_PACKAGE_BYTES = 16 * 1024**3
MAX_MEMBERS = 10_000
MAX_COMPRESSION_RATIO = 200
_RATIO_CHECK_FLOOR = 1024 * 1024  # small members may compress very well without being bombs


def _create_models_dir(models_dir: Path) -> None:
    refuse_file(models_dir)
    try:
        models_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EngineError(
            f"cannot create the models folder ({exc.strerror}); choose a writable one with --models-dir",
            path=models_dir,
        ) from None


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
        incoming = package_from_metadata(models_dir / top, metadata, archive)
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
                write_install_record(staged)
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
    refuse_file(models_dir)
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
