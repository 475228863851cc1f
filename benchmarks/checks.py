"""Benchmark: what extraction + the rule catalog add to ingestion time, per report.

Run: python benchmarks/checks.py [--forms] [FILE ...]   (default: the PDFs in ../shared/corpus)
`--forms` adds synthetic 绩效自评表 sets from the test factory (both layouts, forms running over
two pages), rendered to PDF in a temporary directory.
Baseline is ingestion alone, measured in the same run; the figure of merit is
(ingest + extract + checks) ÷ ingest, best of REPEATS each. The target is ≤ 1.10.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.ingest import ingest
from tools.profiles import load
from tools.review import check_all

SHARED = ROOT.parent / "shared"
REPEATS = 3


def _best(fn) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main(paths: list[Path]) -> int:
    profile = load()
    ratios = []
    print(
        f"{'file':<58} {'pages':>5} {'ingest s':>9} {'checks s':>9} {'findings':>8} {'ratio':>6}"
    )
    for path in paths:
        t_ingest, doc = _best(lambda p=path: ingest(p))
        t_checks, checked = _best(lambda d=doc: check_all(d, profile))
        findings = checked.findings  # type: ignore[attr-defined]
        ratio = (t_ingest + t_checks) / t_ingest
        ratios.append(ratio)
        print(
            f"{path.name[:58]:<58} {len(doc.pages):>5} {t_ingest:>9.3f} {t_checks:>9.3f} {len(findings):>8} {ratio:>6.3f}"
        )
    print(
        f"median ratio (ingest+checks)/ingest: {statistics.median(ratios):.3f}; max {max(ratios):.3f}"
    )
    return 0


def _form_pdfs(outdir: Path) -> list[Path]:
    from tests.factory.perf_build import build_forms
    from tests.factory.perf_render_pdf import render_forms_pdf

    paths = []
    for layout in ("2020", "2024"):
        for seed in (1, 2):
            fs = build_forms(seed, layout, n_forms=4, many=True)
            paths.append(render_forms_pdf(fs, outdir / f"forms-{layout}-{seed}.pdf").path)
    return paths


if __name__ == "__main__":
    import tempfile

    argv = sys.argv[1:]
    forms = "--forms" in argv
    args = [Path(a) for a in argv if a != "--forms"]
    if not args and not forms:
        args = sorted((SHARED / "corpus").glob("*.pdf"))
        if not args:
            sys.exit("benchmarks/checks.py：未找到 ../shared/corpus，请指定要测的文件")
    with tempfile.TemporaryDirectory() as tmp:
        sys.exit(main(args + (_form_pdfs(Path(tmp)) if forms else [])))
