"""TBL-004: 功能分类 hierarchy in 公开02/03/05/08/09: 类 = Σ款, 款 = Σ项, 合计 = Σ类."""

from __future__ import annotations

from collections.abc import Iterator

from tools.accounts.columns import TOTAL_KEY
from tools.checks.base import Context, rule, sum_check
from tools.checks.tbl.common import (
    amount_columns,
    coded_lines,
    hierarchy_checks,
    printed,
    readable,
    where,
)
from tools.findings import Finding

_TABLES = ("T02", "T03", "T05", "T08", "T09")


@rule("TBL-004", "tables.hierarchy", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """按功能分类列示的表中，类级数应等于所属款级之和，款级数应等于所属项级之和，合计应等于各类之和。

    Trigger: in 公开02/03/05/08/09表, in any amount column: a 类 (3-digit code) differs from the sum
    of its printed 款 (5-digit codes with that prefix), a 款 from the sum of its printed 项 (7-digit
    codes), or the 合计 row from the sum of the 类 rows.

    Why it matters: the tables are published to 项级 so that every 类 total can be traced to its
    items; a parent that its children do not make up means a missing row or a wrong figure, and the
    wrong figure propagates to the text and the other tables.

    Example: pass — 212 城乡社区支出 371.25 = 28.35 + 163.47 + 179.43. fail — 201 一般公共服务支出
    2083.20 but its 款 107.80 + 15.60 + 20.00 + 1839.80 = 1983.20. 21201 printed 28.35 against
    项 16.12 + 12.24 = 28.36 is info (尾数误差).

    Configuration: none. Parent and child come from the code prefix only, so a subtotal row is never
    counted twice; a parent whose children are not printed is not checked; blank cells are zero; a
    cell with non-numeric text makes that parent/column uncheckable.
    """
    for key in _TABLES:
        stmt = ctx.table(key)
        if stmt is None:
            continue
        yield from hierarchy_checks("TBL-004", "error", stmt)
        total_line = stmt.line(TOTAL_KEY) or next(
            (
                ln
                for ln in stmt.lines
                if ln.total and not ln.code and ln.key in ("合计", "总计")
            ),
            None,
        )
        if total_line is None:
            continue
        classes = list(coded_lines(stmt, (3,)).values())
        if not classes:
            continue
        for col in amount_columns(stmt):
            group = [total_line, *classes]
            if not readable(group, [col]) or not printed(group, [col]):
                continue
            yield from sum_check(
                "TBL-004",
                "error",
                subject=where(stmt, total_line, col),
                stated=total_line.values.get(col),
                parts=[(ln.label, ln.values.get(col)) for ln in classes],
                location=stmt.location(total_line, col),
                what="类级科目之和",
            )
