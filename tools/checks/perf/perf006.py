"""PERF-006: every indicator states its actual value, as a number when the target is one."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.perf._common import where
from tools.findings import Finding
from tools.performance.judge import judge


@rule("PERF-006", "performance.actual_value", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """每个指标都应填写实际完成值；定量指标应填写与指标值同单位的具体数值，而不是“达成预期指标”之类文字。

    Trigger: a target is printed but the 实际完成值 is blank (error); a numeric target whose actual
    is only words such as '完成' or '达成预期指标' (error); a numeric actual in another unit than the
    target, e.g. 场 against 人次 (warning).

    Why it matters: without a comparable actual value nobody can tell whether the target was met,
    so the score cannot be checked (财办预〔2016〕123号 asks for the value and its unit).

    Example: pass — 指标值 ≥50人次, 实际完成值 62人次. fail — 指标值 ≥95%, 实际完成值 '达成预期指标'.

    Configuration: none.
    """
    for form in ctx.performance.forms:
        for ind in form.indicators:
            j = judge(ind)
            if j.problem is None:
                continue
            unit_issue = "单位" in j.problem
            yield Finding(
                rule="PERF-006",
                severity="warning" if unit_issue else "error",
                message=f"{form.label}“{ind.name}”{j.problem}（指标值{ind.target.raw if ind.target else '空白'}）。",
                location=where(form, ind, "实际完成值"),
                expected=ind.target.raw if ind.target else None,
                actual=ind.actual.raw if ind.actual else "空白",
            )
