"""TBL-007: 基本支出表: 类 = Σ款; 人员经费合计/公用经费合计 = Σ of their 类; 人员 + 公用 = 基本支出合计."""

from __future__ import annotations

from collections.abc import Iterator

from tools.accounts.columns import T06_TOTALS
from tools.accounts.model import Line, Statement
from tools.checks.base import Context, rule, sum_check
from tools.checks.tbl.common import (
    amount_columns,
    coded_lines,
    hierarchy_checks,
    printed,
    readable,
    where,
)
from tools.findings import Finding

_CODE = "TBL-007"
_LEVELS = (3, 5)
_GRAND_KEYS = ("基本支出合计", "合计", "总计")


def _group_parts(stmt: Statement, classes: list[str]) -> list[Line]:
    """The lines that make up a group of 类: each 类 line, or its 款 lines when the 类 line is not printed."""
    coded = coded_lines(stmt, _LEVELS)
    out: list[Line] = []
    for cls in classes:
        if cls in coded:
            out.append(coded[cls])
        else:
            out.extend(
                ln
                for code, ln in coded.items()
                if len(code) == 5 and code.startswith(cls)
            )
    return out


def _total_check(
    stmt: Statement, total: Line, parts: list[Line], what: str
) -> Iterator[Finding]:
    for col in amount_columns(stmt):
        group = [total, *parts]
        if not readable(group, [col]) or not printed(group, [col]):
            continue
        yield from sum_check(
            _CODE,
            "error",
            subject=where(stmt, total, col),
            stated=total.values.get(col),
            parts=[(ln.label, ln.values.get(col)) for ln in parts],
            location=stmt.location(total, col),
            what=what,
        )


@rule(_CODE, "tables.t06_economic", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """基本支出表中，经济分类类级数应等于所属款级之和，人员经费合计、公用经费合计应等于相应类级之和。

    Trigger: in 公开06表: a 类 (3-digit economic code) differs from the sum of its printed 款
    (5-digit codes with that prefix); 人员经费合计 differs from the sum of the personnel 类
    (default 301 工资福利支出 + 303 对个人和家庭的补助); 公用经费合计 from the sum of the public 类
    (default 302, 307, 309, 310, 312, 313, 399); or, when the table prints a 基本支出合计 row,
    that row from 人员经费合计 + 公用经费合计. A 类 whose line is not printed counts by its 款.

    Why it matters: 公开06表 is the only published breakdown of 基本支出 by economic class; the
    人员/公用 totals are quoted in the text and reconciled to 公开05表 基本支出 (XT-005), so a class
    that its items do not make up corrupts both.

    Example: pass — 人员经费合计 1642.88 = 301 1518.40 + 303 124.48. fail — 302 商品和服务支出 250.38
    but its 款 sum to 260.39. 301 printed 1402.65 against 8 款 summing to 1402.66 is info (尾数误差:
    the sum of n two-decimal items may be off by up to n × 0.005).

    Configuration: `economic.personnel` and `economic.public` in the profile list which 类 codes make
    up 人员经费 and 公用经费. Blank cells are zero; a cell with non-numeric text is not checked.
    """
    t06 = ctx.table("T06")
    if t06 is None:
        return
    yield from hierarchy_checks(_CODE, "error", t06, _LEVELS)
    totals: list[Line] = []
    for key, classes, name in (
        (T06_TOTALS[0], ctx.profile.economic.personnel, "人员经费"),
        (T06_TOTALS[1], ctx.profile.economic.public, "公用经费"),
    ):
        total = t06.line(key)
        if total is None:
            continue
        totals.append(total)
        parts = _group_parts(t06, list(classes))
        if parts:
            yield from _total_check(t06, total, parts, f"{name}类级科目之和")
    grand = next(
        (ln for k in _GRAND_KEYS if (ln := t06.line(k)) is not None and not ln.code),
        None,
    )
    if grand is not None and len(totals) == 2:
        yield from _total_check(t06, grand, totals, "人员经费与公用经费之和")
