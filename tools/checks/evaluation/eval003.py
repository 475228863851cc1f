"""EVAL-003: the total score the report states equals its score table, and the grade matches it."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from tools.accounts.model import Num
from tools.checks.base import Context, related, rule
from tools.checks.evaluation._common import framework, label, score_of, shown
from tools.findings import Finding
from tools.performance.model import ScoreStatement
from tools.performance.scoring import AUTO, DEFAULT_SCORING, load_scoring
from tools.tolerance import fmt

_TOTAL_SUBJECTS = ("总体", "总分", "综合", "总得分", "整体", "最终")


def is_total(st: ScoreStatement) -> bool:
    return any(w in st.subject for w in _TOTAL_SUBJECTS)


@rule("EVAL-003", "evaluation.total_and_grade", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """评价报告正文中的总分应等于评分表的总得分（各处表述一致），评价等级应与总分相符。

    Trigger: a total score stated in the text (综合评价结论, 总体得分) differs from the score
    table's total (its 总分 row, else the sum of the 一级指标 scores); without a table, two stated
    totals differ from each other; a stated grade is not the grade of its score (优 ≥ 90, 良 80–90,
    中 60–80, 差 < 60).

    Why it matters: "评分与评级相符" is a basic quality criterion; a report that says 97 in its
    conclusion, 92 in its analysis and 95 in its table has no reliable result.

    Example: pass — text 95 分、优, table 95. fail — text 97 and 92, table 95.

    Configuration: grade bands of the review profile's scoring profile (default national).
    """
    name = ctx.profile.scoring if ctx.profile.scoring != AUTO else DEFAULT_SCORING
    grades = load_scoring(name)
    for report in ctx.performance.reports:
        table = framework(report)
        truth, where = None, None
        if table is not None:
            roots = [i for i in table.items if i.level == 1]
            if table.total_score is not None:
                truth = table.total_score
            elif roots and all(score_of(table, r) is not None for r in roots):
                scores = [s for s in (score_of(table, r) for r in roots) if s is not None]
                truth = Num(value=sum((s.value for s in scores), Decimal(0)), decimals=max(s.decimals for s in scores))
            where = (table.total or table).location("得分")
        totals = [s for s in report.statements if is_total(s) and s.score is not None]
        if truth is None and totals:
            truth, where = totals[0].score, totals[0].location()
            totals = totals[1:]
        for st in totals:
            assert st.score is not None and truth is not None
            if st.score.value == truth.value:
                continue
            yield Finding(
                rule="EVAL-003",
                severity="error",
                message=f"{label(report)}正文称总体得分{shown(st.score)}分，但评分表总得分为{shown(truth)}分。",
                location=st.location(),
                expected=shown(truth),
                actual=shown(st.score),
                difference=fmt(abs(st.score.value - truth.value), max(st.score.decimals, truth.decimals)),
                evidence=[st.sentence],
                related=[related(where)] if where is not None else [],
            )
        for st in report.statements:
            if st.grade is None or st.score is None:
                continue
            want = grades.grade_of(st.score.value)
            if want is None or want == st.grade:
                continue
            yield Finding(
                rule="EVAL-003",
                severity="error",
                message=f"{label(report)}得分{shown(st.score)}分对应等级应为“{want}”，报告写为“{st.grade}”。",
                location=st.location(),
                expected=want,
                actual=st.grade,
                evidence=[st.sentence],
            )
