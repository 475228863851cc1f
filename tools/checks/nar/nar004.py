"""NAR-004: each T05 项 whose 决算 differs from 年初预算 is discussed with a cause; no 项 is left out."""

from __future__ import annotations

from collections.abc import Iterator

from tools.accounts.model import Claim
from tools.checks.base import Context, amount_text, related, rule
from tools.checks.nar._common import disjoint, stated_amount
from tools.findings import Finding
from tools.tolerance import fmt

_TOTAL = "合计"


def item_claims(ctx: Context) -> list[Claim]:
    """Claims comparing a 公开05表 line's 决算 with its 预算 (the 项 paragraphs of section 五)."""
    return [
        c
        for c in ctx.accounts.claims
        if c.ref is not None
        and c.ref.table == "T05"
        and c.budget is not None
        and stated_amount(c) is not None
    ]


@rule("NAR-004", "narrative.item_budget_gap", "warning")
def check(ctx: Context) -> Iterator[Finding]:
    """公开05表中决算数与年初预算数不一致的项级科目，应逐项说明差异原因；未说明的项应列出。

    Trigger: (a) a 项 paragraph states 年初预算 and 支出决算 that differ beyond rounding, and no
    cause (主要原因是…) is attached; (b) the report explains some 项 this way but a 项 line of
    公开05表 with a non-zero 合计 is not discussed at all.

    Why it matters: 143号 asks for 一般公共预算财拨支出 to be explained to the 项 level, with the
    reason for every 决算/预算 gap; the 2018 inspection lists "说明细化程度不够" as a common defect.

    Example: pass — "行政运行（项）年初预算为1520.60万元，支出决算为1432.15万元…主要原因是…".
    fail — "一般行政管理事务（项）年初预算为380万元，支出决算为6.3万元。" with no cause; or
    公开05表 2010350 事业运行 85.00 never mentioned while other 项 are.

    Configuration: none. Gaps within rounding (预决算持平) need no cause. Items whose 决算 equals
    their budget need no explanation; when no 项 paragraph is linked at all, (b) is not applied
    (a report without itemised text is a DISC/NAR-008 matter, not a list of every 项).
    """
    # A 项 paragraph written under another name but placed by its amount (linked_by='amount') has a
    # ref like any other: it is discussed for (b) and its gap is checked under (a); the name is XT-008's.
    claims = item_claims(ctx)
    for claim in claims:
        final = stated_amount(claim)
        if not disjoint(final, claim.budget) or (claim.reason or "").strip():
            continue
        diff = final.value - claim.budget.value  # type: ignore[union-attr]
        kind = claim.budget_kind or "年初预算"
        word = "大于" if diff > 0 else "小于"
        yield Finding(
            rule="NAR-004",
            severity="warning",
            message=(
                f"情况说明“{claim.subject}”支出决算{amount_text(final)}万元{word}{kind}"
                f"{amount_text(claim.budget)}万元（相差{fmt(abs(diff))}万元），但未说明差异原因。"
            ),
            location=claim.location(),
            expected="说明决算数与预算数差异的原因",
            actual="未说明原因",
            difference=fmt(diff),
            evidence=[claim.sentence],
        )
    t05 = ctx.table("T05")
    if t05 is None or not claims:
        return
    covered = {c.ref.line for c in claims if c.ref is not None}
    # A 项 discussed by plain amount claims (no budget stated) still counts as discussed.
    covered |= {
        c.ref.line
        for c in ctx.accounts.claims
        if c.ref is not None and c.ref.table == "T05"
    }
    for line in t05.lines:
        if line.level != "项" or line.total or line.key in covered:
            continue
        amount = line.values.get(_TOTAL)
        if amount is None or amount.value == 0:
            continue
        yield Finding(
            rule="NAR-004",
            severity="warning",
            message=(
                f"{t05.title}项级科目“{line.label}”决算数{amount_text(amount)}万元，"
                f"情况说明未说明其决算与年初预算的对比及差异原因。"
            ),
            location=t05.location(line, _TOTAL),
            expected="逐项说明",
            actual="未说明",
            evidence=[f"{line.label} {amount_text(amount)}"],
            related=[related(claims[0].location())],
        )
