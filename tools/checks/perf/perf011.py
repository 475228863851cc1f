"""PERF-011: an unmet indicator states why it was not met."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.perf._common import reason_for, where
from tools.findings import Finding
from tools.performance.judge import judge


@rule("PERF-011", "performance.unmet_reason", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """未完成的指标（或标为“未完成”的指标）应填写偏差原因分析及改进措施。

    Trigger: an indicator that misses its target by the printed values, or is marked 未完成, has an
    empty reason cell and is not named in the form's 存在问题/原因及整改措施 text. A date target
    without '前'/'之前' that the actual date passed is a warning: it may be a start date.

    Why it matters: the form notes require 未完成原因分析 for every deviation; an unexplained miss
    gives the 主管部门 nothing to act on and hides whether the money was wasted.

    Example: pass — 实用新型授权 0 of 136件, reason '政策调整后不再奖励'. fail — 成本 50.596 against
    50, score 8 of 10, reason cell empty.

    Configuration: none.
    """
    for form in ctx.performance.forms:
        for ind in form.indicators:
            j = judge(ind)
            unmet = ind.status == "未完成" or j.outcome == "unmet"
            if not unmet or reason_for(form, ind):
                continue
            # A date target without '前/之前' may be a start date: the miss is only likely.
            loose = j.direction == "deadline" and not (ind.target and ind.target.comparator) and ind.status is None
            yield Finding(
                rule="PERF-011",
                severity="warning" if loose else "error",
                message=(
                    f"{form.label}“{ind.name}”未完成（指标值{ind.target.raw if ind.target else ''}，"
                    f"实际完成值{ind.actual.raw if ind.actual else ''}），未填写偏差原因及改进措施。"
                ),
                location=where(form, ind, "未完成原因分析"),
                expected="偏差原因及改进措施",
                actual="空白",
            )
