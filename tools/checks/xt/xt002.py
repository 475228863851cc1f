"""XT-002: 收支总表 本年支出合计 and each 类 line equal 支出决算表."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule
from tools.checks.xt._common import (
    cell,
    class_code,
    class_names,
    coded,
    compare_cells,
    side_lines,
    total_line,
)
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
    t03_total = total_line(t03)
    yield from compare_cells(
        "XT-002",
        "error",
        cell(t01, t01.line("本年支出合计", "支出"), _T01_COL),
        cell(t03, t03_total, _T03_COL, label="合计"),
    )
    classes = coded(t03, 3)
    if not classes and not t03.empty:
        return
    names = class_names(t03)
    seen: set[str] = set()
    for line in side_lines(t01, "支出", "本年支出合计"):
        code = class_code(line, names)
        if code is None:
            continue
        seen.add(code)
        other = classes.get(code)
        label = f"{code} {line.key}" if other is None else None
        yield from compare_cells(
            "XT-002",
            "error",
            cell(t01, line, _T01_COL),
            cell(t03, other, _T03_COL, label=label, absent_zero=True),
        )
    # A 类 with spending in 公开03表 that 公开01表 does not list at all.
    if not any(ln.side == "支出" for ln in t01.lines):
        return
    for code, line in classes.items():
        if code in seen:
            continue
        yield from compare_cells(
            "XT-002",
            "error",
            cell(t03, line, _T03_COL),
            cell(t01, None, _T01_COL, label=line.name or line.label, absent_zero=True),
        )
