"""PERF-008: a met indicator scored below its weight says why."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.perf._common import reason_for, scoring, shown, where
from tools.findings import Finding
from tools.performance.judge import judge


@rule("PERF-008", "performance.met_reduced", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """已完成的定量指标被扣分时，应说明扣分原因。

    Trigger: a quantitative indicator that met its target scores below its weight, no reason is
    printed for it, and the reduction is not the prescribed 偏离度 reduction (actual above target
    by at least the profile's `over_achievement`).

    Why it matters: a met target normally earns the full weight; an unexplained deduction hides
    either a problem the form does not disclose or a scoring slip.

    Example: pass — target ≥10%, actual 35.14%, score 4.90 of 5 (偏离度 reduction). warning — target
    ≥50件, actual 52件, score 8 of 10, no reason.

    Configuration: `indicators.over_achievement` in the scoring profile.
    """
    for form in ctx.performance.forms:
        prof, _, note = scoring(ctx, form)
        for ind in form.indicators:
            if ind.weight is None or ind.score is None or ind.score.value >= ind.weight.value:
                continue
            j = judge(ind)
            if j.outcome != "met" or not j.quantitative:
                continue
            if j.deviation is not None and j.deviation >= prof.indicators.over_achievement:
                continue
            if reason_for(form, ind):
                continue
            yield Finding(
                rule="PERF-008",
                severity="warning",
                message=f"{form.label}“{ind.name}”已完成（实际完成值{ind.actual.raw if ind.actual else ''}），但得分{shown(ind.score)}低于分值{shown(ind.weight)}，未说明扣分原因。",
                location=where(form, ind, "得分"),
                expected=shown(ind.weight),
                actual=shown(ind.score),
                evidence=[note],
            )
