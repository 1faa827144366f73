"""Offline translation and publishing toolkit for a news desk: English sources to ru, tk and kk.

The public Python API. Every function takes a language as a ``Language`` or a code (``"ru"``,
``"ru-RU"``) and a path as a ``Path`` or ``str``; anything else is a ``TypeError``, and an unknown
language code a ``UsageError``::

    import translate

    termbase = translate.load_termbase("glossary")
    violations = translate.check_translation(termbase, "ru", source, target)

Names are imported when first used, so ``import translate`` stays cheap for the command line.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from translate.catalog.pofile import read_catalog
    from translate.checks.checkers import check_catalog, check_entry
    from translate.document.source import load_document
    from translate.errors import ToolkitError, UsageError
    from translate.glossary.enforce import enforce
    from translate.glossary.tomlfile import load_termbase
    from translate.glossary.violations import check_translation
    from translate.languages import Language
    from translate.project import Project

_PUBLIC = {
    "Language": "translate.languages",
    "Project": "translate.project",
    "ToolkitError": "translate.errors",
    "UsageError": "translate.errors",
    "check_catalog": "translate.checks.checkers",
    "check_entry": "translate.checks.checkers",
    "check_translation": "translate.glossary.violations",
    "enforce": "translate.glossary.enforce",
    "load_document": "translate.document.source",
    "load_termbase": "translate.glossary.tomlfile",
    "read_catalog": "translate.catalog.pofile",
}

__all__ = [
    "Language",
    "Project",
    "ToolkitError",
    "UsageError",
    "__version__",
    "check_catalog",
    "check_entry",
    "check_translation",
    "enforce",
    "load_document",
    "load_termbase",
    "read_catalog",
]


def __getattr__(name: str) -> object:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'translate' has no attribute {name!r}")
    return getattr(import_module(module), name)
