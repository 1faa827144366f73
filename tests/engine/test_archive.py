"""Model package files that are damaged, bombs or carry hostile metadata: one clear refusal, nothing installed.

Every damaged archive here is the committed tiny en→ru package with a few bytes, a compression method
field, its metadata or its members rewritten.
"""

from __future__ import annotations

import io
import json
import struct
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests._models import install_all, package_file
from translate.cli import app
from translate.engine.install import install
from translate.engine.package import find_package, installed_packages
from translate.errors import EngineError
from translate.languages import Language

FIXTURE = package_file(Language.ru).read_bytes()
TOP = "translate-en_ru-1_0"


def _infos() -> dict[str, zipfile.ZipInfo]:
    with zipfile.ZipFile(io.BytesIO(FIXTURE)) as zf:
        return {info.filename.removeprefix(f"{TOP}/"): info for info in zf.infolist()}


def _data_offset(member: str) -> int:
    """Where ``member``'s compressed bytes start (after its local header)."""
    start = _infos()[member].header_offset
    name_length, extra_length = struct.unpack_from("<HH", FIXTURE, start + 26)
    return start + 30 + name_length + extra_length


def _central_record(member: str) -> int:
    """Where ``member``'s central-directory record starts."""
    name = f"{TOP}/{member}".encode()
    position = FIXTURE.find(b"PK\x01\x02")
    while position != -1:
        (length,) = struct.unpack_from("<H", FIXTURE, position + 28)
        if FIXTURE[position + 46 : position + 46 + length] == name:
            return position
        position = FIXTURE.find(b"PK\x01\x02", position + 4)
    raise AssertionError(member)


def garbled(member: str, at: int) -> bytes:
    """The fixture with one byte of ``member``'s compressed data inverted."""
    data = bytearray(FIXTURE)
    data[_data_offset(member) + at] ^= 0xFF
    return bytes(data)


def wrong_crc(member: str) -> bytes:
    """The fixture with ``member``'s recorded CRC-32 off by one bit (its data intact)."""
    data = bytearray(FIXTURE)
    crc = _infos()[member].CRC ^ 1
    struct.pack_into("<I", data, _infos()[member].header_offset + 14, crc)
    struct.pack_into("<I", data, _central_record(member) + 16, crc)
    return bytes(data)


def method(member: str, value: int) -> bytes:
    """The fixture with ``member``'s compression method field set to ``value`` in both headers."""
    data = bytearray(FIXTURE)
    struct.pack_into("<H", data, _infos()[member].header_offset + 8, value)
    struct.pack_into("<H", data, _central_record(member) + 10, value)
    return bytes(data)


def local_header(member: str, offset: int, value: bytes) -> bytes:
    """The fixture with bytes of ``member``'s local header overwritten."""
    data = bytearray(FIXTURE)
    start = _infos()[member].header_offset + offset
    data[start : start + len(value)] = value
    return bytes(data)


def rebuilt(
    metadata: bytes | None = None,
    extra: dict[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """The fixture's members zipped again, with ``metadata.json`` replaced and ``extra`` members added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(FIXTURE)) as source, zipfile.ZipFile(out, "w", compression) as target:
        for info in source.infolist():
            data = source.read(info)
            if metadata is not None and info.filename == f"{TOP}/metadata.json":
                data = metadata
            target.writestr(info.filename, data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # zipfile warns of a duplicate name, and writes it
            for name, data in (extra or {}).items():
                target.writestr(name, data)
    return out.getvalue()


def fixture_metadata(**changes: object) -> bytes:
    with zipfile.ZipFile(io.BytesIO(FIXTURE)) as zf:
        metadata = json.loads(zf.read(f"{TOP}/metadata.json"))
    return json.dumps(metadata | changes, ensure_ascii=False).encode()


DAMAGED: dict[str, tuple[Callable[[], bytes], str]] = {
    # The reproducers of issue 17: each raised zlib.error, BadZipFile, NotImplementedError or RecursionError.
    "zlib-error-in-metadata": (
        lambda: garbled("metadata.json", 5),
        r"package is damaged \(Error -3 while decompressing data",
    ),
    "bad-crc-of-metadata": (lambda: wrong_crc("metadata.json"), r"package is damaged \(Bad CRC-32 for file"),
    "bad-crc-of-model": (lambda: wrong_crc("model/model.bin"), r"package is damaged \(Bad CRC-32 for file"),
    "garbled-model-data": (lambda: garbled("model/model.bin", 1000), "package is damaged"),
    "compression-method-99": (
        lambda: method("model/model.bin", 99),
        r"model.bin' uses compression method 99, which cannot be unpacked \(only stored, deflate, bzip2, lzma\)",
    ),
    "implode": (lambda: method("metadata.json", 6), "metadata.json' uses compression method 6"),
    "bzip2-garbage": (
        lambda: method("model/model.bin", zipfile.ZIP_BZIP2),
        r"package is damaged \(Invalid data",
    ),
    "lzma-garbage": (lambda: method("model/model.bin", zipfile.ZIP_LZMA), "package is damaged"),
    "deep-json-objects": (
        lambda: rebuilt(metadata=b'{"a":' * 5000 + b"1" + b"}" * 5000),
        "metadata.json is nested too deeply; refused",
    ),
    "deep-json-lists": (
        lambda: rebuilt(metadata=b"[" * 20000 + b"]" * 20000),
        "metadata.json is nested too deeply; refused",
    ),
    "deep-folders": (
        lambda: rebuilt(extra={f"{TOP}/{'d/' * 1500}x.bin": b"x"}),
        "nests deeper than 32 folders",
    ),
    "deep-folders-past-path-max": (
        lambda: rebuilt(extra={f"{TOP}/{'dddddddd/' * 1500}x.bin": b"x"}),
        "nests deeper than 32 folders",
    ),
    "long-file-name": (lambda: rebuilt(extra={f"{TOP}/{'n' * 300}": b"x"}), "name longer than 255 bytes"),
    "bad-local-header-magic": (
        lambda: local_header("model/model.bin", 0, b"XXXX"),
        r"package is damaged \(Bad magic number for file header\)",
    ),
    "header-name-differs": (
        lambda: local_header("metadata.json", 30, b"X"),
        r"package is damaged \(File name in directory",
    ),
    "cut-short": (
        lambda: FIXTURE[: len(FIXTURE) // 2] + FIXTURE[-2000:],
        "claim more data than the file holds",
    ),
    "metadata-not-utf8": (lambda: rebuilt(metadata=b'{"name": "\xff"}'), "metadata.json is not valid JSON"),
    "huge-metadata": (lambda: rebuilt(metadata=b" " * 100_000 + b"{}"), "metadata.json is 100002 bytes"),
    "member-twice": (
        lambda: rebuilt(extra={f"{TOP}/model/model.bin": b"again"}),
        "lists entry .*model.bin' twice",
    ),
    "file-and-folder": (
        lambda: rebuilt(extra={f"{TOP}/sentencepiece.model/x": b"x"}),
        "sentencepiece.model' is both a file and a folder",
    ),
    "control-character-in-name": (
        lambda: rebuilt(extra={f"{TOP}/\x1b[2Jx": b"x"}),
        "has a control character in its name",
    ),
}


@pytest.fixture
def models_dir(tmp_path: Path) -> Path:
    """A models folder already holding en→ru (so a refused reinstall must leave it) and en→kk."""
    return install_all(tmp_path / "models", (Language.ru, Language.kk))


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("build", "message"), DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_package_is_one_error_naming_the_file(
    models_dir: Path, tmp_path: Path, build: Callable[[], bytes], message: str
) -> None:
    archive = tmp_path / "damaged.argosmodel"
    archive.write_bytes(build())
    before = _tree(models_dir)
    with pytest.raises(EngineError, match=message) as raised:
        install(models_dir, archive)
    assert str(raised.value).startswith(f"{archive}: ")
    assert _tree(models_dir) == before  # nothing installed, nothing left in staging


@pytest.mark.parametrize(
    "case", ["zlib-error-in-metadata", "compression-method-99", "deep-json-objects", "deep-folders"]
)
def test_the_cli_refuses_a_damaged_package_in_one_line(models_dir: Path, tmp_path: Path, case: str) -> None:
    archive = tmp_path / "damaged.argosmodel"
    archive.write_bytes(DAMAGED[case][0]())
    result = CliRunner().invoke(app, ["models", "install", str(archive), "--models-dir", str(models_dir)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.startswith(f"error: {archive}: ")
    assert result.output.strip().count("\n") == 0


# --- zip bombs -----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_many_members_each_under_the_ratio_floor_are_a_bomb(tmp_path: Path) -> None:
    # 900 members of 1 MiB of zeros: none is over the per-member floor, and installing it wrote 904 MB.
    megabyte = bytes(1024 * 1024)
    archive = tmp_path / "bomb.argosmodel"
    archive.write_bytes(rebuilt(extra={f"{TOP}/model/pad{index:03}.bin": megabyte for index in range(900)}))
    assert archive.stat().st_size < 3 * 1024 * 1024
    with pytest.raises(EngineError, match=r"would unpack to 944\d+ bytes, more than 200x its \d+-byte file"):
        install(tmp_path / "models", archive)
    assert not (tmp_path / "models" / TOP).exists()


def test_the_total_expansion_is_bounded_not_only_each_member(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.argosmodel"
    archive.write_bytes(
        rebuilt(extra={f"{TOP}/model/pad{index}.bin": bytes(1024 * 1024) for index in range(3)})
    )
    from translate.engine import archive as archives

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(archives, "MAX_COMPRESSION_RATIO", 2)
        with pytest.raises(EngineError, match="more than 2x its"):
            install(tmp_path / "models", archive)


def test_member_count_is_bounded(tmp_path: Path) -> None:
    archive = tmp_path / "many.argosmodel"
    archive.write_bytes(rebuilt(extra={f"{TOP}/x/{index}": b"" for index in range(1001)}))
    with pytest.raises(EngineError, match="package holds 1006 files, more than 1000; refused"):
        install(tmp_path / "models", archive)


# --- hostile metadata ----------------------------------------------------------------------------------

HOSTILE_METADATA = {
    "ansi-escape-in-name": (
        {"name": "\x1b[31mred\x1b[0m"},
        r"metadata key 'name' holds the control character U\+001B",
    ),
    "long-name": ({"name": "n" * 10_000}, "metadata key 'name' is longer than 200 characters"),
    "newline-in-name": ({"name": "a\nb"}, "U\\+000A"),
    "line-separator-in-version": (
        {"package_version": "1\u20282"},
        "'package_version' holds the control character U\\+2028",
    ),
    "bidi-override-in-name": ({"name": "abc\u202edcba"}, "U\\+202E"),
    "control-in-target-prefix": (
        {"target_prefix": "kaz\x00"},
        "'target_prefix' holds the control character U\\+0000",
    ),
    "control-in-source-tokens": ({"source_prefix": ["eng\x07"]}, "'source_prefix' holds"),
    "version-as-a-table": ({"package_version": {"a": 1}}, "'package_version' must be text"),
}


@pytest.mark.parametrize(("changes", "message"), HOSTILE_METADATA.values(), ids=HOSTILE_METADATA.keys())
def test_metadata_fields_are_bounded_at_install(
    tmp_path: Path, changes: dict[str, object], message: str
) -> None:
    archive = tmp_path / "hostile.argosmodel"
    archive.write_bytes(rebuilt(metadata=fixture_metadata(**changes)))
    with pytest.raises(EngineError, match=message):
        install(tmp_path / "models", archive)
    assert not (tmp_path / "models" / TOP).exists()


@pytest.mark.parametrize(("changes", "message"), HOSTILE_METADATA.values(), ids=HOSTILE_METADATA.keys())
def test_metadata_fields_are_bounded_when_reading_installed_packages(
    models_dir: Path, changes: dict[str, object], message: str
) -> None:
    metadata = models_dir / TOP / "metadata.json"
    metadata.write_bytes(fixture_metadata(**changes))
    with pytest.raises(EngineError, match=message) as raised:
        installed_packages(models_dir)
    assert str(raised.value).startswith(f"{metadata}: ")
    result = CliRunner().invoke(app, ["models", "list", "--models-dir", str(models_dir)])
    assert result.exit_code == 1
    assert "\x1b" not in result.output


def test_a_package_with_a_bad_name_can_be_mended_by_installing_over_it(models_dir: Path) -> None:
    (models_dir / TOP / "metadata.json").write_bytes(fixture_metadata(name="\x1b[31m"))
    install(models_dir, package_file(Language.ru))
    assert find_package(models_dir, Language.ru) is not None


MARKUP_NAME = "[bold red]PWNED[/] [link=file:///etc]x[/link]"


def test_model_names_are_printed_literally_not_as_rich_markup(tmp_path: Path) -> None:
    archive = tmp_path / "markup.argosmodel"
    archive.write_bytes(rebuilt(metadata=fixture_metadata(name=MARKUP_NAME)))
    models_dir = tmp_path / "models"
    runner = CliRunner()
    installed = runner.invoke(app, ["models", "install", str(archive), "--models-dir", str(models_dir)])
    assert installed.exit_code == 0, installed.output
    assert f"installed en→ru: {MARKUP_NAME} 1.0 ({TOP})" in installed.output
    listed = runner.invoke(app, ["models", "list", "--models-dir", str(models_dir)])
    assert "[bold" in listed.output and "red]PWNED[/]" in listed.output  # the table wraps the long name
    removed = runner.invoke(app, ["models", "remove", "ru", "--models-dir", str(models_dir)])
    assert f"removed en→ru: {MARKUP_NAME} 1.0" in removed.output


def test_a_link_inside_an_installed_package_is_refused_not_followed(models_dir: Path, tmp_path: Path) -> None:
    fifo_target = tmp_path / "elsewhere"
    fifo_target.write_text("x")
    (models_dir / TOP / "model" / "extra.bin").symlink_to(fifo_target)
    with pytest.raises(EngineError, match="model folder holds a link or special file"):
        installed_packages(models_dir)[1].size()
