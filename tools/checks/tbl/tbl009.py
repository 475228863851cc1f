"""TBL-009: 政府性基金表 (and the 收入支出 国资表), each row: 年初 + 本年收入 − 本年支出 = 年末; 本年支出 = 基本 + 项目."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule, sum_check
from tools.checks.tbl.common import (
    negated,
    printed,
    readable,
    row_sum_checks,
    where,
)
from tools.findings import Finding

_CODE = "TBL-009"
_OPEN, _INCOME, _CLOSE = "年初结转和结余", "本年收入", "年末结转和结余"
_SPEND = ("本年支出/合计", "本年支出/基本支出", "本年支出/项目支出")


@rule(_CODE, "tables.fund_carry_over", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """政府性基金预算财政拨款收入支出决算表每行应满足：年初结转和结余＋本年收入－本年支出＝年末结转和结余，本年支出＝基本支出＋项目支出。

    Trigger: in 公开08表, a row (合计 included) where 年初结转和结余 + 本年收入 − 本年支出合计 ≠
    年末结转和结余, or 本年支出合计 ≠ 基本支出 + 项目支出. The carry-over identity is also applied to
    a 公开09表 printed in the 收入支出 variant (with 年初/本年收入/年末 columns); that table's
    基本/项目 split is TBL-006.

    Why it matters: a fund's carry-over has to close row by row; a row that does not is a wrong
    年末结转 that the 财拨总表 and the text then repeat.

    Example: pass — 212 城乡社区支出 0 + 371.25 − 370.71 = 年末 0.54. fail — 2120801: 0 + 164.01 −
    163.47 = 0.54 but 年末结转和结余 printed 5.40. A 0.01 gap that rounding explains is info (尾数误差).

    Configuration: none. Blank cells are zero (an empty table passes); a table without the 年末 or
    本年支出 column, or a row with a non-numeric operand, is not checked.
    """
    for key in ("T08", "T09"):
        stmt = ctx.table(key)
        if stmt is None:
            continue
        # The 支出-only variant of the 基金表 prints 合计/基本支出/项目支出 without the 本年支出 prefix.
        spend = (
            _SPEND if stmt.has_column(_SPEND[0]) else ("合计", "基本支出", "项目支出")
        )
        spend_total = spend[0]
        if key == "T08":
            yield from row_sum_checks(_CODE, "error", stmt, spend_total, spend[1:])
        if not (stmt.has_column(_CLOSE) and stmt.has_column(spend_total)):
            continue
        adds = [c for c in (_OPEN, _INCOME) if stmt.has_column(c)]
        if not adds:
            continue
        for ln in stmt.lines:
            cols = [_CLOSE, *adds, spend_total]
            if not readable([ln], cols) or not printed([ln], cols):
                continue
            parts = [(c, ln.values.get(c)) for c in adds]
            parts.append(("减：本年支出", negated(ln.values.get(spend_total))))
            yield from sum_check(
                _CODE,
                "error",
                subject=where(stmt, ln, _CLOSE),
                stated=ln.values.get(_CLOSE),
                parts=parts,
                location=stmt.location(ln, _CLOSE),
                what="（年初结转和结余＋本年收入－本年支出）轧差",
            )
