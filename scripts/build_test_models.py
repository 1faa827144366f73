"""Train the tiny, deterministic test models offline and package them as ``.argosmodel`` fixtures.

The models memorise a small parallel corpus so tests can assert exact outputs through the real
argostranslate/CTranslate2 path. Their output is not a translation of anything outside the corpus.

Corpus layout (``--corpus DIR``): line-aligned plain-text files, ``en.txt`` plus one ``<lang>.txt`` per
target language (``ru.txt``, ``kk.txt``, ``tk.txt``), one sentence per line.

Two architectures are built, as the real models the desk uses are:

* a Marian model (the architecture of OPUS-MT checkpoints) for each language in ``--marian``
  (default ``ru``), trained like Marian: the source has no ``</s>``, the decoder starts from the zero
  ``<pad>`` embedding;
* one multilingual NLLB/M2M100 model for the languages in ``--nllb`` (default ``kk tk``) with NLLB's
  language tokens: the source is ``eng_Latn <pieces> </s>`` and the target starts with the language
  token (``kaz_Cyrl``, ``tuk_Latn``), packaged as one package per pair with ``target_prefix``;
* optionally, one multilingual T5 model (the architecture of MADLAD-400) for the languages in ``--t5``
  (none by default; ``tests/fixtures/t5_models/`` holds ``kk tk``): the target language is MADLAD's tag at
  the start of the source (``<2kk> <pieces> </s>``), there is no target prefix, and the checkpoint's model
  card (``README.md``) declares the licence the build records (the project's own, MIT).

All go through the same converter the ``translate models build`` command uses, so the fixtures also
exercise that command. Rebuilding from the same corpus gives bit-identical packages on the same
platform (fixed seeds, one thread, deterministic SentencePiece and zip metadata).

Usage::

    python scripts/build_test_models.py                       # rebuild tests/fixtures/models/
    python scripts/build_test_models.py --corpus DIR --out DIR --name "my fixture" --marian ru --nllb
    python scripts/build_test_models.py --marian --nllb --t5 kk tk --out tests/fixtures/t5_models
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import re
import tempfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from translate.engine.build import (
    NLLB_LANGUAGE_CODES,
    NLLB_SOURCE_CODE,
    build_packages,
    t5_language_tag,
)
from translate.languages import Language

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "tests" / "fixtures" / "corpus"
DEFAULT_OUT = ROOT / "tests" / "fixtures" / "models"

# The libraries whose versions decide the bytes of a build; main() records them beside the packages in
# BUILD_INFO, so an exact-output test can tell "the lock moved, rebuild" from "the rebuild differs".
BUILD_LIBRARIES = ("torch", "transformers", "ctranslate2", "sentencepiece", "numpy", "tokenizers")
BUILD_INFO = "built-with.json"
CPU_KEY = "cpu"

SEED = 20231104
D_MODEL = 128
LAYERS = 2
HEADS = 4
FFN = 256
MAX_POSITIONS = 256
# Both fixture architectures (Marian and M2M100/NLLB) share these sizes.
TINY_SHAPE = {
    "d_model": D_MODEL,
    "encoder_layers": LAYERS,
    "decoder_layers": LAYERS,
    "encoder_attention_heads": HEADS,
    "decoder_attention_heads": HEADS,
    "encoder_ffn_dim": FFN,
    "decoder_ffn_dim": FFN,
    "max_position_embeddings": MAX_POSITIONS,
}
MARIAN_LEARNING_RATE = 3e-3
NLLB_LEARNING_RATE = 3e-3
T5_LEARNING_RATE = 3e-3
T5_KEY_VALUE = D_MODEL // HEADS
# The fixture is the project's own work, trained on its own corpus: it carries the project's licence.
T5_FIXTURE_LICENSE = "mit"


@dataclass(frozen=True, slots=True)
class Recipe:
    """Settings of one tiny model; the defaults reproduce the committed fixtures."""

    marian_steps: int = 120
    marian_vocab: int = 1000
    nllb_steps: int = 160
    nllb_vocab: int = 1500
    t5_steps: int = 120
    t5_vocab: int = 1500
    seed: int = SEED
    package_version: str = "1.0"
    name: str = "tiny test model"


def read_corpus(corpus: Path, language: Language) -> list[tuple[str, str]]:
    """Read the line-aligned ``en.txt`` / ``<lang>.txt`` pair of ``corpus`` as (source, target) pairs."""
    source = (corpus / "en.txt").read_text(encoding="utf-8").splitlines()
    target = (corpus / f"{language.value}.txt").read_text(encoding="utf-8").splitlines()
    if len(source) != len(target):
        raise SystemExit(
            f"{corpus}: en.txt has {len(source)} lines but {language.value}.txt has {len(target)}"
        )
    pairs = [(s.strip(), t.strip()) for s, t in zip(source, target, strict=True) if s.strip()]
    if not pairs:
        raise SystemExit(f"{corpus}: no sentence pairs for en→{language.value}")
    return pairs


def train_sentencepiece(
    lines: Sequence[str], vocab_size: int, *, marian: bool, t5_tags: Sequence[str] = ()
) -> bytes:
    """Train a unigram SentencePiece model on ``lines`` in memory and return its serialized bytes.

    Training from an iterator into a writer keeps file paths out of the model, so the bytes depend
    only on the text. Marian wants ``</s>`` = 0 and ``<unk>`` = 1; NLLB's fairseq vocabulary is built
    around the model, so it uses SentencePiece's own layout. ``t5_tags`` asks for T5's layout
    (``<pad>`` = 0, ``</s>`` = 1, ``<unk>`` = 2) with the tags as whole pieces, as MADLAD-400's has.
    """
    import sentencepiece as spm

    ids: dict[str, object] = {}
    if marian:
        ids = {"eos_id": 0, "unk_id": 1, "bos_id": -1, "pad_id": -1}
    elif t5_tags:
        ids = {"pad_id": 0, "eos_id": 1, "unk_id": 2, "bos_id": -1, "user_defined_symbols": list(t5_tags)}
    writer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=writer,
        model_type="unigram",
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        character_coverage=1.0,
        num_threads=1,
        shuffle_input_sentence=False,
        minloglevel=2,
        **ids,
    )
    return writer.getvalue()


def _seed_everything(seed: int) -> None:
    import random

    import torch
    import transformers

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()

    random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)


def _pad_batch(rows: list[list[int]], pad: int) -> tuple[object, object]:
    import torch

    width = max(len(row) for row in rows)
    ids = torch.full((len(rows), width), pad, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = torch.tensor(row, dtype=torch.long)
        mask[i, : len(row)] = 1
    return ids, mask


def _train(
    model: object, batch: dict[str, object], steps: int, learning_rate: float, zero_row: int | None
) -> float:
    """Full-batch AdamW on the whole corpus; ``zero_row`` is an embedding row kept at zero."""
    import torch

    assert isinstance(model, torch.nn.Module)
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.0)
    model.train()
    loss_value = float("nan")
    for _ in range(steps):
        optimizer.zero_grad()
        loss = model(**batch).loss
        loss.backward()
        optimizer.step()
        if zero_row is not None:
            # CTranslate2 starts Marian decoding from a zero embedding, not from the <pad> row.
            with torch.no_grad():
                model.get_input_embeddings().weight[zero_row].zero_()
        loss_value = float(loss.detach())
    model.eval()
    return loss_value


def _labels(rows: list[list[int]]) -> object:
    ids, mask = _pad_batch(rows, 0)
    return ids.masked_fill(mask == 0, -100)  # type: ignore[attr-defined]


def make_marian_checkpoint(
    pairs: Sequence[tuple[str, str]], out_dir: Path, recipe: Recipe = Recipe()
) -> float:
    """Train a tiny Marian checkpoint on ``pairs`` and save it (model + tokenizer) into ``out_dir``.

    Returns the final training loss.
    """
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    _seed_everything(recipe.seed)
    sp_bytes = train_sentencepiece(
        [text for pair in pairs for text in pair], recipe.marian_vocab, marian=True
    )
    processor = spm.SentencePieceProcessor(model_proto=sp_bytes)
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    pad = len(pieces)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "source.spm").write_bytes(sp_bytes)
    (out_dir / "target.spm").write_bytes(sp_bytes)
    vocab = {piece: i for i, piece in enumerate(pieces)} | {"<pad>": pad}
    (out_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")

    config = MarianConfig(
        vocab_size=pad + 1,
        **TINY_SHAPE,
        activation_function="swish",
        scale_embedding=True,
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        dropout=0.0,
        attention_dropout=0.0,
        activation_dropout=0.0,
    )
    model = MarianMTModel(config)
    with torch.no_grad():
        model.get_input_embeddings().weight[pad].zero_()
    eos = processor.eos_id()
    # The source goes in without </s>: argostranslate does not append it.
    sources = [processor.encode(src) for src, _ in pairs]
    targets = [[*processor.encode(tgt), eos] for _, tgt in pairs]
    input_ids, attention_mask = _pad_batch(sources, pad)
    batch = {"input_ids": input_ids, "attention_mask": attention_mask, "labels": _labels(targets)}
    loss = _train(model, batch, recipe.marian_steps, MARIAN_LEARNING_RATE, zero_row=pad)
    model.save_pretrained(out_dir, safe_serialization=True)
    tokenizer = MarianTokenizer(
        source_spm=str(out_dir / "source.spm"),
        target_spm=str(out_dir / "target.spm"),
        vocab=str(out_dir / "vocab.json"),
    )
    tokenizer.save_pretrained(out_dir)
    return loss


def make_nllb_checkpoint(
    pairs_by_language: dict[Language, Sequence[tuple[str, str]]],
    out_dir: Path,
    recipe: Recipe = Recipe(),
) -> float:
    """Train one tiny multilingual NLLB/M2M100 checkpoint with NLLB language tokens into ``out_dir``.

    The vocabulary follows NLLB's fairseq layout: ``<s> <pad> </s> <unk>``, the SentencePiece pieces,
    the language tokens, ``<mask>``. Returns the final training loss.
    """
    import sentencepiece as spm
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer

    _seed_everything(recipe.seed)
    lines: list[str] = []
    seen: set[str] = set()
    for pairs in pairs_by_language.values():
        for src, tgt in pairs:
            for text in (src, tgt):
                if text not in seen:
                    seen.add(text)
                    lines.append(text)
    sp_bytes = train_sentencepiece(lines, recipe.nllb_vocab, marian=False)
    processor = spm.SentencePieceProcessor(model_proto=sp_bytes)
    specials = ["<s>", "<pad>", "</s>", "<unk>"]
    pieces = [
        processor.id_to_piece(i)
        for i in range(processor.get_piece_size())
        if not (processor.is_control(i) or processor.is_unknown(i))
    ]
    language_tokens = [NLLB_SOURCE_CODE] + [NLLB_LANGUAGE_CODES[lang] for lang in pairs_by_language]
    tokens = specials + pieces + language_tokens + ["<mask>"]
    vocab = {token: i for i, token in enumerate(tokens)}
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "sentencepiece.bpe.model").write_bytes(sp_bytes)

    config = M2M100Config(
        vocab_size=len(tokens),
        **TINY_SHAPE,
        scale_embedding=True,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        dropout=0.0,
        attention_dropout=0.0,
        activation_dropout=0.0,
        tokenizer_class="NllbTokenizer",
    )
    model = M2M100ForConditionalGeneration(config)
    eos = vocab["</s>"]

    def ids(text: str) -> list[int]:
        return [vocab.get(piece, vocab["<unk>"]) for piece in processor.encode(text, out_type=str)]

    sources: list[list[int]] = []
    targets: list[list[int]] = []
    for language, pairs in pairs_by_language.items():
        code = vocab[NLLB_LANGUAGE_CODES[language]]
        for src, tgt in pairs:
            sources.append([vocab[NLLB_SOURCE_CODE], *ids(src), eos])
            targets.append([code, *ids(tgt), eos])
    input_ids, attention_mask = _pad_batch(sources, vocab["<pad>"])
    batch = {"input_ids": input_ids, "attention_mask": attention_mask, "labels": _labels(targets)}
    loss = _train(model, batch, recipe.nllb_steps, NLLB_LEARNING_RATE, zero_row=None)
    model.save_pretrained(out_dir, safe_serialization=True)
    tokenizer = NllbTokenizer(
        vocab=vocab,
        merges=[],
        additional_special_tokens=language_tokens,
        src_lang=NLLB_SOURCE_CODE,
    )
    tokenizer.save_pretrained(out_dir)
    return loss


def make_t5_checkpoint(
    pairs_by_language: dict[Language, Sequence[tuple[str, str]]],
    out_dir: Path,
    recipe: Recipe = Recipe(),
) -> float:
    """Train one tiny multilingual T5 checkpoint with MADLAD-400's ``<2xx>`` tags into ``out_dir``.

    The vocabulary is the SentencePiece model's, id for id (``<pad> </s> <unk>``, the tags, the pieces),
    saved as ``spiece.model`` as T5 checkpoints do, with a model card declaring the licence. Returns the
    final training loss.
    """
    import sentencepiece as spm
    from transformers import T5Config, T5ForConditionalGeneration, T5Tokenizer

    _seed_everything(recipe.seed)
    tags = [t5_language_tag(language) for language in pairs_by_language]
    lines = list(
        dict.fromkeys(text for pairs in pairs_by_language.values() for pair in pairs for text in pair)
    )
    sp_bytes = train_sentencepiece(lines, recipe.t5_vocab, marian=False, t5_tags=tags)
    processor = spm.SentencePieceProcessor(model_proto=sp_bytes)
    size = processor.get_piece_size()
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "spiece.model").write_bytes(sp_bytes)
    (out_dir / "README.md").write_text(
        f"---\nlicense: {T5_FIXTURE_LICENSE}\n---\n\nA tiny T5 test model: its output is no translation.\n",
        encoding="utf-8",
    )

    config = T5Config(
        vocab_size=size,
        d_model=D_MODEL,
        d_kv=T5_KEY_VALUE,
        d_ff=FFN,
        num_layers=LAYERS,
        num_decoder_layers=LAYERS,
        num_heads=HEADS,
        # MADLAD-400's feed-forward, with separate input and output embeddings.
        feed_forward_proj="gated-gelu",
        tie_word_embeddings=False,
        dropout_rate=0.0,
        pad_token_id=processor.pad_id(),
        eos_token_id=processor.eos_id(),
        decoder_start_token_id=processor.pad_id(),
    )
    model = T5ForConditionalGeneration(config)
    eos = processor.eos_id()
    sources: list[list[int]] = []
    targets: list[list[int]] = []
    for language, pairs in pairs_by_language.items():
        tag = processor.piece_to_id(t5_language_tag(language))
        for src, tgt in pairs:
            sources.append([tag, *processor.encode(src), eos])
            targets.append([*processor.encode(tgt), eos])
    input_ids, attention_mask = _pad_batch(sources, processor.pad_id())
    batch = {"input_ids": input_ids, "attention_mask": attention_mask, "labels": _labels(targets)}
    loss = _train(model, batch, recipe.t5_steps, T5_LEARNING_RATE, zero_row=None)
    model.save_pretrained(out_dir, safe_serialization=True)
    vocab = [(processor.id_to_piece(i), processor.get_score(i)) for i in range(size)]
    tokenizer = T5Tokenizer(vocab=vocab, extra_ids=0)
    tokenizer.save_pretrained(out_dir)
    return loss


def build(
    corpus: Path,
    out: Path,
    *,
    marian: Sequence[Language] = (Language.ru,),
    nllb: Sequence[Language] = (Language.kk, Language.tk),
    t5: Sequence[Language] = (),
    recipe: Recipe = Recipe(),
    work_dir: Path | None = None,
    jobs: int = 2,
) -> list[Path]:
    """Train and package every requested model from ``corpus`` into ``out``; return the package paths.

    The models train in ``jobs`` separate single-threaded processes (each seeded on its own, so the
    result does not depend on ``jobs``); packaging happens here, in order.
    """
    out.mkdir(parents=True, exist_ok=True)
    built: list[Path] = []
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        # "spawn" gives each trainer a fresh interpreter: forking a process that already ran torch's
        # thread pools can hang.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=context) as pool:
            marian_jobs = {
                language: pool.submit(
                    make_marian_checkpoint,
                    read_corpus(corpus, language),
                    Path(tmp) / f"marian-en-{language.value}",
                    recipe,
                )
                for language in marian
            }
            nllb_job = (
                pool.submit(
                    make_nllb_checkpoint,
                    {language: read_corpus(corpus, language) for language in nllb},
                    Path(tmp) / "nllb",
                    recipe,
                )
                if nllb
                else None
            )
            t5_job = (
                pool.submit(
                    make_t5_checkpoint,
                    {language: read_corpus(corpus, language) for language in t5},
                    Path(tmp) / "t5",
                    recipe,
                )
                if t5
                else None
            )
            for language, job in marian_jobs.items():
                print(f"marian en→{language.value}: final loss {job.result():.4f}")
                built += build_packages(
                    Path(tmp) / f"marian-en-{language.value}",
                    [language],
                    out,
                    name=f"{recipe.name} (Marian, not a translation)",
                    package_version=recipe.package_version,
                    # Trained without </s> on the source, as plain argostranslate sends it.
                    marian_source_suffix="",
                )
            if nllb_job is not None:
                print(f"nllb en→{','.join(lang.value for lang in nllb)}: final loss {nllb_job.result():.4f}")
                built += build_packages(
                    Path(tmp) / "nllb",
                    list(nllb),
                    out,
                    name=f"{recipe.name} (NLLB, not a translation)",
                    package_version=recipe.package_version,
                )
            if t5_job is not None:
                print(f"t5 en→{','.join(lang.value for lang in t5)}: final loss {t5_job.result():.4f}")
                built += build_packages(
                    Path(tmp) / "t5",
                    list(t5),
                    out,
                    name=f"{recipe.name} (T5, not a translation)",
                    package_version=recipe.package_version,
                )
    return built


def build_versions() -> dict[str, str]:
    """The installed versions of the libraries that decide a build's bytes."""
    import importlib.metadata
    import platform

    versions = {"python": platform.python_version(), "machine": platform.machine()}
    versions.update({name: importlib.metadata.version(name) for name in BUILD_LIBRARIES})
    return versions


# The CPU features that pick torch's and MKL's float kernels: two CPUs that differ in them can train
# the same recipe, with the same libraries, into weights that differ in their last bits.
_KERNEL_FLAGS = re.compile(r"(avx|amx|fma|f16c|sse4)\w*")


def cpu_kernels() -> str:
    """The float kernels this machine's CPU selects, as ``<torch capability> <flag> <flag>…``."""
    import torch

    flags: set[str] = set()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("flags"):
                flags = {flag for flag in line.partition(":")[2].split() if _KERNEL_FLAGS.fullmatch(flag)}
                break
    return " ".join([torch.backends.cpu.get_cpu_capability(), *sorted(flags)])


def _languages(values: Sequence[str]) -> list[Language]:
    return [Language(value) for value in values]


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="folder with en.txt and <lang>.txt"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the .argosmodel files")
    parser.add_argument("--marian", nargs="*", default=["ru"], help="targets of Marian models (default: ru)")
    parser.add_argument("--nllb", nargs="*", default=["kk", "tk"], help="targets of the NLLB model")
    parser.add_argument("--t5", nargs="*", default=[], help="targets of the T5 (MADLAD-style) model")
    parser.add_argument("--marian-steps", type=int, default=Recipe().marian_steps)
    parser.add_argument("--nllb-steps", type=int, default=Recipe().nllb_steps)
    parser.add_argument("--t5-steps", type=int, default=Recipe().t5_steps)
    parser.add_argument("--name", default=Recipe().name, help="model name written into the packages")
    parser.add_argument("--package-version", default=Recipe().package_version)
    parser.add_argument("--jobs", type=int, default=2, help="models trained at once (one process each)")
    args = parser.parse_args(argv)
    recipe = Recipe(
        marian_steps=args.marian_steps,
        nllb_steps=args.nllb_steps,
        t5_steps=args.t5_steps,
        name=args.name,
        package_version=args.package_version,
    )
    for path in build(
        args.corpus,
        args.out,
        marian=_languages(args.marian),
        nllb=_languages(args.nllb),
        t5=_languages(args.t5),
        recipe=recipe,
        jobs=args.jobs,
    ):
        print(f"{path} ({path.stat().st_size} bytes)")
    info = args.out / BUILD_INFO
    recorded = {**build_versions(), CPU_KEY: cpu_kernels()}
    info.write_text(json.dumps(recorded, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{info}: the library versions and CPU kernels these packages were built with")


if __name__ == "__main__":
    main()
