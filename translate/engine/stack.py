"""The engine side of a run's translator stack: each installed model behind the project's MT cache.

The stack a run translates with is ``GlossaryTranslator(CachedTranslator(ArgosTranslator))``. The two
inner layers are built here; the glossary layer is added by the pipeline (``translate.pipeline.run``),
for any translator it is given, because the term base belongs to the project, not to the engine: the
engine never imports the glossary. The cache sits under the glossary so it keeps the model's own
output, and an edit of the term base takes effect on the next run without invalidating the cache.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from translate.engine.argos import load_translators
from translate.engine.cache import MTCache, with_cache
from translate.engine.distributed import Executor, RayOptions, open_ray_translators
from translate.engine.translator import EngineOptions, Translator
from translate.languages import Language

ARGOS_STATE = "argos"
"""The folder of the state folder argostranslate's own data, cache and settings go into."""


def open_translators(
    models_dir: Path,
    languages: Sequence[Language],
    options: EngineOptions,
    *,
    state_dir: Path,
    executor: Executor = Executor.local,
    ray_options: RayOptions | None = None,
) -> tuple[dict[Language, Translator], dict[Language, str]]:
    """Cached translators for the languages that have an installed model, and why the others have none.

    Every model is loaded (and a broken one reported) before any catalog is touched; the MT cache in
    ``state_dir`` is opened only when there is a model to put behind it. With ``Executor.ray`` the
    models are loaded by Ray actors and only the engine calls leave this process; the cache stays here.
    """
    if executor is Executor.ray:
        ray = ray_options or RayOptions()
        translators, missing = open_ray_translators(models_dir, languages, options, ray)
    else:
        translators, missing = load_translators(
            models_dir, languages, options, state_dir=state_dir / ARGOS_STATE
        )
    if not translators:
        return {}, missing
    return with_cache(translators, MTCache.in_state_dir(state_dir)), missing
