"""The persistent MT cache: what was translated once is never sent to the engine again."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests._fakes import FakeTranslator
from translate.engine.cache import CACHE_FILE, CachedTranslator, MTCache, cache_key, with_cache
from translate.engine.translator import Translation
from translate.errors import EngineError
from translate.languages import Language


@dataclass
class CountingEngine(FakeTranslator):
    """The fake engine, reversing text, with a cache identity that is not its name (as argos's has)."""

    name: str = "fake engine 1.0"
    render: Callable[[str], str] | None = lambda text: text[::-1]
    notes: tuple[str, ...] = ("fake note",)
    identity: str = "fake 1.0|beam=4"


def test_second_pass_makes_zero_engine_calls(tmp_path: Path) -> None:
    engine = CountingEngine()
    with MTCache(tmp_path / CACHE_FILE) as cache:
        cached = CachedTranslator(engine, cache)
        first = cached.translate_batch(["One.", "Two.", "One."])
        second = cached.translate_batch(["Two.", "One."])
    assert engine.batches == [["One.", "Two."]]  # one batch, duplicates sent once
    assert [t.text for t in first] == [".enO", ".owT", ".enO"]
    assert [t.text for t in second] == [".owT", ".enO"]
    assert cached.misses == 2 and cached.hits == 2  # the repeated "One." is neither


def test_cache_persists_across_runs(tmp_path: Path) -> None:
    path = tmp_path / "state" / CACHE_FILE
    with MTCache(path) as cache:
        CachedTranslator(CountingEngine(), cache).translate_batch(["Kept."])
    engine = CountingEngine()
    with MTCache(path) as cache:
        (result,) = CachedTranslator(engine, cache).translate_batch(["Kept."])
        assert len(cache) == 1
    assert engine.batches == []
    assert result == Translation(".tpeK", "fake engine 1.0", ("fake note",))


def test_only_new_segments_reach_the_engine(tmp_path: Path) -> None:
    engine = CountingEngine()
    with MTCache(tmp_path / CACHE_FILE) as cache:
        cached = CachedTranslator(engine, cache)
        cached.translate_batch(["Old one.", "Old two."])
        cached.translate_batch(["Old one.", "New.", "Old two."])
    assert engine.batches == [["Old one.", "Old two."], ["New."]]


@pytest.mark.parametrize(
    "other",
    ["fake 1.1|beam=4", "fake 1.0|beam=1"],
    ids=["new-model-version", "new-beam-size"],
)
def test_new_model_or_settings_miss_the_cache(tmp_path: Path, other: str) -> None:
    with MTCache(tmp_path / CACHE_FILE) as cache:
        CachedTranslator(CountingEngine(), cache).translate_batch(["Same text."])
        engine = CountingEngine(identity=other)
        CachedTranslator(engine, cache).translate_batch(["Same text."])
    assert engine.batches == [["Same text."]]


def test_identity_defaults_to_the_name_without_an_identity(tmp_path: Path) -> None:
    plain = FakeTranslator(Language.kk, name="plain 2", render=str.upper)
    with MTCache(tmp_path / CACHE_FILE) as cache:
        wrapped = with_cache({Language.kk: plain}, cache)[Language.kk]
        assert isinstance(wrapped, CachedTranslator)
        assert wrapped.identity == "plain 2"
        assert wrapped.language is Language.kk and wrapped.name == "plain 2"
        assert wrapped.translate_batch(["a"])[0].text == "A"
        assert cache_key("plain 2", "a") in cache.get_many([cache_key("plain 2", "a")])


def test_engine_returning_too_few_results_is_an_error(tmp_path: Path) -> None:
    class Short(CountingEngine):
        def translate_batch(self, segments: Sequence[str]) -> list[Translation]:
            return []

    with (
        MTCache(tmp_path / CACHE_FILE) as cache,
        pytest.raises(EngineError, match="returned 0 translations for 1"),
    ):
        CachedTranslator(Short(), cache).translate_batch(["x"])


def test_unreadable_cache_file_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / CACHE_FILE
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(EngineError, match=r"cannot open the translation cache .*delete the file"):
        MTCache(path)


def test_many_segments_are_looked_up_in_chunks(tmp_path: Path) -> None:
    segments = [f"Sentence {i}." for i in range(1200)]
    engine = CountingEngine()
    with MTCache(tmp_path / CACHE_FILE) as cache:
        cached = CachedTranslator(engine, cache)
        cached.translate_batch(segments)
        again = cached.translate_batch(segments)
    assert len(engine.batches) == 1
    assert [t.text for t in again] == [s[::-1] for s in segments]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=12), st.lists(st.text(max_size=30), max_size=12))
def test_cached_results_equal_uncached_results(
    tmp_path_factory: pytest.TempPathFactory, first: list[str], second: list[str]
) -> None:
    with MTCache(tmp_path_factory.mktemp("cache") / CACHE_FILE) as cache:
        cached = CachedTranslator(CountingEngine(), cache)
        direct = CountingEngine()
        assert cached.translate_batch(first) == direct.translate_batch(first)
        assert cached.translate_batch(second) == direct.translate_batch(second)
        assert cached.translate_batch(first + second) == direct.translate_batch(first + second)


def test_a_segment_without_a_suggestion_is_not_cached(tmp_path: Path) -> None:
    class Refusing(CountingEngine):
        def translate_batch(self, segments: Sequence[str]) -> list[Translation]:
            self.batches.append(list(segments))
            return [Translation("" if "long" in s else s, self.name) for s in segments]

    engine = Refusing()
    with MTCache(tmp_path / CACHE_FILE) as cache:
        cached = CachedTranslator(engine, cache)
        cached.translate_batch(["Short.", "A long one."])
        assert [t.text for t in cached.translate_batch(["Short.", "A long one."])] == ["Short.", ""]
        assert len(cache) == 1
    assert engine.batches == [["Short.", "A long one."], ["A long one."]]
