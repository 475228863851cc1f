"""PERF-017: the 预算执行率 score follows the form's scoring rule."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from tools.checks.base import Context, rule
from tools.checks.perf._common import (
    HUNDRED,
    budget_line,
    execution_score,
    execution_weight,
    scoring,
    shown,
)
from tools.findings import Finding
from tools.performance.scoring import ScoringProfile
from tools.tolerance import Interval, compare, fmt, ratio


def expected_score(prof: ScoringProfile, rate: Interval, point: Decimal, weight: Decimal) -> tuple[Decimal, Interval]:
    """(score on the printed amounts, interval of scores the true amounts allow)."""
    def one(r: Decimal) -> Decimal:
        if prof.execution.mode == "threshold" and r >= prof.execution.threshold:
            return weight
        return min(r, HUNDRED) * weight / HUNDRED

    return one(point), Interval(one(rate.lo), one(rate.hi))


@rule("PERF-017", "performance.execution_score", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """预算执行率得分应按评分规则由全年执行数÷全年预算数计算：线性为执行率×分值（不超过分值），门槛制为执行率≥门槛得满分、否则执行率×分值。

    Trigger: the printed 执行率得分 differs from the score the scoring profile gives for the
    recomputed rate, beyond what the rounding of the amounts and of the printed score explains.
    Error when the form's own notes chose the scoring profile; warning when the default profile was
    assumed because the form prints no scoring notes.

    Why it matters: the notes on the forms fix this score mechanically; a score computed on the
    wrong base or rounded up is an unearned or lost point in the total.

    Example: pass — rate 24.4%, weight 10, score 2.4 (linear). fail — 全年预算 15.5, 执行 15.5,
    score 8.6 instead of 10.

    Configuration: `execution.mode` (linear | threshold) and `execution.threshold` in the scoring profile.
    """
    for form in ctx.performance.forms:
        line = budget_line(form)
        score, loc = execution_score(form)
        weight = execution_weight(form)
        if line is None or score is None or loc is None or weight is None or line.budget is None:
            continue
        if line.budget.value == 0:
            continue
        executed = line.executed.value if line.executed is not None else Decimal(0)
        rate_iv = ratio(Interval.of(line.executed), Interval.of(line.budget))
        if rate_iv is None:
            continue
        prof, evidence, note = scoring(ctx, form)
        point, iv = expected_score(prof, rate_iv, executed * HUNDRED / line.budget.value, weight.value)
        verdict = compare(score, point, iv)
        if verdict == "equal":
            continue
        if verdict == "rounding":
            sev = "info"
        else:
            sev = "error" if evidence else "warning"
        rate = fmt(executed * HUNDRED / line.budget.value, 2)
        yield Finding(
            rule="PERF-017",
            severity=sev,
            message=(
                f"{form.label}预算执行率得分为{shown(score)}，按执行率{rate}%（{shown(line.executed)}÷{shown(line.budget)}）"
                f"和评分规则应为{fmt(point, score.decimals)}"
                + ("，在四舍五入误差范围内。" if sev == "info" else "。")
            ),
            location=loc,
            expected=fmt(point, score.decimals),
            actual=shown(score),
            difference=fmt(abs(score.value - point), score.decimals),
            evidence=[note, f"分值{shown(weight)}"],
        )
