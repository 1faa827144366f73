"""The run and status commands through typer's CliRunner, including every user error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app

runner = CliRunner()
DOC = "2023-11-04-halk-maslahaty-kazakhstan"


def invoke(project: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--project", str(project)])
    return result.exit_code, result.stdout, result.stderr


def test_run_writes_pot_and_three_catalogs(project_dir: Path) -> None:
    code, out, _ = invoke(project_dir, "run")
    assert code == 0
    assert (project_dir / "locales" / "templates" / f"{DOC}.pot").is_file()
    for language in ("ru", "tk", "kk"):
        assert (project_dir / "locales" / language / "LC_MESSAGES" / f"{DOC}.po").is_file()
        assert (
            f"{language}: 33 entries left untranslated: no model for en→{language} installed; "
            "run translate models install FILE"
        ) in out
    assert "translate models install" in out
    assert "untranslated" in out and "33" in out


def test_run_some_languages_and_json(project_dir: Path) -> None:
    code, out, _ = invoke(project_dir, "run", "--to", "kk,ru", "--json")
    assert code == 0
    data = json.loads(out)
    assert [row["language"] for row in data["catalogs"]] == ["kk", "ru"]
    assert data["catalogs"][0]["untranslated"] == 33
    assert not (project_dir / "locales" / "tk").exists()


def test_status_table_and_json(project_dir: Path) -> None:
    invoke(project_dir, "run", "--to", "ru")
    code, out, _ = invoke(project_dir, "status")
    assert code == 0 and DOC[:10] in out and "ru" in out
    code, out, _ = invoke(project_dir, "status", "--json")
    rows = json.loads(out)
    assert rows[0]["language"] == "ru"
    assert (rows[0]["entries"], rows[0]["translated"], rows[0]["untranslated"]) == (33, 0, 33)


def test_status_without_catalogs(project_dir: Path) -> None:
    code, out, _ = invoke(project_dir, "status")
    assert code == 0 and "run `translate run` first" in out


def _assert_clean_error(code: int, err: str, *fragments: str, status: int = 1) -> None:
    assert code == status
    assert "Traceback" not in err
    assert err.startswith("error: ")
    assert len(err.strip().splitlines()) == 1
    for fragment in fragments:
        assert fragment in err


def test_missing_source(project_dir: Path) -> None:
    code, _, err = invoke(project_dir, "run", str(project_dir / "seeds" / "nope.txt"))
    _assert_clean_error(code, err, "nope.txt: source not found")
    assert not (project_dir / "locales").exists()


def test_non_utf8_source(project_dir: Path) -> None:
    bad = project_dir / "seeds" / "cp1251.txt"
    bad.write_bytes("Новость дня.\n".encode("cp1251"))
    code, _, err = invoke(project_dir, "run")
    _assert_clean_error(code, err, "cp1251.txt:1: is not valid UTF-8", "re-save the file as UTF-8")
    assert not (project_dir / "locales").exists()


def test_empty_source(project_dir: Path) -> None:
    (project_dir / "seeds" / "empty.txt").write_text("\n\n")
    code, _, err = invoke(project_dir, "run")
    _assert_clean_error(code, err, "empty.txt: source has no text to translate")
    assert not (project_dir / "locales").exists()


def test_unknown_language(project_dir: Path) -> None:
    code, _, err = invoke(project_dir, "run", "--to", "ru,uz")
    _assert_clean_error(code, err, "unknown language code 'uz'", "ru, tk, kk", status=2)
    assert not (project_dir / "locales").exists()


def test_a_source_named_twice_is_one_document(project_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project_dir)
    seed = f"seeds/{DOC}.txt"
    code, out, err = invoke(
        project_dir, "run", seed, f"./{seed}", str(project_dir / seed), "--to", "ru", "--json"
    )
    assert code == 0, err
    assert [row["document"] for row in json.loads(out)["catalogs"]] == [DOC]


def test_binary_source_is_refused_before_anything_is_written(project_dir: Path) -> None:
    (project_dir / "seeds" / "scan.txt").write_bytes(b"PK\x03\x04\x14\x00\x00\x00word/document.xml")
    code, _, err = invoke(project_dir, "run")
    _assert_clean_error(code, err, "scan.txt:1: contains the control character U+0003")
    assert not (project_dir / "locales").exists()


def test_a_mistyped_project_folder_is_not_created(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Hello there.\n")
    result = runner.invoke(
        app, ["run", str(source), "--project", str(tmp_path / "typo")], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert not (tmp_path / "typo").exists()


def test_locales_that_is_not_a_folder(project_dir: Path) -> None:
    (project_dir / "locales").write_text("oops")
    code, _, err = invoke(project_dir, "run")
    _assert_clean_error(code, err, "locales: exists but is not a folder")
    assert (project_dir / "locales").read_text() == "oops"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through permission bits")
def test_read_only_locales(project_dir: Path) -> None:
    locales = project_dir / "locales"
    locales.mkdir()
    locales.chmod(0o555)
    try:
        code, _, err = invoke(project_dir, "run")
    finally:
        locales.chmod(0o755)
    _assert_clean_error(code, err, "locales: is not writable")
    assert list(locales.iterdir()) == []


def test_read_only_filesystem_probe(project_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whoever runs the tests (root included), a folder that refuses new files stops the run cleanly."""
    import tempfile

    real = tempfile.TemporaryFile

    def refuse(*args: object, **kwargs: object) -> object:
        if str(kwargs.get("dir", "")).startswith(str(project_dir)):
            raise PermissionError(13, "Permission denied")
        return real(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    code, _, err = invoke(project_dir, "run")
    _assert_clean_error(code, err, "is not writable (Permission denied)")
    assert not (project_dir / "locales").exists()


def test_help_lists_commands_and_does_not_import_the_engine() -> None:
    script = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from translate.cli import app\n"
        "result = CliRunner().invoke(app, ['--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(result.stdout)\n"
        "assert 'argostranslate' not in sys.modules\n"
        "assert 'torch' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    for command in ("run", "status"):
        assert command in result.stdout


def test_run_says_how_many_catalogs_it_wrote(project_dir: Path) -> None:
    code, out, _ = invoke(project_dir, "run", "--to", "ru,kk")
    assert code == 0 and "Catalogs: 2 written, 0 unchanged" in out
    code, out, _ = invoke(project_dir, "run", "--to", "ru,kk")
    assert code == 0 and "Catalogs: 0 written, 2 unchanged" in out  # a re-run rewrites nothing


def test_ctrl_c_is_one_line_and_status_130(project_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import translate.pipeline

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(translate.pipeline, "run", interrupted)
    code, _, err = invoke(project_dir, "run")
    assert code == 130
    assert err.strip() == (
        "interrupted: every file is either completely written or left as it was; run the command again to finish"
    )


def test_a_relative_source_is_found_in_the_project_when_run_from_elsewhere(
    project_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, out, err = invoke(project_dir, "run", f"seeds/{DOC}.txt", "--to", "ru", "--json")
    assert code == 0, err
    assert [row["document"] for row in json.loads(out)["catalogs"]] == [DOC]
    assert (
        f"#: seeds/{DOC}.txt:" in (project_dir / "locales" / "ru" / "LC_MESSAGES" / f"{DOC}.po").read_text()
    )
    code, _, err = invoke(project_dir, "run", "seeds/nope.txt")
    _assert_clean_error(code, err, "seeds/nope.txt: source not found")


def test_run_json_counts_serious_findings_as_status_does(project_dir: Path) -> None:
    invoke(project_dir, "run", "--to", "ru")
    (path,) = (project_dir / "locales" / "ru" / "LC_MESSAGES").glob("*.po")
    text = path.read_text(encoding="utf-8")
    # A reviewer's translation that drops the year (2023) of the seed's second sentence.
    text = text.replace('msgstr ""\n\n', 'msgstr "Состоялся рабочий визит."\n\n', 2)
    path.write_text(text, encoding="utf-8")
    code, out, _ = invoke(project_dir, "status", "--json")
    expected = json.loads(out)[0]["serious"]
    assert expected >= 1
    code, out, _ = invoke(project_dir, "run", "--to", "ru", "--json")
    assert code == 0
    assert json.loads(out)["catalogs"][0]["serious"] == expected
