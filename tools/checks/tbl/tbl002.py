"""TBL-002: 收入支出决算总表 收入总计/支出总计 make up from 本年合计 and 结转结余, and balance."""

from __future__ import annotations

from collections.abc import Iterator

from tools.accounts.columns import T01_SPENDING_TOTALS, T01_TOTALS
from tools.checks.base import (
    Context,
    rule,
    sum_check,
)
from tools.checks.tbl.common import readable, sides_balance
from tools.findings import Finding

_SIDES = (
    # side, column, 本年合计 key, the carry-over lines added to it, 总计 key
    ("收入", "收入/决算数", T01_TOTALS[0], T01_TOTALS[1:3], T01_TOTALS[3]),
    (
        "支出",
        "支出/决算数",
        T01_SPENDING_TOTALS[0],
        T01_SPENDING_TOTALS[1:3],
        T01_SPENDING_TOTALS[3],
    ),
)


@rule("TBL-002", "tables.t01_grand_totals", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """收支总表的收入总计、支出总计应分别由本年合计与结转结余相加而成，且收入总计等于支出总计。

    Trigger: in 公开01表, 收入总计 ≠ 本年收入合计 + 使用非财政拨款结余（含专用结余）+ 年初结转和结余;
    or 支出总计 ≠ 本年支出合计 + 结余分配 + 年末结转和结余; or 收入总计 ≠ 支出总计.

    Why it matters: the two 总计 close the totals table; if they do not balance, or do not make up
    from their own lines, some carry-over or a total was typed or exported wrongly.

    Example: pass — 5120.40 + 0 + 88.10 = 收入总计 5208.50 = 5133.20 + 0 + 75.30 = 支出总计.
    fail — 本年支出合计 4320.15 + 年末结转和结余 125.10 = 4445.25 but 支出总计 printed 4454.25.
    A gap that rounding explains is info (尾数误差).

    Configuration: none; tolerance is the interval rule. A carry-over line the template does not
    print counts as zero; without the 本年合计 or 总计 line, or with a non-numeric operand, the
    identity is not checked.
    """
    t01 = ctx.table("T01")
    if t01 is None:
        return
    grand = {}
    for side, column, year_key, extra_keys, total_key in _SIDES:
        year_line = t01.line(year_key, side)
        total_line = t01.line(total_key, side)
        if total_line is None:
            continue
        grand[side] = (total_line, column)
        if year_line is None:
            continue
        extra = [ln for k in extra_keys if (ln := t01.line(k, side)) is not None]
        operands = [year_line, *extra]
        if not readable([total_line, *operands], [column]):
            continue
        yield from sum_check(
            "TBL-002",
            "error",
            subject=f"{t01.title}{side}方“{total_line.label}”",
            stated=total_line.values.get(column),
            parts=[(ln.label, ln.values.get(column)) for ln in operands],
            location=t01.location(total_line, column),
        )
    if "收入" in grand and "支出" in grand:
        (inc, inc_col), (exp, exp_col) = grand["收入"], grand["支出"]
        yield from sides_balance("TBL-002", t01, inc, inc_col, exp, exp_col)
