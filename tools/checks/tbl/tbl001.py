"""TBL-001: 收入支出决算总表 本年收入合计/本年支出合计 equal the sum of their items."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule, sum_check
from tools.findings import Finding

_INCOME_TOTAL = "本年收入合计"
_SPENDING_TOTAL = "本年支出合计"


@rule("TBL-001", "tables.t01_year_totals", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """收支总表的本年收入合计、本年支出合计应等于各收入项目、各功能分类（类）支出之和。

    Trigger: in 公开01表, 本年收入合计 differs from the sum of the income lines above it
    (一、一般公共预算财政拨款收入 … 八、其他收入), or 本年支出合计 from the sum of the 类 lines.

    Why it matters: the totals table is the summary every other table is reconciled to; a total
    that its own items do not make up means a typing or export error.

    Example: pass — 512.33 + 0 + … = 本年收入合计 512.33. fail — items 1842.60 + 371.25 = 2213.85
    but 本年收入合计 printed 2213.58. A 0.01 gap that rounding explains is info (尾数误差).

    Configuration: none; tolerance is the interval rule.
    """
    t01 = ctx.table("T01")
    if t01 is None:
        return
    for side, total_key, column in (
        ("收入", _INCOME_TOTAL, "收入/决算数"),
        ("支出", _SPENDING_TOTAL, "支出/决算数"),
    ):
        total_line = t01.line(total_key, side)
        if total_line is None:
            continue
        items = t01.items(side, total_key)
        if not items:
            continue
        yield from sum_check(
            "TBL-001",
            "error",
            subject=f"{t01.title}“{total_key}”",
            stated=total_line.values.get(column),
            parts=[(line.label, line.values.get(column)) for line in items],
            location=t01.location(total_line, column),
        )
