"""What `check` and the help import: not the pipeline, the memory or the report's templates."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED = "2023-11-04-halk-maslahaty-kazakhstan"

# Modules only `run`, `status` (its rows are the pipeline's), `publish`, `report` and `tm` need; `check`
# and the help start without them.
HEAVY = (
    "translate.pipeline",
    "translate.catalog.memory",
    "translate.engine.stack",
    "jinja2",
    "markdown_it",
)

SCRIPT = """
import sys
from typer.testing import CliRunner
import translate.cli
heavy = {heavy!r}
for args in {commands!r}:
    result = CliRunner().invoke(translate.cli.app, args)
    assert result.exit_code in (0, 1), (args, result.exit_code, result.output)
    loaded = [name for name in heavy if name in sys.modules]
    assert not loaded, (args, loaded)
print("ok")
"""


def test_check_and_help_start_without_the_pipeline(tmp_path: Path) -> None:
    shutil.copytree(REPO / "glossary", tmp_path / "glossary")
    (tmp_path / "seeds").mkdir()
    catalog = tmp_path / "locales" / "ru" / "LC_MESSAGES" / f"{SEED}.po"
    catalog.parent.mkdir(parents=True)
    shutil.copy(REPO / "tests" / "fixtures" / "reviewed" / "ru" / f"{SEED}.po", catalog)
    commands = [
        ["--help"],
        ["check", "--quiet", str(catalog)],
        ["check", "--json"],
        ["report", "--help"],
        ["publish", "--help"],
        ["glossary", "check", "--help"],
    ]
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(heavy=HEAVY, commands=commands)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_the_heavy_modules_are_what_run_and_report_load() -> None:
    """The modules named above are the ones `run` and `report` load, so the test above cannot pass by
    naming modules nothing imports."""
    script = (
        "import sys, translate.pipeline, translate.engine.stack, translate.report.page\n"
        f"print([name for name in {HEAVY!r} if name not in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
