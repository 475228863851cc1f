"""XT-001: 收支总表 本年收入合计 and each income item equal the 合计 row of 收入决算表."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, related, rule, sum_check
from tools.checks.xt._common import (
    Cell,
    cell,
    compare_cells,
    total_line,
)
from tools.findings import Finding

_T01_COL = "收入/决算数"
_FISCAL = (
    "一般公共预算财政拨款收入",
    "政府性基金预算财政拨款收入",
    "国有资本经营预算财政拨款收入",
)
# T01 income line key → T02 column key (same name in both tables).
_OTHER = ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")


@rule("XT-001", "cross.t01_income_t02", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """收支总表的本年收入合计及各项收入应等于收入决算表合计行的对应栏。

    Trigger: in 公开01表 the 本年收入合计, the 财政拨款收入 (一般公共预算 + 政府性基金 + 国有资本
    经营预算财政拨款收入), 上级补助收入, 事业收入, 经营收入, 附属单位上缴收入 or 其他收入 differs
    from the same column of the 合计 row of 公开02表 (收入决算表).

    Why it matters: 公开02表 breaks the year's income down by 功能科目; its 合计 row is the same money
    as the income side of the totals table. A gap means one of the two tables was not updated.

    Example: pass — 公开01表 本年收入合计 2213.85, 公开02表 合计/本年收入合计 2213.85. fail —
    公开01表 事业收入 120.00, 公开02表 合计/事业收入 102.00 (error). 418.36 vs 418.37 is info (尾数误差).

    Configuration: none; a table that is absent or a 合计 row that is not printed cannot be checked.
    """
    t01, t02 = ctx.table("T01"), ctx.table("T02")
    if t01 is None or t02 is None:
        return
    t02_total = total_line(t02)
    if t02_total is None and not t02.empty:
        return

    def t02_cell(column: str) -> Cell | None:
        return cell(t02, t02_total, column, label="合计")

    # 本年收入合计
    yield from compare_cells(
        "XT-001",
        "error",
        cell(t01, t01.line("本年收入合计", "收入"), _T01_COL),
        t02_cell("本年收入合计"),
    )

    items = {ln.key: ln for ln in t01.items("收入", "本年收入合计")}
    # 财政拨款收入: one line in older forms, three fund lines in newer ones.
    fiscal_t02 = t02_cell("财政拨款收入")
    if "财政拨款收入" in items:
        yield from compare_cells(
            "XT-001", "error", cell(t01, items["财政拨款收入"], _T01_COL), fiscal_t02
        )
    else:
        fund_cells = [
            c
            for k in _FISCAL
            if k in items
            for c in [cell(t01, items[k], _T01_COL)]
            if c is not None
        ]
        if (
            fund_cells
            and fiscal_t02 is not None
            and fiscal_t02.known
            and all(c.known for c in fund_cells)
        ):
            if len(fund_cells) == 1:
                yield from compare_cells("XT-001", "error", fund_cells[0], fiscal_t02)
            else:
                if not (all(c.zero for c in fund_cells) and fiscal_t02.zero):
                    yield from sum_check(
                        "XT-001",
                        "error",
                        subject=fiscal_t02.describe(),
                        stated=fiscal_t02.amount,
                        parts=[(c.describe(), c.amount) for c in fund_cells],
                        location=fiscal_t02.location,
                        related=[related(c.location) for c in fund_cells],
                        what=f"财政拨款收入（{t01.title}）之和",
                    )
    for key in _OTHER:
        if key in items:
            yield from compare_cells(
                "XT-001", "error", cell(t01, items[key], _T01_COL), t02_cell(key)
            )
