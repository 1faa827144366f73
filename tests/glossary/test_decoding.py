"""Glossary-aware decoding on the real CTranslate2 path, with the decoding fixture models.

The fixture models (``tests/fixtures/decoding_models``, built by ``scripts/build_test_models.py`` from
``tests/fixtures/decoding_corpus``) learnt a wrong rendering three times as often as the approved one,
and the Mejlis with «Парламент», a rendering no term base lists, so the approved rendering sits below a
wrong one in their n-best lists. The tests assert what the decoder guarantees, not the bytes a tiny
model emits.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests._models import FIXTURES
from translate.catalog.state import STATE_FILE
from translate.diagnostics import Severity
from translate.engine.argos import ArgosTranslator, load_translators
from translate.engine.cache import CACHE_FILE, CachedTranslator, MTCache, cache_key, request_key
from translate.engine.config import load_nbest
from translate.engine.install import install
from translate.engine.translator import DEFAULT_NBEST, DecodeRequest, EngineOptions, Translation
from translate.errors import UsageError
from translate.glossary.decoding import TermAwareTranslator, term_aware
from translate.glossary.enforce import GlossaryTranslator, enforce
from translate.glossary.forms import term_forms
from translate.glossary.termbase import TermBase
from translate.glossary.tomlfile import load_project_termbase
from translate.glossary.violations import check_translation
from translate.languages import Language
from translate.pipeline import run
from translate.project import Project

MODELS = FIXTURES / "decoding_models"
CORPUS = FIXTURES / "decoding_corpus"
LANGUAGES = (Language.ru, Language.kk)
WRONG_3_TO_1 = "The Halk Maslahaty met in Ashgabat."
UNLISTED_3_TO_1 = ("The Mejlis adopted a new law.", "Members of the Mejlis visited a school.")
BOTH = "The Halk Maslahaty and the Mejlis met."
NO_TERMS = ("The weather was warm on Monday.", "Farmers harvested the wheat.", "The children went to school.")
APPROVED_MEJLIS = {Language.ru: "Меджлис", Language.kk: "Мәжіліс"}


@pytest.fixture(scope="module")
def termbase() -> TermBase:
    loaded = load_project_termbase(CORPUS / "glossary")
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("decoding-models")
    for package in sorted(MODELS.glob("*.argosmodel")):
        install(folder, package)
    return folder


def _engines(models_dir: Path, nbest: int) -> dict[Language, ArgosTranslator]:
    translators, missing = load_translators(models_dir, LANGUAGES, EngineOptions(nbest=nbest))
    assert not missing
    return {language: t for language, t in translators.items() if isinstance(t, ArgosTranslator)}


@pytest.fixture(scope="module")
def engines(models_dir: Path) -> dict[Language, ArgosTranslator]:
    return _engines(models_dir, DEFAULT_NBEST)


@pytest.fixture(scope="module")
def greedy_engines(models_dir: Path) -> dict[Language, ArgosTranslator]:
    return _engines(models_dir, 1)


def _forbidden(termbase: TermBase, language: Language, term: str) -> list[str]:
    found = termbase.find(term)
    assert found is not None
    forms = term_forms(found, language)
    assert forms is not None
    return sorted({form.text for paradigm in forms.forbidden for form in paradigm})


def _compliant(termbase: TermBase, language: Language, source: str, text: str) -> bool:
    return not [
        v for v in check_translation(termbase, language, source, text) if v.severity is Severity.serious
    ]


def _has_forbidden(termbase: TermBase, language: Language, term: str, text: str) -> bool:
    found = termbase.find(term)
    assert found is not None
    forms = term_forms(found, language)
    return forms is not None and bool(forms.forbidden_occurrences(text))


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.value)
def test_nbest_lists_hold_the_approved_rendering_below_a_wrong_one(
    engines: dict[Language, ArgosTranslator], termbase: TermBase, language: Language
) -> None:
    (hypotheses,) = engines[language].decode([DecodeRequest(UNLISTED_3_TO_1[0], 8)])
    compliant = [
        i for i, h in enumerate(hypotheses) if _compliant(termbase, language, UNLISTED_3_TO_1[0], h.text)
    ]
    assert len(hypotheses) == 8
    assert compliant and compliant[0] > 0  # the fixture's point: the best is wrong, a later one right
    assert [h.score for h in hypotheses] == sorted((h.score for h in hypotheses), reverse=True)


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.value)
def test_suppression_removes_every_form_of_a_forbidden_rendering(
    engines: dict[Language, ArgosTranslator], termbase: TermBase, language: Language
) -> None:
    engine = engines[language]
    (free,) = engine.decode([DecodeRequest(WRONG_3_TO_1, 8)])
    suppressed = _forbidden(termbase, language, "halk-maslahaty")
    (banned,) = engine.decode([DecodeRequest(WRONG_3_TO_1, 8, suppress=tuple(suppressed))])
    assert any(_has_forbidden(termbase, language, "halk-maslahaty", h.text) for h in free)
    assert banned and not any(_has_forbidden(termbase, language, "halk-maslahaty", h.text) for h in banned)


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.value)
def test_forced_prefix_starts_every_hypothesis_with_the_approved_rendering(
    engines: dict[Language, ArgosTranslator], language: Language
) -> None:
    approved = APPROVED_MEJLIS[language]
    (hypotheses,) = engines[language].decode(
        [DecodeRequest("The Mejlis discussed the budget.", 4, prefix=approved)]
    )
    assert hypotheses and all(h.text.startswith(approved) for h in hypotheses)
    # NLLB's target-language token is the first token of the prefix, never a word of the output.
    assert not any("kaz_Cyrl" in h.text for h in hypotheses)


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.value)
@pytest.mark.parametrize("source", UNLISTED_3_TO_1, ids=["adopted", "members"])
def test_reranking_picks_the_compliant_hypothesis(
    engines: dict[Language, ArgosTranslator], termbase: TermBase, language: Language, source: str
) -> None:
    (plain,) = engines[language].translate_batch([source])
    (chosen,) = TermAwareTranslator(engines[language], termbase, 8).translate_batch([source])
    assert not _compliant(termbase, language, source, plain.text)  # an unlisted rendering: no post-edit
    assert not enforce(termbase, language, source, plain.text).compliant
    assert _compliant(termbase, language, source, chosen.text)
    assert any(
        re.fullmatch(r"glossary: chose hypothesis [2-8] of 8 \(1 of 1 terms approved\)", n)
        for n in chosen.notes
    )


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.value)
def test_suppression_and_reranking_are_noted_where_post_edit_falls_short(
    engines: dict[Language, ArgosTranslator], termbase: TermBase, language: Language
) -> None:
    (result,) = TermAwareTranslator(engines[language], termbase, 8).translate_batch([BOTH])
    forbidden = "«Народный совет»" if language is Language.ru else "«Халық кеңесі»"
    assert f"glossary: decoded with {forbidden} banned (every form)" in result.notes
    assert not _has_forbidden(termbase, language, "halk-maslahaty", result.text)
    assert enforce(termbase, language, BOTH, result.text).compliant


def _steps(translator: TermAwareTranslator, sources: Sequence[str]) -> Iterator[tuple[str, Translation]]:
    yield from zip(sources, translator.translate_batch(sources), strict=True)


FORCED = re.compile(r"glossary: forced «(.+?)» into the output, decoding on after it(;.*)?")


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.value)
def test_each_step_past_reranking_is_noted_and_kept_only_when_it_helps(
    greedy_engines: dict[Language, ArgosTranslator], termbase: TermBase, language: Language
) -> None:
    # With one hypothesis reranking cannot help: banning what was wrong and forcing the term must.
    sources = list(dict.fromkeys((CORPUS / "en.txt").read_text(encoding="utf-8").splitlines()))
    translator = TermAwareTranslator(greedy_engines[language], termbase, 1)
    results = list(_steps(translator, sources))
    notes = [note for _, result in results for note in result.notes]
    forced_in = [
        (match.group(1), result.text)
        for _, result in results
        for note in result.notes
        if (match := FORCED.fullmatch(note)) and not (match.group(2) or "").startswith("; no better")
    ]
    assert any(note.startswith("glossary: re-decoded without «") for note in notes)
    # ru needs the forced prefix too (its greedy output of one sentence stays wrong after the ban).
    assert language is Language.kk or any(FORCED.fullmatch(note) for note in notes)
    assert all(form in text for form, text in forced_in)
    # Whatever the steps did, decoder + post-edit is never less compliant than post-edit alone.
    plain = greedy_engines[language].translate_batch(sources)
    post_edit = [
        enforce(termbase, language, s, p.text).compliant for s, p in zip(sources, plain, strict=True)
    ]
    decoded = [enforce(termbase, language, s, r.text).compliant for s, r in results]
    assert all(d or not p for p, d in zip(post_edit, decoded, strict=True))


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.value)
def test_segments_without_terms_take_the_plain_path_unchanged(
    models_dir: Path, termbase: TermBase, language: Language
) -> None:
    engine = _engines(models_dir, 8)[language]
    plain = engine.translate_batch(NO_TERMS)
    calls = engine.engine_calls
    aware = TermAwareTranslator(engine, termbase, 8).translate_batch(NO_TERMS)
    assert aware == plain
    assert engine.engine_calls == calls + 1  # one plain batch, no n-best request


def test_cache_key_differs_by_decoding_settings(
    engines: dict[Language, ArgosTranslator], tmp_path: Path
) -> None:
    engine = engines[Language.ru]
    keys = {
        request_key(engine.identity, request)
        for request in (
            DecodeRequest(WRONG_3_TO_1, 1),
            DecodeRequest(WRONG_3_TO_1, 4),
            DecodeRequest(WRONG_3_TO_1, 8),
            DecodeRequest(WRONG_3_TO_1, 8, suppress=("Народный совет",)),
            DecodeRequest(WRONG_3_TO_1, 8, prefix="Халк Маслахаты"),
        )
    } | {cache_key(engine.identity, WRONG_3_TO_1)}
    assert len(keys) == 6
    with MTCache(tmp_path / CACHE_FILE) as cache:
        cached = CachedTranslator(engine, cache)
        before = engine.engine_calls
        first = cached.decode([DecodeRequest(WRONG_3_TO_1, 4)])
        again = cached.decode([DecodeRequest(WRONG_3_TO_1, 4)])
        assert engine.engine_calls == before + 1
        other = cached.decode([DecodeRequest(WRONG_3_TO_1, 8)])
        assert engine.engine_calls == before + 2
    assert first == again and len(first[0]) == 4 and len(other[0]) == 8


def test_nbest_zero_leaves_post_edit_alone(models_dir: Path, termbase: TermBase) -> None:
    engine = _engines(models_dir, 0)[Language.ru]
    assert term_aware(engine, termbase) is engine
    assert isinstance(term_aware(_engines(models_dir, 4)[Language.ru], termbase), TermAwareTranslator)


def test_run_stack_decodes_then_post_edits(
    engines: dict[Language, ArgosTranslator], termbase: TermBase
) -> None:
    stack = GlossaryTranslator(term_aware(engines[Language.ru], termbase), termbase)
    results = stack.translate_batch([WRONG_3_TO_1, UNLISTED_3_TO_1[0], NO_TERMS[0]])
    assert all(
        _compliant(termbase, Language.ru, s, r.text)
        for s, r in zip([WRONG_3_TO_1, UNLISTED_3_TO_1[0]], results, strict=False)
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[engine]\nnbest = 100\n", r"translate\.toml:2: \[engine\] nbest must be 0"),
        ("[engine]\nn_best = 4\n", r"translate\.toml:2: \[engine\] has unknown setting 'n_best'"),
        ("[engine]\nnbest = true\n", r"translate\.toml:2: \[engine\] nbest must be"),
    ],
    ids=["too-many", "typo", "not-a-count"],
)
def test_engine_config_errors_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "translate.toml").write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        load_nbest(tmp_path)


@pytest.mark.parametrize(
    ("text", "nbest"), [("", DEFAULT_NBEST), ("[engine]\nnbest = 4\n", 4)], ids=["default", "set"]
)
def test_engine_config_reads_nbest(tmp_path: Path, text: str, nbest: int) -> None:
    (tmp_path / "translate.toml").write_text(text, encoding="utf-8")
    assert load_nbest(tmp_path) == nbest


def test_a_redone_catalog_keeps_the_decoders_choice_labelled_as_machine_translation(
    tmp_path: Path, engines: dict[Language, ArgosTranslator]
) -> None:
    """The decoder keeps a later hypothesis where the plain one breaks a term; a catalog redone from the
    MT cache (the run state gone) must tell that choice, post-edited, from a reviewer's edit: nothing is
    rewritten and no note says ``edited after machine translation``."""
    project = Project(tmp_path / "project", tmp_path / "models")
    shutil.copytree(CORPUS / "glossary", project.glossary_dir)
    project.seeds_dir.mkdir(parents=True)
    (project.seeds_dir / "doc.txt").write_text(
        "\n\n".join([WRONG_3_TO_1, *UNLISTED_3_TO_1, NO_TERMS[0]]) + "\n", encoding="utf-8"
    )
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with MTCache(project.state_dir / CACHE_FILE) as cache:
        cached = {language: CachedTranslator(engine, cache) for language, engine in engines.items()}
        run(project, [], LANGUAGES, cached, now=now)
        first = {language: project.catalog_path(language, "doc").read_bytes() for language in LANGUAGES}
        (project.state_dir / STATE_FILE).unlink()
        report = run(project, [], LANGUAGES, cached, now=now)
    assert not any(result.written for result in report.catalogs)
    for language in LANGUAGES:
        text = project.catalog_path(language, "doc").read_bytes()
        assert text == first[language]
        assert b"edited after machine translation" not in text
