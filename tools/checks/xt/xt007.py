"""XT-007: sanity bounds across tables: 结转结余, 三公经费 and the 三公-related 经济科目."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.xt._common import (
    cell,
    coded,
    not_above,
    total_line,
)
from tools.findings import Finding

_T07_ACTUAL = "决算数/合计"
# 公开06表 经济科目 (基本支出 only) that 公开07表's 决算 (基本 + 项目) must cover.
_T06_T07 = (
    ("30212", "决算数/因公出国（境）费"),
    ("30217", "决算数/公务接待费"),
    ("30231", "决算数/公务用车购置及运行维护费/公务用车运行维护费"),
)


@rule("XT-007", "cross.sanity_bounds", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """跨表合理性：财政拨款结转结余不超过全部结转结余；“三公”经费决算不超过财政拨款支出；基本支出中的三公科目不超过三公决算。

    Trigger: 公开04表 年初/年末财政拨款结转和结余 exceeds 公开01表 年初/年末结转和结余; 公开07表
    决算 合计 exceeds the 财政拨款 spending it is paid from (公开05表 合计 for a 一般公共预算 三公 table,
    else 公开04表 本年支出合计); or a 公开06表 基本支出 line 30212 因公出国（境）费用, 30217 公务接待费 or
    30231 公务用车运行维护费 exceeds the matching 决算 column of 公开07表 (which covers 基本 and 项目).

    Why it matters: each left-hand figure is part of the right-hand one; a larger part signals a
    wrong table, a wrong column or a misclassified expense.

    Example: pass — 公开06表 30217 公务接待费 0.47 ≤ 公开07表 公务接待费 决算 0.47. fail — 公开04表 年末
    财政拨款结转和结余 84.36 but 公开01表 年末结转和结余 8.36 (warning).

    Configuration: none.
    """
    t01, t04, t05, t06, t07 = (
        ctx.table(k) for k in ("T01", "T04", "T05", "T06", "T07")
    )
    if t01 is not None and t04 is not None:
        for t04_key, t04_side, t04_col, t01_key, t01_side, t01_col in (
            (
                "年初财政拨款结转和结余",
                "收入",
                "收入/决算数",
                "年初结转和结余",
                "收入",
                "收入/决算数",
            ),
            (
                "年末财政拨款结转和结余",
                "支出",
                "支出/合计",
                "年末结转和结余",
                "支出",
                "支出/决算数",
            ),
        ):
            part = cell(t04, t04.line(t04_key, t04_side), t04_col)
            whole = cell(t01, t01.line(t01_key, t01_side), t01_col)
            if part is None or whole is None or part.line is None or whole.line is None:
                continue
            yield from not_above(
                "XT-007",
                "warning",
                part=[part],
                whole=whole,
                subject=f"{t04_key}超过全部资金的{t01_key}",
                location=part.location,
            )
    if t07 is None:
        return
    row07 = total_line(t07) or (t07.lines[0] if len(t07.lines) == 1 else None)
    if row07 is None and not t07.empty:
        return
    actual = cell(t07, row07, _T07_ACTUAL, label="合计")
    if actual is not None and actual.line is not None:
        if "一般公共预算" in t07.title and t05 is not None:
            whole = cell(t05, total_line(t05), "合计", label="合计")
        elif t04 is not None:
            whole = cell(t04, t04.line("本年支出合计", "支出"), "支出/合计")
        else:
            whole = (
                cell(t05, total_line(t05), "合计", label="合计")
                if t05 is not None
                else None
            )
        if whole is not None and whole.line is not None:
            yield from not_above(
                "XT-007",
                "warning",
                part=[actual],
                whole=whole,
                subject="“三公”经费决算超过财政拨款支出",
                location=actual.location,
            )
    if t06 is not None:
        lines06 = coded(t06, 5)
        for code, col in _T06_T07:
            line06 = lines06.get(code)
            if line06 is None:
                continue
            part = cell(t06, line06, "决算数")
            whole = cell(t07, row07, col, label="合计")
            if part is None or whole is None:
                continue
            yield from not_above(
                "XT-007",
                "warning",
                part=[part],
                whole=whole,
                subject=f"基本支出中的{line06.name or code}超过“三公”经费决算",
                location=part.location,
            )
