"""Installing model packages: safe installs from local files, listing and removal, and their commands."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests._models import LANGUAGES, install_all, package_file
from translate.cli import app
from translate.engine import archive as archives
from translate.engine.argos import load_translators
from translate.engine.install import install, remove
from translate.engine.package import find_package, installed_packages
from translate.engine.staging import STAGING_DIR
from translate.engine.translator import EngineOptions
from translate.errors import EngineError
from translate.languages import Language

REPO = Path(__file__).resolve().parents[2]


def _visible(models_dir: Path) -> list[str]:
    """Folders in the models folder, hidden ones included (no staging leftovers allowed)."""
    if not models_dir.exists():
        return []
    return sorted(path.name for path in models_dir.iterdir() if path.is_dir())


def test_install_and_list_the_fixture_packages(tmp_path: Path) -> None:
    models_dir = install_all(tmp_path / "models")
    packages = installed_packages(models_dir)
    assert [(p.code, p.pair, p.version, p.multilingual) for p in packages] == [
        ("translate-en_kk-1_0", "en→kk", "1.0", True),
        ("translate-en_ru-1_0", "en→ru", "1.0", False),
        ("translate-en_tk-1_0", "en→tk", "1.0", True),
    ]
    assert _visible(models_dir) == ["translate-en_kk-1_0", "translate-en_ru-1_0", "translate-en_tk-1_0"]
    assert all(900_000 < package.size() < 1_500_000 for package in packages)


def test_reinstalling_the_same_package_replaces_it(tmp_path: Path) -> None:
    models_dir = tmp_path / "models"
    first = install(models_dir, package_file(Language.ru))
    (first.path / "stray.txt").write_text("left by hand")
    second = install(models_dir, package_file(Language.ru))
    assert second.path == first.path
    assert not (second.path / "stray.txt").exists()
    assert _visible(models_dir) == ["translate-en_ru-1_0"]


def _zip(path: Path, entries: dict[str, bytes], *, symlink: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        if symlink is not None:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return path


METADATA = json.dumps({"from_code": "en", "to_code": "ru", "package_version": "1"}).encode()


def _valid(top: str = "pkg", metadata: bytes = METADATA) -> dict[str, bytes]:
    return {
        f"{top}/metadata.json": metadata,
        f"{top}/model/model.bin": b"weights",
        f"{top}/sentencepiece.model": b"pieces",
    }


BAD_ARCHIVES = {
    "escapes-with-dotdot": (_valid() | {"pkg/../../evil.txt": b"x"}, None, "escapes its folder"),
    "absolute-path": (_valid() | {"/tmp/evil.txt": b"x"}, None, "escapes its folder"),
    "symlink": (_valid(), "pkg/link", "is a link or special file"),
    "two-folders": (_valid() | {"other/file.txt": b"x"}, None, "exactly one top-level folder"),
    "loose-file": (_valid() | {"README.md": b"x"}, None, "one top-level folder"),
    "no-metadata": ({k: v for k, v in _valid().items() if "metadata" not in k}, None, "lacks metadata.json"),
    "no-model": ({k: v for k, v in _valid().items() if "model.bin" not in k}, None, "lacks model/model.bin"),
    "no-tokenizer": ({k: v for k, v in _valid().items() if "sentencepiece" not in k}, None, "sentencepiece"),
    "bad-json": (_valid(metadata=b"{not json"), None, "metadata.json is not valid JSON"),
    "no-pair": (_valid(metadata=b'{"package_version": "1"}'), None, "lacks from_code/to_code"),
    "hidden-folder": (_valid(top=".staging"), None, "is hidden"),
    "unknown-pair": (
        _valid(metadata=b'{"from_code": "de", "to_code": "en"}'),
        None,
        "package translates de→en, a pair the desk does not use",
    ),
}


@pytest.mark.parametrize(("entries", "symlink", "message"), BAD_ARCHIVES.values(), ids=BAD_ARCHIVES.keys())
def test_unsafe_or_unusable_archives_are_refused(
    tmp_path: Path, entries: dict[str, bytes], symlink: str | None, message: str
) -> None:
    models_dir = install_all(tmp_path / "models", (Language.kk,))
    archive = _zip(tmp_path / "bad.argosmodel", entries, symlink=symlink)
    with pytest.raises(EngineError, match=message):
        install(models_dir, archive)
    assert _visible(models_dir) == ["translate-en_kk-1_0"]
    assert not (tmp_path / "evil.txt").exists()


def test_non_zip_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "model.argosmodel"
    archive.write_text("not a zip")
    with pytest.raises(EngineError, match=r"model.argosmodel: is not a model package \(not a zip archive\)"):
        install(tmp_path / "models", archive)
    with pytest.raises(EngineError, match="package file not found"):
        install(tmp_path / "models", tmp_path / "missing.argosmodel")


def test_zip_bomb_is_refused_before_extraction(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "bomb.argosmodel", _valid() | {"pkg/model/zeros.bin": bytes(50 * 1024 * 1024)})
    assert archive.stat().st_size < 1024 * 1024
    with pytest.raises(EngineError, match="expands more than 200x"):
        install(tmp_path / "models", archive)
    assert _visible(tmp_path / "models") == []


def test_total_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archives, "MAX_PACKAGE_BYTES", 10)
    with pytest.raises(EngineError, match="would unpack to 73 bytes, more than the 10 limit"):
        install(tmp_path / "models", _zip(tmp_path / "big.argosmodel", _valid()))


def test_a_package_never_overwrites_another_pairs_folder(tmp_path: Path) -> None:
    models_dir = install_all(tmp_path / "models", (Language.kk,))
    impostor = _valid(top="translate-en_kk-1_0")  # metadata says en→ru
    with pytest.raises(
        EngineError, match="would overwrite folder 'translate-en_kk-1_0' of the en→kk package"
    ):
        install(models_dir, _zip(tmp_path / "impostor.argosmodel", impostor))
    assert find_package(models_dir, Language.kk) is not None


def test_a_second_package_for_an_installed_pair_is_refused(tmp_path: Path) -> None:
    models_dir = install_all(tmp_path / "models", (Language.ru,))
    with pytest.raises(
        EngineError, match="en→ru is already served by 'translate-en_ru-1_0'; remove it first"
    ):
        install(models_dir, _zip(tmp_path / "other.argosmodel", _valid(top="other-ru")))


def test_a_crash_during_extraction_leaves_nothing_half_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    models_dir = tmp_path / "models"
    real_extract = archives.extract

    def crash(archive: Path, zf: zipfile.ZipFile, target: Path) -> None:
        real_extract(archive, zf, target)
        raise KeyboardInterrupt  # the process dies after unpacking, before the rename

    monkeypatch.setattr(archives, "extract", crash)
    with pytest.raises(KeyboardInterrupt):
        install(models_dir, package_file(Language.ru))
    assert _visible(models_dir) == []
    assert find_package(models_dir, Language.ru) is None


def test_staging_folder_is_not_a_package(tmp_path: Path) -> None:
    models_dir = install_all(tmp_path / "models", (Language.ru,))
    (models_dir / STAGING_DIR / "left-by-a-crash").mkdir(parents=True)
    assert [p.code for p in installed_packages(models_dir)] == ["translate-en_ru-1_0"]


@pytest.mark.parametrize("code", ["translate-en_tk-1_0", "en-tk", "en_tk", "tk"], ids=str)
def test_remove_by_folder_pair_or_language(tmp_path: Path, code: str) -> None:
    models_dir = install_all(tmp_path / "models", (Language.ru, Language.tk))
    removed = remove(models_dir, code)
    assert removed.pair == "en→tk"
    assert _visible(models_dir) == ["translate-en_ru-1_0"]


def test_remove_unknown_names_what_is_installed(tmp_path: Path) -> None:
    models_dir = install_all(tmp_path / "models", (Language.ru,))
    with pytest.raises(
        EngineError, match=r"no installed model matches 'de' \(installed: translate-en_ru-1_0\)"
    ):
        remove(models_dir, "de")


def test_remove_from_an_empty_or_missing_models_folder_creates_nothing(tmp_path: Path) -> None:
    models_dir = tmp_path / "typo"
    with pytest.raises(EngineError, match=r"no model matches 'ru': no models are installed in .*typo"):
        remove(models_dir, "ru")
    assert not models_dir.exists()


def test_a_models_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "models.txt"
    not_a_folder.write_text("oops")
    for action in (
        lambda: installed_packages(not_a_folder),
        lambda: install(not_a_folder, package_file(Language.ru)),
        lambda: remove(not_a_folder, "ru"),
        lambda: load_translators(not_a_folder, [Language.ru], EngineOptions()),
    ):
        with pytest.raises(EngineError, match=r"models\.txt: the models folder is a file"):
            action()
    assert not_a_folder.read_text() == "oops"


def test_an_uncreatable_models_folder_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    models_dir = tmp_path / "file" / "models"
    result = CliRunner().invoke(
        app, ["models", "install", str(package_file(Language.ru)), "--models-dir", str(models_dir)]
    )
    assert result.exit_code == 1
    assert "cannot create the models folder" in result.output
    assert "Traceback" not in result.output


def test_install_that_cannot_rename_into_place_keeps_the_old_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    models_dir = install_all(tmp_path / "models", (Language.ru,))
    before = sorted(p.name for p in (models_dir / "translate-en_ru-1_0").rglob("*"))

    def full_disk(archive: Path, zf: zipfile.ZipFile, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(archives, "extract", full_disk)
    with pytest.raises(EngineError, match=r"cannot install into .*No space left on device.*nothing was"):
        install(models_dir, package_file(Language.ru))
    assert sorted(p.name for p in (models_dir / "translate-en_ru-1_0").rglob("*")) == before
    assert _visible(models_dir) == ["translate-en_ru-1_0"]


# --- command line --------------------------------------------------------------------------------


def test_cli_install_list_remove(tmp_path: Path) -> None:
    runner = CliRunner()
    models_dir = str(tmp_path / "models")
    files = [str(package_file(language)) for language in LANGUAGES]
    result = runner.invoke(app, ["models", "install", *files, "--models-dir", models_dir])
    assert result.exit_code == 0, result.output
    assert "installed en→kk: tiny test model (NLLB, not a translation) 1.0" in result.output
    listed = runner.invoke(app, ["models", "list", "--models-dir", models_dir, "--json"])
    rows = json.loads(listed.output)
    assert [(r["pair"], r["multilingual"], r["target_prefix"]) for r in rows] == [
        ("en→kk", True, "kaz_Cyrl"),
        ("en→ru", False, ""),
        ("en→tk", True, "tuk_Latn"),
    ]
    table = runner.invoke(app, ["models", "list", "--models-dir", models_dir], terminal_width=200)
    assert "yes (tuk_Latn)" in table.output
    assert runner.invoke(app, ["models", "remove", "ru", "--models-dir", models_dir]).exit_code == 0
    result = runner.invoke(app, ["models", "remove", "ru", "--models-dir", models_dir])
    assert result.exit_code == 1
    assert "no installed model matches 'ru'" in result.output
    assert "Traceback" not in result.output


def test_cli_list_keeps_the_code_whole_in_a_narrow_terminal(tmp_path: Path) -> None:
    models_dir = install_all(tmp_path / "models")
    table = CliRunner().invoke(app, ["models", "list", "--models-dir", str(models_dir)], terminal_width=60)
    assert table.exit_code == 0
    for code in ("translate-en_kk-1_0", "translate-en_ru-1_0", "translate-en_tk-1_0"):
        assert code in table.output


def test_cli_install_refusal_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.argosmodel"
    bad.write_text("nope")
    result = CliRunner().invoke(app, ["models", "install", str(bad), "--models-dir", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert "not a zip archive" in result.output


def test_models_dir_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSLATE_MODELS_DIR", str(tmp_path / "env-models"))
    result = CliRunner().invoke(app, ["models", "install", str(package_file(Language.ru))])
    assert result.exit_code == 0, result.output
    assert _visible(tmp_path / "env-models") == ["translate-en_ru-1_0"]


SPECIAL_FILES = {
    "fifo": stat.S_IFIFO,
    "char-device": stat.S_IFCHR,
    "block-device": stat.S_IFBLK,
    "socket": stat.S_IFSOCK,
}


@pytest.mark.parametrize("mode", SPECIAL_FILES.values(), ids=SPECIAL_FILES.keys())
def test_a_special_file_entry_is_refused(tmp_path: Path, mode: int) -> None:
    archive = _zip(tmp_path / "special.argosmodel", _valid())
    with zipfile.ZipFile(archive, "a") as zf:
        info = zipfile.ZipInfo("pkg/model/special")
        info.external_attr = (mode | 0o644) << 16
        zf.writestr(info, b"")
    with pytest.raises(EngineError, match="'pkg/model/special' is a link or special file; refused"):
        install(tmp_path / "models", archive)
    assert _visible(tmp_path / "models") == []
