"""NAR-007: direction words (增加/减少, 大于/小于) match the arithmetic."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checks.base import Context, amount_text, rule
from tools.checks.nar._common import disjoint, stated_amount
from tools.findings import Finding
from tools.tolerance import fmt

_WORDS = {"increase": "增加（大于、增长）", "decrease": "减少（小于、下降）"}


@rule("NAR-007", "narrative.direction", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """增减方向用词应与数值一致：大于/增加/增长对应差额为正，小于/减少/下降对应差额为负；“增加0.00”应表述为持平。

    Trigger: (a) a claim compares 决算 with 预算 (both stated) and says 增加/大于 while 决算 is
    below 预算 beyond rounding, or 减少/小于 while it is above; (b) the stated change itself is
    negative under a direction word ("增加-5.00万元", "下降-3.2%"), which reverses the meaning;
    (c) a change of exactly zero is worded as an increase or decrease ("增加0.00万元") — warning.
    "持平" with a non-zero change is PCT-005.

    Why it matters: a reader takes the direction word at face value; a reversed word turns a saving
    into an overrun. Such sentences are typically left over from last year's text.

    Example: pass — "年初预算为380万元，支出决算为6.3万元…决算数小于年初预算数". fail — "年初预算为
    0.7万元，支出决算为0.12万元，比年初预算增加0.58万元".

    Configuration: none. Year-on-year changes cannot be signed without the prior-year figure and
    are only checked for (b) and (c).
    """
    for claim in ctx.accounts.claims:
        direction = claim.direction
        if direction not in _WORDS:
            continue
        final = stated_amount(claim)
        against_budget = claim.compared_with == "budget" or claim.compared_with is None
        if (
            against_budget
            and claim.budget is not None
            and final is not None
            and disjoint(final, claim.budget)
        ):
            diff = final.value - claim.budget.value
            if (diff > 0) != (direction == "increase"):
                actual = "大于" if diff > 0 else "小于"
                yield Finding(
                    rule="NAR-007",
                    severity="error",
                    message=(
                        f"情况说明“{claim.subject}”表述为{_WORDS[direction]}，但决算数{amount_text(final)}"
                        f"{actual}预算数{amount_text(claim.budget)}，差额为{fmt(diff)}。"
                    ),
                    location=claim.location(),
                    expected="增加" if diff > 0 else "减少",
                    actual="增加" if direction == "increase" else "减少",
                    difference=fmt(diff),
                    evidence=[claim.sentence],
                )
                continue
        for num, what in ((claim.change, "变动金额"), (claim.change_pct, "变动幅度")):
            if num is None:
                continue
            if num.value < 0:
                yield Finding(
                    rule="NAR-007",
                    severity="error",
                    message=(
                        f"情况说明“{claim.subject}”的{what}写作{_WORDS[direction][:2]}{amount_text(num)}，"
                        f"负数与方向用词相互矛盾，应改为相反方向并写正数。"
                    ),
                    location=claim.location(),
                    expected="减少" if direction == "increase" else "增加",
                    actual=f"{_WORDS[direction][:2]}{amount_text(num)}",
                    evidence=[claim.sentence],
                )
                break
        else:
            if claim.change is not None and claim.change.value == 0:
                yield Finding(
                    rule="NAR-007",
                    severity="warning",
                    message=(
                        f"情况说明“{claim.subject}”写作{_WORDS[direction][:2]}{amount_text(claim.change)}万元，"
                        f"变动为零应表述为“持平”。"
                    ),
                    location=claim.location(),
                    expected="持平",
                    actual=f"{_WORDS[direction][:2]}{amount_text(claim.change)}",
                    evidence=[claim.sentence],
                )
