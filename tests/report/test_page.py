"""The report as a file: ``translate report`` writes one page, and never over the project's inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.report._desk import runner
from translate.cli import app


def test_report_command_writes_one_file(desk: Path) -> None:
    result = runner.invoke(app, ["report", "--project", str(desk), "--to", "ru,kk"])
    assert result.exit_code == 0, result.output
    report = desk / "reports" / "review.html"
    assert report.is_file()
    assert "file://" in result.output
    text = report.read_text("utf-8")
    assert 'data-languages="ru kk"' in text
    out = desk / "elsewhere" / "r.html"
    result = runner.invoke(app, ["report", "--project", str(desk), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("locales/ru/LC_MESSAGES/visit.po", "give --out a name ending in .html"),
        ("seeds/visit.txt", "give --out a name ending in .html"),
        ("locales/review.html", "is inside locales/"),
        ("glossary/review.html", "is inside glossary/"),
    ],
    ids=["over-a-catalog", "over-a-source", "inside-locales", "inside-glossary"],
)
def test_report_out_never_overwrites_the_projects_inputs(desk: Path, out: str, message: str) -> None:
    before = {p: p.read_bytes() for p in desk.rglob("*") if p.is_file()}
    result = runner.invoke(app, ["report", "--project", str(desk), "--out", str(desk / out)])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert {p: p.read_bytes() for p in desk.rglob("*") if p.is_file()} == before
