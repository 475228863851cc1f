"""PCT-001: "完成年初预算的Z%" equals 决算 ÷ 年初预算."""

from __future__ import annotations

from collections.abc import Iterator

from tools.accounts.model import Claim
from tools.checks.base import Context, amount_text, rule
from tools.checks.nar._common import disjoint, stated_amount
from tools.checks.pct._common import of, pct_check
from tools.findings import Finding

_HUNDRED_PERCENT = 100


def owned_by_pct005(claim: Claim) -> bool:
    """ "完成100%" while 决算 ≠ 预算 is the contradiction PCT-005 reports."""
    final = stated_amount(claim)
    return (
        claim.completion is not None
        and claim.completion.value == _HUNDRED_PERCENT
        and claim.budget is not None
        and claim.budget.value != 0
        and final is not None
        and disjoint(final, claim.budget)
    )


@rule("PCT-001", "percent.completion", "error")
def check(ctx: Context) -> Iterator[Finding]:
    """“完成年初预算的Z%”应等于决算数除以年初预算数；按全年预算计算却称“完成年初预算”也是错误。

    Trigger: a claim states 预算, 决算 and a completion rate, and the rate differs from 决算 ÷ 预算
    recomputed from the amount intervals at the printed precision; or the budget it was computed
    from is the 全年预算 while the sentence says "完成年初预算".

    Why it matters: the completion rate is the headline of the budget-execution explanation; a
    rate that the amounts do not give, or that silently uses the adjusted budget, hides the gap
    between 年初预算 and 决算.

    Example: pass — 年初预算380万元, 支出决算6.3万元, 完成1.66%. fail — 年初预算1520.60, 决算
    1432.15, "完成年初预算的96.18%" (94.18%); "年初预算为0万元，全年预算为240.5万元，支出决算为
    228.3万元，完成年初预算的94.93%". 93.45% for 93.457% (truncated) is a warning; a gap the
    amount intervals explain is info.

    Configuration: none; tolerance is the interval rule. A zero budget gives no finite rate
    (PCT-004); "完成100%" with 决算 ≠ 预算 is PCT-005.
    """
    for claim in ctx.accounts.claims:
        final = stated_amount(claim)
        if (
            claim.completion is None
            or claim.budget is None
            or final is None
            or owned_by_pct005(claim)
        ):
            continue
        if claim.budget_kind == "全年预算" and "完成年初预算" in claim.sentence.replace(
            " ", ""
        ):
            yield Finding(
                rule="PCT-001",
                severity="error",
                message=(
                    f"情况说明“{claim.subject}”的完成率{amount_text(claim.completion)}%是按全年预算"
                    f"{amount_text(claim.budget)}万元计算的，却表述为“完成年初预算”。"
                ),
                location=claim.location(),
                expected="完成全年预算（或按年初预算重算）",
                actual="完成年初预算",
                evidence=[claim.sentence],
            )
        if claim.budget.value == 0:
            continue
        kind = claim.budget_kind or "年初预算"
        yield from pct_check(
            "PCT-001",
            "error",
            subject=f"情况说明“{claim.subject}”完成{kind}的比例",
            stated=claim.completion,
            part=of(final),
            whole=of(claim.budget),
            formula=f"决算{amount_text(final)}÷{kind}{amount_text(claim.budget)}",
            location=claim.location(),
            evidence=[claim.sentence],
        )
