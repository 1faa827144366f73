"""A bounded fuzz suite over every input the toolkit reads, run by CI for a fixed budget.

Each target starts from a valid file of its kind, applies a few byte-level mutations (hostile characters,
markup, cut-offs, repeats), feeds it to the command that reads it, and asserts the toolkit's promises:

* no traceback: the command exits 0, 1 or 2 with a message, never with an uncaught exception;
* no hang: each command finishes within ``HANG_SECONDS`` (an alarm interrupts it otherwise);
* refused input is untouched: on a non-zero exit, the input and every catalog keep their bytes;
* what is written can be read back: every PO/POT under ``locales/`` passes ``msgfmt -c`` and the
  toolkit's own ``status``.

The catalog targets also insert what ``msgfmt -c`` checks (format flags and directives, ``#|`` lines,
plural rules, non-ASCII digits), and the check target asserts no silent accept: what msgfmt refuses,
``translate check`` refuses.

``TRANSLATE_FUZZ_EXAMPLES`` sets the examples per target (default 20; the run is derandomized, so CI
sees the same inputs every time); ``TRANSLATE_FUZZ_RANDOM=1`` draws new inputs each run, for a longer
campaign.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from translate.cli import app

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "2023-11-04-halk-maslahaty-kazakhstan.txt"
DOC = SEED.stem
REVIEWED = REPO / "tests" / "fixtures" / "reviewed"
HANG_SECONDS = 20
EXAMPLES = int(os.environ.get("TRANSLATE_FUZZ_EXAMPLES", "20"))
RANDOM = os.environ.get("TRANSLATE_FUZZ_RANDOM") == "1"
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not RANDOM,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
runner = CliRunner()

# Pieces that have broken parsers before: separators, escapes, markup, encodings, invisible characters.
NASTY = [
    b"\x00",
    b"\r",
    b"\n",
    b"\n\n",
    b'"',
    b"\\",
    b"#",
    b"#, fuzzy\n",
    b'#| msgctxt "x"\n',
    b'msgid "',
    b'msgstr[1] "',
    b'msgctxt "',
    b"%s",
    b"%d%%",
    b"{0}",
    b"<",
    b"</",
    b"&",
    b"&amp;",
    b"]]>",
    b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
    b"[",
    b"]",
    b"=",
    b"'''",
    b"*",
    b"*" * 64,
    b"_" * 32,
    b"`",
    b"[x](http://example.com)",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    "\u2028".encode(),
    "\u0085".encode(),
    "\u202e".encode(),
    "\u200b".encode(),
    "\ufeff".encode(),
    "Ё".encode(),
    b"\t",
    b"\x1b[31m",
    b"A" * 300,
]


# What msgfmt -c checks and our reader once let through (issue 17, item 7): format flags and directives,
# previous-msgid lines, plural rules, non-ASCII digits.
CATALOG_NASTY = [
    *NASTY,
    b"#, c-format\n",
    b", c-format",
    b", python-format",
    b", python-brace-format",
    b"%1$s",
    b"%2$d",
    b"%(name)s",
    b"{name}",
    b'#| msgid "y"\n',
    b'#~| msgctxt "x"\n',
    "\u0663".encode(),
    b"n==1000 ? 3 : ",
    b'msgid_plural "x\\n"\n',
]


@st.composite
def mutated(draw: st.DrawFn, original: bytes, pieces: list[bytes] = NASTY) -> bytes:
    """``original`` with up to four insertions, deletions, replacements or repeats of ``pieces``."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        piece = draw(st.sampled_from(pieces) | st.binary(min_size=1, max_size=6))
        match draw(st.sampled_from(["insert", "replace", "delete", "cut", "repeat"])):
            case "insert":
                data[at:at] = piece
            case "replace":
                data[at : at + len(piece)] = piece
            case "delete":
                del data[at : at + draw(st.integers(1, 40))]
            case "cut":
                del data[at:]
            case "repeat":
                data[at:at] = piece * draw(st.integers(2, 2000))
    return bytes(data)


class _Hang(Exception):
    """The command ran past ``HANG_SECONDS``."""


@contextlib.contextmanager
def _bounded() -> Iterator[None]:
    def alarm(signum: int, frame: FrameType | None) -> None:
        raise _Hang(f"no answer within {HANG_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _invoke(root: Path, *args: str) -> Result:
    with _bounded():
        result = runner.invoke(app, [*args, "--project", str(root)])
    if isinstance(result.exception, _Hang):
        pytest.fail(f"translate {' '.join(args)} hangs: {result.exception}")
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"translate {' '.join(args)} raised {result.exception!r}"
    )
    assert "Traceback" not in result.output
    return result


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and not path.is_symlink()
        and ".translate" not in path.parts
        and not path.name.endswith(".lock")
    }


def _readable(root: Path) -> None:
    """Every catalog the toolkit left passes ``msgfmt -c`` and the toolkit's own reader."""
    for path in sorted((root / "locales").rglob("*.po*")):
        if path.suffix not in (".po", ".pot") or path.name.startswith("."):
            continue
        done = subprocess.run(
            ["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, f"msgfmt -c rejects what the toolkit wrote, {path.name}: {done.stderr}"
    status = _invoke(root, "status")
    assert status.exit_code == 0, status.output


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    shutil.copy(SEED, root / "seeds" / SEED.name)
    return root


def _fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _project(tmp_path_factory.mktemp("fuzz"))


needs_msgfmt = pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed"
)


@needs_msgfmt
@FUZZ
@given(data=st.data())
def test_fuzz_source_documents(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    root = _fresh(tmp_path_factory)
    name = data.draw(st.sampled_from([SEED.name, "article.md"]))
    source = root / "seeds" / name
    original = SEED.read_bytes() if name.endswith(".txt") else b"# Title\n\nSome *text* with `code`.\n"
    (root / "seeds" / SEED.name).unlink()
    source.write_bytes(data.draw(mutated(original)))
    before = source.read_bytes()
    result = _invoke(root, "run", "--to", "ru")
    assert source.read_bytes() == before
    if result.exit_code == 0:
        _readable(root)
    else:
        assert not (root / "locales").exists(), "a refused source left catalogs behind"


@needs_msgfmt
@FUZZ
@given(data=st.data())
def test_fuzz_reviewed_catalogs(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    root = _fresh(tmp_path_factory)
    language = data.draw(st.sampled_from(["ru", "tk", "kk"]))
    catalog = root / "locales" / language / "LC_MESSAGES" / f"{DOC}.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_bytes(data.draw(mutated((REVIEWED / language / f"{DOC}.po").read_bytes(), CATALOG_NASTY)))
    before = _snapshot(root)
    result = _invoke(root, "run", "--to", language)
    if result.exit_code == 0:
        _readable(root)
    else:
        assert _snapshot(root) == before, "a refused catalog was changed"


@needs_msgfmt
@FUZZ
@given(data=st.data())
def test_fuzz_templates(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    root = _fresh(tmp_path_factory)
    assert _invoke(root, "run", "--to", "ru").exit_code == 0
    template = root / "locales" / "templates" / f"{DOC}.pot"
    template.write_bytes(data.draw(mutated(template.read_bytes(), CATALOG_NASTY)))
    before = _snapshot(root)
    result = _invoke(root, "run", "--to", "ru")
    if result.exit_code == 0:
        _readable(root)
    else:
        assert _snapshot(root) == before, "a refused template left changes behind"


GLOSSARY = REPO / "glossary"


@FUZZ
@given(data=st.data())
def test_fuzz_glossary_toml(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    root = _fresh(tmp_path_factory)
    shutil.copytree(GLOSSARY, root / "glossary")
    name = data.draw(st.sampled_from(sorted(path.name for path in GLOSSARY.glob("*.toml"))))
    target = root / "glossary" / name
    target.write_bytes(data.draw(mutated(target.read_bytes())))
    before = _snapshot(root)
    _invoke(root, "glossary", "lint")
    _invoke(root, "glossary", "list")
    assert _snapshot(root) == before, "reading the term base changed it"


def _exported(tmp_path_factory: pytest.TempPathFactory, suffix: str) -> bytes:
    root = _fresh(tmp_path_factory)
    shutil.copytree(GLOSSARY, root / "glossary")
    out = root.parent / f"terms{suffix}"
    assert _invoke(root, "glossary", "export", str(out)).exit_code == 0
    return out.read_bytes()


@pytest.fixture(scope="module")
def exported_tbx(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return _exported(tmp_path_factory, ".tbx")


@pytest.fixture(scope="module")
def exported_csv(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return _exported(tmp_path_factory, ".csv")


def _import_glossary(tmp_path_factory: pytest.TempPathFactory, name: str, data: bytes) -> None:
    root = _fresh(tmp_path_factory)
    (root / "glossary").mkdir()
    incoming = root.parent / name
    incoming.write_bytes(data)
    result = _invoke(root, "glossary", "import", str(incoming))
    assert incoming.read_bytes() == data
    if result.exit_code == 0:
        # What was imported can be read, linted and exported again.
        assert _invoke(root, "glossary", "list").exit_code == 0
        again = root.parent / f"again{Path(name).suffix}"
        assert _invoke(root, "glossary", "export", str(again)).exit_code == 0, (
            "an imported term base fails export"
        )
        fresh = _fresh(tmp_path_factory)
        (fresh / "glossary").mkdir()
        reimport = _invoke(fresh, "glossary", "import", str(again))
        assert reimport.exit_code == 0, f"the toolkit refuses its own export: {reimport.output}"
    else:
        assert not any((root / "glossary").iterdir()), "a refused import wrote into the term base"


@FUZZ
@given(data=st.data())
def test_fuzz_tbx_import(
    tmp_path_factory: pytest.TempPathFactory, exported_tbx: bytes, data: st.DataObject
) -> None:
    _import_glossary(tmp_path_factory, "incoming.tbx", data.draw(mutated(exported_tbx)))


@FUZZ
@given(data=st.data())
def test_fuzz_csv_import(
    tmp_path_factory: pytest.TempPathFactory, exported_csv: bytes, data: st.DataObject
) -> None:
    _import_glossary(tmp_path_factory, "incoming.csv", data.draw(mutated(exported_csv)))


@pytest.fixture(scope="module")
def exported_tmx(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    root = _fresh(tmp_path_factory)
    for language in ("ru", "tk", "kk"):
        catalog = root / "locales" / language / "LC_MESSAGES" / f"{DOC}.po"
        catalog.parent.mkdir(parents=True)
        shutil.copy(REVIEWED / language / f"{DOC}.po", catalog)
    assert _invoke(root, "run").exit_code == 0  # the memory learns the reviewed entries
    out = root.parent / "memory.tmx"
    assert _invoke(root, "tm", "export", str(out)).exit_code == 0
    return out.read_bytes()


@needs_msgfmt
@FUZZ
@given(data=st.data())
def test_fuzz_tmx_import(
    tmp_path_factory: pytest.TempPathFactory, exported_tmx: bytes, data: st.DataObject
) -> None:
    root = _fresh(tmp_path_factory)
    incoming = root.parent / "incoming.tmx"
    incoming.write_bytes(data.draw(mutated(exported_tmx)))
    before = incoming.read_bytes()
    result = _invoke(root, "tm", "import", str(incoming))
    assert incoming.read_bytes() == before
    if result.exit_code == 0:
        # What came in must not poison the catalogs it fills, with or without trusting exact matches.
        flags = data.draw(st.sampled_from([[], ["--trust-exact"]]))
        if _invoke(root, "run", *flags).exit_code == 0:
            _readable(root)


MODELS = REPO / "tests" / "fixtures" / "models"


@FUZZ
@given(data=st.data())
def test_fuzz_model_archives(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    root = _fresh(tmp_path_factory)
    archive = root.parent / "translate-en_ru-1_0.argosmodel"
    archive.write_bytes(data.draw(mutated((MODELS / archive.name).read_bytes())))
    models = root.parent / "models"
    result = _invoke(root, "models", "install", str(archive), "--models-dir", str(models))
    if result.exit_code == 0:
        assert _invoke(root, "models", "list", "--models-dir", str(models)).exit_code == 0
    else:
        assert not models.exists() or not [p for p in models.iterdir() if not p.name.startswith(".")]


COMMANDS = [
    ["run"],
    ["status"],
    ["check"],
    ["publish"],
    ["report"],
    ["models", "list"],
    ["glossary", "list"],
    ["glossary", "show"],
    ["glossary", "check"],
    ["glossary", "forms"],
    ["glossary", "suggest"],
    ["tm", "export"],
]
ARGUMENTS = [
    "--to",
    "ru",
    "xx",
    "ru,,kk",
    "--json",
    "--threads",
    "0",
    "-1",
    "100000",
    "--beam-size",
    "--batch-size",
    "--device",
    "cuda",
    "--out",
    "locales/ru/LC_MESSAGES/x.po",
    "../outside",
    "/dev/null",
    "",
    "\x00",
    "[red]x[/]",
    "\u2028",
    "--format",
    "all",
    "--date-format",
    "ru=",
]


@FUZZ
@given(command=st.sampled_from(COMMANDS), arguments=st.lists(st.sampled_from(ARGUMENTS), max_size=4))
def test_fuzz_command_line(
    tmp_path_factory: pytest.TempPathFactory, command: list[str], arguments: list[str]
) -> None:
    root = _fresh(tmp_path_factory)
    before = _snapshot(root)
    result = _invoke(root, *command, *arguments)
    if result.exit_code != 0:
        assert _snapshot(root) == before, f"a refused command changed files: {result.output}"


@needs_msgfmt
@FUZZ
@given(data=st.data())
def test_fuzz_check_refuses_what_msgfmt_refuses(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    """No silent accepts: a catalog ``msgfmt -c`` rejects is reported by ``translate check`` too."""
    root = _fresh(tmp_path_factory)
    language = data.draw(st.sampled_from(["ru", "tk", "kk"]))
    catalog = root / "locales" / language / "LC_MESSAGES" / f"{DOC}.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_bytes(data.draw(mutated((REVIEWED / language / f"{DOC}.po").read_bytes(), CATALOG_NASTY)))
    msgfmt = subprocess.run(
        ["msgfmt", "-c", "-o", os.devnull, str(catalog)], capture_output=True, text=True, check=False
    )
    result = _invoke(root, "check", str(catalog))
    if msgfmt.returncode != 0:
        assert result.exit_code != 0, f"translate check accepts what msgfmt -c rejects: {msgfmt.stderr}"
