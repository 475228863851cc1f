"""Regenerate the bundled examples (python -m tests.factory.make_examples).

examples/example-final-accounts.{pdf,docx,xlsx,txt}: a clean 决算公开 report; example-self-evaluation.pdf:
绩效自评表 with one planted error; example-review.pdf: a 单位决算 full of planted problems with its
自评表 attached (the README's demo).
"""

from __future__ import annotations

import sys
from pathlib import Path

from .build import build_report
from .model import Report
from .perf_build import build_forms
from .perf_mutations import MUTATIONS
from .perf_render_pdf import render_forms_pdf
from .render_docx import render_docx
from .render_mixed_pdf import render_mixed_pdf
from .render_pdf import render_pdf
from .render_text import render_text
from .render_xlsx import render_xlsx
from .review_example import review_forms, review_report

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


REVIEW_STEM = "example-review"
# Planted problems and the findings they give: tests/factory/review_example.py, tests/test_review_example.py.


def make_review(outdir: Path = EXAMPLES_DIR) -> Path:
    report = review_report()
    return render_mixed_pdf(report, review_forms(report), outdir / f"{REVIEW_STEM}.pdf")


def make(outdir: Path = EXAMPLES_DIR) -> dict[str, Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    report = example_report()
    return {
        "pdf": render_pdf(report, outdir / f"{STEM}.pdf"),
        "docx": render_docx(report, outdir / f"{STEM}.docx"),
        "xlsx": render_xlsx(report, outdir / f"{STEM}.xlsx"),
        "txt": render_text(report, outdir / f"{STEM}.txt"),
        "forms-pdf": render_forms_pdf(example_forms(), outdir / f"{FORMS_STEM}.pdf").path,
        "review-pdf": make_review(outdir),
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    outdir = Path(args[0]) if args else EXAMPLES_DIR
    for fmt, path in make(outdir).items():
        print(f"{fmt}\t{path}\t{path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
