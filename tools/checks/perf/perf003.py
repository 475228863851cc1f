"""PERF-003: the 项目资金 total row equals the sum of its 其中 rows."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule, sum_check
from tools.findings import Finding

_COLUMNS = (
    ("initial", "年初预算数"),
    ("budget", "全年预算数"),
    ("received", "到位数"),
    ("executed", "全年执行数"),
)


@rule("PERF-003", "performance.fund_rows", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """项目资金年度资金总额应等于其中各资金来源（财政拨款/各级财政资金、上年结转、其他资金）之和。

    Trigger: for 年初预算数, 全年预算数, 到位数 and 全年执行数, the 年度资金总额 (or 预算数) row
    differs from the sum of the source rows, including a blank total over a filled source row.
    Only checked when the form prints the total row and at least one source amount in that column.

    Why it matters: the execution rate and its score are computed on the total row; a total that
    reads blank or 0 while a source row reads 20 makes the rate meaningless.

    Example: pass — 年度资金总额 54.19 = 财政拨款 54.19 + 其他资金 空白. fail — 年度资金总额 blank while
    市级资金 reads 20.

    Configuration: none.
    """
    for form in ctx.performance.forms:
        total = form.fund("total")
        sources = [f for f in form.funds if f.key != "total"]
        if total is None or not sources:
            continue
        for attr, column in _COLUMNS:
            parts = [(f.label, getattr(f, attr)) for f in sources]
            if all(a is None for _, a in parts):
                continue
            yield from sum_check(
                "PERF-003",
                "error",
                subject=f"{form.label}{total.label}{column}",
                stated=getattr(total, attr),
                parts=parts,
                location=total.location(column),
                what="之和",
            )
