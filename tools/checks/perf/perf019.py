"""PERF-019: 完成 / 未完成 agrees with the printed actual and target."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.perf._common import where
from tools.findings import Finding
from tools.performance.judge import judge


@rule("PERF-019", "performance.status", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """单项指标完成情况应与实际完成值一致：实际完成值达到指标值才能填“完成”，否则填“未完成”。

    Trigger: an indicator marked 完成 whose printed actual misses the printed target (error), or
    marked 未完成 whose actual reaches it (warning: possibly a target the actual met only on paper).
    Only forms with a 单项指标完成情况 column are checked.

    Why it matters: the 2024 form notes say exactly this; 完成 on a missed target carries a full
    score into the total.

    Example: pass — ≥10.00%, actual 10.58, 完成; ≥10.00%, actual -6.11, 未完成. fail — ≥90%, actual
    85%, 完成.

    Configuration: none.
    """
    for form in ctx.performance.forms:
        for ind in form.indicators:
            if ind.status is None:
                continue
            j = judge(ind)
            if ind.status == "完成" and j.outcome == "unmet":
                sev, want = "error", "未完成"
            elif ind.status == "未完成" and j.outcome == "met":
                sev, want = "warning", "完成"
            else:
                continue
            yield Finding(
                rule="PERF-019",
                severity=sev,
                message=(
                    f"{form.label}“{ind.name}”实际完成值{ind.actual.raw if ind.actual else ''}"
                    f"{'未达到' if want == '未完成' else '已达到'}指标值{ind.target.raw if ind.target else ''}，"
                    f"完成情况却填为“{ind.status}”。"
                ),
                location=where(form, ind, "单项指标完成情况"),
                expected=want,
                actual=ind.status,
            )
