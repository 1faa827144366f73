"""A model package file (``.argosmodel``): a zip archive checked member by member, then unpacked."""

from __future__ import annotations

import contextlib
import lzma
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from translate.engine.package import (
    MAX_DEPTH,
    MAX_METADATA_BYTES,
    TOKENIZER_FILES,
    control_character,
    parse_metadata,
)
from translate.errors import EngineError

# Install limits: far above any real translation model, far below what fills a disk.
MAX_PACKAGE_BYTES = 16 * 1024**3
MAX_MEMBERS = 1_000  # a real package holds about ten files
MAX_COMPRESSION_RATIO = 200
_RATIO_CHECK_FLOOR = 1024 * 1024  # small members may compress very well without being bombs
_MAX_NAME_BYTES = 255  # a file name longer than this cannot be created (NAME_MAX)

# The methods Python's zipfile can unpack; any other (implode, AES encryption's 99, ...) is refused
# before a byte is read instead of failing half-way through the unpacking.
COMPRESSION_METHODS = {
    zipfile.ZIP_STORED: "stored",
    zipfile.ZIP_DEFLATED: "deflate",
    zipfile.ZIP_BZIP2: "bzip2",
    zipfile.ZIP_LZMA: "lzma",
}

# What reading a damaged archive raises: zipfile's own error, each decompressor's, and the short reads,
# bad offsets and undecodable names of a cut or rewritten file (bz2 reports bad data as OSError).
_DAMAGE = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    NotImplementedError,
    ValueError,
    OSError,
    struct.error,
)


@contextlib.contextmanager
def reading(archive: Path) -> Iterator[None]:
    """Turn what a damaged archive raises while being read into one ``EngineError`` naming it."""
    try:
        yield
    except _DAMAGE as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EngineError(f"package is damaged ({detail}); refused", path=archive) from None


def open_archive(archive: Path) -> zipfile.ZipFile:
    """Open the package file ``archive``; a missing, non-zip or damaged file raises ``EngineError``."""
    if not archive.is_file():
        raise EngineError("package file not found; check the path", path=archive)
    if not zipfile.is_zipfile(archive):
        raise EngineError("is not a model package (not a zip archive); refused", path=archive)
    try:
        return zipfile.ZipFile(archive)
    except _DAMAGE as exc:
        raise EngineError(f"cannot open package ({exc}); refused", path=archive) from None


def _unsafe_name(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return (
        not parts
        or "\\" in name
        or name.startswith("/")
        or ".." in parts
        or "." in parts
        or ":" in parts[0]
        or "\0" in name
    )


def check_members(archive: Path, zf: zipfile.ZipFile) -> str:
    """Refuse unsafe archives before anything is written; return the single top-level folder.

    Sizes are bounded per member and in total (bytes, member count and expansion over the file's own
    size), so neither one huge member nor many members each under the per-member floor fill a disk.
    """
    infos = zf.infolist()
    if not infos:
        raise EngineError("package is an empty zip archive", path=archive)
    if len(infos) > MAX_MEMBERS:
        raise EngineError(f"package holds {len(infos)} files, more than {MAX_MEMBERS}; refused", path=archive)
    tops: set[str] = set()
    files: set[PurePosixPath] = set()
    folders: set[PurePosixPath] = set()
    total = 0
    compressed = 0
    for info in infos:
        name = info.filename
        if _unsafe_name(name):
            raise EngineError(f"package entry {name!r} escapes its folder; refused", path=archive)
        path = PurePosixPath(name)
        if control_character(name) is not None:
            raise EngineError(
                f"package entry {name!r} has a control character in its name; refused", path=archive
            )
        if len(path.parts) > MAX_DEPTH + 1 or any(
            len(part.encode()) > _MAX_NAME_BYTES for part in path.parts
        ):
            raise EngineError(
                f"package entry {name[:80]!r}... nests deeper than {MAX_DEPTH} folders or has a name longer "
                f"than {_MAX_NAME_BYTES} bytes; refused",
                path=archive,
            )
        kind = stat.S_IFMT(info.external_attr >> 16)  # 0 when the zip tool recorded no Unix type
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise EngineError(f"package entry {name!r} is a link or special file; refused", path=archive)
        if info.flag_bits & 0x1:
            raise EngineError(f"package entry {name!r} is encrypted; refused", path=archive)
        if info.compress_type not in COMPRESSION_METHODS:
            methods = ", ".join(COMPRESSION_METHODS.values())
            raise EngineError(
                f"package entry {name!r} uses compression method {info.compress_type}, which cannot be "
                f"unpacked (only {methods}); refused",
                path=archive,
            )
        if not info.is_dir() and len(path.parts) < 2:
            raise EngineError(
                "package files must sit in one top-level folder (argostranslate layout); refused",
                path=archive,
            )
        if path in files or (not info.is_dir() and path in folders):
            raise EngineError(f"package lists entry {name!r} twice; refused", path=archive)
        (folders if info.is_dir() else files).add(path)
        folders.update(path.parents)
        tops.add(path.parts[0])
        total += info.file_size
        compressed += info.compress_size
        if info.file_size > _RATIO_CHECK_FLOOR and info.file_size > MAX_COMPRESSION_RATIO * max(
            info.compress_size, 1
        ):
            raise EngineError(
                f"package entry {name!r} expands more than {MAX_COMPRESSION_RATIO}x (zip bomb?); refused",
                path=archive,
            )
    if files & folders:
        clash = min(files & folders)
        raise EngineError(f"package entry {str(clash)!r} is both a file and a folder; refused", path=archive)
    size = archive.stat().st_size
    if compressed > size:
        # A cut file, or entries sharing their data: the trick of the non-recursive zip bomb.
        raise EngineError(
            "package entries claim more data than the file holds (cut short, or a zip bomb); refused",
            path=archive,
        )
    if total > MAX_PACKAGE_BYTES:
        raise EngineError(
            f"package would unpack to {total} bytes, more than the {MAX_PACKAGE_BYTES} limit; refused",
            path=archive,
        )
    if total > _RATIO_CHECK_FLOOR and total > MAX_COMPRESSION_RATIO * size:
        raise EngineError(
            f"package would unpack to {total} bytes, more than {MAX_COMPRESSION_RATIO}x its {size}-byte "
            "file (zip bomb?); refused",
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


def read_metadata(archive: Path, zf: zipfile.ZipFile, top: str) -> object:
    """The parsed ``metadata.json`` of the package, read with a size bound."""
    info = zf.getinfo(f"{top}/metadata.json")
    if info.file_size > MAX_METADATA_BYTES:
        raise EngineError(
            f"package metadata.json is {info.file_size} bytes, more than {MAX_METADATA_BYTES}; refused",
            path=archive,
        )
    with reading(archive), zf.open(info) as source:
        data = source.read(MAX_METADATA_BYTES + 1)
    if len(data) > MAX_METADATA_BYTES:
        raise EngineError("package metadata.json unpacks to more than it declares; refused", path=archive)
    return parse_metadata(data, archive, "refused")


def extract(archive: Path, zf: zipfile.ZipFile, target: Path) -> None:
    """Unpack every member into ``target``, counting real bytes (headers can lie about sizes).

    Each file is fsynced so that the rename that installs the folder never exposes unwritten data
    after a power cut. A damaged member raises ``EngineError``; a failing write (full disk) ``OSError``.
    """
    written = 0
    for info in zf.infolist():
        destination = target.joinpath(*PurePosixPath(info.filename).parts)
        if info.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        member_written = 0
        with reading(archive):
            source = zf.open(info)
        with source, destination.open("xb") as sink:
            while True:
                with reading(archive):
                    block = source.read(1 << 20)
                if not block:
                    break
                member_written += len(block)
                written += len(block)
                if member_written > info.file_size or written > MAX_PACKAGE_BYTES:
                    raise EngineError("package unpacks to more than it declares; refused", path=archive)
                sink.write(block)
            sink.flush()
            os.fsync(sink.fileno())
        destination.chmod(0o644)
