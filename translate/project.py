"""Where a desk's files live: sources, term base, catalogs, published output, models and stores."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from translate.errors import UsageError
from translate.languages import Language

MODELS_DIR_ENV = "TRANSLATE_MODELS_DIR"
PROJECT_DIR_ENV = "TRANSLATE_PROJECT"


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
    def at(cls, root: Path | None = None, models_dir: Path | None = None) -> Project:
        """Open the project at ``root`` (``$TRANSLATE_PROJECT`` or the current folder by default)."""
        if root is None:
            root = Path(os.environ.get(PROJECT_DIR_ENV) or Path.cwd())
        if root.exists() and not root.is_dir():
            raise UsageError("is not a folder; give --project (-C) the folder that holds seeds/", path=root)
        return cls(root=root.resolve(), models_dir=(models_dir or default_models_dir()).resolve())

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
        """The toolkit's own stores (MT cache, translation memory); safe to delete."""
        return self.root / ".translate"

    def template_path(self, doc_id: str) -> Path:
        """``locales/templates/<doc>.pot``."""
        return self.locales_dir / "templates" / f"{doc_id}.pot"

    def catalog_path(self, language: Language, doc_id: str) -> Path:
        """``locales/<lang>/LC_MESSAGES/<doc>.po``."""
        return self.locales_dir / language.value / "LC_MESSAGES" / f"{doc_id}.po"

    def source_files(self) -> list[Path]:
        """Every source document in ``seeds/``, sorted by name."""
        if not self.seeds_dir.is_dir():
            return []
        return sorted(
            path
            for path in self.seeds_dir.iterdir()
            if path.suffix.lower() in SOURCE_SUFFIXES and not path.name.startswith(".") and not path.is_dir()
        )


# Matched without regard to case (editors on other systems save ARTICLE.TXT). Links and other
# non-regular files are listed too, so that reading them fails loudly instead of skipping them.
SOURCE_SUFFIXES = (".txt", ".md", ".markdown")
