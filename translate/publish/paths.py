"""Where published files go: ``<out>/<lang>/<doc>.<ext>``, kept out of the project's inputs."""

from __future__ import annotations

import re
from pathlib import Path

from translate.errors import PublishError, ToolkitError
from translate.languages import Language
from translate.project import Project
from translate.publish.render import OutputFormat

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")


def output_path(out_dir: Path, language: Language, doc_id: str, fmt: OutputFormat) -> Path:
    """``<out>/<lang>/<doc>.<ext>``, refused unless it stays inside ``out_dir``.

    Document ids must be letters, digits, ``.``, ``_`` or ``-`` (no ``..``, no separators, no absolute
    paths); the resolved path must still lie inside the output folder (a symlinked language folder
    pointing elsewhere is refused too).
    """
    if not _SAFE_ID.match(doc_id) or ".." in doc_id:
        raise PublishError(
            f"document id {doc_id!r} cannot be a file name; use letters, digits, '.', '_' or '-'"
        )
    base = out_dir.resolve()
    target = base / language.value / f"{doc_id}.{fmt.value}"
    if not target.parent.resolve().is_relative_to(base) or target.resolve().parent != target.parent.resolve():
        raise PublishError(f"output for {doc_id!r} would leave the output folder {base}; refusing to write")
    return target


def check_output_folder(out: Path, project: Project | None = None) -> None:
    """Refuse an output location that exists but is not a folder, or lies inside the project's sources,
    catalogs, term base or stores (published files there would pass for inputs)."""
    if out.exists() and not out.is_dir():
        raise PublishError("is not a folder; choose another --out", path=out)
    if project is not None:
        check_outside_inputs(out, project, "published files must not mix with them: choose another --out")


def check_outside_inputs(
    path: Path, project: Project, what_to_do: str, error: type[ToolkitError] = PublishError
) -> None:
    """Refuse ``path`` (with ``error``) when it lies inside the project's sources, catalogs, term base
    or stores, so an output file can never replace one of the project's inputs."""
    resolved = path.resolve()
    for folder, what in (
        (project.seeds_dir, "source articles"),
        (project.locales_dir, "catalogs"),
        (project.glossary_dir, "term base"),
        (project.state_dir, "the toolkit's stores"),
    ):
        if resolved.is_relative_to(folder.resolve()):
            raise error(f"is inside {folder.name}/ (the project's {what}); {what_to_do}", path=path)
