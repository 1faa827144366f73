"""The Ray executor against the local engine, on the benchmark model, measured in one run.

Uses ``bench_engine``'s realistic-size random Marian model (6+6 layers, d_model 512, 32k vocabulary,
int8; built once into ``benchmarks/.cache/``) and the seed's segments repeated ``--copies`` times, and
translates them in paired, interleaved rounds:

- ``local 1 thread`` and ``local 2 threads``: the local engine (``load_translators``) in this process;
- ``ray 1 actor`` and ``ray 2 actors``: the Ray executor on a local instance of this machine, each actor
  holding the model with one thread.

It prints segments/s per path, the ratios, and Ray's overhead per segment (``ray 1 actor`` against
``local 1 thread``: the same decoding work, so the difference is Ray's). It asserts nothing.

    .venv/bin/python benchmarks/bench_ray.py [--copies 8] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_engine import CACHE, SEED, build_model, segments_of  # noqa: E402

from translate.engine.argos import load_translators  # noqa: E402
from translate.engine.distributed import RayOptions, open_ray_translators, release  # noqa: E402
from translate.engine.install import install  # noqa: E402
from translate.engine.translator import EngineOptions, Translator  # noqa: E402
from translate.languages import Language  # noqa: E402


def main() -> None:
    """Build or reuse the model, translate the same segments four ways in interleaved rounds, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=8, help="times the seed's segments are sent")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (the median is kept)")
    parser.add_argument("--cache-dir", type=Path, default=CACHE)
    args = parser.parse_args()

    import ray

    package_file = build_model(args.cache_dir, rebuild=False)
    segments = segments_of(SEED) * args.copies
    with tempfile.TemporaryDirectory(prefix="bench-ray-") as tmp_name:
        tmp = Path(tmp_name)
        models = tmp / "models"
        install(models, package_file)
        started = time.perf_counter()
        # Three logical CPUs, so the 1-actor and 2-actor pools exist side by side; only one path runs at a
        # time, so no more than the machine's 2 cores ever decode at once.
        ray.init(num_cpus=3, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
        print(f"Ray local instance started in {time.perf_counter() - started:.1f} s")
        loaded: dict[str, Translator] = {}
        for threads in (1, 2):
            engines, _ = load_translators(
                models, [Language.ru], EngineOptions(threads=threads), state_dir=tmp / "state"
            )
            loaded[f"local {threads} thread{'s' if threads > 1 else ''}"] = engines[Language.ru]
        for actors in (1, 2):
            started = time.perf_counter()
            engines, _ = open_ray_translators(
                models, [Language.ru], EngineOptions(), RayOptions(actors=actors)
            )
            print(f"ray {actors} actor(s): actors up with the model in {time.perf_counter() - started:.1f} s")
            loaded[f"ray {actors} actor{'s' if actors > 1 else ''}"] = engines[Language.ru]
        for translator in loaded.values():
            translator.translate_batch(segments[:8])  # warm up
        print(f"\n{len(segments)} segments per call, {args.rounds} interleaved rounds (median):")
        seconds: dict[str, list[float]] = {name: [] for name in loaded}
        for _ in range(args.rounds):
            for name, translator in loaded.items():
                started = time.perf_counter()
                translator.translate_batch(segments)
                seconds[name].append(time.perf_counter() - started)
        median = {name: statistics.median(values) for name, values in seconds.items()}
        base = median["local 1 thread"]
        print("| path | segments/s | vs local 1 thread |\n|---|---|---|")
        for name, value in median.items():
            print(f"| {name} | {len(segments) / value:.1f} | {base / value:.2f}× |")
        overhead = (median["ray 1 actor"] - base) / len(segments)
        print(f"\nRay overhead per segment (ray 1 actor − local 1 thread): {overhead * 1000:.2f} ms")
        release({Language.ru: loaded["ray 1 actor"]})
        release({Language.ru: loaded["ray 2 actors"]})
        ray.shutdown()


if __name__ == "__main__":
    main()
