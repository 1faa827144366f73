"""Installing model packages from local ``.argosmodel`` files, safely, and removing them."""

from __future__ import annotations

import contextlib
from pathlib import Path

from translate.engine import archive as archives
from translate.engine.package import (
    ModelPackage,
    installed_packages,
    package_folders,
    package_from_metadata,
    read_package,
    refuse_file,
    write_install_record,
)
from translate.engine.staging import LOCK_NAME, checkpoint, recover, transaction
from translate.errors import EngineError
from translate.fileio import locked
from translate.languages import SOURCE_LANGUAGE, Language


def _create_models_dir(models_dir: Path) -> None:
    refuse_file(models_dir)
    try:
        models_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EngineError(
            f"cannot create the models folder ({exc.strerror}); choose a writable one with --models-dir",
            path=models_dir,
        ) from None


def install(models_dir: Path, archive: Path) -> ModelPackage:
    """Install the package file ``archive`` into ``models_dir`` and return it.

    Unsafe, damaged or unusable archives are refused before anything is installed. The install is a
    transaction (``translate.engine.staging``): the package is unpacked and checked in a staging
    folder, then swapped into place, so a crash at any moment leaves the old package or the new one,
    never neither nor a half-unpacked one; what a crash left is settled by the next command. A
    package never overwrites another pair's folder.
    """
    zf = archives.open_archive(archive)
    _create_models_dir(models_dir)
    with zf, locked(models_dir / LOCK_NAME):
        _recover(models_dir)
        top = archives.check_members(archive, zf)
        incoming = package_from_metadata(models_dir / top, archives.read_metadata(archive, zf, top), archive)
        _check_pair(incoming, archive)
        _check_conflicts(models_dir, incoming, archive)
        try:
            with transaction(models_dir) as change:
                archives.extract(archive, zf, change.new)
                staged = change.new / top
                read_package(staged)
                write_install_record(staged)
                checkpoint("staged")
                final = change.commit(top)
        except OSError as exc:
            # A full disk or a read-only folder: the staging folder is gone and the old model is intact.
            raise EngineError(
                f"cannot install into {models_dir} ({exc.strerror or exc}); nothing was installed",
                path=archive,
            ) from None
        return read_package(final)


def _recover(models_dir: Path) -> None:
    """Settle what a crashed install or removal left, before this one starts (the lock is held)."""
    try:
        recover(models_dir)
    except OSError as exc:
        raise EngineError(
            f"cannot finish an interrupted install ({exc.strerror or exc}); check the folder is writable",
            path=models_dir,
        ) from None


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
    for package in _readable_packages(models_dir):
        if package.path != target and (package.from_code, package.to_code) == (
            incoming.from_code,
            incoming.to_code,
        ):
            raise EngineError(
                f"{package.pair} is already served by {package.code!r}; "
                f"remove it first (translate models remove {package.code})",
                path=archive,
            )


def _readable_packages(models_dir: Path) -> list[ModelPackage]:
    """The installed packages that can be read: a broken folder serves no pair, so it conflicts with none
    (and installing a good package over it is how it is mended)."""
    packages = []
    for folder in package_folders(models_dir):
        with contextlib.suppress(EngineError):
            packages.append(read_package(folder))
    return packages


def remove(models_dir: Path, code: str) -> ModelPackage:
    """Remove the package named by folder name, pair (``en-ru``, ``en_ru``) or target code (``ru``)."""
    refuse_file(models_dir)
    if not models_dir.is_dir():
        raise EngineError(f"no model matches {code.strip()!r}: no models are installed in {models_dir}")
    with locked(models_dir / LOCK_NAME):
        _recover(models_dir)
        package = _match(models_dir, code)
        try:
            with transaction(models_dir) as change:
                # Renaming first makes the removal atomic: the folder is either installed or gone.
                change.retire(package.path)
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
