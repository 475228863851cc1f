"""The bundled demo examples/example-review.pdf: current, read as one mixed document, every planted problem found.

The example is a factory 单位决算 with problems planted in its tables and 情况说明 and its 绩效自评表
attached as 第五部分 附件 (tests/factory/review_example.py). Each planted problem must be reported by
the right rule on the right page, and nothing else may be reported as an error or warning.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from tests.conftest import ROOT
from tests.factory.build import build_report
from tests.factory.make_examples import EXAMPLES_DIR, REVIEW_STEM, make_review
from tests.factory.perf_model import MONEY_UNEXPLAINED, UNMET_FULL, audit
from tests.factory.render_mixed_pdf import render_mixed_pdf
from tests.factory.review_example import REPORT, attached_forms, review_forms, review_report
from tools.review import review

EXAMPLE = EXAMPLES_DIR / f"{REVIEW_STEM}.pdf"

# (rule, severity, page, texts the message must contain), one line per finding; a planted problem
# may give more than one finding (a mistyped 项 breaks its 款 in two columns).
EXPECTED = [
    # 公开03表: 2012604 档案馆 mistyped in 本年支出合计 and 基本支出; 款 20126 keeps the old sums.
    ("TBL-004", "error", 5, ("20126 档案事务", "基本支出", "735.68")),
    ("TBL-004", "error", 5, ("20126 档案事务", "本年支出合计", "766.98")),
    # 四: 财政拨款收入支出总计 down 203.35万元 (10.69%), no reason given.
    ("NAR-008", "warning", 11, ("财政拨款收入、支出总计", "203.35")),
    # 三: 项目支出 up, explained only by cuts (压减…一般性支出).
    ("NAR-009", "warning", 11, ("项目支出", "相反方向", "压减")),
    # 六: 人员经费 817.18 in the text, 871.18 in 公开06表.
    ("NAR-005", "error", 12, ("人员经费", "817.18", "871.18")),
    # 五(三) 1: 行政运行 over its 年初预算 by 31.36万元, no reason given.
    ("NAR-004", "warning", 12, ("行政运行", "31.36")),
    # 五(三) 3, 6, 9: one boilerplate reason for three 项 with different gaps.
    ("NAR-009", "warning", 12, ("结合全年工作任务", "3个项目", "档案馆", "事业单位医疗")),
    # 十(一): 机关运行经费 up 337.27%, 'explained' by 工作需要.
    ("NAR-009", "warning", 13, ("机关运行经费", "工作需要", "套话")),
    # 附件, 档案执法检查和业务指导: a missed target explained by stock phrases, measure 加强管理.
    ("PERF-012", "warning", 16, ("档案执法检查和业务指导", "资金不足，宣传不足")),
    ("PERF-013", "warning", 16, ("档案执法检查和业务指导", "加强管理", "措施笼统")),
    # 附件, 馆藏档案数字化加工: 执行率 82.48% and not a word on the unspent money.
    ("PERF-005", "warning", 17, ("馆藏档案数字化加工", "82.48%")),
    # 附件, 馆藏珍贵档案修复保护: a missed target (1020 of ≥1500人次) scored 7 of 7.
    ("PERF-007", "error", 18, ("馆藏珍贵档案修复保护", "1020人次", "4.76")),
]


@pytest.fixture(scope="module")
def result():
    return review(EXAMPLE)


def _page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [p.extract_text() for p in pdf.pages]


def test_example_is_current(tmp_path: Path) -> None:
    fresh = make_review(tmp_path)
    (tmp_path / "again").mkdir()
    assert make_review(tmp_path / "again").read_bytes() == fresh.read_bytes(), "not reproducible"
    assert EXAMPLE.stat().st_size < 300_000
    if EXAMPLE.read_bytes() != fresh.read_bytes():
        # a library upgrade may change bytes but not what a reader sees
        assert _page_texts(EXAMPLE) == _page_texts(fresh), (
            f"{EXAMPLE.name} is stale: run python -m tests.factory.make_examples"
        )


def test_read_as_one_mixed_document_with_the_forms_attached(result) -> None:
    doc = result.report.document
    assert doc.kind == "mixed" and doc.pages == 18
    assert (doc.unit, doc.year) == ("明澜市北渚区档案馆", 2025)
    cov = result.report.coverage
    assert cov is not None and len(cov.tables) == 9
    assert (cov.forms, cov.summary_rows) == (3, 3)
    assert [f.project for f in result.performance.forms] == ["档案执法检查和业务指导", "馆藏档案数字化加工",
                                                              "馆藏珍贵档案修复保护"]
    assert [f.page for f in result.performance.forms] == [16, 17, 18]


def test_every_planted_problem_is_found_on_its_page_and_nothing_else(result) -> None:
    got = [f for f in result.report.findings if f.severity in ("error", "warning")]
    shown = "\n".join(f"{f.rule} {f.severity} p{f.location.page} {f.message}" for f in got)
    assert len(got) == len(EXPECTED), shown
    unmatched = list(got)
    for rule, severity, page, texts in EXPECTED:
        hit = next((f for f in unmatched if (f.rule, f.severity, f.location.page) == (rule, severity, page)
                    and all(t in f.message for t in texts)), None)
        assert hit is not None, f"no {rule} {severity} on page {page} saying {texts}:\n{shown}"
        unmatched.remove(hit)
    summary = result.report.summary
    assert (summary.error, summary.warning) == (4, 8)


def test_findings_point_at_cells_rows_and_sentences(result) -> None:
    by_rule = {}
    for f in result.report.findings:
        by_rule.setdefault(f.rule, []).append(f)
    typo = by_rule["TBL-004"][0]
    assert typo.location.table == "支出决算表" and typo.location.bbox is not None
    assert (typo.actual, typo.expected) in (("737.48", "735.68"), ("768.78", "766.98"))
    [people] = by_rule["NAR-005"]
    assert (people.actual, people.expected) == ("817.18", "871.18")
    assert people.related and people.related[0].page == 9  # the 公开06表 人员经费合计 cell
    reuse = next(f for f in by_rule["NAR-009"] if "3个项目" in f.message)
    assert len(reuse.related) == 2
    [full] = by_rule["PERF-007"]
    assert full.location.row is not None and full.location.row.endswith("受理咨询服务人次")


def test_every_finding_comes_from_a_plant(tmp_path: Path) -> None:
    """The same report and forms without the plants review clean; the factory audit sees the form plants."""
    report = build_report(**REPORT)
    path = render_mixed_pdf(report, attached_forms(report), tmp_path / "clean.pdf")
    noise = [f"{f.rule} {f.message}" for f in review(path).report.findings if f.severity in ("error", "warning")]
    assert noise == []
    families = sorted(f.family for f in audit(review_forms(review_report())))
    assert families == sorted([MONEY_UNEXPLAINED, UNMET_FULL])


def test_cli_exits_1_and_prints_no_traceback() -> None:
    proc = subprocess.run([sys.executable, "-m", "agent.cli", "review", str(EXAMPLE.relative_to(ROOT))],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert "错误 4 条，警告 8 条" in proc.stdout
    assert "PERF-007" in proc.stdout and "NAR-009" in proc.stdout
