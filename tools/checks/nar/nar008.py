"""NAR-008: every change at or above the threshold has a stated cause."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from tools.accounts.model import Claim
from tools.checks.base import Context, amount_text, rule
from tools.checks.nar._common import stated_amount
from tools.findings import Finding
from tools.tolerance import HUNDRED, fmt


def change_size(claim: Claim) -> tuple[Decimal, Decimal | None, bool] | None:
    """|Δ| in 万元, |Δ| in % (None when unknown) and whether the base is zero; None when no change is stated."""
    final = stated_amount(claim)
    amount: Decimal | None = claim.change.value if claim.change is not None else None
    pct: Decimal | None = (
        claim.change_pct.value if claim.change_pct is not None else None
    )
    if amount is None and claim.budget is not None and final is not None:
        amount = final.value - claim.budget.value
    if amount is None and pct is None:
        return None
    amount = abs(amount) if amount is not None else Decimal(0)
    base: Decimal | None = None
    if claim.budget is not None and claim.compared_with in (None, "budget"):
        base = claim.budget.value
    elif final is not None and claim.direction in ("increase", "decrease"):
        base = (
            final.value - amount
            if claim.direction == "increase"
            else final.value + amount
        )
    zero_base = base is not None and base == 0 and amount != 0
    if pct is None and base:
        pct = amount * HUNDRED / abs(base)
    return amount, (abs(pct) if pct is not None else None), zero_base


@rule("NAR-008", "narrative.change_reason", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """增减变化（与上年相比或决算与预算相比）达到阈值的，应说明主要原因。

    Trigger: a claim states a change — 增加/减少A万元, 增长/下降B%, or 年初预算 and 支出决算 that
    differ — of at least `thresholds.change_amount` 万元 or `thresholds.change_pct` percent (a
    change from a zero base always counts), and no cause (主要原因是…) is attached. 项 paragraphs of
    公开05表 are NAR-004's.

    Why it matters: 143号 requires 收支增减变化 to be explained; a large change without a reason
    is the defect the 2018 inspection called "说明细化程度不够".

    Example: pass — "基本支出…减少41.2万元，下降6.3%。主要是压减会议开支。" fail — "项目支出
    472.30万元，与上年相比增加398.65万元，增长541.28%。" with no cause.

    Configuration: `thresholds.change_pct` (default 10) and `thresholds.change_amount` (default
    10 万元); a change at or above either needs a cause.
    """
    th = ctx.profile.thresholds
    seen: set[tuple[str, str]] = set()
    for claim in ctx.accounts.claims:
        if claim.direction == "flat" or (claim.reason or "").strip():
            continue
        if (
            claim.ref is not None
            and claim.ref.table == "T05"
            and claim.budget is not None
        ):
            continue  # NAR-004
        size = change_size(claim)
        if size is None:
            continue
        amount, pct, zero_base = size
        big = (
            zero_base
            or amount >= th.change_amount
            or (pct is not None and pct >= th.change_pct)
        )
        key = (claim.subject, claim.sentence)
        if not big or key in seen:
            continue
        seen.add(key)
        pct_text = (
            "（上年或预算数为0）"
            if zero_base
            else ("" if pct is None else f"，变动幅度{fmt(pct)}%")
        )
        yield Finding(
            rule="NAR-008",
            severity="warning",
            message=(
                f"情况说明“{claim.subject}”变动{fmt(amount)}万元{pct_text}，达到说明阈值"
                f"（{th.change_amount}万元或{th.change_pct}%），但未说明主要原因。"
            ),
            location=claim.location(),
            expected="说明增减变化的主要原因",
            actual="未说明原因",
            difference=fmt(amount),
            evidence=[claim.sentence]
            + (
                [
                    f"预算数 {amount_text(claim.budget)}",
                    f"决算数 {amount_text(stated_amount(claim))}",
                ]
                if claim.budget
                else []
            ),
        )
