"""Fixtures of the report tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.report._desk import make_desk


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """Two documents with the real term base and hand-filled catalogs (see ``make_desk``)."""
    return make_desk(tmp_path)
