"""PERF-009: a target exceeded by 30% or more with full marks and no explanation."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.perf._common import reason_for, scoring, shown, where
from tools.findings import Finding
from tools.performance.judge import judge
from tools.tolerance import fmt


@rule("PERF-009", "performance.over_achievement", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """实际完成值超过指标值达到偏离度阈值（默认30%）却得满分且未说明原因时，提示指标值设定偏低，应按偏离度调减。

    Trigger: a positive quantitative indicator (≥ or a plain minimum) whose actual exceeds the
    target by at least `over_achievement` percent of the target, scored at its full weight, with no
    reason printed for it. Reverse indicators (costs, error rates) are not judged this way: coming in
    under a ceiling is not a target set too low.

    Why it matters: 财预〔2020〕10号 and the 2024 form notes ask to reduce the score when the target
    was set so low that it was far exceeded; a full score rewards a soft target.

    Example: pass — target ≥10%, actual 10.58%, full score; target ≥10%, actual 35.14%, score 4.90 of 5.
    warning — target ≥50件, actual 244, full score, no 偏差原因.

    Configuration: `indicators.over_achievement` in the scoring profile (default 30).
    """
    for form in ctx.performance.forms:
        prof, _, note = scoring(ctx, form)
        theta = prof.indicators.over_achievement
        for ind in form.indicators:
            if ind.weight is None or ind.score is None or ind.score.value < ind.weight.value:
                continue
            j = judge(ind)
            if j.direction != "positive" or j.deviation is None or j.deviation < theta:
                continue
            if reason_for(form, ind):
                continue
            yield Finding(
                rule="PERF-009",
                severity="warning",
                message=(
                    f"{form.label}“{ind.name}”实际完成值{ind.actual.raw if ind.actual else ''}超过指标值"
                    f"{ind.target.raw if ind.target else ''}达{fmt(j.deviation, 2)}%，仍得满分{shown(ind.score)}且未说明原因，"
                    f"指标值可能设定偏低，应按偏离度调减得分。"
                ),
                location=where(form, ind, "得分"),
                expected=f"<{shown(ind.weight)}或说明偏差原因",
                actual=shown(ind.score),
                difference=f"{fmt(j.deviation, 2)}%",
                evidence=[note],
            )
