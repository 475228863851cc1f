"""NAR-011: 机关运行经费 does not exceed 公开06表 公用经费合计."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from tools.accounts.model import Amount, Line, Statement
from tools.checks.base import Context, amount_text, related, rule
from tools.checks.nar._common import stated_amount
from tools.checks.nar._subjects import is_running_costs
from tools.findings import Finding
from tools.tolerance import Interval, fmt, total

_PUBLIC_TOTAL = "公用经费合计"
_COLUMN = "决算数"


def public_total(
    t06: Statement, codes: list[str]
) -> tuple[Amount | None, Line | None, list[Amount | None]] | None:
    """公用经费合计 as printed, else the sum of the 公用经费 类 lines; None when neither is there."""
    line = t06.line(_PUBLIC_TOTAL) or t06.find(_PUBLIC_TOTAL)
    if line is not None:
        if _COLUMN in line.unreadable:
            return None
        return line.values.get(_COLUMN), line, []
    parts = [ln for ln in t06.lines if ln.level == "类" and ln.code in codes]
    if not parts:
        return None
    return None, None, [ln.values.get(_COLUMN) for ln in parts]


@rule("NAR-011", "narrative.running_costs", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """机关运行经费不应超过一般公共预算财政拨款基本支出决算表的公用经费合计。

    Trigger: the 机关运行经费 the text states is larger, beyond rounding, than 公用经费合计 of
    公开06表 (or, when no 合计 line is printed, the sum of the 公用经费 类 lines of the profile's
    economic mapping).

    Why it matters: 机关运行经费 is by definition the 公用经费 of 行政单位 and 参公事业单位 paid from
    一般公共预算财政拨款 基本支出, so it is a part of 公用经费; a larger figure includes project or
    other-fund spending.

    Example: pass — 机关运行经费 250.38万元, 公用经费合计 250.38. fail — 机关运行经费 520.00万元
    while 公用经费合计 is 250.38. A 非参公事业单位 stating "不适用" has no figure and passes.

    Configuration: `economic.public` (the 类 codes of 公用经费, used when no 合计 line is printed).
    """
    t06 = ctx.table("T06")
    if t06 is None:
        return
    found = public_total(t06, ctx.profile.economic.public)
    if found is None:
        return
    stated_total, line, parts = found
    if line is not None:
        point, iv = (
            (stated_total.value if stated_total else Decimal(0)),
            Interval.of(stated_total),
        )
        where = related(t06.location(line, _COLUMN))
        label = f"{t06.title}“{line.label}”"
    else:
        point, iv = total(parts)
        where = related(t06.location(t06.lines[0])) if t06.lines else None
        label = f"{t06.title}公用经费各类之和"
    for claim in ctx.accounts.claims:
        if (
            not is_running_costs(claim)
            or claim.change is not None
            and claim.amount is None
        ):
            continue
        amount = stated_amount(claim)
        if amount is None or Interval.of(amount).lo <= iv.hi:
            continue
        yield Finding(
            rule="NAR-011",
            severity="warning",
            message=(
                f"情况说明机关运行经费为{amount_text(amount)}万元，超过{label}{fmt(point)}万元"
                f"（多{fmt(amount.value - point)}万元），机关运行经费应为公用经费的一部分。"
            ),
            location=claim.location(),
            expected=f"≤{fmt(point)}",
            actual=amount_text(amount),
            difference=fmt(amount.value - point),
            evidence=[claim.sentence, f"{label} {fmt(point)}"],
            related=[where] if where is not None else [],
        )
