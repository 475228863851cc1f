"""XT-002: 收支总表 本年支出合计 and each 类 line equal 支出决算表."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.xt._common import compare_classes
from tools.findings import Finding

_T01_COL = "支出/决算数"
_T03_COL = "本年支出合计"


@rule("XT-002", "cross.t01_spending_t03", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """收支总表的本年支出合计及各功能分类（类）支出应等于支出决算表的合计行及对应类级科目。

    Trigger: a 类 line of the 公开01表 支出 side (matched to its 功能分类 code by name, e.g.
    '八、社会保障和就业支出' → 208) differs from the 本年支出合计 of that 类 in 公开03表, or 公开01表
    本年支出合计 differs from 公开03表 合计; or a 类 that carries spending in one table is not listed
    in the other.

    Why it matters: both tables show all-funds spending of the year; 公开01表 is the summary of
    公开03表. (公开02表 is income and 公开04表 only 财政拨款, so neither is compared with 公开01表
    spending here.)

    Example: pass — 公开01表 城乡社区支出 1475.38, 公开03表 212 城乡社区支出 1475.37 (info, 尾数误差).
    fail — 公开01表 社会保障和就业支出 274.63, 公开03表 208 社会保障和就业支出 247.63 (error).

    Configuration: none; 类 names map to codes through the national 功能分类 list, else by the
    names of 公开03表's 类 lines.
    """
    t01, t03 = ctx.table("T01"), ctx.table("T03")
    if t01 is None or t03 is None:
        return
    yield from compare_classes("XT-002", t01, _T01_COL, t03, _T03_COL)
