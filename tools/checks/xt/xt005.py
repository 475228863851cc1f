"""XT-005: 一般公共预算财拨支出表 基本支出 equals 基本支出表 人员经费合计 + 公用经费合计."""

from __future__ import annotations

from collections.abc import Iterator

from tools.accounts.columns import T06_TOTALS
from tools.checks.base import Context, related, rule, sum_check
from tools.checks.xt._common import (
    Cell,
    cell,
    coded,
    total_line,
)
from tools.findings import Finding

_T05_COL = "基本支出"
_T06_COL = "决算数"


@rule("XT-005", "cross.t05_basic_t06", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """一般公共预算财政拨款支出决算表的基本支出合计应等于基本支出决算表人员经费合计与公用经费合计之和。

    Trigger: 公开05表 合计 row, 基本支出 column, differs from 公开06表 人员经费合计 + 公用经费合计
    (when 公开06表 prints no such totals: the sum of its 经济分类 类 lines).

    Why it matters: 公开06表 is the 经济分类 detail of exactly the 一般公共预算 基本支出 in 公开05表.

    Example: pass — 3187.20 + 325.25 = 3512.45 = 公开05表 基本支出 3512.45. fail — 1642.88 + 250.38
    = 1893.26 but 公开05表 基本支出 1839.26 (error). 171.40 + 13.33 = 184.73 vs 184.72 is info.

    Configuration: none.
    """
    t05, t06 = ctx.table("T05"), ctx.table("T06")
    if t05 is None or t06 is None:
        return
    stated = cell(t05, total_line(t05), _T05_COL, label="合计")
    if stated is None or not stated.known:
        return
    parts: list[Cell] = []
    for key in T06_TOTALS:
        line = t06.line(key)
        if line is not None:
            c = cell(t06, line, _T06_COL)
            if c is not None:
                parts.append(c)
    if len(parts) < len(T06_TOTALS):
        # No printed 人员/公用经费合计: every 类 line of the table (301, 302, 303, …).
        classes = coded(t06, 3)
        if classes:
            parts = [
                c
                for ln in classes.values()
                for c in [cell(t06, ln, _T06_COL)]
                if c is not None
            ]
        elif t06.empty:
            parts = []
        else:
            return
    if any(not c.known for c in parts):
        return
    if stated.zero and all(c.zero for c in parts):
        return
    yield from sum_check(
        "XT-005",
        "error",
        subject=stated.describe(),
        stated=stated.amount,
        parts=[(c.describe(), c.amount) for c in parts],
        location=stated.location,
        related=[related(c.location) for c in parts]
        or [
            related(
                cell(t06, None, _T06_COL, label="人员经费合计+公用经费合计").location
            )
        ],
        what=f"（{t06.title}）之和",
    )
