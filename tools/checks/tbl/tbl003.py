"""TBL-003: 收入决算表/支出决算表 each row's 合计 equals the sum of its source/purpose columns."""

from __future__ import annotations

from collections.abc import Iterator

from tools.accounts.columns import COLUMNS
from tools.checks.base import Context, rule
from tools.checks.tbl.common import row_sum_checks
from tools.findings import Finding


@rule("TBL-003", "tables.row_sums", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """收入决算表每行本年收入合计应等于各收入来源之和；支出决算表每行本年支出合计应等于基本、项目、上缴上级、经营、对附属单位补助支出之和。

    Trigger: in 公开02表, a row's 本年收入合计 ≠ 财政拨款收入 + 上级补助收入 + 事业收入 + 经营收入 +
    附属单位上缴收入 + 其他收入; in 公开03表, a row's 本年支出合计 ≠ 基本支出 + 项目支出 + 上缴上级支出 +
    经营支出 + 对附属单位补助支出. Every row is checked, the 合计 row included.

    Why it matters: the row total is what the other tables and the text quote; a row whose columns
    do not make it up means one cell was typed or exported wrongly.

    Example: pass — 212 城乡社区支出 371.25 = 基本 28.35 + 项目 342.90. fail — 201 一般公共服务支出
    本年支出合计 1596.48 but 基本 1571.30 + 项目 43.60 = 1614.90. A 0.01 gap that rounding explains
    is info (尾数误差).

    Configuration: none. Blank cells are zero; a column the table does not print is not counted; a
    row with a non-numeric operand is not checked (TBL-010 reports the cell).
    """
    for key in ("T02", "T03"):
        stmt = ctx.table(key)
        if stmt is None:
            continue
        total_col, *parts = COLUMNS[key]
        yield from row_sum_checks("TBL-003", "error", stmt, total_col, parts)
