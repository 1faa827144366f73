"""One diagnostics vocabulary: locations, compiler-style lines, one count that every command agrees on."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from lxml import html
from typer.testing import CliRunner

import translate.cli
from tests._fakes import FakeTranslator
from translate.cli import app
from translate.diagnostics import Counts, Finding, Location, Severity, count
from translate.languages import Language
from translate.report import DEFAULT_REPORT

from .conftest import REPO, SEED

runner = CliRunner()
DOC = SEED.stem
YEAR = (
    "Within the framework of the International Organization of Turkic Culture TURKSOY, 2024 has been "
    "declared the Year of Magtymguly Fragi."
)


@pytest.mark.parametrize(
    ("location", "text"),
    [
        (Location("locales/ru/LC_MESSAGES/a.po", 12), "locales/ru/LC_MESSAGES/a.po:12"),
        (Location("glossary/terms.toml"), "glossary/terms.toml"),
    ],
    ids=["with-line", "without-line"],
)
def test_a_location_reads_as_path_colon_line(location: Location, text: str) -> None:
    assert str(location) == text


def test_a_location_inside_the_project_is_project_relative(tmp_path: Path) -> None:
    inside = tmp_path / "locales" / "ru" / "a.po"
    assert Location.at(inside, 3, root=tmp_path) == Location("locales/ru/a.po", 3)
    assert Location.at(Path("/elsewhere/a.po"), 3, root=tmp_path) == Location("/elsewhere/a.po", 3)
    assert Location(str(inside), 3).within(tmp_path) == Location("locales/ru/a.po", 3)


@pytest.mark.parametrize(
    ("finding", "line"),
    [
        (
            Finding("numbers", Severity.serious, "«2024» is missing", location=Location("a.po", 7)),
            "a.po:7: serious: «2024» is missing [numbers]",
        ),
        (
            Finding("length", Severity.warning, "short", acknowledged=True, location=Location("a.po", 9)),
            "a.po:9: warning: short [length, acknowledged]",
        ),
        (Finding("forbidden", Severity.serious, "x: use «y»"), "serious: x: use «y» [forbidden]"),
    ],
    ids=["serious", "acknowledged", "no-location"],
)
def test_a_finding_is_one_compiler_style_line(finding: Finding, line: str) -> None:
    assert finding.line() == line


def test_count_sets_acknowledged_findings_apart() -> None:
    findings = [
        Finding("numbers", Severity.serious, "a"),
        Finding("numbers", Severity.serious, "b", acknowledged=True),
        Finding("length", Severity.warning, "c"),
        Finding("punctuation", Severity.info, "d"),
    ]
    assert count(findings) == Counts(serious=1, warning=1, info=1, acknowledged=1)
    assert count(findings).as_dict() == {"serious": 1, "warning": 1}


# --------------------------------------------------------------------------------- one desk, five commands


def _russian_looking(text: str) -> str:
    """The fake engine's output: it breaks the glossary ("Народный совет") and drops every number."""
    return "Народный совет провёл заседание." if "Halk Maslahaty" in text else "Встреча прошла в Ашхабаде."


def invoke(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--project", str(root)])
    return result.exit_code, result.stdout


@pytest.fixture
def desk(project_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A desk with fuzzy machine translations, glossary violations and a reviewed entry whose year is
    wrong (a serious finding on an entry the gate would otherwise publish)."""
    shutil.copytree(REPO / "glossary", project_dir / "glossary")
    monkeypatch.setattr(
        translate.cli,
        "_open_engines",
        lambda project, languages, options, *placement: (
            {Language.ru: FakeTranslator(render=_russian_looking)},
            {},
        ),
    )
    code, _ = invoke(project_dir, "run", "--to", "ru")
    assert code == 0
    path = project_dir / "locales" / "ru" / "LC_MESSAGES" / f"{DOC}.po"
    catalog = polib.pofile(str(path), wrapwidth=78)
    year = catalog.find(YEAR)
    year.msgstr = "В рамках ТЮРКСОЙ 2042 год объявлен Годом Махтумкули Фраги."
    year.flags = []
    catalog.save(str(path))
    return project_dir


def _report_serious(root: Path) -> int:
    page = html.fromstring((root / DEFAULT_REPORT).read_bytes())
    (cell,) = page.xpath('//table[@class="progress"]/tbody/tr[@data-lang="ru"]/td[6]')
    return int(cell.text_content())


def test_status_check_publish_report_and_run_count_alike(desk: Path) -> None:
    _, out = invoke(desk, "run", "--to", "ru", "--json")
    (run,) = json.loads(out)["catalogs"]
    _, out = invoke(desk, "status", "--json")
    (status,) = json.loads(out)
    code, out = invoke(desk, "check", "--json")
    check = json.loads(out)
    _, out = invoke(desk, "publish", "--to", "ru", "--json")
    (publish,) = json.loads(out)["languages"]
    assert invoke(desk, "report")[0] == 0
    counts = {
        name: (row["serious"], row["warning"])
        for name, row in (("run", run), ("status", status), ("check", check), ("publish", publish))
    }
    serious, warning = counts["check"]
    assert serious >= 2 and warning >= 1 and code == 1
    assert counts == dict.fromkeys(("run", "status", "check", "publish"), (serious, warning))
    assert _report_serious(desk) == serious
    assert any(b["reason"] == "serious finding" and b["check"] == "numbers" for b in publish["blockers"])


# ------------------------------------------------------------------------------------------ JSON shapes

FINDING = ["acknowledged", "check", "line", "message", "path", "severity", "subject"]
CATALOG = [
    "conflict", "document", "entries", "from_memory", "fuzzy", "language", "machine_translated",
    "obsolete", "path", "serious", "translated", "untranslated", "warning", "written",
]  # fmt: skip


def _keys(row: dict[str, object]) -> list[str]:
    return sorted(row)


def test_json_shapes_are_pinned(desk: Path) -> None:
    catalog = f"locales/ru/LC_MESSAGES/{DOC}.po"
    run = json.loads(invoke(desk, "run", "--to", "ru", "--json")[1])
    assert _keys(run) == ["catalogs", "missing_engines", "skipped", "templates"]
    assert run["templates"] == [f"locales/templates/{DOC}.pot"]
    assert _keys(run["catalogs"][0]) == CATALOG and run["catalogs"][0]["path"] == catalog
    status = json.loads(invoke(desk, "status", "--json")[1])
    assert _keys(status[0]) == CATALOG and status[0]["path"] == catalog
    check = json.loads(invoke(desk, "check", "--json")[1])
    assert _keys(check) == ["findings", "serious", "warning"]
    row = check["findings"][0]
    assert _keys(row) == sorted([*FINDING, "fuzzy", "language", "msgctxt", "msgid"])
    assert (row["path"], row["severity"] in set(Severity)) == (catalog, True)
    publish = json.loads(invoke(desk, "publish", "--to", "ru", "--json")[1])
    assert _keys(publish) == ["languages", "out"] and publish["out"] == "public"
    language = publish["languages"][0]
    assert _keys(language) == [
        "blockers", "files", "incomplete", "kept_in_source", "language", "published", "serious", "warning",
        "written",
    ]  # fmt: skip
    assert _keys(language["blockers"][0]) == [
        "check", "detail", "document", "line", "msgid", "path", "reason", "severity",
    ]  # fmt: skip
    assert language["blockers"][0]["path"] == catalog
    lint = json.loads(invoke(desk, "glossary", "lint", "--json")[1])
    assert _keys(lint[0]) == sorted([*FINDING, "term"]) and lint[0]["path"].startswith("glossary/")
    violations = json.loads(invoke(desk, "glossary", "check", str(desk / catalog), "--json")[1])
    assert _keys(violations[0]) == [
        "expected", "found", "found_span", "kind", "language", "line", "message", "path", "severity",
        "source", "source_span", "term",
    ]  # fmt: skip
    assert violations[0]["path"] == catalog and violations[0]["severity"] == "serious"


# ------------------------------------------------------------------------------ lines are never broken

LONG_DOC = "2023-11-04-" + "-".join(["a-very-long-document-name-that-goes-on"] * 4)
LONG_SENTENCE = (
    "The delegation of the Republic discussed the programme of cooperation for the years to come, "
    "signed 12 agreements and visited the exhibition."
)


@pytest.fixture
def long_desk(tmp_path: Path) -> Path:
    root = tmp_path / "desk"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / f"{LONG_DOC}.txt").write_text(LONG_SENTENCE + "\n", encoding="utf-8")
    assert invoke(root, "run", "--to", "ru")[0] == 0
    path = root / "locales" / "ru" / "LC_MESSAGES" / f"{LONG_DOC}.po"
    catalog = polib.pofile(str(path), wrapwidth=78)
    catalog.find(LONG_SENTENCE).msgstr = (
        "Делегация Республики обсудила программу сотрудничества на ближайшие годы, подписала соглашения "
        "и посетила выставку."
    )  # reviewed, without the source's "12": a serious finding
    catalog.save(str(path))
    return root


def _the_line(output: str) -> list[str]:
    prefix = f"locales/ru/LC_MESSAGES/{LONG_DOC}.po:"
    return [
        line
        for line in output.splitlines()
        if line.startswith(prefix)
        and "serious: «12» (12) is missing or changed in the translation" in line
        and line.endswith("[numbers]")
    ]


def test_a_long_finding_stays_on_one_line_through_the_cli(long_desk: Path) -> None:
    code, out = invoke(long_desk, "check")
    assert code == 1
    assert len(_the_line(out)) == 1
    assert all(len(line) > 80 for line in _the_line(out))
    code, quiet = invoke(long_desk, "check", "-q")
    assert code == 1 and quiet.splitlines() == [line for line in out.splitlines() if ": serious: " in line]


def test_a_long_finding_stays_on_one_line_when_piped(long_desk: Path) -> None:
    env = {**os.environ, "COLUMNS": "80", "PYTHONPATH": str(Path(translate.cli.__file__).parents[2])}
    result = subprocess.run(
        [sys.executable, "-m", "translate", "check", "-C", str(long_desk)],
        capture_output=True,  # both pipes: not a terminal
        env=env,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert len(_the_line(result.stdout.decode("utf-8"))) == 1
