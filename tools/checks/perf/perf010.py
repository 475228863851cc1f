"""PERF-010: a qualitative indicator's score lies in the band its achievement calls for."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.perf._common import HUNDRED, scoring, shown, where
from tools.findings import Finding
from tools.performance.judge import judge
from tools.tolerance import fmt


@rule("PERF-010", "performance.qualitative_band", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """定性指标得分应落在与完成情况相符的档次：达成、部分达成、未达成分别对应评分规则规定的分值比例区间。

    Trigger: a qualitative indicator whose actual text states the target as achieved (the same
    words as the target, or the target's words inside it) scored below the 达成 band; or whose actual
    says it was not achieved (未, 尚未, 部分, 不足…) scored inside the 达成 band. Indicators whose
    text does not show either way are not judged.

    Why it matters: the form notes fix the bands (e.g. 100-81% / 80-51% / 50-0% of the weight); a
    score outside the band of the stated result means the text or the score is wrong.

    Example: pass — '有效促进' / '有效促进', 10 of 10. fail — target '更加规范', actual '更加规范', 5 of 10
    (50% lies in the 未达成 band).

    Configuration: `qualitative` bands in the scoring profile (chosen from the form's notes).
    """
    for form in ctx.performance.forms:
        prof, evidence, note = scoring(ctx, form)
        if not prof.qualitative:
            continue
        top = prof.qualitative[0]
        for ind in form.indicators:
            if ind.weight is None or ind.score is None or ind.weight.value == 0:
                continue
            j = judge(ind)
            if j.direction != "qualitative" or j.outcome == "unknown":
                continue
            share = ind.score.value * HUNDRED / ind.weight.value
            band = prof.band_of(share)
            if j.outcome == "met" and share < top.min:
                said, want = "实际完成情况与指标值一致（达成）", f"{top.grade}档（≥{top.min}%）"
            elif j.outcome == "unmet" and share >= top.min:
                said, want = "实际完成情况表明未完全达成", f"低于{top.min}%的档次"
            else:
                continue
            yield Finding(
                rule="PERF-010",
                severity="error" if evidence else "warning",
                message=(
                    f"{form.label}定性指标“{ind.name}”{said}（指标值{ind.target.raw if ind.target else ''}，实际"
                    f"{ind.actual.raw if ind.actual else ''}），得分{shown(ind.score)}为分值的{fmt(share, 0)}%，"
                    f"属于{band}档，应为{want}。"
                ),
                location=where(form, ind, "得分"),
                expected=want,
                actual=f"{shown(ind.score)}（{fmt(share, 0)}%）",
                evidence=[note],
            )
