"""PERF-001: the weights of a 绩效自评表 add up to 100."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from tools.checks.base import Context, rule
from tools.checks.perf._common import execution_weight, form_location, shown
from tools.findings import Finding
from tools.tolerance import fmt

FULL = Decimal(100)


@rule("PERF-001", "performance.weights_total", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """绩效自评表各项指标分值与预算执行率分值之和应为100分，并等于总分行印出的分值。

    Trigger: the weights of all indicators plus the weight of 预算执行率 differ from 100, or from
    the weight printed on the 总分 row. Forms without any printed weight are not checked.

    Why it matters: the notes on every form version say the weights add up to 100; a form whose
    weights add up to 90 but whose 总分 reads 100 has lost or never had an indicator, and its
    score is not comparable with other projects.

    Example: pass — 三级指标 5+5+…=90, 执行率 10, 总分行 100. fail — indicator weights 80 and
    执行率 10 add up to 90 while the 总分 row prints 100.

    Configuration: none (100 is fixed by 财预〔2020〕10号 and every form's notes).
    """
    for form in ctx.performance.forms:
        weights = [i.weight for i in form.indicators if i.weight is not None]
        if not weights:
            continue
        exec_w = execution_weight(form)
        parts = sum((w.value for w in weights), Decimal(0))
        total = parts + (exec_w.value if exec_w is not None else Decimal(0))
        printed = form.total_weight
        if total == FULL and (printed is None or printed.value == FULL):
            continue
        decimals = max([w.decimals for w in weights] + [0])
        said = f"，总分行分值为{shown(printed)}" if printed is not None else ""
        yield Finding(
            rule="PERF-001",
            severity="error",
            message=(
                f"{form.label}各项指标分值合计为{fmt(total, decimals)}（{len(weights)}项指标{fmt(parts, decimals)}"
                f" + 预算执行率{shown(exec_w)}），不等于100{said}。"
            ),
            location=form_location(form, "分值"),
            expected="100",
            actual=fmt(total, decimals),
            difference=fmt(total - FULL, decimals),
            evidence=[f"{i.row or i.name} 分值{shown(i.weight)}" for i in form.indicators if i.weight is not None]
            + [f"预算执行率 分值{shown(exec_w)}"],
        )
