"""The ``translate glossary`` commands through typer's runner, on a throwaway project."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.languages import Language

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture
def project(project_dir: Path) -> Path:
    shutil.copytree(REPO / "glossary", project_dir / "glossary")
    return project_dir


def invoke(project: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["glossary", *args, "-C", str(project)], catch_exceptions=False)


def _po(path: Path, language: Language, entries: list[tuple[str, str]]) -> Path:
    catalog = polib.POFile()
    catalog.metadata = {
        "Project-Id-Version": "test",
        "Language": language.value,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": language.plural_forms,
    }
    for msgid, msgstr in entries:
        catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    catalog.save(str(path))
    return path


def test_check_text_reports_violations_and_exits_1(project: Path) -> None:
    result = invoke(
        project,
        "check",
        "--lang",
        "ru",
        "--source",
        "The Chairman of the Halk Maslahaty met the governor of the Balkan velayat.",
        "--target",
        "Председатель Народного совета встретился с губернатором Балканской области.",
        "--json",
    )
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert [(f["term"], f["kind"], f["found"], f["expected"]) for f in findings] == [
        (
            "chairman-halk-maslahaty",
            "forbidden",
            "Председатель Народного совета",
            "Председатель Халк Маслахаты",
        ),
        ("balkan-velayat", "forbidden", "Балканской области", "Балканского велаята"),
    ]
    assert findings[0]["source_span"] == [4, 34]


def test_check_text_clean_exits_0(project: Path) -> None:
    result = invoke(
        project,
        "check",
        "--lang",
        "tk",
        "--source",
        "Streets of Ashgabat.",
        "--target",
        "Aşgabadyň köçeleri.",
    )
    assert result.exit_code == 0
    assert "No glossary violations." in result.stdout


def test_check_po_files_compiler_lines(project: Path, tmp_path: Path) -> None:
    po = _po(
        tmp_path / "kk.po",
        Language.kk,
        [
            ("The Halk Maslahaty met.", "Халық кеңесі жиналды."),
            ("In the Balkan velayat.", "Балқан уәлаятында."),
            ("Aktau port.", ""),
        ],
    )
    result = invoke(project, "check", str(po))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{po}:11: serious: halk-maslahaty: forbidden rendering «Халық кеңесі»")
    assert lines[0].endswith("[forbidden]")
    assert lines[1].startswith(f"{po}:14: warning: balkan-velayat: provisional kk rendering")
    assert lines[2:] == ["2 glossary findings: 1 serious, 1 warning"]
    assert invoke(project, "check", str(po), "-q").stdout.splitlines() == lines[:2]
    findings = json.loads(invoke(project, "check", str(po), "--json").stdout)
    assert [(f["path"], f["line"], f["term"], f["kind"], f["severity"]) for f in findings] == [
        (str(po), 11, "halk-maslahaty", "forbidden", "serious"),
        (str(po), 14, "balkan-velayat", "provisional", "warning"),
    ]


def test_check_po_json_has_locations(project: Path, tmp_path: Path) -> None:
    po = _po(tmp_path / "ru.po", Language.ru, [("Talks in Astana.", "Переговоры в Астане.")])
    result = invoke(project, "check", str(po), "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_check_needs_input(project: Path) -> None:
    result = invoke(project, "check", "--source", "x")
    assert result.exit_code == 2  # a usage error, as click reports one
    assert "--source needs --target and --lang" in result.stderr


def test_list_and_show(project: Path) -> None:
    listed = invoke(project, "list", "--json")
    assert listed.exit_code == 0
    ids = [term["id"] for term in json.loads(listed.stdout)]
    assert "halk-maslahaty" in ids and len(ids) == 42
    table = invoke(project, "list", "--lang", "kk")
    assert "уәлаят*" in table.stdout
    shown = invoke(project, "show", "hero-arkadag")
    assert "Герой-Аркадаг" in shown.stdout and "[missing]" in shown.stdout
    unknown = invoke(project, "show", "nope")
    assert unknown.exit_code == 1 and "no term 'nope'" in unknown.stderr


def test_forms(project: Path) -> None:
    result = invoke(project, "forms", "halk-maslahaty", "--lang", "kk", "--json")
    assert result.exit_code == 0
    forms = {form["key"]: form["text"] for form in json.loads(result.stdout)["forms"]}
    assert forms["gen"] == "Халк Маслахатының"
    table = invoke(project, "forms", "hero-arkadag", "--lang", "ru")
    assert "Герою-Аркадагу" in table.stdout
    missing = invoke(project, "forms", "hero-arkadag", "--lang", "kk")
    assert missing.exit_code == 1
    assert re.search(
        r"titles\.toml:\d+: term hero-arkadag: the kk rendering is marked missing", missing.stderr
    )
    (project / "glossary" / "extra.toml").write_text('[zz]\nen = "Zz"\n', encoding="utf-8")
    absent = invoke(project, "forms", "zz", "--lang", "ru")
    assert absent.exit_code == 1
    assert "extra.toml:1: term zz has no ru rendering; add [zz.ru] text = ..." in absent.stderr


def test_add_refuses_an_unknown_kind_as_a_usage_error(project: Path) -> None:
    before = {path.name: path.read_bytes() for path in (project / "glossary").iterdir()}
    result = invoke(project, "add", "mary", "--en", "Mary", "--kind", "planet", "--ru", "Мары")
    assert result.exit_code == 2
    message = " ".join(result.stderr.replace("│", " ").split())
    assert "Invalid value for '--kind'" in message
    assert "'planet' is not one of 'person', 'title', 'organization', 'place', 'thing', 'unit'" in message
    assert {path.name: path.read_bytes() for path in (project / "glossary").iterdir()} == before


def test_add_keeps_comments(project: Path) -> None:
    before = (project / "glossary" / "places.toml").read_text(encoding="utf-8")
    result = invoke(
        project,
        "add",
        "mary",
        "--en",
        "Mary",
        "--kind",
        "place",
        "--ru",
        "Мары",
        "--tk",
        "Mary",
        "--kk",
        "Мары",
        "--provisional",
        "kk",
        "--forbid",
        "ru=Мерв",
    )
    assert result.exit_code == 0, result.stderr
    after = (project / "glossary" / "places.toml").read_text(encoding="utf-8")
    assert after.startswith(before)
    assert '[mary.kk]\ntext = "Мары"\nstatus = "provisional"' in after
    assert 'forbidden = ["Мерв"]' in after
    again = invoke(project, "add", "mary", "--en", "Mary")
    assert again.exit_code == 1
    assert "term mary already exists" in again.stderr
    assert "Traceback" not in again.stderr


def test_lint(project: Path) -> None:
    clean = invoke(project, "lint")
    assert clean.exit_code == 0
    every = json.loads(invoke(project, "lint", "--json").stdout)
    *listed, summary = clean.stdout.splitlines()
    assert summary.startswith(f"{len(every)} findings: 0 serious, ")
    line = re.compile(r"glossary/\w+\.toml:\d+: warning: [\w-]+: .* \[[\w-]+\]")
    assert [text for text in listed if not line.fullmatch(text)] == []
    assert len(listed) == sum(finding["severity"] == "warning" for finding in every)
    assert {finding["path"].split("/")[0] for finding in every} == {"glossary"}  # project-relative
    (project / "glossary" / "extra.toml").write_text('[aktau-2]\nen = "Aktau"\n', encoding="utf-8")
    broken = invoke(project, "lint", "--json")
    assert broken.exit_code == 1
    assert any("also belongs to aktau" in finding["message"] for finding in json.loads(broken.stdout))


def test_malformed_term_base_is_one_line(project: Path) -> None:
    (project / "glossary" / "extra.toml").write_text('[x]\nen = "X"\n\n[x.tk]\ntext = 5\n', encoding="utf-8")
    result = invoke(project, "list")
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("extra.toml:5: term x: tk text must be text, got a number")
    assert len(result.stderr.strip().splitlines()) == 1


def test_export_import_round_trip(project: Path, tmp_path: Path) -> None:
    for name in ("terms.tbx", "terms.csv"):
        exported = invoke(project, "export", str(tmp_path / name))
        assert exported.exit_code == 0
        fresh = tmp_path / f"fresh-{name}"
        (fresh / "glossary").mkdir(parents=True)
        imported = invoke(fresh, "import", str(tmp_path / name), "--into", "all.toml")
        assert imported.exit_code == 0, imported.stderr
        assert "imported 42 terms" in imported.stdout
        original = json.loads(invoke(project, "list", "--json").stdout)
        copied = json.loads(invoke(fresh, "list", "--json").stdout)
        strip = [{k: v for k, v in term.items() if k != "location"} for term in original]
        assert strip == [{k: v for k, v in term.items() if k != "location"} for term in copied]
        clash = invoke(fresh, "import", str(tmp_path / name))
        assert clash.exit_code == 1 and "42 terms already exist" in clash.stderr


def test_suggest(project: Path) -> None:
    result = invoke(project, "suggest", "--json")
    assert result.exit_code == 0
    found = {candidate["text"]: candidate["count"] for candidate in json.loads(result.stdout)}
    assert found["Turkmen-Kazakh"] == 4
    assert "Halk Maslahaty" not in found


@pytest.mark.parametrize(
    "file",
    ["notes.txt", "sub/x.toml", "../outside.toml", ".hidden.toml"],
    ids=["not-toml", "subfolder", "outside", "hidden"],
)
def test_add_refuses_a_file_the_term_base_would_never_read(project: Path, file: str) -> None:
    before = {path.name: path.read_bytes() for path in (project / "glossary").iterdir()}
    result = invoke(project, "add", "mary", "--en", "Mary", "--file", file)
    assert result.exit_code == 1
    assert "terms can only go into a *.toml file in" in result.stderr
    assert {path.name: path.read_bytes() for path in (project / "glossary").iterdir()} == before
    assert not (project / "outside.toml").exists()


def test_add_into_a_named_file_and_replace(project: Path) -> None:
    added = invoke(
        project, "add", "mary", "--en", "Mary", "--kind", "place", "--ru", "Мары", "--file", "new.toml"
    )
    assert added.exit_code == 0, added.stderr
    assert "[mary.ru]" in (project / "glossary" / "new.toml").read_text(encoding="utf-8")
    replaced = invoke(
        project, "add", "mary", "--en", "Mary", "--kind", "place", "--ru", "Мары-2", "--replace"
    )
    assert replaced.exit_code == 0, replaced.stderr
    assert 'text = "Мары-2"' in (project / "glossary" / "new.toml").read_text(encoding="utf-8")


def test_add_names_the_bad_rendering_without_a_line_that_was_never_written(project: Path) -> None:
    before = (project / "glossary" / "general.toml").read_bytes()
    result = invoke(project, "add", "mary", "--en", "Mary", "--kk", "Mary")
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(
        "general.toml: cannot add mary: term mary: kk rendering: 'Mary' is not written in Cyrillic letters; "
        "nothing was written"
    )
    assert (project / "glossary" / "general.toml").read_bytes() == before


def test_suggest_min_count_must_be_positive(project: Path) -> None:
    result = invoke(project, "suggest", "--min-count", "0")
    assert result.exit_code == 2
    assert "--min-count" in result.output


def test_json_output_is_plain_indented_utf8(project: Path) -> None:
    result = invoke(project, "list", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert result.stdout == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    assert "Халк Маслахаты" in result.stdout


def test_add_takes_every_inflection_setting(project: Path) -> None:
    result = invoke(
        project,
        "add",
        "gokdepe-etrap",
        "--en",
        "Gokdepe etrap",
        "--kind",
        "place",
        "--plural",
        "Gokdepe etraps",
        "--when",
        "Gokdepe etrap",
        "--ru",
        "Гёкдепинский этрап",
        "--adjective",
        "ru=гёкдепинский",
        "--tk",
        "Gökdepe etraby",
        "--possessive",
        "tk",
        "--also",
        "tk=Gökdepe",
        "--kk",
        "Гөкдепе етрабы",
        "--possessive",
        "kk",
        "--honorific",
        "kk",
        "--stem",
        "kk=етраб",
        "--form",
        "kk:loc=Гөкдепе етрабында",
    )
    assert result.exit_code == 0, result.stderr
    text = (project / "glossary" / "places.toml").read_text(encoding="utf-8")
    assert 'when = ["Gokdepe etrap"]' in text
    assert 'adjectives = ["гёкдепинский"]' in text
    assert '[gokdepe-etrap.tk]\ntext = "Gökdepe etraby"\nvariants = ["Gökdepe"]\npossessive = true' in text
    assert 'stem = "етраб"' in text and 'forms = {loc = "Гөкдепе етрабында"}' in text


def test_add_prints_lint_doubts_about_the_new_paradigm(project: Path) -> None:
    result = invoke(
        project, "add", "ahal-test", "--en", "Ahal test", "--kind", "place", "--tk", "Ahal welaýaty"
    )
    assert result.exit_code == 0, result.stderr
    assert "ends like a 3rd-person possessive" in result.stdout
    assert "Ahal welaýatyda" in result.stdout


def test_add_refuses_settings_for_a_language_without_text(project: Path) -> None:
    result = invoke(project, "add", "x-test", "--en", "X test", "--tk", "X", "--possessive", "kk")
    assert result.exit_code != 0
    assert "need --kk TEXT" in result.stdout + result.stderr


def test_forms_shows_every_language_side_by_side(project: Path) -> None:
    result = invoke(project, "forms", "balkan-velayat")
    assert result.exit_code == 0, result.stderr
    header = next(line for line in result.stdout.splitlines() if "form" in line)
    assert re.search(r"form\W+ru\W+tk\W+kk", header)
    data = json.loads(invoke(project, "forms", "balkan-velayat", "--json").stdout)
    loc = {
        code: next(form["text"] for form in value["forms"] if form["key"] == "loc")
        for code, value in data["languages"].items()
    }
    assert loc == {"ru": "Балканском велаяте", "tk": "Balkan welaýatynda", "kk": "Балқан уәлаятында"}
