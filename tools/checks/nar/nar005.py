"""NAR-005: 人员经费 / 公用经费 amounts in the text equal 公开06表."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.nar._common import compare_claims_with_tables
from tools.findings import Finding


@rule("NAR-005", "narrative.basic_spending", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """情况说明中的基本支出、人员经费、公用经费及其构成金额应与一般公共预算财政拨款基本支出决算表一致。

    Trigger: a narrative amount linked to a cell of 公开06表 (人员经费合计, 公用经费合计, a 经济分类
    类/款 line) differs from the cell beyond rounding.

    Why it matters: 人员经费 and 公用经费 are read against 机关运行经费 and staffing; a figure taken
    from the all-funds 支出决算表 instead of the fiscal 基本支出表 misstates both.

    Example: pass — "人员经费1384.52万元" and 公开06表 人员经费合计 1384.52. fail — "人员经费
    3201.75万元" while 公开06表 人员经费合计 is 3187.20 (the text used all-funds 基本支出).
    3187.20 vs 3187.21 is info (尾数误差).

    Configuration: none; tolerance is the interval rule.
    """
    yield from compare_claims_with_tables(ctx, "NAR-005", "error", ("T06",))
