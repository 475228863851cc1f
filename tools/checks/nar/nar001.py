"""NAR-001: totals quoted in the 收支总体 and 财拨总体 text equal 公开01表 / 公开04表."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.nar._common import compare_claims_with_tables
from tools.findings import Finding


@rule("NAR-001", "narrative.totals", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """情况说明中的收支总计、本年收支合计、结转结余等总数应与收支总表、财拨总表一致。

    Trigger: a narrative figure linked to a cell of 公开01表 (收入支出决算总表) or 公开04表
    (财政拨款收入支出决算总表) — 收入支出总计, 本年收入合计, 本年支出合计, 使用非财政拨款结余,
    年初/年末结转和结余, 结余分配, and the income/expenditure lines of those tables — differs from
    the cell beyond rounding.

    Why it matters: the 收支总体 and 财拨总体 paragraphs are what readers quote; a figure that the
    tables do not carry (a leftover from last year's text, a typo) misstates the accounts.

    Example: pass — "收入支出总计1867.43万元" and 公开01表 总计 1867.43; "其他收入6.4万元" vs 6.40
    is the same figure. fail — "财政拨款收入支出总计0.5万元" while 公开04表 总计 is 1,234.56.
    A 0.01 gap that rounding explains (418.36 vs 418.37) is info (尾数误差).

    Configuration: none; tolerance is the interval rule. A claim without a linked cell, or whose
    cell is missing or unreadable, cannot be checked and yields nothing.
    """
    yield from compare_claims_with_tables(ctx, "NAR-001", "error", ("T01", "T04"))
