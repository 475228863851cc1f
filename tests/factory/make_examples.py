"""Regenerate examples/example-final-accounts.{pdf,docx,xlsx,txt} and example-self-evaluation.pdf (python -m tests.factory.make_examples)."""

from __future__ import annotations

import sys
from pathlib import Path

from .build import build_report
from .model import Report
from .perf_build import build_forms
from .perf_mutations import MUTATIONS
from .perf_render_pdf import render_forms_pdf
from .render_docx import render_docx
from .render_pdf import render_pdf
from .render_text import render_text
from .render_xlsx import render_xlsx

STEM = "example-final-accounts"
# Seed 37 gives a unit with a car purchase and an overseas trip, so every 三公 line has data;
# with rows=12 公开03表 starts low on a page and continues (as does 公开06表), in 14 pages
# (第四部分 名词解释 runs onto the last one).
EXAMPLE = {"seed": 37, "rows": 12}
EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"


def example_report() -> Report:
    return build_report(**EXAMPLE)


FORMS_STEM = "example-self-evaluation"
# A 2020-layout set of three forms and its 汇总表 with one planted error a reviewer should see:
# an indicator that missed its target still scored full marks (PERF-007).
FORMS_EXAMPLE = {"seed": 4, "layout": "2020"}


def example_forms():
    mutated, _ = MUTATIONS["unmet_scored_full"](build_forms(**FORMS_EXAMPLE))
    return mutated


def make(outdir: Path = EXAMPLES_DIR) -> dict[str, Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    report = example_report()
    return {
        "pdf": render_pdf(report, outdir / f"{STEM}.pdf"),
        "docx": render_docx(report, outdir / f"{STEM}.docx"),
        "xlsx": render_xlsx(report, outdir / f"{STEM}.xlsx"),
        "txt": render_text(report, outdir / f"{STEM}.txt"),
        "forms-pdf": render_forms_pdf(example_forms(), outdir / f"{FORMS_STEM}.pdf").path,
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    outdir = Path(args[0]) if args else EXAMPLES_DIR
    for fmt, path in make(outdir).items():
        print(f"{fmt}\t{path}\t{path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
