"""PERF-004: the printed execution rate is 全年执行数 ÷ 全年预算数."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from tools.accounts.model import Num
from tools.checks.base import Context, rule
from tools.checks.perf._common import HUNDRED, budget_line, shown
from tools.findings import Finding, Location
from tools.performance.model import SelfEvaluationForm
from tools.tolerance import compare_pct, fmt, total


def printed_rate(form: SelfEvaluationForm) -> tuple[Num | None, str | None, Location | None]:
    """(rate in percent, text as printed, where) from the 资金 block or the 预算执行进度 field."""
    line = budget_line(form)
    if line is not None and line.rate is not None:
        rate, raw = line.rate, line.rate_raw or line.rate.raw
        # '1.00' or '0.86' without a % sign is a ratio, not 1% or 0.86%.
        if "%" not in (raw or "") and rate.value <= Decimal("1.5"):
            rate = Num(value=rate.value * HUNDRED, decimals=max(0, rate.decimals - 2), raw=rate.raw)
        return rate, raw, line.location("执行率")
    if form.execution is not None and form.execution.progress is not None:
        p = form.execution.progress
        return p, p.raw, form.execution.location("预算执行进度")
    return None, None, None


@rule("PERF-004", "performance.execution_rate", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """预算执行率应等于全年执行数除以全年预算数（调整后预算数），而不是年初预算数。

    Trigger: the printed 执行率 / 预算执行进度 differs from 全年执行数 ÷ 全年预算数 at its printed
    precision, beyond what the rounding of the amounts explains. When the printed rate equals
    执行数 ÷ 年初预算数 instead, the message says the wrong base was used. A rate above 100% printed
    as 100% is accepted here (PERF-018 reports the overspending).

    Why it matters: the rate decides a tenth of the score; computing it on 年初预算 after the budget
    was adjusted (or printing '10' for 100%) changes the score and misstates execution.

    Example: pass — 执行 2.2 ÷ 全年预算 9 = 24.4%, printed 24%. fail — 全年预算 15.5, 执行 15.5, printed
    86% (= 15.5 ÷ 年初预算 17.98).

    Configuration: none. A form without a budget amount, or without a printed rate, is not checked.
    """
    for form in ctx.performance.forms:
        line = budget_line(form)
        rate, raw, loc = printed_rate(form)
        if line is None or rate is None or loc is None or line.budget is None or line.budget.value == 0:
            continue
        executed = total([line.executed])
        verdict = compare_pct(rate, executed, total([line.budget]))
        point = executed[0] * HUNDRED / line.budget.value
        if verdict in (None, "equal", "rounding") or (point > HUNDRED and rate.value == HUNDRED):
            continue
        sev = "warning" if verdict == "off_by_one" else "error"
        why = ""
        initial = line.initial
        if (
            initial is not None
            and initial.value not in (0, line.budget.value)
            and compare_pct(rate, executed, total([initial])) in ("equal", "rounding")
        ):
            why = f"，印出的执行率与按年初预算数{shown(line.initial)}计算的结果一致，计算基数有误"
        expected = f"{fmt(point, rate.decimals)}%"
        yield Finding(
            rule="PERF-004",
            severity=sev,
            message=(
                f"{form.label}执行率印为“{raw}”，按全年执行数{shown(line.executed)}÷全年预算数{shown(line.budget)}"
                f"重算为{expected}{why}。"
            ),
            location=loc,
            expected=expected,
            actual=raw,
            difference=fmt(abs(rate.value - point), rate.decimals),
            evidence=[
                f"年初预算数 {shown(line.initial)}",
                f"全年预算数 {shown(line.budget)}",
                f"全年执行数 {shown(line.executed)}",
            ],
        )
