"""translate.toml read once for every table: each owner's error class, file:line, nothing that hangs."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from translate.engine.config import load_nbest
from translate.errors import GlossaryError, PublishError, ToolkitError, UsageError
from translate.glossary.style import load_house_style
from translate.project import Project
from translate.publish.config import load_publish_config

LOADERS: list[tuple[Callable[[Path], object], type[ToolkitError]]] = [
    (load_nbest, UsageError),
    (load_house_style, GlossaryError),
    (lambda root: load_publish_config(Project.at(root)), PublishError),
]
IDS = ["engine", "glossary", "publish"]


@pytest.mark.parametrize(("load", "error"), LOADERS, ids=IDS)
def test_invalid_toml_is_the_owners_error_at_its_line(
    tmp_path: Path, load: Callable[[Path], object], error: type[ToolkitError]
) -> None:
    (tmp_path / "translate.toml").write_text("# desk\n[engine\n", encoding="utf-8")
    with pytest.raises(error, match=r"translate\.toml:2: invalid TOML"):
        load(tmp_path)


@pytest.mark.parametrize(("load", "error"), LOADERS, ids=IDS)
def test_bad_utf8_names_the_line(
    tmp_path: Path, load: Callable[[Path], object], error: type[ToolkitError]
) -> None:
    (tmp_path / "translate.toml").write_bytes(b"[engine]\n# caf\xe9\n")
    with pytest.raises(error, match=r"translate\.toml:2: is not valid UTF-8"):
        load(tmp_path)


@pytest.mark.parametrize(("load", "error"), LOADERS, ids=IDS)
def test_a_fifo_is_refused_without_waiting(
    tmp_path: Path, load: Callable[[Path], object], error: type[ToolkitError]
) -> None:
    os.mkfifo(tmp_path / "translate.toml")
    with pytest.raises(error, match=r"translate\.toml: is a FIFO, not a configuration"):
        load(tmp_path)
