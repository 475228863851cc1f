"""XT-003: 财政拨款 by fund agrees across 收支总表, 财拨总表, 政府性基金表 and 国资表."""

from __future__ import annotations

from collections.abc import Iterator

from tools.accounts.columns import NESTED_SEP
from tools.accounts.model import Statement
from tools.checks.base import Context, rule
from tools.checks.xt._common import cell, compare_cells, total_line
from tools.findings import Finding

_FUNDS = (
    # (T01 income key, T04 income key / fund column suffix)
    ("一般公共预算财政拨款收入", "一般公共预算财政拨款"),
    ("政府性基金预算财政拨款收入", "政府性基金预算财政拨款"),
    ("国有资本经营预算财政拨款收入", "国有资本经营预算财政拨款"),
)
_GOV_FUND = "政府性基金预算财政拨款"
_SOE = "国有资本经营预算财政拨款"
_T04_OPENING = "年初财政拨款结转和结余"
_T04_CLOSING = "年末财政拨款结转和结余"


def _t04_income_column(t04: Statement) -> str:
    if t04.has_column("收入/决算数"):
        return "收入/决算数"
    for key in t04.columns:
        if key.startswith("收入/") and "本年收入" in key:
            return key
    return next((k for k in t04.columns if k.startswith("收入/")), "收入/决算数")


def _first(stmt: Statement, *columns: str) -> str:
    """The first of several column variants the table prints (T09 has two layouts)."""
    return next((c for c in columns if stmt.has_column(c)), columns[0])


@rule("XT-003", "cross.fiscal_by_fund", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """财政拨款收入分资金性质在收支总表、财拨总表、政府性基金表和国资表之间应一致。

    Trigger: 公开01表 一般公共预算/政府性基金预算/国有资本经营预算财政拨款收入 differs from the
    same fund's 本年收入 in 公开04表; or 公开04表's 政府性基金 本年收入, 本年支出合计, 年初/年末结转
    和结余 differ from the 合计 row of 公开08表; or 公开04表's 国有资本经营预算 本年收入/本年支出合计
    differ from the 合计 row of 公开09表. A table declared empty (本表无数据) reads as zero.

    Why it matters: the three fund tables are the detail of the fund columns of 公开04表, and
    公开04表's income is the 财政拨款 part of 公开01表; the same money must print the same.

    Example: pass — 公开01表 政府性基金预算财政拨款收入 371.25 = 公开04表 371.25 = 公开08表 本年收入
    371.25. fail — 公开04表 政府性基金 本年支出 370.71 but 公开08表 declared empty (error).

    Configuration: none.
    """
    t01, t04, t08, t09 = (ctx.table(k) for k in ("T01", "T04", "T08", "T09"))
    if t04 is None:
        return
    income_col = _t04_income_column(t04)
    # 公开01表 fund income → 公开04表 本年收入 by fund.
    if t01 is not None:
        single = t01.line("财政拨款收入", "收入")
        if single is not None:
            yield from compare_cells(
                "XT-003",
                "error",
                cell(t01, single, "收入/决算数"),
                cell(t04, t04.line("本年收入合计", "收入"), income_col),
            )
        for t01_key, t04_key in _FUNDS:
            line01 = t01.line(t01_key, "收入")
            line04 = t04.line(t04_key, "收入")
            if line01 is None or line04 is None:
                continue
            yield from compare_cells(
                "XT-003",
                "error",
                cell(t01, line01, "收入/决算数"),
                cell(t04, line04, income_col),
            )

    spent = t04.line("本年支出合计", "支出")
    closing = t04.line(_T04_CLOSING, "支出")
    opening = t04.line(f"{_T04_OPENING}{NESTED_SEP}{_GOV_FUND}", "收入")
    # 公开04表 政府性基金 → 公开08表 合计 row.
    if t08 is not None:
        total08 = total_line(t08)
        if total08 is not None or t08.empty:
            pairs = [
                (
                    cell(t04, t04.line(_GOV_FUND, "收入"), income_col),
                    cell(t08, total08, "本年收入", label="合计"),
                ),
                (
                    cell(t04, spent, f"支出/{_GOV_FUND}"),
                    cell(t08, total08, "本年支出/合计", label="合计"),
                ),
                (
                    cell(t04, closing, f"支出/{_GOV_FUND}"),
                    cell(t08, total08, "年末结转和结余", label="合计"),
                ),
                (
                    cell(
                        t04,
                        opening,
                        "收入/决算数"
                        if opening and "收入/决算数" in opening.values
                        else income_col,
                    ),
                    cell(t08, total08, "年初结转和结余", label="合计"),
                ),
            ]
            for a, b in pairs:
                if a is not None and a.line is not None:
                    yield from compare_cells("XT-003", "error", a, b)
    # 公开04表 国有资本经营预算 → 公开09表 合计 row (收入支出 or 支出-only layout).
    if t09 is not None:
        total09 = total_line(t09)
        if total09 is not None or t09.empty:
            spent09 = _first(t09, "本年支出/合计", "合计")
            pairs = [
                (
                    cell(t04, spent, f"支出/{_SOE}"),
                    cell(t09, total09, spent09, label="合计"),
                )
            ]
            if t09.has_column("本年收入") or (
                t09.empty and t09.has_column("本年支出/合计")
            ):
                pairs.append(
                    (
                        cell(t04, t04.line(_SOE, "收入"), income_col),
                        cell(t09, total09, "本年收入", label="合计"),
                    )
                )
            for a, b in pairs:
                if a is not None and a.line is not None:
                    yield from compare_cells("XT-003", "error", a, b)
