"""Benchmark: `fiscal-review batch` throughput with 1 process, then 2, over the same synthetic reports.

Run: python benchmarks/batch.py [N]   (default N = 60 reports)
The test factory renders N 决算公开 reports (PDF, DOCX and XLSX in turn; various seeds and row
counts) into a temporary folder; each run reviews all of them into a fresh OUT_DIR through the
library API (agent.batch_runner.run_batch, offline templates) and is timed end to end, pool start-up
and summary.xlsx included (an untimed one-report run first starts the forkserver both share). Figures: reports, seconds, reports/minute, and the 2-vs-1 speed-up.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_N = 60
FORMATS = ("pdf", "docx", "xlsx")


def make_inputs(outdir: Path, n: int) -> list[Path]:
    from tests.factory.build import build_report
    from tests.factory.render_docx import render_docx
    from tests.factory.render_pdf import render_pdf
    from tests.factory.render_xlsx import render_xlsx

    render = {"pdf": render_pdf, "docx": render_docx, "xlsx": render_xlsx}
    paths = []
    for i in range(n):
        fmt = FORMATS[i % len(FORMATS)]
        rows = 3 + (i * 7) % 14  # 3…16 项 rows
        report = build_report(seed=100 + i, rows=rows)
        paths.append(render[fmt](report, outdir / f"report-{i:03d}-s{100 + i}-r{rows}.{fmt}"))
    return sorted(p.resolve() for p in paths)


def run(inputs: list[Path], out_dir: Path, jobs: int) -> tuple[float, int, int]:
    from agent.batch_runner import BatchConfig, run_batch
    from tools.profiles import load

    cfg = BatchConfig(inputs=inputs, out_dir=out_dir, profile=load("national"), jobs=jobs)
    t0 = time.perf_counter()
    outcome = run_batch(cfg)
    seconds = time.perf_counter() - t0
    return seconds, len(outcome.reviewed), len(outcome.failed)


def main(n: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        t0 = time.perf_counter()
        inputs = make_inputs(src, n)
        kinds = {f: sum(1 for p in inputs if p.suffix == f".{f}") for f in FORMATS}
        print(f"{len(inputs)} reports generated in {time.perf_counter() - t0:.1f} s: "
              + ", ".join(f"{k} {v}" for k, v in kinds.items()))
        # Start the pool's forkserver (it imports the review code once) before timing anything, so
        # the first timed run does not pay for it alone.
        run(inputs[:1], Path(tmp) / "warm-up", 1)
        print(f"{'jobs':>4} {'reports':>8} {'failed':>7} {'seconds':>8} {'reports/min':>12}")
        results = {}
        for jobs in (1, 2):
            seconds, ok, bad = run(inputs, Path(tmp) / f"out-{jobs}", jobs)
            results[jobs] = seconds
            print(f"{jobs:>4} {ok:>8} {bad:>7} {seconds:>8.1f} {60 * ok / seconds:>12.1f}")
        print(f"speed-up 2 vs 1 process: {results[1] / results[2]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_N))
