"""PERF-015: the 总分 of a 绩效自评表 is the sum of the indicator scores."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule, sum_check
from tools.checks.perf._common import execution_score, form_location
from tools.findings import Finding
from tools.tolerance import score_interval


@rule("PERF-015", "performance.score_total", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """绩效自评表的自评总分应等于各项指标得分与预算执行率得分之和。

    Trigger: the printed 总分 / 自评总分 differs from the sum of the printed scores (indicators
    plus 预算执行率) by more than the rounding of the scores printed with decimals (a whole score
    such as '10' is exact). A gap rounding explains is info.

    Why it matters: the 总分 decides the grade, goes into the 汇总表 and the 决算 text; a total
    that the scores do not make up is either a typing error or a score left out.

    Example: pass — scores 40 + 30 + 15 + 2.4 = 87.4 and 总分 87.4. fail — scores add up to 90
    while 总分 reads 100; whole scores adding up to 100 under a 总分 of 98.50.

    Configuration: none. A form without a printed total, or without any score, is not checked.
    """
    for form in ctx.performance.forms:
        scored = [i for i in form.indicators if i.score is not None]
        if form.total_score is None or not scored:
            continue
        exec_score, _ = execution_score(form)
        parts = [(i.row or i.name, i.score) for i in scored] + [("预算执行率得分", exec_score)]
        yield from sum_check(
            "PERF-015",
            "error",
            subject=f"{form.label}总分",
            stated=form.total_score,
            parts=parts,
            location=form_location(form, "得分"),
            what="得分之和",
            interval=score_interval,
        )
