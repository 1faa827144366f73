"""Model licences: recorded at build, validated in metadata, shown by list, warned about when non-commercial."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests._models import package_file
from translate.cli import app
from translate.cli._common import console
from translate.engine.build import build_packages, checkpoint_license, spdx_license
from translate.engine.install import install
from translate.engine.package import ModelPackage, non_commercial, package_from_metadata
from translate.errors import EngineError
from translate.languages import Language

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import build_test_models

runner = CliRunner()
WARNING = "non-commercial licence: check your desk may use it"
METADATA = {"from_code": "en", "to_code": "kk", "name": "m", "package_version": "1.0"}


def _with_license(tmp_path: Path, license_value: object, language: Language = Language.ru) -> Path:
    """A copy of the committed tiny package for ``language`` whose metadata records ``license_value``."""
    source = package_file(language)
    copy = tmp_path / source.name
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(copy, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith("/metadata.json"):
                data = json.dumps(json.loads(data) | {"license": license_value}).encode()
            zout.writestr(info, data)
    return copy


@pytest.mark.parametrize(
    "value",
    ["CC-BY-NC-4.0", "Apache-2.0", "MIT OR Apache-2.0", "LicenseRef-OpenRAIL", ""],
    ids=["cc-by-nc", "apache", "expression", "license-ref", "none"],
)
def test_metadata_records_an_spdx_licence(tmp_path: Path, value: str) -> None:
    package = package_from_metadata(tmp_path, METADATA | {"license": value}, tmp_path / "metadata.json")
    assert package.license == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("\x1b[31mMIT", r"metadata key 'license' holds the control character U\+001B"),
        ("MIT\u2028", r"metadata key 'license' holds the control character U\+2028"),
        ("A" * 201, "metadata key 'license' is longer than 200 characters"),
        ("Apache 2.0!", "metadata key 'license' is not an SPDX licence identifier"),
        (42, "metadata key 'license' must be text"),
    ],
    ids=["ansi", "line-separator", "too-long", "not-spdx", "number"],
)
def test_install_refuses_a_package_with_a_bad_licence(tmp_path: Path, value: object, message: str) -> None:
    archive = _with_license(tmp_path, value)
    with pytest.raises(EngineError, match=message):
        install(tmp_path / "models", archive)
    assert not (tmp_path / "models").exists() or not any(
        path.name.startswith("translate-") for path in (tmp_path / "models").iterdir()
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("CC-BY-NC-4.0", True),
        ("CC-BY-NC-SA-4.0", True),
        ("cc-by-nc-nd-4.0", True),
        ("CC-BY-4.0", False),
        ("Apache-2.0", False),
        ("", False),
    ],
    ids=["cc-by-nc", "cc-by-nc-sa", "lowercase-nd", "cc-by", "apache", "unknown"],
)
def test_non_commercial_licences_are_the_creative_commons_nc_ones(value: str, expected: bool) -> None:
    assert non_commercial(value) is expected


@pytest.mark.parametrize(
    ("license_value", "origin"),
    [("", "nllb-200-distilled-600M 1.0"), ("CC-BY-NC-4.0", "nllb-200-distilled-600M 1.0 (CC-BY-NC-4.0)")],
    ids=["no-licence-keeps-its-origin", "licence-named"],
)
def test_the_machine_translation_note_names_the_licence(license_value: str, origin: str) -> None:
    package = ModelPackage(Path("p"), "en", "kk", "nllb-200-distilled-600M", "1.0", license=license_value)
    assert package.origin == origin


@pytest.mark.parametrize(
    ("card", "expected"),
    [
        ("apache-2.0", "Apache-2.0"),
        ("cc-by-nc-4.0", "CC-BY-NC-4.0"),
        ('"cc-by-4.0"', "CC-BY-4.0"),
        ("mit", "MIT"),
        ("other", ""),
    ],
    ids=["madlad", "nllb", "tatoeba", "mit", "other"],
)
def test_the_model_card_licence_is_read_in_spdx_spelling(tmp_path: Path, card: str, expected: str) -> None:
    (tmp_path / "README.md").write_text(f"---\nlanguage:\n- kk\nlicense: {card}\n---\n\n# A model\n")
    assert checkpoint_license(tmp_path, {}) == expected


def test_config_json_licence_is_used_without_a_model_card(tmp_path: Path) -> None:
    assert checkpoint_license(tmp_path, {"license": "apache-2.0"}) == "Apache-2.0"
    assert checkpoint_license(tmp_path, {}) == ""


@pytest.mark.parametrize(
    ("card", "message"),
    [
        ("---\nlicense: [unclosed\n---\n", "cannot read the model card"),
        ("---\nlicense:\n- mit\n- apache-2.0\n---\n", "not one licence id; pass --license ID"),
        (
            "---\nlicense: apache 2.0 or so\n---\n",
            "the model card's license is not an SPDX licence identifier",
        ),
    ],
    ids=["broken-yaml", "two-licences", "not-spdx"],
)
def test_a_model_card_that_names_no_single_licence_is_refused(
    tmp_path: Path, card: str, message: str
) -> None:
    (tmp_path / "README.md").write_text(card)
    with pytest.raises(EngineError, match=message):
        checkpoint_license(tmp_path, {})


def test_spdx_spelling_keeps_an_id_it_does_not_know() -> None:
    assert spdx_license("LicenseRef-Custom") == "LicenseRef-Custom"


def test_build_refuses_a_bad_licence_before_converting(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="--license holds the control character U"):
        build_packages(tmp_path, [Language.kk], tmp_path / "out", license="MIT\x07")
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def nc_install(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A tiny untrained T5 built with ``--license CC-BY-NC-4.0 --install`` over its card's MIT."""
    root = tmp_path_factory.mktemp("nc")
    corpora = {
        language: build_test_models.read_corpus(build_test_models.DEFAULT_CORPUS, language)[:5]
        for language in (Language.kk,)
    }
    build_test_models.make_t5_checkpoint(
        corpora, root / "checkpoint", build_test_models.Recipe(t5_steps=0, t5_vocab=300)
    )
    result = runner.invoke(
        app,
        [
            "models",
            "build",
            "--from",
            str(root / "checkpoint"),
            "--to",
            "kk",
            "--out",
            str(root / "out"),
            "--name",
            "madlad tiny",
            "--license",
            "CC-BY-NC-4.0",
            "--install",
            "--models-dir",
            str(root / "models"),
        ],
    )
    assert result.exit_code == 0, result.output
    return root / "models", result.stdout, result.stderr


def test_build_install_warns_once_about_a_non_commercial_licence(nc_install: tuple[Path, str, str]) -> None:
    _, out, err = nc_install
    assert "installed en→kk: madlad tiny 1.0 (CC-BY-NC-4.0)" in out
    assert err.splitlines() == [f"warning: translate-en_kk-1_0 (CC-BY-NC-4.0): {WARNING}"]


def test_models_install_warns_about_a_non_commercial_licence(tmp_path: Path) -> None:
    archive = _with_license(tmp_path, "CC-BY-NC-4.0")
    result = runner.invoke(app, ["models", "install", str(archive), "--models-dir", str(tmp_path / "models")])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [f"warning: translate-en_ru-1_0 (CC-BY-NC-4.0): {WARNING}"]


def test_models_install_is_quiet_about_a_permissive_licence(tmp_path: Path) -> None:
    archive = _with_license(tmp_path, "CC-BY-4.0")
    result = runner.invoke(app, ["models", "install", str(archive), "--models-dir", str(tmp_path / "models")])
    assert result.exit_code == 0, result.output
    assert "(CC-BY-4.0)" in result.stdout
    assert result.stderr == ""


@pytest.fixture
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 200-column console, so table cells are not wrapped mid-word."""
    # rich keeps a set width in _width (None: ask the terminal); restoring that, not the width it
    # reported, leaves the shared console as the other tests expect it.
    monkeypatch.setattr(console, "_width", 200)


@pytest.mark.usefixtures("wide_console")
def test_models_list_shows_the_licence_and_warns(nc_install: tuple[Path, str, str]) -> None:
    models_dir, _, _ = nc_install
    result = runner.invoke(app, ["models", "list", "--models-dir", str(models_dir)])
    assert result.exit_code == 0, result.output
    assert "licence: CC-BY-NC-4.0" in result.stdout
    assert "yes (<2kk>)" in result.stdout  # MADLAD's tag picks the target: the model is multilingual
    assert result.stderr.splitlines() == [f"warning: translate-en_kk-1_0 (CC-BY-NC-4.0): {WARNING}"]


def test_models_list_json_carries_the_licence(nc_install: tuple[Path, str, str]) -> None:
    models_dir, _, _ = nc_install
    result = runner.invoke(app, ["models", "list", "--json", "--models-dir", str(models_dir)])
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert (row["license"], row["non_commercial"]) == ("CC-BY-NC-4.0", True)
    assert (row["multilingual"], row["target_prefix"], row["source_prefix"]) == (True, "", "<2kk>")


@pytest.mark.usefixtures("wide_console")
def test_models_list_says_unknown_for_a_package_without_a_licence(tmp_path: Path) -> None:
    install(tmp_path / "models", package_file(Language.ru))
    listed = runner.invoke(
        app, ["models", "list", "--models-dir", str(tmp_path / "models")], terminal_width=200
    )
    as_json = runner.invoke(app, ["models", "list", "--json", "--models-dir", str(tmp_path / "models")])
    assert "licence unknown" in listed.stdout and listed.stderr == ""
    assert [(row["license"], row["non_commercial"]) for row in json.loads(as_json.stdout)] == [(None, False)]
