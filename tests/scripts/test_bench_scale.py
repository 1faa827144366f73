"""The archive-scale benchmark: its documents, its failure handling, and one whole run at one document."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))
try:
    import _archive
    import bench_scale
finally:
    sys.path.remove(str(REPO / "benchmarks"))


def test_documents_share_the_seed_sentences_but_not_their_titles(tmp_path: Path) -> None:
    seed = bench_scale.read_seed()
    bench_scale.build_project(tmp_path / "project", 20, seed)
    texts = [(tmp_path / "project" / "seeds" / f"doc-{n}.txt").read_text(encoding="utf-8") for n in range(20)]
    assert len(texts) == len(list((tmp_path / "project" / "seeds").iterdir()))
    titles = {text.splitlines()[0] for text in texts}
    assert len(titles) == 20
    assert all({part.strip() for part in text.split("\n\n")[2:]} == {*seed.paragraphs} for text in texts)
    assert len({text.split("\n\n")[2] for text in texts}) == len(seed.paragraphs)


@pytest.mark.parametrize(
    ("sizes", "most", "expected"),
    [
        ("1,10,100,1000,10000", None, [1, 10, 100, 1000, 10000]),
        ("1,10,100,1000,10000", 100, [1, 10, 100]),
        ("100,1,10,10", None, [1, 10, 100]),
    ],
    ids=["all", "max", "unordered-and-repeated"],
)
def test_sizes(sizes: str, most: int | None, expected: list[int]) -> None:
    assert bench_scale.sizes_of(sizes, most) == expected


def test_a_failing_command_is_marked_with_its_stderr_and_the_bench_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bench = bench_scale.Bench(dict(os.environ), timeout=None)
    failing = bench_scale.Step(
        "check", ("sh", "-c", "echo first >&2; echo last words >&2; exit 3"), tool="sh"
    )
    working = bench_scale.Step("status", ("sh", "-c", "exit 0"), tool="sh")
    assert bench.take(failing, 1, tmp_path).why == "exit 3"
    assert not bench.take(working, 1, tmp_path).failed
    printed = capsys.readouterr().out
    assert "FAILED (exit 3)" in printed and "| last words" in printed
    table = bench_scale.table(bench.outcomes, [1])
    assert "| check | **failed** (exit 3)" in table
    assert "| status | 0." in table


@pytest.mark.parametrize(
    ("stderr", "failed"),
    [
        ("locales/ru/LC_MESSAGES/doc-0.po:20: serious: fuzzy: “A meeting…”", False),
        ("error: locales/ru/LC_MESSAGES/doc-0.po:3: unterminated string; fix the catalog", True),
        ("Traceback (most recent call last):\n  File \"x.py\", line 1\nKeyError: 'msgid'", True),
    ],
    ids=["serious-findings", "toolkit-error", "traceback"],
)
def test_exit_1_is_findings_unless_stderr_says_it_failed(tmp_path: Path, stderr: str, failed: bool) -> None:
    (tmp_path / "stderr.txt").write_text(stderr + "\n", encoding="utf-8")
    step = bench_scale.Step("check", ("check",), bench_scale.FINDINGS)
    result = _archive.measure(["sh", "-c", "cat stderr.txt >&2; exit 1"], tmp_path)
    assert bench_scale.crashed(step, result) is failed


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_a_reference_loop_over_no_catalog_fails(tmp_path: Path) -> None:
    bench = bench_scale.Bench(dict(os.environ), timeout=None)
    assert bench.take(bench_scale.MSGFMT, 1, tmp_path).why == "exit 2"


def test_a_command_over_its_time_is_stopped(tmp_path: Path) -> None:
    result = _archive.measure(["sh", "-c", "sleep 30"], tmp_path, timeout=0.5)
    assert result.timed_out and result.status != 0


def test_a_command_is_measured_apart_from_the_benchmark_s_own_memory(tmp_path: Path) -> None:
    """A large benchmark process (here 400 MB more) does not lend its size to the commands it measures,
    and the command's own CPU time and memory are still seen."""
    ballast = bytearray(400 * 1024 * 1024)
    ballast[::4096] = b"x" * len(ballast[::4096])  # touch every page, so that it is resident
    small = _archive.measure(["true"], tmp_path)
    grows = _archive.measure(
        [sys.executable, "-c", "b = bytearray(150 * 2**20); b[::4096] = b'x' * len(b[::4096])"], tmp_path
    )
    del ballast
    assert small.status == 0 and small.rss_mb < 100
    assert 150 < grows.rss_mb < 300 and grows.cpu > 0


@pytest.mark.slow
def test_one_document_runs_every_step(tmp_path: Path) -> None:
    """The whole benchmark at N=1 with the real CLI and the tiny models: every step works."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench_scale.py"), "--sizes", "1"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    names = {row.split(" | ")[0].removeprefix("| ") for row in rows}
    assert {step.name for step in bench_scale.STEPS} <= names
    assert "FAILED" not in done.stdout and "no reviewer save" not in done.stdout, done.stdout
    assert list(tmp_path.iterdir()) == [], "the benchmark leaves its temporary folder behind"


def test_only_picks_the_steps_after_the_runs_by_name_or_first_word() -> None:
    names = [step.name for step in bench_scale.chosen_steps("status,publish,msgfmt")]
    assert names == ["status", "publish --allow-incomplete", "msgfmt -c (every ru catalog)"]
    assert [step.name for step in bench_scale.chosen_steps("check")] == [
        "check",
        "check -t ru",
        "check --json",
    ]
    assert len(bench_scale.chosen_steps("")) == len(bench_scale.AFTER_RUNS) + 2
    with pytest.raises(SystemExit, match="--only: no step named stauts"):
        bench_scale.chosen_steps("stauts")
