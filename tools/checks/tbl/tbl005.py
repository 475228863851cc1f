"""TBL-005: 财政拨款收入支出决算总表 arithmetic: totals balance, fund columns add up, carry-over per fund."""

from __future__ import annotations

from collections.abc import Iterator

from tools.accounts.columns import (
    NESTED_SEP,
    T04_INCOME,
    T04_SPENDING_TOTALS,
    T04_TOTALS,
)
from tools.accounts.model import Line, Statement
from tools.checks.base import (
    Context,
    related,
    rule,
    sum_check,
)
from tools.checks.tbl.common import negated, sides_balance, where
from tools.findings import Finding

_INCOME_COL = "收入/决算数"
_TOTAL_COL = "支出/合计"
_FUND_COLS = (
    "支出/一般公共预算财政拨款",
    "支出/政府性基金预算财政拨款",
    "支出/国有资本经营预算财政拨款",
)
_FUND_NAMES = ("一般公共预算", "政府性基金预算", "国有资本经营预算")
_CODE = "TBL-005"


def _carry_line(stmt: Statement, key: str, side: str, prefix: str) -> Line | None:
    """The 年初/年末 财政拨款结转和结余 line, also when printed as '年初结转和结余'."""
    found = stmt.line(key, side)
    if found is not None:
        return found
    return next(
        (
            ln
            for ln in stmt.lines
            if ln.side == side
            and ln.key.startswith(prefix)
            and "结转" in ln.key
            and NESTED_SEP not in ln.key
        ),
        None,
    )


def _after(stmt: Statement, side: str, start: Line) -> dict[str, Line]:
    """Per-fund sub-lines printed below `start` on one side (key → line), up to the 总计 line."""
    out: dict[str, Line] = {}
    seen = False
    for ln in stmt.lines:
        if ln is start:
            seen = True
            continue
        if not seen or ln.side != side:
            continue
        if ln.key == T04_TOTALS[2]:
            break
        fund = _fund_key(ln.key)
        if fund is not None and fund not in out:
            out[fund] = ln
    return out


def _fund_key(key: str) -> str | None:
    """The T04 fund a label names ('一般公共预算财政拨款（收入）' → '一般公共预算财政拨款'), or None."""
    leaf = key.rsplit(NESTED_SEP, 1)[-1]
    return next((k for k in T04_INCOME if leaf.startswith(k)), None)


def _sum(
    stmt: Statement,
    subject: str,
    total: Line,
    col: str,
    parts: list[tuple[str, Line, str]],
) -> Iterator[Finding]:
    """total[col] = Σ parts[(label, line, column)], skipped when nothing is printed or a cell is unreadable."""
    cells = [(total, col), *((ln, c) for _, ln, c in parts)]
    if any(c in ln.unreadable for ln, c in cells) or not any(
        c in ln.values for ln, c in cells
    ):
        return
    yield from sum_check(
        _CODE,
        "error",
        subject=subject,
        stated=total.values.get(col),
        parts=[(label, ln.values.get(c)) for label, ln, c in parts],
        location=stmt.location(total, col),
    )


@rule(_CODE, "tables.t04_fiscal_totals", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """财政拨款收支总表收入总计应等于支出总计，各行合计等于分资金来源之和，各项合计由明细构成，分资金来源的结转结余应衔接。

    Trigger: in 公开04表 any of:
    (1) 收入方总计 ≠ 支出方总计;
    (2) a 支出 row's 合计 ≠ 一般公共预算财政拨款 + 政府性基金预算财政拨款 + 国有资本经营预算财政拨款;
    (3) 本年收入合计 ≠ Σ 收入 items; 本年支出合计 ≠ Σ 功能类 rows (in each 支出 column);
        总计 ≠ 本年合计 + 年初/年末财政拨款结转和结余; 年初财政拨款结转和结余 ≠ Σ its per-fund lines;
    (4) per fund: 年初结转和结余 + 本年收入 − 本年支出 ≠ 年末结转和结余 — only when the table prints the
        per-fund 年初 lines (or a blank 年初 total, which makes every fund's 年初 zero) and per-fund 年末 columns.

    Why it matters: 公开04表 is the 财政拨款 summary that 公开05/08/09 and the 财拨总体 text restate;
    a fund whose carry-over does not close hides an unexplained 结余.

    Example: pass — 一般公共预算 0 + 1842.60 − 1703.55 = 年末 139.05. fail — 本年支出合计 合计 2144.64
    but 1703.55 + 341.08 = 2044.63. 年末结转和结余 139.60 against 139.05 + 0.54 = 139.59 is info (尾数误差).

    Configuration: none. Blank cells are zero; a check with an absent line or column, or a
    non-numeric operand, is skipped.
    """
    t04 = ctx.table("T04")
    if t04 is None:
        return
    inc_year = t04.line(T04_TOTALS[0], "收入")
    inc_open = _carry_line(t04, T04_TOTALS[1], "收入", "年初")
    inc_total = t04.line(T04_TOTALS[2], "收入")
    exp_year = t04.line(T04_SPENDING_TOTALS[0], "支出")
    exp_close = _carry_line(t04, T04_SPENDING_TOTALS[1], "支出", "年末")
    exp_total = t04.line(T04_SPENDING_TOTALS[2], "支出")
    fund_cols = [c for c in _FUND_COLS if t04.has_column(c)]
    spend_cols = ([_TOTAL_COL] if t04.has_column(_TOTAL_COL) else []) + fund_cols

    # (1) the two 总计 balance.
    if inc_total is not None and exp_total is not None and _TOTAL_COL in spend_cols:
        yield from sides_balance(
            _CODE, t04, inc_total, _INCOME_COL, exp_total, _TOTAL_COL
        )

    # (2) each 支出 row: 合计 = Σ fund columns.
    if _TOTAL_COL in spend_cols and fund_cols:
        for ln in t04.lines:
            if ln.side != "支出":
                continue
            yield from _sum(
                t04,
                where(t04, ln, _TOTAL_COL),
                ln,
                _TOTAL_COL,
                [(c.split("/")[-1], ln, c) for c in fund_cols],
            )

    # (3) column totals.
    if inc_year is not None:
        items = t04.items("收入", inc_year.key)
        if items:
            yield from _sum(
                t04,
                where(t04, inc_year, _INCOME_COL),
                inc_year,
                _INCOME_COL,
                [(ln.label, ln, _INCOME_COL) for ln in items],
            )
    if exp_year is not None:
        classes = t04.items("支出", exp_year.key)
        for col in spend_cols:
            if classes:
                yield from _sum(
                    t04,
                    where(t04, exp_year, col),
                    exp_year,
                    col,
                    [(ln.label, ln, col) for ln in classes],
                )
    if inc_total is not None and inc_year is not None:
        parts = [
            (ln.label, ln, _INCOME_COL) for ln in (inc_year, inc_open) if ln is not None
        ]
        yield from _sum(
            t04, where(t04, inc_total, _INCOME_COL), inc_total, _INCOME_COL, parts
        )
    if exp_total is not None and exp_year is not None:
        for col in spend_cols:
            parts = [
                (ln.label, ln, col) for ln in (exp_year, exp_close) if ln is not None
            ]
            yield from _sum(t04, where(t04, exp_total, col), exp_total, col, parts)
    open_by_fund = _after(t04, "收入", inc_open) if inc_open is not None else {}
    if inc_open is not None and open_by_fund:
        parts = [(ln.label, ln, _INCOME_COL) for ln in open_by_fund.values()]
        yield from _sum(
            t04, where(t04, inc_open, _INCOME_COL), inc_open, _INCOME_COL, parts
        )

    # (4) per fund: 年初 + 本年收入 − 本年支出 = 年末.
    if inc_year is None or exp_year is None or exp_close is None or not fund_cols:
        return
    if not open_by_fund and inc_open is not None:
        # No per-fund 年初 lines: only a blank (zero) 年初 total tells every fund's 年初.
        opening_total = inc_open.values.get(_INCOME_COL)
        if _INCOME_COL in inc_open.unreadable or (
            opening_total is not None and opening_total.value != 0
        ):
            return
    income_by_fund: dict[str, Line] = {}
    for ln in t04.items("收入", inc_year.key):
        fund_key = _fund_key(ln.key)
        if fund_key is not None and fund_key not in income_by_fund:
            income_by_fund[fund_key] = ln
    for key, col, fund in zip(T04_INCOME, _FUND_COLS, _FUND_NAMES):
        if col not in fund_cols:
            continue
        income = income_by_fund.get(key)
        opening = open_by_fund.get(key)
        cells = [(exp_year, col), (exp_close, col)]
        cells += [(ln, _INCOME_COL) for ln in (income, opening) if ln is not None]
        if any(c in ln.unreadable for ln, c in cells) or not any(
            c in ln.values for ln, c in cells
        ):
            continue
        parts = []
        if opening is not None:
            parts.append(
                (f"年初结转和结余（{opening.label}）", opening.values.get(_INCOME_COL))
            )
        if income is not None:
            parts.append(
                (f"本年收入（{income.label}）", income.values.get(_INCOME_COL))
            )
        parts.append(
            (f"减：本年支出（{fund}财政拨款）", negated(exp_year.values.get(col)))
        )
        yield from sum_check(
            _CODE,
            "error",
            subject=f"{t04.title}{fund}财政拨款“{exp_close.label}”",
            stated=exp_close.values.get(col),
            parts=parts,
            location=t04.location(exp_close, col),
            related=[related(t04.location(exp_year, col))],
            what="（年初结转和结余＋本年收入－本年支出）轧差",
        )
