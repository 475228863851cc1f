"""TBL-006: 一般公共预算财拨支出表 and 国资表, each row: 合计 = 基本支出 + 项目支出."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.tbl.common import row_sum_checks
from tools.findings import Finding

_PLAIN = ("合计", "基本支出", "项目支出")
_IN_OUT = ("本年支出/合计", "本年支出/基本支出", "本年支出/项目支出")


@rule("TBL-006", "tables.basic_project_split", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """一般公共预算财政拨款支出决算表、国有资本经营预算财政拨款支出决算表每行合计应等于基本支出与项目支出之和。

    Trigger: in 公开05表 or 公开09表, a row's 合计（小计）≠ 基本支出 + 项目支出. Every row is
    checked, the 合计 row included. For the 收入支出 variant of 公开09表 the 本年支出 columns are used
    (its 年初/年末 identity is TBL-009).

    Why it matters: 基本/项目 is the split the text explains and 公开06表 details; a row that does not
    add up makes one of the three figures wrong wherever it is quoted.

    Example: pass — 201 一般公共服务支出 1596.48 = 1571.30 + 25.18. fail — 合计 1703.55 but
    1642.88 + 160.68 = 1803.56. 合计 1703.55 against 1642.88 + 60.68 = 1703.56 is info (尾数误差).

    Configuration: none. Blank cells are zero; a row with a non-numeric operand is not checked.
    """
    for key in ("T05", "T09"):
        stmt = ctx.table(key)
        if stmt is None:
            continue
        cols = _PLAIN if stmt.has_column(_PLAIN[0]) else _IN_OUT
        yield from row_sum_checks("TBL-006", "error", stmt, cols[0], cols[1:])
