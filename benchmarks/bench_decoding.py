"""Glossary-aware decoding against post-edit alone, on the fixture models' own sentences.

For each fixture set (the decoding fixture, whose n-best lists hold the approved rendering below a wrong
one, and the glossary fixture, trained on wrong renderings only) and n = 1, 4, 8 it prints the share of
term occurrences approved in raw output, after post-edit only and after decoder + post-edit; how many
sentences post-edit alone made compliant that the decoder changed (a correct sentence made worse); and
the time of the glossary-aware path as a ratio of plain beam search (best of 3 runs, no cache).
It prints figures; it asserts nothing.

    .venv/bin/python benchmarks/bench_decoding.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.engine.argos import load_translators  # noqa: E402
from translate.engine.install import install  # noqa: E402
from translate.engine.translator import EngineOptions  # noqa: E402
from translate.glossary.decoding import TermAwareTranslator  # noqa: E402
from translate.glossary.enforce import compliance, enforce  # noqa: E402
from translate.glossary.tomlfile import load_project_termbase  # noqa: E402
from translate.languages import Language  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
SETS = (
    (
        "decoding",
        FIXTURES / "decoding_models",
        FIXTURES / "decoding_corpus",
        FIXTURES / "decoding_corpus" / "glossary",
    ),
    ("glossary", FIXTURES / "glossary_models", FIXTURES / "glossary_corpus", ROOT / "glossary"),
)


def _best_time(run: object, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    print("| fixture | n | raw | post-edit only | decoder + post-edit | correct made worse | cost vs plain |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for label, models, corpus, glossary in SETS:
        termbase = load_project_termbase(glossary)
        assert termbase is not None
        sources = list(dict.fromkeys((corpus / "en.txt").read_text(encoding="utf-8").splitlines()))
        with tempfile.TemporaryDirectory() as tmp:
            for package in sorted(models.glob("*.argosmodel")):
                install(Path(tmp), package)
            for n in (1, 4, 8):
                languages = [
                    lang
                    for lang in Language
                    if (models / f"translate-en_{lang.value}-1_0.argosmodel").exists()
                ]
                engines, _ = load_translators(Path(tmp), languages, EngineOptions(nbest=n))
                raw = post = dec = total = worse = 0
                plain_time = aware_time = 0.0
                for language, engine in engines.items():
                    aware = TermAwareTranslator(engine, termbase, n)  # type: ignore[arg-type]
                    plain = engine.translate_batch(sources)
                    decoded = aware.translate_batch(sources)
                    plain_time += _best_time(lambda e=engine, s=sources: e.translate_batch(s))
                    aware_time += _best_time(lambda a=aware, s=sources: a.translate_batch(s))
                    post_edit = [
                        enforce(termbase, language, s, p.text).text
                        for s, p in zip(sources, plain, strict=True)
                    ]
                    final = [
                        enforce(termbase, language, s, d.text).text
                        for s, d in zip(sources, decoded, strict=True)
                    ]
                    for figure, texts in ((0, [p.text for p in plain]), (1, post_edit), (2, final)):
                        counted = compliance(termbase, language, list(zip(sources, texts, strict=True)))
                        if figure == 0:
                            raw += counted.compliant
                            total += counted.total
                        elif figure == 1:
                            post += counted.compliant
                        else:
                            dec += counted.compliant
                    worse += sum(
                        enforce(termbase, language, s, p).compliant and p != f
                        for s, p, f in zip(sources, post_edit, final, strict=True)
                    )
                sentences = len(sources) * len(engines)
                print(
                    f"| {label} | {n} | {raw}/{total} | {post}/{total} | {dec}/{total} | "
                    f"{worse}/{sentences} | {aware_time / plain_time:.2f}× |"
                )


if __name__ == "__main__":
    main()
