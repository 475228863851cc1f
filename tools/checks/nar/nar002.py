"""NAR-002: income and expenditure composition in the text equals 公开02表 / 公开03表."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.nar._common import compare_claims_with_tables
from tools.findings import Finding


@rule("NAR-002", "narrative.composition", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """情况说明中的收入构成、支出构成（基本支出、项目支出等）金额应与收入决算表、支出决算表一致。

    Trigger: a narrative amount linked to a cell of 公开02表 (收入决算表: 财政拨款收入, 事业收入 …)
    or 公开03表 (支出决算表: 基本支出, 项目支出 …, by 功能科目) differs from the cell beyond rounding.
    Shares (占X%) are checked by PCT-003.

    Why it matters: the 收入/支出决算情况 paragraphs explain the composition of the accounts; an
    amount that does not match the table misleads the reader about what the money was.

    Example: pass — "基本支出1527.40万元" and 支出决算表 合计行 基本支出 1527.40. fail —
    "基本支出3526.18万元" while the table prints 3512.45. 4718.26 vs 4718.27 is info (尾数误差).

    Configuration: none; tolerance is the interval rule. Unlinked claims and missing or unreadable
    cells cannot be checked.
    """
    yield from compare_claims_with_tables(ctx, "NAR-002", "error", ("T02", "T03"))
