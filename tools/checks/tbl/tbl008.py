"""TBL-008: 三公表, 预算数 and 决算数: 合计 = 出国 + 公车小计 + 接待; 小计 = 购置 + 运行维护."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, rule, sum_check
from tools.checks.tbl.common import printed, readable, where
from tools.findings import Finding

_CODE = "TBL-008"
_CAR = "公务用车购置及运行维护费"


@rule(_CODE, "tables.t07_three_public", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """“三公”经费支出决算表的预算数、决算数中，合计应等于因公出国（境）费、公务用车购置及运行维护费、公务接待费之和，公务用车小计应等于购置费与运行维护费之和。

    Trigger: in 公开07表, for the 预算数 columns and for the 决算数 columns separately:
    合计 ≠ 因公出国（境）费 + 公务用车购置及运行维护费小计 + 公务接待费, or 小计 ≠ 公务用车购置费 +
    公务用车运行维护费. A table without a 小计 column adds 购置费 and 运行维护费 into 合计 directly.

    Why it matters: the 三公 total is a figure the public and the inspections watch; the text
    quotes each item and the total, so an item that the total does not contain is misreported.

    Example: pass — 决算 合计 17.97 = 0 + 17.50 + 0.47; 小计 17.50 = 0 + 17.50. fail — 预算 合计 19.60
    but 0 + 19.00 + 6.00 = 25.00. A 0.01 gap that rounding explains is info (尾数误差).

    Configuration: none. Blank cells are zero (an empty 三公表 passes); a column group the table
    does not print, or a non-numeric cell, is not checked.
    """
    t07 = ctx.table("T07")
    if t07 is None:
        return
    for ln in t07.lines:
        for group in ("预算数", "决算数"):
            total = f"{group}/合计"
            abroad = f"{group}/因公出国（境）费"
            subtotal = f"{group}/{_CAR}/小计"
            buy = f"{group}/{_CAR}/公务用车购置费"
            run = f"{group}/{_CAR}/公务用车运行维护费"
            reception = f"{group}/公务接待费"
            car_split = [c for c in (buy, run) if t07.has_column(c)]
            car = [subtotal] if t07.has_column(subtotal) else car_split
            checks = []
            if t07.has_column(total):
                checks.append(
                    (
                        total,
                        [c for c in (abroad, *car, reception) if t07.has_column(c)],
                    )
                )
            if t07.has_column(subtotal) and car_split:
                checks.append((subtotal, car_split))
            for stated, parts in checks:
                cols = [stated, *parts]
                if not parts or not readable([ln], cols) or not printed([ln], cols):
                    continue
                yield from sum_check(
                    _CODE,
                    "error",
                    subject=where(t07, ln, stated),
                    stated=ln.values.get(stated),
                    parts=[(c, ln.values.get(c)) for c in parts],
                    location=t07.location(ln, stated),
                )
