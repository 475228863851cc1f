"""PERF-016: no score is negative or above its weight."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.perf._common import execution_score, execution_weight, shown, where
from tools.findings import Finding, Location
from tools.tolerance import fmt


@rule("PERF-016", "performance.score_bounds", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """每项指标得分应在0与该指标分值之间，预算执行率得分不超过其分值。

    Trigger: a score above its weight, or below zero, on an indicator row or on the 预算执行率.

    Why it matters: every form says a score cannot exceed the indicator's weight; a score above
    it inflates the total (严禁刻意抬高分数).

    Example: pass — 分值 10, 得分 8. fail — 分值 5, 得分 6; 得分 -1.

    Configuration: none.
    """
    for form in ctx.performance.forms:
        rows = [(where(form, i, "得分"), i.row or i.name, i.weight, i.score) for i in form.indicators]
        score, loc = execution_score(form)
        rows.append((loc or Location(table=form.title), "预算执行率", execution_weight(form), score))
        for loc, name, weight, score in rows:
            if score is None:
                continue
            if score.value < 0:
                problem, expected = "为负数", "0"
            elif weight is not None and score.value > weight.value:
                problem, expected = f"超过该指标分值{shown(weight)}", shown(weight)
            else:
                continue
            yield Finding(
                rule="PERF-016",
                severity="error",
                message=f"{form.label}“{name}”得分{shown(score)}{problem}。",
                location=loc,
                expected=expected,
                actual=shown(score),
                difference=fmt(abs(score.value - (weight.value if score.value > 0 and weight else 0)), score.decimals),
                evidence=[f"分值{shown(weight)}", f"得分{shown(score)}"],
            )
