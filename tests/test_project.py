"""Where a desk's files live: the project's folders, and the models folder when nothing says otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.languages import Language
from translate.project import Project, default_models_dir


def test_models_go_under_the_xdg_data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRANSLATE_MODELS_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_models_dir() == tmp_path / "data" / "translate-desk" / "models"


def test_without_xdg_data_home_models_go_under_local_share(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRANSLATE_MODELS_DIR")
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_models_dir() == tmp_path / ".local" / "share" / "translate-desk" / "models"


def test_translate_models_dir_wins_and_may_start_with_a_tilde(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("TRANSLATE_MODELS_DIR", "~/models")
    assert default_models_dir() == tmp_path / "models"
    assert Project.at(tmp_path).models_dir == tmp_path / "models"


def test_a_project_keeps_its_inputs_outputs_and_stores_where_the_readme_says(tmp_path: Path) -> None:
    project = Project.at(tmp_path)
    places = (
        project.seeds_dir,
        project.glossary_dir,
        project.template_path("doc"),
        project.catalog_path(Language.kk, "doc"),
        project.public_dir,
        project.state_dir,
    )
    assert [path.relative_to(tmp_path).as_posix() for path in places] == [
        "seeds",
        "glossary",
        "locales/templates/doc.pot",
        "locales/kk/LC_MESSAGES/doc.po",
        "public",
        ".translate",
    ]
