"""PERF-007: an unmet quantitative indicator scores below its weight, at most in proportion."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from tools.checks.base import Context, rule
from tools.checks.perf._common import scoring, shown, where
from tools.findings import Finding
from tools.performance.judge import judge
from tools.tolerance import fmt, half_unit


@rule("PERF-007", "performance.unmet_score", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """未完成的定量指标得分应低于分值，且不超过按完成比例计算的分数（正向：实际÷目标×分值；反向：目标÷实际×分值）。

    Trigger: a quantitative indicator whose printed actual misses its printed target (comparator
    aware: ≥, ≤, =, ranges, plain targets as minimums, 成本 as maximums, deadlines) and whose
    score is the full weight, or exceeds weight × completion ratio by more than half a unit of the
    score's last digit. A missed deadline has no ratio: only a full score is flagged, and as a
    warning when the target date has no printed bound ('前'/'之前'), since it may be a start date.

    Why it matters: the forms and 财预〔2020〕10号 score an unmet quantitative target in proportion;
    a full or rounded-up score on a missed target is the inflation the rules forbid.

    Example: pass — target ≥136件, actual 0, weight 5, score 0. fail — target 50, actual 50.596 on a
    成本指标, weight 10, score 10; target ≥90%, actual 80%, weight 10, score 9.5 (bound 8.89).

    Configuration: none (proportional scoring is common to every profile).
    """
    for form in ctx.performance.forms:
        _, _, note = scoring(ctx, form)
        for ind in form.indicators:
            if ind.weight is None or ind.score is None:
                continue
            j = judge(ind)
            if j.outcome != "unmet" or not j.quantitative:
                continue
            weight, score = ind.weight.value, ind.score.value
            if j.direction == "deadline":
                if score < weight:
                    continue
                sev = "error" if ind.target and ind.target.comparator else "warning"
                bound, why = weight, "实际完成时间晚于指标值"
            else:
                ratio = max(j.ratio or Decimal(0), Decimal(0))
                bound = min(weight * ratio, weight)
                if score < weight and score <= bound + half_unit(ind.score.decimals):
                    continue
                sev = "error"
                why = f"按完成比例最多得{fmt(bound, 2)}分" if bound < weight else "未完成指标得分应低于分值"
            yield Finding(
                rule="PERF-007",
                severity=sev,
                message=(
                    f"{form.label}“{ind.name}”未完成（指标值{ind.target.raw if ind.target else ''}，"
                    f"实际完成值{ind.actual.raw if ind.actual else ''}），得分{shown(ind.score)}，{why}。"
                ),
                location=where(form, ind, "得分"),
                expected=f"<{shown(ind.weight)}" if bound >= weight else f"≤{fmt(bound, 2)}",
                actual=shown(ind.score),
                evidence=[f"分值{shown(ind.weight)}", note],
            )
