"""TBL-010: amount cells of the 公开表 are numbers and not negative."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, amount_text, rule
from tools.checks.tbl.common import where
from tools.findings import Finding

_CODE = "TBL-010"


@rule(_CODE, "tables.cell_values", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """公开表金额单元格应为数字且不为负数（空白或“—”视为0）。

    Trigger: any amount cell of 公开01–09表 that holds text which is not a number (e.g. 'XX',
    '2,3O4.10', '见说明'), or a negative amount. Blank cells and dashes are zero and pass.

    Why it matters: a non-numeric cell cannot be reconciled (every sum that uses it is skipped), and
    a negative 决算 amount is either a sign typed by mistake or an overspent balance that the report
    should explain.

    Example: pass — 基本支出 1938.62, a blank 上级补助收入 cell, a '—' in 经营收入. fail — 项目支出
    printed 'XX.XX'; 年末结转和结余 printed -12.50.

    Configuration: none.
    """
    for key in sorted(ctx.accounts.statements):
        stmt = ctx.accounts.statements[key]
        for ln in stmt.lines:
            for col, raw in ln.unreadable.items():
                yield Finding(
                    rule=_CODE,
                    severity="warning",
                    message=f"{where(stmt, ln, col)}的内容“{raw}”不是有效金额，涉及该单元格的核对均无法进行。",
                    location=stmt.location(ln, col),
                    actual=raw,
                    evidence=[f"{where(stmt, ln, col)} {raw}"],
                )
            for col, amount in ln.values.items():
                if amount.value < 0:
                    yield Finding(
                        rule=_CODE,
                        severity="warning",
                        message=f"{where(stmt, ln, col)}金额为{amount_text(amount)}，为负数；决算公开表金额不应为负，请核实符号或说明原因。",
                        location=stmt.location(ln, col),
                        actual=amount_text(amount),
                        evidence=[
                            f"{where(stmt, ln, col)} {amount.raw or amount_text(amount)}"
                        ],
                    )
