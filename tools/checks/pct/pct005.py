"""PCT-005: a rate contradicts the amounts ("完成100%" while 决算 ≠ 预算, "持平" while Δ ≠ 0)."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, amount_text, rule
from tools.checks.nar._common import disjoint, stated_amount
from tools.checks.pct.pct001 import owned_by_pct005
from tools.findings import Finding
from tools.tolerance import fmt


@rule("PCT-005", "percent.contradiction", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """完成率或“持平”的表述与金额矛盾：决算数不等于预算数却称“完成100%”，存在增减却称“持平”。

    Trigger: (a) a completion rate of exactly 100% while 决算 and 预算 differ beyond rounding;
    (b) "持平" with a stated non-zero change (增加/减少A万元, B%), or with 预算 and 决算 that differ
    beyond rounding.

    Why it matters: "完成100%" and "持平" tell the reader there is nothing to explain; when the
    amounts say otherwise, the gap goes unexplained.

    Example: pass — "年初预算为14万元，支出决算为14万元，与预算数持平". fail — "年初预算为0.7万元，
    支出决算为0.12万元，与预算数持平"; "年初预算为50万元，支出决算为45万元，完成年初预算的100%".

    Configuration: none; tolerance is the interval rule. Other wrong completion rates are PCT-001.
    """
    for claim in ctx.accounts.claims:
        final = stated_amount(claim)
        if owned_by_pct005(claim):
            diff = final.value - claim.budget.value  # type: ignore[union-attr]
            yield Finding(
                rule="PCT-005",
                severity="error",
                message=(
                    f"情况说明“{claim.subject}”称完成{amount_text(claim.completion)}%，但决算数{amount_text(final)}万元"
                    f"与预算数{amount_text(claim.budget)}万元相差{fmt(diff)}万元。"
                ),
                location=claim.location(),
                expected=f"决算数等于预算数{amount_text(claim.budget)}",
                actual=amount_text(final),
                difference=fmt(diff),
                evidence=[claim.sentence],
            )
            continue
        if claim.direction != "flat":
            continue
        nonzero = [
            n
            for n in (claim.change, claim.change_pct)
            if n is not None and n.value != 0
        ]
        if nonzero:
            num = nonzero[0]
            unit = "%" if num is claim.change_pct else "万元"
            yield Finding(
                rule="PCT-005",
                severity="error",
                message=f"情况说明“{claim.subject}”表述为“持平”，但同时写明变动{amount_text(num)}{unit}。",
                location=claim.location(),
                expected="0",
                actual=amount_text(num),
                evidence=[claim.sentence],
            )
        elif (
            claim.budget is not None
            and final is not None
            and claim.compared_with != "prior_year"
            and disjoint(final, claim.budget)
        ):
            diff = final.value - claim.budget.value
            yield Finding(
                rule="PCT-005",
                severity="error",
                message=(
                    f"情况说明“{claim.subject}”表述为与预算“持平”，但决算数{amount_text(final)}万元"
                    f"与预算数{amount_text(claim.budget)}万元相差{fmt(diff)}万元。"
                ),
                location=claim.location(),
                expected="0.00",
                actual=fmt(diff),
                difference=fmt(diff),
                evidence=[claim.sentence],
            )
