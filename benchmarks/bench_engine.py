"""Engine throughput on the sample article: plain argostranslate, the toolkit's batch path, raw CTranslate2.

Builds (once, cached in ``benchmarks/.cache/``) a realistic-size Marian model with random weights
(6+6 layers, d_model 512, 32k vocabulary, int8), installs it as an argostranslate package, and translates
the seed's segments three ways with the same model and decoding settings:

1. plain ``argostranslate.translate.translate()``, one call per segment (its sentence splitter is
   replaced by "the segment is one sentence", because the default one downloads a model);
2. the toolkit's path: ``load_translators`` + the MT cache, one batch for the whole document, and the
   full ``translate.pipeline.run`` (catalogs written) on a throw-away project;
3. raw ``ctranslate2.Translator.translate_batch`` on pre-tokenised input.

Then it re-runs the toolkit path on the unchanged document (served by the cache) and prints segments/s
and ratios. It prints figures; it asserts nothing about wall time.

    .venv/bin/python benchmarks/bench_engine.py [--beam-size 4] [--threads 0] [--rebuild]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.document.source import load_document  # noqa: E402
from translate.engine.argos import LENGTH_PENALTY, load_translators  # noqa: E402
from translate.engine.build import build_packages  # noqa: E402
from translate.engine.cache import CACHE_FILE, CachedTranslator, MTCache  # noqa: E402
from translate.engine.install import install  # noqa: E402
from translate.engine.package import find_package  # noqa: E402
from translate.engine.translator import EngineOptions  # noqa: E402
from translate.languages import Language  # noqa: E402

SEED = ROOT / "seeds" / "2023-11-04-halk-maslahaty-kazakhstan.txt"
CACHE = ROOT / "benchmarks" / ".cache"
VOCAB = 32_000
# Random weights never choose </s> on their own; a bias on its logit ends outputs at news-sentence
# lengths (tens of tokens), as a trained model would, instead of at the 256-token limit.
EOS_BIAS = 2.0


def segments_of(path: Path) -> list[str]:
    """The distinct segments of a document, in reading order (what a run sends to the engine)."""
    document = load_document(path)
    return list(dict.fromkeys(segment for _, segment in document.segments()))


def build_model(cache: Path, rebuild: bool) -> Path:
    """The benchmark's ``.argosmodel`` (built on first use, then reused)."""
    package = cache / f"bench-random-marian-eos{EOS_BIAS:g}.argosmodel"
    if package.exists() and not rebuild:
        return package
    import io

    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    torch.manual_seed(0)
    text = SEED.read_text(encoding="utf-8").splitlines()
    writer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter([line for line in text if line.strip()]),
        model_writer=writer,
        model_type="unigram",
        vocab_size=2000,
        hard_vocab_limit=False,
        eos_id=0,
        unk_id=1,
        bos_id=-1,
        pad_id=-1,
        minloglevel=2,
    )
    processor = spm.SentencePieceProcessor(model_proto=writer.getvalue())
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    # Fill the vocabulary to a realistic 32k so the output projection costs what a real model's does.
    pieces += [f"▁x{i}" for i in range(VOCAB - 1 - len(pieces))]
    with tempfile.TemporaryDirectory() as tmp:
        checkpoint = Path(tmp) / "checkpoint"
        checkpoint.mkdir()
        for name in ("source.spm", "target.spm"):
            (checkpoint / name).write_bytes(writer.getvalue())
        vocab = {piece: i for i, piece in enumerate(pieces)} | {"<pad>": len(pieces)}
        (checkpoint / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        config = MarianConfig(
            vocab_size=VOCAB,
            d_model=512,
            encoder_layers=6,
            decoder_layers=6,
            encoder_attention_heads=8,
            decoder_attention_heads=8,
            encoder_ffn_dim=2048,
            decoder_ffn_dim=2048,
            max_position_embeddings=512,
            activation_function="swish",
            scale_embedding=True,
            pad_token_id=VOCAB - 1,
            eos_token_id=0,
            decoder_start_token_id=VOCAB - 1,
        )
        model = MarianMTModel(config)
        with torch.no_grad():
            model.final_logits_bias[0, 0] = EOS_BIAS
        model.save_pretrained(checkpoint)
        MarianTokenizer(
            source_spm=str(checkpoint / "source.spm"),
            target_spm=str(checkpoint / "target.spm"),
            vocab=str(checkpoint / "vocab.json"),
        ).save_pretrained(checkpoint)
        (built,) = build_packages(
            checkpoint, [Language.ru], Path(tmp) / "out", name="random Marian", marian_source_suffix=""
        )
        cache.mkdir(parents=True, exist_ok=True)
        shutil.move(built, package)
    return package


def timed(label: str, work: Callable[[], object], count: int, repeat: int = 1) -> float:
    """Run ``work`` ``repeat`` times, print and return the best rate in segments per second.

    The best of several runs is the figure least disturbed by other load on the machine.
    """
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    rate = count / best
    print(f"  {label:<50} {best:8.3f} s  {rate:10.2f} segments/s", flush=True)
    return rate


def main() -> None:
    """Build or reuse the model, run the three ways, print figures and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--beam-size", type=int, default=4)
    parser.add_argument("--threads", type=int, default=0, help="CTranslate2 intra-op threads (0 = auto)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--cache-dir", type=Path, default=CACHE)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the random model")
    parser.add_argument("--repeat", type=int, default=3, help="runs per batched measurement (best kept)")
    args = parser.parse_args()

    started = time.perf_counter()
    package_file = build_model(args.cache_dir, args.rebuild)
    print(
        f"model: {package_file} ({package_file.stat().st_size / 1e6:.1f} MB), built/reused in "
        f"{time.perf_counter() - started:.1f} s"
    )
    segments = segments_of(SEED)
    print(
        f"document: {SEED.name}, {len(segments)} distinct segments; beam {args.beam_size}, "
        f"threads {args.threads or 'auto'}, batch {args.batch_size}, cpu"
    )

    with tempfile.TemporaryDirectory(prefix="bench-engine-") as tmp_name:
        tmp = Path(tmp_name)
        models_dir = tmp / "models"
        install(models_dir, package_file)
        package = find_package(models_dir, Language.ru)
        assert package is not None
        options = EngineOptions(beam_size=args.beam_size, threads=args.threads, batch_size=args.batch_size)

        # The same settings for argostranslate, which reads them from its environment at import.
        os.environ.update(
            {
                "ARGOS_PACKAGES_DIR": str(models_dir),
                "XDG_DATA_HOME": str(tmp / "xdg-data"),
                "XDG_CACHE_HOME": str(tmp / "xdg-cache"),
                "XDG_CONFIG_HOME": str(tmp / "xdg-config"),
                "ARGOS_BEAM_SIZE": str(args.beam_size),
                "ARGOS_INTRA_THREADS": str(args.threads),
                "ARGOS_INTER_THREADS": "1",
                "ARGOS_COMPUTE_TYPE": options.compute_type,
                "ARGOS_DEVICE_TYPE": "cpu",
            }
        )
        print("\nfirst run (nothing cached):")

        # 3. raw CTranslate2, pre-tokenised.
        import ctranslate2
        import sentencepiece as spm

        raw = ctranslate2.Translator(
            str(package.path / "model"),
            device="cpu",
            inter_threads=1,
            intra_threads=args.threads,
            compute_type=options.compute_type,
        )
        processor = spm.SentencePieceProcessor(model_file=str(package.path / "sentencepiece.model"))
        tokens = [processor.encode(segment, out_type=str) for segment in segments]

        def raw_batch() -> object:
            return raw.translate_batch(
                tokens,
                beam_size=args.beam_size,
                max_batch_size=args.batch_size,
                length_penalty=LENGTH_PENALTY,
                replace_unknowns=True,
            )

        raw.translate_batch(tokens[:1], beam_size=args.beam_size)  # warm-up
        lengths = [len(result.hypotheses[0]) for result in raw_batch()]  # type: ignore[attr-defined]
        print(f"  (outputs: {sum(lengths) / len(lengths):.0f} target tokens on average, max {max(lengths)})")
        raw_rate = timed("raw ctranslate2 translate_batch", raw_batch, len(segments), args.repeat)

        # 2. the toolkit: engine path through the cache, then the whole pipeline.
        translators, _ = load_translators(models_dir, [Language.ru], options, state_dir=tmp / "state")
        inner = translators[Language.ru]
        inner.translate_batch(segments[:1])  # warm-up, like the others
        cold_runs = iter(range(args.repeat))

        def engine_cold() -> object:
            # A fresh cache file each time: every segment goes to the engine.
            with MTCache(tmp / f"engine-cache-{next(cold_runs)}" / CACHE_FILE) as cache:
                return CachedTranslator(inner, cache).translate_batch(segments)

        engine_rate = timed("toolkit engine path (cache cold)", engine_cold, len(segments), args.repeat)
        with MTCache(tmp / "engine-cache-0" / CACHE_FILE) as cache:
            warm = CachedTranslator(inner, cache)
            engine_rerun = timed(
                "toolkit engine path, re-run (cache warm)",
                lambda: warm.translate_batch(segments),
                len(segments),
            )
            assert warm.misses == 0

        from translate.pipeline import run
        from translate.project import Project

        project_root = tmp / "project"
        (project_root / "seeds").mkdir(parents=True)
        shutil.copy(SEED, project_root / "seeds" / SEED.name)
        project = Project.at(project_root, models_dir)

        def pipeline_run() -> object:
            with MTCache.in_state_dir(project.state_dir) as cache:
                translators_run = {Language.ru: CachedTranslator(inner, cache)}
                return run(project, [], [Language.ru], translators_run)

        pipeline_rate = timed("toolkit pipeline.run (catalogs written)", pipeline_run, len(segments))

        pipeline_rerun = timed(
            "toolkit pipeline.run, re-run (unchanged document)", pipeline_run, len(segments)
        )

        # 1. plain argostranslate, one call per segment.
        import argostranslate.translate as argos_translate

        class OneSentence:
            """The toolkit segments text itself; argos's default splitter would download a model."""

            def split_sentences(self, text: str) -> list[str]:
                return [text]

        translation = argos_translate.get_translation_from_codes("en", "ru")
        translation.underlying.sentencizer = OneSentence()
        argos_translate.translate(segments[0], "en", "ru")  # warm-up (loads the model)
        argos_rate = timed(
            "plain argostranslate.translate per segment",
            lambda: [argos_translate.translate(segment, "en", "ru") for segment in segments],
            len(segments),
        )

    print("\nratios:")
    print(f"  toolkit engine path / raw ctranslate2 batched   {engine_rate / raw_rate:6.2f}  (target ≥ 0.90)")
    print(f"  toolkit pipeline.run / raw ctranslate2 batched  {pipeline_rate / raw_rate:6.2f}")
    print(f"  toolkit engine path / plain argostranslate      {engine_rate / argos_rate:6.2f}")
    print(f"  raw ctranslate2 batched / plain argostranslate  {raw_rate / argos_rate:6.2f}")
    print(
        f"  engine re-run speed-up (cache)                  {engine_rerun / engine_rate:6.0f}x (target ≥ 50x)"
    )
    rerun = pipeline_rerun / pipeline_rate
    print(f"  pipeline re-run speed-up (unchanged document)   {rerun:6.0f}x (target ≥ 50x)")


if __name__ == "__main__":
    main()
