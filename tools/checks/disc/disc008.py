"""DISC-008: 功能分类 tables reach 项级, 公开06表 reaches 经济分类款级."""

from __future__ import annotations

from collections.abc import Iterator

from tools.accounts.model import Line, Statement
from tools.checks.base import Context, rule
from tools.findings import Finding, Location

_LEVELS = (3, 5, 7)
_LEVEL_NAME = {3: "类", 5: "款", 7: "项"}


def _code(line: Line) -> str | None:
    c = "".join((line.code or "").split())
    return c if c.isdigit() and len(c) in _LEVELS else None


def _money(line: Line) -> bool:
    return any(a.value != 0 for a in line.values.values())


@rule("DISC-008", "disclosure.depth", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """支出决算表、一般公共预算财政拨款支出决算表应公开到功能分类项级；基本支出决算表应公开到经济分类款级。

    Trigger: in a configured table, a coded line with money whose code is shorter than the required
    depth has no child line one level down (e.g. 212 城乡社区支出 with no 5-digit 款, or 21201 with no
    7-digit 项 in 公开05表; 302 商品和服务支出 with no 5-digit 款 in 公开06表). A table that prints no
    line at the required depth at all is reported once.

    Why it matters: 财预〔2016〕143号 requires 支出功能分类 to 项级 and 基本支出经济分类 to 款级;
    publishing only totals hides what the money was spent on.

    Example: pass — 212 → 21201 → 2120101 行政运行. fail — 公开05表 lists 201 and 20103 but no
    2010301 (error).

    Configuration: `disclosure.depth` (table → required code length: 7 = 项, 5 = 款).
    """
    for key, depth in ctx.profile.disclosure.depth.items():
        stmt = ctx.table(key)
        if stmt is None or stmt.empty:
            continue
        yield from _table(stmt, depth)


def _table(stmt: Statement, depth: int) -> Iterator[Finding]:
    coded = [(c, ln) for ln in stmt.lines if (c := _code(ln))]
    money = [(c, ln) for c, ln in coded if _money(ln)]
    if not money:
        return
    codes = {c for c, _ in coded}
    level = _LEVEL_NAME.get(depth, str(depth))
    if not any(len(c) >= depth for c in codes):
        first = money[0][1]
        yield Finding(
            rule="DISC-008",
            severity="error",
            message=f"{stmt.title}未细化到{level}级科目（最细只列到{_LEVEL_NAME[max(len(c) for c in codes)]}级）。",
            location=Location(
                page=stmt.pages[0] if stmt.pages else first.page, table=stmt.title
            ),
            expected=f"{depth}位{level}级科目",
            actual=f"最长{max(len(c) for c in codes)}位",
            evidence=[ln.label for _, ln in money[:5]],
        )
        return
    for code, line in money:
        if len(code) >= depth:
            continue
        nxt = _LEVELS[_LEVELS.index(len(code)) + 1]
        if any(len(c) == nxt and c.startswith(code) for c in codes):
            continue
        yield Finding(
            rule="DISC-008",
            severity="error",
            message=f"{stmt.title}“{line.label}”有金额但未列示下级{_LEVEL_NAME[nxt]}级科目，应细化到{level}级。",
            location=stmt.location(line),
            expected=f"列示{_LEVEL_NAME[nxt]}级科目",
            actual="未列示",
            evidence=[line.label],
        )
