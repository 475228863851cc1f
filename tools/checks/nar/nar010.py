"""NAR-010: 三公 money and counts agree (出国费 ⇔ 团组, 购置费 ⇔ 购置数, 运行费 ⇒ 保有量, 接待费 ⇔ 批次)."""

from __future__ import annotations

from collections.abc import Iterator

from tools.accounts.model import Claim, Num
from tools.checks.base import Context, amount_text, related, rule
from tools.checks.nar._common import stated_amount
from tools.checks.nar._subjects import (
    CATEGORY_NAMES,
    COUNT_NAMES,
    THREE_PUBLIC_COLUMNS,
    count_category,
    money_category,
)
from tools.findings import Finding, RelatedLocation

_BOTH_WAYS = {"abroad": True, "purchase": True, "running": False, "reception": True}
"""Whether zero money also requires a zero count (保有量 may be positive with no 运行费 claimed)."""


def _money(ctx: Context) -> dict[str, tuple[Num | None, RelatedLocation | None, str]]:
    """Category → (决算 amount, where, label): from 公开07表 when present, else from the text."""
    out: dict[str, tuple[Num | None, RelatedLocation | None, str]] = {}
    t07 = ctx.table("T07")
    if t07 is not None:
        line = t07.line("合计") or next(
            (ln for ln in t07.lines if ln.values or ln.blank), None
        )
        if line is None and t07.empty:
            return {
                k: (None, None, f"{t07.title}（空表）") for k in THREE_PUBLIC_COLUMNS
            }
        if line is not None:
            for cat, column in THREE_PUBLIC_COLUMNS.items():
                if column in line.unreadable:
                    continue
                if (
                    column in line.values
                    or column in line.blank
                    or column in t07.columns
                    or t07.empty
                ):
                    out[cat] = (
                        line.values.get(column),
                        related(t07.location(line, column)),
                        f"{t07.title}{column}",
                    )
            return out
    for claim in ctx.accounts.claims:
        cat = money_category(claim)
        amount = stated_amount(claim)
        if cat is None or amount is None or cat in out:
            continue
        out[cat] = (amount, related(claim.location()), f"情况说明“{claim.subject}”")
    return out


@rule("NAR-010", "narrative.three_public_counts", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """“三公”经费金额与数量应相互印证：出国费与团组数、购置费与购置车辆数、接待费与接待批次同为零或同为正，有运行维护费则保有量大于零。

    Trigger: the 决算 amount of a 三公 item (公开07表, or the text when the table is absent) is
    positive while the count the text states for it is zero — 因公出国（境）团组/人次, 公务用车
    购置数, 公务用车保有量, 国内公务接待批次/人次 — or the amount is zero while the count is
    positive (not for 保有量: cars may be kept without 财政拨款 running costs being claimed).

    Why it matters: money without activity (or activity without money) means one of the two is
    wrong; the 2016 inspection asked for the counts precisely to make the amounts checkable.

    Example: pass — 公务接待费 0.11万元, "共计接待1批次，27人次". fail — 公务用车购置费 25.00万元
    while the text says "购置公务用车0辆"; 因公出国（境）费 0 while "出国团组2个".

    Configuration: none. A count that is not stated cannot be checked (DISC-004 asks for it);
    外事/境外接待 sub-counts are not compared with the 接待费 total.
    """
    money = _money(ctx)
    counts: dict[str, list[Claim]] = {}
    for claim in ctx.accounts.claims:
        cat = count_category(claim)
        if cat is not None:
            counts.setdefault(cat, []).append(claim)
    for cat, claims in counts.items():
        if cat not in money:
            continue
        amount, where, label = money[cat]
        positive = amount is not None and amount.value > 0
        stated = [c.count.value for c in claims if c.count is not None]
        any_count = any(v > 0 for v in stated)
        if positive and not any_count:
            claim = claims[0]
            problem = f"但情况说明中{COUNT_NAMES[cat]}为0"
        elif not positive and any_count and _BOTH_WAYS[cat]:
            claim = next(c for c in claims if c.count is not None and c.count.value > 0)
            problem = f"但情况说明中{COUNT_NAMES[cat]}为{amount_text(claim.count)}"
        else:
            continue
        yield Finding(
            rule="NAR-010",
            severity="warning",
            message=f"{CATEGORY_NAMES[cat]}决算数为{amount_text(amount)}万元（{label}），{problem}{claim.count_unit or ''}，金额与数量不一致。",
            location=claim.location(),
            expected="大于0" if positive else "0",
            actual=", ".join(f"{c.subject} {amount_text(c.count)}" for c in claims),
            evidence=[claim.sentence, f"{label} {amount_text(amount)}"],
            related=[where] if where is not None else [],
        )
