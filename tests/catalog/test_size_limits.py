"""Size limits the writer keeps as the reader does: no document whose catalogs could outgrow
``MAX_CATALOG_BYTES`` is taken, and no catalog over it is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from tests._fakes import FakeTranslator
from translate.catalog.pofile import MAX_CATALOG_BYTES, check_readable, read_catalog, write_po
from translate.cli import app
from translate.document.source import MAX_DOCUMENT_BYTES
from translate.errors import CatalogError
from translate.languages import Language
from translate.pipeline import run
from translate.project import Project

DOC = "2023-11-04-halk-maslahaty-kazakhstan"
NOW = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)


def files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()
    }


def _text_of(size: int) -> bytes:
    """News-like text of exactly ``size`` bytes: numbered sentences in paragraphs."""
    sentences = (f"The delegation discussed item number {number} of the agenda. " for number in range(size))
    paragraphs = ("".join(next(sentences) for _ in range(8)).strip() + "\n\n" for _ in range(size))
    chunks: list[bytes] = []
    while sum(map(len, chunks[-1:])) * len(chunks) < size:
        chunks.append(next(paragraphs).encode())
    return b"".join(chunks)[:size]


def test_an_oversized_document_is_refused_by_run_and_nothing_is_written(project_dir: Path) -> None:
    (project_dir / "seeds" / "big.txt").write_bytes(_text_of(3_200_000))
    before = files(project_dir)
    result = CliRunner().invoke(app, ["run", "--project", str(project_dir)])
    assert result.exit_code == 1
    assert (
        "big.txt: is 3.2 MB of text; the limit is 1 MiB per document so its catalogs stay under 16 MiB; "
        "split it into several files"
    ) in " ".join((result.stdout + result.stderr).split())
    assert "Traceback" not in result.stdout + result.stderr
    assert files(project_dir) == before
    assert not (project_dir / "locales").exists()


def test_a_catalog_the_writer_would_make_too_large_is_refused_and_no_file_changes(project_dir: Path) -> None:
    project = Project.at(project_dir)
    run(project, [], [Language.ru], {}, now=NOW)
    path = project.catalog_path(Language.ru, DOC)
    # The reviewers' catalog has grown, by obsolete entries kept from many versions, to just under the
    # limit: it still reads, but machine suggestions for its 33 entries would take it over.
    catalog = read_catalog(path)
    sentence = "An old sentence of an earlier version of the article, kept as obsolete. " * 10
    translation = "Старое предложение прежней версии статьи, оставленное устаревшим. " * 6
    for number in range(MAX_CATALOG_BYTES // 2400):
        catalog.append(polib.POEntry(msgid=f"{sentence}{number}", msgstr=translation, obsolete=True))
    data = write_po(catalog)
    catalog[-1].msgstr += "x" * (MAX_CATALOG_BYTES - 3000 - len(data))
    path.write_bytes(write_po(catalog))
    assert MAX_CATALOG_BYTES - 3100 < path.stat().st_size < MAX_CATALOG_BYTES - 2900
    before = files(project_dir / "locales")
    fake = FakeTranslator(Language.ru)
    with pytest.raises(CatalogError) as refused:
        run(project, [], [Language.ru], {Language.ru: fake}, now=NOW + dt.timedelta(days=1))
    assert str(refused.value).startswith(
        f"{path}: nothing was written: the catalog of document '{DOC}' would be 16.8 MB, over the 16 MiB "
        "limit for a catalog, and no command could read it back; split the document into several files, "
        "or drop old obsolete (#~) entries from this catalog with `msgattrib --no-obsolete`"
    )
    assert fake.batches  # the run got as far as filling the catalog
    assert files(project_dir / "locales") == before
    read_catalog(path)  # the reviewers' file is as readable as it was


@pytest.mark.parametrize(
    ("size", "refused"),
    [pytest.param(MAX_CATALOG_BYTES + 1, True, id="one-byte-over"), pytest.param(100, False, id="small")],
)
def test_check_readable_refuses_an_oversized_catalog_before_parsing_it(size: int, refused: bool) -> None:
    path = Path("locales/ru/LC_MESSAGES/report-2024.po")
    # Not a catalog at all: only the size can be what check_readable names first.
    data = b"#" * size
    with pytest.raises(
        CatalogError, match="would be refused when read back" if not refused else "report-2024"
    ):
        check_readable(data, path)


def test_the_document_limit_leaves_room_for_every_language() -> None:
    # The argument at MAX_DOCUMENT_BYTES comes to at most 14.75 bytes of catalog per byte of document.
    assert MAX_DOCUMENT_BYTES * 14.75 < MAX_CATALOG_BYTES
