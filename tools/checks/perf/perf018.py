"""PERF-018: more executed than budgeted."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.perf._common import budget_line, shown
from tools.findings import Finding
from tools.tolerance import fmt


@rule("PERF-018", "performance.over_execution", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """全年执行数超过全年预算数时提示：超预算支出需有依据。

    Trigger: 全年执行数 > 全年预算数 on the total row (or the only row with money).

    Why it matters: spending above the adjusted budget needs an approved adjustment; forms often
    hide it by printing the rate as 100%.

    Example: pass — 预算 50, 执行 50. warning — 预算 50, 执行 50.596 (rate printed 100%).

    Configuration: none.
    """
    for form in ctx.performance.forms:
        line = budget_line(form)
        if line is None or line.budget is None or line.executed is None:
            continue
        if line.executed.value <= line.budget.value:
            continue
        gap = line.executed.value - line.budget.value
        decimals = max(line.executed.decimals, line.budget.decimals)
        yield Finding(
            rule="PERF-018",
            severity="warning",
            message=f"{form.label}全年执行数{shown(line.executed)}超过全年预算数{shown(line.budget)}，超出{fmt(gap, decimals)}，需说明超预算支出的依据。",
            location=line.location("全年执行数"),
            expected=f"≤{shown(line.budget)}",
            actual=shown(line.executed),
            difference=fmt(gap, decimals),
        )
