"""PERF-005: low execution and budget adjustments are explained."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.perf._common import HUNDRED, budget_line, clean, scoring, shown
from tools.findings import Finding
from tools.performance.model import SelfEvaluationForm
from tools.tolerance import fmt

# Words that tie a text to money rather than to an output indicator.
_MONEY = re.compile(r"资金|预算|执行|结转|结余|支出|拨付|调整|调减|调增|追加|收回|未支付|未拨")


def money_reason(form: SelfEvaluationForm) -> str | None:
    """A text of the form that talks about the money: the 问题 block or an indicator's reason."""
    texts = [form.problems or ""] + [i.reason or "" for i in form.indicators]
    return next((t for t in texts if clean(t) and _MONEY.search(t)), None)


@rule("PERF-005", "performance.execution_reason", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """预算执行率低于90%或全年预算数与年初预算数不同时，应说明原因。

    Trigger: 全年执行数 ÷ 全年预算数 below `execution.reason_below`, or 全年预算数 ≠ 年初预算数, and no
    text of the form (问题/原因 block, any 未完成原因分析 cell) speaks about the money (资金, 预算,
    执行, 结转, 调整…).

    Why it matters: unspent or re-budgeted money is what a reviewer asks about first; a form that
    scores the shortfall without saying why gives nothing to act on.

    Example: pass — rate 96%, 年初 = 全年. warning — rate 24.4% and no reason; 年初 17.98 adjusted to
    全年 15.5 without a word.

    Configuration: `execution.reason_below` in the scoring profile (default 90).
    """
    for form in ctx.performance.forms:
        line = budget_line(form)
        if line is None or line.budget is None:
            continue
        if money_reason(form):
            continue
        prof, _, note = scoring(ctx, form)
        if line.budget.value > 0 and line.executed is not None:
            rate = line.executed.value * HUNDRED / line.budget.value
            if rate < prof.execution.reason_below:
                yield Finding(
                    rule="PERF-005",
                    severity="warning",
                    message=f"{form.label}预算执行率{fmt(rate, 2)}%，低于{prof.execution.reason_below}%，表内未说明资金未执行的原因。",
                    location=line.location("执行率"),
                    expected=f"≥{prof.execution.reason_below}%或说明原因",
                    actual=f"{fmt(rate, 2)}%",
                    evidence=[f"全年预算数 {shown(line.budget)}", f"全年执行数 {shown(line.executed)}", note],
                )
        if line.initial is not None and line.initial.value != line.budget.value:
            yield Finding(
                rule="PERF-005",
                severity="warning",
                message=f"{form.label}全年预算数{shown(line.budget)}与年初预算数{shown(line.initial)}不同，表内未说明预算调整的原因。",
                location=line.location("全年预算数"),
                expected=shown(line.initial),
                actual=shown(line.budget),
                evidence=[f"年初预算数 {shown(line.initial)}", f"全年预算数 {shown(line.budget)}"],
            )
