"""Where a desk's files live: sources, term base, catalogs, published output, models and stores."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from translate.errors import UsageError
from translate.languages import Language

MODELS_DIR_ENV = "TRANSLATE_MODELS_DIR"
PROJECT_DIR_ENV = "TRANSLATE_PROJECT"

CONFIG_FILE = "translate.toml"
"""The project's settings file; with ``seeds/``, what marks a folder as a project's root."""


ROOT_MARKERS = (CONFIG_FILE, "seeds/", "glossary/")
"""What marks a folder as a project's root: the settings file, the sources, or the term base (a desk
that keeps only a glossary is a project too). ``locales/`` alone is not: many other tools use the
name, and a root found by it could be another project's."""


def find_root(start: Path, *, named: bool = False) -> Path:
    """The project ``start`` is in: the nearest of ``start`` and its parents that holds one of
    ``ROOT_MARKERS``, the way git looks for ``.git``.

    When nothing marks a root, a folder the user ``named`` (``-C``, ``--project``, ``$TRANSLATE_PROJECT``)
    is the root itself (a checkout of ``locales/`` alone is a project to check); the current folder is
    not, and that is a usage error.
    """
    start = start.expanduser()
    if start.exists() and not start.is_dir():
        raise UsageError("is not a folder; give --project (-C) the project's folder", path=start)
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file() or (folder / "seeds").is_dir() or (folder / "glossary").is_dir():
            return folder
    if named:
        return here
    raise UsageError(
        f"not inside a translate-desk project (no {CONFIG_FILE}, seeds/ or glossary/ found in {here} or any "
        "parent); use -C DIR"
    )


def natural_key(name: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key that orders names as people count: ``doc2`` before ``doc10`` before ``doc19``.

    Digit runs compare by value and before letters (as in ASCII), everything else case-folded; the
    name itself breaks ties so that the order is total.
    """
    parts = tuple(
        (0, int(part), "") if part.isdecimal() else (1, 0, part.casefold())
        for part in re.split(r"(\d+)", name)
        if part
    )
    return (*parts, (2, 0, name))


def default_models_dir() -> Path:
    """Per-user data folder for installed models (XDG data home), unless the environment says otherwise."""
    configured = os.environ.get(MODELS_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "translate-desk" / "models"


@dataclass(frozen=True, slots=True)
class Project:
    """The folders of one translation project (the repository root by default)."""

    root: Path
    models_dir: Path

    @classmethod
    def at(cls, root: Path | str | None = None, models_dir: Path | str | None = None) -> Project:
        """Open the project whose root is ``root`` (``$TRANSLATE_PROJECT`` or the current folder by default).

        ``root`` is taken as it is; ``Project.find`` looks upward for the root instead.
        """
        if root is None:
            root = Path(os.environ.get(PROJECT_DIR_ENV) or Path.cwd())
        root = as_path(root, "root")
        if root.exists() and not root.is_dir():
            raise UsageError("is not a folder; give --project (-C) the folder that holds seeds/", path=root)
        models = default_models_dir() if models_dir is None else as_path(models_dir, "models_dir")
        return cls(root=root.resolve(), models_dir=models.resolve())

    @classmethod
    def find(cls, start: Path | str | None = None, models_dir: Path | str | None = None) -> Project:
        """Open the project that ``start`` (the current folder by default) is in; see ``find_root``."""
        return cls.at(find_root(Path.cwd() if start is None else as_path(start, "start")), models_dir)

    @property
    def seeds_dir(self) -> Path:
        """Source articles (English), one file each."""
        return self.root / "seeds"

    @property
    def glossary_dir(self) -> Path:
        """The term base."""
        return self.root / "glossary"

    @property
    def locales_dir(self) -> Path:
        """POT templates and per-language PO catalogs."""
        return self.root / "locales"

    @property
    def public_dir(self) -> Path:
        """Published articles, ``public/<lang>/<doc>.<ext>``."""
        return self.root / "public"

    @property
    def state_dir(self) -> Path:
        """The toolkit's own stores (MT cache, translation memory, run state); safe to delete."""
        return self.root / ".translate"

    def template_path(self, doc_id: str) -> Path:
        """``locales/templates/<doc>.pot``."""
        return self.locales_dir / "templates" / f"{doc_id}.pot"

    def catalog_path(self, language: Language, doc_id: str) -> Path:
        """``locales/<lang>/LC_MESSAGES/<doc>.po``."""
        return self.locales_dir / language.value / "LC_MESSAGES" / f"{doc_id}.po"

    def source_files(self) -> list[Path]:
        """Every source document in ``seeds/``, in natural order of name (``doc2`` before ``doc10``)."""
        if not self.seeds_dir.is_dir():
            return []
        return sorted(
            (
                path
                for path in self.seeds_dir.iterdir()
                if path.suffix.lower() in SOURCE_SUFFIXES
                and not path.name.startswith(".")
                and not path.is_dir()
            ),
            key=lambda path: natural_key(path.name),
        )

    def skipped_files(self) -> Iterator[tuple[Path, str]]:
        """The files under ``seeds/`` that are not sources, each with why: another suffix, or in a
        subfolder (sources are the files directly in ``seeds/``). Hidden files and folders (editor swap
        files, ``.git``) are not listed."""
        if not self.seeds_dir.is_dir():
            return
        for path in sorted(self.seeds_dir.iterdir(), key=lambda path: natural_key(path.name)):
            if path.name.startswith("."):
                continue
            if path.is_dir():
                for inner in _visible_files(path):
                    yield inner, "skipped: in a subfolder; sources are the files directly in seeds/"
            elif path.suffix.lower() not in SOURCE_SUFFIXES:
                yield path, "skipped: not a .txt or .md source"


def _visible_files(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, depth first in natural order, leaving out hidden names and links to folders."""
    for path in sorted(folder.iterdir(), key=lambda path: natural_key(path.name)):
        if path.name.startswith("."):
            continue
        if path.is_dir() and not path.is_symlink():
            yield from _visible_files(path)
        elif not path.is_dir():
            yield path


def as_path(value: object, name: str = "path") -> Path:
    """A path argument as a ``Path``: a ``str`` or ``os.PathLike`` is taken, anything else refused."""
    if isinstance(value, str | os.PathLike):
        return Path(value)
    raise TypeError(f"{name} must be a path (str or Path), got {type(value).__name__}")


# Matched without regard to case (editors on other systems save ARTICLE.TXT). Links and other
# non-regular files are listed too, so that reading them fails loudly instead of skipping them.
SOURCE_SUFFIXES = (".txt", ".md", ".markdown")
